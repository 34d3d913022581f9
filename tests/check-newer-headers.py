#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-newer-headers.py BUILD-ROOT SOURCE-ROOT HEADERS-DIR
#
# The compile test of the newer branches: every src/app/*.c is compiled
# with `-fsyntax-only` against the GLib, GTK and libadwaita headers of a
# newer platform (HEADERS-DIR/headers.tar.xz, see its README.md) instead of
# Debian 12's, with the GLIB_/GDK_/ADW_VERSION_MIN_REQUIRED/MAX_ALLOWED pins
# lifted, so every GTK_CHECK_VERSION/ADW_CHECK_VERSION takes its newer
# branch and every deprecation of that platform is reported. The normal
# build compiles the older (Debian 12) branches; this one compiles the
# newer ones, which nothing here can run.
#
# Each file is compiled twice: with the pins meson.build gives a newer GTK
# and libadwaita (the Flatpak's build, which must pass as it is), then with
# all pins lifted, for the deprecations.
#
# The commands are the build's own (BUILD-ROOT/compile_commands.json) with
# only the platform's include folders swapped, so the generated headers
# (roster-enums.h, config.h) and every warning flag are the same. Fails on
# any error, on a deprecated symbol that HEADERS-DIR/known-deprecations.txt
# does not list, and on a listed symbol that is no longer used (so the
# list only shrinks). Exits 77 (skipped) when the archive is absent or the
# machine is not the archive's architecture (glibconfig.h is per
# architecture).

import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tarfile

SKIP = 77

# The include folders of the three packages that the archive replaces, by
# the name pkg-config gives them on Debian; everything else (pango, cairo,
# graphene, harfbuzz…) stays Debian 12's, which the newer GTK accepts.
REPLACED_SUFFIXES = {
    '/include/glib-2.0': 'include/glib-2.0',
    '/glib-2.0/include': 'lib/glib-2.0-include',
    '/include/gio-unix-2.0': 'include/gio-unix-2.0',
    '/include/gtk-4.0': 'include/gtk-4.0',
    '/include/libadwaita-1': 'include/libadwaita-1',
}
PIN = re.compile(r'^-D(GLIB|GDK|ADW)_VERSION_(MIN_REQUIRED|MAX_ALLOWED)=')
# What meson.build gives the Flatpak's newer GTK and libadwaita: only their
# MAX_ALLOWED pins go, the rest stays at Debian 12's floor.
FLATPAK_PIN = re.compile(r'^-D(GDK|ADW)_VERSION_MAX_ALLOWED=')
DEPRECATED = re.compile(r"^(?P<where>[^:\s]+:\d+:\d+): (?:error|warning): "
                        r"[‘'](?P<symbol>[A-Za-z_][A-Za-z0-9_]*)[’'] is deprecated")
ERROR = re.compile(r'^[^:\s]+:\d+:\d+: (?:fatal )?error: ')


def unpack(archive, build_root):
    with open(archive, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    target = os.path.join(os.path.abspath(build_root), 'newer-headers', digest)
    stamp = os.path.join(target, '.unpacked')
    if not os.path.exists(stamp):
        os.makedirs(target, exist_ok=True)
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, 'data_filter'):
                tar.extractall(target, filter='data')
            else:
                tar.extractall(target)
        open(stamp, 'w').close()
    return target


def read_known(path):
    known = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                known[line] = 0
    return known


def newer_command(entry, headers, pin):
    argv = shlex.split(entry['command']) if 'command' in entry else list(entry['arguments'])
    out = [argv[0], '-fsyntax-only', '-fdiagnostics-color=never']
    i = 1
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg in ('-o', '-MF', '-MQ', '-MT'):
            i += 1
            continue
        if arg in ('-c', '-MD', '-MMD') or arg.startswith('-fdiagnostics-color') or pin.match(arg):
            continue
        if arg.startswith('-I'):
            for suffix, replacement in REPLACED_SUFFIXES.items():
                if arg.endswith(suffix):
                    arg = '-I' + os.path.join(headers, replacement)
                    break
        out.append(arg)
    # The source file itself was the last argument; keep it last.
    return out


def main():
    build_root, source_root, headers_dir = sys.argv[1:4]
    archive = os.path.join(headers_dir, 'headers.tar.xz')
    if not os.path.exists(archive):
        print(f'SKIP: {archive} is absent (see {headers_dir}/README.md)')
        return SKIP
    with open(os.path.join(headers_dir, 'VERSIONS'), encoding='utf-8') as f:
        versions = [line.split() for line in f if line.strip()]
    arch = {'x86_64': 'amd64', 'aarch64': 'arm64'}.get(platform.machine(), platform.machine())
    if any(v[2] != arch for v in versions):
        print(f'SKIP: the newer headers are for {versions[0][2]}, this machine is {arch}')
        return SKIP
    headers = unpack(archive, build_root)
    known = read_known(os.path.join(headers_dir, 'known-deprecations.txt'))

    with open(os.path.join(build_root, 'compile_commands.json'), encoding='utf-8') as f:
        entries = json.load(f)
    app_dir = os.path.realpath(os.path.join(source_root, 'src', 'app')) + os.sep
    seen = set()
    commands = []
    for entry in entries:
        path = os.path.realpath(os.path.join(entry['directory'], entry['file']))
        if path.startswith(app_dir) and path.endswith('.c') and path not in seen:
            seen.add(path)
            commands.append((path, entry['directory'], newer_command(entry, headers, PIN),
                             newer_command(entry, headers, FLATPAK_PIN)))
    if not commands:
        print(f'no src/app sources in {build_root}/compile_commands.json')
        return 1

    print('newer headers: ' + ', '.join(f'{v[0]} {v[1]}' for v in versions))
    failures = 0
    for path, directory, argv, flatpak_argv in sorted(commands):
        name = os.path.relpath(path, source_root)
        # First as the Flatpak builds it (pins at the floor but GTK's and
        # libadwaita's MAX_ALLOWED): not one diagnostic may fail it.
        result = subprocess.run(flatpak_argv, cwd=directory, capture_output=True, text=True)
        if result.returncode != 0:
            failures += 1
            print(f'FAIL {name} (with the Flatpak\'s pins)')
            print(result.stderr)
            continue
        # Then with every pin lifted, for the newer platform's deprecations.
        result = subprocess.run(argv, cwd=directory, capture_output=True, text=True)
        unknown = []
        for line in result.stderr.splitlines():
            match = DEPRECATED.match(line)
            if match:
                symbol = match.group('symbol')
                if symbol in known:
                    known[symbol] += 1
                else:
                    unknown.append(f'{match.group("where")}: {symbol} is deprecated')
        other_errors = [line for line in result.stderr.splitlines()
                        if ERROR.match(line) and not DEPRECATED.match(line)]
        if unknown or other_errors or (result.returncode != 0 and not result.stderr):
            failures += 1
            print(f'FAIL {name}')
            for line in unknown + other_errors:
                print('  ' + line)
            if not unknown and not other_errors:
                print(result.stderr or f'  exit status {result.returncode}')
        else:
            print(f'ok   {name}')

    stale = sorted(symbol for symbol, uses in known.items() if uses == 0)
    for symbol in stale:
        print(f'FAIL known-deprecations.txt lists {symbol}, which no source uses any more: remove it')
    left = sorted(symbol for symbol, uses in known.items() if uses)
    if left:
        print(f'still deprecated on the newer platform (known-deprecations.txt): {len(left)} symbols')
    print(f'{len(commands) - failures} of {len(commands)} sources compile against the newer headers')
    return 1 if failures or stale else 0


if __name__ == '__main__':
    sys.exit(main())
