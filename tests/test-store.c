/* test-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store: drafts that survive, files nobody else can read, a damaged
 * database moved aside, and a frozen outbox.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "roster-draft.h"
#include "roster-payload.h"
#include "roster-store-private.h"
#include "slow-fsync-vfs.h"
#include "test-fixtures.h"

typedef struct
{
  char        *dir;
  RosterStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *top = g_dir_make_tmp ("roster-store-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_build_filename (top, "hie-roster", NULL);
  g_clear_pointer (&top, g_free);

  fixture->store = roster_store_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *top = g_path_get_dirname (fixture->dir);

  g_clear_object (&fixture->store);
  test_remove_tree (top);
  g_free (fixture->dir);
}

static char *
db_path (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "roster.db", NULL);
}

static guint
file_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_lstat (path, &info), ==, 0);

  return info.st_mode & 0777;
}

static void
test_store_permissions (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *path = db_path (fixture);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);

  g_assert_nonnull (id);
  g_assert_cmpuint (file_mode (fixture->dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
}

/* A database and folder left open to others (a restore from a backup)
 * are made private when the store opens them. */
static void
test_store_fixes_loose_permissions (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);

  fixture->store = roster_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->dir), ==, 0700);
}

static void
test_store_refuses_symlink (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  g_autofree char *elsewhere = g_build_filename (fixture->dir, "elsewhere.db", NULL);
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  g_assert_cmpint (g_rename (path, elsewhere), ==, 0);
  g_assert_cmpint (symlink (elsewhere, path), ==, 0);

  store = roster_store_open (fixture->dir, &error);
  g_assert_null (store);
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "roster.db"));
}

/* A damaged database is moved aside, never deleted, and Roster goes on
 * with a fresh one. */
static void
test_store_moves_damaged_aside (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *id = NULL;

  g_clear_object (&fixture->store);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  fixture->store = roster_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (roster_store_get_moved_aside (fixture->store));
  g_assert_true (g_str_has_prefix (roster_store_get_moved_aside (fixture->store), path));
  g_assert_true (g_file_get_contents (roster_store_get_moved_aside (fixture->store), &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);

  entries = roster_store_list (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  id = roster_store_create_draft (fixture->store, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path), ==, 0600);
}

/* Every answer comes back, hidden ones included, with the step. */
static void
test_store_draft_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = NULL;
  g_autofree char *id = NULL;

  roster_request_set_text (request, "user.first_name", "  Ana  ");
  roster_request_set_text (request, "termination.reason", "other");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. “Half", "12345");
  roster_request_set_text (request, "comments", "Line one\nLine two");

  id = roster_store_create_draft (fixture->store, request, &error);
  g_assert_no_error (error);
  g_assert_true (roster_store_save_draft (fixture->store, id, request, "alerts", &error));
  g_assert_no_error (error);

  loaded = roster_store_load_draft (fixture->store, id, &step, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (step, ==, "alerts");

  before = roster_draft_write (request);
  after = roster_draft_write (loaded);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpstr (roster_request_get_text (loaded, "termination.reason"), ==, "other");
  g_assert_cmpstr (roster_request_get_row (loaded, "delegation.alerts", 0)->npi, ==, "12345");
}

static void
test_store_list_and_search (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RosterRequest) ana = test_new_modify_request ();
  g_autoptr(RosterRequest) bo = test_new_modify_request ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) by_email = NULL;
  g_autoptr(GPtrArray) pattern = NULL;
  g_autofree char *ana_id = NULL;
  g_autofree char *bo_id = NULL;
  RosterStoreEntry *entry;

  roster_request_set_text (bo, "user.first_name", "Bo");
  roster_request_set_text (bo, "user.last_name", "Lindqvist");
  roster_request_set_text (bo, "user.email", "bo@family-care.example.org");

  ana_id = roster_store_create_draft (fixture->store, ana, NULL);
  bo_id = roster_store_create_draft (fixture->store, bo, NULL);

  all = roster_store_list (fixture->store, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  entry = g_ptr_array_index (all, 0);
  g_assert_cmpstr (entry->id, ==, bo_id);
  g_assert_cmpstr (entry->person_name, ==, "Bo Lindqvist");
  g_assert_cmpstr (entry->action, ==, "modify");
  g_assert_cmpstr (entry->organization, ==, "Upstate University Hospital");
  g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_DRAFT);

  /* Case does not matter (for the ASCII letters SQLite folds). */
  found = roster_store_list (fixture->store, "díaz", NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) found->pdata[0])->id, ==, ana_id);
  by_email = roster_store_list (fixture->store, "FAMILY-CARE", NULL);
  g_assert_cmpuint (by_email->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) by_email->pdata[0])->id, ==, bo_id);
  pattern = roster_store_list (fixture->store, "%", NULL);
  g_assert_cmpuint (pattern->len, ==, 0);

  /* Delete with Undo, then for good. */
  g_assert_true (roster_store_delete_draft (fixture->store, ana_id, NULL));
  g_clear_pointer (&all, g_ptr_array_unref);
  all = roster_store_list (fixture->store, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_true (roster_store_undelete_draft (fixture->store, ana_id, NULL));
  g_assert_true (roster_store_delete_draft (fixture->store, ana_id, NULL));
  g_assert_cmpuint (roster_store_purge_deleted (fixture->store, NULL), ==, 1);
  g_assert_null (roster_store_load_draft (fixture->store, ana_id, NULL, NULL, NULL));
}

