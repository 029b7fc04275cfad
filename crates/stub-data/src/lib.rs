//! The stub server's data and business logic: a deterministic dataset for the five vendor
//! operations and the pure functions that answer them, with no web framework in it.
//!
//! - [`Dataset`] holds one section per vendor. [`Dataset::generate`] builds one from a seed
//!   ([`DEFAULT_SEED`] for the stub's default), always containing the [`anchors`] that the
//!   vendors' examples use; [`Dataset::load`] reads a hand-written one and checks it;
//!   [`fixture_schema`] is its JSON Schema, for editors.
//! - One function per operation turns a dataset and a request (the `vendor_api` request types,
//!   already validated against the published documents) into the answer's data:
//!   [`workspace_export`], [`workspace_template`], [`tencent_export`] (after
//!   [`validate_tencent_filters`]), [`enos_list_assigned_users`] and [`codearts_list`].
//!
//! Nothing here panics on any request: offsets and page numbers up to `i32::MAX` are
//! computed with checked or saturating arithmetic, and unusable filter values match nothing.

mod codearts;
mod enos;
mod error;
mod fixture;
mod generate;
mod ids;
mod load;
mod rng;
mod tencent;
mod time;
mod workspace;

pub use codearts::codearts_list;
pub use enos::enos_list_assigned_users;
pub use error::{DatasetError, EnosLookupError, LookupError, NotFound, Problem};
pub use fixture::{
    CodeArtsMemberGroup, CodeArtsRepositoryGroup, CodeArtsSection, Dataset, EnosOrg, EnosSection,
    EnosUser, EnosUserGroup, OsType, TencentAccount, TencentHost, TencentSection, UserActiveType,
    WorkspaceProject, WorkspaceSection, WorkspaceUser, WorkspaceUserGroup, fixture_schema,
};
pub use generate::{DEFAULT_SEED, anchors};
pub use tencent::{
    ExportedAccount, FilterProblem, TencentExport, tencent_export, validate_tencent_filters,
};
pub use workspace::{Template, WorkspaceExport, workspace_export, workspace_template};
