//! Generating, writing, loading and checking datasets, and the fixture schema.

use std::io::Write;

use serde_json::{Value, json};
use stub_data::{DEFAULT_SEED, Dataset, DatasetError, anchors, fixture_schema};

const SEEDS: [u64; 5] = [DEFAULT_SEED, 0, 1, 42, u64::MAX];

#[test]
fn generation_is_deterministic() {
    let a = Dataset::generate(DEFAULT_SEED).to_json();
    let b = Dataset::generate(DEFAULT_SEED).to_json();
    assert_eq!(a, b);
    assert_ne!(
        a,
        Dataset::generate(DEFAULT_SEED + 1).to_json(),
        "the seed matters"
    );
}

#[test]
fn generated_datasets_are_consistent_and_round_trip() {
    for seed in SEEDS {
        let dataset = Dataset::generate(seed);
        assert_eq!(dataset.problems(), vec![], "seed {seed}");
        let json = dataset.to_json();
        assert!(
            json.starts_with("{\n  \"huawei_workspace\": {\n"),
            "pretty, two-space indent"
        );
        assert!(json.ends_with("}\n"), "final newline");
        let loaded = Dataset::load(&json).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(loaded, dataset, "seed {seed}");
        assert_eq!(loaded.to_json(), json);
    }
}

#[test]
fn every_seed_has_the_anchors_and_pagination_shapes() {
    for seed in SEEDS {
        let d = Dataset::generate(seed);
        let project = d
            .huawei_workspace
            .projects
            .iter()
            .find(|p| p.project_id == anchors::WORKSPACE_PROJECT_ID);
        let project = project.unwrap_or_else(|| panic!("seed {seed}: Workspace project"));
        let group = project
            .user_groups
            .iter()
            .find(|g| g.group_id == anchors::WORKSPACE_GROUP_ID)
            .expect("grp-123");
        assert_eq!(group.group_name, anchors::WORKSPACE_GROUP_NAME);
        for name in anchors::WORKSPACE_USER_NAMES {
            assert!(
                group.users.iter().any(|u| u.user_name == name),
                "seed {seed}: user {name}"
            );
        }
        assert!(
            project
                .user_groups
                .iter()
                .any(|g| g.group_id == anchors::WORKSPACE_SNIPPET_GROUP_ID)
        );
        let groups = || {
            d.huawei_workspace
                .projects
                .iter()
                .flat_map(|p| &p.user_groups)
        };
        assert!(
            groups().any(|g| g.users.is_empty()),
            "seed {seed}: an empty Workspace group"
        );
        assert!(
            groups().any(|g| g.users.len() > 40),
            "seed {seed}: a Workspace group of several pages"
        );

        let quuids: Vec<&str> = d
            .tencent_cwp
            .hosts
            .iter()
            .map(|h| h.quuid.as_str())
            .collect();
        assert!(
            quuids.contains(&anchors::TENCENT_QUUID)
                && quuids.contains(&anchors::TENCENT_EXAMPLE_QUUID)
        );

        let orgs = &d.enos_app_portal.orgs;
        let org = orgs.iter().find(|o| o.org_id == anchors::ENOS_ORG_ID);
        let org = org.unwrap_or_else(|| panic!("seed {seed}: EnOS org"));
        let groups = &org.user_groups;
        let sample = groups
            .iter()
            .find(|g| g.user_group_id == anchors::ENOS_USER_GROUP_ID);
        let sample = sample.unwrap_or_else(|| panic!("seed {seed}: EnOS user group"));
        assert_eq!(
            sample.users.len(),
            3,
            "seed {seed}: the vendor sample's totalElements"
        );
        assert!(
            org.user_groups.iter().any(|g| g.users.is_empty()),
            "seed {seed}: an empty EnOS group"
        );
        assert!(
            d.enos_app_portal
                .orgs
                .iter()
                .any(|o| o.org_id == anchors::ENOS_SNIPPET_ORG_ID)
        );

        let repo = |id: i32| {
            d.huawei_codearts_repo
                .repository_groups
                .iter()
                .find(|g| g.group_id == id)
        };
        assert!(repo(anchors::CODEARTS_GROUP_ID).is_some_and(|g| g.member_groups.len() > 2));
        assert!(
            repo(anchors::CODEARTS_LARGE_GROUP_ID).is_some_and(|g| g.member_groups.len() > 100)
        );
        assert!(repo(anchors::CODEARTS_EMPTY_GROUP_ID).is_some_and(|g| g.member_groups.is_empty()));
        assert!(repo(i32::MAX).is_some());
    }
}

fn empty_sections() -> Value {
    json!({
        "huawei_workspace": {"projects": []},
        "tencent_cwp": {"hosts": []},
        "enos_app_portal": {"orgs": []},
        "huawei_codearts_repo": {"repository_groups": []},
    })
}

