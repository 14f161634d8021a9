//! One open policy: its text, where its lines start, what the library's
//! phases make of it (tree, layout, names) and its problems, as `policy
//! check` reports them.

use lsp_types::{Position, Range};
use miette::Diagnostic;

use policy::syntax::ast::PolicyFile;
use policy::syntax::{Layout, Span};

/// Byte offsets <-> LSP positions (lines, and UTF-16 columns).
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= position.character as usize || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }
}

/// A problem as `policy check` reports it.
#[derive(Clone, Debug)]
pub struct Problem {
    pub span: Span,
    pub warning: bool,
    pub code: String,
    pub message: String,
    pub help: Option<String>,
    /// The other labels: where, and what they say.
    pub related: Vec<(Span, String)>,
}

impl Problem {
    fn from(d: &dyn Diagnostic) -> Problem {
        let mut labels = d.labels().into_iter().flatten();
        let first = labels.next();
        let span = first.as_ref().map_or(Span::default(), |l| {
            Span::new(l.offset(), l.offset() + l.len())
        });
        let related = labels
            .map(|l| {
                let span = Span::new(l.offset(), l.offset() + l.len());
                (span, l.label().unwrap_or("here").to_string())
            })
            .collect();
        Problem {
            span,
            warning: matches!(
                d.severity(),
                Some(miette::Severity::Warning | miette::Severity::Advice)
            ),
            code: d.code().map(|c| c.to_string()).unwrap_or_default(),
            message: d.to_string(),
            help: d.help().map(|h| h.to_string()),
            related,
        }
    }
}

/// What the library made of the text when it last parsed.
pub struct Parsed {
    pub tree: PolicyFile,
    pub layout: Layout,
    pub names: policy::symbols::Index,
}

pub struct Document {
    /// The text as the editor has it (a byte-order mark included).
    pub text: String,
    pub lines: Lines,
    /// The tree of this text, if it parses.
    pub parsed: Option<Parsed>,
    /// The tree of the last text that parsed (completion while typing).
    pub last_parsed: Option<Parsed>,
    pub problems: Vec<Problem>,
}

impl Document {
    pub fn new(text: String) -> Document {
        let mut doc = Document {
            lines: Lines::new(&text),
            text,
            parsed: None,
            last_parsed: None,
            problems: vec![],
        };
        doc.analyse();
        doc
    }

    pub fn replace(&mut self, text: String) {
        self.lines = Lines::new(&text);
        self.text = text;
        if let Some(parsed) = self.parsed.take() {
            self.last_parsed = Some(parsed);
        }
        self.analyse();
    }

    /// Where the policy starts: after a byte-order mark, which the library
    /// skips and its spans do not count.
    pub fn base(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }

    /// The policy's text, as the library's spans count it.
    pub fn body(&self) -> &str {
        &self.text[self.base()..]
    }

    /// A library span as an editor range.
    pub fn range(&self, span: Span) -> Range {
        let base = self.base();
        self.lines
            .range(&self.text, Span::new(span.start + base, span.end + base))
    }

    /// An editor position as a library offset.
    pub fn offset(&self, position: Position) -> usize {
        self.lines
            .offset(&self.text, position)
            .saturating_sub(self.base())
    }

    /// The names to answer from: this text's, or the last that parsed.
    pub fn names(&self) -> Option<&Parsed> {
        self.parsed.as_ref().or(self.last_parsed.as_ref())
    }

    /// Parse, check and analyse: the problems `policy check` reports, in its
    /// order (syntax and types; else the analysis, then the quote checks).
    fn analyse(&mut self) {
        let text = &self.text[self.base()..];
        self.parsed = policy::syntax::parse_with_layout(text)
            .ok()
            .map(|(tree, layout)| {
                let names = policy::symbols::Index::build(&tree);
                Parsed {
                    tree,
                    layout,
                    names,
                }
            });
        self.problems = match policy::compile::compile("policy", text) {
            Err(problems) => {
                let parse = problems.parse.iter().map(|e| Problem::from(e));
                let check = problems.check.iter().map(|e| Problem::from(e));
                parse.chain(check).collect()
            }
            Ok(program) => {
                let findings = policy::analysis::analyse(&program);
                let quotes = policy::quotes::check_source(text);
                findings
                    .iter()
                    .map(|f| Problem::from(f))
                    .chain(quotes.iter().map(|q| Problem::from(q)))
                    .collect()
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "ab\ncé€𝄞x\n";
        let lines = Lines::new(text);
        let x = text.find('x').expect("x");
        let p = lines.position(text, x);
        assert_eq!((p.line, p.character), (1, 5));
        assert_eq!(lines.offset(text, p), x);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.offset(text, Position::new(0, 99)), 2);
    }
}
