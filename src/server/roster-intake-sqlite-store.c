/* roster-intake-sqlite-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "roster-intake-sqlite-store.h"

/*
 * The intake store in one SQLite file: the embedded default, for one
 * server process.
 *
 * Durability is the point of this file. Every connection runs with
 * journal_mode=WAL and synchronous=FULL, so a COMMIT has reached the disk
 * when it returns, and the server only answers 201 after that. The file
 * is created 0600 in a 0700 folder before SQLite opens it (SQLite would
 * use the umask, and its -wal and -shm files copy the main file's mode).
 *
 * The writer thread (see roster-intake-store.c) has its own connection;
 * each insert of a batch runs in its own savepoint, so one bad row does
 * not fail the others. Everything else runs on the connection of the
 * thread that opened the store.
 */

#define BUSY_TIMEOUT_MSEC 5000

struct _RosterIntakeSqliteStore
{
  RosterIntakeStore  parent_instance;

  char              *path;
  sqlite3           *db;

  /* Statements on the hot path of every submission, prepared once (the
   * SQL parser was a fifth of the server's CPU time under load). */
  sqlite3_stmt      *authenticate_stmt;
  sqlite3_stmt      *find_by_key_stmt;

  sqlite3           *writer_db;

  /* The writer thread's statements, prepared once on writer_db and used
   * only by that thread: with one client every batch holds one request,
   * and preparing them for each batch was a fifth of the server's CPU
   * time per request (sqlite3_exec parses its text every time). */
  sqlite3_stmt      *writer_begin_stmt;
  sqlite3_stmt      *writer_savepoint_stmt;
  sqlite3_stmt      *writer_rollback_to_stmt;
  sqlite3_stmt      *writer_release_stmt;
  sqlite3_stmt      *writer_commit_stmt;
  sqlite3_stmt      *writer_insert_request_stmt;
  sqlite3_stmt      *writer_insert_history_stmt;
};

G_DEFINE_FINAL_TYPE (RosterIntakeSqliteStore, roster_intake_sqlite_store, ROSTER_TYPE_INTAKE_STORE)

/* Each step brings the schema from its index to the next version; a new
 * file takes them all, so it ends up exactly as an upgraded one. */
static const char schema_1_sql[] =
  "CREATE TABLE tokens ("
  "  id INTEGER PRIMARY KEY,"
  "  organization TEXT NOT NULL,"
  "  token_sha256 TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ");"
  "CREATE TABLE requests ("
  "  id INTEGER PRIMARY KEY,"
  "  tracking_id TEXT NOT NULL UNIQUE,"
  "  token_id INTEGER NOT NULL REFERENCES tokens (id),"
  "  idempotency_key TEXT NOT NULL,"
  "  body_sha256 TEXT NOT NULL,"
  "  body BLOB NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  response_status INTEGER NOT NULL,"
  "  response_body TEXT NOT NULL,"
  "  status TEXT NOT NULL"
  "    CHECK (status IN ('received', 'in_review', 'completed', 'rejected')),"
  "  note TEXT,"
  "  UNIQUE (token_id, idempotency_key)"
  ");"
  "CREATE TABLE status_history ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES requests (id),"
  "  status TEXT NOT NULL,"
  "  note TEXT,"
  "  changed_at TEXT NOT NULL"
  ");"
  "CREATE INDEX status_history_by_request ON status_history (request_id);";

/* The key becomes unique per organization (a replaced token's resend is
 * the same request). SQLite cannot change a table's constraints, so the
 * table is made anew, with the same ids: migrate() turns foreign keys off
 * around it (status_history points at requests), then checks them. */
