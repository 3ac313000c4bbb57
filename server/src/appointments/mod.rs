//! Appointments at a desk (#31): `GET /offices/{id}/slots` lists the windows of a procedure at
//! an office with their free places ([`motcua_domain::slots`] cuts them; the `bookings` table,
//! owned by [`records`], says what is taken).

pub mod records;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use motcua_domain::api::ErrorCode;
use motcua_domain::dossier::LookupRequest;
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::slots::{
    self, Booking, BookingStatus, MoveRequest, NewAppointment, Promise, Slot, SlotsError, Ticket, WalkIn,
};

use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::Records;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/offices/{id}/slots", get(slots))
        .route("/appointments", post(book))
        .route("/appointments/{id}", get(show))
        .route("/offices/{id}/walk-in", post(walk_in))
        .route("/appointments/{id}/cancel", post(cancel))
        .route("/appointments/{id}/move", post(move_to))
}

/// Bookings per client ([`crate::rate::RateLimiter`]): online, and walk-in numbers at a kiosk
/// (one client that many people share).
#[derive(Clone)]
pub struct BookingRate {
    pub online: crate::rate::RateLimiter,
    pub walk_in: crate::rate::RateLimiter,
}

fn unprocessable(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, vi, en)
}

/// `POST /appointments`: a place in a window, or why not (full: 409; a closed day, a past time,
/// not a window's start, a second booking for the procedure: a sentence saying so).
async fn book(
    State(db): State<Db>,
    State(records): State<Records>,
    State(settings): State<std::sync::Arc<Settings>>,
    State(BookingRate { online: rate, .. }): State<BookingRate>,
    client: Client,
    ApiJson(new): ApiJson<NewAppointment>,
) -> Result<(StatusCode, Json<Ticket>), AppError> {
    let problems = new.applicant.validate();
    if !problems.is_empty() {
        let mut e = AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidApplicant,
            "Thông tin người đặt lịch có chỗ chưa đúng.",
            "Some details of the person booking need fixing.",
        );
        e.body.fields = problems;
        return Err(e);
    }
    let Chosen { office, procedure, window, now } =
        window_at(&db, &settings, &new.office_id, &new.procedure_id, &new.start).await?;
    let taken = rate.take(client.key()).await.map_err(|wait| {
        let m = wait.as_secs().div_ceil(60).max(1);
        AppError::rate_limited(
            wait.as_secs(),
            &format!("Mạng này vừa đặt nhiều lịch hẹn. Hãy thử lại sau {m} phút."),
            &format!("Many appointments were just booked from this network. Try again in {m} minute(s)."),
        )
    })?;
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|_| AppError::internal())?;
    let row = records::NewBooking {
        id: hex::encode(random),
        office_id: office.id.clone(),
        procedure_id: new.procedure_id.clone(),
        start: rfc3339(window.start),
        places: window.places,
        full_name: new.applicant.full_name.trim().to_string(),
        citizen_id: motcua_domain::applicant::digits_only(new.applicant.citizen_id.trim()),
        phone: motcua_domain::applicant::normalise_phone(&new.applicant.phone).unwrap_or_default(),
        client: crate::client::tag(&client.quota_key()),
        created_at: rfc3339(now),
    };
    let ticket_id = row.id.clone();
    match records.tx(move |c| Ok(records::book(c, &row)?)).await? {
        Ok(seat) => {
            taken.keep();
            let chosen = Chosen { office, procedure, window, now };
            Ok((StatusCode::CREATED, Json(ticket(ticket_id, seat, new.procedure_id.clone(), chosen))))
        }
        Err(records::Refused::Full) => Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            "Giờ này vừa hết chỗ; hãy chọn giờ khác.",
            "This time has just been taken; choose another one.",
        )),
        Err(records::Refused::AlreadyBooked(_)) => Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            "Bạn đã có một lịch hẹn cho thủ tục này. Hãy hủy lịch đó trước khi đặt lịch khác.",
            "You already have an appointment for this procedure. Cancel it before booking another.",
        )),
    }
}

