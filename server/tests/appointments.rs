//! Times to book at a desk, through the API of a live server whose clock says Friday 27 November
//! 2026, 14:40 in Vietnam: the windows left that day with the Friday promise, none over the
//! weekend, places taken counted, and every mistake answered in the API's JSON.

mod support;

use support::*;

const NOW: &str = "2026-11-27T14:40:00+07:00";

async fn slots(port: u16, query: &str) -> Resp {
    call(port, 1, "GET", &format!("/api/v1/offices/thanh-ha/slots?{query}"), &[], b"").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_windows_left_this_friday_then_monday_with_their_promise_and_free_places() {
    let server = Server::start(&["--pretend-now", NOW]);
    let r = slots(server.port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-30").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let w = r.json();
    let w = w.as_array().unwrap();
    let starts: Vec<&str> = w.iter().take(4).map(|s| s["start"].as_str().unwrap()).collect();
    // 14:30 has begun; 15:00 and 15:30 are by the cut-off, 16:00 is not; then Monday morning.
    assert_eq!(
        starts,
        [
            "2026-11-27T15:00:00+07:00",
            "2026-11-27T15:30:00+07:00",
            "2026-11-27T16:00:00+07:00",
            "2026-11-30T07:30:00+07:00"
        ]
    );
    let same_day: Vec<bool> = w.iter().take(4).map(|s| s["same_day"].as_bool().unwrap()).collect();
    assert_eq!(same_day, [true, true, false, false]);
    assert_eq!(w[2]["end"], "2026-11-27T16:30:00+07:00", "the day's last window ends at closing");
    assert!(w.iter().all(|s| s["free"] == 3), "three counters");
    assert_eq!(w.len(), 3 + 16, "Friday's three, none at the weekend, Monday's sixteen");

    // Two places of 15:00 taken: one left.
    server.execute_batch(
        "INSERT INTO bookings (id, office_id, procedure_id, start, seat, full_name, citizen_id, phone, client, status, created_at)
         VALUES ('t1', 'thanh-ha', 'XA-HT-01', '2026-11-27T15:00:00+07:00', 0, 'A', '030190000001', '0912345678', 'x', 'booked', '2026-11-27T08:00:00+07:00'),
                ('t2', 'thanh-ha', 'XA-HT-02', '2026-11-27T15:00:00+07:00', 1, 'B', '030190000002', '0912345678', 'x', 'booked', '2026-11-27T08:00:00+07:00'),
                ('t3', 'thanh-ha', 'XA-HT-01', '2026-11-27T15:30:00+07:00', 0, 'C', '030190000003', '0912345678', 'x', 'cancelled', '2026-11-27T08:00:00+07:00');",
    );
    let w = slots(server.port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json();
    assert_eq!(w[0]["free"], 1);
    assert_eq!(w[1]["free"], 3, "a cancelled booking frees its place");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_are_answered_in_json_with_what_to_do() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    for (query, status, says) in [
        ("from=2026-11-27", 400, "procedure"),
        ("procedure=XA-HT-01&from=27/11/2026", 400, "from"),
        ("procedure=XA-HT-01&from=2026-11-30&to=2026-11-27", 400, "from"),
        ("procedure=XA-HT-01&from=2026-11-01&to=2026-12-31", 400, "45"),
        ("procedure=KHONG-CO", 400, "procedure"),
    ] {
        let r = slots(port, query).await;
        assert_eq!(r.status, status, "{query}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"), "{query}");
        assert!(r.json()["message"]["en"].as_str().unwrap().contains(says), "{query}: {}", r.text());
    }
    let r = call(port, 1, "GET", "/api/v1/offices/khong-co/slots?procedure=XA-HT-01", &[], b"").await;
    assert_eq!(r.status, 404);
    // The dates default to the next two weeks.
    let r = slots(port, "procedure=XA-HT-01").await;
    assert_eq!(r.status, 200);
    assert!(r.json().as_array().unwrap().last().unwrap()["start"].as_str().unwrap() < "2026-12-11");
}

fn ask(start: &str, name: &str, citizen_id: &str) -> Vec<u8> {
    serde_json::json!({
        "office_id": "thanh-ha", "procedure_id": "XA-HT-01", "start": start,
        "applicant": { "full_name": name, "citizen_id": citizen_id, "phone": "0912 345 678" }
    })
    .to_string()
    .into_bytes()
}

async fn book(port: u16, from: u8, body: &[u8]) -> Resp {
    call(port, from, "POST", "/api/v1/appointments", &[("Content-Type", "application/json".into())], body).await
}

async fn cancel(port: u16, id: &str, factor: serde_json::Value) -> Resp {
    let ct = ("Content-Type", "application/json".to_string());
    call(port, 1, "POST", &format!("/api/v1/appointments/{id}/cancel"), &[ct], factor.to_string().as_bytes()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn book_a_time_get_a_ticket_cancel_it_and_book_again() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    let r = book(port, 1, &ask("2026-11-27T15:00:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ticket = r.json();
    assert_eq!(ticket["number"], "1500-1");
    assert_eq!(ticket["same_day"], true, "by the Friday cut-off");
    assert_eq!(ticket["end"], "2026-11-27T15:30:00+07:00");
    assert_eq!(ticket["procedure"]["vi"], "Đăng ký khai sinh");
    let id = ticket["id"].as_str().unwrap().to_string();
    assert_eq!(slots(port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json()[0]["free"], 2);
    // One booking per person and procedure.
    let again = book(port, 1, &ask("2026-11-30T08:00:00+07:00", "Nguyễn Thị Hoa", "0301 9000 1234")).await;
    assert_eq!(again.status, 409, "{}", again.text());
    assert!(again.json()["message"]["vi"].as_str().unwrap().contains("đã có một lịch hẹn"));
    // Refused with a sentence: a past time, a closed day, not a window's start, details to fix.
    for (start, says) in [
        ("2026-11-27T14:30:00+07:00", "đã qua"),
        ("2026-11-28T08:00:00+07:00", "không làm việc"),
        ("2026-11-30T08:10:00+07:00", "không có trong lịch"),
        ("27/11/2026 15:00", "danh sách"),
    ] {
        let r = book(port, 2, &ask(start, "Trần Văn Bình", "030190005678")).await;
        assert!(r.status == 422 || r.status == 400, "{start}: {}", r.text());
        assert!(r.json()["message"]["vi"].as_str().unwrap().contains(says), "{start}: {}", r.text());
    }
    let r = book(port, 2, &ask("2026-11-30T08:00:00+07:00", "", "123")).await;
    assert_eq!(r.status, 422);
    let body = r.json();
    let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["full_name", "citizen_id"]);
    // Cancelled only with the booking's own ID number or phone; a wrong one reads as unknown.
    let wrong = cancel(port, &id, serde_json::json!({ "citizen_id": "030190009999" })).await;
    let unknown = cancel(port, "0".repeat(32).as_str(), serde_json::json!({ "citizen_id": "030190001234" })).await;
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(cancel(port, &id, serde_json::json!({ "phone": "+84 912 345 678" })).await.status, 204);
    assert_eq!(cancel(port, &id, serde_json::json!({ "phone": "0912345678" })).await.status, 404, "once");
    assert_eq!(slots(port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json()[0]["free"], 3);
    let r = book(port, 1, &ask("2026-11-30T08:00:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await;
    assert_eq!(r.status, 201, "booked again after cancelling: {}", r.text());
    let monday = r.json()["id"].as_str().unwrap().to_string();

    // At the desk on Monday: the day's list, a check-in; a ticket cannot be used twice.
    let listed = server.officer(&["day", "thanh-ha", "2026-11-30"]);
    assert!(listed.contains("08:00  0800-1  XA-HT-01  Nguyễn Thị Hoa  booked"), "{listed}");
    assert!(!listed.contains(&id), "the cancelled one is not listed: {listed}");
    assert!(server.officer(&["check-in", &monday]).contains("checked in"));
    assert!(server.officer(&["day", "thanh-ha", "2026-11-30"]).contains("checked_in"));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["officer", "--data-dir"])
        .arg(server.dir.path())
        .args(server.database_url.iter().flat_map(|u| ["--database-url", u.as_str()]))
        .args(["no-show", &monday])
        .output()
        .unwrap();
    assert!(!again.status.success(), "a checked-in ticket is not marked again");
    // Checked in, the place is used: the person may book for the procedure again.
    // (Moving is tested below.)
    let r = book(port, 1, &ask("2026-12-01T08:00:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await;
    assert_eq!(r.status, 201, "{}", r.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_book_the_last_place_of_a_window_at_once_and_exactly_one_gets_it() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    let start = "2026-11-27T15:30:00+07:00";
    for i in 0..2 {
        let r = book(port, 3 + i, &ask(start, "Lê Văn Cường", &format!("03019000{:04}", 100 + i))).await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let answers = futures_util::future::join_all((0..50u8).map(|i| async move {
        book(port, 100 + i, &ask(start, "Phạm Thị Dung", &format!("03019000{:04}", 200 + u16::from(i)))).await.status
    }))
    .await;
    let won = answers.iter().filter(|s| **s == 201).count();
    let full = answers.iter().filter(|s| **s == 409).count();
    println!("50 clients at once for the last place: {won} booked, {full} told it was taken");
    assert_eq!((won, full), (1, 49), "{answers:?}");
    assert_eq!(slots(port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json()[1]["free"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_moves_to_another_time_and_stays_put_when_that_one_is_full() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    let ticket = book(port, 1, &ask("2026-11-27T15:00:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await.json();
    let id = ticket["id"].as_str().unwrap().to_string();
    let ct = ("Content-Type", "application/json".to_string());
    let move_to = |id: String, body: serde_json::Value| {
        let ct = ct.clone();
        async move {
            call(port, 1, "POST", &format!("/api/v1/appointments/{id}/move"), &[ct], body.to_string().as_bytes()).await
        }
    };
    // A wrong factor reads as unknown.
    let r =
        move_to(id.clone(), serde_json::json!({ "citizen_id": "030190009999", "start": "2026-11-30T09:00:00+07:00" }))
            .await;
    assert_eq!(r.status, 404);
    // Filled 16:00 (three others): moving there is refused and the 15:00 place is kept.
    for i in 0..3u8 {
        let r = book(
            port,
            10 + i,
            &ask("2026-11-27T16:00:00+07:00", "Lê Văn Cường", &format!("03019000{:04}", 300 + u16::from(i))),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let r =
        move_to(id.clone(), serde_json::json!({ "phone": "0912 345 678", "start": "2026-11-27T16:00:00+07:00" })).await;
    assert_eq!(r.status, 409, "{}", r.text());
    let day = slots(port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json();
    assert_eq!((day[0]["free"].as_u64(), day[2]["free"].as_u64()), (Some(2), Some(0)), "15:00 still held");
    // To Monday 09:00: a new ticket; 15:00 is free again.
    let r =
        move_to(id.clone(), serde_json::json!({ "citizen_id": "030190001234", "start": "2026-11-30T09:00:00+07:00" }))
            .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let moved = r.json();
    assert_eq!(moved["start"], "2026-11-30T09:00:00+07:00");
    assert_eq!(moved["number"], "0900-1");
    assert_ne!(moved["id"], ticket["id"]);
    assert_eq!(slots(port, "procedure=XA-HT-01&from=2026-11-27&to=2026-11-27").await.json()[0]["free"], 3);
    // The old ticket is gone; the new one cancels.
    let old =
        move_to(id, serde_json::json!({ "citizen_id": "030190001234", "start": "2026-11-30T10:00:00+07:00" })).await;
    assert_eq!(old.status, 404);
    let new_id = moved["id"].as_str().unwrap();
    assert_eq!(cancel(port, new_id, serde_json::json!({ "citizen_id": "030190001234" })).await.status, 204);
}

async fn ticket(port: u16, id: &str) -> Resp {
    call(port, 1, "GET", &format!("/api/v1/appointments/{id}"), &[], b"").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_opens_by_its_id_as_it_stands_and_names_nobody() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    let booked = book(port, 1, &ask("2026-11-27T15:30:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await.json();
    let id = booked["id"].as_str().unwrap();
    let shown = ticket(port, id).await;
    assert_eq!(shown.status, 200, "{}", shown.text());
    let shown = shown.json();
    for field in ["number", "office", "procedure", "start", "end", "same_day"] {
        assert_eq!(shown[field], booked[field], "{field}");
    }
    assert_eq!(shown["status"], "booked");
    assert_eq!(shown["walk_in"], false);
    assert!(!shown.to_string().contains("Hoa") && !shown.to_string().contains("030190001234"), "{shown}");
    assert_eq!(cancel(port, id, serde_json::json!({ "citizen_id": "030190001234" })).await.status, 204);
    assert_eq!(ticket(port, id).await.json()["status"], "cancelled");
    let unknown = ticket(port, &"a".repeat(32)).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["message"]["vi"].as_str().unwrap().contains("Không tìm thấy"));
}

async fn walk_in(port: u16, office: &str, procedure: &str) -> Resp {
    let body = serde_json::json!({ "procedure_id": procedure }).to_string();
    let ct = ("Content-Type", "application/json".to_string());
    call(port, 7, "POST", &format!("/api/v1/offices/{office}/walk-in"), &[ct], body.as_bytes()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_gives_walk_in_numbers_for_todays_next_free_times_until_the_day_is_full() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    // One place of 15:00 booked online already.
    let online = book(port, 1, &ask("2026-11-27T15:00:00+07:00", "Nguyễn Thị Hoa", "030190001234")).await;
    assert_eq!(online.status, 201);
    // 14:40 on a programme Friday: 15:00, 15:30 and 16:00 are left, three counters each.
    let mut numbers = Vec::new();
    for _ in 0..8 {
        let r = walk_in(port, "thanh-ha", "XA-HT-01").await;
        assert_eq!(r.status, 201, "{}", r.text());
        let t = r.json();
        assert_eq!(t["walk_in"], true);
        assert_eq!(t["status"], "booked");
        numbers.push((t["number"].as_str().unwrap().to_string(), t["same_day"].as_bool().unwrap()));
    }
    let expected: Vec<(String, bool)> = [
        ("1500-2", true),
        ("1500-3", true),
        ("1530-1", true),
        ("1530-2", true),
        ("1530-3", true),
        ("1600-1", false),
        ("1600-2", false),
        ("1600-3", false),
    ]
    .iter()
    .map(|(n, s)| (n.to_string(), *s))
    .collect();
    assert_eq!(numbers, expected, "in order of time, after the desk's cut-off the next-morning promise");
    let full = walk_in(port, "thanh-ha", "XA-HT-01").await;
    assert_eq!(full.status, 409, "{}", full.text());
    assert!(full.json()["message"]["vi"].as_str().unwrap().contains("không còn giờ trống"));
    // Walk-ins name nobody, so any number of them share a procedure.
    let listed = server.officer(&["day", "thanh-ha", "2026-11-27"]);
    assert_eq!(listed.matches("(walk-in)").count(), 8, "{listed}");
    assert!(listed.contains("Nguyễn Thị Hoa"), "{listed}");
    // Mistakes: no such office, a procedure the desk does not take, no procedure.
    assert_eq!(walk_in(port, "khong-co", "XA-HT-01").await.status, 404);
    assert_eq!(walk_in(port, "thanh-ha", "KHONG-CO").await.status, 400);
    let ct = ("Content-Type", "application/json".to_string());
    let r = call(port, 7, "POST", "/api/v1/offices/ha-dong/walk-in", &[ct], b"{}").await;
    assert!(r.status == 400 || r.status == 422, "{}", r.text());
    // Another desk of the province still has room today.
    assert_eq!(walk_in(port, "ha-dong", "XA-HT-01").await.status, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dossier_filed_online_carries_its_appointment_to_the_desk() {
    let server = Server::start(&["--pretend-now", NOW]);
    let port = server.port;
    let other = book(port, 1, &ask("2026-11-30T08:00:00+07:00", "Trần Văn Bình", "030190005678")).await.json();
    let mine = book(port, 1, &ask("2026-11-30T08:30:00+07:00", "Nguyễn Thị Hoa", CITIZEN_ID)).await.json();
    let file = |appointment: &str| {
        let appointment = appointment.to_string();
        async move {
            let t = token();
            let a = upload(port, &t, FORM, &pdf(3000, 1)).await;
            let b = upload(port, &t, BIRTH_CERT, &pdf(3000, 2)).await;
            let mut body: serde_json::Value = serde_json::from_slice(&dossier_body(&[&a, &b])).unwrap();
            body["appointment_id"] = appointment.into();
            let headers = [
                ("Content-Type", "application/json".to_string()),
                ("Idempotency-Key", token()),
                ("Draft-Token", t.clone()),
            ];
            call(port, 1, "POST", "/api/v1/dossiers", &headers, body.to_string().as_bytes()).await
        }
    };
    // Someone else's appointment, or one that does not exist: refused, saying which field.
    for id in [other["id"].as_str().unwrap(), &"b".repeat(32)] {
        let r = file(id).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(r.json()["fields"][0]["field"], "appointment_id");
    }
    let r = file(mine["id"].as_str().unwrap()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["code"].as_str().unwrap().to_string();
    assert_eq!(ticket(port, mine["id"].as_str().unwrap()).await.json()["dossier_code"], code.as_str());
    let listed = server.officer(&["day", "thanh-ha", "2026-11-30"]);
    assert!(
        listed.contains(&format!(
            "0830-1  XA-HT-01  Nguyễn Thị Hoa  booked  {}  dossier {code}",
            mine["id"].as_str().unwrap()
        )),
        "{listed}"
    );
    // One dossier per appointment.
    let again = file(mine["id"].as_str().unwrap()).await;
    assert_eq!(again.status, 422, "{}", again.text());
}
