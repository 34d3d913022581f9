/* test-main-view.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's requests: drafts saved as they are typed and shown
 * as saved, reopened where they were after the app stops, deleted with
 * Undo, submitted into the outbox, and listed in their groups.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "roster-application.h"
#include "roster-main-view.h"
#include "roster-receipt.h"
#include "roster-request-details.h"
#include "roster-row-text.h"
#include "roster-payload.h"
#include "roster-section-page.h"
#include "roster-window.h"
#include "test-fixtures.h"
#include "test-gui-fixtures.h"

static RosterApplication *app;

static gboolean find_label_containing (GtkWidget  *widget,
                                       const char *text);

static void
pump_for (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  do
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  while (g_get_monotonic_time () < until);
}

/* Runs the main loop until the draft is saved: the debounce is a second,
 * but a loaded machine (or valgrind) may take longer; 30 s means broken. */
static void
pump_until_saved (RosterAutosave *autosave)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (roster_autosave_get_dirty (autosave) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static RosterWindow *
open_window (void)
{
  RosterWindow *window = roster_window_new (app);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  pump_for (50);

  return window;
}

/* The toast's own widget, whose "toast.action" is its button. */
static GtkWidget *
find_toast_widget (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_widget (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
use_fresh_store (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
}

static void
type (RosterRequestEditor *editor,
      const char          *section_id,
      const char          *field_id,
      const char          *text)
{
  GtkWidget *page = roster_request_editor_get_section_page (editor, section_id);
  GtkWidget *row = roster_section_page_get_field_widget (ROSTER_SECTION_PAGE (page), field_id);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* What is typed is saved (after a second's pause), the header says so,
 * and the draft reopens where it was in a new window (as after a crash). */
static void
test_main_view_autosave_and_reopen (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestEditor *editor;
  RosterAutosave *autosave;

  use_fresh_store ();
  window = open_window ();
  view = roster_window_get_main_view (window);

  roster_main_view_start_request (view, roster_form_get_account_change ());
  editor = roster_main_view_get_editor (view);
  autosave = roster_main_view_get_autosave (view);
  g_assert_nonnull (editor);
  g_assert_cmpstr (roster_request_editor_get_save_state (editor), ==, "Saved");

  roster_request_editor_show_section (editor, "user");
  type (editor, "user", "user.first_name", "Ana");
  type (editor, "user", "user.last_name", "Díaz");
  g_assert_true (roster_autosave_get_dirty (autosave));
  g_assert_cmpstr (roster_request_editor_get_save_state (editor), ==, "Saving…");

  pump_until_saved (autosave);
  g_assert_false (roster_autosave_get_dirty (autosave));
  g_assert_cmpstr (roster_request_editor_get_save_state (editor), ==, "Saved");

  /* A new window over the same store, without closing the first: what a
   * restart after kill -9 finds. */
  {
    RosterWindow *second = open_window ();
    RosterMainView *second_view = roster_window_get_main_view (second);
    RosterRequestEditor *reopened = roster_main_view_get_editor (second_view);

    g_assert_nonnull (reopened);
    g_assert_cmpstr (roster_request_editor_get_current (reopened), ==, "user");
    g_assert_cmpstr (roster_request_get_text (roster_request_editor_get_request (reopened), "user.last_name"), ==, "Díaz");
    gtk_window_destroy (GTK_WINDOW (second));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

/* The list groups requests; deleting a draft can be undone. */
static void
test_main_view_list_and_undo (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestList *list;
  GtkWidget *overlay;

  use_fresh_store ();
  window = open_window ();
  view = roster_window_get_main_view (window);
  list = roster_main_view_get_list (view);

  roster_main_view_start_request (view, roster_form_get_account_change ());
  type (roster_main_view_get_editor (view), "user", "user.first_name", "Bo");
  roster_main_view_show_list (view);
  pump_for (20);
  g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, 1);
  g_assert_cmpuint (roster_request_list_get_n_rows (list, "outbox"), ==, 0);

  /* The row's Delete button, then the toast's Undo. */
  {
    GtkWidget *row = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autofree char *data_dir = g_strdup (g_getenv ("HIE_ROSTER_DATA_DIR"));
    g_autoptr(RosterStore) store = roster_store_open (data_dir, NULL);

    entries = roster_store_list (store, NULL, NULL);
    g_assert_cmpuint (entries->len, ==, 1);
    row = roster_request_list_get_row (list, ((RosterStoreEntry *) entries->pdata[0])->id);
    g_assert_nonnull (row);
    g_signal_emit_by_name (list, "delete-request", ((RosterStoreEntry *) entries->pdata[0])->id);
    pump_for (20);
    g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, 0);

    overlay = gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_TOAST_OVERLAY);
    g_assert_nonnull (overlay);
    g_assert_nonnull (find_toast_widget (overlay));
    /* The toast's labelled button is its Undo. */
    for (GtkWidget *child = gtk_widget_get_first_child (find_toast_widget (overlay));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      {
        if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL)
          {
            g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child)), ==, "_Undo");
            g_signal_emit_by_name (child, "clicked");
          }
      }
    pump_for (50);
    g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

/* Submitting a finished request freezes it into the outbox; opening it
 * shows its details, not the editor. */
static RosterRequest *
new_user_starting_today (void)
{
  GDate today;

  roster_rules_get_today (&today);

  return test_new_new_user_request (&today);
}

/* @data makes the filled request: the submit path is the same for every
 * form. */
static void
test_main_view_submit (gconstpointer data)
{
  RosterRequest *(*make_filled) (void) = data;
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestEditor *editor;
  RosterRequest *request;
  g_autoptr(RosterRequest) filled = make_filled ();

  use_fresh_store ();
  window = open_window ();
  view = roster_window_get_main_view (window);

  roster_main_view_start_request (view, roster_request_get_form (filled));
  editor = roster_main_view_get_editor (view);
  request = roster_request_editor_get_request (editor);
  test_copy_answers (filled, request);

  roster_request_editor_show_section (editor, "review");
  pump_for (20);
  g_assert_cmpuint (roster_request_editor_get_issues (editor)->len, ==, 0);
  g_signal_emit_by_name (editor, "submit");
  pump_for (50);

  g_assert_null (roster_main_view_get_editor (view));
  g_assert_cmpuint (roster_request_list_get_n_rows (roster_main_view_get_list (view), "outbox"), ==, 1);
  g_assert_cmpuint (roster_request_list_get_n_rows (roster_main_view_get_list (view), "drafts"), ==, 0);

  /* No endpoint set: the banner says what is missing. */
  g_assert_nonnull (roster_main_view_get_banner (view));
  g_assert_nonnull (strstr (roster_main_view_get_banner (view), "endpoint"));

  {
    g_autofree char *data_dir = g_strdup (g_getenv ("HIE_ROSTER_DATA_DIR"));
    g_autoptr(RosterStore) store = roster_store_open (data_dir, NULL);
    g_autoptr(GPtrArray) entries = roster_store_list (store, NULL, NULL);
    const RosterStoreEntry *entry = entries->pdata[0];

    g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_QUEUED);
    roster_main_view_open_request (view, entry->id);
    pump_for (20);
    g_assert_null (roster_main_view_get_editor (view));

    /* The details say what the request is. */
    g_assert_true (find_label_containing (GTK_WIDGET (window),
                                          roster_request_get_form (filled) == roster_form_get_new_user ()
                                            ? "New user" : "Change services"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

/* A damaged database is moved aside, never deleted, and the window works
 * with a fresh one. */
static void
test_main_view_damaged_database (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");
  g_autofree char *db = g_build_filename (scratch, "roster.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autoptr(GDir) dir = NULL;
  gboolean kept = FALSE;
  RosterWindow *window;
  const char *name;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  g_assert_true (g_file_set_contents (db, garbage, -1, NULL));

  window = open_window ();
  g_assert_nonnull (roster_window_get_main_view (window));
  roster_main_view_start_request (roster_window_get_main_view (window), roster_form_get_account_change ());
  g_assert_nonnull (roster_main_view_get_editor (roster_window_get_main_view (window)));

  dir = g_dir_open (scratch, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    {
      if (g_str_has_prefix (name, "roster.db.damaged-"))
        {
          g_autofree char *path = g_build_filename (scratch, name, NULL);
          g_autofree char *content = NULL;

          g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
          kept = g_str_equal (content, garbage);
        }
    }
  g_assert_true (kept);

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

static gboolean
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (find_label_containing (child, text))
        return TRUE;
    }

  return FALSE;
}

/* The second request of a duplicate-person case: its form, and the same
 * email in other letters' case. */
typedef struct
{
  const RosterForm *(*form) (void);
  const char        *email;
} DuplicateCase;

static const DuplicateCase same_form = { roster_form_get_account_change, "ANA.DIAZ@upstate.example.org" };
static const DuplicateCase across_forms = { roster_form_get_new_user, "Ana.Diaz@upstate.example.org" };

/* Starting a request for someone who already has one drafted warns, and
 * offers to open it — whichever form either request is. */
static void
test_main_view_duplicate_warning (gconstpointer data)
{
  const DuplicateCase *second = data;
  RosterWindow *window;
  RosterMainView *view;
  gint64 deadline;

  use_fresh_store ();
  window = open_window ();
  view = roster_window_get_main_view (window);

  roster_main_view_start_request (view, roster_form_get_account_change ());
  type (roster_main_view_get_editor (view), "user", "user.first_name", "Ana");
  type (roster_main_view_get_editor (view), "user", "user.last_name", "Díaz");
  type (roster_main_view_get_editor (view), "user", "user.email", "ana.diaz@upstate.example.org");
  pump_until_saved (roster_main_view_get_autosave (view));
  pump_for (50);
  g_assert_false (find_label_containing (GTK_WIDGET (window), "already has a request"));

  roster_main_view_start_request (view, second->form ());
  type (roster_main_view_get_editor (view), "user", "user.email", second->email);
  pump_until_saved (roster_main_view_get_autosave (view));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!find_label_containing (GTK_WIDGET (window), "Ana Díaz already has a request in Drafts") &&
         g_get_monotonic_time () < deadline)
    pump_for (20);
  g_assert_true (find_label_containing (GTK_WIDGET (window), "Ana Díaz already has a request in Drafts"));

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

/* + asks which request to start, one row per form with a line on when
 * to use it; the one chosen opens, pre-filled from Preferences. */
static void
test_main_view_choose_request (void)
{
  GSettings *settings = roster_application_get_settings (app);
  RosterWindow *window;
  RosterMainView *view;
  GtkWidget *chooser;
  AdwActionRow *new_user;
  AdwActionRow *change;
  RosterRequest *request;

  use_fresh_store ();
  g_settings_set_string (settings, "organization-name", "Family Care Medical Group");
  g_settings_set_string (settings, "submitter-name", "Pat Lee");
  window = open_window ();
  view = roster_window_get_main_view (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "main.new-request", NULL));
  pump_for (50);
  chooser = test_find_chooser (window);
  g_assert_nonnull (chooser);
  g_assert_null (roster_main_view_get_editor (view));

  new_user = test_find_action_row (chooser, "New user");
  change = test_find_action_row (chooser, "Change or terminate a user");
  g_assert_nonnull (new_user);
  g_assert_nonnull (change);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (new_user), "someone who starts at the practice"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (change), "end their access"));

  /* Ctrl+N again shows the same dialog, not a second one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "main.new-request", NULL));
  pump_for (20);
  g_assert_true (test_find_chooser (window) == chooser);

  g_signal_emit_by_name (new_user, "activated");
  pump_for (50);
  g_assert_null (test_find_chooser (window));
  g_assert_nonnull (roster_main_view_get_editor (view));
  request = roster_request_editor_get_request (roster_main_view_get_editor (view));
  g_assert_true (roster_request_get_form (request) == roster_form_get_new_user ());
  g_assert_cmpstr (roster_request_get_text (request, "user.organization"), ==, "Family Care Medical Group");
  g_assert_cmpstr (roster_request_get_text (request, "submitter.name"), ==, "Pat Lee");
  g_assert_nonnull (roster_request_editor_get_section_page (roster_main_view_get_editor (view), "training"));
  g_assert_null (roster_form_lookup_section (roster_request_get_form (request), "termination"));

  /* Cancel starts nothing. */
  roster_main_view_show_list (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "main.new-request", NULL));
  pump_for (50);
  gtk_window_close (GTK_WINDOW (test_find_chooser (window)));  /* Escape, or Cancel */
  pump_for (50);
  g_assert_null (test_find_chooser (window));
  g_assert_cmpuint (roster_request_list_get_n_rows (roster_main_view_get_list (view), "drafts"), ==, 1);

  g_settings_reset (settings, "organization-name");
  g_settings_reset (settings, "submitter-name");
  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_drafts (void)
{
  g_autoptr(RosterStore) store = roster_store_open (g_getenv ("HIE_ROSTER_DATA_DIR"), NULL);
  g_autoptr(GPtrArray) entries = roster_store_list (store, NULL, NULL);
  guint n_drafts = 0;

  for (guint i = 0; i < entries->len; i++)
    n_drafts += ((RosterStoreEntry *) entries->pdata[i])->state == ROSTER_REQUEST_STATE_DRAFT;

  return n_drafts;
}

/* The account-change form's first page offers the New User Request for
 * someone without an account: the person carries over, and a draft that
 * held nothing else is not left behind. One that did is kept. */
static void
test_main_view_related_form (void)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestEditor *editor;
  RosterRequest *request;
  GtkWidget *offer;

  use_fresh_store ();
  window = open_window ();
  view = roster_window_get_main_view (window);

  for (guint kept = 0; kept < 2; kept++)
    {
      roster_main_view_start_request (view, roster_form_get_account_change ());
      editor = roster_main_view_get_editor (view);
      type (editor, "user", "user.first_name", "Grace");
      type (editor, "user", "user.email", "grace.okafor@familycare.example.org");
      if (kept)
        roster_request_set_text (roster_request_editor_get_request (editor), "action", "modify");

      offer = find_named (roster_request_editor_get_section_page (editor, "request"), "related-form");
      g_assert_nonnull (offer);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (offer)), ==, "Start a New User Request");
      g_signal_emit_by_name (offer, "activate");
      pump_for (50);

      request = roster_request_editor_get_request (roster_main_view_get_editor (view));
      g_assert_true (roster_request_get_form (request) == roster_form_get_new_user ());
      g_assert_cmpstr (roster_request_get_text (request, "user.first_name"), ==, "Grace");
      g_assert_cmpstr (roster_request_get_text (request, "user.email"), ==, "grace.okafor@familycare.example.org");
      pump_until_saved (roster_main_view_get_autosave (view));
      g_assert_cmpuint (count_drafts (), ==, 1 + 2 * kept);
    }

  roster_main_view_show_list (view);
  g_assert_cmpuint (roster_request_list_get_n_rows (roster_main_view_get_list (view), "drafts"), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}


/* A sent request's receipt: a PDF, private to its owner. */
static void
test_main_view_receipt (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-receipt-XXXXXX");
  g_autofree char *pdf = g_build_filename (scratch, "receipt.pdf", NULL);
  g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = roster_store_create_draft (store, request, NULL);
  g_autofree char *content = NULL;
  gsize length = 0;
  GStatBuf info;

  g_assert_true (roster_store_queue (store, id, payload, NULL));
  g_assert_true (roster_store_begin_attempt (store, id, NULL));
  g_assert_true (roster_store_record_sent (store, id, "HEC-7K3M9Q2XWD4P", "2026-11-25T10:00:00Z", NULL));
  entry = roster_store_get_entry (store, id, NULL);

  /* An existing, readable file is made private too. */
  g_assert_true (g_file_set_contents (pdf, "old", -1, NULL));
  g_assert_cmpint (g_chmod (pdf, 0644), ==, 0);

  g_assert_true (roster_receipt_export_pdf (entry, payload, NULL, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &content, &length, NULL));
  g_assert_true (g_str_has_prefix (content, "%PDF-"));
  {
    /* A PDF is binary: search its bytes, not a C string. */
    gboolean has_page = FALSE;

    for (gsize i = 0; i + 11 <= length && !has_page; i++)
      has_page = memcmp (content + i, "/Type /Page", 11) == 0;
    g_assert_true (has_page);
  }
  g_assert_cmpint (g_stat (pdf, &info), ==, 0);
  g_assert_cmpuint (info.st_mode & 0777, ==, 0600);

  /* What it says, NPI Registry checks last. */
  {
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();
    g_autofree char *text = NULL;

    g_ptr_array_add (checks, (gpointer) "1234567893: JANE QUINN DOE, M.D. · person, NPI-1 · active (checked on 11/20/26)");
    text = roster_receipt_dup_text (entry, payload, checks);
    g_assert_true (g_str_has_prefix (text, "Receipt: Modify or Terminate a User Account\nTracking number: HEC-7K3M9Q2XWD4P\n"));
    g_assert_true (g_str_has_suffix (text, "NPIs Checked with the NPI Registry\n"
                                           "1234567893: JANE QUINN DOE, M.D. · person, NPI-1 · active (checked on 11/20/26)\n"));
    g_clear_pointer (&text, g_free);

    /* No NPI, or nothing known: no such heading. */
    text = roster_receipt_dup_text (entry, payload, NULL);
    g_assert_null (strstr (text, "NPI Registry"));
  }
}

/* A new window delivers to the endpoint given for this run (regression:
 * the window read it before it knew its application, so it never did). */
static void
test_main_view_window_endpoint (void)
{
  RosterWindow *window;
  const char *banner;

  use_fresh_store ();
  roster_application_set_endpoint_override (app, "http://127.0.0.1:9");
  window = open_window ();
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      {
        pump_for (50);
        banner = roster_main_view_get_banner (roster_window_get_main_view (window));
      }
    while (banner != NULL && strstr (banner, "endpoint") != NULL && g_get_monotonic_time () < deadline);
  }

  g_assert_nonnull (banner);
  g_assert_null (strstr (banner, "endpoint"));
  g_assert_nonnull (strstr (banner, "token"));

  roster_application_set_endpoint_override (app, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (20);
}

#define LONG_LIST 120

static GListModel *
shown_requests (RosterRequestList *list)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (list)); widget != NULL;)
    {
      if (GTK_IS_GRID_VIEW (widget))
        return G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (widget)));

      /* Depth first. */
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget) == GTK_WIDGET (list) ? NULL : gtk_widget_get_parent (widget);
          if (widget != NULL)
            widget = gtk_widget_get_next_sibling (widget);
        }
    }

  return NULL;
}

