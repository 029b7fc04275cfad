//! Tests of the published OpenAPI documents: snapshots, freshness of `openapi/`, structural
//! validity, and fidelity to the vendor pages as amended by DECISIONS.md.

mod fidelity;
mod freshness;
mod snapshots;
mod sourced;
mod structure;
mod support;
