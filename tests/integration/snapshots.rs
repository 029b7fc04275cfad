//! Snapshots of the four canonical documents, so that any change to what the annotated types
//! produce shows up as a reviewable diff (`cargo insta review`, or `INSTA_UPDATE=always`).

use vendor_api::Service;

/// Snapshot files are reviewed, never rewritten into agreement by CI: with `CI` set, the
/// variables that make insta write or pass regardless are refused.
fn refuse_rewrites_in_ci() {
    if std::env::var_os("CI").is_none() {
        return;
    }
    // In CI insta's `auto` writes nothing, as `no`; everything else writes or passes.
    for (variable, harmless) in [
        ("INSTA_UPDATE", &["", "no", "auto"][..]),
        ("INSTA_FORCE_PASS", &["", "0"][..]),
    ] {
        let value = std::env::var(variable).unwrap_or_default();
        assert!(
            harmless.contains(&value.as_str()),
            "{variable}={value} is set in CI: snapshots are checked there, never rewritten"
        );
    }
}

fn snapshot(service: Service) {
    refuse_rewrites_in_ci();
    insta::assert_json_snapshot!(service.name(), service.document());
    insta::assert_json_snapshot!(
        format!("{}.3.0", service.name()),
        xtask::openapi30::to_openapi_30(&service.document())
    );
}

/// One test per service, so that a failure names its document.
macro_rules! snapshot_tests {
    ($($test:ident => $service:ident),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                snapshot(Service::$service);
            }
        )*
    };
}

snapshot_tests! {
    huawei_workspace => HuaweiWorkspace,
    tencent_cwp => TencentCwp,
    enos_app_portal => EnosAppPortal,
    huawei_codearts_repo => HuaweiCodeartsRepo,
}

#[test]
fn every_service_has_a_snapshot_test() {
    let covered = [
        Service::HuaweiWorkspace,
        Service::TencentCwp,
        Service::EnosAppPortal,
        Service::HuaweiCodeartsRepo,
    ];
    for service in Service::ALL {
        assert!(
            covered.contains(&service),
            "{} has no snapshot test in snapshots.rs",
            service.name()
        );
    }
}

#[test]
fn stub_fixture_schema() {
    refuse_rewrites_in_ci();
    insta::assert_json_snapshot!("stub-fixtures.schema", stub_data::fixture_schema());
}

#[test]
fn stub_documents() {
    refuse_rewrites_in_ci();
    for stub in vendor_api::document::StubDocument::ALL {
        insta::assert_json_snapshot!(format!("stub-{}", stub.name()), stub.document());
    }
}