/* The name in the first row the list shows. */
static const char *
first_row_name (GtkWidget *widget)
{
  if (ROSTER_IS_ROW_TEXT (widget) && gtk_widget_has_css_class (widget, "title") && gtk_widget_get_mapped (widget))
    return roster_row_text_get_text (ROSTER_ROW_TEXT (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *name = first_row_name (child);

      if (name != NULL)
        return name;
    }

  return NULL;
}

static RosterWindow *
open_window_to_first_frame (void)
{
  RosterWindow *window = roster_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

/* A long list paints its first screenful before it reads the rest: the
 * newest requests on top, the groups' counts whole; the rest follows
 * within a moment, and a search meanwhile finds every request. */
static void
test_main_view_first_screenful (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");
  RosterWindow *window;
  RosterRequestList *list;
  GListModel *shown;
  gint64 deadline;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  {
    g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);

    for (guint i = 0; i < LONG_LIST; i++)
      {
        g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());
        g_autofree char *last = g_strdup_printf ("%03u", i);
        g_autofree char *id = NULL;

        roster_request_set_text (request, "user.first_name", "Person");
        roster_request_set_text (request, "user.last_name", last);
        g_assert_nonnull ((id = roster_store_create_draft (store, request, NULL)));
      }
  }

  window = open_window_to_first_frame ();
  list = roster_main_view_get_list (roster_window_get_main_view (window));
  shown = shown_requests (list);
  g_assert_nonnull (shown);
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, LONG_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 760 / 62);
  g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, LONG_LIST);
  g_assert_cmpstr (first_row_name (GTK_WIDGET (list)), ==, "Person 119");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (shown) < LONG_LIST && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, LONG_LIST);
  g_assert_cmpstr (first_row_name (GTK_WIDGET (list)), ==, "Person 119");
  gtk_window_destroy (GTK_WINDOW (window));

  /* A search before the rest is read: the oldest is found too. */
  window = open_window_to_first_frame ();
  list = roster_main_view_get_list (roster_window_get_main_view (window));
  shown = shown_requests (list);
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, LONG_LIST);
  roster_request_list_set_search (list, "person 000");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, 1);
  roster_request_list_set_search (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, LONG_LIST);
  /* Closed before anything more happens: nothing is left to run. */
  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (50);
}