/* The first screenful of a long list: the newest of some states, and
 * how many there are in each. */
static void
test_store_list_newest (Fixture       *fixture,
                        gconstpointer  data)
{
  static const RosterRequestState drafts[] = { ROSTER_REQUEST_STATE_DRAFT, ROSTER_REQUEST_STATE_RETURNED };
  static const RosterRequestState queued[] = { ROSTER_REQUEST_STATE_QUEUED };
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GPtrArray) none = NULL;
  char *ids[4] = { NULL };
  guint counts[ROSTER_REQUEST_N_STATES];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_nonnull ((ids[i] = roster_store_create_draft (fixture->store, request, NULL)));
      g_usleep (2000);  /* each changed after the one before */
    }
  g_assert_true (roster_store_queue (fixture->store, ids[1], payload, NULL));
  g_assert_true (roster_store_delete_draft (fixture->store, ids[0], NULL));

  /* The two newest drafts, newest first, as roster_store_list() has them. */
  newest = roster_store_list_newest (fixture->store, drafts, G_N_ELEMENTS (drafts), 2, NULL);
  g_assert_cmpuint (newest->len, ==, 2);
  g_assert_cmpstr (((RosterStoreEntry *) newest->pdata[0])->id, ==, ids[3]);
  g_assert_cmpstr (((RosterStoreEntry *) newest->pdata[1])->id, ==, ids[2]);
  g_clear_pointer (&newest, g_ptr_array_unref);
  newest = roster_store_list_newest (fixture->store, queued, G_N_ELEMENTS (queued), 10, NULL);
  g_assert_cmpuint (newest->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) newest->pdata[0])->id, ==, ids[1]);
  none = roster_store_list_newest (fixture->store, drafts, G_N_ELEMENTS (drafts), 0, NULL);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_true (roster_store_count_by_state (fixture->store, counts, NULL));
  g_assert_cmpuint (counts[ROSTER_REQUEST_STATE_DRAFT], ==, 2);
  g_assert_cmpuint (counts[ROSTER_REQUEST_STATE_QUEUED], ==, 1);
  g_assert_cmpuint (counts[ROSTER_REQUEST_STATE_DELETED], ==, 1);
  g_assert_cmpuint (counts[ROSTER_REQUEST_STATE_SENT], ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static void
test_store_find_pending (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RosterRequest) first = test_new_modify_request ();
  g_autoptr(RosterRequest) second = test_new_modify_request ();
  g_autoptr(RosterRequest) other = roster_request_new (roster_form_get_account_change ());
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *first_id = roster_store_create_draft (fixture->store, first, NULL);
  g_autofree char *second_id = roster_store_create_draft (fixture->store, second, NULL);

  roster_request_set_text (second, "user.email", "ANA.DIAZ@upstate.example.org");
  matches = roster_store_find_pending_for (fixture->store, second, second_id, NULL);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) matches->pdata[0])->id, ==, first_id);
  g_clear_pointer (&matches, g_ptr_array_unref);

  roster_request_set_text (other, "user.first_name", "Cy");
  matches = roster_store_find_pending_for (fixture->store, other, NULL, NULL);
  g_assert_cmpuint (matches->len, ==, 0);
}

/* The person is the same whichever form names them: a new-user request
 * for someone with a queued change is worth a warning, and the list says
 * what each request is. */
