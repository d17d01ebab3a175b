//! A replicate plays the same rounds whether it is played whole or a block of rounds at a
//! time, as a long horizon's replicates may be.

mod common;

use common::{fixture, play, play_in_blocks};

#[test]
fn a_replicate_played_in_blocks_plays_the_rounds_it_plays_whole() {
    // Every mechanism: events, incidents, forced actions, channels, learning.
    let sc = coexist::scenario::load(&fixture("everything.toml")).unwrap();
    for replicate in [0, 1, 7] {
        let whole = play(&sc, replicate);
        for block in [1, 7, 64, sc.rounds] {
            assert_eq!(
                play_in_blocks(&sc, replicate, block),
                whole,
                "replicate {replicate}, blocks of {block}"
            );
        }
    }
}

#[test]
fn a_classic_replicate_played_in_blocks_plays_the_rounds_it_plays_whole() {
    // The tournament benchmark's noisy game, where nothing moves the state: the engine's
    // fixed-state loop.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/classic.toml");
    let sc = coexist::scenario::load(&path).unwrap();
    for replicate in [0, 3] {
        assert_eq!(
            play_in_blocks(&sc, replicate, 13),
            play(&sc, replicate),
            "replicate {replicate}"
        );
    }
}
