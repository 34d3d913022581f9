/* main.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-application.h"
#include "roster-secret.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;

  /* Before anything else, while there is one thread: HIE_ROSTER_TOKEN
   * leaves the environment. */
  roster_secret_get_environment_token ();

  roster_application_init_i18n ();

  app = roster_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