/// A window chosen to book, checked: the office, the procedure's name, the window, and now.
struct Chosen {
    office: motcua_domain::office::Office,
    procedure: motcua_domain::Text,
    window: slots::Window,
    now: chrono::NaiveDateTime,
}

/// The window of `office_id` for `procedure_id` starting at `start_text`, or a sentence saying
/// why there is none (a past time, a closed day, no window's start, an unknown office or
/// procedure).
async fn window_at(
    db: &Db,
    settings: &Settings,
    office_id: &str,
    procedure_id: &str,
    start_text: &str,
) -> Result<Chosen, AppError> {
    let start = chrono::DateTime::parse_from_rfc3339(start_text).map(|t| vietnam_time(t.to_utc())).map_err(|_| {
        bad("Giờ hẹn phải là một giờ trong danh sách giờ trống.", "The start must be one of the listed times.")
    })?;
    let now = vietnam_time(settings.now());
    if start <= now {
        return Err(unprocessable(
            "Giờ này đã qua; hãy chọn một giờ khác.",
            "This time has passed; choose another one.",
        ));
    }
    let d = read_desk(db, office_id, procedure_id, StatusCode::BAD_REQUEST).await?;
    let booking = d.booking();
    let day = slots::windows(&booking, start.date(), start.date(), now).map_err(|_| AppError::internal())?;
    let Some(window) = day.iter().find(|w| w.start == start) else {
        return Err(if day.is_empty() && start.date() > now.date() {
            unprocessable(
                "Ngày này bộ phận một cửa không làm việc; hãy chọn ngày khác.",
                "The desk is closed that day; choose another day.",
            )
        } else {
            unprocessable(
                "Giờ này không có trong lịch tiếp dân; hãy chọn một giờ trong danh sách.",
                "The desk takes no appointment at that time; choose one of the listed times.",
            )
        });
    };
    let window = window.clone();
    Ok(Chosen { procedure: d.procedure, window, office: d.office, now })
}

/// A procedure at a desk, read from the catalogue: what its windows are cut from.
struct DeskData {
    office: motcua_domain::office::Office,
    calendar: motcua_domain::calendar::Calendar,
    desk: slots::Desk,
    procedure_id: String,
    procedure: motcua_domain::Text,
    processing: motcua_domain::catalogue::ProcessingTime,
}

impl DeskData {
    fn booking(&self) -> Booking<'_> {
        Booking {
            office: &self.office,
            calendar: &self.calendar,
            desk: self.desk,
            procedure_id: &self.procedure_id,
            processing: self.processing,
        }
    }
}

/// The office `office_id` with its desk, for `procedure_id`; an unknown office is answered with
/// `unknown_office` (404 where the office is in the path, 400 where it is in the body).
async fn read_desk(
    db: &Db,
    office_id: &str,
    procedure_id: &str,
    unknown_office: StatusCode,
) -> Result<DeskData, AppError> {
    let (id, pid) = (office_id.to_string(), procedure_id.to_string());
    let (offices, calendar, detail, desk) = db
        .read(move |c| Ok((db::offices(c)?, db::calendar(c)?, db::procedure_detail(c, &pid)?, db::desk(c, &id)?)))
        .await?;
    let office = offices.into_iter().find(|o| o.id == office_id).ok_or_else(|| {
        AppError::new(unknown_office, ErrorCode::NotFound, "Không có nơi tiếp nhận này.", "There is no such office.")
    })?;
    let detail = detail.ok_or_else(|| bad("Không có thủ tục này.", "There is no such procedure."))?;
    let (Some(desk), true) = (desk, office.receives(procedure_id)) else {
        return Err(bad(
            "Nơi này không tiếp nhận thủ tục đã chọn; hãy chọn nơi khác.",
            "This office does not receive the chosen procedure; choose another one.",
        ));
    };
    Ok(DeskData {
        office,
        calendar,
        desk,
        procedure_id: procedure_id.to_string(),
        procedure: detail.summary.name.clone(),
        processing: detail.summary.processing,
    })
}

