#!/usr/bin/env python3
"""Validates scenario files against docs/scenario.schema.json, as a TOML editor would.

Every file of the library and every good test fixture must pass the JSON Schema that
`coexist schema` prints (TOML dates are compared as the strings an editor sees), and a file
with an unknown key must fail it, so that editors flag what the loader rejects.

    python3 scripts/check_schema.py        # needs the `jsonschema` package (pip install jsonschema)

Run by .ci/run in its virtual environment.
"""

import datetime
import json
import pathlib
import sys
import tomllib

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent


def as_editor_sees(value):
    """TOML values as JSON: dates become their ISO text."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def main():
    schema = json.loads((ROOT / "docs/scenario.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    files = sorted((ROOT / "scenarios").glob("*.toml")) + sorted((ROOT / "tests/fixtures").glob("*.toml"))
    failures = []
    for path in files:
        doc = as_editor_sees(tomllib.loads(path.read_text()))
        for error in validator.iter_errors(doc):
            where = ".".join(str(p) for p in error.absolute_path)
            failures.append(f"{path.relative_to(ROOT)}: {where}: {error.message}")
    typo = as_editor_sees(tomllib.loads((ROOT / "tests/bad/three_typos.toml").read_text()))
    if validator.is_valid(typo):
        failures.append("tests/bad/three_typos.toml passes the schema, though the loader rejects its unknown keys")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{len(files)} scenario files checked against the JSON Schema, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
