//! Reading and writing dataset files, and the consistency rules a loaded dataset must meet.
//!
//! The rules are the ones JSON Schema cannot state (uniqueness within a scope, calendar-valid
//! times, one time not before another) plus the ranges, checked again so that a dataset built
//! in code is held to the same rules as one read from a file.

use std::collections::HashSet;
use std::path::Path;

use crate::error::{DatasetError, Problem};
use crate::fixture::{CodeArtsMemberGroup, Dataset, TencentAccount};
use crate::time;

impl Dataset {
    /// Parses a dataset from JSON text and checks its consistency.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Syntax`] with the line and column when the text is not JSON of the
    /// dataset's shape; [`DatasetError::Invalid`] listing every broken consistency rule.
    pub fn load(json: &str) -> Result<Dataset, DatasetError> {
        let dataset: Dataset =
            serde_json::from_str(json).map_err(|e| DatasetError::from_json(&e))?;
        dataset.check()?;
        Ok(dataset)
    }

    /// Reads and parses a dataset file; errors name the file.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Io`] when the file cannot be read, else as [`Dataset::load`].
    pub fn load_path(path: impl AsRef<Path>) -> Result<Dataset, DatasetError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
            file: path.to_owned(),
            source,
        })?;
        Self::load(&text).map_err(|e| e.in_file(path.to_owned()))
    }

    /// The dataset as pretty-printed JSON (two-space indent) ending with a newline. The same
    /// dataset always gives the same bytes.
    pub fn to_json(&self) -> String {
        // Every value in a dataset is a string, number, bool, array or struct with string
        // keys, which serde_json always serializes.
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// Checks the consistency rules.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Invalid`] listing every broken rule.
    pub fn check(&self) -> Result<(), DatasetError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DatasetError::Invalid {
                file: None,
                problems,
            })
        }
    }

    /// Every broken consistency rule, in document order.
    pub fn problems(&self) -> Vec<Problem> {
        let mut c = Checker::default();
        c.workspace(self);
        c.tencent(self);
        c.enos(self);
        c.codearts(self);
        c.problems
    }
}

/// `items` with the path of each, `{at}.{list}[index]`.
fn indexed<'a, T>(
    at: &str,
    list: &'static str,
    items: &'a [T],
) -> impl Iterator<Item = (String, &'a T)> {
    items
        .iter()
        .enumerate()
        .map(move |(i, item)| (format!("{at}.{list}[{i}]"), item))
}

/// The keys already taken among some siblings, and the name of their scope for messages.
struct Siblings<'a, K> {
    seen: HashSet<K>,
    scope: &'a str,
}

