"""Regenerate the emulator's derived data files from the project's shared FortiOS data.

    python -m hfortix.emulator._derive_data /path/to/shared/data

Writes `data/monitor_shapes.json` (one example answer per monitor endpoint and method, built
from the response schemas real FortiGates publish at `/api/v2/monitor/?action=schema`) and
`data/capture_samples.json` (the parts of real captured answers the emulator reuses as
templates). Both sources are Apache-2.0; see data/README.md. Run it only when the shared data
changes: the emulator reads the JSON it writes, never the shared data itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


def example_from_schema(schema: Any) -> Any:
    """The smallest value of a JSON-schema's shape: zeros, empty strings, first enum values.

    Arrays stay empty (a fresh FortiGate has nothing to list); objects keep their declared
    properties so that clients indexing a documented key find it.
    """
    if not isinstance(schema, dict):
        return {}
    kind = schema.get("type")
    if schema.get("enum"):
        return schema["enum"][0]
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            return {name: example_from_schema(value) for name, value in properties.items()}
        return {}
    if kind == "array":
        return []
    if kind in ("integer", "int"):
        return 0
    if kind == "number":
        return 0.0
    if kind == "boolean":
        return False
    if kind == "string":
        return ""
    return {}


def monitor_shapes(native: dict[str, Any]) -> dict[str, Any]:
    """`path/name[/action]` -> {method: example}, the newest dump winning; "select" is implicit."""
    shapes: dict[str, dict[str, Any]] = {}
    dumps = sorted(
        (dump for dump in native["dumps"] if dump["api"] == "monitor"),
        key=lambda dump: tuple(int(part) for part in dump["version"].lstrip("v").split(".")),
    )
    for dump in dumps:
        for endpoint in dump["endpoints"]:
            action = endpoint["action"]
            key = f"{endpoint['path']}/{endpoint['name']}"
            if action and action != "select":
                key += f"/{action}"
            shapes.setdefault(key, {})[endpoint["method"]] = example_from_schema(endpoint["response"])
    return dict(sorted(shapes.items()))


def capture_samples(captures: Path) -> dict[str, Any]:
    def load(name: str) -> Any:
        return json.loads((captures / name).read_text("utf-8"))

    usage = load("usage.json")["results"]
    intervals = {}
    for name, series in usage["cpu"][0]["historical"].items():
        values = series["values"]
        intervals[name] = {"points": len(values), "step_ms": values[0][0] - values[1][0]}
    wifi = load("wifi-client.json")[0]["results"][0]
    device_state = next(env for env in load("log-device-state.json") if env["vdom"] == "root")["results"]
    return {
        "certificates": load("available-certificates-scope-global.json")["results"],
        "usage": {"resources": list(usage), "intervals": intervals},
        "wifi_client": wifi,
        "log_device_state": device_state,
        "log_fortianalyzer": load("log-fortianalyzer.json")[0]["results"],
        "license_status": load("license-status.json")["results"],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    shared = Path(argv[0])
    native = json.loads((shared / "fortios_monitor_native.json").read_text("utf-8"))
    origin = {
        "derived_by": "hfortix.emulator._derive_data",
        "sources": [
            "fortios_monitor_native.json (fortinet-ansible-dev/fortios-ansible-generator, Apache-2.0)",
            "captures/ (prometheus-community/fortigate_exporter pkg/probe/testdata, Apache-2.0)",
        ],
    }
    outputs = {
        "monitor_shapes.json": {"origin": origin, "shapes": monitor_shapes(native)},
        "capture_samples.json": {"origin": origin, **capture_samples(shared / "captures")},
    }
    for name, content in outputs.items():
        (DATA_DIR / name).write_text(json.dumps(content, indent=1, sort_keys=False) + "\n", "utf-8")
        print(f"wrote {DATA_DIR / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
