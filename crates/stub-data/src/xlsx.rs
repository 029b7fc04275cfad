//! The exported workbooks: one sheet, a bold frozen heading row, then one row per record.
//! The workbook's creation time is the task's, so the same task id gives the same bytes on
//! every replica.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::time::civil_from_days;

/// Longest text a cell holds (Excel's limit); longer dataset text is cut there.
const MAX_CELL_CHARS: usize = 32_767;

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Text, written as a string cell.
    Text(String),
    /// A small integer (a code or a count), written as a number cell.
    Number(f64),
    /// No value: the cell is left empty.
    Empty,
}

/// A sheet to write: its name, the document title, the headings and the rows.
#[derive(Debug)]
pub(crate) struct Sheet<'a> {
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) headings: &'a [&'a str],
    pub(crate) rows: Vec<Vec<Cell>>,
    /// The workbook's creation time, in milliseconds since the Unix epoch (UTC).
    pub(crate) created_ms: i64,
}

/// The `.xlsx` bytes of `sheet`.
///
/// # Errors
///
/// The writer's error, which the stub answers as an internal error: it cannot happen for
/// names and headings the stub chooses and rows of at most a million records.
pub(crate) fn write(sheet: &Sheet<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(sheet.title)
            .set_creation_datetime(&excel_time(sheet.created_ms)?),
    );
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet.name)?;
    let bold = Format::new().set_bold();
    for (column, heading) in (0_u16..).zip(sheet.headings) {
        worksheet.write_string_with_format(0, column, *heading, &bold)?;
        worksheet.set_column_width(column, 20)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    for (row, cells) in (1_u32..).zip(&sheet.rows) {
        for (column, cell) in (0_u16..).zip(cells) {
            match cell {
                Cell::Text(text) if text.chars().count() > MAX_CELL_CHARS => {
                    let cut: String = text.chars().take(MAX_CELL_CHARS).collect();
                    worksheet.write_string(row, column, cut)?;
                }
                Cell::Text(text) => {
                    worksheet.write_string(row, column, text)?;
                }
                Cell::Number(number) => {
                    worksheet.write_number(row, column, *number)?;
                }
                Cell::Empty => {}
            }
        }
    }
    workbook.save_to_buffer()
}

/// UTC milliseconds as the workbook's creation time (whole seconds). Excel dates end with the
/// year 9999; a later time (a task id holds times up to the year 10889) is written as its end.
fn excel_time(ms: i64) -> Result<ExcelDateTime, XlsxError> {
    let seconds = ms.div_euclid(1000);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let t = seconds.rem_euclid(86_400);
    let (year, month, day, t) = match u16::try_from(year) {
        Ok(year) if (1900..=9999).contains(&year) => (year, month, day, t),
        _ => (9999, 12, 31, 86_399),
    };
    ExcelDateTime::from_ymd(year, month as u8, day as u8)?.and_hms(
        (t / 3600) as u16,
        (t / 60 % 60) as u8,
        (t % 60) as u8,
    )
}
