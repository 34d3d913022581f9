#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-schema.py DATA-DIR SAMPLE-PAYLOADS-PROGRAM [COUNT]
#
# Validates, with a real JSON Schema validator (python3-jsonschema), the
# payloads the intake contract shows and the payloads Roster writes
# against the published schemas, so the documents and the code cannot
# drift apart:
#
#   - every DATA-DIR/*.schema.json is a valid schema of its own draft;
#   - every ```json block of DATA-DIR/intake-api.md that is a payload (an
#     object with a "form" member) is valid under the schema of its form;
#     the other blocks (answers, error bodies) are left alone;
#   - COUNT payloads per form, written by SAMPLE-PAYLOADS-PROGRAM from the
#     form tables, are valid under the schema of their form.
#
# A schema's forms are the values its "form" property allows ("const" or
# "enum", at any depth, so one schema may describe several forms with
# oneOf). Every form a schema names must have at least one example in
# intake-api.md. Exits 77 (skipped) when jsonschema is not installed.

import glob
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)

data_dir = sys.argv[1]
sample_program = sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 200

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def forms_named(node):
    """The form ids a schema's "form" properties allow, at any depth."""
    found = set()
    if isinstance(node, dict):
        form = node.get("properties", {}).get("form") if isinstance(node.get("properties"), dict) else None
        if isinstance(form, dict):
            if isinstance(form.get("const"), str):
                found.add(form["const"])
            for value in form.get("enum", []):
                if isinstance(value, str):
                    found.add(value)
        for value in node.values():
            found |= forms_named(value)
    elif isinstance(node, list):
        for value in node:
            found |= forms_named(value)
    return found


def error_text(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return "at {}: {}".format(where, error.message)


# --- the schemas ---------------------------------------------------------

validators = {}  # form id -> (schema file name, validator)
schema_paths = sorted(glob.glob(os.path.join(data_dir, "*.schema.json")))
if not schema_paths:
    fail("no *.schema.json in " + data_dir)

for path in schema_paths:
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        try:
            schema = json.load(f)
        except ValueError as e:
            fail("{}: not JSON: {}".format(name, e))
            continue
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        fail("{}: not a valid schema: {}".format(name, e.message))
        continue
    forms = forms_named(schema)
    if not forms:
        fail("{}: names no form (no \"form\" property with const or enum)".format(name))
    for form in sorted(forms):
        if form in validators:
            fail("form {} is described by both {} and {}".format(form, validators[form][0], name))
        validators[form] = (name, cls(schema, format_checker=cls.FORMAT_CHECKER))
    print("{}: {} ({})".format(name, cls.__name__, ", ".join(sorted(forms))))


def check_payload(what, payload):
    """Validates one payload under its form's schema; returns its form id."""
    form = payload.get("form")
    if form not in validators:
        fail("{}: form {!r} has no schema in {}".format(what, form, data_dir))
        return None
    name, validator = validators[form]
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
    for error in errors:
        fail("{}: not valid under {} {}".format(what, name, error_text(error)))
    return form


# --- the examples in intake-api.md ---------------------------------------

api_path = os.path.join(data_dir, "intake-api.md")
with open(api_path, encoding="utf-8") as f:
    api = f.read()

examples = {}  # form id -> number of examples
blocks = list(re.finditer(r"^```json[ \t]*\n(.*?)^```", api, re.MULTILINE | re.DOTALL))
if not blocks:
    fail("intake-api.md has no ```json blocks")
for match in blocks:
    line = api.count("\n", 0, match.start()) + 1
    what = "intake-api.md:{}".format(line)
    try:
        value = json.loads(match.group(1))
    except ValueError as e:
        fail("{}: the ```json block is not JSON: {}".format(what, e))
        continue
    if not isinstance(value, dict) or "form" not in value:
        continue  # an answer or an error body, not a payload
    form = check_payload(what, value)
    if form is not None:
        examples[form] = examples.get(form, 0) + 1

for form in sorted(validators):
    if examples.get(form, 0) == 0:
        fail("intake-api.md has no example payload of form {}".format(form))
    else:
        print("intake-api.md: {} example payload(s) of {}".format(examples[form], form))

# --- payloads Roster writes ----------------------------------------------

for form in sorted(validators):
    result = subprocess.run([sample_program, form, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sys.stdout.write(result.stderr)
    if result.returncode != 0:
        fail("{} {} {} exited with {}".format(sample_program, form, count, result.returncode))
        continue
    lines = result.stdout.splitlines()
    if len(lines) != count:
        fail("{}: {} sample payloads, expected {}".format(form, len(lines), count))
    for i, text in enumerate(lines):
        try:
            payload = json.loads(text)
        except ValueError as e:
            fail("sample {} of {}: not JSON: {}".format(i + 1, form, e))
            continue
        check_payload("sample {} of {} ({})".format(i + 1, form, text), payload)
    print("{}: {} sample payloads checked".format(form, len(lines)))

if failures:
    print("{} problem(s)".format(len(failures)))
    sys.exit(1)
print("all payloads valid")
