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
use crate::eval::{Decider, Decision, Failure};
use crate::program::Program;
use crate::render::{self, json};

/// Cases decided together: enough to keep both cores busy, few enough that
/// memory does not grow with the corpus.
const CHUNK: usize = 8192;

/// Cases one worker decides into one output buffer.
const PIECE: usize = 512;

/// A typical decision line's length, to size the buffers once.
const LINE_BYTES: usize = 256;

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
        // Each worker takes consecutive pieces of the chunk and writes their
        // lines into one buffer per piece, reusing its decider and decision:
        // no allocation per case beyond the facts and the case text.
        let decide_all = || -> Vec<String> {
            chunk
                .par_chunks(PIECE)
                .map_init(
                    || (Decider::new(&program), Decision::default()),
                    |(decider, decision), piece| {
                        let mut out = String::with_capacity(piece.len() * LINE_BYTES);
                        for case in piece {
                            line(&mut out, &program, decider, decision, case);
                            out.push('\n');
                        }
                        out
                    },
                )
                .collect()
        };
        let pieces = match &pool {
            Some(pool) => pool.install(decide_all),
            None => decide_all(),
        };
        for piece in &pieces {
            if out.write_all(piece.as_bytes()).is_err() {
                // The reader went away (a closed pipe): nothing left to do.
                return 0;
            }
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    if out.flush().is_err() {
        return 0;
    }
    0
}

/// One case's JSON line, without its newline: its decision, or its error
/// naming the case.
fn line(
    out: &mut String,
    program: &Program,
    decider: &mut Decider<'_>,
    decision: &mut Decision,
    case: &Case,
) {
    // The common paths: readable facts, then a decision written directly, or
    // a broken assumption reported from the facts already read.
    if let Ok(text) = &case.text {
        if let Ok(facts) = crate::facts::read(program, text) {
            match decider.decide_into(&facts, decision) {
                Ok(()) => return json::write_decision(out, program, decision),
                Err(Failure::Rejected(rejection)) => {
                    let (message, named) = render::rejection(program, &facts, &rejection);
                    let error = json::error(&program.name, "assumption", &message, &named);
                    return push_error(out, error, case);
                }
                Err(Failure::Error(_)) => {}
            }
        }
    }
    // Anything else goes the way `policy eval` reports it (rare, so deciding
    // again costs nothing that matters).
    match &case.text {
        Ok(text) => match cases::evaluate_with(decider, text) {
            Outcome::Decided(j) => out.push_str(&j.to_string()),
            Outcome::Error(error) => push_error(out, error, case),
        },
        Err(message) => push_error(out, json::error(&program.name, "io", message, &[]), case),
    }
}

/// An error object with the case it is about.
fn push_error(out: &mut String, mut error: Json, case: &Case) {
    if let Json::Object(o) = &mut error {
        o.insert("case".into(), Json::String(case.name()));
    }
    out.push_str(&error.to_string());
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
