/* test-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window, in a real X server.
 */

#include "config.h"

#include <string.h>

#include "roster-application.h"
#include "roster-form.h"
#include "roster-window.h"
#include "test-gui-fixtures.h"

/* One registered application for the whole program: a second one could
 * not export itself on the bus under the same id. */
static RosterApplication *
get_application (void)
{
  static RosterApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = roster_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }

  return app;
}

/* The window opens on a new request's first step, with a sidebar of the
 * steps that apply before anything is answered. */
static void
test_window_opens_editor (void)
{
  static const char * const steps[] = { "request", "user", "submitter", "attestation", "review" };
  static const char * const hidden[] = { "services", "alerts", "delegation", "record_access", "termination" };
  RosterRequestEditor *editor;
  RosterWindow *window;

  window = roster_window_new (get_application ());
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

static GtkMenuButton *
find_mapped_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)) &&
      gtk_widget_get_mapped (widget))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_mapped_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The primary menu, made when first opened, holds Preferences, Keyboard
 * Shortcuts and About, on the list and in the editor. */
static void
test_window_primary_menu (void)
{
  RosterWindow *window = roster_window_new (get_application ());

  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GMenuModel) section = NULL;
      GtkMenuButton *button;

      if (i == 1)
        test_open_new_request (window);
      while (g_main_context_iteration (NULL, FALSE));

      button = find_mapped_primary_menu_button (GTK_WIDGET (window));
      g_assert_nonnull (button);
      g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
      gtk_menu_button_popup (button);
      g_assert_nonnull (gtk_menu_button_get_popover (button));
      g_assert_nonnull (gtk_menu_button_get_menu_model (button));
      g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (button)), ==, 1);
      section = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (button), 0, G_MENU_LINK_SECTION);
      g_assert_cmpint (g_menu_model_get_n_items (section), ==, 3);
      gtk_menu_button_popdown (button);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwStatusPage *
find_mapped_status_page (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget))
    return ADW_STATUS_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_mapped_status_page (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A store that can't be opened: the window says why, under a header bar
 * the administrator can close it with. */
static void
test_window_store_error (void)
{
  g_autofree char *data_dir = g_strdup (g_getenv ("HIE_ROSTER_DATA_DIR"));
  g_autofree char *not_a_folder = g_build_filename (data_dir, "not-a-folder", NULL);
  g_autofree char *inside = g_build_filename (not_a_folder, "hie-roster", NULL);
  AdwStatusPage *page;
  RosterWindow *window;

  g_assert_true (g_file_set_contents (not_a_folder, "", 0, NULL));
  g_setenv ("HIE_ROSTER_DATA_DIR", inside, TRUE);

  window = roster_window_new (get_application ());
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));

  g_assert_null (roster_window_get_main_view (window));
  page = find_mapped_status_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  g_assert_nonnull (strstr (adw_status_page_get_description (page), inside));

  gtk_window_destroy (GTK_WINDOW (window));
  g_setenv ("HIE_ROSTER_DATA_DIR", data_dir, TRUE);
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
  g_test_add_func ("/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/window/store-error", test_window_store_error);

  return g_test_run ();
}
