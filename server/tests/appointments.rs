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
