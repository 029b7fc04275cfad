//! Parts of answers that depend on the dataset alone, serialized once when the state is built
//! instead of on every request: a list answer is then the ready-made records of the chosen
//! rows joined into an array, with no per-record copies of the dataset's strings.
//!
//! The selection itself stays in `stub-data`, so that which records an answer holds, and in
//! which order, is decided in one place for the typed and the ready-made paths.

use stub_data::{Dataset, EnosPage};
use vendor_api::codearts::ProjectUserGroupDto;
use vendor_api::enos;

/// The ready-made JSON of the dataset's records.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Each CodeArts member group record as `ListGroupUserGroups` returns it, indexed like
    /// `repository_groups[g].member_groups[m]`.
    codearts_members: Vec<Vec<Box<[u8]>>>,
    /// Each EnOS user as `listAssignedUser` returns it, indexed like
    /// `orgs[o].user_groups[g].users[u]`.
    enos_users: Vec<Vec<Vec<Box<[u8]>>>>,
}

/// Serializes each of `records` as `answer` turns it into its answer type.
fn each<T, R: serde::Serialize>(
    records: &[T],
    answer: impl Fn(&T) -> R,
) -> Result<Vec<Box<[u8]>>, serde_json::Error> {
    records
        .iter()
        .map(|record| serde_json::to_vec(&answer(record)).map(Vec::into_boxed_slice))
        .collect()
}

/// Appends `[`, the `records` at `indices` separated by commas, and `]`; `None` when an index
/// is out of range.
fn join_into(
    body: &mut Vec<u8>,
    records: &[Box<[u8]>],
    indices: impl Iterator<Item = usize>,
) -> Option<()> {
    body.push(b'[');
    for (n, index) in indices.enumerate() {
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(records.get(index)?);
    }
    body.push(b']');
    Some(())
}

impl Rendered {
    /// Serializes every record of `dataset`.
    pub fn new(dataset: &Dataset) -> Result<Rendered, serde_json::Error> {
        let codearts_members = dataset
            .huawei_codearts_repo
            .repository_groups
            .iter()
            .map(|group| each(&group.member_groups, |m| ProjectUserGroupDto::from(m)))
            .collect::<Result<_, _>>()?;
        let enos_users = dataset
            .enos_app_portal
            .orgs
            .iter()
            .map(|org| {
                org.user_groups
                    .iter()
                    .map(|group| each(&group.users, |u| enos::User::from(u)))
                    .collect()
            })
            .collect::<Result<_, _>>()?;
        Ok(Rendered {
            codearts_members,
            enos_users,
        })
    }

    /// The JSON array of the member groups `members` (indices from
    /// [`stub_data::codearts_select`]) of repository group number `group`; `None` when an
    /// index is not one of the dataset this was built from.
    pub fn codearts_array(
        &self,
        group: usize,
        members: impl Iterator<Item = usize>,
    ) -> Option<Vec<u8>> {
        let mut body = Vec::with_capacity(2048);
        join_into(&mut body, self.codearts_members.get(group)?, members)?;
        Some(body)
    }