/* A search finds its text in a request's name or email, ASCII letters
 * in either case; not across the two, and not an accent it was not
 * given (as the store's LIKE). */
static void
test_main_view_search (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");
  const char * const people[][3] = {
    { "María", "López", "mlopez@familycare.example.org" },
    { "Samuel", "Okafor", "sokafor@familycare.example.org" },
    { "Priya", "Raman", "praman@upstatefm.example.org" },
  };
  const struct { const char *search; guint found; } searches[] = {
    { "okaf", 1 }, { "OKAFOR", 1 }, { "SOKAFOR@FAMILY", 1 }, { "familycare", 2 },
    { "lópez", 1 }, { "lopez", 1 } /* the email */, { "LÓPEZ", 0 }, { "ramanpraman", 0 },
    { "raman\npraman", 0 }, { ".example.org", 3 }, { "nobody", 0 },
  };
  RosterWindow *window;
  RosterRequestList *list;
  GListModel *shown;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  {
    g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());
        g_autofree char *id = NULL;

        roster_request_set_text (request, "user.first_name", people[i][0]);
        roster_request_set_text (request, "user.last_name", people[i][1]);
        roster_request_set_text (request, "user.email", people[i][2]);
        g_assert_nonnull ((id = roster_store_create_draft (store, request, NULL)));
      }
  }

  window = open_window_to_first_frame ();
  list = roster_main_view_get_list (roster_window_get_main_view (window));
  shown = shown_requests (list);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      roster_request_list_set_search (list, searches[i].search);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, searches[i].found);
      g_assert_cmpuint (roster_request_list_get_n_rows (list, "drafts"), ==, searches[i].found);
    }
  roster_request_list_set_search (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, G_N_ELEMENTS (people));
  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (50);
}

