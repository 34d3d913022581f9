/* roster-command-line.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-command-line"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "roster-command-line.h"
#include "roster-payload.h"

/**
 * roster_command_line_validate:
 * @path: a payload file, or "-" for standard input
 *
 * `hie-roster --validate FILE`: prints each issue of the payload as
 * `field: message` on standard output. Needs no display.
 *
 * Returns: %ROSTER_EXIT_OK when the payload could be sent as it is,
 *   %ROSTER_EXIT_HAS_ISSUES when it has issues, %ROSTER_EXIT_UNREADABLE
 *   (with the reason on standard error) when it cannot be read or parsed
 */
int
roster_command_line_validate (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;
  GDate today;

  g_return_val_if_fail (path != NULL, ROSTER_EXIT_UNREADABLE);

  file = g_str_equal (path, "-") ? g_file_new_for_path ("/dev/stdin") : g_file_new_for_commandline_arg (path);
  display_name = g_filename_display_name (path);

  if (!(payload = roster_payload_load_file (file, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  roster_rules_get_today (&today);

  if (!(issues = roster_payload_check (payload, &today, &error)))
    {
      g_printerr (_("%s: cannot be read: %s\n"), display_name, error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      g_print ("%s: %s\n", issue->path, issue->message);
    }

  return issues->len == 0 ? ROSTER_EXIT_OK : ROSTER_EXIT_HAS_ISSUES;
}
