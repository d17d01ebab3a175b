//! `ensemble.csv`: per round, across replicates, the mean and 5/50/95th percentiles of
//! tension, trust and securitization, and the share of each action.
//!
//! Each agent's cumulative payoff is kept too, for the payoffs chart, but not written.
//!
//! Percentiles interpolate linearly between order statistics (numpy's default, "type 7").
//! While every replicate's values fit in [`EXACT_LIMIT`] bytes, or in no more than histograms
//! would take (under 256 replicates), they are kept per round and
//! replicate (in 32-bit fixed point), so percentiles are exact to 1e-9. Beyond that, each round
//! keeps a histogram of [`BINS`] equal bins per series instead, so memory grows with rounds
//! alone, and an order statistic is read off its bin by linear interpolation: within 1/`BINS`
//! of the exact one. Both are independent of the order in which replicates finish; the means
//! come from exact integer sums of the fixed-point values.

use rayon::prelude::*;

use crate::engine::{Observer, Round};
use crate::model::Action;
use crate::record::quantity::Quantity;

/// The bounded series (in [0, 1]) whose spread is kept, in `ensemble.csv`'s column order.
pub const BOUNDED: [Quantity; 5] = [
    Quantity::Tension,
    Quantity::Trust(0),
    Quantity::Trust(1),
    Quantity::Securitization(0),
    Quantity::Securitization(1),
];
/// The series written to `ensemble.csv`.
pub const CSV_SERIES: usize = BOUNDED.len();
/// Every series of a band: the bounded ones, then each agent's cumulative payoff.
pub const SERIES: usize = CSV_SERIES + 2;
/// Where each agent's cumulative payoff is among the bands.
pub const CUMULATIVE_PAYOFF: [usize; 2] = [CSV_SERIES, CSV_SERIES + 1];

/// Where a bounded quantity is among the bands.
pub fn index(q: Quantity) -> usize {
    BOUNDED
        .iter()
        .position(|&b| b == q)
        .expect("only bounded quantities have bands")
}

pub fn header(ids: [&str; 2]) -> Vec<String> {
    let mut h = vec!["round".to_string(), "date".to_string()];
    for s in BOUNDED.map(|q| q.name(ids)) {
        for stat in ["mean", "p05", "p50", "p95"] {
            h.push(format!("{s}_{stat}"));
        }
    }
    for id in ids {
        for action in Action::ALL {
            h.push(format!("{action}_{id}"));
        }
    }
    h
}

/// One replicate's per-round series, handed to [`Ensemble::add`].
#[derive(Debug, Clone, Default)]
pub struct EnsembleRecorder {
    rounds: Vec<Recorded>,
    cumulative: [f64; 2],
}

impl EnsembleRecorder {
    pub fn new(rounds: usize) -> Self {
        Self {
            rounds: Vec::with_capacity(rounds),
            cumulative: [0.0; 2],
        }
    }

    /// Forgets the rounds recorded so far, keeping the buffer for the next replicate.
    pub fn clear(&mut self) {
        self.rounds.clear();
        self.cumulative = [0.0; 2];
    }

    /// Forgets the rounds recorded so far but not the payoffs they added up to: the next
    /// block of the same replicate follows ([`Ensemble::add_block`]).
    pub fn clear_block(&mut self) {
        self.rounds.clear();
    }
}

/// Tension, trust and securitization lie in [0, 1]: kept as 32-bit fixed point, exact to
/// 1.2e-10, half the memory of a double.
const SCALE: f64 = u32::MAX as f64;

fn to_fixed(x: f64) -> u32 {
    // `as` saturates, so anything outside [0, 1] lands on its ends; inside, adding ½ and
    // truncating rounds as `f64::round` does, without libm.
    (x * SCALE + 0.5) as u32
}

fn from_fixed(q: u32) -> f64 {
    f64::from(q) / SCALE
}

/// One round of one replicate, as the ensemble keeps it.
#[derive(Debug, Clone, Copy)]
struct Recorded {
    bounded: [u32; CSV_SERIES],
    payoff: [f64; 2],
    actions: [Action; 2],
}

impl Observer for EnsembleRecorder {
    #[inline]
    fn round(&mut self, r: &Round<'_>) {
        self.cumulative[0] += r.payoffs[0];
        self.cumulative[1] += r.payoffs[1];
        self.rounds.push(Recorded {
            bounded: BOUNDED.map(|q| to_fixed(q.read(r))),
            payoff: self.cumulative,
            actions: r.actions,
        });
    }
}

/// Statistics of one series in one round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub mean: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

/// The most bytes kept for exact percentiles: 20 bytes per round and replicate.
pub const EXACT_LIMIT: u128 = 64 << 20;
/// Histogram bins per round and series beyond [`EXACT_LIMIT`].
pub const BINS: usize = 256;
/// Replicates whose tension series is kept whole, drawn as thin lines behind the tension band.
pub const SAMPLES: usize = 5;

/// What a round keeps whatever the spread: sums, squared cumulative payoffs, and how often
/// each agent played each action.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    /// The bounded series' fixed-point values, summed exactly: the mean needs no rounding
    /// until it is read, and no division per value.
    bounded: [u64; CSV_SERIES],
    /// Cumulative payoffs and their squares, summed in replicate order.
    payoff: [f64; 2],
    squares: [f64; 2],
    /// `actions[agent][action]`
    actions: [[u32; 3]; 2],
}

impl Totals {
    fn add(&mut self, r: &Recorded) {
        for (sum, &q) in self.bounded.iter_mut().zip(&r.bounded) {
            *sum += u64::from(q);
        }
        for k in 0..2 {
            let c = r.payoff[k];
            self.payoff[k] += c;
            self.squares[k] += c * c;
            self.actions[k][r.actions[k].index()] += 1;
        }
    }
}