static void
test_store_find_pending_across_forms (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RosterRequest) change = test_new_modify_request ();
  g_autoptr(RosterRequest) new_user = NULL;
  g_autoptr(GBytes) payload = roster_payload_write (change);
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autofree char *change_id = roster_store_create_draft (fixture->store, change, NULL);
  g_autofree char *new_user_id = NULL;
  GDate today;

  test_get_fixed_today (&today);
  new_user = test_new_new_user_request (&today);
  g_assert_true (roster_store_queue (fixture->store, change_id, payload, NULL));

  roster_request_set_text (new_user, "user.email", "Ana.Diaz@upstate.example.org");
  new_user_id = roster_store_create_draft (fixture->store, new_user, NULL);
  matches = roster_store_find_pending_for (fixture->store, new_user, new_user_id, NULL);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpstr (((RosterStoreEntry *) matches->pdata[0])->id, ==, change_id);
  g_assert_cmpstr (((RosterStoreEntry *) matches->pdata[0])->form, ==, "hec.account-change");
  g_assert_cmpstr (roster_store_entry_describe_kind (matches->pdata[0]), ==, "Change services");

  entry = roster_store_get_entry (fixture->store, new_user_id, NULL);
  g_assert_cmpstr (entry->form, ==, "hec.new-user");
  g_assert_cmpstr (entry->person_name, ==, "Grace Okafor");
  g_assert_cmpstr (entry->organization, ==, "Family Care Medical Group");
  g_assert_null (entry->action);
  g_assert_cmpstr (roster_store_entry_describe_kind (entry), ==, "New user");
}

/* Queueing freezes the bytes, their SHA-256 and one key, for good. */
static void
test_store_queue_freezes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(RosterOutboxItem) item = NULL;
  g_autoptr(RosterOutboxItem) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, payload);
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);

  g_assert_true (roster_store_queue (fixture->store, id, payload, &error));
  g_assert_no_error (error);

  item = roster_store_get_outbox_item (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (item->payload, payload));
  g_assert_cmpstr (item->payload_sha256, ==, sha256);
  g_assert_true (g_uuid_string_is_valid (item->idempotency_key));
  g_assert_cmpint (item->state, ==, ROSTER_REQUEST_STATE_QUEUED);

  /* A queued request is not a draft any more. */
  g_assert_false (roster_store_save_draft (fixture->store, id, request, NULL, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (roster_store_queue (fixture->store, id, payload, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (roster_store_delete_draft (fixture->store, id, &error));
  g_clear_error (&error);

  /* Attempts keep the key. */
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  g_assert_true (roster_store_record_retry (fixture->store, id, g_get_real_time () + G_USEC_PER_SEC,
                                            "The HIE did not answer.", NULL));
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  again = roster_store_get_outbox_item (fixture->store, id, NULL);
  g_assert_cmpstr (again->idempotency_key, ==, item->idempotency_key);
  g_assert_true (g_bytes_equal (again->payload, payload));
  g_assert_cmpuint (again->attempts, ==, 2);
}

static char *
queue_one (Fixture *fixture)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  char *id = roster_store_create_draft (fixture->store, request, NULL);

  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));

  return id;
}

static void
commit_batch (Fixture           *fixture,
              RosterOutboxMarks *marks)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_store_commit_marks (fixture->store, marks, &error));
  g_assert_no_error (error);
  roster_outbox_marks_free (marks);
}

static void
assert_outbox_item (Fixture            *fixture,
                    const char         *id,
                    RosterRequestState  state,
                    guint               attempts)
{
  g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (fixture->store, id, NULL);

  g_assert_cmpint (item->state, ==, state);
  g_assert_cmpuint (item->attempts, ==, attempts);
}

/* In a batch, an attempt marked ahead counts nothing (a crash may end
 * the flush before it goes out, again and again); its answer's mark
 * counts it. Taken back, a mark ahead leaves the request as it was: a
 * queued one can be withdrawn, one a crash left sending cannot, and
 * neither's attempts change. */
