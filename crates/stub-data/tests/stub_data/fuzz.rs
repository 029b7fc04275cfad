//! Random requests against the default dataset: no panics, and the answers keep the
//! invariants every request must (subsets, sort order, page bounds, stable ids).

use stub_data::{
    DEFAULT_SEED, Dataset, codearts_list, enos_list_assigned_users, tencent_export, tencent_task,
    validate_tencent_filters, workspace_export, workspace_task,
};
use vendor_api::tencent_cwp::{ExportAssetUserListRequest, Filter, FilterName, Order, SortBy};
use vendor_api::workspace::{ActiveType, ExportUserGroupUsersQuery, Language};

use crate::support::{Lcg, plan};

const ROUNDS: usize = 400;

fn maybe(rng: &mut Lcg, items: &[&str]) -> Option<String> {
    (rng.below(3) == 0).then(|| (*rng.pick(items)).to_owned())
}

#[test]
fn random_workspace_queries() {
    let dataset = Dataset::generate(DEFAULT_SEED);
    let mut rng = Lcg(1);
    let texts = [
        "", "a", "Li", "WANG", "研发", "%", "a b+c", "0", "g1", "Finance",
    ];
    for _ in 0..ROUNDS {
        let project = rng.pick(&dataset.huawei_workspace.projects);
        let group = rng.pick(&project.user_groups);
        let query = ExportUserGroupUsersQuery {
            user_name: maybe(&mut rng, &texts),
            // Names from the group, when it has any, so that the list selects someone.
            user_names: (rng.below(3) == 0 && !group.users.is_empty()).then(|| {
                (0..rng.below(4))
                    .map(|_| rng.pick(&group.users).user_name.clone())
                    .collect()
            }),
            description: maybe(&mut rng, &texts),
            active_type: (rng.below(3) == 0)
                .then(|| *rng.pick(&[ActiveType::UserActivate, ActiveType::AdminActivate])),
            group_name: maybe(&mut rng, &texts),
            language: (rng.below(3) == 0).then(|| *rng.pick(&[Language::ZhCn, Language::EnUs])),
            enterprise_project_id: maybe(&mut rng, &texts),
        };
        let export = workspace_export(
            &dataset,
            &project.project_id,
            &group.group_id,
            &query,
            &plan(),
        )
        .expect("known group");
        // The selection is a subsequence of the group, in group order.
        let mut rest = group.users.iter();
        assert!(export.users.iter().all(|user| rest.any(|u| u == *user)));
        // The id carries the selection: reading it back gives the same users.
        let task = workspace_task(&dataset, &project.project_id, &export.task_id)
            .unwrap_or_else(|| panic!("the id reads back: {}", export.task_id));
        assert_eq!(
            task.users.iter().collect::<Vec<_>>(),
            export.users,
            "{query:?}"
        );
        assert_eq!(task.plan, plan());
    }
}

#[test]
fn random_tencent_requests() {
    let dataset = Dataset::generate(DEFAULT_SEED);
    let mut rng = Lcg(2);
    let values = [
        "",
        "0",
        "1",
        "2",
        "3",
        "4",
        "00",
        "root",
        "admin",
        "a",
        "Linux",
        "windows",
        "2021-01-11",
        "2025-09-01",
        "2021-02-30",
        "18446744073709551616",
        "-1",
        "513",
    ];
    let total: usize = dataset
        .tencent_cwp
        .hosts
        .iter()
        .map(|h| h.accounts.len())
        .sum();
    for _ in 0..ROUNDS {
        let filters: Vec<Filter> = (0..rng.below(4))
            .map(|_| Filter {
                name: *rng.pick(&FilterName::ALL),
                values: (0..rng.below(4) + 1)
                    .map(|_| (*rng.pick(&values)).to_owned())
                    .collect(),
                exact_match: *rng.pick(&[None, Some(true), Some(false)]),
            })
            .collect();
        let by = *rng.pick(&[
            None,
            Some(SortBy::FirstTime),
            Some(SortBy::LoginTime),
            Some(SortBy::ChangePasswordTime),
            Some(SortBy::PasswordDuaTime),
            Some(SortBy::PasswordLockDays),
        ]);
        let req = ExportAssetUserListRequest {
            quuid: (rng.below(3) == 0).then(|| rng.pick(&dataset.tencent_cwp.hosts).quuid.clone()),
            filters: Some(filters),
            order: *rng.pick(&[None, Some(Order::Asc), Some(Order::Desc)]),
            by,
        };
        let _ = validate_tencent_filters(&req);
        let export = tencent_export(&dataset, &req, None, &plan());
        assert!(export.accounts.len() <= total);
        if let Some(quuid) = &req.quuid {
            assert!(export.accounts.iter().all(|a| &a.quuid == quuid));
        }
        if by == Some(SortBy::PasswordLockDays) {
            let days: Vec<u32> = export
                .accounts
                .iter()
                .map(|a| a.account.password_lock_days)
                .collect();
            let ordered = match req.order {
                Some(Order::Desc) => days.windows(2).all(|w| w[0] >= w[1]),
                _ => days.windows(2).all(|w| w[0] <= w[1]),
            };
            assert!(ordered, "{days:?}");
        }
        // The id carries the selection and the order: reading it back gives the same rows.
        let task = tencent_task(&dataset, &export.task_id)
            .unwrap_or_else(|| panic!("the id reads back: {}", export.task_id));
        assert_eq!(task.accounts, export.accounts, "{req:?}");
    }
}

#[test]
fn random_pages() {
    let dataset = Dataset::generate(DEFAULT_SEED);
    let mut rng = Lcg(3);
    let extremes = [
        0_i64,
        1,
        2,
        99,
        100,
        101,
        1000,
        i64::from(i32::MAX) - 1,
        i64::from(i32::MAX),
    ];
    for _ in 0..ROUNDS {
        let org = rng.pick(&dataset.enos_app_portal.orgs);
        let group = rng.pick(&org.user_groups);
        let page_no = if rng.below(2) == 0 {
            *rng.pick(&extremes)
        } else {
            rng.below(10) as i64
        };
        let page_size = (rng.below(1000) + 1) as i64;
        let req = crate::enos::request(&group.user_group_id, page_no, page_size);
        let data = enos_list_assigned_users(&dataset, &org.org_id, &req).expect("known group");
        assert!(data.users.len() as i64 <= page_size);
        assert_eq!(data.pagination.total_elements, group.users.len() as i64);

        let repo = rng.pick(&dataset.huawei_codearts_repo.repository_groups);
        let offset = if rng.below(2) == 0 {
            *rng.pick(&extremes)
        } else {
            rng.below(150) as i64
        };
        let limit = (rng.below(100) + 1) as i64;
        let search = (rng.below(4) == 0).then(|| {
            repo.member_groups
                .first()
                .map_or("none", |m| m.user_group_id.as_str())
        });
        let query = crate::codearts::query(search, offset, limit);
        let members = codearts_list(
            &dataset,
            crate::codearts::group(i64::from(repo.group_id)),
            &query,
        )
        .expect("known group");
        assert!(members.len() as i64 <= limit);
        let expected = repo
            .member_groups
            .len()
            .saturating_sub(usize::try_from(offset).unwrap_or(usize::MAX));
        if search.is_none() {
            assert_eq!(members.len(), expected.min(limit as usize));
        }
    }
}