/// Adds rounds `from..from + totals.len()` of every replicate in `batch` to `totals`, going
/// replicate by replicate so that each one's records are read in order (and each round's
/// sums still taken in replicate order); `keep(j, i, r)` stores round `from + j` of
/// `batch[i]` in the spread.
fn add_rounds(
    batch: &[&EnsembleRecorder],
    from: usize,
    totals: &mut [Totals],
    mut keep: impl FnMut(usize, usize, &Recorded),
) {
    for (i, rec) in batch.iter().enumerate() {
        let recorded = &rec.rounds[from..from + totals.len()];
        for (j, (totals, r)) in totals.iter_mut().zip(recorded).enumerate() {
            totals.add(r);
            keep(j, i, r);
        }
    }
}

/// Replicate by replicate, `rows` (one of `row` values per replicate, [`CSV_SERIES`] a
/// round) cut into each task's rounds: `by_task(..)[task][i]` holds replicate `i`'s values of
/// the rounds `task` adds, so that each task writes its replicates' rounds in order.
fn by_task<T>(rows: &mut [T], row: usize) -> Vec<Vec<&mut [T]>> {
    let tasks = (row / CSV_SERIES).div_ceil(ROUNDS_PER_TASK);
    let mut out: Vec<Vec<&mut [T]>> = (0..tasks).map(|_| Vec::new()).collect();
    for replicate in rows.chunks_exact_mut(row) {
        for (task, rounds) in replicate.chunks_mut(ROUNDS_PER_TASK * CSV_SERIES).enumerate() {
            out[task].push(rounds);
        }
    }
    out
}

/// How the bounded series' spread across replicates is kept.
enum Spread {
    /// Every value, for exact percentiles, in blocks of [`ROUNDS_PER_TASK`] rounds: block by
    /// block, replicate by replicate, round by round, series by series (see [`Exact`]).
    Exact(Exact),
    /// One set of histograms per round.
    Binned(Binned),
    /// Every replicate's values a block of rounds at a time ([`Ensemble::add_block`]), their
    /// bands read while the block is in cache and the values dropped.
    Streamed(Box<Streamed>),
}

/// The bands of the blocks added so far, the room of the block being added, and each
/// series' sorting room, carried from block to block as from round to round.
struct Streamed {
    bands: Vec<[Band; SERIES]>,
    block: Exact,
    ordered: [Ordered; CSV_SERIES],
}

/// Every replicate's bounded values, block by block of [`ROUNDS_PER_TASK`] rounds. Adding a
/// replicate writes each block's share of it in order, and a task reading a block's bands
/// finds all of it together (20 KB for 16 replicates), however long the horizon: laid out
/// replicate by replicate, a round's values lay a whole replicate's row apart.
struct Exact {
    values: Vec<u32>,
    rounds: usize,
    replicates: usize,
}

impl Exact {
    fn new(rounds: usize, replicates: usize) -> Self {
        Self {
            values: vec![0; rounds * replicates * CSV_SERIES],
            rounds,
            replicates,
        }
    }

    /// Room for `rounds` rounds of every replicate, reusing the values' memory.
    fn resize(&mut self, rounds: usize) {
        self.rounds = rounds;
        self.values.resize(rounds * self.replicates * CSV_SERIES, 0);
    }

    /// Each block's values: `blocks()[b]` holds rounds `b * ROUNDS_PER_TASK..` of every
    /// replicate in turn.
    fn blocks(&mut self) -> std::slice::ChunksMut<'_, u32> {
        self.values.chunks_mut(ROUNDS_PER_TASK * self.replicates * CSV_SERIES)
    }

    /// Round `t`'s values from its block on, and the stride between replicates: series `s` of
    /// replicate `i` is at `i * stride + s`.
    fn round(&self, t: usize) -> (&[u32], usize) {
        let block = t / ROUNDS_PER_TASK;
        let width = ROUNDS_PER_TASK.min(self.rounds - block * ROUNDS_PER_TASK);
        let start = block * ROUNDS_PER_TASK * self.replicates + t % ROUNDS_PER_TASK;
        (&self.values[start * CSV_SERIES..], width * CSV_SERIES)
    }
}

/// One round's bounded series, binned: replicates per bin.
type Histograms = [[u32; BINS]; CSV_SERIES];

/// Each round's smallest and largest value of each bounded series.
type Ranges = [[u32; 2]; CSV_SERIES];

// A bin is kept waiting in one byte.
const _: () = assert!(BINS <= 1 << 8);

/// Bytes of bins of replicates waiting to be counted (see [`Binned`]).
const PENDING_BYTES: usize = 32 << 20;
/// Most replicates waiting to be counted: beyond, a count walks the histograms seldom enough.
const MAX_PENDING: usize = 1024;

/// The histograms of every round, and the bins of the replicates added since they were last
/// counted. A round's histograms take 5 KB: counting each batch of replicates as it comes
/// would walk all of them once per batch, and over a long horizon (few replicates a batch,
/// histograms far larger than the caches) that walk would cost more than playing the rounds.
/// So a batch leaves 5 bytes a round (each series' bin), and up to [`MAX_PENDING`]
/// replicates' bins are counted in one walk. Counts add up in any order: the histograms, and
/// so the percentiles, are the same as counting replicate by replicate.
struct Binned {
    histograms: Vec<Histograms>,
    ranges: Vec<Ranges>,
    /// `pending[(i * rounds + round) * CSV_SERIES + series]`: the bin of the `i`th replicate
    /// waiting, so that adding a replicate writes its bins in order.
    pending: Vec<u8>,
    capacity: usize,
    waiting: usize,
}