/* Visible focus on the main window: Tab round it, its three groups
 * holding requests, and each stop is painted differently with the focus
 * than without it. */
static void
test_main_view_focus_visible (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");
  RosterWindow *window;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  {
    g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);

    /* Drafts, the outbox, sent. */
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(RosterRequest) request = test_new_modify_request ();
        g_autoptr(GBytes) payload = roster_payload_write (request);
        g_autofree char *id = roster_store_create_draft (store, request, NULL);

        g_assert_nonnull (id);
        if (i < 2)
          continue;
        g_assert_true (roster_store_queue (store, id, payload, NULL));
        if (i < 3)
          continue;
        g_assert_true (roster_store_begin_attempt (store, id, NULL));
        g_assert_true (roster_store_record_sent (store, id, "HEC-7K3M9Q2XWD4P", "2026-11-25T10:00:00Z", NULL));
      }
  }

  window = open_window_to_first_frame ();
  pump_for (100);
  g_assert_cmpuint (roster_request_list_get_n_rows (roster_main_view_get_list (roster_window_get_main_view (window)), "sent"), ==, 2);
  gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
  test_assert_focus_visible_round (GTK_WINDOW (window), "The main window");

  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (50);
}

static gboolean
tick_seen_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The request list hidden and shown again before its next frame (an
 * empty store: each showing reads the first screenful again), and the
 * window closed right after that frame, before "the rest" is read:
 * nothing the list left to run may run after it is gone. It did: the
 * ASan build's test-main-view crashed now and then at its end, in
 * read_rest_cb, and this reproduces it every time. */
