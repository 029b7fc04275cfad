//! EnOS Application Portal: one page of a user group's users.

use vendor_api::enos::ListAssignedUser;

use super::common::{dataset_changed, json_bytes};
use crate::failure::Failure;
use crate::registry::{Call, Context, Outcome};

/// `listAssignedUser`.
pub fn list_assigned_user(cx: &Context<'_>, call: Call<ListAssignedUser>) -> Outcome {
    let page = stub_data::enos_select(cx.dataset, &call.query.org_id, &call.body)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    // The users were serialized at startup (`rendered`); the answer only joins them.
    let body = cx.rendered.enos_answer(&page).ok_or_else(dataset_changed)?;
    Ok(json_bytes(body))
}
