/* test-app-delivery.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivery by the app's own window, against the real intake server:
 * offline → online with the network monitor flapping, the HIE's status
 * of a sent request refreshed from the status endpoint, and fifty
 * terminations from the People page through a proxy that loses answers.
 */

#include "config.h"

#include <string.h>

#include "fault-proxy.h"
#include "intake-test-util.h"
#include "roster-application.h"
#include "roster-bulk-terminate-dialog.h"
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

#define BULK_PEOPLE 50

/* A practice leaves the HIE: fifty people selected on the People page,
 * one End Access, fifty terminations queued together; the proxy loses
 * the HIE's answer to the first five after the HIE has stored them, and
 * the resends with the same keys get the first answers back: fifty
 * stored at the HIE, each once. */
static void
test_bulk_terminate_through_faults (void)
{
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "app", NULL);
  g_autofree char *token = NULL;
  g_autofree char *proxy_url = NULL;
  g_autofree char *date = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) tracking_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) selected = NULL;
  GSettings *settings = roster_application_get_settings (app);
  IntakeTestServer *server;
  FaultProxy *proxy;
  RosterWindow *window;
  RosterMainView *view;
  RosterPeopleView *people_view;
  RosterBulkTerminateDialog *dialog;
  RosterRequest *shared;
  gint64 deadline;
  GDate today;

  server = intake_test_server_start (dir, server_args);
  token = intake_test_add_token (server->db_path, "Upstate University Hospital");
  proxy = fault_proxy_new (server->port);
  proxy_url = fault_proxy_get_url (proxy);
  g_setenv ("HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  g_setenv ("HIE_ROSTER_TOKEN", token, TRUE);
  roster_application_set_endpoint_override (app, proxy_url);
  g_settings_set_string (settings, "submitter-name", "Pat Lee");
  g_settings_set_string (settings, "submitter-email", "pat.lee@upstate.example.org");

  /* The practice's user list, imported. */
  store = roster_store_open (data_dir, NULL);
  for (guint i = 0; i < BULK_PEOPLE; i++)
    {
      RosterPerson *person = g_new0 (RosterPerson, 1);

      person->email = g_strdup_printf ("staff%02u@upstate.example.org", i);
      person->first_name = g_strdup_printf ("Staff %02u", i);
      person->last_name = g_strdup ("Member");
      person->organization = g_strdup ("Upstate University Hospital");
      person->services[ROSTER_SERVICE_SECURE_MESSAGING] = TRUE;
      g_ptr_array_add (people, person);
    }
  g_assert_true (roster_store_put_imported_people (store, people, NULL));

  window = roster_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));
  view = roster_window_get_main_view (window);
  gtk_widget_activate_action (GTK_WIDGET (view), "main.show-people", NULL);
  people_view = roster_main_view_get_people (view);
  test_wait_until_mapped (GTK_WIDGET (people_view));

  roster_people_view_set_selection_mode (people_view, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (people_view), "people.select-organization", "s", "Upstate University Hospital");
  selected = roster_people_view_get_selected (people_view);
  g_assert_cmpuint (selected->len, ==, BULK_PEOPLE);
  gtk_widget_activate_action (GTK_WIDGET (people_view), "people.terminate", NULL);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  dialog = ROSTER_BULK_TERMINATE_DIALOG (test_find_toplevel (ROSTER_TYPE_BULK_TERMINATE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "End Access for 50 People");

  roster_rules_get_today (&today);
  roster_bulk_terminate_dialog_set_today (dialog, &today);
  shared = roster_bulk_terminate_dialog_get_shared (dialog);
  date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today), g_date_get_month (&today), g_date_get_day (&today));
  roster_request_set_role_text (shared, ROSTER_ROLE_ACCESS_END_DATE, date);
  roster_request_set_text (shared, "termination.reason", "left_organization");
  roster_request_set_boolean (shared, "attestation.authorized", TRUE);

  fault_proxy_set_faults (proxy, FAULT_CLOSE_AFTER_STORE, 5);
  g_assert_true (roster_bulk_terminate_dialog_confirm (dialog));
  /* What dismissing the Undo toast does. */
  roster_main_view_flush (view);

  deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  while (count_sent (store) < BULK_PEOPLE && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (count_sent (store), ==, BULK_PEOPLE);
  g_assert_cmpuint (intake_test_count_stored (server), ==, BULK_PEOPLE);
  g_assert_true (fault_proxy_check_keys (proxy));
  g_assert_cmpuint (fault_proxy_get_requests (proxy), >=, BULK_PEOPLE + 5);

  /* Fifty terminations, one per person, each with its own tracking id. */
  entries = roster_store_list (store, NULL, NULL);
  g_assert_cmpuint (entries->len, ==, BULK_PEOPLE);
  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->action, ==, "terminate");
      g_assert_nonnull (entry->tracking_id);
      g_assert_true (g_hash_table_add (tracking_ids, entry->tracking_id));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  fault_proxy_free (proxy);
  intake_test_server_free (server);
  test_remove_tree (dir);
  g_settings_reset (settings, "submitter-name");
  g_settings_reset (settings, "submitter-email");
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
  g_test_add_func ("/app-delivery/bulk-terminate-through-faults", test_bulk_terminate_through_faults);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