static void
test_main_view_list_shown_twice_then_closed (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-main-view-XXXXXX");
  RosterWindow *window;
  GtkWidget *list;
  gboolean ticked = FALSE;
  gint64 deadline;

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
  window = open_window_to_first_frame ();
  list = GTK_WIDGET (roster_main_view_get_list (roster_window_get_main_view (window)));
  g_assert_true (gtk_widget_get_mapped (list));

  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_set_visible (list, FALSE);
      roster_request_list_reload (ROSTER_REQUEST_LIST (list));
      gtk_widget_set_visible (list, TRUE);
    }

  /* Tick callbacks run in the order they were added: this one after the
   * list's, in the same frame, before any idle. */
  gtk_widget_add_tick_callback (list, tick_seen_cb, &ticked, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!ticked && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ticked);
  gtk_window_destroy (GTK_WINDOW (window));
  pump_for (100);
  test_remove_tree (scratch);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  use_fresh_store ();

  if (!gtk_init_check ())
    {
      g_test_add_func ("/main-view/skipped", test_skip_without_display);
      return g_test_run ();
    }

  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/main-view/autosave-and-reopen", test_main_view_autosave_and_reopen);
  g_test_add_func ("/main-view/list-and-undo", test_main_view_list_and_undo);
  g_test_add_data_func ("/main-view/submit/account-change", test_new_modify_request, test_main_view_submit);
  g_test_add_data_func ("/main-view/submit/new-user", new_user_starting_today, test_main_view_submit);
  g_test_add_func ("/main-view/choose-request", test_main_view_choose_request);
  g_test_add_func ("/main-view/related-form", test_main_view_related_form);
  g_test_add_data_func ("/main-view/duplicate-warning-across-forms", &across_forms, test_main_view_duplicate_warning);
  g_test_add_func ("/main-view/window-endpoint", test_main_view_window_endpoint);
  g_test_add_func ("/main-view/damaged-database", test_main_view_damaged_database);
  g_test_add_func ("/main-view/first-screenful", test_main_view_first_screenful);
  g_test_add_func ("/main-view/search", test_main_view_search);
  g_test_add_func ("/main-view/focus-visible", test_main_view_focus_visible);
  g_test_add_func ("/main-view/list-shown-twice-then-closed", test_main_view_list_shown_twice_then_closed);
  g_test_add_func ("/main-view/receipt", test_main_view_receipt);
  g_test_add_data_func ("/main-view/duplicate-warning", &same_form, test_main_view_duplicate_warning);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
