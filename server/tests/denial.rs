//! The second abuse round: what a handful of addresses on the open internet tries in order to
//! deny service to everyone else (stall, starve, pin memory, lock others out, fill the disk,
//! spam), each against a live server process of its own on loopback, bounded in time and count.
//! Each test prints its figure; the assertions are about what the other citizens get.

mod support;

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use motcua_server::factor::CODE_FAILURES;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request, or `None` when the server closed the connection without an answer.
async fn try_call(port: u16, from: u8, path: &str) -> Option<Resp> {
    let mut s = connect(port, from).await;
    s.write_all(&head_bytes("GET", path, &[], 0)).await.ok()?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut raw)).await.ok()?.ok()?;
    (!raw.is_empty()).then(|| parse(&raw))
}

/// Waits until the server closes `s` (EOF or reset); `None` if it is still open after `within`.
async fn closed_within(mut s: tokio::net::TcpStream, within: Duration) -> Option<Instant> {
    let mut buf = [0u8; 4096];
    let end = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(end, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(Instant::now()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_bodies_hold_no_slot_after_the_deadline() {
    let server =
        Server::start(&["--idle-timeout-secs", "2", "--max-connections", "200", "--max-connections-per-address", "25"]);
    let port = server.port;
    // 8 addresses × 25 connections: every slot, each a POST that sends one byte of its body.
    let mut held = Vec::new();
    for from in 1..=8u8 {
        for _ in 0..25 {
            let mut s = connect(port, from).await;
            let headers = [("Content-Type", "application/json".to_string())];
            let path = "/api/v1/dossiers/000.21.12.H23-261207-0001/lookup";
            s.write_all(&head_bytes("POST", path, &headers, 1000)).await.unwrap();
            s.write_all(b"{").await.unwrap();
            held.push(s);
        }
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(try_call(port, 50, "/api/v1/health").await.is_none(), "the attack holds every slot at first");
    let closed =
        futures_util::future::join_all(held.into_iter().map(|s| closed_within(s, Duration::from_secs(8)))).await;
    let open = closed.iter().filter(|c| c.is_none()).count();
    let last = closed.iter().flatten().map(|t| t.duration_since(started)).max().unwrap_or_default();
    println!(
        "stalled bodies: 200 connections (8 addresses) held every slot; slots held after the 2 s deadline: {open} (the last closed {:.1} s after the attack began)",
        last.as_secs_f64()
    );
    assert_eq!(open, 0, "stalled bodies still hold slots");
    let served = try_call(port, 50, "/api/v1/health").await.expect("a newcomer is served again");
    assert_eq!(served.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_trickling_for_ever_ends_at_the_maximum_age() {
    let server = Server::start(&["--idle-timeout-secs", "2", "--max-connection-age-secs", "3"]);
    let port = server.port;
    let mut s = connect(port, 1).await;
    let headers = [("Content-Type", "application/json".to_string())];
    s.write_all(&head_bytes("POST", "/api/v1/dossiers/000.21.12.H23-261207-0001/lookup", &headers, 100_000))
        .await
        .unwrap();
    let started = Instant::now();
    // One byte every 300 ms: real progress, well inside the idle deadline, for ever.
    let (mut read, mut write) = s.into_split();
    let drip = tokio::spawn(async move {
        while write.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let mut buf = [0u8; 1024];
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    drip.abort();
    println!("a trickling body: closed {:.1} s after it began (maximum age 3 s)", started.elapsed().as_secs_f64());
    assert!(ended.is_ok(), "still open after 10 s");
    assert!(started.elapsed() >= Duration::from_secs(3), "closed before the maximum age: {:?}", started.elapsed());
}

#[allow(deprecated)] // ring's provider: the server's too (see `tls.rs`)
mod h2c {
    //! An HTTP/2 client over TLS that accepts the server's self-signed certificate.

    use std::sync::Arc;

    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, SignatureScheme};

    #[derive(Debug)]
    struct AnyCertificate;

    impl ServerCertVerifier for AnyCertificate {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn verify_tls13_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
        }
    }

    pub type Tls = tokio_rustls::client::TlsStream<tokio::net::TcpStream>;

    /// A TLS connection from `127.0.0.<from>` that asked for HTTP/2.
    pub async fn connect(port: u16, from: u8) -> Tls {
        let mut config =
            rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .unwrap()
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyCertificate))
                .with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec()];
        let tcp = super::connect(port, from).await;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config));
        let stream = tls.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
        assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"h2"[..]), "the server chose HTTP/2");
        stream
    }
}

