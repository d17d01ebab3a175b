//! The Ctrl-C flag: set by the binary's signal handler, read by long loops, which stop at
//! their next check and leave no partial file.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks every long loop to stop; returns whether it had been asked already.
pub fn request() -> bool {
    INTERRUPTED.swap(true, Ordering::Relaxed)
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Withdraws a stop that was asked for: for a library caller (Python) that goes on after
/// the computation it stopped.
pub fn clear() {
    INTERRUPTED.store(false, Ordering::Relaxed);
}