/// `POST /appointments/{id}/cancel` with the ID number or phone of whoever booked: 204; a wrong
/// factor and an unknown ticket answer alike (404).
async fn cancel(
    State(records): State<Records>,
    ApiPath(id): ApiPath<String>,
    ApiJson(factor): ApiJson<LookupRequest>,
) -> Result<StatusCode, AppError> {
    if !factor.well_formed() {
        return Err(factor_needed());
    }
    let cancelled = records
        .tx(move |c| {
            let right = records::holder(c, &id)?
                .is_some_and(|(their_id, their_phone)| factor_is(&factor, &their_id, &their_phone));
            Ok(right && records::cancel(c, &id)?)
        })
        .await?;
    if cancelled {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_such_booking())
    }
}

/// A second factor that cannot be anyone's.
fn factor_needed() -> AppError {
    unprocessable(
        "Nhập số định danh cá nhân hoặc số điện thoại đã dùng khi đặt lịch.",
        "Enter the ID number or phone number used to book.",
    )
}

fn bad(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, vi, en)
}

/// `?procedure=…&from=YYYY-MM-DD&to=YYYY-MM-DD`, read by hand so every mistake is answered in the
/// API's JSON (the dates default to the next two weeks).
fn query(raw: Option<&str>, today: NaiveDate) -> Result<(String, NaiveDate, NaiveDate), AppError> {
    let (mut procedure, mut from, mut to) = (None, None, None);
    for pair in raw.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("procedure", v)) => procedure = Some(v.to_string()),
            Some(("from", v)) => from = Some(v.to_string()),
            Some(("to", v)) => to = Some(v.to_string()),
            _ => {}
        }
    }
    let procedure = procedure.filter(|p| !p.is_empty()).ok_or_else(|| {
        bad(
            "Hãy chọn thủ tục (procedure) để xem giờ còn trống.",
            "Choose a procedure (procedure) to see the free times.",
        )
    })?;
    let date = |v: Option<String>, field: &str, default: NaiveDate| match v {
        None => Ok(default),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok().filter(|_| v.len() == 10).ok_or_else(|| {
            bad(
                &format!("Ngày `{field}` phải có dạng NNNN-TT-NN, ví dụ 2026-12-04."),
                &format!("`{field}` must be a date like 2026-12-04."),
            )
        }),
    };
    let from = date(from, "from", today)?;
    let to = date(to, "to", from + chrono::Duration::days(13))?;
    Ok((procedure, from, to))
}

async fn slots(
    State(db): State<Db>,
    State(records): State<Records>,
    State(settings): State<std::sync::Arc<Settings>>,
    ApiPath(office_id): ApiPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Slot>>, AppError> {
    let now = vietnam_time(settings.now());
    let (procedure_id, from, to) = query(raw.as_deref(), now.date())?;
    let d = read_desk(&db, &office_id, &procedure_id, StatusCode::NOT_FOUND).await?;
    let booking = d.booking();
    let windows = slots::windows(&booking, from, to, now).map_err(|e| match e {
        SlotsError::BadRange => bad(
            &format!("Hãy chọn khoảng ngày từ `from` đến `to` không quá {} ngày.", slots::MAX_DAYS),
            &format!("Choose `from` no later than `to`, at most {} days apart.", slots::MAX_DAYS),
        ),
        SlotsError::BadDesk => AppError::internal(),
    })?;
    let (id, first, until) = (
        d.office.id.clone(),
        rfc3339(from.and_time(chrono::NaiveTime::MIN)),
        rfc3339(to.succ_opt().unwrap_or(to).and_time(chrono::NaiveTime::MIN)),
    );
    let taken = records.read(move |c| Ok(records::booked(c, &id, &first, &until)?)).await?;
    let taken: std::collections::HashMap<String, u32> = taken.into_iter().collect();
    Ok(Json(
        windows
            .into_iter()
            .map(|w| {
                let start = rfc3339(w.start);
                let used = taken.get(&start).copied().unwrap_or(0);
                Slot {
                    end: rfc3339(w.end),
                    free: w.places.saturating_sub(used),
                    same_day: w.promise == Some(Promise::SameDay),
                    start,
                }
            })
            .collect(),
    ))
}

/// Whether `factor` (an ID number or a phone, as typed) is the holder's.
fn factor_is(factor: &LookupRequest, citizen_id: &str, phone: &str) -> bool {
    let id = factor.citizen_id.as_deref().map(motcua_domain::applicant::digits_only);
    let typed_phone = factor.phone.as_deref().and_then(|p| motcua_domain::applicant::normalise_phone(p).ok());
    id.is_some_and(|v| v == citizen_id) || typed_phone.is_some_and(|v| v == phone)
}

fn no_such_booking() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "Không tìm thấy lịch hẹn với mã và số này. Hãy kiểm tra lại.",
        "No appointment matches this ticket and number. Check both.",
    )
}