static void
test_store_marks_count_attempts_made (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *queued = queue_one (fixture);
  g_autofree char *left_sending = queue_one (fixture);
  g_autofree char *answered = queue_one (fixture);
  g_autoptr(GHashTable) sending = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  RosterOutboxMarks *marks;

  /* A crash during its attempt. */
  g_assert_true (roster_store_begin_attempt (fixture->store, left_sending, NULL));
  due = roster_store_list_due_with_left_sending (fixture->store, g_get_real_time (), &sending, NULL);
  g_assert_cmpuint (due->len, ==, 3);
  g_assert_cmpuint (g_hash_table_size (sending), ==, 1);
  g_assert_true (g_hash_table_contains (sending, left_sending));

  for (guint kill = 0; kill < 3; kill++)
    {
      marks = roster_outbox_marks_new ();
      roster_outbox_marks_add_attempt (marks, queued);
      roster_outbox_marks_add_attempt (marks, left_sending);
      roster_outbox_marks_add_attempt (marks, answered);
      commit_batch (fixture, marks);
    }
  assert_outbox_item (fixture, queued, ROSTER_REQUEST_STATE_SENDING, 0);
  assert_outbox_item (fixture, left_sending, ROSTER_REQUEST_STATE_SENDING, 1);
  assert_outbox_item (fixture, answered, ROSTER_REQUEST_STATE_SENDING, 0);

  marks = roster_outbox_marks_new ();
  roster_outbox_marks_add_retry (marks, answered, g_get_real_time () + G_USEC_PER_SEC, "Waiting");
  roster_outbox_marks_add_not_attempted (marks, queued, ROSTER_REQUEST_STATE_QUEUED);
  roster_outbox_marks_add_not_attempted (marks, left_sending, ROSTER_REQUEST_STATE_SENDING);
  commit_batch (fixture, marks);
  assert_outbox_item (fixture, queued, ROSTER_REQUEST_STATE_QUEUED, 0);
  assert_outbox_item (fixture, left_sending, ROSTER_REQUEST_STATE_SENDING, 1);
  assert_outbox_item (fixture, answered, ROSTER_REQUEST_STATE_QUEUED, 1);

  g_ptr_array_add (ids, left_sending);
  g_assert_false (roster_store_withdraw_untried (fixture->store, ids, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_ptr_array_set_size (ids, 0);
  g_ptr_array_add (ids, answered);
  g_assert_false (roster_store_withdraw_untried (fixture->store, ids, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_ptr_array_set_size (ids, 0);
  g_ptr_array_add (ids, queued);
  g_assert_true (roster_store_withdraw_untried (fixture->store, ids, &error));
  g_assert_no_error (error);

  /* Each kind of answer counts its attempt; one that could not be made
   * (a damaged payload) does not. */
  marks = roster_outbox_marks_new ();
  roster_outbox_marks_add_attempt (marks, answered);
  roster_outbox_marks_add_attempt (marks, left_sending);
  commit_batch (fixture, marks);
  marks = roster_outbox_marks_new ();
  roster_outbox_marks_add_sent (marks, answered, "HEC-7K3M9Q2XWD4P", "2026-11-25T10:00:00Z");
  roster_outbox_marks_add_unsendable (marks, left_sending, "Damaged");
  commit_batch (fixture, marks);
  assert_outbox_item (fixture, answered, ROSTER_REQUEST_STATE_SENT, 2);
  assert_outbox_item (fixture, left_sending, ROSTER_REQUEST_STATE_ATTENTION, 1);
}

/* A payload changed on disk is never sent. */
static void
test_store_damaged_payload (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);
  g_autofree char *sql = NULL;

  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
  sql = g_strdup_printf ("UPDATE requests SET payload = x'7b7d' WHERE id = '%s'", id);
  g_assert_true (_roster_store_exec (fixture->store, sql, NULL));

  g_assert_null (roster_store_get_outbox_item (fixture->store, id, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED);
}

static void
test_store_delivery_states (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);
  gint64 now = g_get_real_time ();

  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
  due = roster_store_list_due (fixture->store, now + G_USEC_PER_SEC, NULL);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Not due before its time… */
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  g_assert_true (roster_store_record_retry (fixture->store, id, now + 60 * G_USEC_PER_SEC, "Waiting", NULL));
  due = roster_store_list_due (fixture->store, now, NULL);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* …but a "sending" left by a crash is due at once. */
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  due = roster_store_list_due (fixture->store, now, NULL);
  g_assert_cmpuint (due->len, ==, 1);

  g_assert_true (roster_store_record_sent (fixture->store, id, "HEC-7K3M9Q2XWD4P", "2026-11-25T10:00:00Z", NULL));
  g_assert_true (roster_store_record_status (fixture->store, id, "in_review", "Checking the NPI list", NULL));
  entry = roster_store_get_entry (fixture->store, id, NULL);
  g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_SENT);
  g_assert_cmpstr (entry->tracking_id, ==, "HEC-7K3M9Q2XWD4P");
  g_assert_cmpstr (entry->hie_status, ==, "in_review");
  g_assert_cmpstr (entry->hie_note, ==, "Checking the NPI list");

  events = roster_store_list_events (fixture->store, id, NULL);
  g_assert_cmpuint (events->len, ==, 7);
  g_assert_cmpstr (events->pdata[0], ==, "created");
  g_assert_cmpstr (events->pdata[1], ==, "queued");
  g_assert_cmpstr (events->pdata[5], ==, "sent HEC-7K3M9Q2XWD4P");
  g_assert_cmpstr (events->pdata[6], ==, "status in_review");
}

/* Which commits reach the disk on their own (counted by a pass-through
 * VFS): a saved draft, the freeze at queueing, the answer's mark and a
 * retry do; "an attempt starts" rides with the next one (issue 17). */
static void
test_store_durability (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);
  guint before;

  before = slow_fsync_vfs_get_syncs ();
  g_assert_true (roster_store_save_draft (fixture->store, id, request, "user", NULL));
  g_assert_cmpuint (slow_fsync_vfs_get_syncs () - before, >=, 1);

  before = slow_fsync_vfs_get_syncs ();
  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
  g_assert_cmpuint (slow_fsync_vfs_get_syncs () - before, >=, 1);

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      before = slow_fsync_vfs_get_syncs ();
      g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
      g_assert_cmpuint (slow_fsync_vfs_get_syncs () - before, ==, 0);

      before = slow_fsync_vfs_get_syncs ();
      if (attempt == 0)
        g_assert_true (roster_store_record_retry (fixture->store, id, g_get_real_time (), "Waiting", NULL));
      else
        g_assert_true (roster_store_record_sent (fixture->store, id, "HEC-7K3M9Q2XWD4P", "2026-11-25T10:00:00Z", NULL));
      g_assert_cmpuint (slow_fsync_vfs_get_syncs () - before, >=, 1);
    }

  /* Unsynced is not unwritten: another connection sees every step. */
  {
    g_autoptr(RosterStore) again = roster_store_open (fixture->dir, NULL);
    g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (again, id, NULL);

    g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_SENT);
  }
}