fn siblings<'a, K>(scope: &'a str) -> Siblings<'a, K> {
    Siblings {
        seen: HashSet::new(),
        scope,
    }
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, path: &str, message: String) {
        self.problems.push(Problem {
            path: path.to_owned(),
            message,
        });
    }

    fn non_empty(&mut self, path: &str, value: &str) {
        if value.is_empty() {
            self.report(path, "must not be empty".to_owned());
        }
    }

    /// The key `field` of the record at `at`: not empty, and unique among its siblings.
    fn key<'v>(
        &mut self,
        siblings: &mut Siblings<'_, &'v str>,
        at: &str,
        field: &str,
        value: &'v str,
    ) {
        let path = format!("{at}.{field}");
        self.non_empty(&path, value);
        // An empty key is reported as empty, not also as repeated.
        if !value.is_empty() {
            self.unique(siblings, &path, value);
        }
    }

    /// A key that also travels in a URL path segment: a `/` would split it into two
    /// segments, so a record with one could never be requested. (An empty key has no `/`, so
    /// at most one of the two problems is reported before a repetition.)
    fn path_key<'v>(
        &mut self,
        siblings: &mut Siblings<'_, &'v str>,
        at: &str,
        field: &str,
        value: &'v str,
    ) {
        if value.contains('/') {
            self.report(
                &format!("{at}.{field}"),
                format!("{value:?} contains '/', so no request path can name it"),
            );
        }
        self.key(siblings, at, field, value);
    }

    /// The numeric id `field` of the record at `at`: a positive 32-bit integer, unique among
    /// its siblings.
    fn id(&mut self, siblings: &mut Siblings<'_, i64>, at: &str, field: &str, value: i32) {
        let path = format!("{at}.{field}");
        self.range(&path, i64::from(value), 1, i64::from(i32::MAX));
        self.unique(siblings, &path, i64::from(value));
    }

    /// Reports `value` when a sibling already has it.
    fn unique<K: Copy + Eq + std::hash::Hash + std::fmt::Debug>(
        &mut self,
        siblings: &mut Siblings<'_, K>,
        path: &str,
        value: K,
    ) {
        if !siblings.seen.insert(value) {
            let scope = siblings.scope;
            self.report(path, format!("{value:?} appears twice in {scope}"));
        }
    }

    fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.report(path, format!("{value} is outside {min}..={max}"));
        }
    }

    fn workspace(&mut self, dataset: &Dataset) {
        let mut projects = siblings("huawei_workspace.projects");
        let all = &dataset.huawei_workspace.projects;
        for (at, project) in indexed("huawei_workspace", "projects", all) {
            self.path_key(&mut projects, &at, "project_id", &project.project_id);
            let mut groups = siblings("its project");
            for (at, group) in indexed(&at, "user_groups", &project.user_groups) {
                self.path_key(&mut groups, &at, "group_id", &group.group_id);
                self.non_empty(&format!("{at}.group_name"), &group.group_name);
                let mut users = siblings("its group");
                for (at, user) in indexed(&at, "users", &group.users) {
                    self.key(&mut users, &at, "user_name", &user.user_name);
                    if let Some(ep) = &user.enterprise_project_id {
                        self.non_empty(&format!("{at}.enterprise_project_id"), ep);
                    }
                }
            }
        }
    }

    fn tencent(&mut self, dataset: &Dataset) {
        let mut hosts = siblings("tencent_cwp.hosts");
        for (at, host) in indexed("tencent_cwp", "hosts", &dataset.tencent_cwp.hosts) {
            self.key(&mut hosts, &at, "quuid", &host.quuid);
            let mut names = siblings("its host");
            for (at, account) in indexed(&at, "accounts", &host.accounts) {
                self.tencent_account(&mut names, &at, account);
            }
        }
    }

    /// An account: its name unique on its host, its codes in range, its times well formed.
    fn tencent_account<'v>(
        &mut self,
        names: &mut Siblings<'_, &'v str>,
        at: &str,
        account: &'v TencentAccount,
    ) {
        self.key(names, at, "name", &account.name);
        let codes = [
            ("login_type", account.login_type, 0, 3),
            ("status", account.status, 0, 1),
            ("type", account.account_type, 0, 2),
            ("shell_login_status", account.shell_login_status, 0, 1),
            ("password_status", account.password_status, 1, 4),
        ];
        for (key, value, min, max) in codes {
            self.range(&format!("{at}.{key}"), i64::from(value), min, max);
        }
        let times = [
            ("first_time", Some(&account.first_time)),
            ("login_time", account.login_time.as_ref()),
            ("change_password_time", Some(&account.change_password_time)),
            ("password_dua_time", Some(&account.password_dua_time)),
        ];
        for (key, value) in times {
            if let Some(value) = value
                && time::parse_datetime(value).is_none()
            {
                self.report(
                    &format!("{at}.{key}"),
                    format!("{value:?} is not a date and time in the form YYYY-MM-DD HH:MM:SS"),
                );
            }
        }
    }

    fn enos(&mut self, dataset: &Dataset) {
        let mut orgs = siblings("enos_app_portal.orgs");
        for (at, org) in indexed("enos_app_portal", "orgs", &dataset.enos_app_portal.orgs) {
            self.key(&mut orgs, &at, "org_id", &org.org_id);
            let mut groups = siblings("its organization");
            for (at, group) in indexed(&at, "user_groups", &org.user_groups) {
                self.key(&mut groups, &at, "user_group_id", &group.user_group_id);
                let mut users = siblings("its group");
                for (at, user) in indexed(&at, "users", &group.users) {
                    self.key(&mut users, &at, "userId", &user.user_id);
                }
            }
        }
    }

    fn codearts(&mut self, dataset: &Dataset) {
        let mut groups = siblings("huawei_codearts_repo.repository_groups");
        // Membership records are rows of one table, so their ids are unique across
        // repository groups, not only within one.
        let mut records = siblings("huawei_codearts_repo");
        let all = &dataset.huawei_codearts_repo.repository_groups;
        for (at, group) in indexed("huawei_codearts_repo", "repository_groups", all) {
            self.id(&mut groups, &at, "group_id", group.group_id);
            for (at, member) in indexed(&at, "member_groups", &group.member_groups) {
                self.id(&mut records, &at, "id", member.id);
                self.codearts_member(&at, member);
            }
        }
    }

    fn codearts_member(&mut self, at: &str, member: &CodeArtsMemberGroup) {
        let texts = [
            ("user_group_id", Some(&member.user_group_id)),
            ("name", Some(&member.name)),
            ("project_id", member.project_id.as_ref()),
            ("tenant_id", Some(&member.tenant_id)),
            ("group_type", member.group_type.as_ref()),
            ("created_at", Some(&member.created_at)),
            ("updated_at", Some(&member.updated_at)),
            ("description", member.description.as_ref()),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                let chars = value.chars().count();
                if !(1..=1000).contains(&chars) {
                    self.report(
                        &format!("{at}.{key}"),
                        format!("has {chars} characters; 1 to 1000 are allowed"),
                    );
                }
            }
        }
        self.range(
            &format!("{at}.member_count"),
            i64::from(member.member_count),
            0,
            i64::from(i32::MAX),
        );
        let created = time::parse_rfc3339(&member.created_at);
        let updated = time::parse_rfc3339(&member.updated_at);
        for (key, value, parsed) in [
            ("created_at", &member.created_at, created),
            ("updated_at", &member.updated_at, updated),
        ] {
            if parsed.is_none() {
                self.report(
                    &format!("{at}.{key}"),
                    format!("{value:?} is not an RFC 3339 date-time such as 2025-09-17T19:30:03.275+08:00"),
                );
            }
        }
        if let (Some(created), Some(updated)) = (created, updated)
            && updated < created
        {
            self.report(
                &format!("{at}.updated_at"),
                format!(
                    "{:?} is before created_at {:?}",
                    member.updated_at, member.created_at
                ),
            );
        }
    }
}
