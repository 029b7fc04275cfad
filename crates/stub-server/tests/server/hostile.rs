//! Hostile input: for every served operation, at least 100 malformed requests generated from
//! its document (wrong types, values out of range, integers past 2^31 and 2^63, invalid
//! JSON, invalid UTF-8 and percent-encoding tricks, repeated and unknown parameters, wrong
//! content types, undocumented methods, the `%7Bproject_id%7D` placeholder, oversized parts,
//! bad credentials and `Prefer` values), each of which must be answered with a documented
//! client error in the vendor's envelope: never a 5xx, a plain-text or empty body, or a hang.
//!
//! The second half runs the stub on a real socket for what only a connection can show
//! (trickling clients, oversized heads), and checks the limits and the fault injection of
//! README.md ("Limits" and "Fault injection"): concurrency and rate limits, `Prefer`,
//! `--latency`, `--error-rate`, and a panicking handler.

mod cases;
mod judge;
mod limits;
mod requests;
mod socket;
mod values;

use stub_server::Config;
use stub_server::contract::Contracts;

use cases::cases;
use judge::check_client_error;
use requests::{Target, target};

use crate::support::{app_with, send_bounded};

#[tokio::test]
async fn every_operation_answers_at_least_100_malformed_requests_with_documented_client_errors() {
    let contracts = Contracts::load().expect("the documents compile");
    let app = app_with(Config::default());
    let mut problems = Vec::new();
    let mut total = 0;
    for op in &contracts.operations {
        let Target { declared, base, .. } = target(&op.operation_id);
        let declared = declared.object;
        let base_answer =
            send_bounded(app.clone(), base.build().expect("the baseline is HTTP")).await;
        // When the baseline fails as "not found", strange but valid strings fail the same way
        // and belong to the test; when it succeeds, only surely invalid requests do.
        let baseline_fails = check_client_error(op.service, declared, &base_answer).is_ok();
        let mut tried = 0;
        for case in cases(op, &contracts) {
            if !case.sure && !baseline_fails {
                continue;
            }
            let Some(request) = case.spec.build() else {
                continue;
            };
            let answer = send_bounded(app.clone(), request).await;
            tried += 1;
            if let Err(why) = check_client_error(op.service, declared, &answer) {
                problems.push(format!("{} {}: {why}", op.operation_id, case.label));
            }
        }
        println!("{}: {tried} malformed requests", op.operation_id);
        assert!(
            tried >= 100,
            "{}: only {tried} malformed requests",
            op.operation_id
        );
        total += tried;
    }
    println!("hostile requests tried: {total}");
    assert!(
        problems.is_empty(),
        "{} answers were not documented client errors:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