impl Binned {
    /// Replicates' bins kept waiting for a run of `rounds` rounds and `replicates` replicates.
    fn capacity(rounds: usize, replicates: usize) -> usize {
        (PENDING_BYTES / (rounds.max(1) * CSV_SERIES))
            .clamp(1, MAX_PENDING)
            .min(replicates.max(1))
    }

    fn new(rounds: usize, replicates: usize) -> Self {
        let capacity = Self::capacity(rounds, replicates);
        Self {
            histograms: vec![[[0; BINS]; CSV_SERIES]; rounds],
            ranges: vec![[[u32::MAX, 0]; CSV_SERIES]; rounds],
            pending: vec![0; rounds * capacity * CSV_SERIES],
            capacity,
            waiting: 0,
        }
    }

    /// Makes room for `more` replicates' bins, counting those waiting if need be.
    fn make_room(&mut self, more: usize) {
        if self.waiting + more <= self.capacity {
            return;
        }
        self.count();
        if more > self.capacity {
            // A batch larger than the room (many threads, a long horizon): room for it alone.
            self.capacity = more;
            self.pending = vec![0; more * self.histograms.len() * CSV_SERIES];
        }
    }

    /// Counts the waiting replicates' bins into the histograms.
    fn count(&mut self) {
        let rounds = self.histograms.len();
        let waiting = &self.pending[..self.waiting * rounds * CSV_SERIES];
        if waiting.is_empty() {
            return;
        }
        // A task's rounds' histograms stay in its cache while every waiting replicate's bins
        // of those rounds, read in order, are counted into them.
        self.histograms
            .par_chunks_mut(ROUNDS_PER_TASK)
            .enumerate()
            .for_each(|(task, histograms)| {
                let from = task * ROUNDS_PER_TASK * CSV_SERIES;
                for replicate in waiting.chunks_exact(rounds * CSV_SERIES) {
                    let bins = &replicate[from..from + histograms.len() * CSV_SERIES];
                    for (h, round) in histograms.iter_mut().zip(bins.chunks_exact(CSV_SERIES)) {
                        for (counts, &b) in h.iter_mut().zip(round) {
                            counts[usize::from(b)] += 1;
                        }
                    }
                }
            });
        self.waiting = 0;
    }

    /// Series `s` of round `t` counted, with the bins still waiting.
    fn counts(&self, t: usize, s: usize) -> std::borrow::Cow<'_, [u32; BINS]> {
        let counted = &self.histograms[t][s];
        if self.waiting == 0 {
            return std::borrow::Cow::Borrowed(counted);
        }
        let mut counts = *counted;
        let rounds = self.histograms.len();
        for replicate in self.pending[..self.waiting * rounds * CSV_SERIES].chunks_exact(rounds * CSV_SERIES) {
            counts[usize::from(replicate[t * CSV_SERIES + s])] += 1;
        }
        std::borrow::Cow::Owned(counts)
    }
}

/// Rounds handed to one worker at a time when adding replicates or reading bands.
const ROUNDS_PER_TASK: usize = 64;

/// The bounded series' spread (exact or binned) and running sums, laid out round by round
/// so that both adding replicates and reading bands split over threads by round.
///
/// Cumulative payoffs are unbounded and only charted, so they keep running sums alone and
/// their band is the mean ± 1.645 standard deviations (5–95% for a normal spread).
pub struct Ensemble {
    rounds: usize,
    replicates: usize,
    spread: Spread,
    totals: Vec<Totals>,
    /// The tension series of the first [`SAMPLES`] replicates.
    samples: Vec<Vec<f64>>,
    added: usize,
    /// [`Ensemble::bands`], once read; adding replicates forgets it.
    bands: std::sync::OnceLock<Vec<[Band; SERIES]>>,
}

fn exact_bytes(rounds: usize, replicates: usize) -> u128 {
    rounds as u128 * replicates as u128 * (CSV_SERIES * 4) as u128
}

/// What every replicate in play at once holds: its histories and, for the `kept`, its
/// trajectory text.
fn in_play_bytes(rounds: usize, replicates: usize, kept: usize) -> u128 {
    rounds as u128 * (4 * replicates as u128 + crate::record::trajectory::ROW_BYTES * kept as u128)
}

/// What the histograms, ranges and waiting bins of a binned spread take.
fn binned_bytes(rounds: usize, replicates: usize) -> u128 {
    let waiting = Binned::capacity(rounds, replicates) * CSV_SERIES;
    let per_round = std::mem::size_of::<Histograms>() + std::mem::size_of::<Ranges>() + waiting;
    rounds as u128 * per_round as u128
}

impl Ensemble {
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    pub fn replicates(&self) -> usize {
        self.replicates
    }

    /// How the percentiles were computed, as the manifest records it.
    pub fn percentiles(&self) -> String {
        match self.spread {
            Spread::Exact(_) | Spread::Streamed(_) => "exact".to_string(),
            Spread::Binned(_) => {
                format!("binned: {BINS} bins per round and series, each percentile within 1/{BINS}")
            }
        }
    }

    /// An ensemble of `rounds` rounds and `replicates` replicates, with exact percentiles
    /// while every value fits in [`EXACT_LIMIT`] bytes, or in no more than the histograms
    /// would take (fewer than 256 replicates: a long horizon's usual shape).
    pub fn new(rounds: usize, replicates: usize) -> Self {
        Self::with_exact_limit(rounds, replicates, Self::exact_limit(rounds, replicates))
    }

    fn exact_limit(rounds: usize, replicates: usize) -> u128 {
        EXACT_LIMIT.max(binned_bytes(rounds, replicates))
    }

