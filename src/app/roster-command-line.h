/* roster-command-line.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command-line actions, documented in README.md. */
typedef enum
{
  ROSTER_EXIT_OK         = 0,
  ROSTER_EXIT_HAS_ISSUES = 1,
  ROSTER_EXIT_UNREADABLE = 2,
} RosterExitStatus;

int roster_command_line_validate (const char *path,
                                  const char *npi_registry);
int roster_command_line_queue    (const char *path,
                                  const char *npi_registry);
int roster_command_line_send     (const char *endpoint);
int roster_command_line_list     (void);
int roster_command_line_people   (const char *format);
int roster_command_line_import_people (const char *path,
                                       gboolean    dry_run);
int roster_command_line_export_questionnaire (const char *form_id);
int roster_command_line_export_response      (const char *path);

G_END_DECLS
