//! The rule table of `cargo xtask diff`: every kind of change it recognises, its class, and the
//! reason for that class. The README's table is rendered from [`Rule::ALL`], so the two cannot
//! drift.

use std::fmt;

/// How a change affects clients generated from the earlier document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Clients generated from the earlier document fail, or send requests that are now refused.
    Breaking,
    /// Clients keep working, but some (strict ones, or ones that switch on every value) may not.
    Warning,
    /// Clients generated from the earlier document keep working.
    Compatible,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Warning => "warning",
            Class::Compatible => "compatible",
        })
    }
}

/// Which way the changed part travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent by the client: narrowing breaks callers, widening does not.
    Request,
    /// Sent by the server: removing breaks readers, adding does not.
    Response,
    /// The operation as a whole, or the document's security schemes.
    Operation,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Operation => "operation",
        })
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $class:ident, $why:literal; )*) => {
        /// One kind of change between two revisions of a document.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in the order of the README's table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's name, as printed and in `--format json`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The rule's class.
            pub fn class(self) -> Class {
                match self { $(Rule::$variant => Class::$class,)* }
            }

            /// Why the rule has its class, in a few words.
            pub fn why(self) -> &'static str {
                match self { $(Rule::$variant => $why,)* }
            }
        }
    };
}

