//! Opening a corpus, and reading its cases a chunk at a time: one buffer of
//! text for many cases, so that `eval --cases` spends no allocation on each.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::lines::LineReader;
use super::{Case, Place};
use crate::facts::MAX_FACTS_BYTES;

/// The cases of a corpus: one at a time as an iterator, or a chunk at a
/// time with [`Corpus::next_chunk`].
pub struct Corpus {
    source: Source,
}

enum Source {
    Files(std::vec::IntoIter<PathBuf>),
    Lines {
        reader: LineReader,
        /// Lines read but not yet handed out one by one, from `next` on.
        chunk: Chunk,
        next: usize,
    },
}

/// Cases read together: their texts one after another in one buffer.
#[derive(Debug, Default)]
pub struct Chunk {
    text: String,
    cases: Vec<Entry>,
}

/// One case of a [`Chunk`].
#[derive(Clone, Debug)]
pub struct Entry {
    /// Where its JSON text lies in the chunk's buffer, or why it could not
    /// be read.
    text: Result<Range<usize>, String>,
    place: Place,
}

impl Entry {
    pub(super) fn line(text: Result<Range<usize>, String>, line: usize) -> Entry {
        Entry {
            text,
            place: Place::Line(line),
        }
    }

    /// How reports name the case: the file name, or `line N`.
    pub fn name(&self) -> String {
        self.place.name()
    }

    /// The line a case of a JSONL corpus is on; `None` for a case file.
    pub(super) fn line_number(&self) -> Option<usize> {
        match self.place {
            Place::Line(line) => Some(line),
            Place::File(_) => None,
        }
    }

    pub(super) fn range(&self) -> Option<Range<usize>> {
        self.text.as_ref().ok().cloned()
    }

    pub(super) fn set_error(&mut self, message: String) {
        self.text = Err(message);
    }
}

impl Chunk {
    pub(super) fn new(text: String, cases: Vec<Entry>) -> Chunk {
        Chunk { text, cases }
    }

    /// How many cases it holds.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether it holds none (the corpus is done).
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// The cases, in corpus order.
    pub fn cases(&self) -> &[Entry] {
        &self.cases
    }

    /// A case's JSON text, or why it could not be read.
    pub fn text<'a>(&'a self, case: &'a Entry) -> Result<&'a str, &'a str> {
        match &case.text {
            // The ranges are cut at line ends, so this always finds the text.
            Ok(range) => Ok(self.text.get(range.clone()).unwrap_or_default()),
            Err(message) => Err(message),
        }
    }

    /// A case as one owned [`Case`], for the one-at-a-time readers.
    fn case(&self, entry: &Entry, file: &Arc<str>) -> Case {
        Case {
            text: self.text(entry).map(str::to_owned).map_err(str::to_owned),
            place: entry.place.clone(),
            file: Arc::clone(file),
        }
    }

    fn push(&mut self, case: Case) {
        let text = case.text.map(|text| {
            let start = self.text.len();
            self.text.push_str(&text);
            start..self.text.len()
        });
        self.cases.push(Entry {
            text,
            place: case.place,
        });
    }
}

/// Open a corpus: a directory of `*.json` case files, one `.json` case file,
/// a JSONL file, or `-` for JSONL on standard input.
pub fn open(path: &str) -> Result<Corpus, String> {
    if path == "-" {
        return Ok(lines(Box::new(std::io::stdin()), "standard input".into()));
    }
    let p = Path::new(path);
    if p.is_dir() {
        return directory(p);
    }
    if p.extension().is_some_and(|e| e == "json") {
        if !p.is_file() {
            return Err(format!("{path} does not exist"));
        }
        return Ok(Corpus {
            source: Source::Files(vec![p.to_path_buf()].into_iter()),
        });
    }
    let file = File::open(p).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(lines(Box::new(file), path.into()))
}

/// The `*.json` files directly in `dir`, in name order (so reports are stable).
pub fn directory(dir: &Path) -> Result<Corpus, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(Corpus {
        source: Source::Files(files.into_iter()),
    })
}

/// A JSONL corpus; `origin` is how messages name it.
pub(super) fn lines(reader: Box<dyn Read + Send>, origin: Arc<str>) -> Corpus {
    Corpus {
        source: Source::Lines {
            reader: LineReader::new(reader, origin),
            chunk: Chunk::default(),
            next: 0,
        },
    }
}

impl Corpus {
    /// At most `cases` case files, or about `cases` lines (all that the
    /// reads brought in); empty only at the end of the corpus.
    pub fn next_chunk(&mut self, cases: usize) -> Chunk {
        match &mut self.source {
            Source::Files(files) => {
                let mut chunk = Chunk::default();
                for path in files.by_ref().take(cases) {
                    chunk.push(file_case(&path));
                }
                chunk
            }
            Source::Lines {
                reader,
                chunk,
                next,
            } => {
                if *next < chunk.len() {
                    // What the iterator left of its chunk comes first.
                    let mut rest = std::mem::take(chunk);
                    rest.cases.drain(..std::mem::take(next));
                    return rest;
                }
                reader.next_chunk(cases)
            }
        }
    }
}

impl Iterator for Corpus {
    type Item = Case;

    fn next(&mut self) -> Option<Case> {
        match &mut self.source {
            Source::Files(files) => files.next().map(|path| file_case(&path)),
            Source::Lines {
                reader,
                chunk,
                next,
            } => loop {
                if let Some(entry) = chunk.cases.get(*next) {
                    *next += 1;
                    return Some(chunk.case(entry, reader.origin()));
                }
                if reader.is_done() {
                    return None;
                }
                // As few lines as one read brings: a case is handed out as
                // soon as its line is in.
                *chunk = reader.next_chunk(1);
                *next = 0;
            },
        }
    }
}

fn file_case(path: &Path) -> Case {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FACTS_BYTES as u64 => Err(format!(
            "{}: larger than {MAX_FACTS_BYTES} bytes",
            path.display()
        )),
        _ => crate::input::read_text(path),
    };
    Case::from_file(name, path.display().to_string(), text)
}
