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
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "roster-access-review-dialog.h"
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
  dialog = ROSTER_BULK_TERMINATE_DIALOG (test_find_toplevel (ROSTER_TYPE_BULK_TERMINATE_DIALOG));
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
  g_assert_null (test_find_toplevel (ROSTER_TYPE_BULK_TERMINATE_DIALOG));

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

static guint
file_mode (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 0777;
}

/* The PDF's text, as pdftotext reads it; NULL (and the test says so)
 * without pdftotext. */
static char *
pdf_text (GFile *pdf)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *path = g_file_get_path (pdf);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-layout", NULL, "-", NULL };
  int status;

  if (program == NULL)
    {
      g_test_message ("pdftotext (poppler-utils) is missing: the attestation PDF is not read back");
      return NULL;
    }
  argv[0] = program;
  argv[2] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

/* An access review from the banner to its attestation: due when none
 * has been done; everyone with access and nobody else; Finish off until
 * each has an answer; finishing keeps it, saves the PDF and the CSV
 * (private) and asks for the terminations it decided; the banner goes;
 * Past Access Reviews exports it again. */
static void
test_review (void)
{
  GSettings *settings = roster_application_get_settings (app);
  RosterWindow *window;
  RosterMainView *view;
  RosterPeopleView *people;
  RosterAccessReviewDialog *dialog;
  RosterBulkTerminateDialog *bulk;
  GtkWidget *history;
  g_autoptr(GFile) folder = roster_people_view_get_attestation_folder ();
  g_autoptr(GFile) again = NULL;
  g_autoptr(GFile) pdf = NULL;
  g_autoptr(GFile) csv = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf_name = NULL;
  g_autofree char *csv_name = NULL;

  seed_store ();
  g_settings_set_string (settings, "submitter-name", "Pat Lee");
  window = open_people ();
  view = roster_window_get_main_view (window);
  people = roster_main_view_get_people (view);
  g_assert_true (roster_people_view_is_review_due (people));

  dialog = ROSTER_ACCESS_REVIEW_DIALOG (roster_people_view_start_review (people));
  pump ();
  g_assert_true (ROSTER_IS_ACCESS_REVIEW_DIALOG (dialog));
  g_assert_nonnull (test_find_action_row (GTK_WIDGET (dialog), "Ana Díaz"));
  g_assert_nonnull (test_find_action_row (GTK_WIDGET (dialog), "Grace Okafor"));
  g_assert_null (test_find_action_row (GTK_WIDGET (dialog), "Sam Lee"));  /* access ended */
  g_assert_false (gtk_widget_get_sensitive (roster_access_review_dialog_get_finish_button (dialog)));
  g_assert_cmpstr (roster_access_review_dialog_get_problem (dialog), ==,
                   "2 people have no answer yet: say whether each still needs access.");
  g_assert_false (roster_access_review_dialog_finish (dialog));

  roster_access_review_dialog_set_decision (dialog, "grace.okafor@familycare.example.org", ROSTER_REVIEW_END);
  roster_access_review_dialog_set_decision (dialog, "ana.diaz@upstate.example.org", ROSTER_REVIEW_KEEP);
  g_assert_null (roster_access_review_dialog_get_problem (dialog));
  roster_access_review_dialog_set_reviewer (dialog, "");
  g_assert_false (gtk_widget_get_sensitive (roster_access_review_dialog_get_finish_button (dialog)));
  roster_access_review_dialog_set_reviewer (dialog, "Pat Lee");
  g_assert_true (gtk_widget_get_sensitive (roster_access_review_dialog_get_finish_button (dialog)));

  g_assert_true (roster_access_review_dialog_finish (dialog));
  pump ();
  g_assert_false (roster_people_view_is_review_due (people));

  /* Kept, with its decisions. */
  {
    g_autoptr(RosterStore) store = roster_store_open (g_getenv ("HIE_ROSTER_DATA_DIR"), NULL);

    reviews = roster_store_list_access_reviews (store, NULL);
  }
  g_assert_cmpuint (reviews->len, ==, 1);
  g_assert_cmpstr (((RosterAccessReview *) g_ptr_array_index (reviews, 0))->reviewer, ==, "Pat Lee");
  g_assert_cmpuint (roster_access_review_count (g_ptr_array_index (reviews, 0), ROSTER_REVIEW_END), ==, 1);

  /* The attestation, private. */
  pdf_name = roster_access_review_file_name (g_ptr_array_index (reviews, 0), "pdf");
  csv_name = roster_access_review_file_name (g_ptr_array_index (reviews, 0), "csv");
  pdf = g_file_get_child (folder, pdf_name);
  csv = g_file_get_child (folder, csv_name);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (pdf), ==, 0600);
  g_assert_cmpuint (file_mode (csv), ==, 0600);
  g_assert_true (g_file_load_contents (csv, NULL, &csv_text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (csv_text, "Grace Okafor,grace.okafor@familycare.example.org,"));
  g_assert_nonnull (strstr (csv_text, ",End access\r\n"));
  if ((text = pdf_text (pdf)) != NULL)
    {
      const char *ending = strstr (text, "Access to End");

      g_assert_nonnull (strstr (text, "HIE Access Review"));
      g_assert_nonnull (strstr (text, "Reviewer: Pat Lee"));
      g_assert_nonnull (ending);
      g_assert_nonnull (strstr (ending, "Grace Okafor"));
      g_assert_null (strstr (ending, "Ana Díaz"));
    }

  /* Grace's termination is asked for, as a bulk termination of one. */
  bulk = ROSTER_BULK_TERMINATE_DIALOG (test_find_toplevel (ROSTER_TYPE_BULK_TERMINATE_DIALOG));
  g_assert_nonnull (bulk);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (bulk)), ==, "End Access for 1 Person");
  gtk_window_destroy (GTK_WINDOW (bulk));
  pump ();

  /* Past reviews, and the attestation once more elsewhere. */
  history = roster_people_view_show_past_reviews (people);
  g_assert_nonnull (history);
  pump ();
  {
    g_autofree char *day = roster_access_review_dup_day (g_ptr_array_index (reviews, 0));

    g_assert_nonnull (test_find_action_row (history, day));
  }
  gtk_window_destroy (GTK_WINDOW (history));
  again = g_file_new_build_filename (g_getenv ("HIE_ROSTER_DATA_DIR"), "exported", NULL);
  g_assert_true (roster_people_view_export_review (people, g_ptr_array_index (reviews, 0), again, NULL));
  {
    g_autoptr(GFile) csv_again = g_file_get_child (again, csv_name);
    g_autofree char *csv_again_text = NULL;

    g_assert_true (g_file_load_contents (csv_again, NULL, &csv_again_text, NULL, NULL, NULL));
    g_assert_cmpstr (csv_again_text, ==, csv_text);
  }

  g_file_delete (pdf, NULL, NULL);
  g_file_delete (csv, NULL, NULL);
  g_settings_reset (settings, "submitter-name");
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
  /* Attestations go to Documents: a scratch one, named as xdg-user-dirs
   * would (before GLib reads it). */
  {
    g_autofree char *config = g_build_filename (g_getenv ("HIE_ROSTER_DATA_DIR"), "config", NULL);
    g_autofree char *dirs = g_build_filename (config, "user-dirs.dirs", NULL);
    g_autofree char *line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s/Documents\"\n", g_getenv ("HIE_ROSTER_DATA_DIR"));

    g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
    g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

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
  g_test_add_func ("/people-page/review", test_review);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
