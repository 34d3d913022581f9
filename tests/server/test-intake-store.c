/* test-intake-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The intake server's database, through its API: file modes, schema
 * version, tokens, idempotent inserts on the writer thread, statuses. On
 * SQLite, and (ROSTER_TEST_STORE=postgresql) on a throwaway PostgreSQL
 * cluster, where SQLite's files and pragmas give way to PostgreSQL's
 * schema checks.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#ifdef HAVE_LIBPQ
# include <libpq-fe.h>
#endif

#include "roster-intake-store.h"
#include "server/intake-test-util.h"
#include "test-scratch.h"

typedef struct
{
  char              *dir;
  char              *path;
  RosterIntakeStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("roster-intake-store-XXXXXX", NULL);
  if (intake_test_store_is_postgresql ())
    fixture->path = intake_test_db_address (fixture->dir);
  else
    fixture->path = g_build_filename (fixture->dir, "new-folder", "intake.db", NULL);
  fixture->store = roster_intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
insert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (!roster_intake_store_insert_finish (ROSTER_INTAKE_STORE (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "ok");
}

/* Starts inserting a new request; *@error is set when it is done (to
 * G_IO_ERROR_NONE on success). Returns its tracking id. */
static const char *
start_insert (RosterIntakeStore  *store,
              gint64              token_id,
              const char         *key,
              const char         *body,
              GError            **error)
{
  RosterIntakeRecord *record = roster_intake_record_new ();

  record->tracking_id = roster_intake_new_tracking_id ();
  record->token_id = token_id;
  record->idempotency_key = g_strdup (key);
  record->body = g_bytes_new (body, strlen (body));
  record->body_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record->body);
  record->received_at = g_strdup ("2026-03-13T14:05:09Z");
  record->response_status = 201;
  record->response_body = g_strdup_printf ("{\"tracking_id\":\"%s\"}", record->tracking_id);

  /* The record lives until the callback has run. */
  roster_intake_store_insert_async (store, record, NULL, insert_done_cb, error);
  return record->tracking_id;
}

static void
wait_for_all (GError **errors,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    while (errors[i] == NULL)
      g_main_context_iteration (NULL, TRUE);
}

/* Inserts and waits; returns NULL on success. */
static GError *
insert (RosterIntakeStore *store,
        gint64             token_id,
        const char        *key,
        const char        *body)
{
  GError *error = NULL;

  start_insert (store, token_id, key, body, &error);
  wait_for_all (&error, 1);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NONE))
    g_clear_error (&error);

  return error;
}

/* Every row of every table of a PostgreSQL store, as text. */
static char *
database_text (const char *uri,
               gsize      *length)
{
#ifdef HAVE_LIBPQ
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;
  char *text;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn,
                   "SELECT concat_ws (E'\\n',"
                   " (SELECT string_agg (t::text, E'\\n') FROM tokens t),"
                   " (SELECT string_agg (r::text, E'\\n') FROM requests r),"
                   " (SELECT string_agg (h::text, E'\\n') FROM status_history h))");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  text = g_strdup (PQgetvalue (result, 0, 0));
  *length = strlen (text);
  g_assert_cmpuint (*length, >, 0);
  PQclear (result);
  PQfinish (conn);

  return text;
#else
  g_assert_not_reached ();
#endif
}