    /// Whether a run of `rounds` and `replicates`, keeping the trajectories of `kept`, has
    /// its values read a block at a time ([`Ensemble::streamed`]): where they are exact only
    /// because the histograms would take even more (a long horizon, fewer than 256
    /// replicates), keeping them all would take more than [`EXACT_LIMIT`], hundreds of
    /// megabytes each first written once. Then every replicate is in play at once, with its
    /// histories (4 bytes a round) and its kept trajectory (held until the replicates before
    /// it are written), so only where those take less than the values.
    pub fn streams(rounds: usize, replicates: usize, kept: usize) -> bool {
        let exact = exact_bytes(rounds, replicates);
        exact > EXACT_LIMIT
            && exact <= Self::exact_limit(rounds, replicates)
            && in_play_bytes(rounds, replicates, kept) < exact
    }

    /// An ensemble whose replicates are all added together a block of rounds at a time
    /// ([`Ensemble::add_block`]), with exact percentiles.
    pub fn streamed(rounds: usize, replicates: usize) -> Self {
        let block = Exact::new(0, replicates);
        Self::with_spread(
            rounds,
            replicates,
            Spread::Streamed(Box::new(Streamed {
                bands: Vec::with_capacity(rounds),
                block,
                ordered: [(); CSV_SERIES].map(|()| Ordered::new(replicates)),
            })),
        )
    }

    /// The bytes a run of `rounds` and `replicates` keeping `kept` trajectories holds in its
    /// ensemble, before it is made: what a run's memory grows with. Streamed, its replicates
    /// are all in play at once, so their histories and kept trajectories count too.
    pub fn bytes(rounds: usize, replicates: usize, kept: usize) -> u128 {
        let exact = exact_bytes(rounds, replicates);
        let spread = if Self::streams(rounds, replicates, kept) {
            let bands = std::mem::size_of::<[Band; SERIES]>() as u128;
            rounds as u128 * bands + in_play_bytes(rounds, replicates, kept)
        } else if exact <= Self::exact_limit(rounds, replicates) {
            exact
        } else {
            binned_bytes(rounds, replicates)
        };
        spread + rounds as u128 * std::mem::size_of::<Totals>() as u128
    }

    /// An ensemble that keeps exact percentiles only while they need at most `exact_limit` bytes.
    pub fn with_exact_limit(rounds: usize, replicates: usize, exact_limit: u128) -> Self {
        let spread = if exact_bytes(rounds, replicates) <= exact_limit {
            Spread::Exact(Exact::new(rounds, replicates))
        } else {
            Spread::Binned(Binned::new(rounds, replicates))
        };
        Self::with_spread(rounds, replicates, spread)
    }

    fn with_spread(rounds: usize, replicates: usize, spread: Spread) -> Self {
        Self {
            rounds,
            replicates,
            spread,
            totals: vec![Totals::default(); rounds],
            samples: Vec::new(),
            added: 0,
            bands: std::sync::OnceLock::new(),
        }
    }

    /// Adds the next replicates, `batch[i]` being replicate `added + i`. Replicates are added
    /// in index order and each round's sums taken in that order, so nothing depends on threads.
    pub fn add(&mut self, batch: &[&EnsembleRecorder]) {
        let first = self.added;
        self.added += batch.len();
        self.bands = std::sync::OnceLock::new();
        for (i, rec) in batch.iter().enumerate() {
            if first + i < SAMPLES {
                self.samples.push(Vec::with_capacity(self.rounds));
                extend_sample(&mut self.samples[first + i], rec);
            }
        }
        let totals = self.totals.par_chunks_mut(ROUNDS_PER_TASK);
        match &mut self.spread {
            Spread::Exact(exact) => keep_exact(exact, first, batch, totals),
            Spread::Streamed(_) => unreachable!("a streamed ensemble is added a block at a time"),
            Spread::Binned(binned) => {
                binned.make_room(batch.len());
                let row = self.rounds * CSV_SERIES;
                let at = binned.waiting * row;
                let pending = &mut binned.pending[at..at + batch.len() * row];
                let ranges = binned.ranges.par_chunks_mut(ROUNDS_PER_TASK);
                totals.zip(ranges).zip(by_task(pending, row)).enumerate().for_each(
                    |(task, ((totals, ranges), mut pending))| {
                        add_rounds(batch, task * ROUNDS_PER_TASK, totals, |j, i, r| {
                            let bins = &mut pending[i][j * CSV_SERIES..(j + 1) * CSV_SERIES];
                            for ((b, range), &q) in bins.iter_mut().zip(&mut ranges[j]).zip(&r.bounded) {
                                *b = bin(q) as u8;
                                // Branches rather than `min` and `max`: after the first
                                // replicates the range seldom moves, so these are predicted
                                // and store nothing.
                                if q < range[0] {
                                    range[0] = q;
                                }
                                if q > range[1] {
                                    range[1] = q;
                                }
                            }
                        });
                    },
                );
                binned.waiting += batch.len();
                if self.added == self.replicates {
                    binned.count();
                }
            }
        }
    }

