//! The `vtsim` command: parses arguments, runs, prints errors once.

/// Writes a line to stderr and ignores a failure: a full or closed stderr
/// must never abort vtsim (the message is lost, the exit code still says
/// what happened).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) would end the process with SIGXFSZ
    // and no word, leaving a partial folder; ignored, the write fails with
    // EFBIG and is reported like a full disk, and nothing half-written stays.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN at the start of
    // main, before any thread is started, has no memory-safety conditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // An internal invariant violation is a bug: say so once, without a
    // backtrace dump (RUST_BACKTRACE=1 still shows one).
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        say!(
            "vtsim: internal error (a bug in vtsim{place}): {what}\n\
             Please report it with the command you ran and the scenario file. No results were written."
        );
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            say!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
    // `parse` would panic when it cannot print its message.
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`vtsim run | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            if e.downcast_ref::<vtsim::Error>()
                .is_some_and(|v| matches!(v, vtsim::Error::Interrupted))
            {
                say!("vtsim: {e:#}");
                return ExitCode::from(130);
            }
            say!("vtsim: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
