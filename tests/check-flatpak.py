#!/usr/bin/env python3
# The Flatpak manifest, as flatpak-builder reads it, matches the meson
# project: app id, command, runtime, and only the sandbox holes the app
# needs. A build is impossible without the GNOME runtime, so this is the
# check that runs everywhere.
#
#   check-flatpak.py MANIFEST APPLICATION_ID PROGRAM
import json
import os
import shutil
import subprocess
import sys
import tempfile

manifest, application_id, program = sys.argv[1:4]

flatpak_builder = shutil.which("flatpak-builder")
if flatpak_builder is None:
    print("flatpak-builder is not installed")
    sys.exit(77)  # meson: skipped

with tempfile.TemporaryDirectory() as home:
    env = dict(os.environ, HOME=home)
    result = subprocess.run([flatpak_builder, "--show-manifest", manifest],
                            capture_output=True, text=True, env=env, cwd=home)
if result.returncode != 0:
    print(result.stderr)
    sys.exit(1)
data = json.loads(result.stdout)

problems = []


def expect(what, actual, expected):
    if actual != expected:
        problems.append(f"{what} is {actual!r}, expected {expected!r}")


expect("id", data.get("id", data.get("app-id")), application_id)
expect("command", data.get("command"), program)
expect("runtime", data.get("runtime"), "org.gnome.Platform")
expect("sdk", data.get("sdk"), "org.gnome.Sdk")
version = str(data.get("runtime-version", ""))
if not version.isdigit() or int(version) < 47:
    problems.append(f"runtime-version {version!r} is not a current GNOME runtime")

# Network for the intake, IPC for X11's shared memory, Wayland with X11 as
# the fallback, DRI for GL. Files come through portals; the token through
# the Secret portal.
expected_finish_args = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
finish_args = data.get("finish-args", [])
expect("finish-args", sorted(finish_args), sorted(expected_finish_args))
for arg in finish_args:
    if arg.startswith(("--filesystem", "--socket=x11", "--device=all", "--talk-name", "--own-name")):
        problems.append(f"finish-args has {arg}, which the app does not need")

modules = data.get("modules", [])
if not modules:
    problems.append("no modules")
else:
    app = modules[-1]
    expect("last module's name", app.get("name"), "hie-roster")
    expect("last module's buildsystem", app.get("buildsystem"), "meson")
    sources = app.get("sources", [])
    if not any(s.get("type") == "dir" and s.get("path") == ".." for s in sources):
        problems.append("the app is not built from the local checkout (a dir source with path ..)")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
