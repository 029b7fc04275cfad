//! Which vendor a request that matches no route was meant for, so that even a stray request
//! is answered in a vendor's envelope: judged from the vendors' own header marks
//! ([`Vendor::recognises`](super::Vendor::recognises)) and from the routes of the documents,
//! both read once at start-up.

use axum::http::HeaderMap;
use vendor_api::Service;

use super::rules::Recognition;
use super::vendor;
use crate::contract::Contracts;

/// The vendor of a request nothing else claims: the first document's.
const DEFAULT: Service = Service::HuaweiWorkspace;

/// The route prefixes of the documents, by vendor.
#[derive(Debug)]
pub struct Recogniser {
    /// The fixed beginning of each served route (up to its first parameter, when that is at
    /// least two segments long), with the vendor that serves it.
    owners: Vec<(String, Service)>,
    /// The first segment (`/v4/`) of each vendor document's routes.
    segments: Vec<(String, Service)>,
}

impl Recogniser {
    /// The prefixes of the compiled documents.
    pub fn new(contracts: &Contracts) -> Recogniser {
        let owners = contracts
            .operations
            .iter()
            .filter_map(|op| {
                let prefix = op.route.split('{').next().unwrap_or("");
                (prefix.matches('/').count() >= 3).then(|| (prefix.to_owned(), op.service))
            })
            .collect();
        let mut segments: Vec<(String, Service)> = Vec::new();
        for (service, document) in &contracts.documents {
            let paths = document["paths"].as_object().into_iter().flatten();
            for path in paths.map(|(path, _)| path) {
                let first = path.strip_prefix('/').and_then(|p| p.split_once('/'));
                let Some(segment) = first.map(|(segment, _)| segment) else {
                    continue;
                };
                if !segment.is_empty() && !segment.contains(['{', '#']) {
                    let prefix = format!("/{segment}/");
                    if !segments.contains(&(prefix.clone(), *service)) {
                        segments.push((prefix, *service));
                    }
                }
            }
        }
        Recogniser { owners, segments }
    }

    /// The vendor the request was meant for, and whether its path lies under a served route.
    /// In order: headers that decide whatever the path (Tencent's action), a served route's
    /// fixed prefix (such as the stub's own download URLs), headers that only mark a vendor,
    /// the first segment of the vendors' routes, and finally [`DEFAULT`].
    pub fn service(&self, path: &str, headers: &HeaderMap) -> (Service, bool) {
        let by_headers = |when: Recognition| {
            Service::ALL
                .into_iter()
                .find(|s| vendor(*s).recognises(headers) == when)
        };
        if let Some(service) = by_headers(Recognition::BeforeRoutes) {
            return (service, false);
        }
        let owner = self
            .owners
            .iter()
            .filter(|(prefix, _)| path.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len());
        if let Some((_, service)) = owner {
            return (*service, true);
        }
        let service = by_headers(Recognition::AfterRoutes)
            .or_else(|| {
                self.segments
                    .iter()
                    .find(|(prefix, _)| path.starts_with(prefix.as_str()))
                    .map(|(_, service)| *service)
            })
            .unwrap_or(DEFAULT);
        (service, false)
    }
}
