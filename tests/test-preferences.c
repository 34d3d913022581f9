/* test-preferences.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings, Preferences, the primary menu, About and the shortcuts window,
 * in a real X server with the memory settings backend.
 */

#include "config.h"

#include <string.h>

#include "roster-application.h"
#include "roster-preferences-page.h"
#include "roster-request.h"
#include "roster-window.h"
#include "test-gui-fixtures.h"

static gboolean
spin_until (gboolean (*condition) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  return condition (data);
}

static GObject *
child (gpointer    window,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), type, name);

  g_assert_nonnull (object);
  return object;
}

/* One application for the whole run: a second one with the same id could
 * not export itself on the bus. */
static RosterApplication *the_app;

static RosterApplication *
new_registered_application (void)
{
  RosterApplication *app = g_object_ref (the_app);
  GSettings *settings;

  roster_application_set_endpoint_override (app, NULL);

  /* The memory backend keeps values between tests: start clean. */
  settings = roster_application_get_settings (app);
  g_settings_reset (settings, "endpoint");
  g_settings_reset (settings, "organization-name");
  g_settings_reset (settings, "submitter-name");
  g_settings_reset (settings, "submitter-email");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");

  return app;
}

static void
destroy_all_windows (RosterApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
}

static void
test_schema_defaults (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  g_autofree char *endpoint = g_settings_get_string (settings, "endpoint");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;

  g_assert_cmpstr (endpoint, ==, "");
  g_assert_cmpuint (g_settings_get_uint (settings, "autosave-delay"), ==, 1000);
  g_assert_null (roster_application_dup_endpoint (app));

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "autosave-delay");
  {
    /* range_check does not sink its value: take and drop our own refs. */
    static const guint32 values[] = { 99, 100, 10000, 10001 };
    static const gboolean in_range[] = { FALSE, TRUE, TRUE, FALSE };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_uint32 (values[i]));
        g_assert_cmpint (g_settings_schema_key_range_check (key, value), ==, in_range[i]);
      }
  }
}

/* Closes the dialog @page is in (a window on libadwaita < 1.5, which the
 * tests run). */
static void
close_preferences (RosterPreferencesPage *page)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
}

/* The endpoint row saves an acceptable address, and shows the reason under
 * the row for one that is not, keeping the saved one. */
static void
test_preferences_endpoint (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  RosterPreferencesPage *preferences;
  GtkEditable *endpoint_row;
  GtkWidget *message;
  g_autofree char *saved = NULL;
  g_autofree char *effective = NULL;

  preferences = roster_preferences_page_new (app);
  roster_preferences_page_present (preferences, NULL);
  test_wait_until_mapped (GTK_WIDGET (preferences));

  endpoint_row = GTK_EDITABLE (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "endpoint_row"));
  message = GTK_WIDGET (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "endpoint_message"));
  g_assert_false (gtk_widget_get_visible (message));

  gtk_editable_set_text (endpoint_row, "http://intake.example.org/");
  g_signal_emit_by_name (endpoint_row, "apply");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "https://"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (endpoint_row), "error"));
  saved = g_settings_get_string (settings, "endpoint");
  g_assert_cmpstr (saved, ==, "");
  g_clear_pointer (&saved, g_free);

  /* Editing again takes the reason away. */
  gtk_editable_set_text (endpoint_row, "http://127.0.0.1:8080/");
  g_assert_false (gtk_widget_get_visible (message));
  g_signal_emit_by_name (endpoint_row, "apply");
  g_assert_false (gtk_widget_get_visible (message));
  /* Saved in its one spelling (roster_endpoint_normalize()). */
  saved = g_settings_get_string (settings, "endpoint");
  g_assert_cmpstr (saved, ==, "http://127.0.0.1:8080");
  g_clear_pointer (&saved, g_free);

  gtk_editable_set_text (endpoint_row, "  https://intake.example.org/v1  ");
  g_signal_emit_by_name (endpoint_row, "apply");
  saved = g_settings_get_string (settings, "endpoint");
  g_assert_cmpstr (saved, ==, "https://intake.example.org/v1");
  effective = roster_application_dup_endpoint (app);
  g_assert_cmpstr (effective, ==, "https://intake.example.org/v1");

  close_preferences (preferences);
}

/* --endpoint and HIE_ROSTER_ENDPOINT win over the setting for one run, and
 * Preferences says so. */
