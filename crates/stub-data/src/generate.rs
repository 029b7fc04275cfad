//! The generated dataset: fixed anchors from the vendors' examples plus seeded filler.
//!
//! Every seed gives the [`anchors`] (so the vendors' examples and the README snippets work
//! against any generated dataset) and filler sized for pagination: groups of 0 to about 60
//! users, one empty group per vendor and a CodeArts repository group with more than 100
//! member groups. The filler comes from [`SplitMix64`], one stream per vendor section, so the
//! same seed gives byte-identical JSON on every platform and run.

use std::collections::HashSet;

use crate::fixture::{
    CodeArtsMemberGroup, CodeArtsRepositoryGroup, CodeArtsSection, Dataset, EnosOrg, EnosSection,
    EnosUser, EnosUserGroup, OsType, TencentAccount, TencentHost, TencentSection, UserActiveType,
    WorkspaceProject, WorkspaceSection, WorkspaceUser, WorkspaceUserGroup,
};
use crate::rng::SplitMix64;
use crate::time;

/// The seed of the dataset the stub serves unless told otherwise.
pub const DEFAULT_SEED: u64 = 20_250_917;

/// Ids every generated dataset contains, whatever the seed, taken from the vendors' example
/// requests and the SDK research so that documented snippets find data.
pub mod anchors {
    /// Workspace project of the SDK research's captured requests.
    pub const WORKSPACE_PROJECT_ID: &str = "0bec5db98280d2d02fd6c00c2de791ce";
    /// Workspace user group of the captured export request; its name is [`WORKSPACE_GROUP_NAME`].
    pub const WORKSPACE_GROUP_ID: &str = "grp-123";
    /// Name of [`WORKSPACE_GROUP_ID`], the `group_name` the captured request sends.
    pub const WORKSPACE_GROUP_NAME: &str = "g1";
    /// Users of [`WORKSPACE_GROUP_ID`] named by the captured request's `user_names` (`zed`
    /// is not one of them, so that request selects two users).
    pub const WORKSPACE_USER_NAMES: [&str; 2] = ["alice", "bob"];
    /// Workspace user group of the SDK README snippet (`group_id="g1"`), in the same project.
    pub const WORKSPACE_SNIPPET_GROUP_ID: &str = "g1";
    /// Tencent host of the captured requests.
    pub const TENCENT_QUUID: &str = "quuid-1";
    /// Tencent host of the request example in the CWP document.
    pub const TENCENT_EXAMPLE_QUUID: &str = "2c7f53d6-1b4e-4a8e-9f61-7a0d5c3e9b12";
    /// EnOS organization of the captured request.
    pub const ENOS_ORG_ID: &str = "o15589000000001";
    /// EnOS user group of the vendor's sample request; it has exactly three users, the first
    /// being the vendor's sample user, so the sample answer (`totalElements: 3`, page size 1)
    /// is what the stub returns.
    pub const ENOS_USER_GROUP_ID: &str = "your_user_group_id";
    /// EnOS organization and user group of the SDK README snippet.
    pub const ENOS_SNIPPET_ORG_ID: &str = "o123";
    /// See [`ENOS_SNIPPET_ORG_ID`].
    pub const ENOS_SNIPPET_USER_GROUP_ID: &str = "ug1";
    /// CodeArts repository group of the captured requests; its first two member groups are
    /// the vendor's example response.
    pub const CODEARTS_GROUP_ID: i32 = 123;
    /// The `user_group_id` the vendor's two example member groups share.
    pub const CODEARTS_USER_GROUP_ID: &str = "2e191c60e5c04aa9a57a27344d4b74d4";
    /// A repository group with more than 100 member groups, so `limit=100` has a second page.
    pub const CODEARTS_LARGE_GROUP_ID: i32 = 4242;
    /// A repository group without member groups.
    pub const CODEARTS_EMPTY_GROUP_ID: i32 = 7;
    /// The largest valid repository group id, present to exercise the boundary.
    pub const CODEARTS_MAX_GROUP_ID: i32 = i32::MAX;
}

/// The dataset's notional present: all generated times lie before it.
const NOW: &str = "2025-09-17 12:00:00";

