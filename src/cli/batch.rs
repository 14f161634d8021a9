//! `policy eval FILE --cases FILE.jsonl|DIR`: one JSON line per case, in
//! input order. Cases are read in chunks and each chunk is decided on every
//! core, so memory stays flat in the number of cases and order is kept.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde_json::Value as Json;

use super::{load, Format};
use crate::cases::{self, Case, Outcome};
use crate::eval::Decider;
use crate::program::Program;
use crate::render::json;

/// Cases decided together: enough to keep both cores busy, few enough that
/// memory does not grow with the corpus.
const CHUNK: usize = 8192;

/// Stack for each worker deciding cases.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

pub fn run(policy: &Path, corpus: &str) -> u8 {
    let program = match load(policy, Format::Json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut corpus = match cases::open(corpus) {
        Ok(c) => c,
        Err(message) => {
            println!("{}", json::error(&program.name, "io", &message, &[]));
            return 2;
        }
    };
    // Workers with room for the deepest evaluation the checker allows, even
    // in a debug build (rayon's default is 2 MB).
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .ok();
    let progress = progress_bar();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut chunk: Vec<Case> = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        chunk.extend(corpus.by_ref().take(CHUNK));
        if chunk.is_empty() {
            break;
        }
        let decide_all = || -> Vec<String> {
            chunk
                .par_iter()
                .map_init(
                    || Decider::new(&program),
                    |decider, case| line(&program, decider, case),
                )
                .collect()
        };
        let lines = match &pool {
            Some(pool) => pool.install(decide_all),
            None => decide_all(),
        };
        for l in &lines {
            if writeln!(out, "{l}").is_err() {
                // The reader went away (a closed pipe): nothing left to do.
                return 0;
            }
        }
        progress.inc(lines.len() as u64);
    }
    progress.finish_and_clear();
    if out.flush().is_err() {
        return 0;
    }
    0
}

/// One case's JSON line: its decision, or its error naming the case.
fn line(program: &Program, decider: &mut Decider<'_>, case: &Case) -> String {
    // The common path: readable facts and a decision, written directly.
    if let Ok(text) = &case.text {
        if let Ok(facts) = crate::facts::read(program, text) {
            if let Ok(decision) = decider.decide(&facts) {
                let mut out = String::with_capacity(256);
                json::write_decision(&mut out, program, &decision);
                return out;
            }
        }
    }
    // Anything else goes the way `policy eval` reports it (rare, so deciding
    // again costs nothing that matters).
    let outcome = match &case.text {
        Ok(text) => cases::evaluate_with(decider, text),
        Err(message) => Outcome::Error(json::error(&program.name, "io", message, &[])),
    };
    match outcome {
        Outcome::Decided(j) => j.to_string(),
        Outcome::Error(mut j) => {
            if let Json::Object(o) = &mut j {
                o.insert("case".into(), Json::String(case.name.clone()));
            }
            j.to_string()
        }
    }
}

/// A count of cases on standard error, only when a person is watching it.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {human_pos} cases decided ({per_sec})")
    {
        bar.set_style(style);
    }
    bar
}
