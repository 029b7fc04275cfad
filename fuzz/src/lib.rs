//! The fuzz targets' logic as a library, so that three harnesses run the same code: libFuzzer
//! through cargo-fuzz (`fuzz_targets/`, `cargo xtask fuzz`, for long runs), a plain
//! `cargo test` that replays the committed seeds (`corpus/<target>/`) and every crash kept
//! (`regressions/<target>/`), and the bounded smoke run CI makes (`tests/corpus.rs`).
//!
//! Every harness reads an input's bytes the way libFuzzer's `fuzz_target!` does (the whole
//! input through [`arbitrary::Arbitrary::arbitrary_take_rest`]), so a file means the same to
//! each of them.

pub mod requests;
pub mod signatures;

use arbitrary::{Arbitrary, Unstructured};

/// The targets, by the name of their folder under `corpus/` and `regressions/`.
pub const TARGETS: [&str; 2] = ["requests", "signatures"];

/// Runs one input of `target`; inputs too short to make a value are skipped, as libFuzzer
/// skips them. Panics when the code under test misbehaves; `None` for an unknown target.
pub fn run(target: &str, data: &[u8]) -> Option<()> {
    match target {
        "requests" => decode(data).map_or(Some(()), |input| {
            requests::check(&input);
            Some(())
        }),
        "signatures" => decode(data).map_or(Some(()), |input| {
            signatures::check(&input);
            Some(())
        }),
        _ => None,
    }
}

fn decode<'a, T: Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// A small deterministic generator (xorshift64*) for the smoke run's mutations: the same seed
/// gives the same inputs on every machine, so a failure can be replayed.
#[derive(Debug, Clone)]
pub struct Mutator(u64);

impl Mutator {
    /// A generator from a seed (zero is replaced, as xorshift would stay at zero).
    pub fn new(seed: u64) -> Mutator {
        Mutator(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A changed copy of `seed`: a few byte flips, insertions, deletions or random runs, the
    /// kinds of edit libFuzzer starts with.
    pub fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut data = seed.to_vec();
        for _ in 0..=self.below(4) {
            let at = self.below(data.len() + 1);
            match self.below(4) {
                0 if at < data.len() => data[at] ^= 1 << self.below(8),
                1 => data.insert(at, self.next() as u8),
                2 if at < data.len() => {
                    data.remove(at);
                }
                _ => {
                    let run: Vec<u8> = (0..self.below(16)).map(|_| self.next() as u8).collect();
                    data.splice(at..at, run);
                }
            }
        }
        data
    }
}