static void
test_endpoint_override (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  RosterPreferencesPage *preferences;
  GtkWidget *note;
  g_autofree char *effective = NULL;

  g_settings_set_string (roster_application_get_settings (app), "endpoint", "https://intake.example.org/");
  roster_application_set_endpoint_override (app, "http://localhost:8080/");
  effective = roster_application_dup_endpoint (app);
  g_assert_cmpstr (effective, ==, "http://localhost:8080/");

  preferences = roster_preferences_page_new (app);
  roster_preferences_page_present (preferences, NULL);
  test_wait_until_mapped (GTK_WIDGET (preferences));
  note = GTK_WIDGET (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "endpoint_override_label"));
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "http://localhost:8080/"));

  close_preferences (preferences);
}

/* The organization rows write the settings, and a new request starts with them. */
static void
test_organization_defaults (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  RosterPreferencesPage *preferences;
  g_autofree char *saved = NULL;
  RosterRequest *request;
  RosterWindow *window;

  preferences = roster_preferences_page_new (app);
  roster_preferences_page_present (preferences, NULL);
  test_wait_until_mapped (GTK_WIDGET (preferences));

  gtk_editable_set_text (GTK_EDITABLE (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "organization_row")),
                         "Family Care Medical Group");
  gtk_editable_set_text (GTK_EDITABLE (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "submitter_name_row")),
                         "Rosa Delgado");
  gtk_editable_set_text (GTK_EDITABLE (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "submitter_email_row")),
                         "rosa.delgado@familycare.example.org");
  saved = g_settings_get_string (settings, "organization-name");
  g_assert_cmpstr (saved, ==, "Family Care Medical Group");
  close_preferences (preferences);

  window = roster_window_new (app);
  request = roster_request_editor_get_request (test_open_new_request (window));
  g_assert_cmpstr (roster_request_get_text (request, "user.organization"), ==, "Family Care Medical Group");
  g_assert_cmpstr (roster_request_get_text (request, "submitter.name"), ==, "Rosa Delgado");
  g_assert_cmpstr (roster_request_get_text (request, "submitter.email"), ==, "rosa.delgado@familycare.example.org");
  g_assert_false (roster_request_has_answer (request, "user.first_name"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Blank defaults leave the fields unanswered. */
  g_settings_reset (settings, "organization-name");
  window = roster_window_new (app);
  request = roster_request_editor_get_request (test_open_new_request (window));
  g_assert_false (roster_request_has_answer (request, "user.organization"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The NPI Registry switch: on by default, and off, a window asks no
 * registry; the registry's address is the setting's unless a run gives
 * another (HIE_ROSTER_NPI_REGISTRY), and a bad one turns lookups off. */
static void
test_npi_registry_switch (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  g_autofree char *test_url = g_strdup (g_getenv ("HIE_ROSTER_NPI_REGISTRY"));
  g_autofree char *url = NULL;
  RosterPreferencesPage *preferences;
  GtkSwitch *toggle;
  RosterWindow *window;

  preferences = roster_preferences_page_new (app);
  roster_preferences_page_present (preferences, NULL);
  test_wait_until_mapped (GTK_WIDGET (preferences));
  toggle = GTK_SWITCH (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "npi_registry_switch"));
  g_assert_true (gtk_switch_get_active (toggle));

  g_unsetenv ("HIE_ROSTER_NPI_REGISTRY");
  url = roster_application_dup_npi_registry_url (app);
  g_assert_cmpstr (url, ==, "https://npiregistry.cms.hhs.gov/api/");
  g_clear_pointer (&url, g_free);
  g_setenv ("HIE_ROSTER_NPI_REGISTRY", "http://registry.example.org/", TRUE);
  g_assert_null (roster_application_dup_npi_registry_url (app));
  g_setenv ("HIE_ROSTER_NPI_REGISTRY", test_url, TRUE);
  url = roster_application_dup_npi_registry_url (app);
  g_assert_cmpstr (url, ==, test_url);

  gtk_widget_activate (GTK_WIDGET (toggle));
  g_assert_false (g_settings_get_boolean (settings, "npi-registry-enabled"));
  g_assert_null (roster_application_dup_npi_registry_url (app));
  close_preferences (preferences);

  window = roster_window_new (app);
  g_assert_null (roster_window_get_npi_registry (window));
  g_settings_reset (settings, "npi-registry-enabled");
  roster_window_refresh_delivery (window);
  g_assert_nonnull (roster_window_get_npi_registry (window));
  g_assert_cmpstr (roster_npi_registry_get_url (roster_window_get_npi_registry (window)), ==, test_url);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Days between access reviews: 90 unless changed, kept in the settings
 * as the spin button says, and within 7–366. */
static void
test_access_review_days (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  RosterPreferencesPage *preferences;
  GtkSpinButton *spin;

  preferences = roster_preferences_page_new (app);
  roster_preferences_page_present (preferences, NULL);
  test_wait_until_mapped (GTK_WIDGET (preferences));
  spin = GTK_SPIN_BUTTON (child (preferences, ROSTER_TYPE_PREFERENCES_PAGE, "access_review_spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 90);

  gtk_spin_button_set_value (spin, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "access-review-days"), ==, 30);
  gtk_spin_button_set_value (spin, 1000);
  g_assert_cmpuint (g_settings_get_uint (settings, "access-review-days"), ==, 366);

  g_settings_set_uint (settings, "access-review-days", 45);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 45);

  g_settings_reset (settings, "access-review-days");
  close_preferences (preferences);
}

/* The window opens at the size it was closed at. */
static void
test_window_size (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GSettings *settings = roster_application_get_settings (app);
  RosterWindow *window;
  int width;
  int height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);

  window = roster_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  destroy_all_windows (app);
}

static gboolean
has_window_of_type (gpointer data)
{
  GList *windows = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, GPOINTER_TO_SIZE (data)) && gtk_widget_get_mapped (l->data))
      found = TRUE;
  g_list_free (windows);

  return found;
}

static void
destroy_windows_of_type (GType type)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      gtk_window_destroy (l->data);
  g_list_free (windows);
}

