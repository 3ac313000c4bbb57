//! `motcua-server`: the reference back end of the Một Cửa API.
//!
//! `serve` (the default) runs the API on SQLite and serves the built app; `size-report` measures
//! the first-page bytes of a build against the budget.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use motcua_server::settings::Settings;
use motcua_server::{assets, officer, serve, size_report, state, store, tls};

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (announced on stdout).
    #[arg(long, env = "MOTCUA_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Folder for the SQLite database and uploaded files; created on first start.
    #[arg(long, env = "MOTCUA_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Keep the records in PostgreSQL (`postgres://user:password@host/db`) instead of the
    /// SQLite file in --data-dir, so that several instances can serve one province.
    #[arg(long, env = "MOTCUA_DATABASE_URL", value_name = "URL")]
    database_url: Option<String>,
    /// Keep uploaded files in S3-compatible object storage (`s3://bucket`; AWS_ENDPOINT_URL,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION say where and as whom) instead of
    /// --data-dir/uploads.
    #[arg(long, env = "MOTCUA_OBJECT_STORE", value_name = "URL")]
    object_store: Option<String>,
    /// The built app (Trunk's `dist/`); the API still runs when it is missing.
    #[arg(long, env = "MOTCUA_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "MOTCUA_LOG_JSON")]
    log_json: bool,
    /// Serve HTTPS (HTTP/2 and HTTP/1.1) with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "MOTCUA_TLS_CERT", requires = "tls_key", value_name = "PEM")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "MOTCUA_TLS_KEY", requires = "tls_cert", value_name = "PEM")]
    tls_key: Option<PathBuf>,
    /// Serve HTTPS with a certificate made at start for localhost and 127.0.0.1 (development and
    /// benches: browsers must be told to accept it).
    #[arg(long, env = "MOTCUA_TLS_SELF_SIGNED", conflicts_with = "tls_cert")]
    tls_self_signed: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

impl ServeArgs {
    fn tls(&self) -> Option<tls::Certificate> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(chain), Some(key)) => Some(tls::Certificate::Files { chain: chain.clone(), key: key.clone() }),
            _ => self.tls_self_signed.then_some(tls::Certificate::SelfSigned),
        }
    }
}