#[test]
fn syntax_errors_have_line_and_column() {
    let unknown_key =
        "{\n  \"huawei_workspace\": {\"projects\": []},\n  \"tencent_cwp\": {\"hots\": []}\n}";
    match Dataset::load(unknown_key) {
        Err(DatasetError::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            assert_eq!(line, 3);
            assert!(column > 18, "points into the tencent_cwp object: {column}");
            assert!(message.contains("unknown field `hots`"), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(matches!(
        Dataset::load("{"),
        Err(DatasetError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        Dataset::load(""),
        Err(DatasetError::Syntax { .. })
    ));

    let mut missing_null = empty_sections();
    missing_null["huawei_codearts_repo"]["repository_groups"] = json!([{"group_id": 1, "member_groups": [{
        "id": 1, "user_group_id": "u", "name": "n", "tenant_id": "t", "group_type": null, "member_count": 0,
        "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "description": null,
    }]}]);
    match Dataset::load(&serde_json::to_string_pretty(&missing_null).expect("json")) {
        Err(DatasetError::Syntax { message, .. }) => {
            assert!(message.contains("missing field `project_id`"), "{message}")
        }
        other => panic!("a nullable CodeArts key may not be left out: {other:?}"),
    }

    let mut wrong_enum = empty_sections();
    wrong_enum["tencent_cwp"]["hosts"] = json!([{"quuid": "q", "os_type": "BSD", "accounts": []}]);
    assert!(matches!(
        Dataset::load(&wrong_enum.to_string()),
        Err(DatasetError::Syntax { .. })
    ));
}

fn tencent_account(name: &str) -> Value {
    json!({
        "name": name, "uid": 0, "guid": 0, "login_type": 0, "status": 1, "type": 1, "is_domain": false,
        "is_root": false, "is_sudo": false, "is_ssh_login": false, "shell_login_status": 0,
        "password_status": 1, "first_time": "2021-01-01 00:00:00", "change_password_time": "2021-01-01 00:00:00",
        "password_dua_time": "2021-04-01 00:00:00", "password_lock_days": 0,
    })
}

fn codearts_member(id: i32) -> Value {
    json!({
        "id": id, "user_group_id": "ug", "name": "team", "project_id": null, "tenant_id": "t",
        "group_type": null, "member_count": 0, "created_at": "2025-01-01T00:00:00.000+08:00",
        "updated_at": "2025-01-01T00:00:00.000+08:00", "description": null,
    })
}

#[test]
fn consistency_problems_are_all_reported_with_their_path() {
    let workspace_user = |name: &str| json!({"user_name": name, "description": "", "active_type": "USER_ACTIVATE", "email": "", "phone": ""});
    let mut root = empty_sections();
    root["huawei_workspace"]["projects"] = json!([
        {"project_id": "p", "user_groups": [
            {"group_id": "g", "group_name": "G", "description": "", "users": [workspace_user("a"), workspace_user("a")]},
            {"group_id": "g", "group_name": "", "description": "", "users": []},
        ]},
        {"project_id": "p", "user_groups": [{"group_id": "a/b", "group_name": "H", "description": "", "users": []}]},
        // The same group id in another project is fine.
        {"project_id": "q", "user_groups": [{"group_id": "g", "group_name": "G", "description": "", "users": []}]},
    ]);
    let mut bad_codes = tencent_account("x");
    bad_codes["login_type"] = json!(4);
    bad_codes["password_status"] = json!(0);
    bad_codes["login_time"] = json!("2021-02-30 10:00:00");
    root["tencent_cwp"]["hosts"] = json!([
        {"quuid": "h", "os_type": "Linux", "accounts": [tencent_account("root"), tencent_account("root"), bad_codes]},
        {"quuid": "h", "os_type": "Linux", "accounts": []},
    ]);
    let enos_user =
        |id: &str| json!({"userId": id, "name": "", "email": "", "phone": "", "phoneArea": ""});
    root["enos_app_portal"]["orgs"] = json!([{"org_id": "o", "user_groups": [
        {"user_group_id": "ug", "name": "", "users": [enos_user("u1"), enos_user("u1"), enos_user("")]},
    ]}]);
    let mut bad_member = codearts_member(3);
    bad_member["member_count"] = json!(-1);
    bad_member["name"] = json!("");
    bad_member["description"] = json!("d".repeat(1001));
    bad_member["updated_at"] = json!("2024-12-31T23:59:59.999+08:00");
    let mut bad_time = codearts_member(4);
    bad_time["created_at"] = json!("yesterday");
    root["huawei_codearts_repo"]["repository_groups"] = json!([
        {"group_id": 0, "member_groups": [codearts_member(1), codearts_member(-2)]},
        {"group_id": 9, "member_groups": [codearts_member(1), bad_member, bad_time]},
        {"group_id": 9, "member_groups": []},
    ]);
    let problems = match Dataset::load(&root.to_string()) {
        Err(DatasetError::Invalid { problems, .. }) => problems,
        other => panic!("expected consistency problems, got {other:?}"),
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    let expected = [
        "huawei_workspace.projects[0].user_groups[0].users[1].user_name",
        "huawei_workspace.projects[0].user_groups[1].group_id",
        "huawei_workspace.projects[0].user_groups[1].group_name",
        "huawei_workspace.projects[1].project_id",
        "huawei_workspace.projects[1].user_groups[0].group_id",
        "tencent_cwp.hosts[0].accounts[1].name",
        "tencent_cwp.hosts[0].accounts[2].login_type",
        "tencent_cwp.hosts[0].accounts[2].password_status",
        "tencent_cwp.hosts[0].accounts[2].login_time",
        "tencent_cwp.hosts[1].quuid",
        "enos_app_portal.orgs[0].user_groups[0].users[1].userId",
        "enos_app_portal.orgs[0].user_groups[0].users[2].userId",
        "huawei_codearts_repo.repository_groups[0].group_id",
        "huawei_codearts_repo.repository_groups[0].member_groups[1].id",
        "huawei_codearts_repo.repository_groups[1].member_groups[0].id",
        "huawei_codearts_repo.repository_groups[1].member_groups[1].name",
        "huawei_codearts_repo.repository_groups[1].member_groups[1].description",
        "huawei_codearts_repo.repository_groups[1].member_groups[1].member_count",
        "huawei_codearts_repo.repository_groups[1].member_groups[1].updated_at",
        "huawei_codearts_repo.repository_groups[1].member_groups[2].created_at",
        "huawei_codearts_repo.repository_groups[2].group_id",
    ];
    assert_eq!(paths, expected, "{problems:#?}");
    let message = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    for (index, part) in [
        (0, "\"a\" appears twice"),
        (6, "4 is outside 0..=3"),
        (16, "1001 characters"),
        (18, "before created_at"),
    ] {
        let message = message(expected[index]);
        assert!(message.contains(part), "{message}");
    }
}

#[test]
fn loading_from_a_path_names_the_file() {
    let dir = std::env::temp_dir().join(format!("stub-data-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("good.json");
    let mut with_schema = empty_sections();
    with_schema["$schema"] = json!("./fixture.schema.json");
    std::fs::write(&good, with_schema.to_string()).expect("write");
    let loaded = Dataset::load_path(&good).expect("a $schema key is allowed");
    assert_eq!(loaded.schema.as_deref(), Some("./fixture.schema.json"));

    let bad = dir.join("bad.json");
    let mut file = std::fs::File::create(&bad).expect("create");
    file.write_all(b"{\n  \"huawei_workspace\": 1\n}\n")
        .expect("write");
    let error = Dataset::load_path(&bad).expect_err("wrong type");
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("{}:2:", bad.display())),
        "{shown}"
    );

    let missing = Dataset::load_path(dir.join("missing.json")).expect_err("no such file");
    assert!(matches!(missing, DatasetError::Io { .. }));
    assert!(missing.to_string().contains("missing.json"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_schema_is_stable_and_describes_the_dataset() {
    let schema = fixture_schema();
    assert_eq!(schema.to_string(), fixture_schema().to_string());
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let keys: Vec<&String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    assert_eq!(
        keys,
        [
            "$schema",
            "huawei_workspace",
            "tencent_cwp",
            "enos_app_portal",
            "huawei_codearts_repo"
        ]
    );
    assert_eq!(schema["additionalProperties"], false);
    let member = &schema["$defs"]["CodeArtsMemberGroup"];
    assert_eq!(
        member["required"].as_array().map(Vec::len),
        Some(10),
        "all ten DTO keys are required"
    );
    assert_eq!(member["properties"]["id"]["maximum"], 2_147_483_647);
    assert_eq!(member["properties"]["name"]["maxLength"], 1000);
    // Descriptions are whole sentences, not lines wrapped at the source's width.
    fn descriptions(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(text) if key == "description" => out.push(text.clone()),
                        _ => descriptions(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| descriptions(item, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    descriptions(&schema, &mut all);
    assert!(all.len() > 50, "every field is described");
    assert!(all.iter().all(|d| !d.contains('\n')), "{all:#?}");
}

#[test]
fn the_schema_accepts_generated_datasets_and_rejects_broken_ones() {
    let validator = jsonschema::validator_for(&fixture_schema()).expect("a valid JSON Schema");
    for seed in [DEFAULT_SEED, 7] {
        let instance: Value =
            serde_json::from_str(&Dataset::generate(seed).to_json()).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:#?}");
    }
    let mut broken = empty_sections();
    broken["tencent_cwp"]["hosts"] =
        json!([{"quuid": "q", "os_type": "Linux", "accounts": [tencent_account("x")]}]);
    assert!(validator.is_valid(&broken));
    broken["tencent_cwp"]["hosts"][0]["accounts"][0]["login_type"] = json!(9);
    assert!(!validator.is_valid(&broken), "login_type above 3");
    broken["tencent_cwp"]["hosts"][0]["accounts"][0]["login_type"] = json!(1);
    broken["tencent_cwp"]["hosts"][0]["accounts"][0]["first_time"] = json!("2021-01-01T00:00:00");
    assert!(
        !validator.is_valid(&broken),
        "first_time not in the Tencent format"
    );
    broken["tencent_cwp"]["hosts"][0]["accounts"][0]["first_time"] = json!("2021-01-01 00:00:00");
    broken["tencent_cwp"]["hosts"][0]["extra"] = json!(1);
    assert!(!validator.is_valid(&broken), "unknown key");
}
