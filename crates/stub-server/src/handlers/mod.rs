//! The operations: typed input in, the vendor's answer out, computed from the dataset by
//! `stub-data`. The two exports create tasks whose plan (creation time from the configured
//! clock, delay, retention, and a failure asked for with `Prefer: task=fail`) is sealed into
//! the task id; the task operations read the task back from its id alone.

mod codearts;
mod common;
mod enos;
mod tencent;
mod workspace;

use vendor_api::{codearts as ca, enos as en, tencent_cwp as tc, workspace as ws};

use crate::registry::Registry;

/// Every handler, registered with its operation's marker.
pub fn registry() -> Registry {
    let mut registry = Registry::default();
    registry
        .add::<ws::ExportUserGroupUsersNew>(workspace::export_user_group_users)
        .add::<ws::ExportUsersTemplate>(workspace::export_users_template)
        .add::<ws::ListExportTasks>(workspace::list_export_tasks)
        .add::<ws::DownloadExportFile>(workspace::download_export_file)
        .add::<tc::ExportAssetUserList>(tencent::export_asset_user_list)
        .add::<tc::ExportTasks>(tencent::export_tasks)
        .add::<tc::StubDownloadTencentExport>(tencent::stub_download)
        .add::<en::ListAssignedUser>(enos::list_assigned_user)
        .add::<ca::ListGroupUserGroups>(codearts::list_group_user_groups);
    registry
}
