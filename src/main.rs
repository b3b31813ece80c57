//! The `hoidap` binary: parses the command line, runs it, prints the whole error chain on failure.

use std::process::ExitCode;

fn main() -> ExitCode {
    match hoidap::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("hoidap: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}
