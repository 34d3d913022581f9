/* main.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;

  roster_application_init_i18n ();

  app = roster_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
