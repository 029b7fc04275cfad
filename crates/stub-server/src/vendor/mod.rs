//! Each vendor's rules in one home: [`vendor`] gives the [`Vendor`] of a service, and each
//! vendor's module (`huawei`, `tencent`, `enos`) implements it once, from credential checks to
//! the error envelope.

pub mod auth;
pub mod enos;
pub mod huawei;
pub mod recognise;
pub mod rules;
pub mod tencent;

use axum::response::Response;
use vendor_api::Service;

pub use auth::{Auth, Clock, authenticate};
pub use rules::{Outgoing, Recognition, Vendor};

use crate::failure::Failure;

/// The rules of a service's vendor.
pub fn vendor(service: Service) -> &'static dyn Vendor {
    match service {
        Service::HuaweiWorkspace => &huawei::WORKSPACE,
        Service::HuaweiCodeartsRepo => &huawei::CODEARTS,
        Service::TencentCwp => &tencent::TENCENT,
        Service::EnosAppPortal => &enos::ENOS,
    }
}

/// A failure in the envelope of `service`'s vendor. An internal failure is logged here, with
/// its detail, which the answer never carries.
pub fn render(service: Service, failure: &Failure, request_id: &str) -> Response {
    if let Failure::Internal(detail) = failure {
        tracing::error!(
            request_id,
            service = service.name(),
            detail,
            "internal error"
        );
    }
    vendor(service).envelope(failure, request_id)
}