/// `POST /appointments/{id}/move`: the booking to another window of the same desk and procedure,
/// in one transaction (if the new window is full, the old place is kept); a new ticket.
async fn move_to(
    State(db): State<Db>,
    State(records): State<Records>,
    State(settings): State<std::sync::Arc<Settings>>,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<MoveRequest>,
) -> Result<Json<Ticket>, AppError> {
    let factor = LookupRequest { citizen_id: req.citizen_id.clone(), phone: req.phone.clone() };
    if !factor.well_formed() {
        return Err(factor_needed());
    }
    let old = id.clone();
    let held = records.read(move |c| Ok(records::held(c, &old)?)).await?;
    let held = held.filter(|h| factor_is(&factor, &h.citizen_id, &h.phone)).ok_or_else(no_such_booking)?;
    let Chosen { office, procedure, window, now } =
        window_at(&db, &settings, &held.office_id, &held.procedure_id, &req.start).await?;
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|_| AppError::internal())?;
    let row = records::NewBooking {
        id: hex::encode(random),
        office_id: held.office_id.clone(),
        procedure_id: held.procedure_id.clone(),
        start: rfc3339(window.start),
        places: window.places,
        full_name: held.full_name,
        citizen_id: held.citizen_id.clone(),
        phone: held.phone.clone(),
        client: held.client,
        created_at: rfc3339(now),
    };
    let new_id = row.id.clone();
    let seat = records
        .tx(move |c| {
            // Still booked, and still theirs, as this transaction sees it.
            if !records::cancel(c, &id)? {
                return Err(no_such_booking());
            }
            match records::book(c, &row)? {
                Ok(seat) => Ok(seat),
                // Rolled back: the old place stays booked.
                Err(_) => Err(AppError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::Conflict,
                    "Giờ mới vừa hết chỗ; lịch hẹn cũ của bạn vẫn giữ nguyên. Hãy chọn giờ khác.",
                    "The new time has just been taken; your appointment is kept as it was. Choose another time.",
                )),
            }
        })
        .await?;
    Ok(Json(ticket(new_id, seat, held.procedure_id, Chosen { office, procedure, window, now })))
}

/// The ticket for `seat` of the chosen window, just booked.
fn ticket(id: String, seat: u32, procedure_id: String, chosen: Chosen) -> Ticket {
    shown_ticket(id, seat, procedure_id, chosen, BookingStatus::Booked, false, None)
}

fn shown_ticket(
    id: String,
    seat: u32,
    procedure_id: String,
    chosen: Chosen,
    status: BookingStatus,
    walk_in: bool,
    dossier_code: Option<String>,
) -> Ticket {
    let Chosen { office, procedure, window, .. } = chosen;
    Ticket {
        id,
        number: format!("{}-{}", window.start.format("%H%M"), seat + 1),
        office_id: office.id,
        office: office.name,
        procedure_id,
        procedure,
        start: rfc3339(window.start),
        end: rfc3339(window.end),
        same_day: window.promise == Some(Promise::SameDay),
        status,
        walk_in,
        dossier_code,
    }
}

