//! Every broken policy in `tests/errors/` and the reports its author sees,
//! rendered exactly as the terminal shows them (no colour, 100 columns), so a
//! snapshot diff is a diff in what a person reads.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, Report};

/// Compile one fixture, which must fail, and return its reports.
fn reports_of(path: &Path) -> Vec<Report> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("fixture names are UTF-8");
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    match policy::compile::compile(name, &text) {
        Ok(_) => panic!("{name} compiled, but every file in tests/errors/ must fail"),
        Err(problems) => problems.reports(),
    }
}

/// The reports as a person sees them in a terminal without colour.
fn render(reports: &[Report]) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for report in reports {
        if !out.is_empty() {
            out.push('\n');
        }
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering into a String cannot fail");
    }
    out
}

#[test]
fn every_broken_policy_reports_what_is_wrong_and_where() {
    insta::glob!("errors/*.policy", |path| {
        let reports = reports_of(path);
        insta::assert_snapshot!(render(&reports));
    });
}

#[test]
fn every_fixture_fails_and_every_report_points_at_the_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/errors exists")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= 24,
        "expected at least 24 broken policies, found {}",
        fixtures.len()
    );
    let mut several = 0;
    for path in &fixtures {
        let reports = reports_of(path);
        assert!(
            !reports.is_empty(),
            "{} failed without a report",
            path.display()
        );
        if reports.len() > 1 {
            several += 1;
        }
        for report in &reports {
            let labels = report.labels().map(|l| l.count()).unwrap_or(0);
            assert!(
                labels > 0,
                "{}: `{report}` does not point at any words",
                path.display()
            );
        }
    }
    assert!(
        several >= 3,
        "only {several} fixture(s) show several problems reported at once"
    );
}
