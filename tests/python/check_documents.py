"""Checks every published document with the Python OpenAPI tooling.

For each openapi/<name>.json and its YAML twin: openapi-spec-validator accepts it, and the YAML
twin, read by PyYAML (a YAML 1.1 reader, like many in the ecosystem), holds exactly the same
value as the JSON. Exits non-zero on the first failure class, after reporting every file.
"""

import json
import pathlib
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> int:
    documents = sorted((ROOT / "openapi").glob("**/*.json"))
    documents = [d for d in documents if not d.name.endswith(".schema.json")]
    if not documents:
        print("no documents found under openapi/", file=sys.stderr)
        return 1
    failures = 0
    for json_path in documents:
        for path in (json_path, json_path.with_suffix(".yaml")):
            if not path.exists():
                continue
            rel = path.relative_to(ROOT)
            try:
                spec, _ = read_from_filename(str(path))
                validate(spec)
                print(f"valid      {rel}")
            except Exception as error:  # noqa: BLE001 (report every document, then fail)
                failures += 1
                print(f"INVALID    {rel}: {error}", file=sys.stderr)
        yaml_path = json_path.with_suffix(".yaml")
        if yaml_path.exists():
            same = yaml.safe_load(yaml_path.read_text("utf-8")) == json.loads(json_path.read_text("utf-8"))
            print(f"{'same' if same else 'DIFFERENT':<10} {yaml_path.relative_to(ROOT)} vs its JSON twin")
            failures += 0 if same else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