/* The event log never holds a name, an email or an NPI. */
static void
test_store_events_have_no_personal_data (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *id = NULL;
  static const char * const secrets[] = { "Ana", "Díaz", "ana.diaz", "upstate.example.org", TEST_NPI_A, NULL };

  roster_request_insert_row (request, "delegation.results", -1, "Dr. Maria Chen", TEST_NPI_A);
  id = roster_store_create_draft (fixture->store, request, NULL);
  roster_store_save_draft (fixture->store, id, request, "user", NULL);
  payload = roster_payload_write (request);
  roster_store_queue (fixture->store, id, payload, NULL);
  roster_store_begin_attempt (fixture->store, id, NULL);
  roster_store_record_returned (fixture->store, id, "[{\"field\":\"user.email\",\"message\":\"ana.diaz is unknown\"}]",
                                "The HIE found problems in the answers.", NULL);

  events = roster_store_list_events (fixture->store, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 0; i < events->len; i++)
    for (guint s = 0; secrets[s] != NULL; s++)
      g_assert_null (strstr (events->pdata[i], secrets[s]));
}

/* A returned request is editable again, with the HIE's messages. */
static void
test_store_returned (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(RosterRequest) loaded = NULL;
  g_autofree char *server_errors = NULL;
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);
  const char *errors = "[{\"field\":\"user.email\",\"message\":\"Unknown user\"}]";

  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  g_assert_true (roster_store_record_returned (fixture->store, id, errors, "The HIE found problems.", NULL));

  loaded = roster_store_load_draft (fixture->store, id, NULL, &server_errors, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (server_errors, ==, errors);
  g_assert_true (roster_store_save_draft (fixture->store, id, request, NULL, NULL));
  g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
}

