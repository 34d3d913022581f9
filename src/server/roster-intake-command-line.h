/* roster-intake-command-line.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RosterIntakeExit:
 * @ROSTER_INTAKE_EXIT_OK: done
 * @ROSTER_INTAKE_EXIT_FAILED: the command failed (the reason is on
 *   standard error)
 * @ROSTER_INTAKE_EXIT_USAGE: the command line was wrong
 */
typedef enum
{
  ROSTER_INTAKE_EXIT_OK = 0,
  ROSTER_INTAKE_EXIT_FAILED = 1,
  ROSTER_INTAKE_EXIT_USAGE = 2,
} RosterIntakeExit;

int roster_intake_command_line_run (int    argc,
                                    char **argv);

G_END_DECLS