/// A built app of one page and a 400 KB wasm, as `--dist`.
fn app_with_wasm() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let mut x: u32 = 7;
    let wasm: Vec<u8> = (0..400_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    std::fs::write(dist.path().join("motcua-0123456789abcdef_bg.wasm"), wasm).unwrap();
    dist
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http2_streams_with_a_zero_window_pin_no_memory_and_end_at_the_deadline() {
    let dist = app_with_wasm();
    let server =
        Server::start(&["--tls-self-signed", "--dist", dist.path().to_str().unwrap(), "--idle-timeout-secs", "5"]);
    let port = server.port;
    let before = server.memory_kib("VmRSS");
    let started = Instant::now();
    let mut connections = Vec::new();
    let mut answered = 0;
    // 20 connections × 100 streams asking for the wasm, and 5 × 100 for the catalogue (compressed),
    // each with a zero flow-control window, pinging to look alive.
    for i in 0..25u8 {
        let tls = h2c::connect(port, 10 + i).await;
        let (mut client, mut conn) =
            h2::client::Builder::new().initial_window_size(0).handshake::<_, axum::body::Bytes>(tls).await.unwrap();
        let mut pings = conn.ping_pong().unwrap();
        let driver = tokio::spawn(async move {
            let _ = conn.await;
            Instant::now()
        });
        let pinger = tokio::spawn(async move {
            while pings.ping(h2::Ping::opaque()).await.is_ok() {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
        let (path, encoding) =
            if i < 20 { ("/motcua-0123456789abcdef_bg.wasm", "identity") } else { ("/api/v1/procedures", "br") };
        let mut responses = Vec::new();
        for _ in 0..100 {
            client = client.ready().await.unwrap();
            let req = http::Request::get(format!("https://localhost{path}"))
                .header("accept-encoding", encoding)
                .body(())
                .unwrap();
            let (resp, _) = client.send_request(req, true).unwrap();
            responses.push(resp);
        }
        for r in responses {
            let r = r.await.unwrap();
            assert_eq!(r.status(), 200);
            answered += 1;
            std::mem::forget(r); // keep the stream open, its window at zero
        }
        connections.push((client, driver, pinger));
    }
    let held = server.memory_kib("VmRSS");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let peak = server.memory_kib("VmHWM");
    println!(
        "HTTP/2 zero window: {answered} streams answered and held (2,000 on a 400 KB wasm, 500 on the catalogue); server resident {} MiB before, {} MiB while held, peak {} MiB",
        before / 1024,
        held / 1024,
        peak / 1024
    );
    assert_eq!(answered, 2500);
    assert!(peak < before + 64 * 1024, "peak {} MiB from {} MiB", peak / 1024, before / 1024);
    // Pinging is not progress: every connection ends at the deadline.
    let mut ends = Vec::new();
    for (client, driver, pinger) in connections {
        let end = tokio::time::timeout(Duration::from_secs(15), driver).await;
        pinger.abort();
        drop(client);
        ends.push(end.ok().and_then(|r| r.ok()).map(|t| t.duration_since(started)));
    }
    let open = ends.iter().filter(|e| e.is_none()).count();
    let last = ends.iter().flatten().max().copied().unwrap_or_default();
    println!(
        "HTTP/2 zero window: connections open after the 5 s deadline: {open} (the last ended after {:.1} s)",
        last.as_secs_f64()
    );
    assert_eq!(open, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_connection_that_says_nothing_ends_at_the_deadline_even_when_it_pings() {
    let server = Server::start(&["--tls-self-signed", "--idle-timeout-secs", "2"]);
    let tls = h2c::connect(server.port, 1).await;
    let started = Instant::now();
    let (_client, mut conn) = h2::client::handshake(tls).await.unwrap();
    let mut pings = conn.ping_pong().unwrap();
    let pinger = tokio::spawn(async move {
        while pings.ping(h2::Ping::opaque()).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let ended = tokio::time::timeout(Duration::from_secs(10), conn).await;
    pinger.abort();
    println!("HTTP/2 preface and settings, then only pings: closed after {:.1} s", started.elapsed().as_secs_f64());
    assert!(ended.is_ok(), "still open after 10 s");
}

/// Fills the records with `n` dossiers of the first office, with their events and ratings,
/// straight into the database (as years of service would), then starts the server again on it.
fn fill_dossiers(server: &mut Server, n: u32) {
    server.kill9();
    let mut sql = String::from("BEGIN;\n");
    for i in 0..n {
        let day = 1 + i % 28;
        let code = format!("000.21.12.H23-2611{day:02}-{:04}", i / 28 + 1);
        let at = format!("2026-11-{day:02}T09:{:02}:00+07:00", i % 60);
        let due = format!("2026-11-{day:02}T16:30:00+07:00");
        let channel = if i % 3 == 0 { "in_person" } else { "online" };
        sql.push_str(&format!(
            "INSERT INTO dossiers (code, idempotency_key, request_hash, procedure_id, office_id, applicant, citizen_id,
                phone, status, received_at, appointment_at, receipt, channel)
             VALUES ('{code}', '{code}', '', 'XA-HT-01', 'thanh-ha', '{{}}', '030190001234', '0912345678', 10, '{at}',
                '{due}', '{{}}', '{channel}');\n"
        ));
        for (status, time) in
            [(1, "09:30"), (2, "10:00"), (9, if i % 4 == 0 { "17:00" } else { "15:00" }), (10, "17:30")]
        {
            sql.push_str(&format!(
                "INSERT INTO dossier_events (dossier_code, at, status) VALUES ('{code}', '2026-11-{day:02}T{time}:00+07:00', {status});\n"
            ));
        }
        if i % 2 == 0 {
            sql.push_str(&format!(
                "INSERT INTO ratings (dossier_code, score, at) VALUES ('{code}', {}, '{at}');\n",
                1 + i % 5
            ));
        }
    }
    sql.push_str("COMMIT;");
    server.execute_batch(&sql);
    server.restart();
}

async fn timed_get(port: u16, from: Ipv4Addr, path: &str) -> (u16, Duration) {
    let t = Instant::now();
    let r = call_ip(port, from, "GET", path, &[], b"").await;
    (r.status, t.elapsed())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_hammered_by_four_clients_leave_the_catalogue_fast() {
    let mut server = Server::start(&[]);
    fill_dossiers(&mut server, 5000);
    let port = server.port;
    let stats = |from: &str, to: &str| format!("/api/v1/offices/thanh-ha/statistics?from={from}&to={to}");
    let (status, one) = timed_get(port, Ipv4Addr::new(127, 0, 0, 2), &stats("2026-11-01", "2026-11-30")).await;
    assert_eq!(status, 200);
    let figures = call(port, 2, "GET", &stats("2026-11-01", "2026-11-30"), &[], b"").await.json();
    assert_eq!(figures["received"], 5000);
    assert_eq!(figures["finished"], 5000);
    assert_eq!(figures["ratings"], 2500);
    let late = figures["late_share"].as_f64().unwrap();
    assert!((late - 0.25).abs() < 1e-9, "a quarter finished after 16:30: {late}");

    let mut idle = Vec::new();
    for _ in 0..40 {
        let (status, t) = timed_get(port, Ipv4Addr::new(127, 0, 0, 3), "/api/v1/procedures").await;
        assert_eq!(status, 200);
        idle.push(t);
    }
    let idle = median(idle);
    // Four clients in a loop, each period different, so that nothing comes from the cache.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let asked = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let hammers: Vec<_> = (0..4u8)
        .map(|k| {
            let (stop, asked) = (stop.clone(), asked.clone());
            tokio::spawn(async move {
                let mut i = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    i += 1;
                    let from = format!("2026-{:02}-{:02}", 1 + (i % 10), 1 + (k as u32 * 7 + i) % 28);
                    let r =
                        call_ip(port, Ipv4Addr::new(127, 0, 1, k), "GET", &stats(&from, "2026-11-30"), &[], b"").await;
                    assert_eq!(r.status, 200);
                    asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut busy = Vec::new();
    for _ in 0..40 {
        let (status, t) = timed_get(port, Ipv4Addr::new(127, 0, 0, 4), "/api/v1/procedures").await;
        assert_eq!(status, 200);
        busy.push(t);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for h in hammers {
        h.await.unwrap();
    }
    let busy = median(busy);
    let cached = timed_get(port, Ipv4Addr::new(127, 0, 0, 5), &stats("2026-11-01", "2026-11-30")).await.1;
    println!(
        "statistics at 5,000 dossiers: {:.1} ms computed, {:.1} ms kept; catalogue read {:.2} ms idle, {:.2} ms while 4 clients asked {} uncached periods ({:.1}×)",
        one.as_secs_f64() * 1e3,
        cached.as_secs_f64() * 1e3,
        idle.as_secs_f64() * 1e3,
        busy.as_secs_f64() * 1e3,
        asked.load(std::sync::atomic::Ordering::Relaxed),
        busy.as_secs_f64() / idle.as_secs_f64()
    );
    assert!(busy < idle * 10, "catalogue {busy:?} while hammered, {idle:?} idle");
    // Kept figures are never stale: a new dossier counts at once.
    let all = "/api/v1/offices/thanh-ha/statistics";
    let before = call(port, 6, "GET", all, &[], b"").await.json()["received"].as_u64().unwrap();
    dossier(port).await;
    let after = call(port, 6, "GET", all, &[], b"").await.json()["received"].as_u64().unwrap();
    assert_eq!(after, before + 1);
}

fn lookup_body(citizen_id: &str) -> Vec<u8> {
    serde_json::json!({ "citizen_id": citizen_id }).to_string().into_bytes()
}

async fn lookup(port: u16, from: Ipv4Addr, code: &str, citizen_id: &str) -> Resp {
    let ct = ("Content-Type", "application/json".to_string());
    call_ip(port, from, "POST", &format!("/api/v1/dossiers/{code}/lookup"), &[ct], &lookup_body(citizen_id)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_400_guesses_checks_at_most_the_free_failures_and_the_owner_still_gets_in() {
    let server = Server::start(&[]);
    let port = server.port;
    let code = dossier(port).await;
    // 400 guesses at once from 20 addresses (20 each: inside every per-address limit), the right
    // factor among the last ones.
    let guesses: Vec<_> = (0..400u32)
        .map(|i| {
            let code = code.clone();
            let factor = if i >= 390 { CITIZEN_ID.to_string() } else { format!("0301900{:05}", 20_000 + i) };
            tokio::spawn(async move { lookup(port, Ipv4Addr::new(127, 0, 2, (i % 20) as u8), &code, &factor).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap().status);
    }
    let checked_wrong = statuses[..390].iter().filter(|s| **s == 404).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    let opened = statuses.iter().filter(|s| **s == 200).count();
    println!(
        "400 guesses at once on one code: wrong factors checked {checked_wrong}, refused {refused}, opened {opened}"
    );
    assert!(checked_wrong <= CODE_FAILURES as usize, "{checked_wrong} wrong factors checked");
    assert_eq!(checked_wrong + refused + opened, 400);
    assert!(opened == 0 || checked_wrong < CODE_FAILURES as usize, "the right factor was checked after the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_failures_on_other_codes_never_frees_a_slowed_code() {
    let server = Server::start(&["--limiter-entries", "1000"]);
    let port = server.port;
    let victim = dossier(port).await;
    for i in 0..CODE_FAILURES {
        let r = lookup(port, Ipv4Addr::new(127, 0, 3, i as u8), &victim, &format!("0301900{:05}", 30_000 + i)).await;
        assert_eq!(r.status, 404);
    }
    assert_eq!(lookup(port, Ipv4Addr::new(127, 0, 3, 200), &victim, "030190030099").await.status, 429);
    // 2,600 addresses, 3 failures each on codes nobody holds: more clients than the limiter keeps.
    let started = Instant::now();
    let mut busy = 0;
    for batch in 0..26u32 {
        let wave: Vec<_> = (0..100u32)
            .map(|j| {
                let n = batch * 100 + j;
                tokio::spawn(async move {
                    let from = Ipv4Addr::new(127, 10 + (n / 250) as u8, (n % 250) as u8, 1);
                    let mut statuses = Vec::new();
                    for k in 0..3 {
                        let code = format!("000.21.12.H23-200101-{:04}", (n * 3 + k) % 10_000);
                        statuses.push(lookup(port, from, &code, "030190000000").await.status);
                    }
                    statuses
                })
            })
            .collect();
        for w in wave {
            busy += w.await.unwrap().iter().filter(|s| **s == 429).count();
        }
    }
    let after = lookup(port, Ipv4Addr::new(127, 0, 3, 201), &victim, CITIZEN_ID).await;
    println!(
        "eviction flood: 7,800 failures on other codes from 2,600 addresses in {:.1} s ({busy} refused as newcomers while the limiter was full); the slowed code answers {}",
        started.elapsed().as_secs_f64(),
        after.status
    );
    assert_eq!(after.status, 429, "the slowed code was forgotten: {}", after.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_at_codes_not_yet_issued_spoil_nothing_for_their_owners() {
    let server = Server::start(&[]);
    let port = server.port;
    let first = dossier(port).await;
    let (prefix, _) = first.rsplit_once('-').unwrap();
    // 250 wrong guesses at the next 50 codes, 5 each from different addresses (25 addresses,
    // 10 guesses each: inside every per-address limit).
    for n in 0..250u32 {
        let code = format!("{prefix}-{:04}", 2 + n % 50);
        let r = lookup(port, Ipv4Addr::new(127, 0, 4, (n / 10) as u8 + 1), &code, "030190000000").await;
        assert_eq!(r.status, 404, "{}", r.text());
    }
    // The next citizens file, and find their dossiers with their own number at once.
    let mut answered = 0;
    for _ in 0..3 {
        let code = dossier(port).await;
        let r = lookup(port, Ipv4Addr::new(127, 0, 4, 99), &code, CITIZEN_ID).await;
        assert_eq!(r.status, 200, "{code}: {}", r.text());
        answered += 1;
    }
    println!("lockout flood: 250 guesses at the next 50 codes; the next {answered} citizens' first lookups answered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declarations_from_45_addresses_take_nothing_from_other_citizens() {
    // A disk with 2 GiB above the reserve: what 45 addresses declare (many GiB) is far more.
    let probe = tempfile::tempdir().unwrap();
    let free = {
        let s = rustix::fs::statvfs(probe.path()).unwrap();
        s.f_bavail * s.f_frsize
    };
    let reserve_mib = (free >> 20).saturating_sub(2048).to_string();
    let server = Server::start(&["--disk-reserve-mib", &reserve_mib]);
    let port = server.port;
    let twenty_mib = 20 * 1024 * 1024;
    let started = Instant::now();
    let mut declared = 0u64;
    for a in 0..45u32 {
        let from = Ipv4Addr::new(127, 5, a as u8, 1);
        for i in 0..40u32 {
            let t = format!("flood{a:03}{:024}", i / 5);
            let r = call_ip(
                port,
                from,
                "POST",
                "/api/v1/uploads",
                &[
                    tus(),
                    ("Upload-Length", twenty_mib.to_string()),
                    ("Upload-Metadata", format!("requirement {}", b64(FORM))),
                    ("Draft-Token", t),
                ],
                b"",
            )
            .await;
            if r.status != 201 {
                assert_eq!(r.status, 429, "{}", r.text());
                break;
            }
            declared += 1;
        }
    }
    // Another citizen uploads a document and it is accepted.
    let t = token();
    let id = upload(port, &t, BIRTH_CERT, &pdf(50_000, 9)).await;
    assert_eq!(upload_status(port, &t, &id).await.json()["complete"], true);
    println!(
        "declaration flood: 45 addresses declared {declared} uploads of 20 MiB ({} GiB, the disk had 2 GiB above its reserve) in {:.1} s; another citizen's upload: accepted and finished",
        declared * 20 / 1024,
        started.elapsed().as_secs_f64()
    );
    assert!(declared * twenty_mib > 4 << 30, "the flood declared only {declared}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finished_uploads_count_against_their_address_and_empty_ones_expire_within_minutes() {
    let server =
        Server::start(&["--upload-mib-per-address", "8", "--empty-expiry-secs", "2", "--sweep-every-secs", "1"]);
    let port = server.port;
    // Finished files from one address: the third 3 MiB file would pass 8 MiB.
    let t = token();
    for i in 0..2 {
        upload(port, &t, FORM, &pdf(3 << 20, i)).await;
    }
    let third = create(port, 1, &t, BIRTH_CERT, 3 << 20).await;
    assert_eq!(third.status, 429, "finished uploads must count: {}", third.text());
    let elsewhere = create(port, 2, &token(), BIRTH_CERT, 3 << 20).await;
    assert_eq!(elsewhere.status, 201, "another address is not affected");
    // A declaration that never receives a byte is gone within seconds, asking for it or not.
    let t = token();
    let empty = create(port, 3, &t, FORM, 1000).await.header("location").unwrap().to_string();
    let started = create(port, 3, &t, BIRTH_CERT, 1000).await.header("location").unwrap().to_string();
    assert_eq!(patch(port, 3, &t, &started, 0, &pdf(1000, 1)[..10]).await.status, 204);
    let head = |loc: String| {
        let t = t.clone();
        async move { call(port, 3, "HEAD", &loc, &[tus(), ("Draft-Token", t)], b"").await.status }
    };
    let begun = Instant::now();
    let mut gone = None;
    while begun.elapsed() < Duration::from_secs(8) {
        if head(empty.clone()).await == 404 {
            gone = Some(begun.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    println!(
        "an upload with no byte, asked about every 250 ms: gone after {:.1} s (empty expiry 2 s)",
        gone.unwrap_or_default().as_secs_f64()
    );
    assert!(gone.is_some(), "an empty upload kept alive by HEAD");
    assert_eq!(head(started).await, 200, "one that received bytes is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dossiers_from_one_address_are_limited_and_other_addresses_still_file() {
    let server = Server::start(&[]);
    let port = server.port;
    let mut filed = 0;
    let refused = loop {
        let t = token();
        let a = upload(port, &t, FORM, &pdf(2000, filed * 2)).await;
        let b = upload(port, &t, BIRTH_CERT, &pdf(2000, filed * 2 + 1)).await;
        let r = submit(port, &t, &token(), &[&a, &b]).await;
        if r.status != 201 {
            break r;
        }
        filed += 1;
        assert!(filed <= 25, "still filing after {filed}");
    };
    assert_eq!(refused.status, 429, "{}", refused.text());
    assert!(refused.header("retry-after").is_some());
    assert!(refused.json()["message"]["vi"].as_str().unwrap().contains("phút"));
    // Another address files at once.
    let t = token();
    let a = upload(port, &t, FORM, &pdf(2000, 900)).await;
    let b = upload(port, &t, BIRTH_CERT, &pdf(2000, 901)).await;
    let other = call(
        port,
        9,
        "POST",
        "/api/v1/dossiers",
        &[("Content-Type", "application/json".into()), ("Idempotency-Key", token()), ("Draft-Token", t)],
        &dossier_body(&[&a, &b]),
    )
    .await;
    println!("dossier spam: one address filed {filed}, then 429; another address: {}", other.status);
    assert_eq!(other.status, 201, "{}", other.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_of_an_ended_dossier_are_deleted_after_the_retention_period() {
    let mut server = Server::start(&["--dossier-files-retention-days", "30"]);
    let code = dossier(server.port).await;
    let ongoing = dossier(server.port).await;
    for step in ["accept", "finish", "return"] {
        server.officer(&[step, &code]);
    }
    let files = |server: &Server, code: &str| {
        let shown = server.officer(&["show", code]);
        shown.lines().filter(|l| l.starts_with("file ")).map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(files(&server, &code).len(), 2);
    assert!(server.stored_files() >= 4);
    // 31 days later.
    let later = (chrono::Utc::now() + chrono::Duration::days(31)).to_rfc3339();
    server.set_args(&["--dossier-files-retention-days", "30", "--pretend-now", &later]);
    server.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !files(&server, &code).iter().all(|l| l.contains("deleted after the retention period")) {
        assert!(Instant::now() < deadline, "{:?}", files(&server, &code));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let left = server.stored_files();
    assert_eq!(left, 2, "the ongoing dossier's files stay");
    assert!(files(&server, &ongoing).iter().all(|l| !l.contains("deleted")));
    println!(
        "retention: an ended dossier's 2 files deleted 31 days on (30 kept), its record kept; an ongoing one's kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weak_spots_answer_clearly() {
    let server = Server::start(&[]);
    let port = server.port;
    // A path escape that is not text: the API's JSON, not plain text.
    let r = call(port, 1, "GET", "/api/v1/procedures/%ff", &[], b"").await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("application/json"), "{r:?}");
    assert_eq!(r.json()["code"], "not_found");
    // A name turned around by U+202E is refused, with a message that says how to fix it.
    let t = token();
    let a = upload(port, &t, FORM, &pdf(2000, 1)).await;
    let b = upload(port, &t, BIRTH_CERT, &pdf(2000, 2)).await;
    let mut body: serde_json::Value = serde_json::from_slice(&dossier_body(&[&a, &b])).unwrap();
    body["applicant"]["full_name"] = "Nguyễn \u{202E}aoH ịhT".into();
    let r = call(
        port,
        1,
        "POST",
        "/api/v1/dossiers",
        &[("Content-Type", "application/json".into()), ("Idempotency-Key", token()), ("Draft-Token", t.clone())],
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["fields"][0]["code"], "hidden_character", "{}", r.text());
    // A supplement must bring what the officer asked for, and only that.
    let code = dossier(port).await;
    server.officer(&["request-supplement", &code, "--message", "Bổ sung giấy chứng sinh", "--requirement", BIRTH_CERT]);
    let t = token();
    let wrong = upload(port, &t, FORM, &pdf(2000, 3)).await;
    let send = |ids: Vec<String>, t: String| {
        let code = code.clone();
        async move {
            let body = serde_json::json!({ "citizen_id": CITIZEN_ID, "uploads": ids }).to_string();
            call(
                port,
                1,
                "POST",
                &format!("/api/v1/dossiers/{code}/supplements"),
                &[("Content-Type", "application/json".into()), ("Draft-Token", t)],
                body.as_bytes(),
            )
            .await
        }
    };
    let r = send(vec![wrong.clone()], t.clone()).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["fields"][0]["code"], "not_requested");
    assert!(server.officer(&["show", &code]).lines().next().unwrap().contains("Yêu cầu bổ sung"), "the status stays");
    let right = upload(port, &t, BIRTH_CERT, &pdf(2000, 4)).await;
    assert_eq!(send(vec![right], t.clone()).await.status, 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_certificate_turns_hsts_on() {
    let dir = tempfile::tempdir().unwrap();
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let pem = |label: &str, der: &[u8]| {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
        format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
    };
    std::fs::write(&cert, pem("CERTIFICATE", made.cert.der())).unwrap();
    std::fs::write(&key, pem("PRIVATE KEY", &made.key_pair.serialize_der())).unwrap();
    for (extra, expected) in [(None, true), (Some("--no-hsts"), false)] {
        let mut args = vec!["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()];
        args.extend(extra);
        let server = Server::start(&args);
        let tls = h2c::connect(server.port, 1).await;
        let (mut client, conn) = h2::client::handshake(tls).await.unwrap();
        tokio::spawn(conn);
        let req = http::Request::get("https://localhost/api/v1/health").body(()).unwrap();
        let (resp, _) = client.send_request(req, true).unwrap();
        let resp = resp.await.unwrap();
        assert_eq!(resp.headers().contains_key("strict-transport-security"), expected, "{extra:?}");
    }
    let plain = Server::start(&[]);
    let r = call(plain.port, 1, "GET", "/api/v1/health", &[], b"").await;
    assert!(r.header("strict-transport-security").is_none(), "not over plain HTTP");
}
