/* test-secret.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API token, through the Preferences window, into a keyring and back,
 * on a private D-Bus session with a private gnome-keyring-daemon under a
 * scratch HOME. Built twice: with ROSTER_TEST_KEYRING=1 it starts the
 * keyring; with 0 there is no Secret Service at all, and the window must
 * say so and offer to keep the token for this session only.
 *
 * Either way, the token must appear in no file under the scratch HOME,
 * where the data, config and cache folders, the settings (keyfile
 * backend, so they are really on disk) and the keyring live.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "roster-application.h"
#include "roster-preferences-page.h"
#include "roster-secret.h"

#include "test-fixtures.h"

#define ENDPOINT "https://intake.example.org/"
#define TOKEN    "rst_live_7Qm2ZxK9fVb4Lp0Wc8Ny3Hd6Tj1Ra5Eu"

static char *scratch_home;
static GTestDBus *bus;

static gboolean
spin_until (gboolean (*condition) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  return condition (data);
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GObject *
child (gpointer    page,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), ROSTER_TYPE_PREFERENCES_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct
{
  gboolean  done;
  char     *token;
  GError   *error;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->token = roster_secret_lookup_token_finish (result, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
lookup_is_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* Reads the token back through the API the delivery code uses. */
static char *
lookup_token (const char  *endpoint,
              GError     **error)
{
  Lookup lookup = { 0 };

  roster_secret_lookup_token_async (endpoint, NULL, lookup_cb, &lookup);
  g_assert_true (spin_until (lookup_is_done, &lookup));
  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);

  return lookup.token;
}

/* Binary-safe: keyrings and databases hold NUL bytes. */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

/* Walks every file under @path and fails if @needle is in any of them.
 * Returns how many files were read, so a walk of nothing is noticed. */
static guint
assert_not_in_files (const char *path,
                     const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n_files = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_path = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child_path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          n_files += assert_not_in_files (child_path, needle);
          continue;
        }
      if (!g_file_test (child_path, G_FILE_TEST_IS_REGULAR))
        continue;   /* sockets of the keyring daemon */

      g_assert_true (g_file_get_contents (child_path, &contents, &length, NULL));
      if (bytes_contain (contents, length, needle))
        g_error ("The token was written to %s", child_path);
      n_files++;
    }

  return n_files;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  return g_file_get_contents (path, &contents, &length, NULL)
         && bytes_contain (contents, length, needle);
}

/* Closes the dialog @page is in (a window on libadwaita < 1.5, which the
 * tests run). */
static void
close_preferences (RosterPreferencesPage *page)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
}

static RosterPreferencesPage *
open_preferences (RosterApplication *app)
{
  RosterPreferencesPage *preferences = roster_preferences_page_new (app);

  roster_preferences_page_present (preferences, NULL);
  g_assert_true (spin_until (widget_is_mapped, preferences));

  return preferences;
}

static RosterApplication *
new_application (void)
{
  RosterApplication *app = roster_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (roster_application_get_settings (app), "endpoint", ENDPOINT);
  g_settings_sync ();

  return app;
}

static void
assert_token_in_no_file (void)
{
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);

  g_settings_sync ();

  /* The walk does see the settings: the endpoint is on disk, in plain text. */
  g_assert_true (file_contains (keyfile, "intake.example.org"));

  g_assert_cmpuint (assert_not_in_files (scratch_home, TOKEN), >, 0);
  assert_not_in_files (g_get_user_data_dir (), TOKEN);
  assert_not_in_files (g_get_user_config_dir (), TOKEN);
  assert_not_in_files (g_get_user_cache_dir (), TOKEN);
}

#if ROSTER_TEST_KEYRING

