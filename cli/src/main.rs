//! `lightcheck`: the command-line verifier.
//!
//! Exit codes: 0 verified, 1 rejected (a verification verdict), 2 usage or I/O error, 3 a
//! settlement bundle whose response verified but whose settlement is not shown yet, 4 a
//! light-client attack detected (two nodes serving conflicting verified blocks).

mod args;
mod cometbft;
mod input;
mod light;
mod nitro;
mod og;
mod og_collect;
mod vectors;
mod zk;

use std::process::ExitCode;

const USAGE: &str = "\
lightcheck: verify what verifiable-AI networks claim, on your own device

USAGE:
  lightcheck nitro verify FILE [options]   verify an AWS Nitro attestation document
  lightcheck cometbft verify|verify-commit|verify-tx [options]
                                           CometBFT light-client step, commit, tx proof
  lightcheck cometbft sync --primary URL --witness URL ... [options]
                                           the light client against live nodes, with witnesses
  lightcheck zk verify --vka FILE --proof FILE [options]
                                           an EZKL (halo2 KZG) proof against its VKA
  lightcheck og verify-response|verify-bundle [options]
                                           an OpenGradient TEE response; a settlement bundle
  lightcheck vectors [DIR]                 check every bundled conformance vector (default: test-vectors)
  lightcheck help                          this text

Exit codes: 0 verified (settled), 1 rejected, 2 usage or I/O error, 3 settlement pending,
4 light-client attack detected.";

/// What a command concluded, with the text to print.
pub enum Outcome {
    /// Everything checked verified (exit 0).
    Verified(String),
    /// Something did not verify (exit 1).
    Rejected(String),
    /// Verified so far, settlement not shown yet.
    Pending(String),
    /// A light-client attack was detected (exit 4).
    Attack(String),
}

fn main() -> ExitCode {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    let command: Vec<String> = argv.iter().take(2).cloned().collect();
    let result = match command.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["nitro", "verify", ..] => nitro::run(args::Args::new(argv.split_off(2))),
        ["nitro", ..] => Err(format!("usage:\n{}", nitro::USAGE)),
        ["cometbft", command, ..] => {
            let command = command.to_string();
            cometbft::run(&command, args::Args::new(argv.split_off(2)))
        }
        ["cometbft", ..] => Err(format!("usage:\n{}", cometbft::USAGE)),
        ["zk", command, ..] => {
            let command = command.to_string();
            zk::run(&command, args::Args::new(argv.split_off(2)))
        }
        ["zk", ..] => Err(format!("usage:\n{}", zk::USAGE)),
        ["og", command, ..] => {
            let command = command.to_string();
            og::run(&command, args::Args::new(argv.split_off(2)))
        }
        ["og", ..] => Err(format!("usage:\n{}\n{}", og::USAGE, og_collect::USAGE)),
        ["vectors", ..] => vectors::run(args::Args::new(argv.split_off(1))),
        ["help" | "--help" | "-h", ..] => {
            println!(
                "{USAGE}\n\n{}\n\n{}\n{}\n\n{}\n\n{}\n{}",
                nitro::USAGE,
                cometbft::USAGE,
                light::USAGE,
                zk::USAGE,
                og::USAGE,
                og_collect::USAGE
            );
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("usage:\n{USAGE}")),
    };
    match result {
        Ok(Outcome::Verified(text)) => {
            println!("{text}");
            ExitCode::from(0)
        }
        Ok(Outcome::Rejected(text)) => {
            println!("{text}");
            ExitCode::from(1)
        }
        Ok(Outcome::Pending(text)) => {
            println!("{text}");
            ExitCode::from(3)
        }
        Ok(Outcome::Attack(text)) => {
            println!("{text}");
            ExitCode::from(4)
        }
        Err(message) => {
            eprintln!("lightcheck: {message}");
            ExitCode::from(2)
        }
    }
}