/// `GET /appointments/{id}`: the ticket as it stands (booked, cancelled, checked in, not come).
/// It names no person: the id, 128 random bits, is what the citizen keeps.
async fn show(
    State(db): State<Db>,
    State(records): State<Records>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Ticket>, AppError> {
    let key = id.clone();
    let row = records.read(move |c| Ok(records::shown(c, &key)?)).await?;
    let row = row.ok_or_else(|| {
        AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "Không tìm thấy lịch hẹn này. Hãy kiểm tra lại đường dẫn trên phiếu.",
            "There is no such appointment. Check the link on the ticket.",
        )
    })?;
    let d = read_desk(&db, &row.office_id, &row.procedure_id, StatusCode::NOT_FOUND).await?;
    let start = chrono::DateTime::parse_from_rfc3339(&row.start)
        .map(|t| vietnam_time(t.to_utc()))
        .map_err(|_| AppError::internal())?;
    // The window as the desk's data cut it (marked by the Friday engine), whenever it was.
    let day = slots::windows(&d.booking(), start.date(), start.date(), chrono::NaiveDateTime::MIN)
        .map_err(|_| AppError::internal())?;
    let window = day.into_iter().find(|w| w.start == start).unwrap_or(slots::Window {
        start,
        end: start + chrono::Duration::minutes(i64::from(d.desk.window_minutes)),
        places: d.desk.counters,
        promise: None,
    });
    let status = BookingStatus::from_wire(&row.status).ok_or_else(AppError::internal)?;
    let chosen = Chosen { office: d.office, procedure: d.procedure, window, now: start };
    Ok(Json(shown_ticket(id, row.seat, row.procedure_id, chosen, status, row.walk_in, row.dossier_code)))
}

/// `POST /offices/{id}/walk-in`: at the desk's kiosk, a number for the first window today with
/// a free place (no name, no ID: the number is the ticket); 409 when today has none left.
async fn walk_in(
    State(db): State<Db>,
    State(records): State<Records>,
    State(settings): State<std::sync::Arc<Settings>>,
    State(rates): State<BookingRate>,
    client: Client,
    ApiPath(office_id): ApiPath<String>,
    ApiJson(asked): ApiJson<WalkIn>,
) -> Result<(StatusCode, Json<Ticket>), AppError> {
    let now = vietnam_time(settings.now());
    let d = read_desk(&db, &office_id, &asked.procedure_id, StatusCode::NOT_FOUND).await?;
    let today = slots::windows(&d.booking(), now.date(), now.date(), now).map_err(|_| AppError::internal())?;
    let taken = rates.walk_in.take(client.key()).await.map_err(|wait| {
        let m = wait.as_secs().div_ceil(60).max(1);
        AppError::rate_limited(
            wait.as_secs(),
            &format!("Máy này vừa lấy nhiều số. Hãy thử lại sau {m} phút hoặc hỏi cán bộ."),
            &format!("Many numbers were just taken here. Try again in {m} minute(s) or ask at the desk."),
        )
    })?;
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|_| AppError::internal())?;
    let id = hex::encode(random);
    let rows: Vec<records::NewBooking> = today
        .iter()
        .map(|w| records::NewBooking {
            id: id.clone(),
            office_id: d.office.id.clone(),
            procedure_id: asked.procedure_id.clone(),
            start: rfc3339(w.start),
            places: w.places,
            full_name: String::new(),
            citizen_id: String::new(),
            phone: String::new(),
            client: crate::client::tag(&client.quota_key()),
            created_at: rfc3339(now),
        })
        .collect();
    let got = records
        .tx(move |c| {
            for (i, row) in rows.iter().enumerate() {
                if let Ok(seat) = records::book(c, row)? {
                    return Ok(Some((i, seat)));
                }
            }
            Ok(None)
        })
        .await?;
    let Some((i, seat)) = got else {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            "Hôm nay không còn giờ trống ở đây. Hãy đặt lịch cho ngày khác hoặc hỏi cán bộ.",
            "No time is left here today. Book another day or ask at the desk.",
        ));
    };
    taken.keep();
    let chosen = Chosen { office: d.office, procedure: d.procedure, window: today[i].clone(), now };
    Ok((
        StatusCode::CREATED,
        Json(shown_ticket(id, seat, asked.procedure_id, chosen, BookingStatus::Booked, true, None)),
    ))
}