static void
test_token_in_keyring (void)
{
  g_autoptr(RosterApplication) app = new_application ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *keyring_dir = NULL;
  RosterPreferencesPage *preferences;
  GtkWidget *remove_button;
  GtkEditable *token_row;

  preferences = open_preferences (app);
  token_row = GTK_EDITABLE (child (preferences, "token_row"));
  remove_button = GTK_WIDGET (child (preferences, "remove_token_button"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (token_row)));

  token = lookup_token (ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  gtk_editable_set_text (token_row, TOKEN);
  g_signal_emit_by_name (token_row, "apply");
  g_assert_true (spin_until (widget_is_visible, remove_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (preferences, "keep_for_session_button"))));
  /* The row is emptied: the token is never shown again. */
  g_assert_cmpstr (gtk_editable_get_text (token_row), ==, "");

  token = lookup_token (ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);
  g_clear_pointer (&token, g_free);
  g_assert_false (roster_secret_has_session_token (ENDPOINT));

  /* Keyed by endpoint. */
  token = lookup_token ("https://other.example.org/", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* The keyring itself is a file under the scratch data folder, encrypted. */
  keyring_dir = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_assert_true (g_file_test (keyring_dir, G_FILE_TEST_IS_DIR));
  assert_token_in_no_file ();

  /* A new window finds the saved token. */
  close_preferences (preferences);
  preferences = open_preferences (app);
  remove_button = GTK_WIDGET (child (preferences, "remove_token_button"));
  g_assert_true (spin_until (widget_is_visible, remove_button));

  g_signal_emit_by_name (remove_button, "clicked");
  g_assert_true (spin_until ((gboolean (*) (gpointer)) gtk_widget_is_sensitive, child (preferences, "token_row")));
  while (gtk_widget_get_visible (remove_button))
    g_main_context_iteration (NULL, TRUE);
  token = lookup_token (ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  close_preferences (preferences);
}

#else

static void
test_token_without_keyring (void)
{
  g_autoptr(RosterApplication) app = new_application ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  RosterPreferencesPage *preferences;
  GtkWidget *keep_button;
  GtkWidget *status;
  GtkEditable *token_row;

  preferences = open_preferences (app);
  token_row = GTK_EDITABLE (child (preferences, "token_row"));
  keep_button = GTK_WIDGET (child (preferences, "keep_for_session_button"));
  status = GTK_WIDGET (child (preferences, "token_status_label"));

  /* The window says at once that there is no keyring. */
  g_assert_true (spin_until (widget_is_visible, keep_button));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "keyring"));

  /* Saving fails the same way and does not fall back to anything. */
  gtk_editable_set_text (token_row, TOKEN);
  g_signal_emit_by_name (token_row, "apply");
  g_assert_true (spin_until (widget_is_visible, keep_button));
  token = lookup_token (ENDPOINT, &error);
  g_assert_nonnull (error);
  g_assert_null (token);
  g_clear_error (&error);

  g_signal_emit_by_name (keep_button, "clicked");
  g_assert_false (gtk_widget_get_visible (keep_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (preferences, "remove_token_button"))));
  g_assert_cmpstr (gtk_editable_get_text (token_row), ==, "");
  g_assert_true (roster_secret_has_session_token (ENDPOINT));
  /* The same endpoint, spelled another way, finds the same token. */
  g_assert_true (roster_secret_has_session_token ("HTTPS://Intake.Example.ORG:443"));

  token = lookup_token (ENDPOINT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);
  g_clear_pointer (&token, g_free);

  assert_token_in_no_file ();

  close_preferences (preferences);
}

#endif

static gboolean
start_keyring (void)
{
#if ROSTER_TEST_KEYRING
  return test_start_keyring ();
#else
  return TRUE;
#endif
}

static void
skip (void)
{
  g_test_skip ("No display, or no gnome-keyring-daemon");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *display = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Everything the test writes stays in a scratch HOME, read afterwards. */
  scratch_home = g_dir_make_tmp ("roster-secret-XXXXXX", NULL);
  g_assert_nonnull (scratch_home);
  g_setenv ("HOME", scratch_home, TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (scratch_home, ".local", "share", NULL), TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (scratch_home, ".config", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (scratch_home, ".cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", g_build_filename (scratch_home, "run", NULL), TRUE);
  g_mkdir_with_parents (g_getenv ("XDG_RUNTIME_DIR"), 0700);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  /* A private session bus with no service files: nothing is activated
   * behind the test's back, and the user's own keyring is never touched. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* GTestDBus unsets DISPLAY along with the user's bus; the X server of
   * the test run is still wanted. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (!gtk_init_check () || !start_keyring ())
    {
      g_test_add_func ("/secret/skipped", skip);
      status = g_test_run ();
    }
  else
    {
      adw_init ();
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
#if ROSTER_TEST_KEYRING
      g_test_add_func ("/secret/token-in-keyring", test_token_in_keyring);
#else
      g_test_add_func ("/secret/token-without-keyring", test_token_without_keyring);
#endif
      status = g_test_run ();
    }

  /* Not _down(), and no unref (whose dispose calls _down()): GTK and
   * libsecret keep the bus connection to the end, and _down() would wait
   * 30 s for it to go. Stopping the bus also ends the keyring daemon. */
  g_test_dbus_stop (bus);
  test_remove_tree (scratch_home);

  return status;
}