    /// Adds the next block of rounds of every replicate at once, `batch[i]` holding
    /// replicate `i`'s rounds since the last block (the same number for every replicate), and
    /// reads their bands while they are in cache. Each round's sums are taken in replicate
    /// order, so the bands are those of adding whole replicates.
    pub fn add_block(&mut self, batch: &[&EnsembleRecorder]) {
        let Spread::Streamed(streamed) = &mut self.spread else {
            unreachable!("only a streamed ensemble is added a block at a time")
        };
        let from = streamed.bands.len();
        let len = batch.first().map_or(0, |rec| rec.rounds.len());
        if from == 0 {
            self.samples = batch
                .iter()
                .take(SAMPLES)
                .map(|_| Vec::with_capacity(self.rounds))
                .collect();
        }
        for (sample, rec) in self.samples.iter_mut().zip(batch) {
            extend_sample(sample, rec);
        }
        streamed.block.resize(len);
        let totals = &mut self.totals[from..from + len];
        keep_exact(&mut streamed.block, 0, batch, totals.par_chunks_mut(ROUNDS_PER_TASK));
        // Series by series, each in its own sorting room from the last block on: a block
        // split over tasks by rounds would start each task's rooms afresh.
        let n = self.replicates;
        let block = &streamed.block;
        let percentiles: Vec<Vec<[f64; 3]>> = streamed
            .ordered
            .par_iter_mut()
            .enumerate()
            .map(|(s, ordered)| {
                (0..len)
                    .map(|t| {
                        let (round, stride) = block.round(t);
                        ordered.percentiles((0..n).map(|i| round[i * stride + s]))
                    })
                    .collect()
            })
            .collect();
        let bands = (0..len).map(|t| band(&totals[t], n, std::array::from_fn(|s| percentiles[s][t])));
        streamed.bands.extend(bands);
    }

    /// Mean and percentiles of every series in every round: `bands[round][series]`, computed
    /// once (the CSV and the charts both read them).
    pub fn bands(&self) -> &[[Band; SERIES]] {
        let n = self.replicates;
        match &self.spread {
            Spread::Streamed(streamed) => &streamed.bands,
            Spread::Exact(exact) => self.bands.get_or_init(|| exact_bands(exact, &self.totals, n)),
            Spread::Binned(binned) => self.bands.get_or_init(|| {
                (0..self.rounds)
                    .into_par_iter()
                    .with_min_len(ROUNDS_PER_TASK)
                    .map(|t| {
                        let percentiles = std::array::from_fn(|s| {
                            let [lo, hi] = binned.ranges[t][s].map(from_fixed);
                            let counts = binned.counts(t, s);
                            binned_percentiles(&counts[..], (lo, hi), [0.05, 0.50, 0.95])
                        });
                        band(&self.totals[t], n, percentiles)
                    })
                    .collect()
            }),
        }
    }

    /// The mean of bounded quantity `q` across replicates in round index `t` (0-based), without
    /// the percentiles of [`Ensemble::bands`].
    pub fn mean(&self, t: usize, q: Quantity) -> f64 {
        self.totals[t].bounded[index(q)] as f64 / SCALE / self.replicates.max(1) as f64
    }

    /// Share of replicates in which each agent played each action in round index `t`:
    /// `[agent][action]`.
    pub fn share(&self, t: usize) -> [[f64; 3]; 2] {
        let n = self.replicates.max(1) as f64;
        self.totals[t].actions.map(|agent| agent.map(|k| f64::from(k) / n))
    }

    /// [`Ensemble::share`] of every round: `[round][agent][action]`.
    pub fn shares(&self) -> Vec<[[f64; 3]; 2]> {
        (0..self.rounds).map(|t| self.share(t)).collect()
    }

    /// The tension series of the first [`SAMPLES`] replicates.
    pub fn tension_samples(&self) -> &[Vec<f64>] {
        &self.samples
    }
}

/// Adds a replicate's tension values to its sample.
fn extend_sample(sample: &mut Vec<f64>, rec: &EnsembleRecorder) {
    let tension = index(Quantity::Tension);
    sample.extend(rec.rounds.iter().map(|r| from_fixed(r.bounded[tension])));
}

/// Adds the rounds of `batch` (replicates `first..` of `exact`) to `totals`, task by task,
/// and keeps their values in `exact`.
fn keep_exact(
    exact: &mut Exact,
    first: usize,
    batch: &[&EnsembleRecorder],
    totals: rayon::slice::ChunksMut<'_, Totals>,
) {
    let blocks = exact.blocks().collect::<Vec<_>>();
    totals.zip(blocks).enumerate().for_each(|(task, (totals, block))| {
        let row = totals.len() * CSV_SERIES;
        let rows = &mut block[first * row..(first + batch.len()) * row];
        add_rounds(batch, task * ROUNDS_PER_TASK, totals, |j, i, r| {
            let at = i * row + j * CSV_SERIES;
            rows[at..at + CSV_SERIES].copy_from_slice(&r.bounded);
        });
    });
}

/// The bands of every round of `exact`, whose sums are `totals`.
fn exact_bands(exact: &Exact, totals: &[Totals], n: usize) -> Vec<[Band; SERIES]> {
    (0..exact.rounds)
        .into_par_iter()
        .with_min_len(ROUNDS_PER_TASK)
        .map_init(
            || [(); CSV_SERIES].map(|()| Ordered::new(n)),
            |scratch, t| {
                let (round, stride) = exact.round(t);
                let percentiles =
                    std::array::from_fn(|s| scratch[s].percentiles((0..n).map(|i| round[i * stride + s])));
                band(&totals[t], n, percentiles)
            },
        )
        .collect()
}

/// A round's band of every series, from its sums over `n` replicates and its bounded
/// series' percentiles.
fn band(totals: &Totals, n: usize, percentiles: [[f64; 3]; CSV_SERIES]) -> [Band; SERIES] {
    let nf = n.max(1) as f64;
    std::array::from_fn(|s| {
        if s < CSV_SERIES {
            // At most 1e8 replicates of at most 2^32: the sum cannot overflow.
            let mean = totals.bounded[s] as f64 / SCALE / nf;
            let [p05, p50, p95] = percentiles[s];
            Band { mean, p05, p50, p95 }
        } else {
            let k = s - CUMULATIVE_PAYOFF[0];
            let mean = totals.payoff[k] / nf;
            let var = (totals.squares[k] / nf - mean * mean).max(0.0);
            let half = 1.645 * var.sqrt();
            Band {
                mean,
                p05: mean - half,
                p50: mean,
                p95: mean + half,
            }
        }
    })
}

