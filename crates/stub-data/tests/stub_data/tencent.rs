//! `ExportAssetUserList`: filter semantics of the vendor's `Filter` object (AND across
//! filters, OR across values), `ExactMatch`, the login-date range and the `By`/`Order` sort.

use serde_json::json;
use stub_data::{
    Dataset, FilterProblem, anchors, tencent_export, tencent_task, validate_tencent_filters,
};
use vendor_api::tencent_cwp::{ExportAssetUserListRequest, Filter, FilterName, Order, SortBy};

use crate::support::{dataset_with, plan, with_optional};

#[allow(clippy::too_many_arguments)]
fn account(
    name: &str,
    uid: u64,
    guid: u64,
    codes: [u8; 5],
    flags: [bool; 4],
    times: [Option<&str>; 4],
    lock: u32,
) -> serde_json::Value {
    let [login_type, status, kind, shell, password] = codes;
    let [is_domain, is_root, is_sudo, is_ssh_login] = flags;
    let [first, login, change, due] = times;
    let account = json!({
        "name": name, "uid": uid, "guid": guid, "login_type": login_type, "status": status,
        "type": kind, "is_domain": is_domain, "is_root": is_root, "is_sudo": is_sudo,
        "is_ssh_login": is_ssh_login, "shell_login_status": shell, "password_status": password,
        "first_time": first, "change_password_time": change, "password_dua_time": due,
        "password_lock_days": lock,
    });
    with_optional(account, "login_time", login)
}

/// Two hosts and an empty one. Columns: codes are [login_type, status, type,
/// shell_login_status, password_status], flags [is_domain, is_root, is_sudo, is_ssh_login],
/// times [first, login, change password, password due].
fn fixture() -> Dataset {
    dataset_with(
        "tencent_cwp",
        json!({"hosts": [
            {"quuid": "q-linux", "os_type": "Linux", "accounts": [
                account("root", 0, 0, [3, 1, 2, 1, 1], [false, true, true, true],
                    [Some("2021-01-01 08:00:00"), Some("2021-01-11 00:00:00"), Some("2021-06-01 00:00:00"), Some("2021-12-01 00:00:00")], 5),
                account("admin", 1000, 1000, [1, 1, 2, 1, 2], [false, false, true, true],
                    [Some("2020-05-05 10:00:00"), Some("2021-01-10 23:59:59"), Some("2022-01-01 00:00:00"), Some("2022-04-01 00:00:00")], 30),
                account("svc-admin", 998, 998, [0, 0, 1, 0, 4], [false, false, false, false],
                    [Some("2022-02-02 00:00:00"), None, Some("2022-02-02 00:00:00"), Some("2022-05-03 00:00:00")], 0),
            ]},
            {"quuid": "q-win", "os_type": "Windows", "accounts": [
                account("Administrator", 500, 513, [0, 1, 2, 0, 1], [false, false, false, false],
                    [Some("2020-01-01 00:00:00"), Some("2023-03-03 03:03:03"), Some("2020-01-02 00:00:00"), Some("2099-01-01 00:00:00")], 100),
                account("Guest", 501, 513, [0, 0, 0, 0, 1], [false, false, false, false],
                    [Some("2020-01-01 00:00:00"), None, Some("2020-01-03 00:00:00"), Some("2098-01-01 00:00:00")], 100),
                account("CORP-alice", 1001, 513, [0, 1, 1, 0, 3], [true, false, false, false],
                    [Some("2023-01-01 00:00:00"), Some("2021-01-12 09:00:00"), Some("2019-12-31 00:00:00"), Some("2020-03-30 00:00:00")], 0),
            ]},
            {"quuid": "q-empty", "os_type": "Linux", "accounts": []},
        ]}),
    )
}

fn filter(name: FilterName, values: &[&str]) -> Filter {
    Filter {
        name,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        exact_match: None,
    }
}

