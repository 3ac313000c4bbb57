//! The abuse suite: what an outsider tries against a live reference server on loopback, each
//! test against a server process of its own (so limits used up in one do not leak into another).
//! Figures (memory) are printed; the assertions are about behaviour.

mod support;

use std::time::{Duration, Instant};

use motcua_server::factor::{CODE_FAILURES, PER_ADDRESS_PER_MINUTE};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn json(v: serde_json::Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

/// One guess at the second factor on `endpoint` for `code`, from `127.0.0.<from>`.
async fn guess(port: u16, from: u8, endpoint: &str, code: &str, citizen_id: &str) -> Resp {
    let ct = ("Content-Type", "application/json".to_string());
    match endpoint {
        "lookup" => {
            let body = json(serde_json::json!({ "citizen_id": citizen_id }));
            call(port, from, "POST", &format!("/api/v1/dossiers/{code}/lookup"), &[ct], &body).await
        }
        "track" => call(port, from, "GET", &format!("/api/v1/dossiers/{code}?citizen_id={citizen_id}"), &[], b"").await,
        "supplements" => {
            let body = json(serde_json::json!({ "citizen_id": citizen_id, "uploads": ["0".repeat(32)] }));
            let t = ("Draft-Token", token());
            call(port, from, "POST", &format!("/api/v1/dossiers/{code}/supplements"), &[ct, t], &body).await
        }
        "rating" => {
            let body = json(serde_json::json!({ "citizen_id": citizen_id, "score": 5 }));
            call(port, from, "POST", &format!("/api/v1/dossiers/{code}/rating"), &[ct], &body).await
        }
        _ => unreachable!(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_the_second_factor_is_locked_per_code_and_per_address_on_every_endpoint() {
    let server = Server::start(&[]);
    let port = server.port;
    // A wrong factor and an unknown code answer alike, byte for byte.
    let first = dossier(port).await;
    let wrong = guess(port, 9, "lookup", &first, "030190009999").await;
    let unknown = guess(port, 9, "lookup", "000.21.12.H23-200101-0001", "030190009999").await;
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.body, unknown.body);

    for (i, endpoint) in ["lookup", "track", "supplements", "rating"].into_iter().enumerate() {
        let code = dossier(port).await;
        let from = 10 + i as u8;
        let mut tries = 0;
        let limited = loop {
            tries += 1;
            assert!(tries <= 40, "{endpoint}: still answering after 40 guesses");
            let r = guess(port, from, endpoint, &code, &format!("0301900{:05}", 10_000 + tries)).await;
            if r.status == 429 {
                break r;
            }
            assert_eq!(r.status, 404, "{endpoint}: a wrong guess is a plain 404: {}", r.text());
        };
        assert!(tries <= CODE_FAILURES + 1, "{endpoint}: locked after {tries} guesses");
        let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
        assert!(wait >= 60, "{endpoint}: Retry-After {wait}");
        assert_eq!(limited.json()["code"], "rate_limited");
        assert!(limited.json()["message"]["vi"].as_str().unwrap().contains("phút"));
        // The lock is the code's: another address with the right factor is refused too.
        let other = guess(port, 100 + i as u8, endpoint, &code, CITIZEN_ID).await;
        assert_eq!(other.status, 429, "{endpoint}: the lockout holds across addresses");
    }

    // One address trying many codes is stopped by its own limit, whatever the codes.
    let mut tries = 0;
    loop {
        tries += 1;
        let r = guess(port, 50, "lookup", &format!("000.21.12.H23-200101-{tries:04}"), CITIZEN_ID).await;
        if r.status == 429 {
            break;
        }
        assert!(tries <= PER_ADDRESS_PER_MINUTE + 1, "address not limited after {tries} codes");
    }
    // The right factor from a fresh address still works for a code nobody attacked.
    let ok = guess(port, 60, "lookup", &first, CITIZEN_ID).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(ok.json()["code"], first.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn termination_racing_submission_has_exactly_one_winner() {
    let server = Server::start(&[]);
    let port = server.port;
    let mut submitted = 0;
    for i in 0..100u32 {
        let t = token();
        let a = upload(port, &t, FORM, &pdf(2000, i * 2)).await;
        let b = upload(port, &t, BIRTH_CERT, &pdf(2000, i * 2 + 1)).await;
        let path = format!("/api/v1/uploads/{a}");
        let key = token();
        let del_headers = [tus(), ("Draft-Token", t.clone())];
        let ids = [a.as_str(), b.as_str()];
        let (del, sub) = tokio::join!(call(port, 2, "DELETE", &path, &del_headers, b""), submit(port, &t, &key, &ids),);
        let deleted = del.status == 204;
        let filed = sub.status == 201;
        assert!(deleted != filed, "race {i}: DELETE {} and POST {} ({})", del.status, sub.status, sub.text());
        if filed {
            submitted += 1;
            assert_eq!(del.status, 409, "race {i}");
            let status = upload_status(port, &t, &a).await;
            assert_eq!(status.json()["complete"], true, "race {i}: the dossier's file is still there");
            assert!(server.has_file(&a));
        } else {
            assert_eq!(sub.status, 422, "race {i}");
        }
    }
    println!("termination/submission races: 100, submissions won {submitted}, terminations won {}", 100 - submitted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_is_named_once_and_only_by_its_own_draft() {
    let server = Server::start(&[]);
    let port = server.port;
    let (mine, theirs) = (token(), token());
    let a = upload(port, &mine, FORM, &pdf(2000, 1)).await;
    let b = upload(port, &mine, BIRTH_CERT, &pdf(2000, 2)).await;

    let twice = submit(port, &mine, &token(), &[&a, &a, &b]).await;
    assert_eq!(twice.status, 422);
    assert_eq!(twice.json()["fields"][0]["code"], "duplicate");

    // Another draft's token opens nothing: not to submit, delete, read, resume or write.
    let stolen = submit(port, &theirs, &token(), &[&a, &b]).await;
    assert_eq!(stolen.status, 422, "{}", stolen.text());
    let path = format!("/api/v1/uploads/{a}");
    let del = call(port, 3, "DELETE", &path, &[tus(), ("Draft-Token", theirs.clone())], b"").await;
    assert_eq!(del.status, 404);
    assert_eq!(call(port, 3, "HEAD", &path, &[tus(), ("Draft-Token", theirs.clone())], b"").await.status, 404);
    assert_eq!(upload_status(port, &theirs, &a).await.status, 404);
    assert_eq!(call(port, 3, "GET", &path, &[], b"").await.status, 404, "no token, no answer");
    let no_token = call(port, 3, "DELETE", &path, &[tus()], b"").await;
    assert_eq!(no_token.status, 404);
    assert_eq!(upload_status(port, &mine, &a).await.status, 200, "still there for its owner");
    let created = create(port, 3, "short", FORM, 100).await;
    assert_eq!(created.status, 400, "a token must be a long secret");

    let ok = submit(port, &mine, &token(), &[&a, &b]).await;
    assert_eq!(ok.status, 201, "{}", ok.text());
    let again = submit(port, &mine, &token(), &[&a, &b]).await;
    assert_eq!(again.status, 422, "an upload is in one dossier at most");
    let del = call(port, 3, "DELETE", &path, &[tus(), ("Draft-Token", mine.clone())], b"").await;
    assert_eq!(del.status, 409, "a submitted file is never deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_draft_terminates_its_uploads_even_one_being_written_and_takes_no_more() {
    let server = Server::start(&[]);
    let port = server.port;
    let (kiosk, other) = (token(), token());
    let done = upload(port, &kiosk, FORM, &pdf(3000, 1)).await;
    let theirs = upload(port, &other, FORM, &pdf(3000, 2)).await;
    // A PATCH still streaming when the citizen taps "finish and clear": half its body sent.
    let created = create(port, 2, &kiosk, BIRTH_CERT, 200_000).await;
    let location = created.header("location").unwrap().to_string();
    let writing = location.rsplit('/').next().unwrap().to_string();
    let mut s = connect(port, 2).await;
    s.write_all(&head_bytes("PATCH", &location, &patch_headers(&kiosk, 0), 200_000)).await.unwrap();
    s.write_all(&pdf(100_000, 3)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The page that sent it goes away a moment after asking to close (its requests aborted).
    let hang_up = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        drop(s);
    });
    let closed = call(port, 1, "DELETE", "/api/v1/uploads", &[("Draft-Token", kiosk.clone())], b"").await;
    hang_up.await.unwrap();
    assert_eq!(closed.status, 204, "{}", closed.text());
    for id in [&done, &writing] {
        assert_eq!(upload_status(port, &kiosk, id).await.status, 404, "{id} should be gone");
    }
    assert_eq!(upload_status(port, &other, &theirs).await.status, 200, "another draft keeps its files");
    let late = create(port, 1, &kiosk, FORM, 100).await;
    assert_eq!(late.status, 410, "a closed draft takes no new upload: {}", late.text());
    let again = call(port, 1, "DELETE", "/api/v1/uploads", &[("Draft-Token", kiosk.clone())], b"").await;
    assert_eq!(again.status, 204, "closing is idempotent");
    let no_token = call(port, 1, "DELETE", "/api/v1/uploads", &[], b"").await;
    assert_eq!(no_token.status, 400);
    // A submitted dossier's files stay whatever its draft's device does afterwards.
    let t = token();
    let a = upload(port, &t, FORM, &pdf(3000, 4)).await;
    let b = upload(port, &t, BIRTH_CERT, &pdf(3000, 5)).await;
    assert_eq!(submit(port, &t, &token(), &[&a, &b]).await.status, 201);
    assert_eq!(call(port, 1, "DELETE", "/api/v1/uploads", &[("Draft-Token", t.clone())], b"").await.status, 204);
    assert_eq!(upload_status(port, &t, &a).await.status, 200, "a submitted upload is never deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_asking_for_an_upload_keeps_it_another_full_period() {
    let server = Server::start(&["--finished-expiry-secs", "600"]);
    let port = server.port;
    let t = token();
    let created = create(port, 1, &t, FORM, 3000).await;
    let location = created.header("location").unwrap().to_string();
    let done = patch(port, 1, &t, &location, 0, &pdf(3000, 1)).await;
    assert_eq!(done.status, 204, "{}", done.text());
    let expiry =
        |r: &Resp| chrono::DateTime::parse_from_rfc2822(r.header("upload-expires").expect("Upload-Expires")).unwrap();
    let first = expiry(&done);
    let now = chrono::Utc::now();
    assert!((first.to_utc() - now).num_seconds().abs_diff(600) <= 5, "finished: kept the finished period");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let head = call(port, 1, "HEAD", &location, &[tus(), ("Draft-Token", t.clone())], b"").await;
    assert_eq!(head.status, 200);
    assert!(expiry(&head) > first, "HEAD by the owner moves the expiry later");
    let stranger = call(port, 1, "HEAD", &location, &[tus(), ("Draft-Token", token())], b"").await;
    assert_eq!(stranger.status, 404, "nobody else can keep it alive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_finish_when_the_client_hangs_up_right_after_the_last_byte() {
    let server = Server::start(&[]);
    let port = server.port;
    let t = token();
    let mut uploads = Vec::new();
    for i in 0..20u32 {
        let body = pdf(1024 * 1024, i);
        let created = create(port, 4, &t, if i % 2 == 0 { FORM } else { BIRTH_CERT }, body.len()).await;
        // (A draft holds 100 MiB: 20 × 1 MiB fits.)
        assert_eq!(created.status, 201, "{}", created.text());
        let location = created.header("location").unwrap().to_string();
        let mut s = connect(port, 4).await;
        let headers = patch_headers(&t, 0);
        s.write_all(&head_bytes("PATCH", &location, &headers, body.len())).await.unwrap();
        s.write_all(&body).await.unwrap();
        // Hang up at once, without reading the answer (a phone losing its signal).
        drop(s);
        uploads.push((location.rsplit('/').next().unwrap().to_string(), body));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut stuck = uploads.len();
    while stuck > 0 && Instant::now() < deadline {
        stuck = 0;
        for (id, _) in &uploads {
            if upload_status(port, &t, id).await.json()["complete"] != true {
                stuck += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(stuck, 0, "uploads left with every byte but not finished");
    use sha2::Digest;
    for (id, body) in &uploads {
        let status = upload_status(port, &t, id).await.json();
        assert_eq!(status["sha256"], hex::encode(sha2::Sha256::digest(body)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_are_closed_by_the_server_within_30_seconds() {
    let server = Server::start(&[]);
    let port = server.port;
    let started = Instant::now();
    let mut idle = Vec::new();
    for i in 0..200 {
        let mut s = connect(port, 5).await;
        if i % 2 == 1 {
            // Half a request: the headers never end.
            s.write_all(b"POST /api/v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n").await.unwrap();
        }
        idle.push(s);
    }
    // The server still answers others meanwhile.
    let health = call(port, 6, "GET", "/api/v1/health", &[], b"").await;
    assert_eq!(health.status, 200);
    let closed = futures_util::future::join_all(idle.into_iter().map(|mut s| async move {
        let mut buf = [0u8; 1024];
        let end = Instant::now() + Duration::from_secs(30);
        loop {
            match tokio::time::timeout_at(end.into(), s.read(&mut buf)).await {
                Err(_) => return None, // still open after 30 s
                Ok(Ok(0)) | Ok(Err(_)) => return Some(Instant::now()),
                Ok(Ok(_)) => continue, // a 408 answer, then the close
            }
        }
    }))
    .await;
    let open = closed.iter().filter(|c| c.is_none()).count();
    let slowest = closed.iter().flatten().map(|t| t.duration_since(started)).max().unwrap();
    println!("half-open connections: 200, closed by the server, the last after {:.1} s", slowest.as_secs_f64());
    assert_eq!(open, 0, "connections still open after 30 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_creation_flood_is_refused_while_another_client_still_uploads() {
    let server = Server::start(&[]);
    let port = server.port;
    let twenty_mib = 20 * 1024 * 1024;
    let mut refused = None;
    for i in 0..200 {
        // A new draft every 5 uploads: the per-draft limit is not what stops the flood.
        let t = format!("flood{:027}{}", i / 5, "x");
        let r = create(port, 7, &t, FORM, twenty_mib).await;
        if r.status != 201 {
            refused = Some((i, r));
            break;
        }
    }
    let (n, r) = refused.expect("200 creations of 20 MiB from one address all accepted");
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.header("retry-after").unwrap().parse::<u64>().unwrap() > 0);
    println!("creation flood: refused after {n} uploads of 20 MiB declared from one address");
    assert!(n <= 103, "{n} accepted");
    // Another address is not affected.
    let t = token();
    let id = upload(port, &t, BIRTH_CERT, &pdf(50_000, 3)).await;
    assert_eq!(upload_status(port, &t, &id).await.json()["complete"], true);

    // A disk that would fall under the reserve: 507 with Retry-After (files in a folder; object
    // storage's room is its operator's).
    if server.object_store.is_none() {
        let full = Server::start(&["--disk-reserve-mib", "100000000"]);
        let r = create(full.port, 1, &token(), FORM, 1000).await;
        assert_eq!(r.status, 507, "{}", r.text());
        assert!(r.header("retry-after").is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_patch_and_during_submissions_loses_nothing() {
    let mut server = Server::start(&[]);
    // During a PATCH: what reached the disk is kept and the rest resumes.
    let t = token();
    let body = pdf(3 * 1024 * 1024, 42);
    let created = create(server.port, 1, &t, BIRTH_CERT, body.len()).await;
    let location = created.header("location").unwrap().to_string();
    let mut s = connect(server.port, 1).await;
    let headers = patch_headers(&t, 0);
    s.write_all(&head_bytes("PATCH", &location, &headers, body.len())).await.unwrap();
    s.write_all(&body[..1_500_000]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.restart();
    drop(s);
    let head = call(server.port, 1, "HEAD", &location, &[tus(), ("Draft-Token", t.clone())], b"").await;
    assert_eq!(head.status, 200);
    let kept: usize = head.header("upload-offset").unwrap().parse().unwrap();
    assert!(kept <= 1_500_000, "kept {kept}");
    let rest = patch(server.port, 1, &t, &location, kept, &body[kept..]).await;
    assert_eq!(rest.status, 204, "{}", rest.text());
    use sha2::Digest;
    let id = location.rsplit('/').next().unwrap();
    assert_eq!(upload_status(server.port, &t, id).await.json()["sha256"], hex::encode(sha2::Sha256::digest(&body)));

    // During submissions: each dossier is there whole or not at all, and a retry with its key
    // files it exactly once.
    let mut prepared = Vec::new();
    for i in 0..10u32 {
        let t = token();
        let a = upload(server.port, &t, FORM, &pdf(2000, 100 + i)).await;
        let b = upload(server.port, &t, BIRTH_CERT, &pdf(2000, 200 + i)).await;
        prepared.push((t, token(), a, b));
    }
    let port = server.port;
    let fired: Vec<_> = prepared
        .iter()
        .cloned()
        .map(|(t, key, a, b)| {
            tokio::spawn(async move {
                let mut s = connect(port, 1).await;
                let body = dossier_body(&[&a, &b]);
                let headers =
                    [("Content-Type", "application/json".to_string()), ("Idempotency-Key", key), ("Draft-Token", t)];
                let _ = s.write_all(&head_bytes("POST", "/api/v1/dossiers", &headers, body.len())).await;
                let _ = s.write_all(&body).await;
                let mut sink = Vec::new();
                let _ = s.read_to_end(&mut sink).await;
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(15)).await;
    server.restart();
    for f in fired {
        let _ = f.await;
    }
    let before = server.count("SELECT COUNT(*) FROM dossiers");
    let half_attached = server.count(
        "SELECT COUNT(*) FROM uploads u WHERE u.dossier_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = u.dossier_code)",
    );
    assert_eq!(half_attached, 0);
    let mut codes = std::collections::HashSet::new();
    for (t, key, a, b) in &prepared {
        let r = submit(server.port, t, key, &[a, b]).await;
        assert!(r.status == 201 || r.status == 200, "{}", r.text());
        codes.insert(r.json()["code"].as_str().unwrap().to_string());
    }
    assert_eq!(codes.len(), 10);
    let after = server.count("SELECT COUNT(*) FROM dossiers");
    println!("kill -9 during 10 submissions: {before} were filed before the kill, 10 after the retries");
    assert_eq!(after, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finishing_50_uploads_of_20_mib_at_once_keeps_memory_small() {
    // 1,000 MiB from one address: above the default per-address quota, which is not what this measures.
    let server = Server::start(&["--upload-mib-per-address", "2048"]);
    let port = server.port;
    let body = std::sync::Arc::new(pdf(20 * 1024 * 1024, 7));
    let mut locations = Vec::new();
    for i in 0..50 {
        // Five files of 20 MiB fill one draft's 100 MiB.
        let t = format!("memory{:026}{}", i / 5, "y");
        let created = create(port, 8, &t, FORM, body.len()).await;
        assert_eq!(created.status, 201, "{}", created.text());
        locations.push((t, created.header("location").unwrap().to_string()));
    }
    let before = server.memory_kib("VmRSS");
    let sent = futures_util::future::join_all(locations.iter().map(|(t, loc)| {
        let body = body.clone();
        async move { patch(port, 8, t, loc, 0, &body).await.status }
    }))
    .await;
    assert!(sent.iter().all(|s| *s == 204), "{sent:?}");
    let peak = server.memory_kib("VmHWM");
    println!(
        "finishing 50 uploads of 20 MiB at once: server resident {} MiB before, peak {} MiB",
        before / 1024,
        peak / 1024
    );
    assert!(peak < before + 256 * 1024, "peak {} MiB from {} MiB", peak / 1024, before / 1024);
}
