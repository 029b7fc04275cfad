//! EnOS Application Portal: the pages of `listAssignedUser`.

use std::ops::Range;

use vendor_api::enos::{ListAssignedUserData, ListAssignedUserRequest, PageResponse, User};

use crate::error::EnosLookupError;
use crate::fixture::Dataset;

/// `listAssignedUser`: page `pageNo` (from 0) of `pageSize` users of the user group, in
/// dataset order, with `totalElements` the group's whole size.
///
/// Pages never overlap and together hold every user once. A page past the end has no users
/// but still reports the group's size and echoes the requested page number and size.
///
/// # Errors
///
/// [`EnosLookupError::UnknownOrg`] or [`EnosLookupError::UnknownUserGroup`] (the stub
/// answers code 31404).
pub fn enos_list_assigned_users(
    dataset: &Dataset,
    org_id: &str,
    req: &ListAssignedUserRequest,
) -> Result<ListAssignedUserData, EnosLookupError> {
    let page = enos_select(dataset, org_id, req)?;
    let users = dataset.enos_app_portal.orgs[page.org].user_groups[page.user_group].users
        [page.users]
        .iter()
        .map(User::from)
        .collect();
    Ok(ListAssignedUserData {
        users,
        pagination: page.pagination,
    })
}

/// The page [`enos_list_assigned_users`] answers, as positions in the dataset, for callers
/// that keep each user's answer ready-made (the stub server serializes every user once, at
/// startup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnosPage {
    /// Index of the organization in `enos_app_portal.orgs`.
    pub org: usize,
    /// Index of the user group in that organization's `user_groups`.
    pub user_group: usize,
    /// The users of the page, as indices into that group's `users`; empty past the end.
    pub users: Range<usize>,
    /// The page's `pagination` object.
    pub pagination: PageResponse,
}

/// Which users [`enos_list_assigned_users`] returns; see there.
///
/// # Errors
///
/// As [`enos_list_assigned_users`].
pub fn enos_select(
    dataset: &Dataset,
    org_id: &str,
    req: &ListAssignedUserRequest,
) -> Result<EnosPage, EnosLookupError> {
    let orgs = &dataset.enos_app_portal.orgs;
    let org = orgs
        .iter()
        .position(|org| org.org_id == org_id)
        .ok_or_else(|| EnosLookupError::UnknownOrg {
            org_id: org_id.to_owned(),
        })?;
    let user_group = orgs[org]
        .user_groups
        .iter()
        .position(|group| group.user_group_id == req.user_group_id)
        .ok_or_else(|| EnosLookupError::UnknownUserGroup {
            org_id: org_id.to_owned(),
            user_group_id: req.user_group_id.clone(),
        })?;
    let total = orgs[org].user_groups[user_group].users.len();
    let PageRequestParts { page_no, page_size } = PageRequestParts::of(req);
    // Page numbers go up to 2^31 − 1 and sizes to 1000, so the first index can pass any
    // usize of 32 bits: computed in u64, and a start that does not fit is past the end.
    let start = usize::try_from(page_no.saturating_mul(page_size))
        .unwrap_or(usize::MAX)
        .min(total);
    let size = usize::try_from(page_size).unwrap_or(usize::MAX);
    let end = start.saturating_add(size).min(total);
    Ok(EnosPage {
        org,
        user_group,
        users: start..end,
        pagination: PageResponse {
            total_elements: i64::try_from(total).unwrap_or(i64::MAX),
            page_no: req.pagination.page_no,
            page_size: req.pagination.page_size,
        },
    })
}

/// The request's page number and size as unsigned numbers.
struct PageRequestParts {
    page_no: u64,
    page_size: u64,
}

impl PageRequestParts {
    fn of(req: &ListAssignedUserRequest) -> Self {
        // The bounded types guarantee page_no ≥ 0 and page_size ≥ 1; a negative value could
        // only come from a future change of those bounds and is read as 0.
        Self {
            page_no: u64::try_from(req.pagination.page_no.get()).unwrap_or(0),
            page_size: u64::try_from(req.pagination.page_size.get()).unwrap_or(0),
        }
    }
}
