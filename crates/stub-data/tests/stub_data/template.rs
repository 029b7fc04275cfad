//! `ExportUsersTemplate`: a real workbook with the documented columns, read back as a zip.

use std::io::{Cursor, Read};

use stub_data::workspace_template;
use vendor_api::workspace::{ActiveType, Language};

fn entry(bytes: &[u8], name: &str) -> String {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).expect("the template is a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

fn entries(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the template is a zip archive");
    archive
        .file_names()
        .map(|name| name.expect("a UTF-8 entry name").into_owned())
        .collect()
}

/// The header texts the cells hold: shared strings plus any inline strings of the sheet.
fn cell_texts(bytes: &[u8]) -> String {
    let mut text = entry(bytes, "xl/worksheets/sheet1.xml");
    if entries(bytes)
        .iter()
        .any(|name| name == "xl/sharedStrings.xml")
    {
        text.push_str(&entry(bytes, "xl/sharedStrings.xml"));
    }
    text
}

#[test]
fn file_names_name_language_and_activation() {
    let cases = [
        (
            None,
            ActiveType::UserActivate,
            "user_import_template_en_US_USER_ACTIVATE.xlsx",
        ),
        (
            Some(Language::EnUs),
            ActiveType::AdminActivate,
            "user_import_template_en_US_ADMIN_ACTIVATE.xlsx",
        ),
        (
            Some(Language::ZhCn),
            ActiveType::UserActivate,
            "user_import_template_zh_CN_USER_ACTIVATE.xlsx",
        ),
        (
            Some(Language::ZhCn),
            ActiveType::AdminActivate,
            "user_import_template_zh_CN_ADMIN_ACTIVATE.xlsx",
        ),
    ];
    for (language, active, expected) in cases {
        assert_eq!(workspace_template(language, active).file_name, expected);
    }
}

#[test]
fn headers_follow_language_and_activation_type() {
    let english = [
        "User name*",
        "Email*",
        "Mobile phone",
        "Description",
        "Account expiry date (YYYY-MM-DD)",
    ];
    let chinese = [
        "用户名*",
        "邮箱*",
        "手机号码",
        "描述",
        "账号到期日期（YYYY-MM-DD）",
    ];
    let cases = [
        (
            None,
            ActiveType::UserActivate,
            &english,
            "Initial password*",
            false,
        ),
        (
            Some(Language::EnUs),
            ActiveType::AdminActivate,
            &english,
            "Initial password*",
            true,
        ),
        (
            Some(Language::ZhCn),
            ActiveType::UserActivate,
            &chinese,
            "初始密码*",
            false,
        ),
        (
            Some(Language::ZhCn),
            ActiveType::AdminActivate,
            &chinese,
            "初始密码*",
            true,
        ),
    ];
    for (language, active, headers, password, has_password) in cases {
        let bytes = workspace_template(language, active).bytes;
        let texts = cell_texts(&bytes);
        for header in headers.iter() {
            assert!(
                texts.contains(header),
                "{language:?} {active:?}: missing {header}"
            );
        }
        assert_eq!(
            texts.contains(password),
            has_password,
            "{language:?} {active:?}: password column"
        );
        // English headings never leak into the Chinese template and vice versa.
        let other = if headers[0] == english[0] {
            chinese[0]
        } else {
            english[0]
        };
        assert!(!texts.contains(other), "{language:?}: found {other}");
    }
}

#[test]
fn the_workbook_has_one_sheet_with_a_bold_header_row() {
    let bytes = workspace_template(Some(Language::EnUs), ActiveType::AdminActivate).bytes;
    assert!(
        bytes.starts_with(b"PK\x03\x04"),
        "an .xlsx file is a zip archive"
    );
    let sheets: Vec<String> = entries(&bytes)
        .into_iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets, ["xl/worksheets/sheet1.xml"]);
    let styles = entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "a bold font is defined");
    let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
    // Six header cells on row 1, each with a non-default style (the bold format).
    let header_cells = ["A1", "B1", "C1", "D1", "E1", "F1"];
    for cell in header_cells {
        let start = sheet
            .find(&format!("r=\"{cell}\""))
            .unwrap_or_else(|| panic!("no cell {cell}"));
        let tag_end = start + sheet[start..].find('>').unwrap_or(0);
        assert!(
            sheet[start..tag_end].contains(" s=\""),
            "{cell} is not styled: {}",
            &sheet[start..tag_end]
        );
    }
    assert!(!sheet.contains("r=\"G1\""), "no seventh column");
    assert!(!sheet.contains("r=\"A2\""), "only the header row");
}

#[test]
fn bytes_are_deterministic() {
    for language in [None, Some(Language::EnUs), Some(Language::ZhCn)] {
        for active in [ActiveType::UserActivate, ActiveType::AdminActivate] {
            assert_eq!(
                workspace_template(language, active),
                workspace_template(language, active)
            );
        }
    }
    let bytes = workspace_template(None, ActiveType::UserActivate).bytes;
    assert!(entry(&bytes, "docProps/core.xml").contains("2026-02-10T00:00:00Z"));
    // No language is English: the same workbook.
    assert_eq!(
        workspace_template(None, ActiveType::UserActivate).bytes,
        workspace_template(Some(Language::EnUs), ActiveType::UserActivate).bytes
    );
}
