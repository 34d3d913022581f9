/* test-people-page.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The People page in a real window, over a store of sent requests: the
 * people as the HIE confirmed them, search and filters, a person's page,
 * the pre-filled requests it starts, bulk termination and importing the
 * practice's user list.
 */

#include "config.h"

#include <string.h>

#include "roster-application.h"
#include "roster-bulk-terminate-dialog.h"
#include "roster-import-dialog.h"
#include "roster-main-view.h"
#include "roster-payload.h"
#include "roster-window.h"
#include "test-fixtures.h"
#include "test-gui-fixtures.h"

static RosterApplication *app;

static void
pump (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Sends @request through the store as delivery would, and records what
 * the HIE did with it (NULL: nothing yet). */
static void
send_request (RosterStore   *store,
              RosterRequest *request,
              const char    *tracking_id,
              const char    *hie_status)
{
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autofree char *id = roster_store_create_draft (store, request, NULL);

  g_assert_nonnull (id);
  g_assert_true (roster_store_queue (store, id, payload, NULL));
  if (tracking_id == NULL)
    return;
  g_assert_true (roster_store_begin_attempt (store, id, NULL));
  g_assert_true (roster_store_record_sent (store, id, tracking_id, "2026-11-25T10:00:00Z", NULL));
  if (hie_status != NULL)
    g_assert_true (roster_store_record_status (store, id, hie_status, NULL, NULL));
}

/* Three people: Grace (a provider with an account and alerts on her
 * NPI), Ana (a change completed, another queued) and Sam (terminated). */
static void
seed_store (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-people-page-XXXXXX");
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterRequest) grace = NULL;
  g_autoptr(RosterRequest) ana = test_new_modify_request ();
  g_autoptr(RosterRequest) ana_again = test_new_modify_request ();
  g_autoptr(RosterRequest) sam = NULL;
  GDate today;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  store = roster_store_open (scratch, NULL);
  test_get_fixed_today (&today);

  grace = test_new_new_user_request (&today);
  send_request (store, grace, "HEC-7K3M9Q2XWD4PA7K3", "completed");

  send_request (store, ana, "HEC-3D8W5N1JX6K2QP7B", "completed");
  roster_request_set_text (ana_again, "services.image_exchange", "add");
  send_request (store, ana_again, NULL, NULL);

  sam = test_new_terminate_request (&today);
  roster_request_set_text (sam, "user.email", "sam.lee@upstate.example.org");
  roster_request_set_text (sam, "user.first_name", "Sam");
  roster_request_set_text (sam, "user.last_name", "Lee");
  send_request (store, sam, "HEC-9P4T2K7QX1M8RW5D", "completed");
}

static RosterWindow *
open_people (void)
{
  RosterWindow *window = roster_window_new (app);
  RosterMainView *view = roster_window_get_main_view (window);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (view), "main.show-people", NULL);
  pump ();
  test_wait_until_mapped (GTK_WIDGET (roster_main_view_get_people (view)));

  return window;
}

static guint
n_shown (RosterMainView *view)
{
  return g_list_model_get_n_items (roster_people_view_get_shown (roster_main_view_get_people (view)));
}

static const char *
shown_name (RosterMainView *view,
            guint           position)
{
  g_autoptr(RosterPersonObject) item = g_list_model_get_item (roster_people_view_get_shown (roster_main_view_get_people (view)),
                                                              position);

  return roster_person_object_get_name (item);
}

/* One row per person, by last name; search by name, email or NPI; the
 * filters. */
