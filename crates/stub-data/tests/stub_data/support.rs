//! Small hand-written datasets, so that expected answers can be read off the test itself.

use serde_json::{Value, json};
use stub_data::{Dataset, TaskPlan};

/// The plan of the export tasks these tests create: 2026-02-10T08:00:00Z, half a second to
/// run, kept a week.
pub fn plan() -> TaskPlan {
    TaskPlan::new(1_770_710_400_000, 500, 604_800_000, false)
}

/// A dataset whose sections are empty except those given.
pub fn dataset_with(section: &str, content: Value) -> Dataset {
    let mut root = json!({
        "huawei_workspace": {"projects": []},
        "tencent_cwp": {"hosts": []},
        "enos_app_portal": {"orgs": []},
        "huawei_codearts_repo": {"repository_groups": []},
    });
    root[section] = content;
    match Dataset::load(&root.to_string()) {
        Ok(dataset) => dataset,
        Err(error) => panic!("test dataset does not load: {error}"),
    }
}

/// `object` with `key` set to `value` when there is one: a dataset leaves an absent optional
/// value out rather than writing `null`.
pub fn with_optional(mut object: Value, key: &str, value: Option<&str>) -> Value {
    if let Some(value) = value {
        object[key] = json!(value);
    }
    object
}

/// A tiny deterministic generator for the fuzz-ish tests (64-bit LCG, Knuth's MMIX constants).
#[derive(Debug)]
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}
