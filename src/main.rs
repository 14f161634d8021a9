//! The `policy` binary: the command line of the library, and the language
//! server (`policy lsp`), which lives here so that the library stays free of
//! the protocol's crates.

// Unit tests assert by panicking: the lints against it are for the code.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod lsp;

fn main() -> std::process::ExitCode {
    // Like other command-line tools, end quietly when the reader of our
    // output goes away (`policy check ... | head`), instead of panicking on
    // the failed write.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: restoring the default disposition of SIGPIPE before any other
    // thread exists; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    policy::cli::main_with(lsp::serve)
}
