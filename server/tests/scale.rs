//! The scale-out set-up: two server instances on one PostgreSQL database (and one store of
//! files), as a province runs them behind a load balancer. Each test starts its own pair on a
//! fresh database of the server `MOTCUA_TEST_DATABASE_URL` names; `cargo xtask test scale`
//! starts that server (and these tests are ignored by a plain `cargo test`, which has none).

mod support;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use sha2::Digest;
use support::*;
use tokio::io::AsyncWriteExt;

/// Two instances on a fresh database (and the object store, when the suite has one).
fn pair(args: &[&str]) -> (Server, Server) {
    let url = std::env::var("MOTCUA_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .expect("MOTCUA_TEST_DATABASE_URL: run `cargo xtask test scale`, which starts PostgreSQL");
    let database = motcua_server::store::pg::fresh_database(&url);
    let a = Server::start_with(
        std::sync::Arc::new(tempfile::tempdir().unwrap()),
        Some(database),
        test_object_store(),
        args,
    );
    let b = a.beside(args);
    println!(
        "instances: A on 127.0.0.1:{} (pid {}), B on 127.0.0.1:{} (pid {}); files in {}",
        a.port,
        a.pid(),
        b.port,
        b.pid(),
        a.object_store.as_deref().unwrap_or("a shared folder")
    );
    (a, b)
}

async fn upload_from(port: u16, from: u8, token: &str, requirement: &str, body: &[u8]) -> String {
    let created = create(port, from, token, requirement, body.len()).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.header("location").unwrap().to_string();
    let done = patch(port, from, token, &location, 0, body).await;
    assert_eq!(done.status, 204, "{}", done.text());
    location.rsplit('/').next().unwrap().to_string()
}

async fn submit_from(port: u16, from: u8, token: &str, key: &str, uploads: &[&str]) -> Resp {
    let headers =
        [("Content-Type", "application/json".into()), ("Idempotency-Key", key.into()), ("Draft-Token", token.into())];
    call(port, from, "POST", "/api/v1/dossiers", &headers, &dossier_body(uploads)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test scale"]
async fn an_upload_begun_on_one_instance_is_finished_on_the_other_and_the_dossier_followed_anywhere() {
    let (a, b) = pair(&[]);
    let t = token();
    let body = pdf(2 * 1024 * 1024, 5);
    let created = create(a.port, 1, &t, BIRTH_CERT, body.len()).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.header("location").unwrap().to_string();
    let first = patch(a.port, 1, &t, &location, 0, &body[..700_000]).await;
    assert_eq!(first.status, 204, "{}", first.text());
    // B knows how far A got, and takes the rest.
    let head = call(b.port, 1, "HEAD", &location, &[tus(), ("Draft-Token", t.clone())], b"").await;
    assert_eq!(head.header("upload-offset"), Some("700000"));
    let rest = patch(b.port, 1, &t, &location, 700_000, &body[700_000..]).await;
    assert_eq!(rest.status, 204, "{}", rest.text());
    let id = location.rsplit('/').next().unwrap();
    let status = upload_status(a.port, &t, id).await.json();
    assert_eq!(status["complete"], true);
    assert_eq!(status["sha256"], hex::encode(sha2::Sha256::digest(&body)));
    // A file of 12 MiB in three PATCHes, A, B, A: parts of 5 MiB cut across instances, the
    // bytes short of a part carried from one PATCH (and instance) to the next.
    let big = pdf(12 * 1024 * 1024, 9);
    let created = create(a.port, 1, &t, BIRTH_CERT, big.len()).await;
    let big_location = created.header("location").unwrap().to_string();
    let mut offset = 0;
    for (port, n) in [(a.port, 3_000_000), (b.port, 4_000_000), (a.port, big.len() - 7_000_000)] {
        let r = patch(port, 1, &t, &big_location, offset, &big[offset..offset + n]).await;
        assert_eq!(r.status, 204, "{}", r.text());
        offset += n;
        assert_eq!(r.header("upload-offset"), Some(offset.to_string().as_str()));
    }
    let big_id = big_location.rsplit('/').next().unwrap();
    let status = upload_status(b.port, &t, big_id).await.json();
    assert_eq!(status["sha256"], hex::encode(sha2::Sha256::digest(&big)), "{status}");
    // Filed on A, with a form uploaded on B; tracked on B; moved by an officer; seen on A.
    let form = upload_from(b.port, 1, &t, FORM, &pdf(3000, 6)).await;
    let filed = submit_from(a.port, 1, &t, &token(), &[id, &form]).await;
    assert_eq!(filed.status, 201, "{}", filed.text());
    let code = filed.json()["code"].as_str().unwrap().to_string();
    let lookup = |port: u16| {
        let code = code.clone();
        async move {
            let body = serde_json::json!({ "citizen_id": CITIZEN_ID }).to_string();
            let ct = ("Content-Type", "application/json".to_string());
            call(port, 1, "POST", &format!("/api/v1/dossiers/{code}/lookup"), &[ct], body.as_bytes()).await
        }
    };
    assert_eq!(lookup(b.port).await.json()["status"], "submitted");
    a.officer(&["accept", &code]);
    let seen = lookup(a.port).await.json();
    assert_eq!(seen["status"], "accepted", "{seen}");
    assert_eq!(seen["timeline"].as_array().unwrap().len(), 2);
    let shown = b.officer(&["show", &code]);
    assert_eq!(shown.lines().filter(|l| l.starts_with("file ")).count(), 2, "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test scale"]
async fn two_hundred_submissions_across_two_instances_get_distinct_gapless_codes_and_one_dossier_per_key() {
    let (a, b) = pair(&[]);
    // 200 drafts from 20 addresses (10 dossiers each: under the per-address rate), their files
    // uploaded half on each instance.
    let mut drafts = Vec::new();
    for i in 0..200u32 {
        let from = 20 + (i % 20) as u8;
        let (first, second) = if i % 2 == 0 { (a.port, b.port) } else { (b.port, a.port) };
        let t = token();
        let f = upload_from(first, from, &t, FORM, &pdf(1200, 1000 + i)).await;
        let c = upload_from(second, from, &t, BIRTH_CERT, &pdf(1200, 2000 + i)).await;
        drafts.push((from, t, token(), f, c));
    }
    // Every dossier sent to both instances at once with the same key: 400 requests in flight.
    let (pa, pb) = (a.port, b.port);
    let answers = futures_util::future::join_all(drafts.iter().cloned().flat_map(|(from, t, key, f, c)| {
        [pa, pb].map(|port| {
            let (t, key, f, c) = (t.clone(), key.clone(), f.clone(), c.clone());
            tokio::spawn(async move { (key.clone(), submit_from(port, from, &t, &key, &[&f, &c]).await) })
        })
    }))
    .await;
    let mut by_key: HashMap<String, Vec<(u16, String)>> = HashMap::new();
    for answer in answers {
        let (key, r) = answer.unwrap();
        assert!(r.status == 201 || r.status == 200, "{}: {}", r.status, r.text());
        by_key.entry(key).or_default().push((r.status, r.json()["code"].as_str().unwrap().to_string()));
    }
    assert_eq!(by_key.len(), 200);
    for (key, got) in &by_key {
        let created = got.iter().filter(|(s, _)| *s == 201).count();
        assert_eq!(created, 1, "key {key}: {got:?}");
        assert_eq!(got[0].1, got[1].1, "key {key}: one dossier, one code");
    }
    let codes: HashSet<String> = by_key.values().map(|g| g[0].1.clone()).collect();
    assert_eq!(codes.len(), 200, "distinct codes");
    // Per office and day, the numbers run 1, 2, 3… without a gap.
    let mut per_day: HashMap<String, Vec<u32>> = HashMap::new();
    for code in &codes {
        let (day, number) = code.rsplit_once('-').unwrap();
        per_day.entry(day.to_string()).or_default().push(number.parse().unwrap());
    }
    for (day, mut numbers) in per_day {
        numbers.sort();
        assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>(), "{day}");
    }
    assert_eq!(a.count("SELECT COUNT(*) FROM dossiers"), 200);
    println!("200 dossiers sent twice each to two instances at once: 200 filed, 200 replayed, codes 1..=200");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test scale"]
async fn an_instance_killed_mid_patch_leaves_its_upload_to_the_other_with_every_byte_and_the_same_sha256() {
    let (mut a, b) = pair(&[]);
    let t = token();
    let body = pdf(6 * 1024 * 1024, 77);
    let created = create(a.port, 1, &t, BIRTH_CERT, body.len()).await;
    let location = created.header("location").unwrap().to_string();
    let mut s = connect(a.port, 1).await;
    s.write_all(&head_bytes("PATCH", &location, &patch_headers(&t, 0), body.len())).await.unwrap();
    s.write_all(&body[..3_000_000]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    // While A writes, B may not: the lock holds across instances.
    let busy = patch(b.port, 1, &t, &location, 0, &body[..1000]).await;
    assert_eq!(busy.status, 409, "{}", busy.text());
    a.kill9();
    drop(s);
    // A's session died with it, and its lock with the session: B resumes at once.
    let head = call(b.port, 1, "HEAD", &location, &[tus(), ("Draft-Token", t.clone())], b"").await;
    assert_eq!(head.status, 200);
    let kept: usize = head.header("upload-offset").unwrap().parse().unwrap();
    assert!(kept <= 3_000_000, "kept {kept}");
    let rest = patch(b.port, 1, &t, &location, kept, &body[kept..]).await;
    assert_eq!(rest.status, 204, "{}", rest.text());
    let id = location.rsplit('/').next().unwrap();
    let status = upload_status(b.port, &t, id).await.json();
    assert_eq!(status["complete"], true);
    assert_eq!(status["sha256"], hex::encode(sha2::Sha256::digest(&body)));
    println!("kill -9 of A after {kept} of {} bytes: B resumed, SHA-256 equal", body.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test scale"]
async fn guesses_spread_over_two_instances_meet_one_limit() {
    use motcua_server::factor::CODE_FAILURES;
    let (a, b) = pair(&[]);
    let code = {
        let t = token();
        let f = upload_from(a.port, 1, &t, FORM, &pdf(3000, 1)).await;
        let c = upload_from(b.port, 1, &t, BIRTH_CERT, &pdf(3000, 2)).await;
        submit_from(a.port, 1, &t, &token(), &[&f, &c]).await.json()["code"].as_str().unwrap().to_string()
    };
    // Wrong factors from many addresses, alternating instances: the code is slowed after its
    // free failures in total, not per instance.
    let mut answered = 0;
    for i in 0..(2 * CODE_FAILURES) {
        let port = if i % 2 == 0 { a.port } else { b.port };
        let body = serde_json::json!({ "citizen_id": format!("0301900{:05}", 10_000 + i) }).to_string();
        let ct = ("Content-Type", "application/json".to_string());
        let r =
            call(port, 40 + i as u8, "POST", &format!("/api/v1/dossiers/{code}/lookup"), &[ct], body.as_bytes()).await;
        match r.status {
            404 => answered += 1,
            429 => break,
            s => panic!("{s}: {}", r.text()),
        }
    }
    assert_eq!(answered, CODE_FAILURES, "wrong factors checked before the code was slowed");
    // Dossiers per address: the burst is shared too.
    let t = token();
    let mut filed = 0;
    loop {
        let f = upload_from(a.port, 90, &t, FORM, &pdf(1000, 100 + filed)).await;
        let c = upload_from(a.port, 90, &t, BIRTH_CERT, &pdf(1000, 200 + filed)).await;
        let port = if filed % 2 == 0 { a.port } else { b.port };
        let r = submit_from(port, 90, &t, &token(), &[&f, &c]).await;
        if r.status == 429 {
            break;
        }
        assert_eq!(r.status, 201, "{}", r.text());
        filed += 1;
        assert!(filed <= 40, "no limit across instances");
    }
    assert_eq!(filed, motcua_server::rate::DOSSIER_BURST);
    println!("limits across two instances: {answered} wrong factors checked, then 429; {filed} dossiers from one address, then 429");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test scale"]
async fn an_embedded_installation_moves_whole_and_moving_again_is_safe() {
    let url = std::env::var("MOTCUA_TEST_DATABASE_URL").expect("MOTCUA_TEST_DATABASE_URL");
    // The embedded installation: two dossiers (one moved by an officer, one with a 6 MiB file)
    // and a draft whose upload is half sent.
    let old = Server::start_with(std::sync::Arc::new(tempfile::tempdir().unwrap()), None, None, &[]);
    let accepted = dossier(old.port).await;
    old.officer(&["accept", &accepted]);
    let t = token();
    let big = pdf(6 * 1024 * 1024, 11);
    let big_id = upload(old.port, &t, BIRTH_CERT, &big).await;
    let form = upload(old.port, &t, FORM, &pdf(3000, 12)).await;
    let filed = submit(old.port, &t, &token(), &[&big_id, &form]).await;
    let second = filed.json()["code"].as_str().unwrap().to_string();
    let draft = token();
    let half = pdf(400_000, 13);
    let created = create(old.port, 1, &draft, FORM, half.len()).await;
    let half_location = created.header("location").unwrap().to_string();
    assert_eq!(patch(old.port, 1, &draft, &half_location, 0, &half[..150_000]).await.status, 204);
    // One file damaged on the old disk.
    let damaged = upload(old.port, &token(), FORM, &pdf(5000, 14)).await;
    let damaged_path = old.dir.path().join(format!("uploads/{damaged}.part"));
    let original = std::fs::read(&damaged_path).unwrap();
    std::fs::write(&damaged_path, b"%PDF-1.7\nnot what was uploaded").unwrap();

    let database = motcua_server::store::pg::fresh_database(&url);
    let store = test_object_store();
    let target = tempfile::tempdir().unwrap();
    let run = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-server"));
        cmd.arg("migrate").arg("--from-data-dir").arg(old.dir.path()).args(["--database-url", &database]);
        cmd.arg("--data-dir").arg(target.path());
        if let Some(s) = &store {
            cmd.args(["--object-store", s]);
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run();
    println!("first run: {out}{err}");
    assert!(!ok, "a damaged file fails the run");
    assert!(err.contains(&damaged) && err.contains("SHA-256"), "{err}");
    assert!(out.contains("dossiers: 2 moved") && out.contains("files: 5 moved"), "{out}");
    // Repaired, run again: the rest moves, nothing twice.
    std::fs::write(&damaged_path, original).unwrap();
    let (ok, out, err) = run();
    println!("second run: {out}{err}");
    assert!(ok, "{err}");
    assert!(out.contains("dossiers: 0 moved, 2 there already") && out.contains("files: 1 moved"), "{out}");
    assert!(out.contains("5 there already"), "{out}");

    // The new installation serves what the old one held.
    let new = Server::start_with(std::sync::Arc::new(target), Some(database), store, &[]);
    let lookup = |code: String| {
        let port = new.port;
        async move {
            let body = serde_json::json!({ "citizen_id": CITIZEN_ID }).to_string();
            let ct = ("Content-Type", "application/json".to_string());
            call(port, 1, "POST", &format!("/api/v1/dossiers/{code}/lookup"), &[ct], body.as_bytes()).await.json()
        }
    };
    assert_eq!(lookup(accepted.clone()).await["status"], "accepted");
    assert_eq!(lookup(second.clone()).await["timeline"].as_array().unwrap().len(), 1);
    let shown = new.officer(&["show", &second]);
    assert!(shown.contains(&hex::encode(sha2::Sha256::digest(&big))), "{shown}");
    // The half-sent upload resumes where it stopped, and ends with the right SHA-256.
    let head = call(new.port, 1, "HEAD", &half_location, &[tus(), ("Draft-Token", draft.clone())], b"").await;
    assert_eq!(head.header("upload-offset"), Some("150000"));
    assert_eq!(patch(new.port, 1, &draft, &half_location, 150_000, &half[150_000..]).await.status, 204);
    let id = half_location.rsplit('/').next().unwrap();
    assert_eq!(upload_status(new.port, &draft, id).await.json()["sha256"], hex::encode(sha2::Sha256::digest(&half)));
    // The next dossier of the day continues the old installation's numbers.
    let t = token();
    let f = upload(new.port, &t, FORM, &pdf(3000, 15)).await;
    let c = upload(new.port, &t, BIRTH_CERT, &pdf(3000, 16)).await;
    let next = submit(new.port, &t, &token(), &[&f, &c]).await.json()["code"].as_str().unwrap().to_string();
    assert!(next.ends_with("-0003"), "{next} after {accepted} and {second}");
}
