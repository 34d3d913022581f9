/* test-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window, in a real X server.
 */

#include "config.h"

#include "roster-application.h"
#include "roster-form.h"
#include "roster-window.h"
#include "test-gui-fixtures.h"

/* The window opens on a new request's first step, with a sidebar of the
 * steps that apply before anything is answered. */
static void
test_window_opens_editor (void)
{
  g_autoptr(RosterApplication) app = roster_application_new ();
  static const char * const steps[] = { "request", "user", "submitter", "attestation", "review" };
  static const char * const hidden[] = { "services", "alerts", "delegation", "record_access", "termination" };
  g_autoptr(GError) error = NULL;
  RosterRequestEditor *editor;
  RosterWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));

  editor = test_open_new_request (window);
  g_assert_cmpstr (roster_request_editor_get_current (editor), ==, "request");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_true (gtk_widget_get_mapped (roster_request_editor_get_section_row (editor, steps[i])));
  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    g_assert_false (gtk_widget_get_mapped (roster_request_editor_get_section_row (editor, hidden[i])));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();

  if (!gtk_init_check ())
    {
      g_test_add_func ("/window/opens-editor", test_skip_without_display);
      return g_test_run ();
    }

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window/opens-editor", test_window_opens_editor);

  return g_test_run ();
}