    /// The whole successful `listAssignedUser` answer for `page` (from
    /// [`stub_data::enos_select`]); `None` when the page is not one of the dataset this was
    /// built from.
    ///
    /// The envelope is the typed answer with an empty `users` array, serialized as usual;
    /// the ready-made users are put into that array.
    pub fn enos_answer(&self, page: &EnosPage) -> Option<Vec<u8>> {
        let users = self.enos_users.get(page.org)?.get(page.user_group)?;
        let envelope = serde_json::to_vec(&enos::ListAssignedUserResponse {
            code: enos::codes::OK,
            message: "OK".into(),
            data: Some(enos::ListAssignedUserData {
                users: Vec::new(),
                pagination: page.pagination,
            }),
        })
        .ok()?;
        // `message` is "OK" and `data` holds one array, so this is the `users` array.
        const EMPTY: &[u8] = b"\"users\":[]";
        let at = envelope.windows(EMPTY.len()).position(|w| w == EMPTY)? + EMPTY.len() - 2;
        // About what a user takes; only a hint, and never more than the group holds.
        let guess = page.users.len().min(users.len()).saturating_mul(512);
        let mut body = Vec::with_capacity(envelope.len() + guess);
        body.extend_from_slice(&envelope[..at]);
        join_into(&mut body, users, page.users.clone())?;
        body.extend_from_slice(&envelope[at + 2..]);
        Some(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vendor_api::codearts::{GroupId, Limit, ListGroupUserGroupsQuery, Offset};

    /// The ready-made array is byte for byte what serializing the typed answer gives, for
    /// every group of two datasets and pages that start inside, at and past the end, with
    /// and without `search`.
    #[test]
    fn ready_made_arrays_equal_the_typed_answers() {
        let mut compared = 0;
        for seed in [1, 7] {
            let dataset = Dataset::generate(seed);
            let rendered = Rendered::new(&dataset).unwrap();
            for group in &dataset.huawei_codearts_repo.repository_groups {
                let group_id = GroupId::try_from(i64::from(group.group_id)).unwrap();
                let mut searches: Vec<Option<String>> = vec![None, Some("no-such".into())];
                searches.extend(
                    group
                        .member_groups
                        .iter()
                        .take(2)
                        .map(|m| Some(m.user_group_id.clone())),
                );
                for search in searches {
                    for (offset, limit) in [(0, 20), (0, 1), (1, 3), (2, 100), (5000, 10)] {
                        let query = ListGroupUserGroupsQuery {
                            search: search.clone(),
                            offset: Offset::try_from(offset).unwrap(),
                            limit: Limit::try_from(limit).unwrap(),
                        };
                        let typed = stub_data::codearts_list(&dataset, group_id, &query).unwrap();
                        let (index, members) =
                            stub_data::codearts_select(&dataset, group_id, &query).unwrap();
                        let ready = rendered.codearts_array(index, members).unwrap();
                        assert_eq!(
                            String::from_utf8(ready).unwrap(),
                            serde_json::to_string(&typed).unwrap(),
                            "group {} search {search:?} offset {offset} limit {limit}",
                            group.group_id
                        );
                        compared += usize::from(!typed.is_empty());
                    }
                }
            }
        }
        // The comparison covered non-empty answers, not only empty arrays.
        assert!(compared > 10, "only {compared} non-empty answers compared");
    }

    /// The ready-made EnOS answer is byte for byte the typed envelope around the typed page,
    /// for every user group of two datasets and first, middle, last, past-the-end pages.
    #[test]
    fn ready_made_enos_answers_equal_the_typed_answers() {
        let mut compared = 0;
        for seed in [1, 7] {
            let dataset = Dataset::generate(seed);
            let rendered = Rendered::new(&dataset).unwrap();
            for org in &dataset.enos_app_portal.orgs {
                for group in &org.user_groups {
                    for (page_no, page_size) in
                        [(0, 100), (0, 1), (1, 2), (3, 1000), (2147483647, 1000)]
                    {
                        let request = enos::ListAssignedUserRequest {
                            user_group_id: group.user_group_id.clone(),
                            pagination: enos::PageRequest {
                                page_no: enos::PageNo::try_from(page_no).unwrap(),
                                page_size: enos::PageSize::try_from(page_size).unwrap(),
                            },
                        };
                        let data =
                            stub_data::enos_list_assigned_users(&dataset, &org.org_id, &request)
                                .unwrap();
                        let typed = enos::ListAssignedUserResponse {
                            code: enos::codes::OK,
                            message: "OK".into(),
                            data: Some(data.clone()),
                        };
                        let page = stub_data::enos_select(&dataset, &org.org_id, &request).unwrap();
                        let ready = rendered.enos_answer(&page).unwrap();
                        assert_eq!(
                            String::from_utf8(ready).unwrap(),
                            serde_json::to_string(&typed).unwrap(),
                            "group {} page {page_no} size {page_size}",
                            group.user_group_id
                        );
                        compared += usize::from(!data.users.is_empty());
                    }
                }
            }
        }
        assert!(compared > 10, "only {compared} non-empty answers compared");
    }

    #[test]
    fn an_index_outside_the_dataset_is_refused() {
        let rendered = Rendered::new(&Dataset::generate(1)).unwrap();
        assert_eq!(
            rendered.codearts_array(usize::MAX, std::iter::empty()),
            None
        );
        assert_eq!(rendered.codearts_array(0, [usize::MAX].into_iter()), None);
        let page = EnosPage {
            org: 0,
            user_group: 0,
            users: 0..usize::MAX,
            pagination: enos::PageResponse {
                total_elements: 0,
                page_no: enos::PageNo::try_from(0).unwrap(),
                page_size: enos::PageSize::try_from(1).unwrap(),
            },
        };
        assert_eq!(rendered.enos_answer(&page), None);
    }
}
