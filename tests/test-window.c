/* test-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window, in a real X server: it lists the form's sections, from
 * the definition, in order.
 */

#include "config.h"

#include "roster-application.h"
#include "roster-form.h"
#include "roster-window.h"

static void
collect_expander_rows (GtkWidget *widget,
                       GPtrArray *rows)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_expander_rows (child, rows);
}

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (gtk_widget_get_mapped (widget));
}

static void
test_window_lists_sections (void)
{
  g_autoptr(RosterApplication) app = roster_application_new ();
  const RosterForm *form = roster_form_get_account_change ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  RosterWindow *window;
  guint index = 0;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (GTK_WIDGET (window));

  collect_expander_rows (GTK_WIDGET (window), rows);

  for (const RosterSection *section = form->sections; section->id != NULL; section++, index++)
    {
      GtkWidget *row;

      g_assert_cmpuint (index, <, rows->len);
      row = g_ptr_array_index (rows, index);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, section->title);
      g_assert_true (gtk_widget_get_mapped (row));
    }
  g_assert_cmpuint (rows->len, ==, index);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
skip_without_display (void)
{
  g_test_skip ("No display to open windows on");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/window/lists-sections", skip_without_display);
      return g_test_run ();
    }

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window/lists-sections", test_window_lists_sections);

  return g_test_run ();
}