/// Limits (see `settings.rs`); the defaults are `Settings::default()`.
#[derive(clap::Args, Clone)]
struct LimitArgs {
    /// Open connections in total.
    #[arg(long, env = "MOTCUA_MAX_CONNECTIONS", default_value_t = Settings::default().max_connections)]
    max_connections: usize,
    /// Open connections from one address.
    #[arg(long, env = "MOTCUA_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = Settings::default().max_connections_per_address)]
    max_connections_per_address: usize,
    /// Seconds a client has to send a request's headers.
    #[arg(long, env = "MOTCUA_HEADER_TIMEOUT_SECS", default_value_t = Settings::default().header_timeout.as_secs())]
    header_timeout_secs: u64,
    /// Seconds without progress of any body (a request's read, a response's written) before a
    /// connection is closed.
    #[arg(long, env = "MOTCUA_IDLE_TIMEOUT_SECS", default_value_t = Settings::default().idle_timeout.as_secs())]
    idle_timeout_secs: u64,
    /// Seconds after which a connection is closed gracefully, whatever it does.
    #[arg(long, env = "MOTCUA_MAX_CONNECTION_AGE_SECS", default_value_t = Settings::default().max_connection_age.as_secs())]
    max_connection_age_secs: u64,
    /// MiB of uploads from one address (or IPv6 /64) not yet in a dossier, finished or not.
    #[arg(long, alias = "unfinished-mib-per-address", env = "MOTCUA_UPLOAD_MIB_PER_ADDRESS", default_value_t = Settings::default().upload_bytes_per_address >> 20)]
    upload_mib_per_address: u64,
    /// Seconds an upload that has received no byte is kept after its creation.
    #[arg(long, env = "MOTCUA_EMPTY_EXPIRY_SECS", default_value_t = Settings::default().empty_expiry.as_secs())]
    empty_expiry_secs: u64,
    /// Dossiers one address (or IPv6 /64) may file in an hour.
    #[arg(long, env = "MOTCUA_DOSSIERS_PER_HOUR_PER_ADDRESS", default_value_t = Settings::default().dossiers_per_hour_per_address)]
    dossiers_per_hour_per_address: u32,
    /// Clients, and dossier codes, the second-factor limiter remembers at most.
    #[arg(long, env = "MOTCUA_LIMITER_ENTRIES", default_value_t = Settings::default().limiter_entries)]
    limiter_entries: usize,
    /// Days the files of an ended dossier are kept after its last event.
    #[arg(long, env = "MOTCUA_DOSSIER_FILES_RETENTION_DAYS", default_value_t = Settings::default().dossier_files_retention.as_secs() / 86400)]
    dossier_files_retention_days: u64,
    /// MiB of free disk the uploads never use.
    #[arg(long, env = "MOTCUA_DISK_RESERVE_MIB", default_value_t = Settings::default().disk_reserve_bytes >> 20)]
    disk_reserve_mib: u64,
    /// Seconds an unfinished upload is kept after its last byte (or its owner's last question).
    #[arg(long, env = "MOTCUA_UNFINISHED_EXPIRY_SECS", default_value_t = Settings::default().unfinished_expiry.as_secs())]
    unfinished_expiry_secs: u64,
    /// Seconds a finished upload no dossier holds is kept (from finishing, or its owner's last question).
    #[arg(long, env = "MOTCUA_FINISHED_EXPIRY_SECS", default_value_t = Settings::default().finished_expiry.as_secs())]
    finished_expiry_secs: u64,
    /// Seconds between sweeps of expired uploads and orphan files.
    #[arg(long, env = "MOTCUA_SWEEP_EVERY_SECS", default_value_t = Settings::default().sweep_every.as_secs())]
    sweep_every_secs: u64,
    /// Send Strict-Transport-Security: for a server behind a proxy that terminates TLS (with
    /// --tls-cert it is sent unless --no-hsts).
    #[arg(long, env = "MOTCUA_HSTS")]
    hsts: bool,
    /// Do not send Strict-Transport-Security even with --tls-cert (a test certificate).
    #[arg(long, env = "MOTCUA_NO_HSTS", conflicts_with = "hsts")]
    no_hsts: bool,
    /// For demos and tests only: date dossiers as if the server had started at this moment
    /// (RFC 3339, e.g. 2026-11-29T20:12:00+07:00); the clock runs on from there.
    #[arg(long, value_parser = parse_moment)]
    pretend_now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

fn parse_moment(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("{s:?} is not an RFC 3339 moment ({e})"))
}

