//! `cargo xtask <command>`: everything a newcomer or CI runs, on a fresh machine too.
//!
//! - `run`:   bootstrap, build the app, start the reference back end on http://127.0.0.1:8080
//! - `test`:  bootstrap, every test suite, the size budget; ends with `N passed, M failed`
//!            (`test scale`: only the scale-out part, on PostgreSQL and S3-compatible storage)
//! - `build`: bootstrap and build the app into `dist/`
//! - `bench`: the reference back end under load on loopback (figures, no assertions; `bench
//!            storage`: SQLite, PostgreSQL + S3 with one instance and with two, side by side)
//! - `bootstrap`: install what is missing (idempotent, fast when done)

mod bench;
mod bootstrap;
mod incremental;
mod services;
mod shells;
mod steps;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = steps::workspace_root();
    std::env::set_current_dir(&root).expect("cd to the workspace root");
    let result = match args.first().map(String::as_str) {
        Some("bootstrap") => bootstrap::all().map(|_| ()),
        Some("build") => bootstrap::all().and_then(|env| steps::build_app(&env)),
        Some("run") => bootstrap::all().and_then(|env| steps::run(&env)),
        Some("test") => bootstrap::all().and_then(|env| steps::test(&env, &args[1..])),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <run | test | build | bench | bootstrap>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
