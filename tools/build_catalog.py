"""Turn ../shared/data/fortios_catalog.json into hfortix.core's compact package data.

Run from the repository root:  python tools/build_catalog.py [path/to/fortios_catalog.json]

Endpoints the shared catalog lacks come from small data files beside this script, each with
its provenance (tools/service_endpoints.json: the service API), appended after the catalog's.

Output (committed, so the package never needs ../shared at run time):
  src/hfortix/core/_catalog/index.json          one row per endpoint, enough to build the endpoint tree
  src/hfortix/core/_catalog/<api>/<path>.json   field schemas (cmdb) or parameters (monitor, log) of one path

The split keeps `import hfortix` free of catalog parsing and lets the first touch of
`fgt.api.cmdb.firewall.address` read only the small index plus one per-path file.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "hfortix" / "core" / "_catalog"
COLUMNS = ["api", "path", "name", "action", "kind", "mkey", "mkey_type", "methods", "versions"]
EXTRA = [Path(__file__).resolve().parent / "service_endpoints.json"]


def kind_of(record: dict) -> str:
    if record["api"] == "cmdb":
        return str(record["kind"])
    return "action"  # monitor and log endpoints: a GET or POST on a fixed URL


def main(source: Path, out: Path = OUT) -> None:
    catalog = json.loads(source.read_text())
    if catalog.get("format") != "fortios-endpoint-catalog/1":
        raise SystemExit(f"unexpected catalog format: {catalog.get('format')!r}")
    records = list(catalog["endpoints"])
    extra_sources = {}
    for path in EXTRA:
        extra = json.loads(path.read_text())
        if extra.get("format") != "hfortix-extra-endpoints/1":
            raise SystemExit(f"{path.name}: unexpected format {extra.get('format')!r}")
        extra_sources[path.name] = {"about": extra["about"], "evidence": extra["evidence"]}
        records.extend(extra["endpoints"])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rows = []
    details: dict[tuple[str, str], dict[str, dict]] = {}
    for record in records:
        api, path, name = record["api"], record["path"], record["name"]
        action = record.get("action")
        rows.append([
            api, path, name, action, kind_of(record), record.get("mkey"), record.get("mkey_type"),
            record["methods"], record.get("versions"),
        ])
        key = name if action is None else f"{name}/{action}"
        detail = {}
        if record.get("fields"):
            detail["fields"] = record["fields"]
        if record.get("params"):
            detail["params"] = record["params"]
        if record.get("admin_passwd_header"):
            detail["admin_passwd_header"] = True
        details.setdefault((api, path), {})[key] = detail
    index = {
        "format": "hfortix-catalog/1",
        "source": catalog["source"],
        "built_from": "fortios-endpoint-catalog/1 (shared/data/fortios_catalog.json)",
        "extra_sources": extra_sources,
        "versions": catalog["versions"],
        "columns": COLUMNS,
        "endpoints": rows,
    }
    (out / "index.json").write_text(json.dumps(index, separators=(",", ":")) + "\n")
    for (api, path), by_name in details.items():
        folder = out / api
        folder.mkdir(exist_ok=True)
        (folder / f"{path}.json").write_text(json.dumps(by_name, separators=(",", ":")) + "\n")
    print(f"{len(rows)} endpoints, {len(details)} path files written to {out}")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data" / "fortios_catalog.json"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
