//! `almanac-build <corpus folder> [-o <file>] [--check] [--passages] [--sizes]`: validates a corpus folder and writes
//! its bundle. Reports every error with file and line; exits 1 if there is any.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut folder: Option<PathBuf> = None;
    let mut output: Option<PathBuf> = None;
    let mut check_only = false;
    let mut list_passages = false;
    let mut sizes = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" | "--output" => output = args.next().map(PathBuf::from),
            "--check" => check_only = true,
            "--passages" => list_passages = true,
            "--sizes" => sizes = true,
            "-h" | "--help" => {
                println!("usage: almanac-build <corpus folder> [-o <file.almanac>] [--check] [--passages] [--sizes]");
                return ExitCode::SUCCESS;
            }
            _ if folder.is_none() => folder = Some(PathBuf::from(a)),
            _ => {
                eprintln!("unexpected argument {a:?}; usage: almanac-build <corpus folder> [-o <file>] [--check]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(folder) = folder else {
        eprintln!(
            "usage: almanac-build <corpus folder> [-o <file.almanac>] [--check] [--passages]"
        );
        return ExitCode::from(2);
    };
    let started = std::time::Instant::now();
    match pfp_almanac::compiler::compile(&folder) {
        Ok((corpus, report)) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if list_passages {
                for p in &corpus.passages {
                    let head: String = p.text.chars().take(70).collect();
                    println!("{:<45} {:<40} {head}", p.id, p.label);
                }
            }
            let bytes = pfp_almanac::bundle::encode(&corpus);
            if sizes {
                for (part, n) in pfp_almanac::bundle::sizes(&corpus) {
                    println!(
                        "{n:>8} B  {:>5.1} %  {part}",
                        100.0 * n as f64 / bytes.len() as f64
                    );
                }
            }
            println!(
                "{}: {} documents, {} passages, {} entities, {} events, {} disagreements, {} repairs; bundle {} bytes; {:.1} ms",
                folder.display(), corpus.documents.len(), corpus.passages.len(), corpus.entities.len(),
                corpus.events.len(), corpus.disagreements.len(), report.repairs, bytes.len(),
                started.elapsed().as_secs_f64() * 1e3
            );
            if !check_only {
                let out = output.unwrap_or_else(|| folder.with_extension("almanac"));
                if let Err(e) = std::fs::write(&out, &bytes) {
                    eprintln!("cannot write {}: {e}", out.display());
                    return ExitCode::FAILURE;
                }
                println!("wrote {}", out.display());
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            eprintln!("{} error(s); nothing written", diagnostics.len());
            ExitCode::FAILURE
        }
    }
}
