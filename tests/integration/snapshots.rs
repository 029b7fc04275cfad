//! Snapshots of the four canonical documents, so that any change to what the annotated types
//! produce shows up as a reviewable diff (`cargo insta review`, or `INSTA_UPDATE=always`).

use vendor_api::Service;

fn snapshot(service: Service) {
    insta::assert_json_snapshot!(service.name(), service.document());
    insta::assert_json_snapshot!(format!("{}.3.0", service.name()), service.document_30());
}

#[test]
fn huawei_workspace() {
    snapshot(Service::HuaweiWorkspace);
}

#[test]
fn tencent_cwp() {
    snapshot(Service::TencentCwp);
}

#[test]
fn enos_app_portal() {
    snapshot(Service::EnosAppPortal);
}

#[test]
fn huawei_codearts_repo() {
    snapshot(Service::HuaweiCodeartsRepo);
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
    insta::assert_json_snapshot!("stub-fixtures.schema", stub_data::fixture_schema());
}

#[test]
fn stub_documents() {
    for stub in vendor_api::document::StubDocument::ALL {
        insta::assert_json_snapshot!(format!("stub-{}", stub.name()), stub.document());
    }
}