const GIVEN_NAMES: &[&str] = &[
    "wei", "fang", "min", "jing", "lei", "yan", "jun", "hui", "xin", "yang", "ting", "hao",
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "oscar", "peggy", "trent", "victor", "wendy", "priya", "arjun", "sofia", "lucas", "mateo",
    "emma", "noah", "yuki", "kenji", "minh", "linh", "omar",
];
const FAMILY_NAMES: &[&str] = &[
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "smith", "jones", "garcia", "muller", "rossi", "tanaka", "nguyen", "kumar",
    "silva", "novak", "dubois",
];

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A login name not yet in `taken`, in one of the styles directories use.
fn login_name(rng: &mut SplitMix64, taken: &mut HashSet<String>) -> String {
    let given = *rng.pick(GIVEN_NAMES);
    let family = *rng.pick(FAMILY_NAMES);
    let base = match rng.below(3) {
        0 => format!("{given}.{family}"),
        1 => format!("{}{family}", &given[..1]),
        _ => format!("{given}{family}{:02}", rng.below(100)),
    };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// A UUID-formatted random id (version 4 layout), as many vendors use for ids.
fn uuid(rng: &mut SplitMix64) -> String {
    let hex = rng.hex(32);
    let variant = *rng.pick(&['8', '9', 'a', 'b']);
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..]
    )
}

/// A mainland China mobile number (11 digits).
fn mobile(rng: &mut SplitMix64) -> String {
    format!(
        "1{}{}",
        rng.pick(&["38", "39", "58", "86", "87", "35"]),
        rng.digits(8)
    )
}

