//! Test support shared by the suites that read exported workbooks back (stub-data's and the
//! stub's, which include this file with `#[path]`): the reader, and the row an exported Tencent
//! account becomes. It is not a test target of its own (cargo builds `tests/*.rs` and
//! `tests/*/main.rs` only), and it is written once so that both suites expect the same cells.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// The only sheet of an `.xlsx` workbook: its name and its cells as text, whole numbers
/// written without a fraction.
pub fn read_workbook(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 1, "one sheet: {names:?}");
    let range = workbook.worksheet_range(&names[0]).expect("the sheet");
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect();
    (names[0].clone(), rows)
}

/// The row DECISIONS.md ("Export tasks") promises for one account (19 columns): host QUUID,
/// OS type, name, UID, GID, the codes of login type, status and account type, the flags (0/1)
/// domain, root, sudo, SSH login, the shell login and password status codes, the four times
/// (last login empty when never) and the days until the account is locked.
pub fn tencent_row(host: &stub_data::TencentHost, a: &stub_data::TencentAccount) -> Vec<String> {
    let flag = |b: bool| u8::from(b).to_string();
    vec![
        host.quuid.clone(),
        host.os_type.as_str().to_owned(),
        a.name.clone(),
        a.uid.to_string(),
        a.guid.to_string(),
        a.login_type.to_string(),
        a.status.to_string(),
        a.account_type.to_string(),
        flag(a.is_domain),
        flag(a.is_root),
        flag(a.is_sudo),
        flag(a.is_ssh_login),
        a.shell_login_status.to_string(),
        a.password_status.to_string(),
        a.first_time.clone(),
        a.login_time.clone().unwrap_or_default(),
        a.change_password_time.clone(),
        a.password_dua_time.clone(),
        a.password_lock_days.to_string(),
    ]
}
