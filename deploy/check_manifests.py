"""Validates deploy/k8s without a cluster: assembles the manifests as `kubectl apply -k` would
(the resources listed in kustomization.yaml, in order) and checks every object against the
Kubernetes JSON schemas that kubernetes-validate ships, strictly (unknown fields fail).

    target/venv-lint/bin/python deploy/check_manifests.py

Exit status 0 only when every object is valid and every manifest in the folder is listed.
"""

from __future__ import annotations

import pathlib
import sys

import kubernetes_validate
import yaml

K8S = pathlib.Path(__file__).resolve().parent / "k8s"
# The Kubernetes release the manifests target (deploy/k8s/README.md).
KUBERNETES_VERSION = "1.37"


def main() -> int:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text("utf-8"))
    resources = kustomization.get("resources") or []
    unlisted = sorted(
        p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml" and p.name not in resources
    )
    failed = 0
    if unlisted:
        print(f"not in kustomization.yaml, so never applied: {unlisted}")
        failed += len(unlisted)
    checked = 0
    for resource in resources:
        for document in yaml.safe_load_all((K8S / resource).read_text("utf-8")):
            if document is None:
                continue
            checked += 1
            label = f"{resource}: {document.get('kind')}/{document.get('metadata', {}).get('name')}"
            try:
                kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                failed += 1
                print(f"{label}: INVALID against Kubernetes {KUBERNETES_VERSION}: {error.message}")
            except kubernetes_validate.SchemaNotFoundError as error:
                failed += 1
                print(f"{label}: no schema for it in Kubernetes {KUBERNETES_VERSION}: {error}")
            else:
                print(f"{label}: valid against Kubernetes {KUBERNETES_VERSION}")
    if checked == 0:
        print("no Kubernetes objects found")
        failed += 1
    print(f"manifests: {checked - min(failed, checked)} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
