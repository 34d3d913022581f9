#!/usr/bin/env python3
# Every catalog in po/LINGUAS is complete: msgfmt --check passes with no
# fuzzy or untranslated message, and it has every message the sources have
# now (a template made fresh with xgettext, the same way meson's glib
# preset makes po/hie-roster.pot), so a new string without a translation
# fails here rather than in front of a user.
#
#   check-translations.py SOURCE_ROOT GETTEXT_PACKAGE
import pathlib
import subprocess
import sys
import tempfile

top = pathlib.Path(sys.argv[1])
package = sys.argv[2]
po = top / "po"

xgettext_args = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

ok = True
languages = [l.strip() for l in (po / "LINGUAS").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
if not languages:
    print("po/LINGUAS lists no language")
    sys.exit(1)

with tempfile.TemporaryDirectory() as tmp:
    template = pathlib.Path(tmp) / f"{package}.pot"
    subprocess.run(["xgettext", f"--package-name={package}", "--directory", str(top),
                    "--files-from", str(po / "POTFILES.in"), "--output", str(template)]
                   + xgettext_args, check=True)

    for lang in languages:
        catalog = po / f"{lang}.po"
        result = subprocess.run(["msgfmt", "--check", "--statistics", "--output-file=/dev/null",
                                 str(catalog)], capture_output=True, text=True)
        statistics = (result.stdout + result.stderr).strip()
        print(f"{lang}: {statistics}")
        if result.returncode != 0 or "fuzzy" in statistics or "untranslated" in statistics:
            print(f"po/{lang}.po is not complete and clean")
            ok = False

        result = subprocess.run(["msgcmp", str(catalog), str(template)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr.strip())
            print(f"po/{lang}.po lacks messages the sources have: run "
                  f"`meson compile -C BUILD {package}-pot`, then "
                  f"`msgmerge --update po/{lang}.po po/{package}.pot`, and translate them")
            ok = False

sys.exit(0 if ok else 1)
