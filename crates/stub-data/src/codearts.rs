//! Huawei Cloud CodeArts Repo: the member groups `ListGroupUserGroups` returns.

use vendor_api::codearts::{GroupId, ListGroupUserGroupsQuery, ProjectUserGroupDto};

use crate::error::NotFound;
use crate::fixture::Dataset;

/// `ListGroupUserGroups`: the member groups of repository group `group_id`, in membership
/// order. `search`, when given, first keeps only the records whose `user_group_id` equals it
/// exactly (the vendor defines `search` as a user group ID; see DECISIONS.md); then `offset`
/// records are skipped and at most `limit` returned. An offset at or past the end gives an
/// empty array.
///
/// # Errors
///
/// [`NotFound`] when no repository group has this id (the stub answers 404).
pub fn codearts_list(
    dataset: &Dataset,
    group_id: GroupId,
    query: &ListGroupUserGroupsQuery,
) -> Result<Vec<ProjectUserGroupDto>, NotFound> {
    let (group, members) = codearts_select(dataset, group_id, query)?;
    let member_groups = &dataset.huawei_codearts_repo.repository_groups[group].member_groups;
    Ok(members
        .map(|member| ProjectUserGroupDto::from(&member_groups[member]))
        .collect())
}

/// The records [`codearts_list`] answers, as positions in the dataset: the index of the
/// repository group in `repository_groups` and, in answer order, the indices of the chosen
/// records in its `member_groups`. For callers that keep each record's answer ready-made
/// (the stub server serializes every record once, at startup).
///
/// # Errors
///
/// [`NotFound`] when no repository group has this id.
pub fn codearts_select<'a>(
    dataset: &'a Dataset,
    group_id: GroupId,
    query: &'a ListGroupUserGroupsQuery,
) -> Result<(usize, impl Iterator<Item = usize> + 'a), NotFound> {
    let groups = &dataset.huawei_codearts_repo.repository_groups;
    let index = groups
        .iter()
        .position(|group| group.group_id == group_id.get())
        .ok_or(NotFound { group_id })?;
    // Offsets reach 2^31 − 1; a value that does not fit usize is past the end of any list.
    let offset = usize::try_from(query.offset.get()).unwrap_or(usize::MAX);
    let limit = usize::try_from(query.limit.get()).unwrap_or(0);
    let members = groups[index]
        .member_groups
        .iter()
        .enumerate()
        .filter(|(_, member)| {
            query
                .search
                .as_ref()
                .is_none_or(|search| member.user_group_id == *search)
        })
        .skip(offset)
        .take(limit)
        .map(|(position, _)| position);
    Ok((index, members))
}
