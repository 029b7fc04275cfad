"""Reads the vendors' Python SDK models of the documented operations, for `cargo xtask vendor-drift`.

Input (stdin): a JSON list of {"document": ..., "operation": ...}.
Output (stdout): a JSON object:
  {"sdks": {package: version},
   "operations": [{"document", "operation", "sdk",
                   "request": Model | null, "response": Model | null, "why": text | null}],
   "models": {name: Model}}
where a Model is {"name", "fields": [{"name", "wire", "type", "required"}]}.

- `wire` is the name on the wire (Huawei `attribute_map`, Tencent's property name).
- `type` is the SDK's own spelling, normalised to: str, int, float, bool, object,
  list[T], or a model name.
- `required` is true or false where the SDK says (Huawei request models assign required
  fields unconditionally in __init__); null where it does not say (Tencent, and every Huawei
  response model, whose fields are all optional).

An operation whose vendor has no SDK models gets request and response null and a reason.
"""

import importlib
import importlib.metadata
import inspect
import json
import re
import sys

# Where each document's SDK keeps its models, and the package whose version is reported.
SDKS = {
    "huawei-workspace": ("huaweicloudsdkworkspace", "huaweicloudsdkworkspace.v2.model"),
    "huawei-codearts-repo": ("huaweicloudsdkcodeartsrepo", "huaweicloudsdkcodeartsrepo.v4.model"),
    "tencent-cwp": ("tencentcloud-sdk-python-cwp", "tencentcloud.cwp.v20180228.models"),
}

NO_MODELS = {
    "enos-app-portal": (
        "enos-poseidon has no models: poseidon.urlopen takes the request as a dict and "
        "returns the parsed JSON, so there are no fields to compare"
    ),
}

SCALARS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "object": "object",
           "datetime": "str", "date": "str", "dict(str, str)": "object", "dict": "object"}


def normalise(text: str) -> str:
    text = text.strip()
    for prefix in ("list[", "list of "):
        if text.startswith(prefix):
            inner = text[len(prefix):].rstrip("]") if prefix == "list[" else text[len(prefix):]
            return f"list[{normalise(inner)}]"
    return SCALARS.get(text, text)


def huawei_required(cls) -> set[str]:
    """Fields __init__ assigns without an `if x is not None` guard: the SDK's required ones."""
    try:
        source = inspect.getsource(cls.__init__)
    except (OSError, TypeError):
        return set()
    guarded = set(re.findall(r"if (\w+) is not None:\s*\n\s*self\.\1 = \1", source))
    assigned = set(re.findall(r"^\s*self\.(\w+) = \1\s*$", source, re.MULTILINE))
    return assigned - guarded


def huawei_model(cls, response: bool) -> dict:
    required = huawei_required(cls)
    fields = []
    for name, kind in cls.openapi_types.items():
        fields.append({
            "name": name,
            "wire": cls.attribute_map.get(name, name),
            "type": normalise(kind),
            "required": None if response else name in required,
        })
    return {"name": cls.__name__, "fields": fields}


def tencent_model(cls) -> dict:
    doc = inspect.getdoc(cls.__init__) or ""
    types = dict(re.findall(r"^\s*:type (\w+): (.+?)\s*$", doc, re.MULTILINE))
    fields = []
    for attr in vars(cls()):
        if not attr.startswith("_"):
            continue
        wire = attr[1:]
        fields.append({"name": wire, "wire": wire, "type": normalise(types.get(wire, "object")),
                       "required": None})
    return {"name": cls.__name__, "fields": fields}


def model(module, name: str, vendor: str, response: bool) -> dict | None:
    cls = getattr(module, name, None)
    if cls is None:
        return None
    return huawei_model(cls, response) if vendor == "huawei" else tencent_model(cls)


def nested(module, vendor: str, root: dict, models: dict) -> None:
    """Adds every model a field refers to, recursively."""
    for field in root["fields"]:
        kind = field["type"]
        while kind.startswith("list["):
            kind = kind[5:-1]
        if kind in SCALARS.values() or kind in models:
            continue
        found = model(module, kind, vendor, response=True)
        if found is not None:
            models[kind] = found
            nested(module, vendor, found, models)


def main() -> None:
    wanted = json.load(sys.stdin)
    out = {"sdks": {}, "operations": [], "models": {}}
    for item in wanted:
        document, operation = item["document"], item["operation"]
        entry = {"document": document, "operation": operation, "sdk": None,
                 "request": None, "response": None, "why": None}
        if document in NO_MODELS:
            entry["why"] = NO_MODELS[document]
        elif document not in SDKS:
            entry["why"] = "no vendor SDK: the stub's own route"
        else:
            package, module_name = SDKS[document]
            module = importlib.import_module(module_name)
            out["sdks"][package] = importlib.metadata.version(package)
            vendor = "huawei" if document.startswith("huawei") else "tencent"
            entry["sdk"] = package
            entry["request"] = model(module, f"{operation}Request", vendor, response=False)
            entry["response"] = model(module, f"{operation}Response", vendor, response=True)
            if entry["request"] is None and entry["response"] is None:
                entry["why"] = f"{package} has no {operation}Request or {operation}Response model"
            for side in ("request", "response"):
                if entry[side] is not None:
                    nested(module, vendor, entry[side], out["models"])
        out["operations"].append(entry)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
