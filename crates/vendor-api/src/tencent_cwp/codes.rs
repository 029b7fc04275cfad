//! Tencent Cloud CWP error codes, as `Response.Error.Code` carries them: those the action pages
//! list and Tencent's common codes the stub answers with. Their meanings and origins are
//! documented from the list in the parent module.

/// A parameter has the wrong type or format.
pub const INVALID_PARAMETER: &str = "InvalidParameter";
/// A login-time filter value is not a valid date, or the range is reversed.
pub const INVALID_DATE_RANGE: &str = "InvalidParameter.DateRange";
/// A parameter has the right type but a value outside what is allowed.
pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";
/// A required parameter is missing.
pub const MISSING_PARAMETER: &str = "MissingParameter";
/// The request carries a parameter the action does not define.
pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";
/// `X-TC-Action` names no action of this service.
pub const INVALID_ACTION: &str = "InvalidAction";
/// `X-TC-Version` names no version of this service.
pub const NO_SUCH_VERSION: &str = "NoSuchVersion";
/// The `Authorization` header is missing or malformed.
pub const INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";
/// The signature does not match.
pub const SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";
/// `X-TC-Timestamp` is more than five minutes away from the server's clock.
pub const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";
/// The SecretId is unknown.
pub const SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";
/// The request uses a method or content type this action is not served with.
pub const UNSUPPORTED_OPERATION: &str = "UnsupportedOperation";
/// Internal error.
pub const INTERNAL_ERROR: &str = "InternalError";
/// The data could not be read or written.
pub const MAIN_DB_FAIL: &str = "InternalError.MainDBFail";
/// The named resource (an export task) does not exist, or no longer does.
pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
/// The request is larger than the service takes.
pub const REQUEST_SIZE_LIMIT_EXCEEDED: &str = "RequestSizeLimitExceeded";
/// The caller exceeded the action's call rate.
pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
/// CAM does not allow the caller this action.
pub const UNAUTHORIZED_OPERATION: &str = "UnauthorizedOperation";
/// The service is temporarily unavailable.
pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
