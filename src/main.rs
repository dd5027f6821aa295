//! The `opendata` command-line tool: argument parsing, progress and output formats only;
//! every answer comes from `opendata-core`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(outcome) => outcome.exit_code(),
        // A reader that stopped early (`| head`) is not an error worth a message.
        Err(cli::CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("opendata: {err}");
            ExitCode::from(2)
        }
    }
}
