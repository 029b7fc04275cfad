//! The stub server's data and business logic: a deterministic dataset for the nine operations
//! the stub serves (the five vendor operations, the three that follow their export tasks, and
//! the stub's own download route) and the pure functions that answer them, with no web
//! framework in it.
//!
//! - [`Dataset`] holds one section per vendor. [`Dataset::generate`] builds one from a seed
//!   ([`DEFAULT_SEED`] for the stub's default), always containing the [`anchors`] that the
//!   vendors' examples use; [`Dataset::load`] reads a hand-written one and checks it;
//!   [`fixture_schema`] is its JSON Schema, for editors.
//! - One function per operation turns a dataset and a request (the `vendor_api` request types,
//!   already validated against the published documents) into the answer's data:
//!   [`workspace_export`], [`workspace_template`], [`tencent_export`] (after
//!   [`validate_tencent_filters`]), [`enos_list_assigned_users`] and [`codearts_list`].
//! - Export tasks: the exports take a [`TaskPlan`] (creation time from a [`Clock`], delay,
//!   retention, injected failure) and seal it, with the selection, into the task id;
//!   [`workspace_task`] and [`tencent_task`] read a task back from its id alone, for its status
//!   at any time and its workbook; [`workspace_list_tasks`] answers `ListExportTasks`, with
//!   the [`TaskLedger`] of the tasks one process created.
//!
//! Nothing here panics on any request: offsets and page numbers up to `i32::MAX` are
//! computed with checked or saturating arithmetic, and unusable filter values match nothing.

mod clock;
mod codearts;
mod enos;
mod error;
mod fixture;
mod generate;
mod headings;
mod ids;
mod load;
mod rng;
mod tasks;
mod tencent;
mod time;
mod workspace;
mod xlsx;

pub use clock::Clock;
pub use codearts::{codearts_list, codearts_select};
pub use enos::{EnosPage, enos_list_assigned_users, enos_select};
pub use error::{DatasetError, EnosLookupError, LookupError, NotFound, Problem};
pub use fixture::{
    CodeArtsMemberGroup, CodeArtsRepositoryGroup, CodeArtsSection, Dataset, EnosOrg, EnosSection,
    EnosUser, EnosUserGroup, OsType, TencentAccount, TencentHost, TencentSection, UserActiveType,
    WorkspaceProject, WorkspaceSection, WorkspaceUser, WorkspaceUserGroup, fixture_schema,
};
pub use generate::{DEFAULT_SEED, anchors};
pub use headings::{tencent as tencent_export_headings, workspace as workspace_export_headings};
pub use tasks::{
    DEFAULT_TASK_DELAY_MS, DEFAULT_TASK_RETENTION_MS, TaskLedger, TaskPhase, TaskPlan,
};
pub use tencent::{
    ExportedAccount, FilterProblem, TencentExport, TencentTask, tencent_export, tencent_task,
    validate_tencent_filters,
};
pub use workspace::{
    Template, WorkspaceExport, WorkspaceTask, workspace_export, workspace_list_tasks,
    workspace_task, workspace_template,
};