rules! {
    /// A path and method pair is gone, and so is its operation.
    OperationRemoved = "operation-removed", Breaking, "calls to it fail";
    /// A path and method pair is new.
    OperationAdded = "operation-added", Compatible, "nothing called it before";
    /// The path stays, one of its methods is gone.
    MethodRemoved = "method-removed", Breaking, "calls with that method fail";
    /// The same path and method now carry another operationId.
    OperationIdChanged = "operation-id-changed", Breaking, "generated clients name their methods after it";
    /// A documented status is gone.
    ResponseStatusRemoved = "response-status-removed", Breaking, "clients that read that status lose its type";
    /// A status is newly documented.
    ResponseStatusAdded = "response-status-added", Warning, "generated clients treat it as unexpected until regenerated";
    /// An answer's media type is gone.
    ResponseContentTypeRemoved = "response-content-type-removed", Breaking, "clients that parse it get another format";
    /// An answer has a new media type.
    ResponseContentTypeAdded = "response-content-type-added", Compatible, "the earlier one is still answered";
    /// A documented answer header is gone.
    ResponseHeaderRemoved = "response-header-removed", Breaking, "clients that read it find nothing";
    /// An answer header is newly documented.
    ResponseHeaderAdded = "response-header-added", Compatible, "clients that do not read it are unaffected";
    /// A parameter is gone; the stub refuses parameters it does not define.
    RequestParameterRemoved = "request-parameter-removed", Breaking, "clients that send it are refused";
    /// A new parameter is required.
    RequestParameterAddedRequired = "request-parameter-added-required", Breaking, "earlier clients do not send it";
    /// A new parameter is optional.
    RequestParameterAddedOptional = "request-parameter-added-optional", Compatible, "earlier clients may leave it out";
    /// An optional parameter became required.
    RequestParameterBecameRequired = "request-parameter-became-required", Breaking, "clients that leave it out are refused";
    /// A required parameter became optional.
    RequestParameterBecameOptional = "request-parameter-became-optional", Compatible, "clients that send it still may";
    /// The operation takes a body it did not take, and requires it.
    RequestBodyAddedRequired = "request-body-added-required", Breaking, "earlier clients send none";
    /// The operation takes an optional body it did not take.
    RequestBodyAddedOptional = "request-body-added-optional", Compatible, "earlier clients may send none";
    /// The operation no longer takes a body.
    RequestBodyRemoved = "request-body-removed", Breaking, "clients that send one are refused";
    /// The body became required.
    RequestBodyBecameRequired = "request-body-became-required", Breaking, "clients that send none are refused";
    /// The body became optional.
    RequestBodyBecameOptional = "request-body-became-optional", Compatible, "clients that send one still may";
    /// A media type of the request body is no longer accepted.
    RequestContentTypeRemoved = "request-content-type-removed", Breaking, "clients that send it are refused";
    /// The request body may come in a new media type.
    RequestContentTypeAdded = "request-content-type-added", Compatible, "the earlier one is still accepted";
    /// A request value's type changed to one that does not include the earlier one.
    RequestTypeChanged = "request-type-changed", Breaking, "values of the earlier type are refused";
    /// A request value's type now includes more (e.g. integer to number).
    RequestTypeWidened = "request-type-widened", Compatible, "values of the earlier type are still accepted";
    /// A request body property is gone; the stub refuses properties it does not define.
    RequestPropertyRemoved = "request-property-removed", Breaking, "clients that send it are refused";
    /// A new request body property is required.
    RequestPropertyAddedRequired = "request-property-added-required", Breaking, "earlier clients do not send it";
    /// A new request body property is optional.
    RequestPropertyAddedOptional = "request-property-added-optional", Compatible, "earlier clients may leave it out";
    /// A request body property became required.
    RequestPropertyBecameRequired = "request-property-became-required", Breaking, "clients that leave it out are refused";
    /// A request body property became optional.
    RequestPropertyBecameOptional = "request-property-became-optional", Compatible, "clients that send it still may";
    /// A lower bound (minimum, exclusiveMinimum) appeared or went up.
    RequestMinimumIncreased = "request-minimum-increased", Breaking, "values near the old bound are refused";
    /// A lower bound went down or was dropped.
    RequestMinimumDecreased = "request-minimum-decreased", Compatible, "every earlier value is still accepted";
    /// An upper bound (maximum, exclusiveMaximum) appeared or went down.
    RequestMaximumDecreased = "request-maximum-decreased", Breaking, "values near the old bound are refused";
    /// An upper bound went up or was dropped.
    RequestMaximumIncreased = "request-maximum-increased", Compatible, "every earlier value is still accepted";
    /// A minimum length or item count appeared or went up.
    RequestMinLengthIncreased = "request-min-length-increased", Breaking, "shorter values are refused";
    /// A minimum length or item count went down or was dropped.
    RequestMinLengthDecreased = "request-min-length-decreased", Compatible, "every earlier value is still accepted";
    /// A maximum length or item count appeared or went down.
    RequestMaxLengthDecreased = "request-max-length-decreased", Breaking, "longer values are refused";
    /// A maximum length or item count went up or was dropped.
    RequestMaxLengthIncreased = "request-max-length-increased", Compatible, "every earlier value is still accepted";
    /// A request value is now limited to an enum it did not have.
    RequestEnumAdded = "request-enum-added", Breaking, "values outside the list are refused";
    /// A value of a request enum is gone.
    RequestEnumValueRemoved = "request-enum-value-removed", Breaking, "clients that send it are refused";
    /// A request enum has a new value, or lost its list.
    RequestEnumValueAdded = "request-enum-value-added", Compatible, "every earlier value is still accepted";
    /// A request value has a pattern it did not have, or another one.
    RequestPatternAdded = "request-pattern-added", Breaking, "values that do not match are refused";
    /// A request value's pattern was dropped.
    RequestPatternRemoved = "request-pattern-removed", Compatible, "every earlier value is still accepted";
    /// A request value has a format it did not have, or another one.
    RequestFormatAdded = "request-format-added", Breaking, "values not in that format are refused";
    /// A request value's format was dropped.
    RequestFormatRemoved = "request-format-removed", Compatible, "every earlier value is still accepted";
    /// A request value may no longer be null.
    RequestBecameNonNullable = "request-became-non-nullable", Breaking, "clients that send null are refused";
    /// A request value may now be null.
    RequestBecameNullable = "request-became-nullable", Compatible, "every earlier value is still accepted";
    /// A request value's default changed, appeared or was dropped.
    RequestDefaultChanged = "request-default-changed", Warning, "clients that leave the value out get another behaviour";
    /// An alternative (oneOf, anyOf) of a request value is gone.
    RequestVariantRemoved = "request-variant-removed", Breaking, "clients that send it are refused";
    /// A request value has a new alternative.
    RequestVariantAdded = "request-variant-added", Compatible, "every earlier value is still accepted";
    /// A response value's type changed to one outside the earlier one.
    ResponseTypeChanged = "response-type-changed", Breaking, "clients parse the earlier type";
    /// A response value's type now says less (e.g. number to integer).
    ResponseTypeNarrowed = "response-type-narrowed", Compatible, "every new value parses as the earlier type";
    /// A response property is gone.
    ResponsePropertyRemoved = "response-property-removed", Breaking, "clients that read it find nothing";
    /// A required response property became optional.
    ResponsePropertyBecameOptional = "response-property-became-optional", Breaking, "clients that expect it fail when it is absent";
    /// A response value may now be null.
    ResponseBecameNullable = "response-became-nullable", Breaking, "clients with a non-null type fail on null";
    /// A response property is new. Strict clients (deny unknown fields) must be regenerated.
    ResponsePropertyAdded = "response-property-added", Compatible, "lenient clients ignore it; strict ones must be regenerated";
    /// An optional response property became required.
    ResponsePropertyBecameRequired = "response-property-became-required", Compatible, "it is answered at least as often";
    /// A response value may no longer be null.
    ResponseBecameNonNullable = "response-became-non-nullable", Compatible, "clients that accept null also accept values";
    /// A response enum has a new value.
    ResponseEnumValueAdded = "response-enum-value-added", Warning, "clients that switch on every value meet one they do not know";
    /// A value of a response enum is gone.
    ResponseEnumValueRemoved = "response-enum-value-removed", Compatible, "clients still know every value answered";
    /// A response value's format changed, e.g. int32 to int64.
    ResponseFormatChanged = "response-format-changed", Breaking, "clients may have chosen a narrower type";
    /// A response value's bounds, lengths or pattern allow more than before.
    ResponseConstraintWidened = "response-constraint-widened", Warning, "clients that validate answers may refuse new values";
    /// A response value's bounds, lengths or pattern allow less than before.
    ResponseConstraintNarrowed = "response-constraint-narrowed", Compatible, "every new value was valid before";
    /// A response value has a new alternative (oneOf, anyOf).
    ResponseVariantAdded = "response-variant-added", Breaking, "clients cannot parse the new alternative";
    /// An alternative of a response value is gone.
    ResponseVariantRemoved = "response-variant-removed", Compatible, "clients still parse every alternative answered";
    /// A response value's default changed; it describes what the server fills in.
    ResponseDefaultChanged = "response-default-changed", Compatible, "a default in an answer changes no parsing";
    /// A keyword the rules do not classify (e.g. an `if`/`then` condition) changed.
    SchemaChangedUnclassified = "schema-changed-unclassified", Warning, "the tool cannot tell which way it goes; review it";
    /// A security scheme of the document is gone.
    SecuritySchemeRemoved = "security-scheme-removed", Breaking, "clients that use it cannot authenticate";
    /// A security scheme's type, location, name or scheme changed.
    SecuritySchemeChanged = "security-scheme-changed", Breaking, "clients send credentials in the earlier form";
    /// The document has a new security scheme.
    SecuritySchemeAdded = "security-scheme-added", Compatible, "no operation is affected by that alone";
    /// An operation no longer accepts one of its ways to authenticate, or now requires one.
    SecurityRequirementRemoved = "security-requirement-removed", Breaking, "clients using that way are refused";
    /// An operation accepts a new way to authenticate.
    SecurityRequirementAdded = "security-requirement-added", Compatible, "the earlier ways still work";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The rule table as Markdown, as the README shows it.
pub fn markdown_table() -> String {
    let mut out = String::from("| Rule | Class | Why |\n|---|---|---|\n");
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.name(),
            rule.class(),
            rule.why()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_shows_the_rule_table() {
        let readme = std::fs::read_to_string(crate::workspace_root().join("README.md"))
            .expect("README.md is readable");
        let begin = readme
            .find("<!-- diff-rules:begin")
            .and_then(|i| readme[i..].find('\n').map(|n| i + n + 1))
            .expect("README.md has the diff-rules:begin marker");
        let end = readme
            .find("<!-- diff-rules:end -->")
            .expect("README.md has the end marker");
        assert_eq!(
            &readme[begin..end],
            super::markdown_table(),
            "README.md's rule table is stale: paste `cargo xtask diff --rules` between the markers"
        );
    }
}
