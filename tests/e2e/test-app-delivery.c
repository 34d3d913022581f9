/* test-app-delivery.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivery by the app's own window, against the real intake server:
 * offline → online with the network monitor flapping, and the HIE's
 * status of a sent request refreshed from the status endpoint.
 */

#include "config.h"

#include <string.h>

#include "intake-test-util.h"
#include "roster-application.h"
#include "roster-main-view.h"
#include "roster-payload.h"
#include "roster-window.h"
#include "test-fixtures.h"
#include "test-gui-fixtures.h"

#define REQUESTS 10

static RosterApplication *app;

static guint
count_sent (RosterStore *store)
{
  g_autoptr(GPtrArray) entries = roster_store_list (store, NULL, NULL);
  guint sent = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      if (((RosterStoreEntry *) entries->pdata[i])->state == ROSTER_REQUEST_STATE_SENT)
        sent++;
    }

  return sent;
}

static void
test_network_flap (void)
{
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "app", NULL);
  g_autofree char *token = NULL;
  g_autoptr(RosterStore) store = NULL;
  IntakeTestServer *server;
  RosterWindow *window;
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  gint64 deadline;

  server = intake_test_server_start (dir, server_args);
  token = intake_test_add_token (server->db_path, "Upstate University Hospital");
  g_setenv ("HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  g_setenv ("HIE_ROSTER_TOKEN", token, TRUE);

  /* Ten requests that failed while offline, each waiting an hour. */
  store = roster_store_open (data_dir, NULL);
  for (guint i = 0; i < REQUESTS; i++)
    {
      g_autoptr(RosterRequest) request = test_new_modify_request ();
      g_autofree char *name = g_strdup_printf ("Ana %u", i);
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *id = NULL;

      roster_request_set_text (request, "user.first_name", name);
      payload = roster_payload_write (request);
      id = roster_store_create_draft (store, request, NULL);
      g_assert_true (roster_store_queue (store, id, payload, NULL));
      g_assert_true (roster_store_begin_attempt (store, id, NULL));
      g_assert_true (roster_store_record_retry (store, id, g_get_real_time () + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
                                                "Could not reach the HIE.", NULL));
    }

  roster_application_set_endpoint_override (app, server->base_url);

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  /* Still offline as far as the app knows: nothing is due. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_sent (store), ==, 0);

  for (guint i = 0; i < 60; i++)
    {
      g_signal_emit_by_name (monitor, "network-changed", i % 2 == 1);
      for (guint j = 0; j < 3; j++)
        g_main_context_iteration (NULL, FALSE);
    }

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (count_sent (store) < REQUESTS && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (count_sent (store), ==, REQUESTS);
  g_assert_cmpuint (intake_test_count_stored (server), ==, REQUESTS);

  gtk_window_destroy (GTK_WINDOW (window));
  intake_test_server_free (server);
  test_remove_tree (dir);
  g_unsetenv ("HIE_ROSTER_TOKEN");
}

static const char *
hie_status_of (RosterStore *store,
               const char  *id)
{
  static char status[32];
  g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (store, id, NULL);

  g_strlcpy (status, entry && entry->hie_status ? entry->hie_status : "", sizeof status);
  return status;
}

/* The HIE moves a sent request along; the app shows it at its next look. */
static void
test_status_refresh (void)
{
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "app", NULL);
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(RosterStoreEntry) entry = NULL;
  IntakeTestServer *server;
  RosterWindow *window;
  gint64 deadline;

  server = intake_test_server_start (dir, server_args);
  token = intake_test_add_token (server->db_path, "Upstate University Hospital");
  g_setenv ("HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  g_setenv ("HIE_ROSTER_TOKEN", token, TRUE);

  store = roster_store_open (data_dir, NULL);
  id = roster_store_create_draft (store, request, NULL);
  g_assert_true (roster_store_queue (store, id, payload, NULL));

  roster_application_set_endpoint_override (app, server->base_url);

  /* First window: delivers it. */
  window = roster_window_new (app);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (count_sent (store) < 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_sent (store), ==, 1);
  g_assert_cmpstr (hie_status_of (store, id), ==, "received");
  gtk_window_destroy (GTK_WINDOW (window));

  /* The HIE reviews it… */
  entry = roster_store_get_entry (store, id, NULL);
  g_assert_cmpint (intake_test_run (server->db_path, NULL, NULL, "set-status", entry->tracking_id,
                                    "in_review", "--note", "Checking the NPI list", NULL), ==, 0);

  /* …and the next start of the app shows it. */
  window = roster_window_new (app);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!g_str_equal (hie_status_of (store, id), "in_review") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (hie_status_of (store, id), ==, "in_review");
  g_clear_pointer (&entry, roster_store_entry_free);
  entry = roster_store_get_entry (store, id, NULL);
  g_assert_cmpstr (entry->hie_note, ==, "Checking the NPI list");

  gtk_window_destroy (GTK_WINDOW (window));
  intake_test_server_free (server);
  test_remove_tree (dir);
  g_unsetenv ("HIE_ROSTER_TOKEN");
}

/* The whole path of a New User Request in the app: + asks which request,
 * the new-user form is filled and submitted, and the app delivers it and
 * shows the HIE's tracking number. */
static void
test_new_user_from_plus (void)
{
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "app", NULL);
  g_autofree char *token = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterRequest) filled = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  IntakeTestServer *server;
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestEditor *editor;
  AdwActionRow *row;
  gint64 deadline;
  GDate today;

  roster_rules_get_today (&today);
  filled = test_new_new_user_request (&today);

  server = intake_test_server_start (dir, server_args);
  token = intake_test_add_token (server->db_path, "Family Care Medical Group");
  g_setenv ("HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  g_setenv ("HIE_ROSTER_TOKEN", token, TRUE);
  roster_application_set_endpoint_override (app, server->base_url);

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));
  view = roster_window_get_main_view (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "main.new-request", NULL));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (test_find_chooser (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  row = test_find_action_row (test_find_chooser (window), "New user");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");

  editor = roster_main_view_get_editor (view);
  g_assert_nonnull (editor);
  test_copy_answers (filled, roster_request_editor_get_request (editor));
  roster_request_editor_show_section (editor, "review");
  g_assert_cmpuint (roster_request_editor_get_issues (editor)->len, ==, 0);
  g_signal_emit_by_name (editor, "submit");

  store = roster_store_open (data_dir, NULL);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (count_sent (store) < 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_sent (store), ==, 1);
  g_assert_cmpuint (intake_test_count_stored (server), ==, 1);

  entries = roster_store_list (store, NULL, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) entries->pdata[0])->form, ==, "hec.new-user");
  g_assert_true (g_regex_match_simple ("^HEC-[0-9A-HJKMNP-TV-Z]{16}$",
                                       ((RosterStoreEntry *) entries->pdata[0])->tracking_id, 0, 0));
  g_assert_cmpstr (((RosterStoreEntry *) entries->pdata[0])->hie_status, ==, "received");

  gtk_window_destroy (GTK_WINDOW (window));
  intake_test_server_free (server);
  test_remove_tree (dir);
  g_unsetenv ("HIE_ROSTER_TOKEN");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/app-delivery/skipped", test_skip_without_display);
      return g_test_run ();
    }

  adw_init ();
  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/app-delivery/network-flap", test_network_flap);
  g_test_add_func ("/app-delivery/status-refresh", test_status_refresh);
  g_test_add_func ("/app-delivery/new-user-from-plus", test_new_user_from_plus);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