fn exact(name: FilterName, values: &[&str], exact: bool) -> Filter {
    Filter {
        exact_match: Some(exact),
        ..filter(name, values)
    }
}

fn with_filters(filters: Vec<Filter>) -> ExportAssetUserListRequest {
    ExportAssetUserListRequest {
        filters: Some(filters),
        ..Default::default()
    }
}

fn names(dataset: &Dataset, req: &ExportAssetUserListRequest) -> Vec<String> {
    tencent_export(dataset, req, None, &plan())
        .accounts
        .into_iter()
        .map(|a| a.account.name)
        .collect()
}

const ALL: [&str; 6] = [
    "root",
    "admin",
    "svc-admin",
    "Administrator",
    "Guest",
    "CORP-alice",
];

#[test]
fn quuid_restricts_to_one_host() {
    let dataset = fixture();
    let quuid = |q: &str| ExportAssetUserListRequest {
        quuid: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(names(&dataset, &ExportAssetUserListRequest::default()), ALL);
    assert_eq!(
        names(&dataset, &quuid("q-win")),
        ["Administrator", "Guest", "CORP-alice"]
    );
    assert_eq!(names(&dataset, &quuid("q-empty")), Vec::<String>::new());
    // An unknown host is an empty export, not an error.
    assert_eq!(names(&dataset, &quuid("nope")), Vec::<String>::new());
    let export = tencent_export(&dataset, &quuid("q-win"), None, &plan());
    assert!(
        export
            .accounts
            .iter()
            .all(|a| a.quuid == "q-win" && a.os_type == stub_data::OsType::Windows)
    );
}

#[test]
fn filters_select_the_documented_accounts() {
    use FilterName::*;
    #[rustfmt::skip]
    let cases: &[(&str, Vec<Filter>, &[&str])] = &[
        ("Name is a substring match by default", vec![filter(Name, &["admin"])],
            &["admin", "svc-admin"]),
        ("Name substring is case-sensitive", vec![filter(Name, &["Admin"])], &["Administrator"]),
        ("ExactMatch false is a substring match", vec![exact(Name, &["admin"], false)],
            &["admin", "svc-admin"]),
        ("ExactMatch true is exact", vec![exact(Name, &["admin"], true)], &["admin"]),
        ("values are ORed", vec![exact(Name, &["root", "admin"], true)], &["root", "admin"]),
        ("Uid as integer", vec![filter(Uid, &["0"])], &["root"]),
        ("Uid with a leading zero is the same integer", vec![filter(Uid, &["00"])], &["root"]),
        ("Uid values ORed", vec![filter(Uid, &["500", "1000"])], &["admin", "Administrator"]),
        ("Uid that is not a number matches nothing", vec![filter(Uid, &["abc"])], &[]),
        ("Uid beyond 64 bits matches nothing", vec![filter(Uid, &["99999999999999999999"])], &[]),
        ("Guid", vec![filter(Guid, &["513"])], &["Administrator", "Guest", "CORP-alice"]),
        ("LoginTimeStart is inclusive, by date", vec![filter(LoginTimeStart, &["2021-01-11"])],
            &["root", "Administrator", "CORP-alice"]),
        ("LoginTimeEnd is inclusive, by date", vec![filter(LoginTimeEnd, &["2021-01-11"])],
            &["root", "admin"]),
        ("start and end on one day", vec![
            filter(LoginTimeStart, &["2021-01-11"]),
            filter(LoginTimeEnd, &["2021-01-11"]),
        ], &["root"]),
        ("an unparseable date matches nothing", vec![filter(LoginTimeStart, &["2021-02-30"])], &[]),
        ("OsType ignores case (windows)", vec![filter(OsType, &["windows"])],
            &["Administrator", "Guest", "CORP-alice"]),
        ("OsType ignores case (LINUX)", vec![filter(OsType, &["LINUX"])],
            &["root", "admin", "svc-admin"]),
        ("Status 0 is disabled", vec![filter(Status, &["0"])], &["svc-admin", "Guest"]),
        ("Type 2 is administrator", vec![filter(Type, &["2"])],
            &["root", "admin", "Administrator"]),
        ("Type 0 is guest", vec![filter(Type, &["0"])], &["Guest"]),
        ("IsDomain", vec![filter(IsDomain, &["1"])], &["CORP-alice"]),
        ("IsRoot", vec![filter(IsRoot, &["1"])], &["root"]),
        ("IsSudo", vec![filter(IsSudo, &["1"])], &["root", "admin"]),
        ("IsSshLogin 0", vec![filter(IsSshLogin, &["0"])],
            &["svc-admin", "Administrator", "Guest", "CORP-alice"]),
        ("ShellLoginStatus", vec![filter(ShellLoginStatus, &["1"])], &["root", "admin"]),
        ("PasswordStatus expired or locked", vec![filter(PasswordStatus, &["3", "4"])],
            &["svc-admin", "CORP-alice"]),
        ("LoginType 0", vec![filter(LoginType, &["0"])],
            &["svc-admin", "Administrator", "Guest", "CORP-alice"]),
        ("LoginType 3", vec![filter(LoginType, &["3"])], &["root"]),
        ("filters are ANDed", vec![filter(Name, &["admin"]), filter(Status, &["1"])], &["admin"]),
        ("AND across hosts and keys", vec![filter(Type, &["2"]), filter(OsType, &["Windows"])],
            &["Administrator"]),
        ("a filter without values matches nothing", vec![filter(Name, &[])], &[]),
        ("no filters at all", vec![], &ALL),
    ];
    let dataset = fixture();
    for (label, filters, expected) in cases {
        let request = with_filters(filters.clone());
        assert_eq!(names(&dataset, &request), *expected, "{label}");
    }
}

fn sorted(by: Option<SortBy>, order: Option<Order>) -> ExportAssetUserListRequest {
    ExportAssetUserListRequest {
        by,
        order,
        ..Default::default()
    }
}

/// A list of account names written as one line of words, so that each case of a table of
/// orders reads as one row.
fn words(names: &str) -> Vec<&str> {
    names.split(' ').collect()
}

#[test]
fn sorting_follows_by_and_order() {
    use SortBy::*;
    let cases: Vec<(&str, ExportAssetUserListRequest, Vec<&str>)> = vec![
        // Never-logged-in accounts first, and among equals the dataset order.
        (
            "LoginTime, asc by default",
            sorted(Some(LoginTime), None),
            words("svc-admin Guest admin root CORP-alice Administrator"),
        ),
        (
            "LoginTime desc keeps ties in dataset order",
            sorted(Some(LoginTime), Some(Order::Desc)),
            words("Administrator CORP-alice root admin svc-admin Guest"),
        ),
        (
            "FirstTime asc",
            sorted(Some(FirstTime), Some(Order::Asc)),
            words("Administrator Guest admin root svc-admin CORP-alice"),
        ),
        (
            "ChangePasswordTime asc",
            sorted(Some(ChangePasswordTime), None),
            words("CORP-alice Administrator Guest root admin svc-admin"),
        ),
        (
            "PasswordDuaTime desc",
            sorted(Some(PasswordDuaTime), Some(Order::Desc)),
            words("Administrator Guest svc-admin admin root CORP-alice"),
        ),
        (
            "PasswordLockDays desc",
            sorted(Some(PasswordLockDays), Some(Order::Desc)),
            words("Administrator Guest admin root svc-admin CORP-alice"),
        ),
        (
            "PasswordLockDays asc",
            sorted(Some(PasswordLockDays), None),
            words("svc-admin CORP-alice root admin Administrator Guest"),
        ),
        (
            "Order without By keeps dataset order",
            sorted(None, Some(Order::Desc)),
            ALL.to_vec(),
        ),
    ];
    let dataset = fixture();
    for (label, req, expected) in cases {
        assert_eq!(names(&dataset, &req), expected, "{label}");
    }
}

fn task_id(dataset: &Dataset, req: &ExportAssetUserListRequest) -> String {
    tencent_export(dataset, req, None, &plan()).task_id
}

#[test]
fn task_ids_are_url_safe_and_identify_plan_selection_and_order() {
    use FilterName::*;
    let dataset = fixture();
    let id = |req: ExportAssetUserListRequest| task_id(&dataset, &req);
    let empty = id(ExportAssetUserListRequest::default());
    for sample in [&empty, &id(with_filters(vec![filter(Name, &["root"])]))] {
        assert!(
            sample
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{sample}"
        );
        assert!((16..=64).contains(&sample.len()), "{sample}");
    }
    // The same plan and the same selection in the same order: the same id.
    assert_eq!(empty, id(ExportAssetUserListRequest::default()));
    assert_eq!(
        id(with_filters(vec![filter(Name, &["root", "admin"])])),
        id(with_filters(vec![filter(Name, &["admin", "root"])]))
    );
    assert_eq!(
        id(with_filters(vec![filter(Uid, &["0"])])),
        id(with_filters(vec![filter(Uid, &["00"])]))
    );
    assert_eq!(id(sorted(None, Some(Order::Desc))), empty);
    assert_eq!(
        id(sorted(Some(SortBy::LoginTime), None)),
        id(sorted(Some(SortBy::LoginTime), Some(Order::Asc)))
    );
    // Different selections, or different orders, get different ids.
    assert_ne!(
        id(with_filters(vec![filter(Name, &["root"])])),
        id(with_filters(vec![filter(Name, &["admin"])]))
    );
    assert_ne!(
        id(sorted(Some(SortBy::LoginTime), None)),
        id(sorted(Some(SortBy::LoginTime), Some(Order::Desc)))
    );
    // Another creation time, delay, retention or an injected failure is another task.
    let req = ExportAssetUserListRequest::default();
    let base = plan();
    for other in [
        stub_data::TaskPlan {
            created_ms: base.created_ms + 1,
            ..base
        },
        stub_data::TaskPlan {
            delay_ms: 1,
            ..base
        },
        stub_data::TaskPlan {
            retention_ms: 1,
            ..base
        },
        stub_data::TaskPlan { fail: true, ..base },
    ] {
        assert_ne!(tencent_export(&dataset, &req, None, &other).task_id, empty);
    }
    // So is another language.
    assert_ne!(
        tencent_export(
            &dataset,
            &req,
            Some(vendor_api::tencent_cwp::TcLanguage::EnUs),
            &base
        )
        .task_id,
        empty
    );
}

#[test]
fn a_task_reads_back_from_its_id_alone() {
    use FilterName::*;
    let dataset = fixture();
    let req = ExportAssetUserListRequest {
        filters: Some(vec![filter(Status, &["1"])]),
        order: Some(Order::Desc),
        by: Some(SortBy::LoginTime),
        ..Default::default()
    };
    let export = tencent_export(
        &dataset,
        &req,
        Some(vendor_api::tencent_cwp::TcLanguage::EnUs),
        &plan(),
    );
    let task = tencent_task(&dataset, &export.task_id).expect("the id reads back");
    assert_eq!(task.accounts, export.accounts);
    assert_eq!(task.plan, plan());
    assert_eq!(task.language, vendor_api::tencent_cwp::TcLanguage::EnUs);
    assert_eq!(task.file_name, "asset_users_20260210T080000000Z.xlsx");
    assert_eq!(task.file_name, export.file_name);
    // Not an id of this stub's: a Tencent example id, a typo, a Workspace id.
    assert_eq!(tencent_task(&dataset, "24563"), None);
    let mut typo = export.task_id.clone();
    typo.pop();
    assert_eq!(tencent_task(&dataset, &typo), None);
    let generated = Dataset::generate(stub_data::DEFAULT_SEED);
    let workspace = stub_data::workspace_export(
        &generated,
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
        &Default::default(),
        &plan(),
    )
    .expect("the anchor group");
    assert_eq!(tencent_task(&dataset, &workspace.task_id), None);
}

fn login_range(starts: &[&str], ends: &[&str]) -> ExportAssetUserListRequest {
    let mut filters = Vec::new();
    if !starts.is_empty() {
        filters.push(filter(FilterName::LoginTimeStart, starts));
    }
    if !ends.is_empty() {
        filters.push(filter(FilterName::LoginTimeEnd, ends));
    }
    with_filters(filters)
}

#[test]
fn filter_validation_catches_what_the_schema_cannot() {
    assert_eq!(
        validate_tencent_filters(&ExportAssetUserListRequest::default()),
        Ok(())
    );
    assert_eq!(
        validate_tencent_filters(&login_range(&["2021-01-11"], &["2021-01-11"])),
        Ok(())
    );
    assert_eq!(
        validate_tencent_filters(&login_range(&["2021-01-11"], &[])),
        Ok(())
    );
    // The earliest start is before the end, so the ORed range is not reversed.
    assert_eq!(
        validate_tencent_filters(&login_range(&["2021-01-12", "2021-01-01"], &["2021-01-05"])),
        Ok(())
    );

    let reversed = validate_tencent_filters(&login_range(&["2021-01-12"], &["2021-01-11"]));
    assert_eq!(
        reversed,
        Err(FilterProblem::ReversedDateRange {
            start: "2021-01-12".into(),
            end: "2021-01-11".into()
        })
    );
    assert_eq!(
        reversed.map_err(|p| p.code()),
        Err("InvalidParameter.DateRange")
    );

    for bad in ["2021-02-30", "2021/01/11", "2021-1-11", "yesterday"] {
        let problem = validate_tencent_filters(&login_range(&[], &[bad])).expect_err(bad);
        assert_eq!(
            problem,
            FilterProblem::NotADate {
                filter: 0,
                name: FilterName::LoginTimeEnd,
                value: bad.into()
            }
        );
        assert_eq!(problem.code(), "InvalidParameter.DateRange");
    }

    let max = with_filters(vec![filter(FilterName::Uid, &["18446744073709551615"])]);
    assert_eq!(validate_tencent_filters(&max), Ok(()));
    let over = with_filters(vec![
        filter(FilterName::Name, &["x"]),
        filter(FilterName::Guid, &["18446744073709551616"]),
    ]);
    let problem = validate_tencent_filters(&over).expect_err("over 64 bits");
    assert_eq!(
        problem,
        FilterProblem::NotAnUnsigned64 {
            filter: 1,
            name: FilterName::Guid,
            value: "18446744073709551616".into()
        }
    );
    assert_eq!(problem.code(), "InvalidParameterValue");
}

#[test]
fn the_captured_sdk_request_works_on_the_default_dataset() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let req = ExportAssetUserListRequest {
        quuid: Some(anchors::TENCENT_QUUID.into()),
        filters: Some(vec![
            exact(FilterName::Name, &["root", "admin"], true),
            filter(FilterName::LoginTimeStart, &["2021-01-11"]),
        ]),
        order: Some(Order::Desc),
        by: Some(SortBy::LoginTime),
    };
    assert_eq!(validate_tencent_filters(&req), Ok(()));
    let export = tencent_export(&dataset, &req, None, &plan());
    let mut selected: Vec<&str> = export
        .accounts
        .iter()
        .map(|a| a.account.name.as_str())
        .collect();
    let logins: Vec<&Option<String>> = export
        .accounts
        .iter()
        .map(|a| &a.account.login_time)
        .collect();
    assert!(
        logins.windows(2).all(|w| w[0] >= w[1]),
        "descending login times: {logins:?}"
    );
    selected.sort_unstable();
    assert_eq!(selected, ["admin", "root"]);
}