/// The bin of a fixed-point value in [0, 1]; 1 itself falls in the last.
fn bin(q: u32) -> usize {
    ((u64::from(q) * BINS as u64) >> 32) as usize
}

/// The percentiles at `ps` (ascending; type 7, as in the module doc) of the values counted
/// in `bins` (equal bins of [0, 1]) that lie within `range`, each order statistic placed
/// within its bin, narrowed to the range, as if the bin's values were spread evenly over it.
/// A constant series comes out exact. One walk over the bins finds every order statistic.
pub fn binned_percentiles<const K: usize>(bins: &[u32], range: (f64, f64), ps: [f64; K]) -> [f64; K] {
    const { assert!(K <= 8, "at most 8 percentiles at once") };
    let n: u64 = bins.iter().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return [f64::NAN; K];
    }
    let width = 1.0 / bins.len() as f64;
    // The two order statistics each percentile lies between (`2k` and `2k + 1` for the
    // `k`th), visited in ascending rank.
    let positions = ps.map(|p| position(p, n as usize));
    let mut ranks = [(0u64, 0usize); 16];
    let ranks = &mut ranks[..2 * K];
    for (k, &(lo, _)) in positions.iter().enumerate() {
        ranks[2 * k] = (lo as u64, 2 * k);
        ranks[2 * k + 1] = ((lo as u64 + 1).min(n - 1), 2 * k + 1);
    }
    ranks.sort_unstable();
    let mut values = [range.1; 16];
    let mut next = 0;
    let mut below = 0;
    for (b, &c) in bins.iter().enumerate() {
        let c = u64::from(c);
        while next < ranks.len() && ranks[next].0 < below + c {
            let (rank, slot) = ranks[next];
            let from = (b as f64 * width).max(range.0);
            let to = ((b + 1) as f64 * width).min(range.1).max(from);
            let within = ((rank - below) as f64 + 0.5) / c as f64;
            values[slot] = from + within * (to - from);
            next += 1;
        }
        if next == ranks.len() {
            break;
        }
        below += c;
    }
    std::array::from_fn(|k| {
        let (a, b) = (values[2 * k], values[2 * k + 1]);
        a + positions[k].1 * (b - a)
    })
}

/// Where the percentile at `p` of `n` values lies (type 7): `fraction` of the way from the
/// order statistic `lo` to the next.
fn position(p: f64, n: usize) -> (usize, f64) {
    let h = p * (n - 1) as f64;
    let lo = h.floor();
    (lo as usize, h - lo)
}

/// Moves an insertion sort may make per key before selection takes over.
const MOVES_PER_KEY: usize = 4;
/// Rounds a series that took too many moves is selected before insertion is tried again.
const RETRY_AFTER: u32 = 16;
/// Replicates whose value may change from one round to the next for their keys to be moved
/// one by one rather than all sorted again.
const FEW_CHANGED: usize = 8;

/// One series' sorting room over consecutive rounds. Most series barely move from one round
/// to the next: a series that has settled (securitization at its ceiling, in most
/// replicates) has the last round's values, so their percentiles; where a few replicates'
/// values changed, their keys move in place; and sorting a round's values in the order the
/// last round left them takes a few insertion moves. A series that shuffles (tension, with
/// every replicate's own moves and incidents) would take many moves, so past
/// [`MOVES_PER_KEY`] a key it is selected instead, as the rounds after it are for a while.
struct Ordered {
    /// `value << 32 | replicate`, in the order the last round sorted left them.
    keys: Vec<u64>,
    /// Whether `keys` hold the last round's values in order (not after a round selected).
    sorted: bool,
    /// The last round's values in replicate order, and their percentiles.
    values: Vec<u32>,
    last: Option<[f64; 3]>,
    /// This round's values in replicate order, as they are read.
    next: Vec<u32>,
    /// Selection's copy of the values, which it reorders.
    selecting: Vec<u32>,
    /// Rounds left to select before insertion is tried again.
    wait: u32,
}

impl Ordered {
    fn new(replicates: usize) -> Self {
        Self {
            keys: (0..replicates as u64).collect(),
            sorted: false,
            values: Vec::with_capacity(replicates),
            last: None,
            next: Vec::with_capacity(replicates),
            selecting: Vec::with_capacity(replicates),
            wait: 0,
        }
    }

    /// The 5th, 50th and 95th percentiles (type 7) of a round's fixed-point values, given in
    /// replicate order.
    fn percentiles(&mut self, values: impl Iterator<Item = u32>) -> [f64; 3] {
        self.next.clear();
        self.next.extend(values);
        if let Some(last) = self.last
            && self.next == self.values
        {
            return last;
        }
        std::mem::swap(&mut self.next, &mut self.values);
        let percentiles = self.ordered_percentiles();
        self.last = Some(percentiles);
        percentiles
    }

    /// The percentiles of `values` (the last round's now in `next`): the few keys that
    /// changed moved in place, or all sorted by insertion from the last order, or selected.
    fn ordered_percentiles(&mut self) -> [f64; 3] {
        if self.sorted && self.moved_in_place() {
            return sorted_percentiles(&self.keys);
        }
        if self.wait > 0 {
            self.wait -= 1;
        } else {
            for key in &mut self.keys {
                let i = *key as u32 as usize;
                *key = key_of(self.values[i], i);
            }
            let budget = MOVES_PER_KEY * self.keys.len();
            self.sorted = insertion_sorted(&mut self.keys, budget);
            if self.sorted {
                return sorted_percentiles(&self.keys);
            }
            self.wait = RETRY_AFTER;
        }
        self.sorted = false;
        self.selecting.clone_from(&self.values);
        selected_percentiles(&mut self.selecting)
    }