static void
test_people_list (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterPeopleView *people;
  g_autoptr(RosterPersonObject) grace = NULL;

  seed_store ();
  window = open_people ();
  view = roster_window_get_main_view (window);
  people = roster_main_view_get_people (view);

  g_assert_cmpuint (n_shown (view), ==, 3);
  g_assert_cmpstr (shown_name (view, 0), ==, "Ana Díaz");
  g_assert_cmpstr (shown_name (view, 1), ==, "Sam Lee");
  g_assert_cmpstr (shown_name (view, 2), ==, "Grace Okafor");

  grace = g_object_ref (roster_people_view_lookup (people, "GRACE.OKAFOR@familycare.example.org"));
  g_assert_nonnull (strstr (roster_person_object_get_services (grace), "Alerts (Provider Based (NPI))"));
  g_assert_nonnull (strstr (roster_person_object_get_services (grace), "Secure Messaging"));

  roster_people_view_set_search (people, "okaf");
  g_assert_cmpuint (n_shown (view), ==, 1);
  roster_people_view_set_search (people, TEST_NPI_A);
  g_assert_cmpuint (n_shown (view), ==, 1);
  g_assert_cmpstr (shown_name (view, 0), ==, "Grace Okafor");
  roster_people_view_set_search (people, "SAM.LEE@");
  g_assert_cmpuint (n_shown (view), ==, 1);
  roster_people_view_set_search (people, "nobody");
  g_assert_cmpuint (n_shown (view), ==, 0);
  roster_people_view_set_search (people, NULL);

  roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_HAS_ACCESS);
  g_assert_cmpuint (n_shown (view), ==, 2);
  roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_PENDING);
  g_assert_cmpuint (n_shown (view), ==, 1);
  g_assert_cmpstr (shown_name (view, 0), ==, "Ana Díaz");
  roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_NO_ACCOUNT);
  g_assert_cmpuint (n_shown (view), ==, 1);
  g_assert_cmpstr (shown_name (view, 0), ==, "Sam Lee");
  roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_EVERYONE);

  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
}

static const char *
row_subtitle (GPtrArray *rows,
              guint      index)
{
  return adw_action_row_get_subtitle (g_ptr_array_index (rows, index));
}

/* A person's page shows the account and services as confirmed and the
 * requests, newest first, each opening the request; Change Services…
 * starts a pre-filled change. */
static void
test_person_page (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterPersonPage *page;
  GPtrArray *rows;
  RosterRequest *request;

  seed_store ();
  window = open_people ();
  view = roster_window_get_main_view (window);

  roster_main_view_open_person (view, "grace.okafor@familycare.example.org");
  pump ();
  page = roster_main_view_get_person_page (view);
  g_assert_nonnull (page);
  test_wait_until_mapped (GTK_WIDGET (page));

  rows = roster_person_page_get_service_rows (page);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "Account");
  g_assert_cmpstr (row_subtitle (rows, 0), ==, "Active");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 3)), ==, "Alerts");
  g_assert_cmpstr (row_subtitle (rows, 3), ==, "Yes — Provider Based (NPI)");
  g_assert_cmpstr (row_subtitle (rows, 2), ==, "No");

  rows = roster_person_page_get_request_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (row_subtitle (rows, 0), "Completed by the HIE"));

  /* The request opens in its details. */
  g_signal_emit_by_name (g_ptr_array_index (rows, 0), "activated");
  pump ();
  g_assert_null (roster_main_view_get_editor (view));

  /* Change Services… : a change for Grace, her alert basis as it stands. */
  roster_main_view_open_person (view, "grace.okafor@familycare.example.org");
  pump ();
  page = roster_main_view_get_person_page (view);
  gtk_widget_activate_action (GTK_WIDGET (page), "person.request", "s", "change");
  pump ();
  g_assert_nonnull (roster_main_view_get_editor (view));
  request = roster_request_editor_get_request (roster_main_view_get_editor (view));
  g_assert_true (roster_request_get_form (request) == roster_person_action_get_form (ROSTER_PERSON_ACTION_CHANGE));
  g_assert_cmpstr (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_EMAIL), ==,
                   "grace.okafor@familycare.example.org");
  g_assert_cmpstr (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_NPI), ==, TEST_NPI_A);
  g_assert_false (roster_request_ends_access (request));
  g_assert_cmpstr (roster_request_get_text (request, "alerts.basis"), ==, "provider_npi");

  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
}

/* A terminated person is offered a new account, not a change. Escape goes
 * back to the People page. */
