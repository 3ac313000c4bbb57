//! Booking a time at a desk: the reads (free times, a ticket) and the writes (book, cancel, move,
//! a kiosk's walk-in number), each refusal with the back end's own sentence.

use motcua_domain::api::ApiError;
use motcua_domain::dossier::LookupRequest;
use motcua_domain::slots::{MoveRequest, NewAppointment, Ticket, WalkIn};
use motcua_domain::Text;

use super::ApiPath;

/// An office's free times for a procedure (the back end's default range: two weeks from today).
pub fn slots(office_id: &str, procedure_id: &str) -> ApiPath {
    let query = motcua_domain::browse::encode(procedure_id);
    ApiPath("/offices/{}/slots", Some(format!("{office_id}?procedure={query}")))
}

/// A ticket as it stands.
pub fn ticket(id: &str) -> ApiPath {
    ApiPath("/appointments", Some(id.to_string()))
}

/// Why a write did not go through.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// No answer: offline, or the back end is down.
    Network,
    /// The back end said no: its status, its sentence and the fields to fix.
    Said { status: u16, message: Text, fields: Vec<motcua_domain::applicant::FieldError> },
    /// Too many at once: minutes to wait.
    Limited { minutes: u32 },
    /// An answer this app cannot read.
    Unreadable { status: u16 },
}

impl Refused {
    /// What to tell the citizen, in `lang`: the back end's sentence, or why there was none.
    pub fn sentence(&self, lang: motcua_domain::Lang) -> String {
        let top = crate::i18n::texts(lang);
        match self {
            Refused::Said { message, .. } => message.get(lang).to_string(),
            Refused::Limited { minutes } => (crate::i18n::booking::texts(lang).limited)(*minutes),
            Refused::Network => top.error_network.to_string(),
            Refused::Unreadable { status } => (top.error_server)(*status),
        }
    }
}

async fn post(path: String, body: String) -> Result<String, Refused> {
    let url = super::url(&path).await;
    let res = gloo_net::http::Request::post(&url)
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|_| Refused::Network)?
        .send()
        .await
        .map_err(|_| Refused::Network)?;
    let status = res.status();
    let retry = res.headers().get("Retry-After").and_then(|s| s.trim().parse::<u32>().ok());
    let text = res.text().await.map_err(|_| Refused::Network)?;
    if res.ok() {
        return Ok(text);
    }
    if status == 429 {
        return Err(Refused::Limited { minutes: retry.unwrap_or(60).div_ceil(60).max(1) });
    }
    Err(match serde_json::from_str::<ApiError>(&text) {
        Ok(e) => Refused::Said { status, message: e.message, fields: e.fields },
        Err(_) => Refused::Unreadable { status },
    })
}

fn read_ticket(text: &str) -> Result<Ticket, Refused> {
    serde_json::from_str(text).map_err(|_| Refused::Unreadable { status: 200 })
}

// The bodies are written by hand, as tracking's are: serde's JSON serialiser would cost this
// bundle about 5 KiB brotli for four small objects (a test reads them back with serde).
use super::dossiers::{factor_json, json_string};

fn new_appointment_json(new: &NewAppointment) -> String {
    let a = &new.applicant;
    format!(
        r#"{{"office_id":{},"procedure_id":{},"start":{},"applicant":{{"full_name":{},"citizen_id":{},"phone":{}}}}}"#,
        json_string(&new.office_id),
        json_string(&new.procedure_id),
        json_string(&new.start),
        json_string(&a.full_name),
        json_string(&a.citizen_id),
        json_string(&a.phone)
    )
}

fn move_json(req: &MoveRequest) -> String {
    format!(r#"{{{},"start":{}}}"#, factor_json(&req.citizen_id, &req.phone), json_string(&req.start))
}

fn walk_in_json(w: &WalkIn) -> String {
    format!(r#"{{"procedure_id":{}}}"#, json_string(&w.procedure_id))
}

pub async fn book(new: &NewAppointment) -> Result<Ticket, Refused> {
    read_ticket(&post("/appointments".into(), new_appointment_json(new)).await?)
}

fn appointment(id: &str, what: &str) -> String {
    format!("/appointments/{}/{what}", motcua_domain::browse::encode(id))
}

pub async fn cancel(id: &str, factor: &LookupRequest) -> Result<(), Refused> {
    post(appointment(id, "cancel"), format!("{{{}}}", factor_json(&factor.citizen_id, &factor.phone))).await.map(|_| ())
}

pub async fn move_to(id: &str, req: &MoveRequest) -> Result<Ticket, Refused> {
    read_ticket(&post(appointment(id, "move"), move_json(req)).await?)
}

pub async fn walk_in(office_id: &str, procedure_id: &str) -> Result<Ticket, Refused> {
    let path = format!("/offices/{}/walk-in", motcua_domain::browse::encode(office_id));
    read_ticket(&post(path, walk_in_json(&WalkIn { procedure_id: procedure_id.to_string() })).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::slots::Visitor;

    #[test]
    fn hand_written_bodies_are_the_json_serde_would_read() {
        let new = NewAppointment {
            office_id: "thanh-ha".into(),
            procedure_id: "XA-HT-01".into(),
            start: "2026-12-11T10:00:00+07:00".into(),
            applicant: Visitor {
                full_name: "Lê \"Hoa\"\n".into(),
                citizen_id: "0301 9000 1234".into(),
                phone: "+84 912".into(),
            },
        };
        assert_eq!(serde_json::from_str::<NewAppointment>(&new_appointment_json(&new)).unwrap(), new);
        let m = MoveRequest {
            citizen_id: None,
            phone: Some("0912345678".into()),
            start: "2026-12-14T08:00:00+07:00".into(),
        };
        assert_eq!(serde_json::from_str::<MoveRequest>(&move_json(&m)).unwrap(), m);
        let w = WalkIn { procedure_id: "XA-\\1".into() };
        assert_eq!(serde_json::from_str::<WalkIn>(&walk_in_json(&w)).unwrap(), w);
    }
}