    /// Moves the key of each replicate whose value changed to its new place, if at most
    /// [`FEW_CHANGED`] did: each move a binary search and one shift, where sorting by
    /// insertion would compare every key.
    fn moved_in_place(&mut self) -> bool {
        let changed = self.values.iter().zip(&self.next).filter(|(a, b)| a != b).count();
        if changed > FEW_CHANGED {
            return false;
        }
        for (i, (&now, &before)) in self.values.iter().zip(&self.next).enumerate() {
            if now == before {
                continue;
            }
            let (old, new) = (key_of(before, i), key_of(now, i));
            let from = self
                .keys
                .binary_search(&old)
                .expect("the keys hold the last round's values");
            let to = self.keys.partition_point(|&k| k < new);
            if to > from {
                self.keys.copy_within(from + 1..to, from);
                self.keys[to - 1] = new;
            } else {
                self.keys.copy_within(to..from, to + 1);
                self.keys[to] = new;
            }
        }
        true
    }
}

/// A value's sorting key: by value, then by replicate, so that every key differs.
fn key_of(value: u32, replicate: usize) -> u64 {
    u64::from(value) << 32 | replicate as u64
}

/// [`Ordered::percentiles`] of keys in order.
fn sorted_percentiles(keys: &[u64]) -> [f64; 3] {
    let n = keys.len();
    let value = |k: usize| key_value(keys[k.min(n - 1)]);
    [0.05, 0.50, 0.95].map(|p| {
        let (lo, fraction) = position(p, n);
        interpolate((value(lo), value(lo + 1)), fraction)
    })
}

/// Sorts `keys` by insertion unless that takes more than `budget` moves; either way they
/// end a permutation of what they were.
fn insertion_sorted(keys: &mut [u64], budget: usize) -> bool {
    let mut moves = 0;
    for j in 1..keys.len() {
        let key = keys[j];
        let mut i = j;
        while i > 0 && keys[i - 1] > key {
            keys[i] = keys[i - 1];
            i -= 1;
        }
        keys[i] = key;
        moves += j - i;
        if moves > budget {
            return false;
        }
    }
    true
}

fn key_value(key: u64) -> u32 {
    (key >> 32) as u32
}

/// The value `fraction` of the way between two fixed-point order statistics.
fn interpolate((a, b): (u32, u32), fraction: f64) -> f64 {
    let (a, b) = (from_fixed(a), from_fixed(b));
    a + fraction * (b - a)
}

/// [`Ordered::percentiles`] found by selection, which reorders `values`: a few passes where a
/// sort takes log₂ n.
fn selected_percentiles(values: &mut [u32]) -> [f64; 3] {
    let n = values.len();
    let (m, f50) = position(0.50, n);
    let median = order_pair(values, m);
    // Selecting the median leaves ranks up to it before it and ranks from it on after it, so
    // the other two pairs are found each in its own side.
    let (l, f05) = position(0.05, n);
    let low = if l == m {
        median
    } else {
        order_pair(&mut values[..=m], l)
    };
    let (u, f95) = position(0.95, n);
    let high = order_pair(&mut values[m..], u - m);
    [(low, f05), (median, f50), (high, f95)].map(|(pair, fraction)| interpolate(pair, fraction))
}

/// The `k`th and `k + 1`th smallest of `values` (the `k`th twice if it is the largest),
/// leaving smaller ones before index `k` and larger ones after it.
fn order_pair(values: &mut [u32], k: usize) -> (u32, u32) {
    let (_, &mut at, above) = values.select_nth_unstable(k);
    (at, above.iter().copied().min().unwrap_or(at))
}

#[cfg(test)]
mod tests {
    use super::{FEW_CHANGED, Ordered, RETRY_AFTER, from_fixed, insertion_sorted, selected_percentiles};

    fn binned_percentile(bins: &[u32], range: (f64, f64), p: f64) -> f64 {
        super::binned_percentiles(bins, range, [p])[0]
    }

    /// The definition the percentiles follow: linear interpolation between order statistics
    /// of sorted `values` at `p` in [0, 1].
    fn percentile(sorted: &[f64], p: f64) -> f64 {
        let h = p * (sorted.len() - 1) as f64;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(sorted.len() - 1);
        sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
    }

    /// Uneven values with repeats, in no order, and their percentiles by definition.
    fn values_and_percentiles(n: u32) -> (Vec<u32>, [f64; 3]) {
        let values: Vec<u32> = (0..n)
            .map(|i: u32| i.wrapping_mul(2_654_435_761) % 7_919 * (i % 3))
            .collect();
        let mut sorted: Vec<f64> = values.iter().map(|&q| from_fixed(q)).collect();
        sorted.sort_by(f64::total_cmp);
        (values, [0.05, 0.50, 0.95].map(|p| percentile(&sorted, p)))
    }

    #[test]
    fn selected_percentiles_equal_those_of_the_sorted_values() {
        for n in 1..300 {
            let (mut values, expected) = values_and_percentiles(n);
            assert_eq!(selected_percentiles(&mut values), expected, "{n} values");
        }
    }

