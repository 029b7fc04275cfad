//! `ExportUserGroupUsersNew`: filters from the vendor page (fuzzy `user_name`/`description`,
//! exact `active_type`), the SDK's `user_names` list and the DECISIONS.md `group_name` rule.

use serde_json::json;
use stub_data::{Dataset, LookupError, anchors, workspace_export, workspace_task};
use vendor_api::workspace::{ActiveType, ExportUserGroupUsersQuery, Language};

use crate::support::{dataset_with, plan, with_optional};

fn user(name: &str, description: &str, active: &str, ep: Option<&str>) -> serde_json::Value {
    let user = json!({
        "user_name": name, "description": description, "active_type": active,
        "email": format!("{name}@example.com"), "phone": "",
    });
    with_optional(user, "enterprise_project_id", ep)
}

fn fixture() -> Dataset {
    dataset_with(
        "huawei_workspace",
        json!({"projects": [
            {"project_id": "p1", "user_groups": [
                {"group_id": "grp-a", "group_name": "Finance Team", "description": "", "users": [
                    user("Alice.Wang", "Finance department", "USER_ACTIVATE", Some("0")),
                    user("bob", "R&D engineer", "ADMIN_ACTIVATE", Some("ep-1")),
                    user("carol", "Contractor, finance", "USER_ACTIVATE", None),
                    user("alice2", "", "ADMIN_ACTIVATE", Some("0")),
                    user("Zed", "研发工程师", "USER_ACTIVATE", Some("0")),
                ]},
                {"group_id": "grp-empty", "group_name": "Empty", "description": "", "users": []},
            ]},
            {"project_id": "p2", "user_groups": [
                {"group_id": "grp-a", "group_name": "Other", "description": "", "users": [
                    user("dave", "", "USER_ACTIVATE", Some("0")),
                ]},
            ]},
        ]}),
    )
}

fn names(
    dataset: &Dataset,
    project: &str,
    group: &str,
    query: &ExportUserGroupUsersQuery,
) -> Vec<String> {
    match workspace_export(dataset, project, group, query, &plan()) {
        Ok(export) => export
            .users
            .into_iter()
            .map(|u| u.user_name.clone())
            .collect(),
        Err(error) => panic!("{project}/{group}: {error}"),
    }
}

fn q() -> ExportUserGroupUsersQuery {
    ExportUserGroupUsersQuery::default()
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| (*s).to_owned()).collect())
}

/// A change to a query.
type Change = fn(&mut ExportUserGroupUsersQuery);

#[test]
fn filters_select_the_documented_users() {
    const ALL: &[&str] = &["Alice.Wang", "bob", "carol", "alice2", "Zed"];
    // Each case: what it checks, how it changes the empty query, and the users it selects.
    #[rustfmt::skip]
    let cases: &[(&str, Change, &[&str])] = &[
        ("no filter", |_| {}, ALL),
        ("user_name substring", |q| q.user_name = Some("alice".into()), &["Alice.Wang", "alice2"]),
        ("user_name ignores case", |q| q.user_name = Some("ALICE".into()),
            &["Alice.Wang", "alice2"]),
        ("user_name inner part", |q| q.user_name = Some("ce.w".into()), &["Alice.Wang"]),
        ("user_name no match", |q| q.user_name = Some("mallory".into()), &[]),
        ("description substring, any case", |q| q.description = Some("FINANCE".into()),
            &["Alice.Wang", "carol"]),
        ("description in Chinese", |q| q.description = Some("研发".into()), &["Zed"]),
        ("user_names membership", |q| q.user_names = strings(&["bob", "Zed"]), &["bob", "Zed"]),
        ("user_names is exact, not case-folded", |q| q.user_names = strings(&["zed"]), &[]),
        ("user_names is not a substring match", |q| q.user_names = strings(&["alice"]), &[]),
        ("a comma is part of one name", |q| q.user_names = strings(&["bob,Zed"]), &[]),
        ("empty user_names filters nothing", |q| q.user_names = strings(&[]), ALL),
        ("active_type", |q| q.active_type = Some(ActiveType::AdminActivate), &["bob", "alice2"]),
        ("group_name equal keeps all", |q| q.group_name = Some("Finance Team".into()), ALL),
        ("group_name differs in case", |q| q.group_name = Some("finance team".into()), &[]),
        ("group_name of another group", |q| q.group_name = Some("Other".into()), &[]),
        ("enterprise project 0", |q| q.enterprise_project_id = Some("0".into()),
            &["Alice.Wang", "alice2", "Zed"]),
        ("enterprise project ep-1", |q| q.enterprise_project_id = Some("ep-1".into()), &["bob"]),
        ("AND of user_name and active_type", |q| {
            q.user_name = Some("alice".into());
            q.active_type = Some(ActiveType::UserActivate);
        }, &["Alice.Wang"]),
        ("AND of user_name and user_names", |q| {
            q.user_name = Some("alice".into());
            q.user_names = strings(&["alice2", "bob"]);
        }, &["alice2"]),
        ("language selects nothing", |q| q.language = Some(Language::ZhCn), ALL),
    ];
    let dataset = fixture();
    for (label, change, expected) in cases {
        let mut query = q();
        change(&mut query);
        assert_eq!(names(&dataset, "p1", "grp-a", &query), *expected, "{label}");
    }
}

