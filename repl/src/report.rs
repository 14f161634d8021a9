//! Errors as the analyst sees them: miette reports pointing into the line
//! typed. Library diagnostics (parse and check errors) carry spans into the
//! piece of the line they were given; [`Diag::shifted`] moves them to where
//! that piece sits in the line, so the labels land under the words typed.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Report};

/// One problem with what was typed, in a shape any diagnostic can be copied
/// into.
#[derive(Debug, Clone, Default)]
pub struct Diag {
    pub message: String,
    pub code: Option<String>,
    pub help: Option<String>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Diag>,
}

impl Diag {
    pub fn new(message: impl Into<String>) -> Diag {
        Diag {
            message: message.into(),
            ..Diag::default()
        }
    }

    pub fn code(mut self, code: &str) -> Diag {
        self.code = Some(format!("repl::{code}"));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Diag {
        self.help = help;
        self
    }

    /// A label under `len` bytes from `at` in the line.
    pub fn label(mut self, at: usize, len: usize, text: impl Into<String>) -> Diag {
        self.labels
            .push(LabeledSpan::new(Some(text.into()), at, len));
        self
    }

    /// Copy a library diagnostic whose spans count from the start of a piece
    /// of the line that begins at byte `by`.
    pub fn shifted(d: &dyn Diagnostic, by: usize) -> Diag {
        let labels: Vec<LabeledSpan> = d
            .labels()
            .map(|labels| {
                labels
                    .map(|l| {
                        LabeledSpan::new(l.label().map(str::to_string), l.offset() + by, l.len())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let related = d
            .related()
            .map(|r| r.map(|d| Diag::shifted(d, by)).collect())
            .unwrap_or_default();
        // The parser speaks of files; here the text is the line typed.
        let typed = |s: String| {
            s.replace("the end of the file", "the end of the line")
                .replace("the file ends", "the line ends")
        };
        Diag {
            message: typed(d.to_string()),
            code: d.code().map(|c| c.to_string()),
            help: d.help().map(|h| typed(h.to_string())),
            labels: labels
                .into_iter()
                .map(|l: LabeledSpan| {
                    LabeledSpan::new(l.label().map(|t| typed(t.to_string())), l.offset(), l.len())
                })
                .collect(),
            related,
        }
    }

    /// Several problems as one: the first, with the others related to it.
    pub fn all(mut diags: Vec<Diag>) -> Diag {
        if diags.is_empty() {
            return Diag::new("something went wrong, but no problem was reported");
        }
        let mut first = diags.remove(0);
        first.related.extend(diags);
        first
    }

    /// A report that shows `line`, the text the labels point into.
    pub fn report(self, line: &str) -> Report {
        Report::new(self).with_source_code(line.to_string())
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

/// Renders reports in colour for a terminal, or plain and at a fixed width
/// for a pipe, so a scripted session's transcript is the same everywhere.
#[derive(Clone, Copy, Debug)]
pub struct Renderer {
    pub colour: bool,
}

impl Renderer {
    pub fn render(&self, report: &Report) -> String {
        let theme = if self.colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = format!("{report}\n");
        }
        out
    }
}
