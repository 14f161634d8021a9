//! A fuzzing loop that runs on stable Rust, where `cargo fuzz` cannot:
//!
//! ```text
//! cargo run --release --bin runner -- TARGET SECONDS [SEED]
//! ```
//!
//! It feeds TARGET (one of `policy_fuzz::TARGETS`) the seed corpus (the
//! shipped policies and cases, `tests/errors/`, `tests/catalogue/`, and
//! `fuzz/corpus/`), then random mutations of it, for SECONDS. Each input runs
//! in a worker process; a panic is caught and its input saved, and a crash
//! the worker cannot catch (a stack overflow aborts) is found by the parent,
//! which saves the input the worker was on (`fuzz/crashes/TARGET-last`) and
//! starts a new worker. Exit 1 when anything was found.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crashes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crashes")
}

/// Every file under `dir` with one of these extensions, in name order.
fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            out.push(path);
        }
    }
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let root = root();
    let mut policies = Vec::new();
    walk(&root.join("policies"), &["policy"], &mut policies);
    walk(&root.join("tests/errors"), &["policy"], &mut policies);
    walk(&root.join("tests/catalogue"), &["policy"], &mut policies);
    walk(&root.join("tests/fixtures"), &["policy"], &mut policies);
    let mut cases = Vec::new();
    walk(&root.join("policies"), &["json"], &mut cases);
    walk(&root.join("tests/catalogue"), &["json"], &mut cases);
    walk(&root.join("tests/fixtures"), &["jsonl"], &mut cases);
    let read = |paths: &[PathBuf]| -> Vec<Vec<u8>> {
        paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
    };
    let (policies, cases) = (read(&policies), read(&cases));
    let mut own = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(target),
        &["bin", "policy", "json", "txt"],
        &mut own,
    );
    let mut seeds = read(&own);
    match target {
        "parse" => seeds.extend(policies),
        "eval_end_to_end" => {
            for (i, p) in policies.iter().enumerate() {
                seeds.push(policy_fuzz::join_pair(p, &cases[i % cases.len().max(1)]));
            }
            let refunds =
                std::fs::read(root.join("policies/webpro/refunds.policy")).unwrap_or_default();
            for c in &cases {
                seeds.push(policy_fuzz::join_pair(&refunds, c));
            }
        }
        // Structured targets read their own shapes from the bytes; any
        // bytes will do as a start, the cases' bytes as well as any.
        _ => seeds.extend(cases),
    }
    if seeds.is_empty() {
        seeds.push(Vec::new());
    }
    seeds
}

/// SplitMix64: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[&[u8]] = &[
    b"(",
    b")",
    b"\"",
    b"\\",
    b"\n",
    b"\r\n",
    b"\t",
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"1e400",
    b"-",
    b"99999999999999999999999999999",
    b"2026-02-30",
    b"9999-12-31",
    b"+262144-01-01",
    b"$",
    b"%",
    b" days",
    b" business days",
    b" months",
    b" and ",
    b" or ",
    b" not ",
    b"define x = ",
    b"clause c.9 \"t\"\n  ",
    b"precedence ",
    b" is missing",
    b" within 15 days of ",
    b"the higher of ",
    b"0",
    b"-1",
    b"\xf0\x9f\x99\x82",
];

/// One random change (or a few) to `input`.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let at = rng.below(input.len() + 1);
        match rng.below(8) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 if !input.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(input.len());
                input.drain(at.min(end)..end);
            }
            3 => {
                let word = INTERESTING[rng.below(INTERESTING.len())];
                input.splice(at..at, word.iter().copied());
            }
            4 if !input.is_empty() => {
                // Repeat a piece: nesting, long statements.
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(32)).min(input.len());
                let piece = input[start..end].to_vec();
                for _ in 0..1 + rng.below(64) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                // Splice in part of another seed.
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(256)).min(other.len());
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            6 => input.truncate(at),
            _ => {
                let i = rng.below(input.len() + 1);
                let word = INTERESTING[rng.below(INTERESTING.len())];
                let end = (i + word.len()).min(input.len());
                input.splice(i..end, word.iter().copied());
            }
        }
    }
    input.truncate(256 * 1024);
}

