//! How credentials are checked: present in the vendor's form (the default), or also genuine
//! (`--auth verify`, with the `vendor-signatures` crate), at the time a [`Clock`] gives.

use std::sync::Arc;
use std::time::SystemTime;

use axum::http::request::Parts;
use vendor_api::Service;
use vendor_signatures::{Credentials, SignedRequest};

use super::rules::Vendor;
use crate::failure::Failure;

/// How credentials are checked.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// Credentials must be present in the vendor's form; nothing is verified (the default).
    #[default]
    Presence,
    /// Signatures are verified against these keys, at the time `clock` gives.
    Verify {
        /// The accepted keys.
        credentials: Arc<Credentials>,
        /// The verifier's idea of now.
        clock: Clock,
    },
}

/// Where the signature checks take the current time from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed time, for checking recorded requests whose timestamps lie in the past.
    Fixed(SystemTime),
}

impl Clock {
    /// The current time.
    pub fn now(self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(time) => time,
        }
    }
}

/// Whether the request carries the credentials the vendor requires and, in verify mode,
/// whether they are genuine.
pub fn authenticate(
    service: Service,
    vendor: &dyn Vendor,
    parts: &Parts,
    body: &[u8],
    auth: &Auth,
) -> Result<(), Failure> {
    vendor.require_credentials(&parts.headers)?;
    let Auth::Verify { credentials, clock } = auth else {
        return Ok(());
    };
    let request = SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body,
    };
    match vendor.verify(&request, credentials, clock.now()) {
        Ok(v) => {
            tracing::debug!(service = service.name(), key = ?v.key_id, "credentials verified");
            Ok(())
        }
        Err(rejection) => {
            tracing::info!(service = service.name(), %rejection, "credentials refused");
            Err(Failure::Rejected(rejection))
        }
    }
}
