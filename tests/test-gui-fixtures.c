/* test-gui-fixtures.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

/* Drafts go to a scratch store, never to the user's. Call before the
 * first window opens. */
void
test_use_scratch_data_dir (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-gui-XXXXXX");

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
}

/* Registered in place of the tests when gtk_init_check() fails. */
void
test_skip_without_display (void)
{
  g_test_skip ("No display to open windows on");
}

/* A new request in the window's editor, as "New Request" makes one. */
RosterRequestEditor *
test_open_new_request (RosterWindow *window)
{
  RosterMainView *view = roster_window_get_main_view (window);

  roster_main_view_start_request (view, roster_form_get_account_change ());
  return roster_main_view_get_editor (view);
}

void
test_wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (gtk_widget_get_mapped (widget));
}