impl LimitArgs {
    fn settings(&self) -> Settings {
        use std::time::Duration;
        Settings {
            max_connections: self.max_connections,
            max_connections_per_address: self.max_connections_per_address,
            header_timeout: Duration::from_secs(self.header_timeout_secs),
            idle_timeout: Duration::from_secs(self.idle_timeout_secs.max(1)),
            max_connection_age: Duration::from_secs(self.max_connection_age_secs.max(1)),
            upload_bytes_per_address: self.upload_mib_per_address << 20,
            empty_expiry: Duration::from_secs(self.empty_expiry_secs.max(1)),
            dossiers_per_hour_per_address: self.dossiers_per_hour_per_address.max(1),
            limiter_entries: self.limiter_entries.max(1),
            dossier_files_retention: Duration::from_secs(self.dossier_files_retention_days.max(1) * 86400),
            disk_reserve_bytes: self.disk_reserve_mib << 20,
            unfinished_expiry: Duration::from_secs(self.unfinished_expiry_secs.max(60)),
            finished_expiry: Duration::from_secs(self.finished_expiry_secs.max(60)),
            sweep_every: Duration::from_secs(self.sweep_every_secs.max(1)),
            hsts: self.hsts,
            clock_offset: self
                .pretend_now
                .map(|at| at.with_timezone(&chrono::Utc) - chrono::Utc::now())
                .unwrap_or_else(chrono::TimeDelta::zero),
            ..Settings::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the API and serve the app (the default).
    Serve(ServeArgs),
    /// What an officer does to dossiers (for demos and tests; there is no officer web page).
    Officer {
        #[arg(long, env = "MOTCUA_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
        /// The records in PostgreSQL, as the server's --database-url.
        #[arg(long, env = "MOTCUA_DATABASE_URL", value_name = "URL")]
        database_url: Option<String>,
        #[command(subcommand)]
        action: OfficerAction,
    },
    /// Move an embedded installation (SQLite file and uploads folder) into PostgreSQL and
    /// object storage, checking every file's SHA-256; safe to run again.
    Migrate {
        /// The embedded installation's data folder.
        #[arg(long)]
        from_data_dir: PathBuf,
        #[arg(long, env = "MOTCUA_DATABASE_URL", value_name = "URL")]
        database_url: String,
        /// `s3://bucket[/prefix]`; without it, files go to --data-dir/uploads.
        #[arg(long, env = "MOTCUA_OBJECT_STORE", value_name = "URL")]
        object_store: Option<String>,
        /// Where files go when there is no object store.
        #[arg(long, env = "MOTCUA_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
    },
    /// Print the brotli size of what the first page loads, and fail above the budget.
    SizeReport {
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Budget in KiB (1024 bytes), brotli, all-in.
        #[arg(long, default_value_t = 160.0)]
        budget_kib: f64,
    },
}

#[derive(Subcommand)]
enum OfficerAction {
    /// One line a dossier.
    List,
    /// One dossier: applicant, history and every file attached.
    Show { code: String },
    /// Accept a dossier (status 2).
    Accept { code: String },
    /// Refuse it, saying why (status 3).
    Refuse {
        code: String,
        #[arg(long)]
        message: String,
    },
    /// Start processing (status 4).
    Process { code: String },
    /// Ask the citizen for more documents, once, saying what (status 5).
    RequestSupplement {
        code: String,
        /// In Vietnamese.
        #[arg(long)]
        message: String,
        #[arg(long)]
        message_en: Option<String>,
        /// A requirement id to bring (repeat for several).
        #[arg(long = "requirement")]
        requirements: Vec<String>,
    },
    /// The result is ready (status 9).
    Finish { code: String },
    /// A desk's appointments on a day (YYYY-MM-DD).
    Day { office: String, date: chrono::NaiveDate },
    /// The citizen with this ticket came.
    CheckIn { ticket: String },
    /// The citizen with this ticket did not come.
    NoShow { ticket: String },
    /// The result was handed over (status 10).
    Return { code: String },
}

fn officer(data_dir: &std::path::Path, database_url: Option<String>, action: OfficerAction) -> std::process::ExitCode {
    use motcua_domain::dossier::DossierStatus::*;
    use motcua_domain::Text;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let result: Result<String, String> = runtime.block_on(async move {
        let (db, records) = store::Records::open(data_dir, database_url.as_deref()).await.map_err(|e| e.to_string())?;
        let note = |vi: String, en: Option<String>| Some(Text { en: en.unwrap_or_else(|| vi.clone()), vi });
        let (r, d) = (&records, &db);
        match action {
            OfficerAction::List => officer::list(r, d).await.map(|lines| lines.join("\n")),
            OfficerAction::Show { code } => officer::show(r, &code).await.map(|lines| lines.join("\n")),
            OfficerAction::Accept { code } => {
                officer::transition(r, d, &code, Accepted, None, vec![]).await.map(|_| format!("{code} accepted"))
            }
            OfficerAction::Refuse { code, message } => {
                officer::transition(r, d, &code, Refused, note(message, None), vec![])
                    .await
                    .map(|_| format!("{code} refused"))
            }
            OfficerAction::Process { code } => {
                officer::transition(r, d, &code, Processing, None, vec![]).await.map(|_| format!("{code} processing"))
            }
            OfficerAction::RequestSupplement { code, message, message_en, requirements } => {
                officer::transition(r, d, &code, SupplementRequested, note(message, message_en), requirements)
                    .await
                    .map(|_| format!("{code}: supplement requested"))
            }
            OfficerAction::Finish { code } => {
                officer::transition(r, d, &code, Resolved, None, vec![]).await.map(|_| format!("{code} resolved"))
            }
            OfficerAction::Day { office, date } => officer::day(r, &office, date).await.map(|lines| lines.join("\n")),
            OfficerAction::CheckIn { ticket } => {
                officer::mark_booking(r, &ticket, "checked_in").await.map(|_| format!("{ticket} checked in"))
            }
            OfficerAction::NoShow { ticket } => {
                officer::mark_booking(r, &ticket, "no_show").await.map(|_| format!("{ticket}: did not come"))
            }
            OfficerAction::Return { code } => {
                officer::transition(r, d, &code, Returned, None, vec![]).await.map(|_| format!("{code} returned"))
            }
        }
    });
    match result {
        Ok(out) => {
            if !out.is_empty() {
                println!("{out}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("officer: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn migrate(
    from: &std::path::Path,
    database_url: &str,
    object_store: Option<&str>,
    data_dir: &std::path::Path,
) -> std::process::ExitCode {
    init_logs(false);
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(motcua_server::migrate::run(from, database_url, object_store, data_dir)) {
        Ok(r) => {
            println!(
                "dossiers: {} moved, {} there already; files: {} moved ({} bytes, each SHA-256 checked at both ends), \
                 {} there already, {} rows whose file was deleted after the retention period",
                r.dossiers_moved, r.dossiers_there, r.files_moved, r.bytes_moved, r.files_there, r.rows_without_file
            );
            for p in &r.problems {
                eprintln!("migrate: {p}");
            }
            if r.problems.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                eprintln!("migrate: {} problem(s); fix them and run again (what moved stays)", r.problems.len());
                std::process::ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("migrate: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::SizeReport { dist, budget_kib }) => size_report::run(&dist, budget_kib),
        Some(Command::Officer { data_dir, database_url, action }) => officer(&data_dir, database_url, action),
        Some(Command::Migrate { from_data_dir, database_url, object_store, data_dir }) => {
            migrate(&from_data_dir, &database_url, object_store.as_deref(), &data_dir)
        }
        Some(Command::Serve(args)) => run_server(args),
        None => run_server(cli.serve),
    }
}

fn run_server(args: ServeArgs) -> std::process::ExitCode {
    init_logs(args.log_json);
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let result = runtime.block_on(async move {
        let tls = args.tls().map(|c| tls::acceptor(&c)).transpose()?;
        let (db, records) = store::Records::open(&args.data_dir, args.database_url.as_deref()).await?;
        tracing::info!(records = %records.engine(), "storage opened");
        let mut settings = args.limits.settings();
        // A real certificate means the app is served over HTTPS: browsers should never again try
        // it in plain text. A certificate made at start is for development on localhost.
        if args.tls_cert.is_some() && !args.limits.no_hsts {
            settings.hsts = true;
        }
        settings.object_store = args.object_store.clone();
        let state = state::AppState::new(db, records, &args.data_dir, settings).await?;
        tracing::info!(files = %state.uploads.store.describe(), "uploads stored");
        let assets = assets::Assets::load(&args.dist)?;
        serve::run(args.listen, tls, state, assets).await
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped with an error");
            eprintln!("motcua-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logs(json: bool) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
