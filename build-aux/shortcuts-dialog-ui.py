#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# shortcuts-dialog-ui.py WINDOW.ui DIALOG.ui
#
# Writes the AdwShortcutsDialog (libadwaita 1.8) that lists the same
# shortcuts as the GtkShortcutsWindow of WINDOW.ui
# (src/app/roster-shortcuts-window.ui), so that the two can't drift: that
# file stays the one list, which tests/check-shortcuts.py checks against
# the code and po/POTFILES.in lists for translation. Each GtkShortcutsGroup
# becomes an AdwShortcutsSection, each GtkShortcutsShortcut an
# AdwShortcutsItem, with the same titles, translation contexts and
# accelerators (both take GtkShortcutsShortcut's accelerator syntax), so
# the same translations apply. Fails on anything it does not know how to
# carry over, rather than drop it.

import sys
import xml.etree.ElementTree as ET

# What a GtkShortcutsShortcut may say, by the name AdwShortcutsItem has for it.
ITEM_PROPERTIES = {
    'title': 'title',
    'subtitle': 'subtitle',
    'accelerator': 'accelerator',
    'action-name': 'action-name',
    'direction': 'direction',
}
# Presentation of the window, which the dialog does its own way.
IGNORED = {
    'GtkShortcutsWindow': {'modal'},
    'GtkShortcutsSection': {'section-name', 'max-height', 'title'},
    'GtkShortcutsGroup': set(),
}


def fail(message):
    sys.exit(f'{sys.argv[1]}: {message}')


def objects(parent, class_name):
    for child in parent.findall('child'):
        for obj in child.findall('object'):
            if obj.get('class') != class_name:
                fail(f'a {obj.get("class")} where a {class_name} was expected')
            yield obj


def check_properties(obj, allowed):
    for prop in obj.findall('property'):
        if prop.get('name') not in allowed:
            fail(f'{obj.get("class")} property {prop.get("name")} has no place in the dialog')


def copy_property(prop, name):
    copy = ET.Element('property', dict(prop.attrib, name=name))
    copy.text = prop.text
    return copy


def child_of(parent, obj):
    child = ET.SubElement(parent, 'child')
    child.append(obj)
    return obj


def main():
    window_ui, dialog_ui = sys.argv[1:3]
    windows = [obj for obj in ET.parse(window_ui).getroot().findall('object')
               if obj.get('class') == 'GtkShortcutsWindow']
    if len(windows) != 1:
        fail('needs exactly one GtkShortcutsWindow')
    window = windows[0]
    check_properties(window, IGNORED['GtkShortcutsWindow'])

    interface = ET.Element('interface')
    ET.SubElement(interface, 'requires', lib='gtk', version='4.0')
    ET.SubElement(interface, 'requires', lib='Adw', version='1.0')
    dialog = ET.SubElement(interface, 'object', {'class': 'AdwShortcutsDialog', 'id': 'shortcuts_dialog'})

    items = 0
    for window_section in objects(window, 'GtkShortcutsSection'):
        check_properties(window_section, IGNORED['GtkShortcutsSection'])
        for group in objects(window_section, 'GtkShortcutsGroup'):
            check_properties(group, {'title'})
            section = child_of(dialog, ET.Element('object', {'class': 'AdwShortcutsSection'}))
            for prop in group.findall('property'):
                section.append(copy_property(prop, 'title'))
            for shortcut in objects(group, 'GtkShortcutsShortcut'):
                check_properties(shortcut, ITEM_PROPERTIES)
                item = child_of(section, ET.Element('object', {'class': 'AdwShortcutsItem'}))
                for prop in shortcut.findall('property'):
                    item.append(copy_property(prop, ITEM_PROPERTIES[prop.get('name')]))
                items += 1
    if items == 0:
        fail('lists no shortcut')

    ET.indent(interface, space='  ')
    with open(dialog_ui, 'w', encoding='utf-8') as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<!-- Generated from roster-shortcuts-window.ui by '
                  'build-aux/shortcuts-dialog-ui.py: edit that file. -->\n')
        out.write(ET.tostring(interface, encoding='unicode'))
        out.write('\n')


if __name__ == '__main__':
    main()
