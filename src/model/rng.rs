//! The random stream of one replicate: every draw of a run comes from one of these.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Every strategy, event and error draws from the replicate's own stream.
pub type Rng = ChaCha8Rng;

/// The replicate's random stream: the scenario seed with the replicate index as stream, so
/// a result depends on nothing but the seed and the index (not on threads or order).
pub fn replicate_rng(seed: u64, replicate: usize) -> Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replicate as u64);
    rng
}
