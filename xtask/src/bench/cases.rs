//! The requests the bench sends: a valid and an invalid one per operation, with the answer the
//! stub must give each.

/// The Workspace project of the vendor's examples, which every dataset holds.
const PROJECT: &str = "0bec5db98280d2d02fd6c00c2de791ce";
/// A Tencent `Authorization` header of the TC3 form; the stub checks the form, not the signature.
const TC3_AUTH: &str = "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-01-01/cwp/tc3_request, \
                        SignedHeaders=content-type;host, Signature=0000000000000000";

/// The credential of every Huawei request; the stub checks its presence, not a signature.
const HUAWEI: &[(&str, &str)] = &[("X-Auth-Token", "bench-token")];

/// One request the bench sends, and how the stub must answer it.
#[derive(Debug, Clone)]
pub(super) struct Case {
    /// The vendor's operation name.
    pub(super) operation: &'static str,
    /// The document that declares it (`openapi/<document>.json`), served by its own Prism.
    pub(super) document: &'static str,
    /// Whether the request is valid.
    pub(super) valid: bool,
    pub(super) method: &'static str,
    /// Path and query.
    pub(super) target: String,
    pub(super) headers: Vec<(&'static str, &'static str)>,
    pub(super) body: Option<&'static str>,
    /// The stub's expected status.
    pub(super) status: u16,
    /// Bytes the stub's answer must contain: a field of the success answer, or the error code
    /// the vendor documents (or DECISIONS.md chooses) for the broken rule.
    pub(super) marker: &'static str,
}

impl Case {
    pub(super) fn label(&self) -> &'static str {
        if self.valid { "valid" } else { "invalid" }
    }

    pub(super) fn key(&self) -> String {
        format!("{} {}", self.operation, self.label())
    }
}

/// A valid and an invalid request per operation. Each carries the credentials the stub
/// requires; Prism checks only that some credential of a declared scheme is present.
pub(super) fn cases() -> Vec<Case> {
    [workspace(), tencent(), enos(), codearts()].concat()
}

/// Huawei Workspace's two exports.
fn workspace() -> Vec<Case> {
    vec![
        Case {
            operation: "ExportUserGroupUsersNew",
            document: "huawei-workspace",
            valid: true,
            method: "GET",
            target: format!("/v3/{PROJECT}/groups/grp-123/users/export?user_name=a"),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 200,
            marker: "\"task_id\"",
        },
        Case {
            operation: "ExportUserGroupUsersNew",
            document: "huawei-workspace",
            valid: false,
            method: "GET",
            target: format!("/v3/{PROJECT}/groups/grp-123/users/export?active_type=BOGUS"),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 400,
            marker: "WKS.00020400",
        },
        Case {
            operation: "ExportUsersTemplate",
            document: "huawei-workspace",
            valid: true,
            method: "GET",
            target: format!("/v2/{PROJECT}/users/template/download?active_type=USER_ACTIVATE"),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 200,
            // An .xlsx workbook is a zip archive.
            marker: "PK\u{3}\u{4}",
        },
        Case {
            operation: "ExportUsersTemplate",
            document: "huawei-workspace",
            valid: false,
            method: "GET",
            target: format!("/v2/{PROJECT}/users/template/download?active_type=NOPE"),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 400,
            marker: "WKS.00020400",
        },
    ]
}

/// Tencent CWP's export.
fn tencent() -> Vec<Case> {
    let tencent = vec![
        ("X-TC-Action", "ExportAssetUserList"),
        ("X-TC-Version", "2018-02-28"),
        ("X-TC-Timestamp", "1700000000"),
        ("Authorization", TC3_AUTH),
        ("Content-Type", "application/json"),
    ];
    vec![
        Case {
            operation: "ExportAssetUserList",
            document: "tencent-cwp",
            valid: true,
            method: "POST",
            target: "/".into(),
            headers: tencent.clone(),
            body: Some(
                r#"{"Quuid":"quuid-1","Filters":[{"Name":"Name","Values":["root"],"ExactMatch":true}]}"#,
            ),
            status: 200,
            marker: "\"TaskId\"",
        },
        Case {
            operation: "ExportAssetUserList",
            document: "tencent-cwp",
            valid: false,
            method: "POST",
            target: "/".into(),
            headers: tencent,
            body: Some(r#"{"Quuid":"quuid-1","Filters":[{"Name":"Bogus","Values":["root"]}]}"#),
            status: 200,
            marker: "InvalidParameterValue",
        },
    ]
}

/// EnOS' user list.
fn enos() -> Vec<Case> {
    let enos = vec![
        ("apim-accesstoken", "bench-token"),
        ("Content-Type", "application/json"),
    ];
    let enos_path = "/app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o15589000000001";
    vec![
        Case {
            operation: "listAssignedUser",
            document: "enos-app-portal",
            valid: true,
            method: "POST",
            target: enos_path.into(),
            headers: enos.clone(),
            body: Some(
                r#"{"userGroupId":"your_user_group_id","pagination":{"pageNo":0,"pageSize":100}}"#,
            ),
            status: 200,
            marker: "\"code\":0",
        },
        Case {
            operation: "listAssignedUser",
            document: "enos-app-portal",
            valid: false,
            method: "POST",
            target: enos_path.into(),
            headers: enos,
            body: Some(
                r#"{"userGroupId":"your_user_group_id","pagination":{"pageNo":0,"pageSize":5000}}"#,
            ),
            status: 200,
            marker: "\"code\":31400",
        },
    ]
}

/// CodeArts Repo's member groups.
fn codearts() -> Vec<Case> {
    vec![
        Case {
            operation: "ListGroupUserGroups",
            document: "huawei-codearts-repo",
            valid: true,
            method: "GET",
            target: "/v4/groups/123/user-groups?offset=0&limit=20".into(),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 200,
            marker: "\"user_group_id\"",
        },
        Case {
            operation: "ListGroupUserGroups",
            document: "huawei-codearts-repo",
            valid: false,
            method: "GET",
            target: "/v4/groups/123/user-groups?limit=101".into(),
            headers: HUAWEI.to_vec(),
            body: None,
            status: 400,
            marker: "CH.004400",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_valid_and_an_invalid_request() {
        let cases = cases();
        for operation in [
            "ExportUserGroupUsersNew",
            "ExportUsersTemplate",
            "ExportAssetUserList",
            "listAssignedUser",
            "ListGroupUserGroups",
        ] {
            let of = |valid| {
                cases
                    .iter()
                    .filter(|c| c.operation == operation && c.valid == valid)
                    .count()
            };
            assert_eq!((of(true), of(false)), (1, 1), "{operation}");
        }
    }
}
