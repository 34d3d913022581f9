#!/usr/bin/env python3
# The Flatpak manifests and the metainfo, read as Flathub's reviewers and
# its linter (flatpak-builder-lint, which Debian 12 does not package) read
# them. A Flatpak build is impossible here without the GNOME runtime, so
# these are the checks that run everywhere.
#
#   check-flatpak.py LOCAL_MANIFEST PUBLISHED_MANIFEST METAINFO DESKTOP_FILE
#                    APPLICATION_ID PROGRAM VERSION
#
# The flatpak-builder-lint rules encoded here (their names in brackets):
#   manifest: the id is the file name [appid-filename-mismatch]; a command
#   [toplevel-no-command]; a current runtime, exactly RUNTIME_VERSION
#   [runtime-is-eol]; no broad file system, session/system bus, Flatpak
#   spawn or wildcard names [finish-args-arbitrary-*, finish-args-flatpak-
#   spawn-access, finish-args-wildcard-*]; X11 only as a fallback, with IPC
#   [finish-args-contains-both-x11-and-wayland, finish-args-x11-without-ipc];
#   no `branch` [toplevel-unnecessary-branch]; the app's source is git with
#   an https url and a tag, never a dir, a local path or a branch
#   [module-*-source-dir-not-allowed, module-*-source-git-no-url,
#   module-*-source-git-local-path, module-*-source-git-branch,
#   module-*-source-git-no-commit-or-tag]; with a tag, a commit too (as
#   Flathub asks), a full hash [module-*-source-git-commit-not-sha].
#   metainfo: the component id is the app id [appstream-id-mismatch-
#   flatpak-id]; a launchable [metainfo-missing-launchable-tag]; a
#   developer name [appstream-missing-developer-name]; a summary of at most
#   35 characters without a final dot [appstream-summary-too-long]; https
#   screenshots [appstream-screenshots-*]; a content rating.
# And Flathub's quality guidelines, which no tool checks: screenshots from
# a tag rather than a moving branch, the default screenshot first, each
# at most 1000x700 and showing the window with its rounded corners and
# shadow on transparency (not a rectangular grab of the screen), the
# icons' license in project_license, an honest OARS rating (social-info
# intense) for an app that sends names, emails and NPIs to a third party,
# no trademarks in keywords.
import glob
import json
import os
import re
import struct
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# The newest GNOME runtime on Flathub as of 2026-12-07, required exactly:
# GNOME releases in March and September (49 in September 2025, 50 in
# March 2026, 51 in September 2026), so 51 is the newest stable one and
# Flathub supports only the newest two; the linter calls an end-of-life
# runtime an error. Bump with each GNOME release (next: 52, March 2027).
RUNTIME_VERSION = "51"
REPOSITORY = "https://github.com/hieroster/roster"
# Names of HIEs and of the products their forms name (the form tables in
# src/core/roster-form-*.c): the app works with any HIE, so none belongs
# in its keywords, in any language.
TRADEMARKS = ("healtheconnections", "healthix", "hixny", "bronx rhio",
              "soarian", "myalerts", "my alerts")

(local_path, published_path, metainfo_path, desktop_path,
 application_id, program, version) = sys.argv[1:8]

source_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
problems = []


