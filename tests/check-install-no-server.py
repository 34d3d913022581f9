#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# With -Dintake_server=false (what the Flatpak builds) the install leaves
# out hie-roster-intake and the intake contract's documents, and nothing
# else: the source tree is configured a second time, with the option off,
# in a temporary folder (configuring only, about a second), and its
# install plan (`meson introspect --installed`) is compared with this
# build's.
#
#   check-install-no-server.py SOURCE_ROOT BUILD_DIR
import json
import os
import subprocess
import sys
import tempfile

source_root, build = sys.argv[1:3]

# What the option keeps out: src/server/meson.build and data/meson.build.
SERVER_DOCS = ("intake-api.md", ".schema.json")
SERVER_PROGRAM = "hie-roster-intake"


def meson(*args):
    result = subprocess.run(["meson", *args], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"meson {' '.join(args)}:\n{result.stdout}{result.stderr}")
        sys.exit(1)
    return result.stdout


def installed(build_dir):
    return set(json.loads(meson("introspect", build_dir, "--installed")).values())


def is_server_file(path):
    name = os.path.basename(path)
    return name == SERVER_PROGRAM or (os.path.dirname(path).endswith("/doc/hie-roster")
                                      and name.endswith(SERVER_DOCS))


options = {o["name"]: o["value"] for o in json.loads(meson("introspect", build, "--buildoptions"))}
problems = []

with tempfile.TemporaryDirectory() as scratch:
    off_dir = os.path.join(scratch, "build")
    meson("setup", off_dir, source_root, "-Dintake_server=false",
          f"-Dprefix={options['prefix']}", f"-Dbindir={options['bindir']}",
          f"-Ddatadir={options['datadir']}")
    without = installed(off_dir)

for path in sorted(p for p in without if is_server_file(p)):
    problems.append(f"installed with -Dintake_server=false: {path}")
if not any(os.path.basename(p) == "hie-roster" for p in without):
    problems.append("-Dintake_server=false does not install hie-roster either")

# Against this build, when it has the server: only the server's files go.
if options["intake_server"]:
    default = installed(build)
    server = {p for p in default if is_server_file(p)}
    if not any(os.path.basename(p) == SERVER_PROGRAM for p in server):
        problems.append(f"the default install has no {SERVER_PROGRAM}")
    if not any(p.endswith("intake-api.md") for p in server):
        problems.append("the default install has no intake-api.md")
    for path in sorted(default - server - without):
        problems.append(f"-Dintake_server=false also leaves out {path}")
    for path in sorted(without - default):
        problems.append(f"-Dintake_server=false installs {path}, which the default install does not")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