    #[test]
    fn a_series_sorted_from_the_last_order_or_selected_has_the_exact_percentiles() {
        for n in 1..300 {
            let (values, expected) = values_and_percentiles(n);
            let mut series = Ordered::new(n as usize);
            // Every round changes the order: two replicates trading values (a few moves, so
            // sorted), then every replicate's value handed to the next one (a shuffle, so
            // selected, and insertion tried again after a while), then no change at all.
            let mut swapped = values.clone();
            swapped.swap(0, (n as usize - 1).min(1));
            let shifted: Vec<u32> = values.iter().cycle().skip(1).take(n as usize).copied().collect();
            let pairs = RETRY_AFTER as usize + 2;
            let rounds = std::iter::repeat_n([&values, &swapped], pairs)
                .chain(std::iter::repeat_n([&shifted, &values], pairs))
                .flatten()
                .chain([&values, &values]);
            for (t, round) in rounds.enumerate() {
                let got = series.percentiles(round.iter().copied());
                assert_eq!(got, expected, "{n} values, round {t}");
            }
        }
    }

    #[test]
    fn a_series_that_stays_in_order_is_sorted_and_one_that_shuffles_is_selected() {
        let mut series = Ordered::new(200);
        series.percentiles(0..200);
        series.percentiles(0..200);
        assert_eq!(series.wait, 0, "values in the last order take no move");
        series.percentiles((0..200).rev());
        assert_eq!(series.wait, RETRY_AFTER, "reversed, they take too many");
    }

    #[test]
    fn a_series_where_a_few_replicates_move_each_round_has_the_exact_percentiles() {
        let mut values: Vec<u32> = (0..100).map(|i: u32| i.wrapping_mul(2_654_435_761) % 1_000).collect();
        let mut series = Ordered::new(values.len());
        let mut state = 12_345u32;
        for t in 0..500 {
            for _ in 0..t % (FEW_CHANGED + 3) {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                values[(state >> 8) as usize % 100] = (state >> 16) % 1_000;
            }
            let mut sorted: Vec<f64> = values.iter().map(|&q| from_fixed(q)).collect();
            sorted.sort_by(f64::total_cmp);
            let expected = [0.05, 0.50, 0.95].map(|p| percentile(&sorted, p));
            assert_eq!(series.percentiles(values.iter().copied()), expected, "round {t}");
            if series.sorted {
                assert!(series.keys.is_sorted(), "round {t}");
            }
        }
    }

    #[test]
    fn a_round_with_the_last_rounds_values_is_neither_sorted_nor_selected() {
        let mut series = Ordered::new(200);
        series.percentiles(0..200);
        let shuffled = series.percentiles((0..200).rev());
        assert_eq!(series.percentiles((0..200).rev()), shuffled);
        assert_eq!(series.wait, RETRY_AFTER, "no round of selection spent");
    }

    #[test]
    fn an_insertion_sort_over_budget_leaves_the_keys_a_permutation() {
        let mut keys: Vec<u64> = (0..100).rev().collect();
        assert!(!insertion_sorted(&mut keys, 50));
        keys.sort_unstable();
        assert_eq!(keys, (0..100).collect::<Vec<u64>>());
    }

    /// One percentile read off `bins` by its own walks, order statistic by order statistic:
    /// what [`super::binned_percentiles`] computes for several at once.
    fn one_at_a_time(bins: &[u32], range: (f64, f64), p: f64) -> f64 {
        let n: u64 = bins.iter().map(|&c| u64::from(c)).sum();
        let order_statistic = |rank: u64| {
            let mut below = 0;
            for (b, &c) in bins.iter().enumerate() {
                let c = u64::from(c);
                if rank < below + c {
                    let width = 1.0 / bins.len() as f64;
                    let from = (b as f64 * width).max(range.0);
                    let to = ((b + 1) as f64 * width).min(range.1).max(from);
                    return from + ((rank - below) as f64 + 0.5) / c as f64 * (to - from);
                }
                below += c;
            }
            range.1
        };
        let (lo, fraction) = super::position(p, n as usize);
        let (a, b) = (order_statistic(lo as u64), order_statistic((lo as u64 + 1).min(n - 1)));
        a + fraction * (b - a)
    }

    #[test]
    fn percentiles_read_in_one_walk_equal_each_read_on_its_own() {
        for n in 1..200u32 {
            let mut bins = [0u32; super::BINS];
            for i in 0..n {
                bins[(i.wrapping_mul(2_654_435_761) % 97 * (i % 3 + 1)) as usize % super::BINS] += 1;
            }
            let range = (0.01, 0.97);
            let together = super::binned_percentiles(&bins, range, [0.05, 0.5, 0.95]);
            let alone = [0.05, 0.5, 0.95].map(|p| one_at_a_time(&bins, range, p));
            assert_eq!(together, alone, "{n} values");
        }
    }

    #[test]
    fn a_constant_series_has_exact_binned_percentiles() {
        let mut bins = [0u32; super::BINS];
        bins[128] = 1000;
        assert_eq!(binned_percentile(&bins, (0.5, 0.5), 0.05), 0.5);
        assert_eq!(binned_percentile(&bins, (0.5, 0.5), 0.95), 0.5);
    }

    #[test]
    fn binned_percentiles_are_within_a_bin_of_the_exact_ones() {
        // 10,007 values spread unevenly over [0, 1].
        let values: Vec<f64> = (0..10_007)
            .map(|i| ((i as f64 * 0.618_033_988_7) % 1.0).powi(3))
            .collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let mut bins = [0u32; super::BINS];
        for v in &values {
            bins[((v * super::BINS as f64) as usize).min(super::BINS - 1)] += 1;
        }
        let range = (sorted[0], sorted[sorted.len() - 1]);
        for p in [0.05, 0.5, 0.95] {
            let exact = percentile(&sorted, p);
            let binned = binned_percentile(&bins, range, p);
            assert!(
                (exact - binned).abs() <= 1.0 / super::BINS as f64,
                "p{p}: {exact} vs {binned}"
            );
        }
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert!((percentile(&v, 0.05) - 1.2).abs() < 1e-12);
        assert!((percentile(&v, 0.95) - 4.8).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 0.95), 7.0);
    }
}
