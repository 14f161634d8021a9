//! `policy eval FILE --cases FILE.jsonl|DIR`: one JSON line per case, in
//! input order. Cases are read in chunks and each chunk is decided on every
//! core, so memory stays flat in the number of cases and order is kept.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{load, Exit, Format};
use crate::batch::LineWriter;
use crate::cases::{self, Chunk};
use crate::error::{CaseError, ErrorKind};
use crate::eval::Prepared;
use crate::render::json;

/// Cases decided together: enough to keep both cores busy, few enough that
/// memory does not grow with the corpus.
const CHUNK: usize = 8192;

/// Cases one worker decides into one output buffer.
const PIECE: usize = 512;

/// A typical decision line's length, to size the buffers once.
const LINE_BYTES: usize = 256;

/// Stack for each worker deciding cases.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

pub fn run(policy: &Path, corpus: &str) -> Exit {
    let prepared = match load(policy, Format::Json) {
        Ok(p) => Prepared::new(p),
        Err(code) => return code,
    };
    let program = prepared.program();
    let mut corpus = match cases::open(corpus) {
        Ok(c) => c,
        Err(message) => {
            let error = CaseError::new(ErrorKind::Io, message, vec![]);
            println!("{}", json::error(&program.name, &error));
            return Exit::Error;
        }
    };
    // Workers with room for the deepest evaluation the checker allows, even
    // in a debug build (rayon's default is 2 MB).
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .ok();
    let progress = progress_bar();
    // Each piece is a whole number of lines, about 120 KB: written as it
    // is (standard output passes whole lines straight through), with no
    // copy into a buffer of our own.
    let mut out = std::io::stdout();
    // A pipeline: while the workers decide one chunk, the lines of the
    // chunk before are written and the next chunk is read, so reading and
    // writing (one thread's work) do not hold up the deciding.
    let mut current = corpus.next_chunk(CHUNK);
    let mut pending: Vec<String> = Vec::new();
    while !current.is_empty() {
        let mut step = || {
            rayon::join(
                || decide_all(&prepared, &current),
                || (write_all(&mut out, &pending), corpus.next_chunk(CHUNK)),
            )
        };
        let (decided, (written, next)) = match &pool {
            Some(pool) => pool.install(step),
            None => step(),
        };
        if !written {
            // The reader went away (a closed pipe): nothing left to do.
            return Exit::Success;
        }
        progress.inc(current.len() as u64);
        pending = decided;
        current = next;
    }
    progress.finish_and_clear();
    if !write_all(&mut out, &pending) || out.flush().is_err() {
        return Exit::Success;
    }
    Exit::Success
}

/// Each worker takes consecutive pieces of the chunk and writes their lines
/// into one buffer per piece: no allocation per case. The buffers come back
/// in input order.
fn decide_all(prepared: &Prepared, chunk: &Chunk) -> Vec<String> {
    chunk
        .cases()
        .par_chunks(PIECE)
        .map_init(
            || LineWriter::new(prepared),
            |writer, piece| {
                let mut out = String::with_capacity(piece.len() * LINE_BYTES);
                for case in piece {
                    writer.write(&mut out, chunk.text(case), || case.name());
                    out.push('\n');
                }
                out
            },
        )
        .collect()
}

/// Write the buffers in order; `false` once the output is closed.
fn write_all(out: &mut impl std::io::Write, pieces: &[String]) -> bool {
    pieces
        .iter()
        .all(|piece| out.write_all(piece.as_bytes()).is_ok())
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
