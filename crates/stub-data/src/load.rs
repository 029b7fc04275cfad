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

    /// An id that travels in a URL path segment: a `/` would split it into two segments, so
    /// a record with one could never be requested.
    fn path_segment(&mut self, path: &str, value: &str) {
        self.non_empty(path, value);
        if value.contains('/') {
            self.report(
                path,
                format!("{value:?} contains '/', so no request path can name it"),
            );
        }
    }

    fn unique<'a>(&mut self, seen: &mut HashSet<&'a str>, path: &str, value: &'a str, scope: &str) {
        if !value.is_empty() && !seen.insert(value) {
            self.report(path, format!("{value:?} appears twice in {scope}"));
        }
    }

    fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.report(path, format!("{value} is outside {min}..={max}"));
        }
    }

    fn workspace(&mut self, dataset: &Dataset) {
        let mut projects = HashSet::new();
        for (p, project) in dataset.huawei_workspace.projects.iter().enumerate() {
            let at = format!("huawei_workspace.projects[{p}]");
            self.path_segment(&format!("{at}.project_id"), &project.project_id);
            self.unique(
                &mut projects,
                &format!("{at}.project_id"),
                &project.project_id,
                "huawei_workspace.projects",
            );
            let mut groups = HashSet::new();
            for (g, group) in project.user_groups.iter().enumerate() {
                let at = format!("{at}.user_groups[{g}]");
                self.path_segment(&format!("{at}.group_id"), &group.group_id);
                self.unique(
                    &mut groups,
                    &format!("{at}.group_id"),
                    &group.group_id,
                    "its project",
                );
                self.non_empty(&format!("{at}.group_name"), &group.group_name);
                let mut users = HashSet::new();
                for (u, user) in group.users.iter().enumerate() {
                    let at = format!("{at}.users[{u}]");
                    self.non_empty(&format!("{at}.user_name"), &user.user_name);
                    self.unique(
                        &mut users,
                        &format!("{at}.user_name"),
                        &user.user_name,
                        "its group",
                    );
                    if let Some(ep) = &user.enterprise_project_id {
                        self.non_empty(&format!("{at}.enterprise_project_id"), ep);
                    }
                }
            }
        }
    }

    fn tencent(&mut self, dataset: &Dataset) {
        let mut hosts = HashSet::new();
        for (h, host) in dataset.tencent_cwp.hosts.iter().enumerate() {
            let at = format!("tencent_cwp.hosts[{h}]");
            self.non_empty(&format!("{at}.quuid"), &host.quuid);
            self.unique(
                &mut hosts,
                &format!("{at}.quuid"),
                &host.quuid,
                "tencent_cwp.hosts",
            );
            let mut names = HashSet::new();
            for (a, account) in host.accounts.iter().enumerate() {
                let at = format!("{at}.accounts[{a}]");
                self.non_empty(&format!("{at}.name"), &account.name);
                self.unique(&mut names, &format!("{at}.name"), &account.name, "its host");
                self.tencent_account(&at, account);
            }
        }
    }

    fn tencent_account(&mut self, at: &str, account: &TencentAccount) {
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
        let mut orgs = HashSet::new();
        for (o, org) in dataset.enos_app_portal.orgs.iter().enumerate() {
            let at = format!("enos_app_portal.orgs[{o}]");
            self.non_empty(&format!("{at}.org_id"), &org.org_id);
            self.unique(
                &mut orgs,
                &format!("{at}.org_id"),
                &org.org_id,
                "enos_app_portal.orgs",
            );
            let mut groups = HashSet::new();
            for (g, group) in org.user_groups.iter().enumerate() {
                let at = format!("{at}.user_groups[{g}]");
                self.non_empty(&format!("{at}.user_group_id"), &group.user_group_id);
                self.unique(
                    &mut groups,
                    &format!("{at}.user_group_id"),
                    &group.user_group_id,
                    "its organization",
                );
                let mut users = HashSet::new();
                for (u, user) in group.users.iter().enumerate() {
                    let at = format!("{at}.users[{u}].userId");
                    self.non_empty(&at, &user.user_id);
                    self.unique(&mut users, &at, &user.user_id, "its group");
                }
            }
        }
    }

    fn codearts(&mut self, dataset: &Dataset) {
        let mut groups = HashSet::new();
        let mut records = HashSet::new();
        for (g, group) in dataset
            .huawei_codearts_repo
            .repository_groups
            .iter()
            .enumerate()
        {
            let at = format!("huawei_codearts_repo.repository_groups[{g}]");
            self.range(
                &format!("{at}.group_id"),
                i64::from(group.group_id),
                1,
                i64::from(i32::MAX),
            );
            if !groups.insert(group.group_id) {
                self.report(
                    &format!("{at}.group_id"),
                    format!(
                        "{} appears twice in huawei_codearts_repo.repository_groups",
                        group.group_id
                    ),
                );
            }
            for (m, member) in group.member_groups.iter().enumerate() {
                let at = format!("{at}.member_groups[{m}]");
                self.range(
                    &format!("{at}.id"),
                    i64::from(member.id),
                    1,
                    i64::from(i32::MAX),
                );
                // Membership records are rows of one table, so their ids are unique across
                // repository groups, not only within one.
                if !records.insert(member.id) {
                    self.report(
                        &format!("{at}.id"),
                        format!("{} appears twice in huawei_codearts_repo", member.id),
                    );
                }
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