static void
test_person_actions (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterPersonPage *page;
  RosterRequest *request;

  seed_store ();
  window = open_people ();
  view = roster_window_get_main_view (window);

  roster_main_view_open_person (view, "sam.lee@upstate.example.org");
  pump ();
  page = roster_main_view_get_person_page (view);
  test_wait_until_mapped (GTK_WIDGET (page));
  g_assert_cmpstr (row_subtitle (roster_person_page_get_service_rows (page), 0), ==, "Ended");
  g_assert_cmpuint (roster_person_page_get_service_rows (page)->len, ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (page), "main.show-people", NULL);
  pump ();
  g_assert_null (roster_main_view_get_person_page (view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (roster_main_view_get_people (view))));

  roster_main_view_open_person (view, "sam.lee@upstate.example.org");
  pump ();
  page = roster_main_view_get_person_page (view);
  gtk_widget_activate_action (GTK_WIDGET (page), "person.request", "s", "new-account");
  pump ();
  request = roster_request_editor_get_request (roster_main_view_get_editor (view));
  g_assert_true (roster_request_get_form (request) == roster_person_action_get_form (ROSTER_PERSON_ACTION_NEW_ACCOUNT));
  g_assert_cmpstr (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_FIRST_NAME), ==, "Sam");

  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
}

static RosterBulkTerminateDialog *
find_bulk_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ROSTER_IS_BULK_TERMINATE_DIALOG (window))
        return ROSTER_BULK_TERMINATE_DIALOG (window);
    }

  return NULL;
}

/* Several people selected, "End Access…": one dialog asks the day and
 * the reason once, names what is missing, and queues one termination per
 * person; "Everyone At…" selects everyone with access at a practice. */
static void
test_bulk_terminate (void)
{
  GSettings *settings = roster_application_get_settings (app);
  RosterWindow *window;
  RosterMainView *view;
  RosterPeopleView *people;
  RosterBulkTerminateDialog *dialog;
  RosterRequest *shared;
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *date = NULL;
  guint n_queued = 0;
  GDate today;

  seed_store ();
  window = open_people ();
  view = roster_window_get_main_view (window);
  people = roster_main_view_get_people (view);

  /* Everyone with access at one practice: Grace only (Sam's ended). */
  roster_people_view_set_selection_mode (people, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (people), "people.select-organization", "s", "Family Care Medical Group");
  selected = roster_people_view_get_selected (people);
  g_assert_cmpuint (selected->len, ==, 1);
  roster_people_view_select (people, "ana.diaz@upstate.example.org");
  g_clear_pointer (&selected, g_ptr_array_unref);
  selected = roster_people_view_get_selected (people);
  g_assert_cmpuint (selected->len, ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (people), "people.terminate", NULL);
  pump ();
  dialog = find_bulk_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "End Access for 2 People");
  test_get_fixed_today (&today);
  roster_bulk_terminate_dialog_set_today (dialog, &today);

  /* Nothing answered, and no submitter in Preferences: it says so, naming
   * the people, and queues nothing. */
  g_assert_false (roster_bulk_terminate_dialog_confirm (dialog));
  g_assert_nonnull (strstr (roster_bulk_terminate_dialog_get_problems (dialog), "Ana Díaz — Reason: "));
  g_assert_nonnull (strstr (roster_bulk_terminate_dialog_get_problems (dialog), "Grace Okafor — Your name: "));

  /* Answered once for both. */
  shared = roster_bulk_terminate_dialog_get_shared (dialog);
  date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today), g_date_get_month (&today), g_date_get_day (&today));
  roster_request_set_role_text (shared, ROSTER_ROLE_ACCESS_END_DATE, date);
  roster_request_set_text (shared, "termination.reason", "left_organization");
  roster_request_set_role_text (shared, ROSTER_ROLE_SUBMITTER_NAME, "Pat Lee");
  roster_request_set_role_text (shared, ROSTER_ROLE_SUBMITTER_EMAIL, "pat.lee@upstate.example.org");
  roster_request_set_boolean (shared, "attestation.authorized", TRUE);
  g_assert_true (roster_bulk_terminate_dialog_confirm (dialog));
  pump ();
  g_assert_null (find_bulk_dialog ());

  {
    g_autoptr(RosterStore) store = roster_store_open (g_getenv ("HIE_ROSTER_DATA_DIR"), NULL);

    entries = roster_store_list (store, NULL, NULL);
  }
  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state == ROSTER_REQUEST_STATE_QUEUED && g_strcmp0 (entry->action, "terminate") == 0)
        n_queued++;
    }
  g_assert_cmpuint (n_queued, ==, 2);

  /* The People page says their change is on its way. */
  roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_PENDING);
  g_assert_cmpuint (n_shown (view), ==, 2);

  g_settings_reset (settings, "submitter-name");
  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
}

