//! The Excel workbooks that several vendors' operations answer with: their content type and
//! their schema, declared once for every document that serves such a file.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

/// Content type of an `.xlsx` workbook.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An Excel workbook, as raw bytes.
#[derive(Debug)]
pub struct XlsxFile;

impl PartialSchema for XlsxFile {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .content_media_type(XLSX_CONTENT_TYPE)
            .into()
    }
}

impl ToSchema for XlsxFile {}
