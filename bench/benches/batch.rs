//! Batch throughput: 1,000,000 generated refunds cases (10% of them
//! rejected by an assumption), one JSON line in and one JSON line out each,
//! through the code `policy eval --cases` runs for each case:
//! `policy::batch::LineWriter` (`facts::read`, `Worker::decide_into`,
//! `render::json::write_decision`), sequentially on one core.
//!
//! `cargo bench --bench batch`; cases per second are printed at the end.

mod common;

use std::hint::black_box;
use std::io::{self, BufWriter, Write};
use std::time::{Duration, Instant};

use common::Policy;
use criterion::{Criterion, Throughput};
use policy::batch::LineWriter;
use policy::eval::Prepared;

const CASES: usize = 1_000_000;

/// Decide every line, writing one JSON line per case; returns bytes written.
fn run(program: &Prepared, lines: &str, out: impl Write) -> usize {
    let mut out = CountingWriter(out, 0);
    let mut buffered = BufWriter::with_capacity(1 << 16, &mut out);
    let mut writer = LineWriter::new(program);
    let mut text = String::with_capacity(1 << 16);
    for (n, line) in lines.lines().enumerate() {
        writer.write(&mut text, Ok(line), || format!("line {}", n + 1));
        text.push('\n');
        // As the command does, lines are written out a piece at a time.
        if text.len() > 60_000 {
            buffered
                .write_all(text.as_bytes())
                .expect("writing to memory");
            text.clear();
        }
    }
    buffered
        .write_all(text.as_bytes())
        .expect("writing to memory");
    buffered.flush().expect("writing to memory");
    drop(buffered);
    out.1
}

struct CountingWriter<W>(W, usize);

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

fn main() {
    let program = common::program("refunds");
    let lines = common::cases(Policy::Refunds, CASES, 7, 0.1).join("\n");

    let start = Instant::now();
    let bytes = run(&program, &lines, io::sink());
    let once = start.elapsed();
    eprintln!(
        "batch: {CASES} refunds cases, {} MB in, {} MB out, first pass {:.2} s",
        lines.len() / 1_000_000,
        bytes / 1_000_000,
        once.as_secs_f64()
    );

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .configure_from_args();
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(CASES as u64));
    g.bench_function("1M refunds cases, library path, sequential", |b| {
        b.iter(|| run(&program, black_box(&lines), io::sink()))
    });
    g.finish();
    c.final_summary();

    // A summary in cases per second, from a few passes timed here.
    let mut passes: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            black_box(run(&program, &lines, io::sink()));
            start.elapsed().as_secs_f64()
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let median = passes[passes.len() / 2];
    eprintln!(
        "batch: median of 3 passes {median:.2} s = {:.0} cases/s on one core (target >= 500,000)",
        CASES as f64 / median
    );
}