/* Disk full: a visible error, and the previous save intact. */
static void
test_store_disk_full (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);
  g_autofree char *page_count = NULL;

  g_assert_true (roster_store_save_draft (fixture->store, id, request, "user", NULL));

  /* SQLite reports SQLITE_FULL when the database may not grow: a limit
   * below the current size is raised to the current size. */
  g_assert_true (_roster_store_exec (fixture->store, "PRAGMA max_page_count = 1", NULL));
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dr. Provider Number %u With A Long Name", i);
      roster_request_insert_row (request, "delegation.alerts", -1, name, TEST_NPI_A);
    }

  g_assert_false (roster_store_save_draft (fixture->store, id, request, "delegation", &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);

  loaded = roster_store_load_draft (fixture->store, id, &page_count, NULL, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (page_count, ==, "user");
  g_assert_cmpuint (roster_request_get_n_rows (loaded, "delegation.alerts"), ==, 0);
}

/* A database that can't be written: a visible error, nothing lost. */
static void
test_store_read_only (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = roster_store_create_draft (fixture->store, request, NULL);

  g_assert_true (roster_store_save_draft (fixture->store, id, request, "user", NULL));
  g_assert_true (_roster_store_exec (fixture->store, "PRAGMA query_only = 1", NULL));

  roster_request_set_text (request, "user.first_name", "Changed");
  g_assert_false (roster_store_save_draft (fixture->store, id, request, "user", &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_READ_ONLY);

  loaded = roster_store_load_draft (fixture->store, id, NULL, NULL, NULL);
  g_assert_cmpstr (roster_request_get_text (loaded, "user.first_name"), ==, "Ana");
}

/* A damaged draft is an error, not a crash; a wrong answer is skipped. */
static void
test_store_draft_codec (void)
{
  g_autoptr(GBytes) deep = NULL;
  g_autoptr(GBytes) wrong_types = NULL;
  g_autoptr(GBytes) other_form = NULL;
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *brackets = g_strnfill (100000, '[');
  guint skipped = 0;

  deep = g_bytes_new (brackets, strlen (brackets));
  g_assert_null (roster_draft_read (deep, NULL, &error));
  g_assert_error (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_CORRUPT);
  g_clear_error (&error);

  other_form = g_bytes_new_static ("{\"form\":\"x\",\"answers\":{}}", strlen ("{\"form\":\"x\",\"answers\":{}}"));
  g_assert_null (roster_draft_read (other_form, NULL, &error));
  g_assert_error (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_UNKNOWN_FORM);
  g_clear_error (&error);

  {
    static const char text[] =
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{"
      "\"user.first_name\":\"Ana\",\"user.last_name\":7,\"submitter.is_user\":\"yes\","
      "\"user.bogus\":\"x\",\"delegation.alerts\":[{\"name\":\"A\",\"npi\":\"1\"},3]}}";

    wrong_types = g_bytes_new_static (text, strlen (text));
  }
  request = roster_draft_read (wrong_types, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 4);
  g_assert_cmpstr (roster_request_get_text (request, "user.first_name"), ==, "Ana");
  g_assert_cmpuint (roster_request_get_n_rows (request, "delegation.alerts"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Counts the syncs of every database opened from here on, with no delay. */
  slow_fsync_vfs_install (0);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/permissions", test_store_permissions);
  ADD ("/store/fixes-loose-permissions", test_store_fixes_loose_permissions);
  ADD ("/store/refuses-symlink", test_store_refuses_symlink);
  ADD ("/store/moves-damaged-aside", test_store_moves_damaged_aside);
  ADD ("/store/draft-round-trip", test_store_draft_round_trip);
  ADD ("/store/list-and-search", test_store_list_and_search);
  ADD ("/store/list-newest", test_store_list_newest);
  ADD ("/store/find-pending", test_store_find_pending);
  ADD ("/store/find-pending-across-forms", test_store_find_pending_across_forms);
  ADD ("/store/queue-freezes", test_store_queue_freezes);
  ADD ("/store/damaged-payload", test_store_damaged_payload);
  ADD ("/store/delivery-states", test_store_delivery_states);
  ADD ("/store/marks-count-attempts-made", test_store_marks_count_attempts_made);
  ADD ("/store/durability", test_store_durability);
  ADD ("/store/events-have-no-personal-data", test_store_events_have_no_personal_data);
  ADD ("/store/returned", test_store_returned);
  ADD ("/store/disk-full", test_store_disk_full);
  ADD ("/store/read-only", test_store_read_only);
#undef ADD
  g_test_add_func ("/store/draft-codec", test_store_draft_codec);

  return g_test_run ();
}
