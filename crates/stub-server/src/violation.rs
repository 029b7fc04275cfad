//! What is wrong with a request, as typed values: where ([`Location`]), which name, and what
//! ([`Problem`], with the failed schema [`Keyword`]). The contract produces them; each vendor's
//! module renders them in its own codes.

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The JSON request body.
    Body,
}

impl Location {
    pub(crate) fn parse(s: &str) -> Option<Location> {
        match s {
            "path" => Some(Location::Path),
            "query" => Some(Location::Query),
            "header" => Some(Location::Header),
            _ => None,
        }
    }

    /// How messages name the location, e.g. "query parameter".
    pub fn noun(self) -> &'static str {
        match self {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Body => "body field",
        }
    }
}

/// The JSON Schema keyword a value failed, carried as a value so that each vendor's code table
/// can match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `maximum`.
    Maximum,
    /// `minimum`.
    Minimum,
    /// `exclusiveMaximum`.
    ExclusiveMaximum,
    /// `exclusiveMinimum`.
    ExclusiveMinimum,
    /// `maxLength`.
    MaxLength,
    /// `minLength`.
    MinLength,
    /// `maxItems`.
    MaxItems,
    /// `minItems`.
    MinItems,
    /// `enum`.
    Enum,
    /// `const`.
    Const,
    /// `pattern`.
    Pattern,
    /// `format`.
    Format,
    /// Any other keyword of the schema.
    Other,
}

/// What is wrong with one part of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required parameter or field is absent.
    Missing,
    /// The request carries a parameter or field the operation does not define.
    Unknown,
    /// The value cannot be read as the documented type.
    WrongType {
        /// The documented type, e.g. "an integer".
        expected: String,
    },
    /// The value has the right type but breaks a documented constraint.
    Invalid {
        /// Which constraint, in words, e.g. "must be at most 100".
        rule: String,
        /// The schema keyword that failed.
        keyword: Keyword,
    },
    /// A single-valued parameter is given more than once.
    Repeated,
}

/// One failed check: where, which name, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where the offending value travels.
    pub location: Location,
    /// Parameter name, or the dotted path of a body field (`Filters.0.Values`).
    pub name: String,
    /// What is wrong.
    pub problem: Problem,
    /// The offending value as received, shortened, when there is one.
    pub value: Option<String>,
}

impl Violation {
    /// A sentence a client can act on.
    pub fn message(&self) -> String {
        let what = if self.location == Location::Body && self.name == WHOLE_BODY {
            "request body".to_owned()
        } else {
            format!("{} '{}'", self.location.noun(), self.name)
        };
        let got = self
            .value
            .as_deref()
            .map(|v| format!(" (got {v})"))
            .unwrap_or_default();
        match &self.problem {
            Problem::Missing => format!("The required {what} is missing."),
            Problem::Unknown if self.location == Location::Body && self.name == WHOLE_BODY => {
                "This operation takes no request body.".to_owned()
            }
            Problem::Unknown => format!("The {what} is not defined for this operation."),
            Problem::WrongType { expected } => format!("The {what} must be {expected}{got}."),
            Problem::Invalid { rule, .. } => format!("The {what} {rule}{got}."),
            Problem::Repeated => format!("The {what} is given more than once; it takes one value."),
        }
    }
}

/// The name a [`Violation`] gives the body as a whole.
pub const WHOLE_BODY: &str = "body";