def png_rows(path, n_rows):
    """Width, height, colour type and the first n_rows rows of RGBA pixels
    (as lists of alpha values) of an 8-bit RGBA PNG; no PIL needed."""
    import zlib
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    width = height = depth = color = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
    if depth != 8 or color != 6:
        return width, height, color, []
    raw = zlib.decompressobj().decompress(idat, (4 * width + 1) * n_rows)
    stride, prev, rows = 4 * width, bytearray(4 * width), []
    for y in range(min(n_rows, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - 4] if x >= 4 else 0
            b = prev[x]
            c = prev[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(list(line[3::4]))
        prev = line
    return width, height, color, rows


def check_screenshot_png(path, name):
    width, height, color, rows = png_rows(path, 40)
    if width > 1000 or height > 700:
        problems.append(f"screenshot {name} is {width}x{height}, over Flathub's 1000x700")
    if color != 6 or not rows:
        problems.append(f"screenshot {name} has no alpha channel: not a window on transparency")
        return
    if rows[0][0] != 0:
        problems.append(f"screenshot {name}: its corner is not transparent (no rounded window with a shadow)")
    # Above the window, in the middle: the shadow, partly transparent.
    if not any(0 < row[width // 2] < 255 for row in rows):
        problems.append(f"screenshot {name}: no shadow above the window")


def expect(what, actual, expected):
    if actual != expected:
        problems.append(f"{what} is {actual!r}, expected {expected!r}")


def read_manifest(path):
    """The manifest as flatpak-builder reads it, or as plain JSON without it."""
    flatpak_builder = shutil.which("flatpak-builder")
    if flatpak_builder is None:
        with open(path) as f:
            return json.load(f)
    with tempfile.TemporaryDirectory() as home:
        result = subprocess.run([flatpak_builder, "--show-manifest", path],
                                capture_output=True, text=True,
                                env=dict(os.environ, HOME=home), cwd=home)
    if result.returncode != 0:
        print(f"{path}: {result.stderr}")
        sys.exit(1)
    return json.loads(result.stdout)


def check_manifest(name, data):
    expect(f"{name}: id", data.get("id", data.get("app-id")), application_id)
    expect(f"{name}: command", data.get("command"), program)
    expect(f"{name}: runtime", data.get("runtime"), "org.gnome.Platform")
    expect(f"{name}: sdk", data.get("sdk"), "org.gnome.Sdk")
    expect(f"{name}: runtime-version", str(data.get("runtime-version", "")), RUNTIME_VERSION)
    if "branch" in data:
        problems.append(f"{name}: a top-level branch is not wanted on Flathub")

    # Network for the intake, IPC for X11's shared memory, Wayland with X11
    # as the fallback, DRI for GL. Files come through portals; the token
    # through the Secret portal.
    expected_finish_args = ["--device=dri", "--share=ipc", "--share=network",
                            "--socket=fallback-x11", "--socket=wayland"]
    finish_args = data.get("finish-args", [])
    expect(f"{name}: finish-args", sorted(finish_args), expected_finish_args)
    for arg in finish_args:
        if arg.startswith(("--filesystem", "--socket=x11", "--socket=session-bus",
                           "--socket=system-bus", "--device=all", "--talk-name",
                           "--own-name", "--system-talk-name")) or "*" in arg:
            problems.append(f"{name}: finish-args has {arg}, which the app does not need")
    if "--socket=fallback-x11" in finish_args and "--share=ipc" not in finish_args:
        problems.append(f"{name}: X11 without --share=ipc")

    modules = data.get("modules", [])
    if not modules:
        problems.append(f"{name}: no modules")
        return None
    app = modules[-1]
    expect(f"{name}: last module's name", app.get("name"), "hie-roster")
    expect(f"{name}: last module's buildsystem", app.get("buildsystem"), "meson")
    if "-Dintake_server=false" not in app.get("config-opts", []):
        problems.append(f"{name}: the app module does not build with -Dintake_server=false,"
                        " so the Flatpak would ship the intake server")
    return app


local = read_manifest(local_path)
published = read_manifest(published_path)

if os.path.basename(published_path) != f"{application_id}.json":
    problems.append(f"the published manifest is {os.path.basename(published_path)},"
                    f" Flathub wants {application_id}.json")

local_app = check_manifest("local manifest", local)
if local_app is not None:
    if not any(s.get("type") == "dir" and s.get("path") == ".." for s in local_app.get("sources", [])):
        problems.append("local manifest: the app is not built from the checkout (a dir source with path ..)")

published_app = check_manifest("published manifest", published)
if published_app is not None:
    sources = published_app.get("sources", [])
    for source in sources:
        if source.get("type") == "dir":
            problems.append("published manifest: a dir source, which Flathub refuses")
    git = [s for s in sources if s.get("type") == "git"]
    if len(git) != 1:
        problems.append(f"published manifest: the app needs one git source, has {len(git)}")
    else:
        source = git[0]
        url = source.get("url", "")
        if not url.startswith(REPOSITORY):
            problems.append(f"published manifest: git url {url!r} is not {REPOSITORY}")
        if "path" in source or url.startswith("file:"):
            problems.append("published manifest: a local git path")
        if "branch" in source:
            problems.append("published manifest: a git branch moves; name a tag")
        expect("published manifest: git tag", source.get("tag"), f"v{version}")
        # A tag and a commit, so a moved tag cannot change what is built
        # (flatpak-builder refuses a tag that is not at the commit). The
        # tag's commit cannot be written down before the tag exists: the
        # repository's copy names a commit of main, and
        # build-aux/release-manifest replaces it with the tag's.
        commit = source.get("commit")
        if commit is None:
            problems.append("published manifest: the git source has a tag but no commit")
        elif not re.fullmatch(r"[0-9a-f]{40}", commit):
            problems.append(f"published manifest: commit {commit!r} is not a full hash")
        elif os.path.exists(os.path.join(source_root, ".git")):
            known = subprocess.run(["git", "-C", source_root, "cat-file", "-e", f"{commit}^{{commit}}"],
                                   capture_output=True)
            if known.returncode != 0:
                problems.append(f"published manifest: commit {commit} is not a commit of this repository")

# Apart from the source, the two manifests are the same.
if local_app is not None and published_app is not None:
    strip = lambda d: {k: v for k, v in d.items() if k != "modules"}
    expect("the published manifest's top level", strip(published), strip(local))
    expect("the published app module's options",
           {k: v for k, v in published_app.items() if k != "sources"},
           {k: v for k, v in local_app.items() if k != "sources"})

# The metainfo, as merged into the build folder.
component = ET.parse(metainfo_path).getroot()
expect("metainfo id", component.findtext("id"), application_id)
launchable = component.find("launchable")
if launchable is None or launchable.text != f"{application_id}.desktop":
    problems.append("metainfo: no launchable for the desktop file")
# Every summary, translations included: each is what a store shows.
summaries = component.findall("summary")
if not summaries:
    problems.append("metainfo: no summary")
for element in summaries:
    summary = element.text or ""
    language = element.get("{http://www.w3.org/XML/1998/namespace}lang", "C")
    if len(summary) > 35:
        problems.append(f"metainfo summary ({language}) has {len(summary)} characters,"
                        f" at most 35: {summary!r}")
    if summary.endswith("."):
        problems.append(f"metainfo summary ({language}) ends with a dot")
developer = component.find("developer")
if developer is None or not developer.get("id") or not (developer.findtext("name") or "").strip():
    problems.append("metainfo: no <developer id=…><name>…</name></developer> (AppStream 1.0)")
contact = component.findtext("update_contact")
if contact is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", contact):
    problems.append(f"metainfo update_contact {contact!r} is not an address")
# The code's license and each icon's (its SPDX line), so a relicensed or
# added icon cannot leave project_license behind.
licenses = set((component.findtext("project_license") or "").split(" AND "))
wanted = {"GPL-3.0-or-later": "the code"}
icons = sorted(glob.glob(os.path.join(source_root, "data", "icons", "**", "*.svg"), recursive=True))
if not icons:
    problems.append("no icons under data/icons")
for icon in icons:
    with open(icon, encoding="utf-8") as f:
        spdx = re.search(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)", f.read())
    if spdx is None:
        problems.append(f"{os.path.relpath(icon, source_root)} has no SPDX-License-Identifier")
    else:
        wanted.setdefault(spdx.group(1), os.path.basename(icon))
for license, what in wanted.items():
    if license not in licenses:
        problems.append(f"metainfo project_license lacks {license} ({what})")

rating = component.find("content_rating")
social_info = None
if rating is not None:
    for attribute in rating.findall("content_attribute"):
        if attribute.get("id") == "social-info":
            social_info = attribute.text
# OARS 1.1: "moderate" is diagnostic data that does not let others
# identify the user; names, emails and NPIs do, so only "intense" is true.
if rating is None or social_info != "intense":
    problems.append(f"metainfo: the content rating says social-info is {social_info!r}, but the"
                    " app sends names, emails and NPIs to the HIE: that is 'intense'")

releases = [r.get("version") for r in component.iter("release")]
if not releases or releases[0] != version:
    problems.append(f"metainfo: the newest release is {releases[:1]}, expected {version}")

screenshots = component.findall("screenshots/screenshot")
if not screenshots:
    problems.append("metainfo: no screenshots")
elif screenshots[0].get("type") != "default":
    problems.append("metainfo: the first screenshot is not the default one")
for screenshot in screenshots:
    image = screenshot.findtext("image") or ""
    prefix = f"https://raw.githubusercontent.com/hieroster/roster/v{version}/"
    if not image.startswith(prefix):
        problems.append(f"metainfo screenshot {image!r} is not linked from the tag v{version}")
    else:
        local = os.path.join(source_root, image[len(prefix):])
        if not os.path.isfile(local):
            problems.append(f"metainfo screenshot {image!r} is not in the repository")
        else:
            check_screenshot_png(local, image[len(prefix):])
    if not (screenshot.findtext("caption") or "").strip():
        problems.append(f"metainfo screenshot {image!r} has no caption")

keywords = [k.text.lower() for k in component.iter("keyword")]
with open(desktop_path) as f:
    for line in f:
        if line.startswith("Keywords"):
            keywords += line.split("=", 1)[1].strip().lower().split(";")
for keyword in keywords:
    if any(mark in keyword for mark in TRADEMARKS):
        problems.append(f"keyword {keyword!r} is a trademark")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