static gboolean
accels_contain (RosterApplication *app,
                const char        *action,
                const char        *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  return g_strv_contains ((const char * const *) accels, accel);
}

static void
assert_accels (RosterApplication *app,
               const char        *action,
               const char        *accel)
{
  g_assert_true (accels_contain (app, action, accel));
}

/* The primary menu's three items open Preferences, the shortcuts window and
 * About, each with its keyboard shortcut. */
static void
test_menu_and_windows (void)
{
  g_autoptr(RosterApplication) app = new_registered_application ();
  GtkShortcutsWindow *help_overlay;
  RosterWindow *window;

  assert_accels (app, "app.preferences", "<Control>comma");
  assert_accels (app, "app.quit", "<Control>q");
  assert_accels (app, "win.show-help-overlay", "<Control>question");
  /* Not an application accelerator: those run before the focused field. */
  g_assert_false (accels_contain (app, "win.show-help-overlay", "question"));

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));

  /* The shortcuts window is built when first asked for, then kept. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (spin_until (has_window_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  help_overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (help_overlay);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (help_overlay)) == GTK_WINDOW (window));
  gtk_widget_set_visible (GTK_WIDGET (help_overlay), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == help_overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help_overlay)));
  gtk_widget_set_visible (GTK_WIDGET (help_overlay), FALSE);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (spin_until (has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW)));
  destroy_windows_of_type (ADW_TYPE_ABOUT_WINDOW);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (spin_until (has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW)));
  destroy_windows_of_type (ADW_TYPE_PREFERENCES_WINDOW);

  /* Quit closes the window through close-request, which saves its size. */
  g_settings_set_int (roster_application_get_settings (app), "window-width", 1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_cmpint (g_settings_get_int (roster_application_get_settings (app), "window-width"), >, 1);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();

  if (!gtk_init_check ())
    {
      g_test_add_func ("/preferences/skipped", test_skip_without_display);
      return g_test_run ();
    }

  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  the_app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (the_app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  g_test_add_func ("/settings/schema-defaults", test_schema_defaults);
  g_test_add_func ("/preferences/endpoint", test_preferences_endpoint);
  g_test_add_func ("/preferences/endpoint-override", test_endpoint_override);
  g_test_add_func ("/preferences/organization-defaults", test_organization_defaults);
  g_test_add_func ("/preferences/npi-registry-switch", test_npi_registry_switch);
  g_test_add_func ("/preferences/access-review-days", test_access_review_days);
  g_test_add_func ("/window/size-is-remembered", test_window_size);
  g_test_add_func ("/application/menu-and-windows", test_menu_and_windows);

  status = g_test_run ();
  g_clear_object (&the_app);

  return status;
}