static GFile *
write_scratch_file (const char *name,
                    const char *contents,
                    gssize      length)
{
  g_autofree char *path = g_build_filename (g_getenv ("HIE_ROSTER_DATA_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static gboolean
label_in_tree (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (label_in_tree (child, text))
      return TRUE;

  return FALSE;
}

/* Import User List: a file with a problem is shown with the row and the
 * column, and cannot be imported; a good one shows who is new and who is
 * updated, and only Import keeps them, marked as imported; a file that
 * is not text says so and changes nothing. */
static void
test_import (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterPeopleView *people;
  GtkWidget *dialog;
  RosterPersonObject *item;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(GFile) binary = NULL;

  seed_store ();
  window = open_people ();
  view = roster_window_get_main_view (window);
  people = roster_main_view_get_people (view);

  bad = write_scratch_file ("bad.csv",
                            "\xEF\xBB\xBF" "Name;Work Email;NPI\n"
                            "Lin Park;lin.park@upstate.example.org;1234567890\n", -1);
  dialog = roster_people_view_import_file (people, bad);
  g_assert_true (ROSTER_IS_IMPORT_DIALOG (dialog));
  pump ();
  g_assert_false (gtk_widget_get_sensitive (roster_import_dialog_get_import_button (ROSTER_IMPORT_DIALOG (dialog))));
  g_assert_true (label_in_tree (dialog, "Row 2 · Lin Park"));
  g_assert_true (label_in_tree (dialog, "1 problem. Nothing has been imported"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  pump ();
  g_assert_null (roster_people_view_lookup (people, "lin.park@upstate.example.org"));

  good = write_scratch_file ("good.csv",
                             "Email,Name,Secure Messaging,Notes\n"
                             "lin.park@upstate.example.org,Lin Park,yes,\"front desk,\nmornings\"\n"
                             "ANA.DIAZ@upstate.example.org,Ana Díaz,yes,\n", -1);
  dialog = roster_people_view_import_file (people, good);
  g_assert_true (ROSTER_IS_IMPORT_DIALOG (dialog));
  pump ();
  g_assert_true (label_in_tree (dialog, "1 new, 1 updated, 0 unchanged"));
  g_assert_true (label_in_tree (dialog, "Not imported"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (roster_import_dialog_get_import_button (ROSTER_IMPORT_DIALOG (dialog)))),
                   ==, "_Import 2 People");
  /* Nothing is kept before Import. */
  g_assert_null (roster_people_view_lookup (people, "lin.park@upstate.example.org"));
  g_assert_true (roster_import_dialog_confirm (ROSTER_IMPORT_DIALOG (dialog)));
  pump ();

  item = roster_people_view_lookup (people, "lin.park@upstate.example.org");
  g_assert_nonnull (item);
  g_assert_cmpstr (roster_person_object_get_name (item), ==, "Lin Park");
  g_assert_true (roster_person_object_get_person (item)->imported);
  g_assert_nonnull (strstr (roster_person_object_get_services (item), "Secure Messaging"));
  /* Ana is known from a completed request: that stays what counts. */
  g_assert_false (roster_person_object_get_person (roster_people_view_lookup (people, "ana.diaz@upstate.example.org"))->imported);
  g_assert_cmpuint (n_shown (view), ==, 4);

  binary = write_scratch_file ("photo.csv", "\x89PNG\r\n\x1a\n\xff\xfe\0\0", 12);
  dialog = roster_people_view_import_file (people, binary);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "“photo.csv” Cannot Be Imported");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "UTF-8"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  pump ();
  g_assert_cmpuint (n_shown (view), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();

  if (!gtk_init_check ())
    {
      g_test_add_func ("/people-page/skipped", test_skip_without_display);
      return g_test_run ();
    }

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/people-page/list", test_people_list);
  g_test_add_func ("/people-page/person", test_person_page);
  g_test_add_func ("/people-page/actions", test_person_actions);
  g_test_add_func ("/people-page/bulk-terminate", test_bulk_terminate);
  g_test_add_func ("/people-page/import", test_import);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