impl Dataset {
    /// The dataset for `seed`: the [`anchors`] plus seeded filler. The same seed always gives
    /// an equal dataset, and so byte-identical [`Dataset::to_json`] output.
    pub fn generate(seed: u64) -> Dataset {
        Dataset {
            schema: None,
            huawei_workspace: workspace(&mut SplitMix64::for_part(seed, "huawei_workspace")),
            tencent_cwp: tencent(&mut SplitMix64::for_part(seed, "tencent_cwp")),
            enos_app_portal: enos(&mut SplitMix64::for_part(seed, "enos_app_portal")),
            huawei_codearts_repo: codearts(&mut SplitMix64::for_part(seed, "huawei_codearts_repo")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Huawei Cloud Workspace

const WORKSPACE_GROUP_NAMES: &[&str] = &[
    "Finance",
    "R&D",
    "Customer Service",
    "Design",
    "Operations",
    "Interns",
    "Contractors",
    "Sales East",
    "运维组",
    "研发一部",
    "财务部",
    "市场部",
];
const WORKSPACE_DESCRIPTIONS: &[&str] = &[
    "",
    "Finance department",
    "R&D engineer",
    "Contractor until the end of the year",
    "Desk 4F-12",
    "Customer support, night shift",
    "VIP desktop",
    "财务部",
    "研发工程师",
    "实习生",
    "描述：外包人员",
];

fn workspace_user(
    rng: &mut SplitMix64,
    taken: &mut HashSet<String>,
    enterprise_projects: &[String],
) -> WorkspaceUser {
    let user_name = login_name(rng, taken);
    workspace_user_named(rng, user_name, enterprise_projects)
}

fn workspace_user_named(
    rng: &mut SplitMix64,
    user_name: String,
    enterprise_projects: &[String],
) -> WorkspaceUser {
    let description = (*rng.pick(WORKSPACE_DESCRIPTIONS)).to_owned();
    let active_type = if rng.percent(75) {
        UserActiveType::UserActivate
    } else {
        UserActiveType::AdminActivate
    };
    let email = if rng.percent(95) {
        format!("{user_name}@example.com")
    } else {
        String::new()
    };
    let phone = if rng.percent(80) {
        mobile(rng)
    } else {
        String::new()
    };
    // "0" is Huawei's default enterprise project, which most resources belong to.
    let enterprise_project_id = match rng.below(20) {
        0..=12 => Some("0".to_owned()),
        13..=17 => Some(rng.pick(enterprise_projects).clone()),
        _ => None,
    };
    WorkspaceUser {
        user_name,
        description,
        active_type,
        email,
        phone,
        enterprise_project_id,
    }
}

fn workspace_group(
    rng: &mut SplitMix64,
    group_id: String,
    group_name: String,
    users: usize,
    enterprise_projects: &[String],
) -> WorkspaceUserGroup {
    let mut taken = HashSet::new();
    let users = (0..users)
        .map(|_| workspace_user(rng, &mut taken, enterprise_projects))
        .collect();
    let description = format!("Desktops of the {group_name} team");
    WorkspaceUserGroup {
        group_id,
        group_name,
        description,
        users,
    }
}

fn workspace(rng: &mut SplitMix64) -> WorkspaceSection {
    let mut projects = Vec::new();
    for p in 0..3 {
        let enterprise_projects: Vec<String> = (0..2).map(|_| uuid(rng)).collect();
        let project_id = if p == 0 {
            anchors::WORKSPACE_PROJECT_ID.to_owned()
        } else {
            rng.hex(32)
        };
        let mut names: Vec<&str> = WORKSPACE_GROUP_NAMES.to_vec();
        let mut user_groups = Vec::new();
        if p == 0 {
            user_groups.push(anchor_workspace_group(rng, &enterprise_projects));
            let size = rng.range_usize(8, 20);
            let id = anchors::WORKSPACE_SNIPPET_GROUP_ID.to_owned();
            user_groups.push(workspace_group(
                rng,
                id,
                "Sales".to_owned(),
                size,
                &enterprise_projects,
            ));
        }
        let count = if p == 0 { 4 } else { rng.range_usize(2, 4) };
        for g in 0..count {
            let name = names.remove(rng.range_usize(0, names.len() - 1)).to_owned();
            // The anchor project gets one empty group and one of about 60 users (three pages
            // of 20); the rest are random sizes.
            let size = match (p, g) {
                (0, 0) => 0,
                (0, 1) => rng.range_usize(55, 62),
                _ => rng.range_usize(0, 60),
            };
            let id = rng.hex(32);
            user_groups.push(workspace_group(rng, id, name, size, &enterprise_projects));
        }
        projects.push(WorkspaceProject {
            project_id,
            user_groups,
        });
    }
    WorkspaceSection { projects }
}

fn anchor_workspace_group(
    rng: &mut SplitMix64,
    enterprise_projects: &[String],
) -> WorkspaceUserGroup {
    let mut taken: HashSet<String> = HashSet::new();
    let mut users = Vec::new();
    for name in anchors::WORKSPACE_USER_NAMES {
        taken.insert(name.to_owned());
        let mut user = workspace_user_named(rng, name.to_owned(), enterprise_projects);
        // Fixed so the captured request's other filters (active_type, enterprise project)
        // behave the same for every seed.
        user.active_type = UserActiveType::UserActivate;
        user.enterprise_project_id = Some("0".to_owned());
        users.push(user);
    }
    let filler = rng.range_usize(20, 30);
    users.extend((0..filler).map(|_| workspace_user(rng, &mut taken, enterprise_projects)));
    WorkspaceUserGroup {
        group_id: anchors::WORKSPACE_GROUP_ID.to_owned(),
        group_name: anchors::WORKSPACE_GROUP_NAME.to_owned(),
        description: "The user group of the SDK research's captured requests".to_owned(),
        users,
    }
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud CWP

const DAY: i64 = 86_400;

fn now() -> i64 {
    // NOW is a valid constant; 0 would only be reached if it were edited into nonsense.
    time::parse_datetime(NOW).unwrap_or(0)
}

fn between(rng: &mut SplitMix64, from: i64, to: i64) -> i64 {
    if to <= from {
        return from;
    }
    // Both bounds are seconds within years 2020–2025, so the difference fits easily.
    from + i64::try_from(rng.below(u64::try_from(to - from).unwrap_or(0))).unwrap_or(0)
}

/// Login-related facts of one account, before times are drawn.
struct AccountKind {
    name: String,
    uid: u64,
    guid: u64,
    account_type: u8,
    enabled: bool,
    login_type: u8,
    is_domain: bool,
    is_root: bool,
    is_sudo: bool,
    is_ssh_login: bool,
    shell: bool,
    /// Whether the account has ever logged in.
    logs_in: bool,
}

fn account(rng: &mut SplitMix64, kind: AccountKind) -> TencentAccount {
    let now = now();
    let first = between(
        rng,
        time::parse_datetime("2020-03-01 00:00:00").unwrap_or(0),
        now - 200 * DAY,
    );
    let change = between(rng, first, now - DAY);
    let due = change + *rng.pick(&[90, 180, 365]) * DAY;
    let password_status = if rng.percent(4) {
        4
    } else if due < now {
        3
    } else if due - now <= 14 * DAY {
        2
    } else {
        1
    };
    let password_lock_days = match password_status {
        4 => 0,
        // Days until the password is due, plus the grace period before the lock.
        _ => u32::try_from((due - now).max(0) / DAY).unwrap_or(0) + *rng.pick(&[0, 7, 30]),
    };
    let login_time = kind
        .logs_in
        .then(|| time::format_datetime(between(rng, first, now)));
    TencentAccount {
        name: kind.name,
        uid: kind.uid,
        guid: kind.guid,
        login_type: kind.login_type,
        status: u8::from(kind.enabled),
        account_type: kind.account_type,
        is_domain: kind.is_domain,
        is_root: kind.is_root,
        is_sudo: kind.is_sudo,
        is_ssh_login: kind.is_ssh_login,
        shell_login_status: u8::from(kind.shell),
        password_status,
        first_time: time::format_datetime(first),
        login_time,
        change_password_time: time::format_datetime(change),
        password_dua_time: time::format_datetime(due),
        password_lock_days,
    }
}

/// A Linux system account: its own group, enabled, and no way to log in (no shell, sudo or
/// SSH); the other kinds start from it.
fn linux_kind(name: &str, uid: u64) -> AccountKind {
    AccountKind {
        name: name.to_owned(),
        uid,
        guid: uid,
        account_type: 1,
        enabled: true,
        login_type: 0,
        is_domain: false,
        is_root: false,
        is_sudo: false,
        is_ssh_login: false,
        shell: false,
        logs_in: false,
    }
}

fn root_kind() -> AccountKind {
    AccountKind {
        account_type: 2,
        login_type: 3,
        is_root: true,
        is_sudo: true,
        is_ssh_login: true,
        shell: true,
        logs_in: true,
        ..linux_kind("root", 0)
    }
}

/// A person's account on a Linux host.
fn linux_person(rng: &mut SplitMix64, name: String, uid: u64) -> AccountKind {
    let is_sudo = rng.percent(30);
    let enabled = rng.percent(90);
    AccountKind {
        guid: if rng.percent(70) { uid } else { 100 },
        // The stub fills `type` on Linux too (the vendor documents it for Windows): 2 for
        // accounts with sudo, 1 otherwise.
        account_type: if is_sudo { 2 } else { 1 },
        enabled,
        login_type: u8::try_from(rng.range(1, 3)).unwrap_or(1),
        is_sudo,
        is_ssh_login: rng.percent(80),
        shell: true,
        logs_in: enabled && rng.percent(85),
        ..linux_kind(&name, uid)
    }
}

fn linux_accounts(rng: &mut SplitMix64, people: usize, admin: bool) -> Vec<TencentAccount> {
    let mut kinds = vec![root_kind()];
    for (name, uid) in [("bin", 1), ("daemon", 2), ("sshd", 74), ("nobody", 65_534)] {
        kinds.push(linux_kind(name, uid));
    }
    let mut taken: HashSet<String> = ["root", "bin", "daemon", "sshd", "nobody"]
        .map(str::to_owned)
        .into();
    if admin {
        taken.insert("admin".to_owned());
        kinds.push(AccountKind {
            account_type: 2,
            login_type: 3,
            is_sudo: true,
            is_ssh_login: true,
            shell: true,
            logs_in: true,
            ..linux_kind("admin", 1000)
        });
    }
    for service in ["mysql", "nginx", "redis", "postgres"] {
        if rng.percent(40) {
            taken.insert(service.to_owned());
            kinds.push(linux_kind(service, rng.range(900, 999)));
        }
    }
    for i in 0..people {
        let name = login_name(rng, &mut taken).replace('.', "_");
        kinds.push(linux_person(rng, name, 1001 + i as u64));
    }
    kinds.into_iter().map(|kind| account(rng, kind)).collect()
}

/// A built-in Windows account: in the `Users` group (513), without the Linux-only powers of a
/// system account, and it has logged in when it is enabled.
fn windows_kind(name: &str, uid: u64, account_type: u8, enabled: bool) -> AccountKind {
    AccountKind {
        guid: 513,
        account_type,
        enabled,
        logs_in: enabled,
        ..linux_kind(name, uid)
    }
}

fn windows_accounts(rng: &mut SplitMix64, people: usize) -> Vec<TencentAccount> {
    let mut kinds = vec![
        windows_kind("Administrator", 500, 2, true),
        windows_kind("Guest", 501, 0, false),
        windows_kind("DefaultAccount", 503, 0, false),
        windows_kind("WDAGUtilityAccount", 504, 0, false),
    ];
    let mut taken: HashSet<String> = [
        "Administrator",
        "Guest",
        "DefaultAccount",
        "WDAGUtilityAccount",
    ]
    .map(str::to_owned)
    .into();
    for i in 0..people {
        let name = login_name(rng, &mut taken);
        let admin = rng.percent(20);
        let mut kind = windows_kind(
            &name,
            1001 + i as u64,
            if admin { 2 } else { 1 },
            rng.percent(90),
        );
        kind.is_domain = rng.percent(30);
        kinds.push(kind);
    }
    kinds.into_iter().map(|kind| account(rng, kind)).collect()
}

fn tencent(rng: &mut SplitMix64) -> TencentSection {
    let mut hosts = Vec::new();
    let people = rng.range_usize(4, 8);
    let mut anchor = linux_accounts(rng, people, true);
    // The captured request asks for `root` and `admin` logged in since 2021-01-11; these two
    // logged in recently on every seed.
    for account in anchor
        .iter_mut()
        .filter(|a| a.name == "root" || a.name == "admin")
    {
        let login = between(rng, now() - 30 * DAY, now());
        account.login_time = Some(time::format_datetime(login));
    }
    hosts.push(TencentHost {
        quuid: anchors::TENCENT_QUUID.to_owned(),
        os_type: OsType::Linux,
        accounts: anchor,
    });
    let people = rng.range_usize(10, 20);
    let example = linux_accounts(rng, people, false);
    hosts.push(TencentHost {
        quuid: anchors::TENCENT_EXAMPLE_QUUID.to_owned(),
        os_type: OsType::Linux,
        accounts: example,
    });
    for os_type in [
        OsType::Windows,
        OsType::Linux,
        OsType::Windows,
        OsType::Linux,
    ] {
        let people = rng.range_usize(3, 25);
        let accounts = match os_type {
            OsType::Windows => windows_accounts(rng, people),
            OsType::Linux => linux_accounts(rng, people, false),
        };
        hosts.push(TencentHost {
            quuid: uuid(rng),
            os_type,
            accounts,
        });
    }
    // A host whose agent has not reported any account yet.
    hosts.push(TencentHost {
        quuid: uuid(rng),
        os_type: OsType::Linux,
        accounts: Vec::new(),
    });
    TencentSection { hosts }
}

// ---------------------------------------------------------------------------------------------
// EnOS Application Portal

fn enos_user(rng: &mut SplitMix64, taken: &mut HashSet<String>) -> EnosUser {
    let mut user_id = format!("u{}", rng.digits(13));
    while !taken.insert(user_id.clone()) {
        user_id = format!("u{}", rng.digits(13));
    }
    let given = *rng.pick(GIVEN_NAMES);
    let family = *rng.pick(FAMILY_NAMES);
    let name = format!("{} {}", capitalized(given), capitalized(family));
    let email = if rng.percent(90) {
        format!("{given}.{family}{}@example.com", rng.below(100))
    } else {
        String::new()
    };
    let (phone, phone_area) = match rng.below(10) {
        0..=5 => (mobile(rng), "+86".to_owned()),
        6 => (rng.digits(8), "+65".to_owned()),
        7 => (rng.digits(10), "+49".to_owned()),
        // Not filled in: both empty, as in the vendor's sample.
        _ => (String::new(), String::new()),
    };
    EnosUser {
        user_id,
        name,
        email,
        phone,
        phone_area,
    }
}

fn enos_group(
    rng: &mut SplitMix64,
    user_group_id: String,
    name: &str,
    users: usize,
) -> EnosUserGroup {
    let mut taken = HashSet::new();
    let users = (0..users).map(|_| enos_user(rng, &mut taken)).collect();
    EnosUserGroup {
        user_group_id,
        name: name.to_owned(),
        users,
    }
}

const ENOS_GROUP_NAMES: &[&str] = &[
    "Site operators",
    "Asset managers",
    "Wind farm O&M",
    "Energy analysts",
    "Auditors",
    "运维人员",
    "访客",
];

fn enos(rng: &mut SplitMix64) -> EnosSection {
    let mut anchor_users = vec![EnosUser {
        user_id: "your_user_id".to_owned(),
        name: "your_user_name".to_owned(),
        email: "your_user_email".to_owned(),
        phone: String::new(),
        phone_area: String::new(),
    }];
    let mut taken: HashSet<String> = ["your_user_id".to_owned()].into();
    anchor_users.extend((0..2).map(|_| enos_user(rng, &mut taken)));
    let mut main_groups = vec![EnosUserGroup {
        user_group_id: anchors::ENOS_USER_GROUP_ID.to_owned(),
        name: "Sample user group".to_owned(),
        users: anchor_users,
    }];
    let sizes = [
        0,
        rng.range_usize(55, 60),
        rng.range_usize(5, 40),
        rng.range_usize(10, 60),
    ];
    for (i, size) in sizes.into_iter().enumerate() {
        let id = format!("ug{}", rng.digits(13));
        main_groups.push(enos_group(rng, id, ENOS_GROUP_NAMES[i], size));
    }
    let snippet_group = enos_group(
        rng,
        anchors::ENOS_SNIPPET_USER_GROUP_ID.to_owned(),
        "Snippet user group",
        12,
    );
    let mut orgs = vec![
        EnosOrg {
            org_id: anchors::ENOS_ORG_ID.to_owned(),
            user_groups: main_groups,
        },
        EnosOrg {
            org_id: anchors::ENOS_SNIPPET_ORG_ID.to_owned(),
            user_groups: vec![snippet_group],
        },
    ];
    let other_groups = (0..rng.range_usize(2, 3))
        .map(|i| {
            let id = format!("ug{}", rng.digits(13));
            let size = rng.range_usize(0, 60);
            enos_group(rng, id, ENOS_GROUP_NAMES[4 + i], size)
        })
        .collect();
    orgs.push(EnosOrg {
        org_id: format!("o{}", rng.digits(14)),
        user_groups: other_groups,
    });
    EnosSection { orgs }
}

// ---------------------------------------------------------------------------------------------
// Huawei Cloud CodeArts Repo

const CODEARTS_TEAM_NAMES: &[&str] = &[
    "frontend",
    "backend",
    "qa",
    "release-managers",
    "security-review",
    "mobile",
    "data-platform",
    "ops",
    "architects",
    "interns",
    "研发一组",
    "测试组",
];
const CODEARTS_DESCRIPTIONS: &[&str] = &[
    "Maintainers of the shared libraries",
    "Read-only access for auditors",
    "Release approvals",
    "外包开发人员",
    "Members of the on-call rotation",
];

/// The vendor's example member group `team1`/`team2`, verbatim.
fn vendor_example_member(id: i32, name: &str) -> CodeArtsMemberGroup {
    CodeArtsMemberGroup {
        id,
        user_group_id: anchors::CODEARTS_USER_GROUP_ID.to_owned(),
        name: name.to_owned(),
        project_id: None,
        tenant_id: "159b65b41ead484d8ddff250a4731781".to_owned(),
        group_type: None,
        member_count: 1,
        created_at: "2025-09-17T19:30:03.275+08:00".to_owned(),
        updated_at: "2025-09-17T19:30:03.275+08:00".to_owned(),
        description: None,
    }
}

fn codearts_member(rng: &mut SplitMix64, id: i32, tenant_id: &str) -> CodeArtsMemberGroup {
    let utc = |text: &str| time::parse_datetime(text).unwrap_or(0) * 1000;
    let created = between(rng, utc("2023-01-01 00:00:00"), utc("2025-09-16 00:00:00"));
    let updated = if rng.percent(50) {
        created
    } else {
        between(rng, created, utc("2025-09-17 00:00:00"))
    };
    let project_id = rng.percent(40).then(|| rng.hex(32));
    let name = format!("{}-{}", rng.pick(CODEARTS_TEAM_NAMES), rng.range(1, 99));
    CodeArtsMemberGroup {
        id,
        user_group_id: rng.hex(32),
        name,
        // Illustrative: the vendor documents no values for `group_type` and shows null for an
        // organization-level group; project-level groups here say "project".
        group_type: project_id.as_ref().map(|_| "project".to_owned()),
        project_id,
        tenant_id: tenant_id.to_owned(),
        member_count: i32::try_from(rng.range(0, 60)).unwrap_or(0),
        // China Standard Time, the offset of the vendor's example.
        created_at: time::format_rfc3339_millis(created, 480),
        updated_at: time::format_rfc3339_millis(updated, 480),
        description: rng
            .percent(50)
            .then(|| (*rng.pick(CODEARTS_DESCRIPTIONS)).to_owned()),
    }
}

fn codearts(rng: &mut SplitMix64) -> CodeArtsSection {
    // Membership record ids count up from past the vendor's example ids (345, 346).
    let mut next_id: i32 = 1000;
    let mut members =
        |rng: &mut SplitMix64, count: usize, tenant_id: &str| -> Vec<CodeArtsMemberGroup> {
            (0..count)
                .map(|_| {
                    next_id += i32::try_from(rng.range(1, 3)).unwrap_or(1);
                    codearts_member(rng, next_id, tenant_id)
                })
                .collect()
        };
    let mut anchor = vec![
        vendor_example_member(345, "team1"),
        vendor_example_member(346, "team2"),
    ];
    let filler = rng.range_usize(20, 30);
    anchor.extend(members(rng, filler, "159b65b41ead484d8ddff250a4731781"));
    let mut groups = vec![CodeArtsRepositoryGroup {
        group_id: anchors::CODEARTS_GROUP_ID,
        member_groups: anchor,
    }];
    let large = rng.range_usize(120, 140);
    let tenant = rng.hex(32);
    groups.push(CodeArtsRepositoryGroup {
        group_id: anchors::CODEARTS_LARGE_GROUP_ID,
        member_groups: members(rng, large, &tenant),
    });
    groups.push(CodeArtsRepositoryGroup {
        group_id: anchors::CODEARTS_EMPTY_GROUP_ID,
        member_groups: Vec::new(),
    });
    let mut used: HashSet<i32> = groups.iter().map(|g| g.group_id).collect();
    used.insert(anchors::CODEARTS_MAX_GROUP_ID);
    for _ in 0..2 {
        let mut group_id = i32::try_from(rng.range(1000, 9_999_999)).unwrap_or(1000);
        while !used.insert(group_id) {
            group_id = i32::try_from(rng.range(1000, 9_999_999)).unwrap_or(1000);
        }
        let size = rng.range_usize(1, 40);
        let tenant = rng.hex(32);
        groups.push(CodeArtsRepositoryGroup {
            group_id,
            member_groups: members(rng, size, &tenant),
        });
    }
    let tenant = rng.hex(32);
    groups.push(CodeArtsRepositoryGroup {
        group_id: anchors::CODEARTS_MAX_GROUP_ID,
        member_groups: members(rng, 3, &tenant),
    });
    CodeArtsSection {
        repository_groups: groups,
    }
}