static const char schema_2_sql[] =
  _ROSTER_INTAKE_STORE_UNBIND_REPEATED_KEYS_SQL ";"
  "CREATE TABLE requests_2 ("
  "  id INTEGER PRIMARY KEY,"
  "  tracking_id TEXT NOT NULL UNIQUE,"
  "  token_id INTEGER NOT NULL REFERENCES tokens (id),"
  "  organization TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL,"
  "  body_sha256 TEXT NOT NULL,"
  "  body BLOB NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  response_status INTEGER NOT NULL,"
  "  response_body TEXT NOT NULL,"
  "  status TEXT NOT NULL"
  "    CHECK (status IN ('received', 'in_review', 'completed', 'rejected')),"
  "  note TEXT,"
  "  UNIQUE (organization, idempotency_key)"
  ");"
  "INSERT INTO requests_2 (id, tracking_id, token_id, organization, idempotency_key, body_sha256,"
  "  body, received_at, response_status, response_body, status, note)"
  "  SELECT r.id, r.tracking_id, r.token_id, t.organization, r.idempotency_key, r.body_sha256,"
  "  r.body, r.received_at, r.response_status, r.response_body, r.status, r.note"
  "  FROM requests r JOIN tokens t ON t.id = r.token_id;"
  "DROP TABLE requests;"
  "ALTER TABLE requests_2 RENAME TO requests;";

static const char * const schema_steps[] = { schema_1_sql, schema_2_sql };

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == ROSTER_INTAKE_STORE_SCHEMA_VERSION);

/* Helpers --------------------------------------------------------------- */

static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
               "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                   "%s", message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "prepare");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A cached statement, ready to bind: prepared on first use, reset and
 * unbound on every later one. */
