//! Huawei Cloud CodeArts Repo: the member groups of a repository group.

use vendor_api::codearts::ListGroupUserGroups;

use super::common::{dataset_changed, json_bytes};
use crate::failure::Failure;
use crate::registry::{Call, Context, Outcome};

/// `ListGroupUserGroups`.
pub fn list_group_user_groups(cx: &Context<'_>, call: Call<ListGroupUserGroups>) -> Outcome {
    let (group, members) = stub_data::codearts_select(cx.dataset, call.path.group_id, &call.query)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    // The records were serialized at startup (`rendered`); the answer only joins them.
    let body = cx
        .rendered
        .codearts_array(group, members)
        .ok_or_else(dataset_changed)?;
    Ok(json_bytes(body))
}
