//! The sheet names, titles and column headings of the exported workbooks, per vendor and
//! language, read from `data/export-headings.json`.
//!
//! They are vendor facts (DECISIONS.md, "Export tasks") that the Rust, Python and TypeScript
//! suites all check, so they are written once, in that data file, and every reader takes them
//! from there rather than keeping its own copy.

use std::sync::LazyLock;

use serde::Deserialize;
use vendor_api::tencent_cwp::TcLanguage;
use vendor_api::workspace::Language;

/// The data file, compiled in: the stub needs no file at run time.
const DATA: &str = include_str!("../data/export-headings.json");

/// What one exported workbook is headed with.
#[derive(Debug, Deserialize)]
struct Heads<'a> {
    /// Name of the only sheet.
    sheet: &'a str,
    /// The workbook's document title.
    title: &'a str,
    /// The column headings, in column order.
    #[serde(borrow)]
    headings: Vec<&'a str>,
}

/// Both languages of one vendor's files. The data file keys them `en` and `zh`: each vendor
/// spells its language codes its own way (`en_US`, `en-US`), and vendor-api already says how.
#[derive(Debug, Deserialize)]
struct Languages<'a> {
    #[serde(borrow)]
    en: Heads<'a>,
    #[serde(borrow)]
    zh: Heads<'a>,
}

/// The whole data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportHeadings<'a> {
    #[serde(rename = "huawei-workspace", borrow)]
    workspace: Languages<'a>,
    #[serde(rename = "tencent-cwp", borrow)]
    tencent: Languages<'a>,
}

/// Parsed on first use. The file is part of the source, not input: the unit test below
/// parses it, so a broken file fails the build's tests rather than a request.
static HEADINGS: LazyLock<ExportHeadings<'static>> = LazyLock::new(|| {
    serde_json::from_str(DATA).expect("data/export-headings.json matches ExportHeadings")
});

/// Sheet name, title and column headings, as [`crate::xlsx::Sheet`] takes them.
pub(crate) type SheetHeads = (&'static str, &'static str, &'static [&'static str]);

impl Heads<'static> {
    fn parts(&'static self) -> SheetHeads {
        (self.sheet, self.title, &self.headings)
    }
}

/// Sheet name, title and column headings of an exported Workspace user list.
pub fn workspace(language: Language) -> SheetHeads {
    let heads = &HEADINGS.workspace;
    match language {
        Language::EnUs => heads.en.parts(),
        Language::ZhCn => heads.zh.parts(),
    }
}

/// Sheet name, title and column headings of an exported Tencent account list.
pub fn tencent(language: TcLanguage) -> SheetHeads {
    let heads = &HEADINGS.tencent;
    match language {
        TcLanguage::EnUs => heads.en.parts(),
        TcLanguage::ZhCn => heads.zh.parts(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file parses, and both languages of a vendor head the same number of columns (the
    /// rows do not depend on the language).
    #[test]
    fn the_data_file_parses_and_languages_agree() {
        let workspace = [workspace(Language::EnUs), workspace(Language::ZhCn)];
        let tencent = [tencent(TcLanguage::EnUs), tencent(TcLanguage::ZhCn)];
        assert_eq!(workspace.map(|(_, _, h)| h.len()), [6, 6]);
        assert_eq!(tencent.map(|(_, _, h)| h.len()), [19, 19]);
    }
}
