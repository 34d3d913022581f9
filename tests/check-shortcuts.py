#!/usr/bin/env python3
# Fails when a keyboard shortcut in src/app is missing from the shortcuts
# window (src/app/roster-shortcuts-window.ui): every class key binding,
# every shortcut trigger, and every application accelerator (listed by
# its accelerator, or by its action name, whose accelerator GTK shows).
# On libadwaita 1.8 Roster shows an AdwShortcutsDialog instead, generated
# from that same file (build-aux/shortcuts-dialog-ui.py), so one check
# covers both.
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

top = pathlib.Path(sys.argv[1])
app = top / "src" / "app"

MASKS = {"GDK_CONTROL_MASK": "<Control>", "GDK_ALT_MASK": "<Alt>", "GDK_SHIFT_MASK": "<Shift>", "0": ""}


def accelerator(key, mask):
    prefix = "".join(MASKS[m.strip()] for m in mask.split("|"))
    return prefix + key


listed_accels = set()
listed_actions = set()
ui = ET.parse(app / "roster-shortcuts-window.ui")
for shortcut in ui.iter("object"):
    if shortcut.get("class") != "GtkShortcutsShortcut":
        continue
    for prop in shortcut.findall("property"):
        if prop.get("name") == "accelerator":
            listed_accels.update(prop.text.split())
        elif prop.get("name") == "action-name":
            listed_actions.add(prop.text)

binding = re.compile(r"(?:add_binding_action|add_binding|gtk_keyval_trigger_new)\s*\(\s*(?:widget_class\s*,\s*)?GDK_KEY_(\w+)\s*,\s*([\w |]+?)\s*[,)]")
accels = re.compile(r'set_accels_for_action\s*\([^,]+,\s*"([\w.-]+)",\s*\(const char \*\[\]\)\s*\{([^}]*)\}')

missing = []
for path in sorted(app.glob("*.c")):
    text = path.read_text(encoding="utf-8")
    for key, mask in binding.findall(text):
        accel = accelerator(key, mask)
        if accel not in listed_accels:
            missing.append(f"{path.name}: {accel}")
    for action, values in accels.findall(text):
        names = re.findall(r'"([^"]+)"', values)
        if action not in listed_actions and not any(name in listed_accels for name in names):
            missing.append(f"{path.name}: {action} ({', '.join(names)})")

checked = len(binding.findall("".join(p.read_text(encoding="utf-8") for p in app.glob("*.c"))))
if missing:
    print("Shortcuts missing from the shortcuts window:")
    for line in missing:
        print("  " + line)
    sys.exit(1)
print(f"{checked} key bindings and the app's accelerators are all in the shortcuts window")
