#!/usr/bin/env python3
# Fails when a source file with user-visible strings is missing from
# po/POTFILES.in, or when POTFILES.in lists a file that does not exist.
import pathlib
import re
import sys

top = pathlib.Path(sys.argv[1])
listed = set()
for line in (top / "po" / "POTFILES.in").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

marker = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(|translatable="yes"')
needed = set()
for path in sorted((top / "src").rglob("*")):
    if path.suffix not in (".c", ".h", ".ui", ".in", ".xml"):
        continue
    if marker.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(top)))
for path in sorted((top / "data").rglob("*.in")):
    needed.add(str(path.relative_to(top)))

ok = True
for path in sorted(needed - listed):
    print(f"po/POTFILES.in is missing {path}: it has translatable strings")
    ok = False
for path in sorted(listed):
    if not (top / path).exists():
        print(f"po/POTFILES.in lists {path}, which does not exist")
        ok = False
sys.exit(0 if ok else 1)