fn save(name: &str, data: &[u8]) -> PathBuf {
    let dir = crashes();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, data);
    path
}

/// The worker: run inputs until the time is up; report each panic.
fn worker(target: &str, until: Instant, seed: u64) -> u64 {
    std::panic::set_hook(Box::new(|_| {}));
    let corpus = corpus(target);
    let mut rng = Rng(seed);
    let last = crashes().join(format!("{target}-last"));
    let _ = std::fs::create_dir_all(crashes());
    let mut runs = 0u64;
    let mut found = 0u64;
    let mut input = Vec::new();
    while Instant::now() < until {
        input.clear();
        let pick = runs as usize;
        if pick < corpus.len() {
            input.extend_from_slice(&corpus[pick]);
        } else {
            input.extend_from_slice(&corpus[rng.below(corpus.len())]);
            mutate(&mut rng, &mut input, &corpus);
        }
        // Left behind if this input kills the process.
        let _ = std::fs::write(&last, &input);
        let result = std::panic::catch_unwind(|| policy_fuzz::run(target, &input));
        runs += 1;
        if let Err(panic) = result {
            found += 1;
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let path = save(&format!("{target}-panic-{seed}-{runs}"), &input);
            println!("PANIC {message}: input saved to {}", path.display());
        }
    }
    let _ = std::fs::remove_file(&last);
    println!("RUNS {runs} FOUND {found}");
    let _ = std::io::stdout().flush();
    found
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--worker") {
        let target = args.get(2).cloned().unwrap_or_default();
        let millis: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
        let seed: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
        let found = worker(
            &target,
            Instant::now() + Duration::from_millis(millis),
            seed,
        );
        std::process::exit(i32::from(found > 0));
    }
    let (Some(target), Some(seconds)) = (args.get(1), args.get(2).and_then(|s| s.parse().ok()))
    else {
        eprintln!(
            "usage: runner TARGET SECONDS [SEED]; targets: {}",
            policy_fuzz::TARGETS.join(", ")
        );
        std::process::exit(2);
    };
    if !policy_fuzz::TARGETS.contains(&target.as_str()) {
        eprintln!(
            "no target {target}; targets: {}",
            policy_fuzz::TARGETS.join(", ")
        );
        std::process::exit(2);
    }
    let mut seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let seconds: u64 = seconds;
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let (mut runs, mut found) = (0u64, 0u64);
    let exe = std::env::current_exe().expect("the runner knows its own path");
    while Instant::now() < end {
        let left = end.saturating_duration_since(Instant::now()).as_millis();
        let out = Command::new(&exe)
            .args(["--worker", target, &left.to_string(), &seed.to_string()])
            .output()
            .expect("the worker starts");
        let stdout = String::from_utf8_lossy(&out.stdout);
        for line in stdout.lines() {
            if let Some(rest) = line.strip_prefix("RUNS ") {
                let mut parts = rest.split(" FOUND ");
                runs += parts
                    .next()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0);
                found += parts
                    .next()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0);
            } else {
                println!("{line}");
            }
        }
        if out.status.code().is_none() || out.status.code() == Some(134) {
            // Killed by a signal or an abort: the input it was on is left.
            found += 1;
            let last = crashes().join(format!("{target}-last"));
            let data = std::fs::read(&last).unwrap_or_default();
            let path = save(&format!("{target}-crash-{seed}"), &data);
            let why = String::from_utf8_lossy(&out.stderr);
            println!(
                "CRASH ({}): input saved to {}",
                why.lines().last().unwrap_or("killed"),
                path.display()
            );
            // The runs before the crash are not reported; count one.
            runs += 1;
        }
        seed += 1;
    }
    println!(
        "{target}: {runs} inputs in {:.0} s, {found} finding(s)",
        start.elapsed().as_secs_f64()
    );
    std::process::exit(i32::from(found > 0));
}
