//! A JSONL corpus read a chunk at a time: large reads into one buffer, lines
//! split where they lie, UTF-8 checked once for the whole chunk. A line costs
//! no allocation and no copy of its own.
//!
//! What a line is, and what is said of a bad one, is what reading one line at
//! a time gave (the tests compare the two): a line ends at `\n` and loses the
//! `\r`s before it; a blank line is no case but still counts, so `line N` is
//! the line an editor shows; a line longer than the limit, or one that is not
//! UTF-8, is a case that cannot be read, and the next line reads as usual; a
//! read error ends the corpus with one last case that cannot be read.

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use super::corpus::{Chunk, Entry};
use crate::facts::MAX_FACTS_BYTES;

/// How much one read asks for: large reads, few system calls.
const READ_BYTES: usize = 1 << 18;

pub(super) struct LineReader {
    reader: Box<dyn Read + Send>,
    /// How messages name the corpus: its path, or `standard input`.
    origin: Arc<str>,
    /// The number of the last line counted.
    line: usize,
    /// The start of a line whose end is not read yet, for the next chunk.
    carry: Vec<u8>,
    /// The number of a line too long to keep, while the rest of it is read
    /// and dropped.
    overlong: Option<usize>,
    /// The reader has nothing more.
    done: bool,
    /// The longest line kept.
    limit: usize,
    /// How much one read asks for.
    read_bytes: usize,
    /// The size of the last chunk, to give the next its room at once.
    last_bytes: usize,
}

impl LineReader {
    pub(super) fn new(reader: Box<dyn Read + Send>, origin: Arc<str>) -> LineReader {
        LineReader::with_sizes(reader, origin, MAX_FACTS_BYTES, READ_BYTES)
    }

    /// Smaller sizes let the tests reach the limit and the edges of reads.
    fn with_sizes(
        reader: Box<dyn Read + Send>,
        origin: Arc<str>,
        limit: usize,
        read_bytes: usize,
    ) -> LineReader {
        LineReader {
            reader,
            origin,
            line: 0,
            carry: Vec::new(),
            overlong: None,
            done: false,
            limit,
            read_bytes: read_bytes.max(1),
            last_bytes: 0,
        }
    }

    pub(super) fn origin(&self) -> &Arc<str> {
        &self.origin
    }

    /// Every line has been handed out.
    pub(super) fn is_done(&self) -> bool {
        self.done
    }

    /// The next cases: about `cases` of them (blank lines count), or all
    /// that are left, with every line whose end the reads brought in. Empty
    /// only at the end.
    pub(super) fn next_chunk(&mut self, cases: usize) -> Chunk {
        loop {
            let chunk = self.read_lines(cases);
            // A run of blank lines is no chunk to hand out.
            if !chunk.is_empty() || self.done {
                return chunk;
            }
        }
    }

    /// At least `cases` lines, or all that are left.
    fn read_lines(&mut self, cases: usize) -> Chunk {
        let room = self.last_bytes.max(self.carry.len()) + self.read_bytes;
        let mut bytes = Vec::with_capacity(room);
        bytes.append(&mut self.carry);
        let mut entries = Vec::with_capacity(cases.min(1 << 16));
        // Where the line being read starts.
        let mut start = 0;
        // Lines counted for the chunk's size, blank ones too, so that a run
        // of blank lines cannot make a chunk without end.
        let mut counted = 0;
        while counted < cases && !self.done {
            let scanned = bytes.len();
            let read = self.fill(&mut bytes);
            let mut from = scanned;
            while let Some(at) = memchr::memchr(b'\n', bytes.get(from..).unwrap_or_default()) {
                let end = from + at;
                let (line, kept) = match self.overlong.take() {
                    Some(line) => (line, false),
                    None => {
                        self.line += 1;
                        (self.line, true)
                    }
                };
                if !kept || end - start > self.limit {
                    // The end of a line too long to keep: its text goes.
                    bytes.drain(start..=end);
                    entries.push(self.too_long(line));
                    from = start;
                } else {
                    push_line(&mut entries, &bytes, without_cr(&bytes, start, end), line);
                    start = end + 1;
                    from = start;
                }
                counted += 1;
            }
            // The line still open: its text goes once it is too long to keep.
            if self.overlong.is_some() {
                bytes.truncate(start);
            } else if bytes.len() - start > self.limit {
                self.line += 1;
                self.overlong = Some(self.line);
                bytes.truncate(start);
            }
            if let Err(e) = read {
                // The line being read is lost with the stream.
                let line = self.overlong.take().unwrap_or(self.line + 1);
                let message = format!("cannot read {}: {e}", self.origin);
                entries.push(Entry::line(Err(message), line));
                bytes.truncate(start);
                break;
            }
        }
        if self.done {
            // The last line needs no `\n`.
            if let Some(line) = self.overlong.take() {
                entries.push(self.too_long(line));
            } else if bytes.len() > start {
                self.line += 1;
                let text = without_cr(&bytes, start, bytes.len());
                push_line(&mut entries, &bytes, text, self.line);
                start = bytes.len();
            }
        }
        self.carry = bytes.split_off(start);
        self.last_bytes = bytes.len();
        self.chunk(bytes, entries)
    }

