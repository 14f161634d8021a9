//! The analysts' REPL: placeholder until the REPL issue lands.
fn main() {
    eprintln!("policy-repl: not built yet");
    std::process::exit(2);
}
