//! The chunked reader against the reader it replaced, which read one line at
//! a time through a `BufRead`: the same cases, names and messages for any
//! bytes, any read sizes and any chunk sizes.

use std::io::{BufRead, BufReader, Read};

use proptest::prelude::*;

use super::super::corpus::lines;
use super::super::Case;
use super::*;

/// Every case of `bytes`: its line and its text or error.
type Cases = Vec<(usize, Result<String, String>)>;

/// A reader that gives `bytes` at most `step` at a time, then fails if
/// `fails`.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
    fails: bool,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
        if n == 0 && self.fails && !buf.is_empty() {
            return Err(std::io::Error::other("the disk is on fire"));
        }
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn trickle(bytes: &[u8], step: usize, fails: bool) -> Box<dyn Read + Send> {
    Box::new(Trickle {
        bytes: bytes.to_vec(),
        at: 0,
        step,
        fails,
    })
}

/// The reader as it was, line by line, with `limit` for the longest line.
fn one_at_a_time(reader: Box<dyn Read + Send>, limit: usize) -> Cases {
    let mut reader = BufReader::with_capacity(7, reader);
    let mut cases = Vec::new();
    let mut line = 0;
    loop {
        line += 1;
        let mut bytes = Vec::new();
        let read = (&mut reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut bytes)
            .and_then(|n| {
                if bytes.last() != Some(&b'\n') && bytes.len() > limit {
                    skip_line(&mut reader)?;
                    return Ok(Some(Err(format!(
                        "t.jsonl line {line}: the line is longer than {limit} bytes"
                    ))));
                }
                while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                    bytes.pop();
                }
                Ok((n > 0).then(|| {
                    String::from_utf8(bytes).map_err(|e| {
                        let at = e.utf8_error().valid_up_to();
                        format!("t.jsonl line {line}: not UTF-8 text (invalid byte at offset {at})")
                    })
                }))
            });
        match read {
            Ok(None) => return cases,
            Ok(Some(Ok(text))) if text.trim().is_empty() => {}
            Ok(Some(text)) => cases.push((line, text)),
            Err(e) => {
                cases.push((line, Err(format!("cannot read t.jsonl: {e}"))));
                return cases;
            }
        }
    }
}

fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    let mut rest = Vec::new();
    reader.read_until(b'\n', &mut rest).map(|_| ())
}

/// The chunked reader's cases, `per_chunk` cases asked for at a time.
fn chunked(reader: LineReader, per_chunk: usize) -> Cases {
    let mut reader = reader;
    let mut cases = Vec::new();
    loop {
        let chunk = reader.next_chunk(per_chunk);
        if chunk.is_empty() {
            assert!(reader.is_done(), "an empty chunk only at the end");
            return cases;
        }
        for entry in chunk.cases() {
            let line = entry.line_number().expect("a line");
            let text = chunk.text(entry).map(str::to_owned).map_err(str::to_owned);
            cases.push((line, text));
        }
    }
}

fn reader(bytes: &[u8], step: usize, fails: bool, limit: usize, read: usize) -> LineReader {
    LineReader::with_sizes(trickle(bytes, step, fails), "t.jsonl".into(), limit, read)
}

/// Bytes from pieces that make every kind of line: blank, Unicode space,
/// `\r`, not UTF-8 (alone, split over reads, or cut by a line end), long.
fn corpus() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"{\"a\": 1}".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\x0b".to_vec()),
        Just("\u{a0}".as_bytes().to_vec()),
        Just("\u{3000}é".as_bytes().to_vec()),
        Just(b"\xc3".to_vec()),
        Just(b"\xa9".to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_vec()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn chunks_read_what_lines_one_at_a_time_read(
        bytes in corpus(),
        step in 1usize..50,
        read in 1usize..50,
        limit in 1usize..60,
        per_chunk in 1usize..6,
        fails in any::<bool>(),
    ) {
        let want = one_at_a_time(trickle(&bytes, step, fails), limit);
        let got = chunked(reader(&bytes, step, fails, limit, read), per_chunk);
        prop_assert_eq!(got, want);
    }
}

#[test]
fn jsonl_names_cases_by_line_and_skips_blank_lines() {
    let cases: Vec<Case> = lines(
        trickle(b"{\"a\": 1}\n\n{\"b\": 2}\r\n", 100, false),
        "cases.jsonl".into(),
    )
    .collect();
    let names: Vec<String> = cases.iter().map(Case::name).collect();
    assert_eq!(names, ["line 1", "line 3"]);
    assert_eq!(cases[1].origin(), "cases.jsonl line 3");
    assert_eq!(cases[1].text.as_deref(), Ok("{\"b\": 2}"));
}

#[test]
fn an_overlong_line_is_one_bad_case_and_the_next_line_still_reads() {
    let long = format!("{}\n{{\"ok\": true}}\n", "x".repeat(MAX_FACTS_BYTES + 10));
    let cases: Vec<Case> = lines(trickle(long.as_bytes(), 1 << 20, false), "c".into()).collect();
    assert_eq!(cases.len(), 2);
    assert_eq!(
        cases[0].text,
        Err(format!(
            "c line 1: the line is longer than {MAX_FACTS_BYTES} bytes"
        ))
    );
    assert_eq!(cases[1].text.as_deref(), Ok("{\"ok\": true}"));
}

#[test]
fn lines_at_the_limit_are_kept_and_one_byte_more_is_not() {
    for (line, ends, kept) in [
        (MAX_FACTS_BYTES, "\n", true),
        (MAX_FACTS_BYTES, "", true),
        (MAX_FACTS_BYTES - 1, "\r\n", true),
        (MAX_FACTS_BYTES, "\r\n", false),
        (MAX_FACTS_BYTES + 1, "", false),
    ] {
        let text = format!("{}{ends}", "y".repeat(line));
        let got = chunked(
            reader(text.as_bytes(), 1 << 18, false, MAX_FACTS_BYTES, READ_BYTES),
            8,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.is_ok(), kept, "{line} bytes and {ends:?}");
    }
}

#[test]
fn the_iterator_and_chunks_can_take_turns() {
    let text = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n";
    let mut corpus = lines(trickle(text.as_bytes(), 100, false), "c".into());
    assert_eq!(corpus.next().map(|c| c.name()).as_deref(), Some("line 1"));
    let rest = corpus.next_chunk(10);
    let names: Vec<String> = rest.cases().iter().map(Entry::name).collect();
    assert_eq!(names, ["line 2", "line 3"]);
    assert!(corpus.next_chunk(10).is_empty());
}

#[test]
fn a_run_of_blank_lines_is_read_a_chunk_at_a_time() {
    // Blank lines make no cases but count toward a chunk's size, so a run
    // of them is read in bounded steps rather than all at once.
    let text = format!("{}{{\"a\": 1}}\n", "\n".repeat(100_000));
    let mut lines = reader(text.as_bytes(), 64, false, MAX_FACTS_BYTES, 64);
    assert!(lines.read_lines(10).is_empty());
    assert!(
        lines.line < 10 + 64,
        "{} lines read for one chunk",
        lines.line
    );
    let chunk = lines.next_chunk(10);
    let names: Vec<String> = chunk.cases().iter().map(Entry::name).collect();
    assert_eq!(names, ["line 100001"]);
}