    /// Up to `read_bytes` more bytes appended to `bytes`; `done` once the
    /// stream has no more. `read_to_end` lets a file or standard input read
    /// straight into the spare room, where a plain `read` would need the
    /// room zeroed first: a second pass over every byte of the corpus.
    fn fill(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<()> {
        let want = self.read_bytes as u64;
        let read = (&mut *self.reader).take(want).read_to_end(bytes);
        // Short of `want` only at the end of the stream (or on an error).
        self.done = !matches!(read, Ok(n) if n as u64 == want);
        read.map(|_| ())
    }

    fn too_long(&self, line: usize) -> Entry {
        let message = format!(
            "{} line {line}: the line is longer than {} bytes",
            self.origin, self.limit
        );
        Entry::line(Err(message), line)
    }

    /// The chunk of `bytes`, once its text is known to be UTF-8: a line that
    /// is not UTF-8 made a case that cannot be read.
    #[allow(unsafe_code)]
    fn chunk(&self, bytes: Vec<u8>, mut entries: Vec<Entry>) -> Chunk {
        let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: the line above checked that `bytes` is UTF-8, with a
            // SIMD check three times the speed of the standard library's
            // (which would be a second pass over every byte of the corpus).
            unsafe { String::from_utf8_unchecked(bytes) }
        } else {
            self.not_utf8(bytes, &mut entries)
        };
        Chunk::new(text, entries)
    }

    /// The text of a chunk with a line that is not UTF-8 in it: each such
    /// line becomes an error, and its bytes spaces, so what is left is text.
    fn not_utf8(&self, mut bytes: Vec<u8>, entries: &mut [Entry]) -> String {
        for entry in entries.iter_mut() {
            let (Some(range), Some(line)) = (entry.range(), entry.line_number()) else {
                continue;
            };
            let Some(text) = bytes.get_mut(range) else {
                continue;
            };
            if let Err(e) = std::str::from_utf8(text) {
                let at = e.valid_up_to();
                text.fill(b' ');
                entry.set_error(format!(
                    "{} line {line}: not UTF-8 text (invalid byte at offset {at})",
                    self.origin
                ));
            }
        }
        match String::from_utf8(bytes) {
            Ok(text) => text,
            // Cannot happen: every line left is UTF-8, and so are line ends.
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// Line `line`, at `text` in `bytes`, as a case unless it is blank.
fn push_line(entries: &mut Vec<Entry>, bytes: &[u8], text: Range<usize>, line: usize) {
    if !blank(bytes.get(text.clone()).unwrap_or_default()) {
        entries.push(Entry::line(Ok(text), line));
    }
}

/// A line that is no case: only white space. Nearly every line starts with
/// `{`, known at its first byte; any other is read as text, so a line of
/// Unicode spaces is blank too, and one that is not UTF-8 is not (it is a
/// case that cannot be read).
fn blank(line: &[u8]) -> bool {
    match line.first() {
        Some(b'{') => false,
        _ => std::str::from_utf8(line).is_ok_and(|text| text.trim_start().is_empty()),
    }
}

/// The line from `start` to `end`, without the `\r`s that end it.
fn without_cr(bytes: &[u8], start: usize, mut end: usize) -> Range<usize> {
    while end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    start..end
}

#[cfg(test)]
mod tests;