static void
test_files_are_private (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  struct stat info;
  gint64 token_id = 0;
  g_autofree char *token = NULL;

  if (intake_test_store_is_postgresql ())
    {
      g_test_skip ("SQLite's files: PostgreSQL keeps its own");
      return;
    }

  /* Whatever the umask. */
  g_assert_cmpint (g_stat (folder, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);
  g_assert_no_error (error);
  g_assert_null (insert (fixture->store, token_id, "k", "{}"));

  g_assert_cmpint (g_stat (wal, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

static void
test_pragmas_and_schema (Fixture       *fixture,
                         gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIntakeStore) again = NULL;

  if (intake_test_store_is_postgresql ())
    {
      g_test_skip ("SQLite's pragmas: /intake/store/pg-schema checks PostgreSQL's schema");
      return;
    }

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ROSTER_INTAKE_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);

  /* A database from the future is refused, not damaged. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  again = roster_intake_store_open (fixture->path, &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (again);
}

static void
test_tokens (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *replacement = NULL;
  gint64 first_id = 0;
  gint64 second_id = 0;
  gint64 found = -1;

  first = roster_intake_store_add_token (fixture->store, "  Upstate Family Practice ", FALSE, &first_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "hrt_"));
  g_assert_cmpuint (strlen (first), ==, 4 + 43);

  second = roster_intake_store_add_token (fixture->store, "Upstate Family Practice", FALSE, &second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);

  g_assert_true (roster_intake_store_authenticate (fixture->store, first, &found, &error));
  g_assert_cmpint (found, ==, first_id);
  g_assert_true (roster_intake_store_authenticate (fixture->store, "hrt_nope", &found, &error));
  g_assert_cmpint (found, ==, 0);

  /* The token itself is nowhere in the database. */
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (intake_test_store_is_postgresql ())
      contents = database_text (fixture->path, &length);
    else
      g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
    g_assert_null (g_strstr_len (contents, length, first + 4));
  }

  g_assert_true (roster_intake_store_revoke_token (fixture->store, first_id, &error));
  g_assert_no_error (error);
  g_assert_true (roster_intake_store_authenticate (fixture->store, first, &found, &error));
  g_assert_cmpint (found, ==, 0);

  g_assert_false (roster_intake_store_revoke_token (fixture->store, 999, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* --replace revokes the organization's other tokens. */
  replacement = roster_intake_store_add_token (fixture->store, "Upstate Family Practice", TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (roster_intake_store_authenticate (fixture->store, second, &found, &error));
  g_assert_cmpint (found, ==, 0);
  g_assert_true (roster_intake_store_authenticate (fixture->store, replacement, &found, &error));
  g_assert_cmpint (found, >, 0);

  tokens = roster_intake_store_list_tokens (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 3);
  g_assert_cmpstr (((RosterIntakeToken *)tokens->pdata[0])->organization, ==, "Upstate Family Practice");
  g_assert_nonnull (((RosterIntakeToken *)tokens->pdata[0])->revoked_at);
  g_assert_nonnull (((RosterIntakeToken *)tokens->pdata[1])->revoked_at);
  g_assert_null (((RosterIntakeToken *)tokens->pdata[2])->revoked_at);

  g_assert_null (roster_intake_store_add_token (fixture->store, "  ", FALSE, NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (roster_intake_store_add_token (fixture->store, "Evil\nOrg", FALSE, NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
}

static void
test_insert_and_find (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) duplicate = NULL;
  g_autoptr(RosterIntakeRecord) found = NULL;
  g_autoptr(RosterIntakeRecord) missing = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *token = NULL;
  gint64 token_id = 0;
  gint64 other_id = 0;
  g_autofree char *other = NULL;

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);
  other = roster_intake_store_add_token (fixture->store, "Other", FALSE, &other_id, &error);
  g_assert_no_error (error);

  g_assert_null (insert (fixture->store, token_id, "key-1", "{\"a\":1}"));
  g_assert_null (insert (fixture->store, other_id, "key-1", "{\"a\":1}"));

  duplicate = insert (fixture->store, token_id, "key-1", "{\"a\":2}");
  g_assert_error (duplicate, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE);

  found = roster_intake_store_find_by_key (fixture->store, token_id, "key-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->status, ==, "received");
  g_assert_cmpstr (found->organization, ==, "Org");
  g_assert_cmpuint (found->response_status, ==, 201);
  g_assert_cmpmem (g_bytes_get_data (found->body, NULL), g_bytes_get_size (found->body), "{\"a\":1}", 7);

  missing = roster_intake_store_find_by_key (fixture->store, token_id, "key-2", &error);
  g_assert_null (missing);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Scoped to the token, unless the operator asks (0). */
  g_assert_null (roster_intake_store_get_request (fixture->store, found->tracking_id, other_id, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&missing, roster_intake_record_free);
  missing = roster_intake_store_get_request (fixture->store, found->tracking_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (missing);

  records = roster_intake_store_list_requests (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);

  history = roster_intake_store_get_history (fixture->store, found->tracking_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((RosterIntakeStatusChange *)history->pdata[0])->status, ==, "received");
}

static void
test_set_status (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIntakeRecord) record = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tracking_id = NULL;
  gint64 token_id = 0;

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);
  g_assert_null (insert (fixture->store, token_id, "k", "{}"));
  record = roster_intake_store_find_by_key (fixture->store, token_id, "k", &error);
  g_assert_no_error (error);
  tracking_id = g_strdup (record->tracking_id);

  g_assert_false (roster_intake_store_set_status (fixture->store, tracking_id, "done", NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (roster_intake_store_set_status (fixture->store, tracking_id, "received", NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (roster_intake_store_set_status (fixture->store, tracking_id, "rejected", NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (roster_intake_store_set_status (fixture->store, "HEC-NOPE", "in_review", NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (roster_intake_store_set_status (fixture->store, tracking_id, "in_review", NULL, &error));
  g_assert_true (roster_intake_store_set_status (fixture->store, tracking_id, "completed", "Done.", &error));
  g_assert_no_error (error);

  /* Final is final. */
  g_assert_false (roster_intake_store_set_status (fixture->store, tracking_id, "in_review", NULL, &error));
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&record, roster_intake_record_free);
  record = roster_intake_store_get_request (fixture->store, tracking_id, token_id, &error);
  g_assert_cmpstr (record->status, ==, "completed");
  g_assert_cmpstr (record->note, ==, "Done.");

  history = roster_intake_store_get_history (fixture->store, tracking_id, &error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (((RosterIntakeStatusChange *)history->pdata[1])->status, ==, "in_review");
  g_assert_cmpstr (((RosterIntakeStatusChange *)history->pdata[2])->status, ==, "completed");
}

static void
test_group_commit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *token = NULL;
  GError *errors[40] = { NULL, };
  gint64 token_id = 0;
  guint n_done = 0;

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);

  /* Many at once, one duplicate among them: the others still commit. */
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      RosterIntakeRecord *record = roster_intake_record_new ();

      record->tracking_id = roster_intake_new_tracking_id ();
      record->token_id = token_id;
      record->idempotency_key = g_strdup_printf ("key-%u", i == 7 ? 6 : i);
      record->body = g_bytes_new_static ("{}", 2);
      record->body_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, record->body);
      record->received_at = g_strdup ("2026-03-13T14:05:09Z");
      record->response_status = 201;
      record->response_body = g_strdup ("{}");
      roster_intake_store_insert_async (fixture->store, record, NULL, insert_done_cb, &errors[i]);
    }

  while (n_done < G_N_ELEMENTS (errors))
    {
      g_main_context_iteration (NULL, TRUE);
      n_done = 0;
      for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
        n_done += errors[i] != NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      if (i == 7)
        g_assert_error (errors[i], ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE);
      else
        g_assert_error (errors[i], G_IO_ERROR, G_IO_ERROR_NONE);
      g_clear_error (&errors[i]);
    }

  records = roster_intake_store_list_requests (fixture->store, &error);
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (errors) - 1);
}

/* Two requests with one key while a commit runs: they share the next
 * batch, one is stored and the other is told the key is taken, and the
 * key finds the one that was stored. */
static void
test_group_commit_same_key (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIntakeRecord) found = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *token = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  GError *errors[3] = { NULL, };
  gint64 token_id = 0;
  gboolean first_stored;

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);
  roster_intake_store_set_commit_delay (fixture->store, 200);

  start_insert (fixture->store, token_id, "key-0", "{}", &errors[0]);
  first_id = g_strdup (start_insert (fixture->store, token_id, "key-1", "{}", &errors[1]));
  second_id = g_strdup (start_insert (fixture->store, token_id, "key-1", "{}", &errors[2]));
  wait_for_all (errors, G_N_ELEMENTS (errors));

  g_assert_error (errors[0], G_IO_ERROR, G_IO_ERROR_NONE);
  first_stored = g_error_matches (errors[1], G_IO_ERROR, G_IO_ERROR_NONE);
  g_assert_error (errors[first_stored ? 2 : 1], ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE);
  g_assert_error (errors[first_stored ? 1 : 2], G_IO_ERROR, G_IO_ERROR_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    g_clear_error (&errors[i]);

  found = roster_intake_store_find_by_key (fixture->store, token_id, "key-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->tracking_id, ==, first_stored ? first_id : second_id);

  records = roster_intake_store_list_requests (fixture->store, &error);
  g_assert_cmpuint (records->len, ==, 2);
}

/* A batch whose commit fails: each of its requests gets the error and
 * none is stored, so each can be sent again with its key; what was
 * committed before stays. */
static void
test_group_commit_failure (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *token = NULL;
  GError *errors[5] = { NULL, };
  gint64 token_id = 0;
  guint n_failed = 0;

  token = roster_intake_store_add_token (fixture->store, "Org", FALSE, &token_id, &error);
  g_assert_null (insert (fixture->store, token_id, "before", "{}"));

  /* The next batch fails: at least the first of these is in it. */
  roster_intake_store_set_failing_batch (fixture->store, 1);
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);

      start_insert (fixture->store, token_id, key, "{}", &errors[i]);
    }
  wait_for_all (errors, G_N_ELEMENTS (errors));

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autoptr(RosterIntakeRecord) found = NULL;
      g_autoptr(GError) lookup_error = NULL;

      found = roster_intake_store_find_by_key (fixture->store, token_id, key, &lookup_error);
      if (g_error_matches (errors[i], G_IO_ERROR, G_IO_ERROR_NONE))
        g_assert_nonnull (found);
      else
        {
          g_assert_error (errors[i], ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED);
          g_assert_error (lookup_error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND);
          g_assert_null (insert (fixture->store, token_id, key, "{}"));
          n_failed++;
        }
      g_clear_error (&errors[i]);
    }
  g_test_message ("%u requests in the failed batch", n_failed);
  g_assert_cmpuint (n_failed, >=, 1);

  records = roster_intake_store_list_requests (fixture->store, &error);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (errors));
}

static void
test_tracking_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 10000; i++)
    {
      char *id = roster_intake_new_tracking_id ();

      g_assert_true (g_regex_match_simple ("^HEC-[0-9A-HJKMNP-TV-Z]{16}$", id, 0, 0));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

#ifdef HAVE_LIBPQ
static void
pg_exec (const char *uri,
         const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);
}

/* A new, empty database beside the fixture's, named after it and
 * @suffix: its URI. */
static GString *
new_pg_database (Fixture    *fixture,
                 const char *suffix)
{
  GString *uri = g_string_new (fixture->path);
  g_autofree char *create = NULL;
  g_autofree char *name = NULL;
  const char *query;

  query = strchr (uri->str, '?');
  name = g_strdup_printf ("%.*s_%s", (int)(query - strstr (uri->str, ":///") - 4),
                          strstr (uri->str, ":///") + 4, suffix);
  g_string_erase (uri, 0, query - uri->str);
  g_string_prepend (uri, name);
  g_string_prepend (uri, "postgresql:///");
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  pg_exec (fixture->path, create);

  return uri;
}

/* serve (roster_intake_store_open) refuses a database without the
 * schema, naming the command; migrate makes it, once, and a schema from
 * the future is refused by both. */
static void
test_pg_schema (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GString) empty = new_pg_database (fixture, "empty");
  int old_version = -1;

  store = roster_intake_store_open (empty->str, &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "hie-roster-intake migrate"));
  g_assert_null (store);
  g_clear_error (&error);

  store = roster_intake_store_migrate (empty->str, &old_version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, 0);
  g_clear_object (&store);

  store = roster_intake_store_migrate (empty->str, &old_version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, ROSTER_INTAKE_STORE_SCHEMA_VERSION);
  g_clear_object (&store);

  store = roster_intake_store_open (empty->str, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A database from the future is refused, not damaged. */
  pg_exec (empty->str, "UPDATE roster_intake_schema SET version = 99");
  store = roster_intake_store_open (empty->str, &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  g_clear_error (&error);
  store = roster_intake_store_migrate (empty->str, NULL, &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
}
#endif

/* Runs @sql on the database at @address, behind the store's back. */
static void
exec_on (const char *address,
         const char *sql)
{
#ifdef HAVE_LIBPQ
  if (roster_intake_store_address_is_uri (address))
    {
      pg_exec (address, sql);
      return;
    }
#endif
  {
    sqlite3 *db = NULL;
    char *message = NULL;

    g_assert_cmpint (sqlite3_open (address, &db), ==, SQLITE_OK);
    sqlite3_exec (db, sql, NULL, NULL, &message);
    g_assert_cmpstr (message, ==, NULL);
    sqlite3_close (db);
  }
}

/* A database of schema 1 (keys unique per token) with three requests
 * under one key: the first token's, the same organization's second
 * token's (the double request schema 1 let through), and another
 * organization's. migrate keeps every request and its history; the
 * earliest of the organization keeps the key, now unique per
 * organization in the database. */
static void
test_upgrade_from_schema_1 (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) duplicate = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(RosterIntakeRecord) found = NULL;
  g_autoptr(RosterIntakeRecord) other_found = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *address = NULL;
  g_autofree char *old_token = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *other_token = NULL;
  g_autofree char *requests_sql = NULL;
  gint64 old_id = 0;
  gint64 new_id = 0;
  gint64 other_id = 0;
  int old_version = -1;
  const char *body_sql;

#ifdef HAVE_LIBPQ
  if (intake_test_store_is_postgresql ())
    {
      GString *uri = new_pg_database (fixture, "schema_1");

      address = g_string_free (uri, FALSE);
    }
  else
#endif
    address = g_build_filename (fixture->dir, "schema-1.db", NULL);
  body_sql = intake_test_store_is_postgresql () ? "convert_to ('{}', 'UTF8')" : "CAST ('{}' AS BLOB)";

  /* Schema 1's tokens table is schema 2's: the store can fill it. */
  store = _roster_intake_store_migrate_to (address, 1, &error);
  g_assert_no_error (error);
  old_token = roster_intake_store_add_token (store, "Org", FALSE, &old_id, &error);
  new_token = roster_intake_store_add_token (store, "Org", FALSE, &new_id, &error);
  other_token = roster_intake_store_add_token (store, "Other", FALSE, &other_id, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  requests_sql = g_strdup_printf ("INSERT INTO requests (tracking_id, token_id, idempotency_key, body_sha256,"
                                  " body, received_at, response_status, response_body, status) VALUES"
                                  " ('HEC-0000000000000001', %" G_GINT64_FORMAT ", 'k', 'a', %s,"
                                  "  '2026-03-13T14:05:09Z', 201, '{\"n\":1}', 'received'),"
                                  " ('HEC-0000000000000002', %" G_GINT64_FORMAT ", 'k', 'a', %s,"
                                  "  '2026-03-13T14:06:09Z', 201, '{\"n\":2}', 'received'),"
                                  " ('HEC-0000000000000003', %" G_GINT64_FORMAT ", 'k', 'a', %s,"
                                  "  '2026-03-13T14:07:09Z', 201, '{\"n\":3}', 'received');"
                                  "INSERT INTO status_history (request_id, status, changed_at)"
                                  " SELECT id, 'received', received_at FROM requests;",
                                  old_id, body_sql, new_id, body_sql, other_id, body_sql);
  exec_on (address, requests_sql);

  /* serve refuses it, naming the command. */
  store = roster_intake_store_open (address, &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "hie-roster-intake migrate"));
  g_assert_null (store);
  g_clear_error (&error);

  store = roster_intake_store_migrate (address, &old_version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old_version, ==, 1);

  records = roster_intake_store_list_requests (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      RosterIntakeRecord *record = g_ptr_array_index (records, i);
      g_autofree char *tracking_id = g_strdup_printf ("HEC-%016u", i + 1);
      g_autofree char *answer = g_strdup_printf ("{\"n\":%u}", i + 1);

      g_assert_cmpstr (record->tracking_id, ==, tracking_id);
      g_assert_cmpstr (record->response_body, ==, answer);
      g_assert_cmpstr (record->organization, ==, i < 2 ? "Org" : "Other");
    }
  history = roster_intake_store_get_history (store, "HEC-0000000000000002", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);

  /* The organization's key is the earliest request's, for either token. */
  found = roster_intake_store_find_by_key (store, new_id, "k", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->tracking_id, ==, "HEC-0000000000000001");
  other_found = roster_intake_store_find_by_key (store, other_id, "k", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other_found->tracking_id, ==, "HEC-0000000000000003");

  /* And the database refuses a second one. */
  duplicate = insert (store, new_id, "k", "{}");
  g_assert_error (duplicate, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE);
  g_clear_error (&duplicate);
  g_assert_null (insert (store, old_id, "fresh", "{}"));
  duplicate = insert (store, new_id, "fresh", "{}");
  g_assert_error (duplicate, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE);
  g_assert_null (insert (store, other_id, "fresh", "{}"));
  g_clear_object (&store);

  store = roster_intake_store_open (address, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

/* Addresses that are not files are never opened as files. */
static void
test_addresses (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GDir) listing = NULL;

  g_assert_true (roster_intake_store_address_is_uri ("postgresql://intake@db.example.org/intake"));
  g_assert_true (roster_intake_store_address_is_uri ("POSTGRES:///intake?host=/run/postgresql"));
  g_assert_false (roster_intake_store_address_is_uri ("/var/lib/intake/intake.db"));
  g_assert_false (roster_intake_store_address_is_uri ("postgresql.db"));

  g_assert_cmpint (g_chdir (dir), ==, 0);

  store = roster_intake_store_open ("mysql://intake@db.example.org/intake", &error);
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED);
  g_assert_null (store);
  g_clear_error (&error);

  /* A password on the command line would be in the process list. */
  store = roster_intake_store_open ("postgresql://intake:secret@localhost/intake", &error);
#ifdef HAVE_LIBPQ
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "pgpass"));
  g_assert_null (strstr (error->message, "secret"));
#else
  g_assert_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "without PostgreSQL"));
#endif
  g_assert_null (store);

  /* And no file was made for either. */
  listing = g_dir_open (".", 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The PostgreSQL run without PostgreSQL installed: skip, saying why. */
  if (!intake_test_store_init ())
    return 0;

  g_test_init (&argc, &argv, NULL);

  /* The modes must not depend on the umask of whoever runs the tests. */
  umask (022);

#define ADD(path, func) \
  g_test_add ("/intake/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("files-are-private", test_files_are_private);
  ADD ("pragmas-and-schema", test_pragmas_and_schema);
  ADD ("tokens", test_tokens);
  ADD ("insert-and-find", test_insert_and_find);
  ADD ("set-status", test_set_status);
  ADD ("group-commit", test_group_commit);
  ADD ("group-commit-same-key", test_group_commit_same_key);
  ADD ("group-commit-failure", test_group_commit_failure);
  ADD ("upgrade-from-schema-1", test_upgrade_from_schema_1);
  g_test_add_func ("/intake/store/tracking-ids", test_tracking_ids);
  g_test_add_func ("/intake/store/addresses", test_addresses);
#ifdef HAVE_LIBPQ
  if (intake_test_store_is_postgresql ())
    ADD ("pg-schema", test_pg_schema);
#endif

#undef ADD

  return g_test_run ();
}