#[test]
fn groups_are_looked_up_within_their_project() {
    let dataset = fixture();
    assert!(dataset.workspace_project("p2").is_some());
    assert!(
        dataset.workspace_project("P2").is_none(),
        "project ids are exact"
    );
    assert_eq!(names(&dataset, "p2", "grp-a", &q()), ["dave"]);
    assert_eq!(
        names(&dataset, "p1", "grp-empty", &q()),
        Vec::<String>::new()
    );
    assert_eq!(
        workspace_export(&dataset, "nope", "grp-a", &q(), &plan()),
        Err(LookupError::UnknownProject {
            project_id: "nope".into()
        })
    );
    assert_eq!(
        workspace_export(&dataset, "p2", "grp-empty", &q(), &plan()),
        Err(LookupError::UnknownGroup {
            project_id: "p2".into(),
            group_id: "grp-empty".into()
        })
    );
}

fn task_id(
    dataset: &Dataset,
    project: &str,
    group: &str,
    query: &ExportUserGroupUsersQuery,
) -> String {
    match workspace_export(dataset, project, group, query, &plan()) {
        Ok(export) => export.task_id,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn task_ids_are_url_safe_and_short() {
    let id = task_id(&fixture(), "p1", "grp-a", &q());
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{id}"
    );
    // The vendor's batch-delete API takes ids of at most 64 characters.
    assert!((16..=64).contains(&id.len()), "{id}");
}

#[test]
fn task_ids_identify_the_plan_and_selection() {
    let dataset = fixture();
    let id = |query: ExportUserGroupUsersQuery| task_id(&dataset, "p1", "grp-a", &query);
    let names = |items: &[&str]| ExportUserGroupUsersQuery {
        user_names: strings(items),
        ..q()
    };
    // The same plan and the same selection: the same id, whatever form selected it.
    assert_eq!(id(q()), id(q()));
    assert_eq!(id(names(&["bob", "Zed"])), id(names(&["Zed", "bob"])));
    assert_eq!(
        id(ExportUserGroupUsersQuery {
            user_name: Some("ALICE".into()),
            ..q()
        }),
        id(ExportUserGroupUsersQuery {
            user_name: Some("alice".into()),
            ..q()
        })
    );
    assert_eq!(id(names(&[])), id(q()));
    // Different selections get different ids.
    assert_ne!(id(names(&["bob"])), id(names(&["Zed"])));
    // A different file (language) is a different task.
    assert_ne!(
        id(ExportUserGroupUsersQuery {
            language: Some(Language::ZhCn),
            ..q()
        }),
        id(q())
    );
    // The same query on another group is another task.
    assert_ne!(task_id(&dataset, "p2", "grp-a", &q()), id(q()));
    // Another creation time is another task.
    let later = stub_data::TaskPlan {
        created_ms: plan().created_ms + 1,
        ..plan()
    };
    let again = workspace_export(&dataset, "p1", "grp-a", &q(), &later).expect("known group");
    assert_ne!(again.task_id, id(q()));
}

#[test]
fn a_task_reads_back_from_its_id_within_its_project() {
    let dataset = fixture();
    let query = ExportUserGroupUsersQuery {
        user_names: strings(&["bob", "Zed"]),
        language: Some(Language::ZhCn),
        ..q()
    };
    let export = workspace_export(&dataset, "p1", "grp-a", &query, &plan()).expect("known");
    let task = workspace_task(&dataset, "p1", &export.task_id).expect("the id reads back");
    assert_eq!(task.users.iter().collect::<Vec<_>>(), export.users);
    assert_eq!(
        task.users
            .iter()
            .map(|u| u.user_name.as_str())
            .collect::<Vec<_>>(),
        ["bob", "Zed"]
    );
    assert_eq!(
        (task.group_id.as_str(), task.project_id.as_str()),
        ("grp-a", "p1")
    );
    assert_eq!(task.language, Language::ZhCn);
    assert_eq!(task.plan, plan());
    assert_eq!(task.file_name, "user_group_users_20260210T080000000Z.xlsx");
    // English when no language was asked for.
    let plain = workspace_export(&dataset, "p1", "grp-a", &q(), &plan()).expect("known");
    let plain = workspace_task(&dataset, "p1", &plain.task_id).expect("reads back");
    assert_eq!(plain.language, Language::EnUs);
    // Another project does not see the task; made-up ids are no tasks.
    assert_eq!(workspace_task(&dataset, "p2", &export.task_id), None);
    for made_up in ["3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41", "", "{task_id}"] {
        assert_eq!(workspace_task(&dataset, "p1", made_up), None, "{made_up}");
    }
}

#[test]
fn the_captured_sdk_request_works_on_the_default_dataset() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    // The SDK research's request: user_names alice, bob, zed, group_name g1, enterprise
    // project 0, USER_ACTIVATE; without the user_name and description parts it selects the
    // two anchor users.
    let query = ExportUserGroupUsersQuery {
        user_names: strings(&["zed", "alice", "bob"]),
        active_type: Some(ActiveType::UserActivate),
        group_name: Some("g1".into()),
        language: Some(Language::EnUs),
        enterprise_project_id: Some("0".into()),
        ..q()
    };
    let selected = names(
        &dataset,
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
        &query,
    );
    assert_eq!(selected, ["alice", "bob"]);
    // The README snippet's group exists too.
    assert!(workspace_export(&dataset, anchors::WORKSPACE_PROJECT_ID, "g1", &q(), &plan()).is_ok());
}
