//! Replays every committed input of every fuzz target (the seeds under `fuzz/corpus/<target>/`
//! and the crashes kept under `fuzz/regressions/<target>/`) on each `cargo test`, and holds the
//! bounded smoke run CI makes: mutations of the seeds, a fixed number per target from a fixed
//! seed, any failing input written to `fuzz/regressions/<target>/` so the next plain
//! `cargo test` replays it.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use stub_fuzz::{Mutator, TARGETS, run};

/// Mutations per target in the smoke run, unless `FUZZ_SMOKE_RUNS` says otherwise.
const SMOKE_RUNS: usize = 20_000;
/// The smoke run's seed, so that a failure can be repeated.
const SMOKE_SEED: u64 = 20_261_205;

fn folder(kind: &str, target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(kind)
        .join(target)
}

/// The files of a folder, sorted; none when it is missing.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && !path.ends_with("README.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, data)
        })
        .collect()
}

/// Runs one input, turning a panic into a failure message.
fn passes(target: &str, data: &[u8]) -> bool {
    catch_unwind(AssertUnwindSafe(|| run(target, data))).is_ok_and(|known| known.is_some())
}

#[test]
fn every_committed_input_runs_cleanly() {
    for target in TARGETS {
        let seeds = inputs(&folder("corpus", target));
        assert!(
            seeds.len() >= 10,
            "{target}: only {} seeds under fuzz/corpus/{target}/",
            seeds.len()
        );
        let kept = inputs(&folder("regressions", target));
        let failed: Vec<String> = seeds
            .iter()
            .chain(&kept)
            .filter(|(_, data)| !passes(target, data))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            failed.is_empty(),
            "{target}: these inputs fail: {failed:#?}"
        );
    }
}

#[test]
#[ignore = "the bounded fuzzing smoke run: `cargo xtask test` runs it with --ignored"]
fn smoke_run_of_seed_mutations() {
    let runs = std::env::var("FUZZ_SMOKE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SMOKE_RUNS);
    for target in TARGETS {
        let seeds = inputs(&folder("corpus", target));
        let mut mutator = Mutator::new(SMOKE_SEED);
        for i in 0..runs {
            let (_, seed) = &seeds[i % seeds.len()];
            let data = mutator.mutate(seed);
            if !passes(target, &data) {
                let dir = folder("regressions", target);
                fs::create_dir_all(&dir).expect("the regressions folder");
                let path = dir.join(format!("smoke-{SMOKE_SEED}-{i}"));
                fs::write(&path, &data).expect("the failing input");
                panic!(
                    "{target}: mutation {i} fails; kept as {} (commit it: plain `cargo test` replays it)",
                    path.display()
                );
            }
        }
        println!(
            "fuzz {target}: {runs} mutations of {} seeds, no failure",
            seeds.len()
        );
    }
}
