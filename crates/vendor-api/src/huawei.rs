//! What the two Huawei Cloud services share: how callers authenticate, the `X-Request-Id`
//! header on every answer, and the builder for the documented error statuses.

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, OpenApi, RefOr, ResponseBuilder, example::ExampleBuilder, response::Response,
};
use utoipa::{PartialSchema, ToSchema};

use crate::error_codes::{ErrorCode, Origin};

/// Name of the security scheme for IAM token authentication (`X-Auth-Token`).
pub const TOKEN_SCHEME: &str = "iam_token";
/// Name of the security scheme for AK/SK request signing (`SDK-HMAC-SHA256`).
pub const AKSK_SCHEME: &str = "aksk_signature";
/// Response header that carries the request id the Huawei SDKs report in their exceptions.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// API Gateway's codes, which both Huawei services answer for what the gateway refuses before
/// the service sees the request.
pub mod gateway {
    /// A request the gateway cannot take (400 "API request error", 413 "Request entity too
    /// large"); also used for over-long URIs (414) and header sections (431).
    pub const REQUEST_ERROR: &str = "APIGW.0201";
    /// Throttling (429). Not confirmed by the research (DECISIONS.md).
    pub const THROTTLED: &str = "APIGW.0308";
    /// IAM credentials the gateway refuses, AK/SK signatures that fail included.
    pub const BAD_CREDENTIALS: &str = "APIGW.0301";
    /// A path that matches no published API.
    pub const NO_API: &str = "APIGW.0101";
}

/// The gateway's codes as documented in both Huawei documents.
pub const GATEWAY_CODES: &[ErrorCode] = &[
    ErrorCode::text(
        gateway::BAD_CREDENTIALS,
        "401: no token or signature, or one API Gateway cannot use or verify",
        Origin::Common,
    ),
    ErrorCode::text(
        gateway::REQUEST_ERROR,
        "413, 414, 431: the body, the URI or the header section is too large",
        Origin::Common,
    ),
    ErrorCode::text(
        gateway::THROTTLED,
        "429: the throttling threshold was reached (the research could not confirm this code)",
        Origin::Common,
    ),
];

/// One documented error status: HTTP status, what it means, and an example body.
#[derive(Debug, Clone, Copy)]
pub struct ErrorStatus {
    /// HTTP status code.
    pub status: u16,
    /// When the service answers with this status, in our own words.
    pub description: &'static str,
    /// `error_code` of the example body.
    pub example_code: &'static str,
    /// `error_msg` of the example body.
    pub example_msg: &'static str,
}

/// Builds the error responses of one operation from its documented statuses, each with the
/// service's error body `B` and an example.
pub fn error_responses<B: ToSchema>(statuses: &[ErrorStatus]) -> BTreeMap<String, RefOr<Response>> {
    statuses
        .iter()
        .map(|s| {
            let example = serde_json::json!({
                "error_code": s.example_code,
                "error_msg": s.example_msg,
            });
            let content = ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    B::name(),
                ))))
                .examples_from_iter([(
                    s.example_code,
                    ExampleBuilder::new().value(Some(example)).build(),
                )])
                .build();
            let response = ResponseBuilder::new()
                .description(s.description)
                .content("application/json", content)
                .build();
            (s.status.to_string(), RefOr::T(response))
        })
        .collect()
}

/// Adds what every Huawei document carries: both authentication schemes, and the
/// `X-Request-Id` header on every response.
pub fn add_common(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        TOKEN_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Auth-Token",
            "An IAM user token. Obtain it from IAM `POST /v3/auth/tokens`: the token is the \
             `X-Subject-Token` response header and is valid for 24 hours. Use a project-scoped \
             token for project-scoped services.",
        ))),
    );
    components.add_security_scheme(
        AKSK_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "Authorization",
            "AK/SK request signing, as the Huawei Cloud SDKs do by default. The value is \
             `SDK-HMAC-SHA256 Access={AK}, SignedHeaders={h1;h2;...}, Signature={hex}`, where the \
             signature is the lowercase hex HMAC-SHA256, keyed with the SK, of \
             `SDK-HMAC-SHA256\\n{X-Sdk-Date}\\n{hex SHA-256 of the canonical request}`. The request \
             must also carry `X-Sdk-Date` (UTC, `YYYYMMDDTHHMMSSZ`), which must be signed, and \
             `X-Security-Token` when the AK/SK is temporary.",
        ))),
    );

    let request_id = HeaderBuilder::new()
        .schema(Some(String::schema()))
        .description(Some(
            "Identifier of this request, quoted by the SDKs in their exceptions; give it to support.",
        ))
        .build();
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post].into_iter().flatten() {
            for response in op.responses.responses.values_mut() {
                if let RefOr::T(response) = response {
                    response
                        .headers
                        .insert(REQUEST_ID_HEADER.to_owned(), RefOr::T(request_id.clone()));
                }
            }
        }
    }
}

/// A region-qualified host pattern, such as `workspace.{region}.myhuaweicloud.com`, and the
/// regions it serves.
pub fn regional_server(
    host_pattern: &str,
    description: &str,
    regions: &[&str],
    default_region: &str,
) -> utoipa::openapi::Server {
    use utoipa::openapi::server::{ServerBuilder, ServerVariableBuilder};
    ServerBuilder::new()
        .url(format!("https://{host_pattern}"))
        .description(Some(description))
        .parameter(
            "region",
            ServerVariableBuilder::new()
                .default_value(default_region)
                .description(Some(
                    "Region ID; the project and the host must be in the same region.",
                ))
                .enum_values(Some(regions.iter().copied())),
        )
        .build()
}