static sqlite3_stmt *
prepare_cached (sqlite3        *db,
                sqlite3_stmt  **cache,
                const char     *sql,
                GError        **error)
{
  if (*cache == NULL)
    return *cache = prepare (db, sql, error);

  sqlite3_reset (*cache);
  sqlite3_clear_bindings (*cache);
  return *cache;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

/* Both strings have the same length (two SHA-256 hex digests): the time
 * taken does not depend on where they first differ. */
static gboolean
equal_in_constant_time (const char *a,
                        const char *b,
                        gsize       length)
{
  guint8 difference = 0;

  for (gsize i = 0; i < length; i++)
    difference |= (guint8)a[i] ^ (guint8)b[i];

  return difference == 0;
}

/* Object ---------------------------------------------------------------- */

static void
roster_intake_sqlite_store_finalize (GObject *object)
{
  RosterIntakeSqliteStore *self = (RosterIntakeSqliteStore *)object;

  g_clear_pointer (&self->authenticate_stmt, sqlite3_finalize);
  g_clear_pointer (&self->find_by_key_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_begin_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_savepoint_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_rollback_to_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_release_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_commit_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_insert_request_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_insert_history_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_db, sqlite3_close);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (roster_intake_sqlite_store_parent_class)->finalize (object);
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                   _("Cannot open the database %s: %s"),
                   path, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MSEC);

  /* synchronous=FULL on every connection: with WAL, NORMAL may lose
   * committed transactions on power loss, and a 201 is a promise. */
  if (!exec_sql (db,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 "PRAGMA foreign_keys = ON;",
                 error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the database %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static gboolean
read_user_version (sqlite3  *db,
                   int      *version,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (db, "PRAGMA user_version", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (error, db, "user_version");

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
check_foreign_keys (sqlite3  *db,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "PRAGMA foreign_key_check", error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                   "upgrade: a row of %s points at nothing", sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, "foreign_key_check");

  return TRUE;
}

/* Brings the schema up to @target_version. A new file always gets the
 * whole schema; an older schema is only upgraded when @migrating (the
 * `migrate` command), else refused, as PostgreSQL's is. */
static gboolean
migrate (RosterIntakeSqliteStore  *self,
         gboolean                  migrating,
         int                       target_version,
         int                      *old_version,
         GError                  **error)
{
  g_autofree char *set_version = NULL;
  int version;

  /* A no-op inside a transaction, so before it: the upgrade to schema 2
   * makes the requests table anew under status_history's references. */
  if (!exec_sql (self->db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error) ||
      !read_user_version (self->db, &version, error))
    goto failed;
  *old_version = version;

  if (version > ROSTER_INTAKE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
                   _("The database %s was made by a newer version of hie-roster-intake "
                     "(schema %d; this version knows %d): run that version."),
                   self->path, version, ROSTER_INTAKE_STORE_SCHEMA_VERSION);
      goto failed;
    }

  if (version > 0 && version < target_version && !migrating)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA,
                   _("The database %s has an older intake schema (%d; this version needs %d): "
                     "run “hie-roster-intake migrate” with the same --db first."),
                   self->path, version, target_version);
      goto failed;
    }

  for (int step = version; step < target_version; step++)
    if (!exec_sql (self->db, schema_steps[step], error))
      goto failed;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", MAX (version, target_version));
  if (!check_foreign_keys (self->db, error) ||
      !exec_sql (self->db, set_version, error) ||
      !exec_sql (self->db, "COMMIT", error))
    goto failed;

  return exec_sql (self->db, "PRAGMA foreign_keys = ON", error);

failed:
  exec_sql (self->db, "ROLLBACK", NULL);
  exec_sql (self->db, "PRAGMA foreign_keys = ON", NULL);
  return FALSE;
}

/*< private >
 * _roster_intake_sqlite_store_open:
 * @path: the database file; it and its folder are created if needed
 * @migrating: whether to upgrade an older schema (else it is refused)
 * @target_version: the schema version to bring it to (the current one,
 *   but in tests of the upgrade)
 * @old_version: (out): the schema version found (0: a new file)
 * @error: return location for a #GError
 *
 * Opens (creating if needed) the intake database, with the file 0600 and a
 * new folder 0700, and makes its schema if it is new.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
_roster_intake_sqlite_store_open (const char  *path,
                                  gboolean     migrating,
                                  int          target_version,
                                  int         *old_version,
                                  GError     **error)
{
  g_autoptr(RosterIntakeSqliteStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!create_private_file (path, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_INTAKE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);

  if (!(self->db = open_connection (path, error)) ||
      !migrate (self, migrating, target_version, old_version, error))
    return NULL;

  if (!(self->writer_db = open_connection (path, error)))
    return NULL;

  return ROSTER_INTAKE_STORE (g_steal_pointer (&self));
}

static gboolean
sqlite_check (RosterIntakeStore  *store,
              GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self->db, "SELECT count(*) FROM tokens", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "health");

  return TRUE;
}

/* Tokens ---------------------------------------------------------------- */

static gboolean
sqlite_add_token (RosterIntakeStore  *store,
                  const char         *name,
                  const char         *hash,
                  const char         *now,
                  gboolean            replace,
                  gint64             *id,
                  GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (replace)
    {
      if (!(stmt = prepare (self->db,
                            "UPDATE tokens SET revoked_at = ?1"
                            " WHERE organization = ?2 AND revoked_at IS NULL",
                            error)))
        goto failed;
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_sqlite_error (error, self->db, "revoke");
          goto failed;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (!(stmt = prepare (self->db,
                        "INSERT INTO tokens (organization, token_sha256, created_at)"
                        " VALUES (?1, ?2, ?3)",
                        error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "add token");
      goto failed;
    }

  *id = sqlite3_last_insert_rowid (self->db);

  if (!exec_sql (self->db, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  exec_sql (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
sqlite_authenticate (RosterIntakeStore  *store,
                     const char         *hash,
                     gint64             *token_id,
                     char              **organization,
                     GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = prepare_cached (self->db, &self->authenticate_stmt,
                               "SELECT id, token_sha256, organization FROM tokens"
                               " WHERE token_sha256 = ?1 AND revoked_at IS NULL",
                               error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *stored = (const char *)sqlite3_column_text (stmt, 1);

      if (stored != NULL && strlen (stored) == strlen (hash) &&
          equal_in_constant_time (stored, hash, strlen (hash)))
        {
          *token_id = sqlite3_column_int64 (stmt, 0);
          if (organization != NULL)
            *organization = column_dup (stmt, 2);
        }
      sqlite3_reset (stmt);
      return TRUE;
    }

  /* Reset at once: a statement left open would hold a read transaction
   * and pin the WAL. */
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "authenticate");

  return TRUE;
}

static GPtrArray *
sqlite_list_tokens (RosterIntakeStore  *store,
                    GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  int rc;

  if (!(stmt = prepare (self->db,
                        "SELECT id, organization, created_at, revoked_at FROM tokens ORDER BY id",
                        error)))
    return NULL;

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_token_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterIntakeToken *token = g_new0 (RosterIntakeToken, 1);

      token->id = sqlite3_column_int64 (stmt, 0);
      token->organization = column_dup (stmt, 1);
      token->created_at = column_dup (stmt, 2);
      token->revoked_at = column_dup (stmt, 3);
      g_ptr_array_add (tokens, token);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "list tokens");
      return NULL;
    }

  return g_steal_pointer (&tokens);
}

static gboolean
sqlite_revoke_token (RosterIntakeStore  *store,
                     gint64              id,
                     const char         *now,
                     GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self->db,
                        "UPDATE tokens SET revoked_at = coalesce (revoked_at, ?1) WHERE id = ?2",
                        error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "revoke token");

  if (sqlite3_changes (self->db) == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no token %s."), id_text);
      return FALSE;
    }

  return TRUE;
}

/* Requests -------------------------------------------------------------- */

#define RECORD_COLUMNS \
  "r.tracking_id, r.token_id, r.organization, r.idempotency_key, r.body_sha256, r.body," \
  " r.received_at, r.response_status, r.response_body, r.status, r.note"

static RosterIntakeRecord *
record_from_row (sqlite3_stmt *stmt)
{
  RosterIntakeRecord *record = roster_intake_record_new ();

  record->tracking_id = column_dup (stmt, 0);
  record->token_id = sqlite3_column_int64 (stmt, 1);
  record->organization = column_dup (stmt, 2);
  record->idempotency_key = column_dup (stmt, 3);
  record->body_sha256 = column_dup (stmt, 4);
  record->body = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
  record->received_at = column_dup (stmt, 6);
  record->response_status = sqlite3_column_int (stmt, 7);
  record->response_body = column_dup (stmt, 8);
  record->status = column_dup (stmt, 9);
  record->note = column_dup (stmt, 10);

  return record;
}

/* Runs @stmt expecting at most one row. */
static RosterIntakeRecord *
fetch_one_record (sqlite3       *db,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return record_from_row (stmt);

  if (rc != SQLITE_DONE)
    set_sqlite_error (error, db, "read request");
  else
    g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                         _("There is no such request."));

  return NULL;
}

static RosterIntakeRecord *
sqlite_find_by_key (RosterIntakeStore  *store,
                    gint64              token_id,
                    const char         *idempotency_key,
                    GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  RosterIntakeRecord *record;

  if (!(stmt = prepare_cached (self->db, &self->find_by_key_stmt,
                               "SELECT " RECORD_COLUMNS " FROM requests r"
                               " WHERE r.organization = (SELECT organization FROM tokens WHERE id = ?1)"
                               " AND r.idempotency_key = ?2",
                               error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, token_id);
  sqlite3_bind_text (stmt, 2, idempotency_key, -1, SQLITE_STATIC);

  record = fetch_one_record (self->db, stmt, error);
  sqlite3_reset (stmt);

  return record;
}

static RosterIntakeRecord *
sqlite_get_request (RosterIntakeStore  *store,
                    const char         *tracking_id,
                    gint64              token_id,
                    GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self->db,
                        "SELECT " RECORD_COLUMNS " FROM requests r"
                        " WHERE r.tracking_id = ?1"
                        " AND (?2 = 0 OR r.organization = (SELECT organization FROM tokens WHERE id = ?2))",
                        error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, tracking_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, token_id);

  return fetch_one_record (self->db, stmt, error);
}

static GPtrArray *
sqlite_list_requests (RosterIntakeStore  *store,
                      GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  if (!(stmt = prepare (self->db,
                        "SELECT r.tracking_id, r.token_id, r.organization, r.idempotency_key,"
                        " r.body_sha256, NULL, r.received_at, r.response_status,"
                        " r.response_body, r.status, r.note"
                        " FROM requests r ORDER BY r.id",
                        error)))
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterIntakeRecord *record = record_from_row (stmt);

      g_clear_pointer (&record->body, g_bytes_unref);
      g_ptr_array_add (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "list requests");
      return NULL;
    }

  return g_steal_pointer (&records);
}

static GPtrArray *
sqlite_get_history (RosterIntakeStore  *store,
                    const char         *tracking_id,
                    GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  int rc;

  if (!(stmt = prepare (self->db,
                        "SELECT h.status, h.note, h.changed_at"
                        " FROM status_history h JOIN requests r ON r.id = h.request_id"
                        " WHERE r.tracking_id = ?1 ORDER BY h.id",
                        error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, tracking_id, -1, SQLITE_STATIC);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_status_change_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterIntakeStatusChange *change = g_new0 (RosterIntakeStatusChange, 1);

      change->status = column_dup (stmt, 0);
      change->note = column_dup (stmt, 1);
      change->changed_at = column_dup (stmt, 2);
      g_ptr_array_add (changes, change);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "history");
      return NULL;
    }

  return g_steal_pointer (&changes);
}

static gboolean
sqlite_set_status (RosterIntakeStore  *store,
                   const char         *tracking_id,
                   const char         *status,
                   const char         *note,
                   const char         *now,
                   GError            **error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *current = NULL;
  gint64 request_id;
  int rc;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!(stmt = prepare (self->db, "SELECT id, status FROM requests WHERE tracking_id = ?1", error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, tracking_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no request %s."), tracking_id);
      goto failed;
    }
  else if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, "read status");
      goto failed;
    }
  request_id = sqlite3_column_int64 (stmt, 0);
  current = column_dup (stmt, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (roster_intake_status_is_final (current))
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                   _("Request %s is already %s, which is final."), tracking_id, current);
      goto failed;
    }

  if (!(stmt = prepare (self->db,
                        "UPDATE requests SET status = ?1, note = ?2 WHERE id = ?3",
                        error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, note, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, request_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "set status");
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = prepare (self->db,
                        "INSERT INTO status_history (request_id, status, note, changed_at)"
                        " VALUES (?1, ?2, ?3, ?4)",
                        error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "history");
      goto failed;
    }

  return exec_sql (self->db, "COMMIT", error);

failed:
  exec_sql (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* The writer thread ----------------------------------------------------- */

/* Runs a cached statement without parameters (BEGIN, SAVEPOINT, COMMIT
 * and the like) on the writer's connection. */
static gboolean
writer_run (sqlite3        *db,
            sqlite3_stmt  **cache,
            const char     *sql,
            GError        **error)
{
  sqlite3_stmt *stmt = prepare_cached (db, cache, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, sql);

  return TRUE;
}

static gboolean
writer_insert (RosterIntakeSqliteStore  *self,
               RosterIntakeRecord       *record,
               GError                  **error)
{
  sqlite3 *db = self->writer_db;
  sqlite3_stmt *insert_request;
  sqlite3_stmt *insert_history;
  gsize body_length = 0;
  gconstpointer body = g_bytes_get_data (record->body, &body_length);
  int rc;

  if (!(insert_request = prepare_cached (db, &self->writer_insert_request_stmt,
                                         "INSERT INTO requests (tracking_id, token_id, organization,"
                                         " idempotency_key, body_sha256, body, received_at, response_status,"
                                         " response_body, status)"
                                         " VALUES (?1, ?2, (SELECT organization FROM tokens WHERE id = ?2),"
                                         " ?3, ?4, ?5, ?6, ?7, ?8, 'received')",
                                         error)) ||
      !(insert_history = prepare_cached (db, &self->writer_insert_history_stmt,
                                         "INSERT INTO status_history (request_id, status, changed_at)"
                                         " VALUES (?1, 'received', ?2)",
                                         error)))
    return FALSE;

  sqlite3_bind_text (insert_request, 1, record->tracking_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_request, 2, record->token_id);
  sqlite3_bind_text (insert_request, 3, record->idempotency_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_request, 4, record->body_sha256, -1, SQLITE_STATIC);
  /* A zero-length blob must still be a blob, not NULL. */
  sqlite3_bind_blob (insert_request, 5, body_length ? body : "", body_length, SQLITE_STATIC);
  sqlite3_bind_text (insert_request, 6, record->received_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert_request, 7, record->response_status);
  sqlite3_bind_text (insert_request, 8, record->response_body, -1, SQLITE_STATIC);

  rc = sqlite3_step (insert_request);
  sqlite3_reset (insert_request);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE,
                           "this organization already stored a request under this key");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, "insert request");

  sqlite3_bind_int64 (insert_history, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (insert_history, 2, record->received_at, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert_history);
  sqlite3_reset (insert_history);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, "insert history");

  return TRUE;
}

static void
sqlite_insert_batch (RosterIntakeStore *store,
                     GPtrArray         *records,
                     GPtrArray         *errors,
                     GError           **batch_error)
{
  RosterIntakeSqliteStore *self = ROSTER_INTAKE_SQLITE_STORE (store);
  sqlite3 *db = self->writer_db;

  if (!writer_run (db, &self->writer_begin_stmt, "BEGIN IMMEDIATE", batch_error))
    return;

  for (guint i = 0; i < records->len; i++)
    {
      GError *error = NULL;

      if (!writer_run (db, &self->writer_savepoint_stmt, "SAVEPOINT one_request", batch_error))
        goto rollback;

      if (!writer_insert (self, g_ptr_array_index (records, i), &error))
        {
          g_ptr_array_index (errors, i) = error;
          if (!writer_run (db, &self->writer_rollback_to_stmt, "ROLLBACK TO one_request", batch_error))
            goto rollback;
        }

      if (!writer_run (db, &self->writer_release_stmt, "RELEASE one_request", batch_error))
        goto rollback;
    }

  if (!roster_intake_store_before_commit (store, batch_error))
    goto rollback;

  if (writer_run (db, &self->writer_commit_stmt, "COMMIT", batch_error))
    return;

rollback:
  /* Rarely needed, and it must work even when preparing fails: not
   * cached. */
  exec_sql (db, "ROLLBACK", NULL);
}

static void
roster_intake_sqlite_store_class_init (RosterIntakeSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RosterIntakeStoreClass *store_class = ROSTER_INTAKE_STORE_CLASS (klass);

  object_class->finalize = roster_intake_sqlite_store_finalize;

  store_class->check = sqlite_check;
  store_class->add_token = sqlite_add_token;
  store_class->authenticate = sqlite_authenticate;
  store_class->list_tokens = sqlite_list_tokens;
  store_class->revoke_token = sqlite_revoke_token;
  store_class->find_by_key = sqlite_find_by_key;
  store_class->get_request = sqlite_get_request;
  store_class->list_requests = sqlite_list_requests;
  store_class->get_history = sqlite_get_history;
  store_class->set_status = sqlite_set_status;
  store_class->insert_batch = sqlite_insert_batch;
}

static void
roster_intake_sqlite_store_init (RosterIntakeSqliteStore *self)
{
}
