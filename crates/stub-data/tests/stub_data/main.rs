//! Behaviour of the dataset and of the operations it answers, checked against tables written from
//! the vendors' documented semantics (and DECISIONS.md where the vendors are silent).

mod codearts;
mod dataset;
mod enos;
mod exports;
mod fuzz;
mod support;
mod template;
mod tencent;
mod workspace;
