#!/usr/bin/env python3
# `meson install` into a DESTDIR puts the program, the server, the data,
# icons, schema and translations where GNOME looks for them, and the
# installed program runs.
#
# With -Dintake_server=false (the Flatpak) the server and its
# documentation must not be installed.
#
# Both forms' FHIR Questionnaires are installed and are Questionnaires.
#
#   check-install.py BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR APPLICATION_ID VERSION INTAKE_SERVER FORM_IDS PROGRAM...
#
# FORM_IDS is the forms' ids, comma-separated.
import json
import os
import pathlib
import subprocess
import sys
import tempfile

build, prefix, bindir, datadir, localedir, app_id, version, intake_server = sys.argv[1:9]
intake_server = intake_server == "true"
form_ids = sys.argv[9].split(",")
programs = sys.argv[10:]

VALID_PAYLOAD = {
    "form": "hec.account-change", "form_version": 1,
    "answers": {
        "action": "modify",
        "user": {"first_name": "Ana", "last_name": "Díaz", "email": "ana.diaz@upstate.example.org",
                 "organization": "Upstate University Hospital"},
        "submitter": {"is_user": True},
        "services": {"alerts": "add"},
        "alerts": {"basis": "provider_npi", "user_is_provider": False, "delivery": "myalerts_app"},
        "delegation": {"alerts": [{"name": "Dr. Smith", "npi": "1234567893"}]},
        "attestation": {"authorized": True},
    },
}

problems = []


def under(destdir, path):
    path = pathlib.PurePath(path)
    if not path.is_absolute():
        path = pathlib.PurePath(prefix) / path
    return pathlib.Path(destdir) / path.relative_to(path.anchor)


def run(args, env=None, stdin=None):
    return subprocess.run(args, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), input=stdin)


with tempfile.TemporaryDirectory() as destdir:
    result = run(["meson", "install", "-C", build, "--no-rebuild", "--destdir", destdir])
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        sys.exit(1)

    bin_dir = under(destdir, bindir)
    data_dir = under(destdir, datadir)
    locale_dir = under(destdir, localedir)
    expected = [bin_dir / p for p in programs] + [
        data_dir / "applications" / f"{app_id}.desktop",
        data_dir / "metainfo" / f"{app_id}.metainfo.xml",
        data_dir / "glib-2.0" / "schemas" / f"{app_id}.gschema.xml",
        data_dir / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg",
        data_dir / "icons" / "hicolor" / "symbolic" / "apps" / f"{app_id}-symbolic.svg",
        locale_dir / "es" / "LC_MESSAGES" / "hie-roster.mo",
    ]
    questionnaires = {form_id: data_dir / "doc" / "hie-roster" / f"{form_id}.questionnaire.json"
                      for form_id in form_ids}
    expected += questionnaires.values()
    server_files = [bin_dir / "hie-roster-intake",
                    data_dir / "doc" / "hie-roster" / "intake-api.md",
                    data_dir / "doc" / "hie-roster" / "account-request.schema.json"]
    if intake_server:
        expected += server_files
    for path in expected:
        if not path.is_file():
            problems.append(f"not installed: {path.relative_to(destdir)}")
    if not intake_server:
        for path in server_files:
            if path.exists():
                problems.append(f"installed with -Dintake_server=false: {path.relative_to(destdir)}")
    for program in programs:
        if not os.access(bin_dir / program, os.X_OK):
            problems.append(f"{program} is not executable")

    for form_id, path in questionnaires.items():
        try:
            questionnaire = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"installed Questionnaire of {form_id}: {error}")
            continue
        if (questionnaire.get("resourceType") != "Questionnaire" or questionnaire.get("id") != form_id
                or not questionnaire.get("url", "").endswith("/Questionnaire/" + form_id)):
            problems.append(f"{path.relative_to(destdir)} is not the Questionnaire of {form_id}")

    # The merged desktop file carries the Spanish name; the schema compiles.
    desktop = (data_dir / "applications" / f"{app_id}.desktop").read_text()
    if "Comment[es]=" not in desktop:
        problems.append("the installed desktop file has no Spanish comment")
    result = run(["glib-compile-schemas", "--strict", "--dry-run", str(data_dir / "glib-2.0" / "schemas")])
    if result.returncode != 0:
        problems.append(f"installed schema: {result.stderr.strip()}")

    roster = str(bin_dir / "hie-roster")
    # No display and no session bus: these must not need either.
    quiet = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "",
             "HIE_ROSTER_ENDPOINT": "", "LANGUAGE": "C"}

    result = run([roster, "--version"], quiet)
    if result.returncode != 0 or result.stdout.strip() != f"hie-roster {version}":
        problems.append(f"--version: {result.returncode} {result.stdout!r} {result.stderr!r}")

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(VALID_PAYLOAD, f, ensure_ascii=False)
        valid_path = f.name
    bad = json.loads(json.dumps(VALID_PAYLOAD))
    bad["answers"]["delegation"]["alerts"][0]["npi"] = "1234567890"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(bad, f)
        bad_path = f.name
    try:
        result = run([roster, "--validate", valid_path], quiet)
        if result.returncode != 0 or result.stdout != "":
            problems.append(f"--validate on a valid request: {result.returncode} {result.stdout!r} {result.stderr!r}")
        result = run([roster, "--validate", bad_path], quiet)
        if result.returncode != 1 or "delegation.alerts[0].npi" not in result.stdout:
            problems.append(f"--validate on a bad NPI: {result.returncode} {result.stdout!r}")
    finally:
        os.unlink(valid_path)
        os.unlink(bad_path)

    # The endpoint for one run: refused unless https:// or loopback.
    result = run([roster, "--endpoint", "http://intake.example.org/", "--version"], quiet)
    if result.returncode != 2 or "https://" not in result.stderr:
        problems.append(f"--endpoint http:// elsewhere: {result.returncode} {result.stderr!r}")
    result = run([roster, "--version"], dict(quiet, HIE_ROSTER_ENDPOINT="ftp://intake.example.org/"))
    if result.returncode != 2 or "HIE_ROSTER_ENDPOINT" not in result.stderr:
        problems.append(f"HIE_ROSTER_ENDPOINT=ftp://: {result.returncode} {result.stderr!r}")
    for endpoint in ("https://intake.example.org/", "http://127.0.0.1:8080/"):
        result = run([roster, "--endpoint", endpoint, "--version"], quiet)
        if result.returncode != 0:
            problems.append(f"--endpoint {endpoint}: {result.returncode} {result.stderr!r}")

    # The installed catalog is found and used (ROSTER_LOCALEDIR, because
    # the program looks under the real prefix, not the DESTDIR).
    result = run([roster, "--help"], dict(quiet, LANGUAGE="es", LC_ALL="C.UTF-8",
                                          ROSTER_LOCALEDIR=str(locale_dir)))
    if result.returncode != 0 or "Muestra la versión del programa" not in result.stdout:
        problems.append(f"--help in Spanish from the installed catalog: {result.stdout!r}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
