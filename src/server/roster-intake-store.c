/* roster-intake-store.c
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
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "roster-intake-store.h"

/*
 * The intake server's SQLite database: API tokens (as SHA-256 hashes),
 * the requests received with their idempotency keys and the exact answer
 * given, and each request's status history.
 *
 * Durability is the point of this file. Every connection runs with
 * journal_mode=WAL and synchronous=FULL, so a COMMIT has reached the disk
 * when it returns, and the server only answers 201 after that. The file
 * is created 0600 in a 0700 folder before SQLite opens it (SQLite would
 * use the umask, and its -wal and -shm files copy the main file's mode).
 *
 * Requests are inserted by one writer thread with its own connection, so
 * the main loop never waits for an fsync. The writer takes every insert
 * that is waiting when it wakes up and commits them in one transaction
 * (a group commit): under load many requests share one fsync, and each
 * still gets its answer only after its own row is on disk. Each insert
 * runs in its own savepoint, so one bad row does not fail the others.
 * Everything else (tokens, lookups, operator commands) runs on the
 * connection of the thread that opened the store.
 */

#define BUSY_TIMEOUT_MSEC 5000
#define MAX_BATCH         64

struct _RosterIntakeStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;

  /* Statements on the hot path of every submission, prepared once (the
   * SQL parser was a fifth of the server's CPU time under load). */
  sqlite3_stmt *authenticate_stmt;
  sqlite3_stmt *find_by_key_stmt;

  /* The writer thread and what it owns. */
  sqlite3      *writer_db;
  GThread      *writer;
  GAsyncQueue  *queue;
  guint         commit_delay_msec;
};

G_DEFINE_FINAL_TYPE (RosterIntakeStore, roster_intake_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (roster-intake-store-error-quark, roster_intake_store_error)

/* Pushed on the queue to stop the writer thread. */
static char writer_stop;

static const char schema_sql[] =
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
  "CREATE INDEX status_history_by_request ON status_history (request_id);"
  "PRAGMA user_version = 1;";

typedef struct
{
  GTask              *task;
  RosterIntakeRecord *record;
} InsertJob;

static gboolean
release_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Runs on the writer thread. The task holds a reference to the store, and
 * the last reference must not be dropped here: finalize joins this very
 * thread. So the task is released in the context that made it. */
static void
insert_job_free (InsertJob *job)
{
  GTask *task = g_steal_pointer (&job->task);

  /* Not g_main_context_invoke(): it runs the function right here when
   * no thread is iterating the context at this moment. */
  if (task != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, release_task_cb, task, NULL);
      g_source_set_static_name (source, "[roster] release insert task");
      g_source_attach (source, g_task_get_context (task));
      g_source_unref (source);
    }
  g_free (job);
}

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

static void
random_bytes (guint8 *buffer,
              gsize   length)
{
  gsize done = 0;

  /* Tokens and tracking ids must be unguessable: the kernel's CSPRNG,
   * never GLib's Mersenne Twister. */
  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom: %s", g_strerror (errno));
        }
      done += n;
    }
}

static char *
now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return roster_intake_format_timestamp (now);
}

/**
 * roster_intake_format_timestamp:
 * @time: a time
 *
 * Returns: (transfer full): @time as RFC 3339 in UTC, to the second, e.g.
 *   `2026-03-13T14:05:09Z`
 */
char *
roster_intake_format_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * roster_intake_new_tracking_id:
 *
 * A new tracking id: `HEC-` and 16 characters of Crockford's base32 (no
 * I, L, O or U, so people can read it aloud), 80 random bits.
 *
 * Returns: (transfer full): the id
 */
char *
roster_intake_new_tracking_id (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  guint8 bytes[10];
  GString *id = g_string_new ("HEC-");
  guint64 bits = 0;
  int n_bits = 0;

  random_bytes (bytes, sizeof bytes);

  for (guint i = 0; i < sizeof bytes; i++)
    {
      bits = (bits << 8) | bytes[i];
      n_bits += 8;
      while (n_bits >= 5)
        {
          n_bits -= 5;
          g_string_append_c (id, alphabet[(bits >> n_bits) & 0x1f]);
        }
    }

  return g_string_free (id, FALSE);
}

static char *
new_token (void)
{
  guint8 bytes[32];
  g_autofree char *encoded = NULL;
  char *p;

  random_bytes (bytes, sizeof bytes);
  encoded = g_base64_encode (bytes, sizeof bytes);

  /* base64url without padding: safe in a header and in a shell. */
  for (p = encoded; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return g_strconcat ("hrt_", encoded, NULL);
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
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
roster_intake_store_finalize (GObject *object)
{
  RosterIntakeStore *self = (RosterIntakeStore *)object;

  if (self->writer != NULL)
    {
      g_async_queue_push (self->queue, &writer_stop);
      g_thread_join (self->writer);
      self->writer = NULL;
    }

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->authenticate_stmt, sqlite3_finalize);
  g_clear_pointer (&self->find_by_key_stmt, sqlite3_finalize);
  g_clear_pointer (&self->writer_db, sqlite3_close);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (roster_intake_store_parent_class)->finalize (object);
}

static void
roster_intake_store_class_init (RosterIntakeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_intake_store_finalize;
}

static void
roster_intake_store_init (RosterIntakeStore *self)
{
  self->queue = g_async_queue_new ();
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
migrate (RosterIntakeStore  *self,
         GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(stmt = prepare (self->db, "PRAGMA user_version", error)))
    goto failed;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, "user_version");
      goto failed;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > ROSTER_INTAKE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
                   _("The database %s was made by a newer version of hie-roster-intake "
                     "(schema %d; this version knows %d)."),
                   self->path, version, ROSTER_INTAKE_STORE_SCHEMA_VERSION);
      goto failed;
    }

  if (version == 0 && !exec_sql (self->db, schema_sql, error))
    goto failed;

  return exec_sql (self->db, "COMMIT", error);

failed:
  exec_sql (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * roster_intake_store_open:
 * @path: the database file; it and its folder are created if needed
 * @error: return location for a #GError
 *
 * Opens (creating if needed) the intake database, with the file 0600 and a
 * new folder 0700, and brings its schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
roster_intake_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(RosterIntakeStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!create_private_file (path, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_INTAKE_STORE, NULL);
  self->path = g_strdup (path);

  if (!(self->db = open_connection (path, error)) || !migrate (self, error))
    return NULL;

  if (!(self->writer_db = open_connection (path, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * roster_intake_store_set_commit_delay:
 * @self: a #RosterIntakeStore
 * @milliseconds: how long the writer waits before each commit
 *
 * Fault injection for tests: makes each commit slow, so that a second
 * submission with the same key really arrives while the first is still
 * being stored. Leave at 0 in production.
 */
void
roster_intake_store_set_commit_delay (RosterIntakeStore *self,
                                      guint              milliseconds)
{
  g_return_if_fail (ROSTER_IS_INTAKE_STORE (self));

  self->commit_delay_msec = milliseconds;
}

/**
 * roster_intake_store_check:
 * @self: a #RosterIntakeStore
 * @error: return location for a #GError
 *
 * Whether the database answers a query now (the health endpoint).
 *
 * Returns: %TRUE if it does
 */
gboolean
roster_intake_store_check (RosterIntakeStore  *self,
                           GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);

  if (!(stmt = prepare (self->db, "SELECT count(*) FROM tokens", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "health");

  return TRUE;
}

/* Tokens ---------------------------------------------------------------- */

/**
 * roster_intake_store_add_token:
 * @self: a #RosterIntakeStore
 * @organization: who the token is for
 * @replace: whether to revoke the organization's other tokens in the same
 *   transaction
 * @id: (out) (optional): the new token's id
 * @error: return location for a #GError
 *
 * Issues a new API token. Only its SHA-256 is stored: this is the one
 * time the token itself exists outside the client.
 *
 * Returns: (transfer full): the token, or %NULL with @error set
 */
char *
roster_intake_store_add_token (RosterIntakeStore  *self,
                               const char         *organization,
                               gboolean            replace,
                               gint64             *id,
                               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = now_timestamp ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (organization != NULL, NULL);

  name = g_strstrip (g_strdup (organization));
  if (name[0] == '\0' || g_utf8_strlen (name, -1) > 256 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                           _("An organization name has 1 to 256 characters."));
      return NULL;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                               _("An organization name cannot contain control characters."));
          return NULL;
        }
    }

  token = new_token ();
  hash = hash_token (token);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return NULL;

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

  if (id != NULL)
    *id = sqlite3_last_insert_rowid (self->db);

  if (!exec_sql (self->db, "COMMIT", error))
    goto failed;

  return g_steal_pointer (&token);

failed:
  exec_sql (self->db, "ROLLBACK", NULL);
  return NULL;
}

/**
 * roster_intake_store_authenticate:
 * @self: a #RosterIntakeStore
 * @token: the bearer token a client presented
 * @token_id: (out): the token's id when it is valid, else 0
 * @error: return location for a #GError
 *
 * Looks up a token by its SHA-256 and checks that it is not revoked.
 *
 * Returns: %FALSE only when the database failed (@error set); an unknown or
 *   revoked token is %TRUE with @token_id 0
 */
gboolean
roster_intake_store_authenticate (RosterIntakeStore  *self,
                                  const char         *token,
                                  gint64             *token_id,
                                  GError            **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *hash = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (token_id != NULL, FALSE);

  *token_id = 0;
  hash = hash_token (token);

  if (!(stmt = prepare_cached (self->db, &self->authenticate_stmt,
                               "SELECT id, token_sha256 FROM tokens"
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
        *token_id = sqlite3_column_int64 (stmt, 0);
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

/**
 * roster_intake_store_list_tokens:
 * @self: a #RosterIntakeStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RosterIntakeToken): every token,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
roster_intake_store_list_tokens (RosterIntakeStore  *self,
                                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);

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

/**
 * roster_intake_store_revoke_token:
 * @self: a #RosterIntakeStore
 * @id: the token's id
 * @error: return location for a #GError
 *
 * Revokes a token: from now on it gets 401. Revoking a revoked token
 * changes nothing and succeeds.
 *
 * Returns: %TRUE on success; %FALSE with %ROSTER_INTAKE_STORE_ERROR_NOT_FOUND
 *   when there is no such token
 */
gboolean
roster_intake_store_revoke_token (RosterIntakeStore  *self,
                                  gint64              id,
                                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_timestamp ();

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);

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

/**
 * roster_intake_record_new:
 *
 * Returns: (transfer full): an empty record
 */
RosterIntakeRecord *
roster_intake_record_new (void)
{
  return g_new0 (RosterIntakeRecord, 1);
}

/**
 * roster_intake_record_free:
 * @record: (nullable): a record
 */
void
roster_intake_record_free (RosterIntakeRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->tracking_id);
  g_free (record->organization);
  g_free (record->idempotency_key);
  g_free (record->body_sha256);
  g_clear_pointer (&record->body, g_bytes_unref);
  g_free (record->received_at);
  g_free (record->response_body);
  g_free (record->status);
  g_free (record->note);
  g_free (record);
}

/**
 * roster_intake_token_free:
 * @token: (nullable): a token description
 */
void
roster_intake_token_free (RosterIntakeToken *token)
{
  if (token == NULL)
    return;

  g_free (token->organization);
  g_free (token->created_at);
  g_free (token->revoked_at);
  g_free (token);
}

/**
 * roster_intake_status_change_free:
 * @change: (nullable): a status change
 */
void
roster_intake_status_change_free (RosterIntakeStatusChange *change)
{
  if (change == NULL)
    return;

  g_free (change->status);
  g_free (change->note);
  g_free (change->changed_at);
  g_free (change);
}

#define RECORD_COLUMNS \
  "r.tracking_id, r.token_id, t.organization, r.idempotency_key, r.body_sha256, r.body," \
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

/**
 * roster_intake_store_find_by_key:
 * @self: a #RosterIntakeStore
 * @token_id: the submitting token
 * @idempotency_key: the client's key
 * @error: return location for a #GError
 *
 * The request this token already stored under this key, if any.
 *
 * Returns: (transfer full) (nullable): the record; %NULL with
 *   %ROSTER_INTAKE_STORE_ERROR_NOT_FOUND when there is none
 */
RosterIntakeRecord *
roster_intake_store_find_by_key (RosterIntakeStore  *self,
                                 gint64              token_id,
                                 const char         *idempotency_key,
                                 GError            **error)
{
  sqlite3_stmt *stmt;
  RosterIntakeRecord *record;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);

  if (!(stmt = prepare_cached (self->db, &self->find_by_key_stmt,
                               "SELECT " RECORD_COLUMNS " FROM requests r JOIN tokens t ON t.id = r.token_id"
                               " WHERE r.token_id = ?1 AND r.idempotency_key = ?2",
                               error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, token_id);
  sqlite3_bind_text (stmt, 2, idempotency_key, -1, SQLITE_STATIC);

  record = fetch_one_record (self->db, stmt, error);
  sqlite3_reset (stmt);

  return record;
}

/**
 * roster_intake_store_get_request:
 * @self: a #RosterIntakeStore
 * @tracking_id: the request's tracking id
 * @token_id: only find it if this token submitted it; 0 for any token
 *   (the operator's commands)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record; %NULL with
 *   %ROSTER_INTAKE_STORE_ERROR_NOT_FOUND when there is none
 */
RosterIntakeRecord *
roster_intake_store_get_request (RosterIntakeStore  *self,
                                 const char         *tracking_id,
                                 gint64              token_id,
                                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (tracking_id != NULL, NULL);

  if (!(stmt = prepare (self->db,
                        "SELECT " RECORD_COLUMNS " FROM requests r JOIN tokens t ON t.id = r.token_id"
                        " WHERE r.tracking_id = ?1 AND (?2 = 0 OR r.token_id = ?2)",
                        error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, tracking_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, token_id);

  return fetch_one_record (self->db, stmt, error);
}

/**
 * roster_intake_store_list_requests:
 * @self: a #RosterIntakeStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RosterIntakeRecord): every
 *   request, oldest first, without bodies; %NULL with @error set
 */
GPtrArray *
roster_intake_store_list_requests (RosterIntakeStore  *self,
                                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);

  if (!(stmt = prepare (self->db,
                        "SELECT r.tracking_id, r.token_id, t.organization, r.idempotency_key,"
                        " r.body_sha256, NULL, r.received_at, r.response_status,"
                        " r.response_body, r.status, r.note"
                        " FROM requests r JOIN tokens t ON t.id = r.token_id ORDER BY r.id",
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

/**
 * roster_intake_store_get_history:
 * @self: a #RosterIntakeStore
 * @tracking_id: the request's tracking id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RosterIntakeStatusChange): the
 *   request's statuses, oldest first (the first is `received`); %NULL with
 *   @error set
 */
GPtrArray *
roster_intake_store_get_history (RosterIntakeStore  *self,
                                 const char         *tracking_id,
                                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (tracking_id != NULL, NULL);

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

/**
 * roster_intake_status_is_valid:
 * @status: a status name
 *
 * Returns: whether @status is one of the four statuses of the contract
 */
gboolean
roster_intake_status_is_valid (const char *status)
{
  return g_strcmp0 (status, "received") == 0 ||
         g_strcmp0 (status, "in_review") == 0 ||
         g_strcmp0 (status, "completed") == 0 ||
         g_strcmp0 (status, "rejected") == 0;
}

/**
 * roster_intake_status_is_final:
 * @status: a status name
 *
 * Returns: whether a request in @status can no longer change
 */
gboolean
roster_intake_status_is_final (const char *status)
{
  return g_strcmp0 (status, "completed") == 0 || g_strcmp0 (status, "rejected") == 0;
}

/**
 * roster_intake_store_set_status:
 * @self: a #RosterIntakeStore
 * @tracking_id: the request's tracking id
 * @status: `in_review`, `completed` or `rejected`
 * @note: (nullable): a message to the practice; required with `rejected`
 * @error: return location for a #GError
 *
 * The HIE's processing moves a request on. A final status never changes,
 * and nothing goes back to `received`. The change and the history row are
 * one transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
roster_intake_store_set_status (RosterIntakeStore  *self,
                                const char         *tracking_id,
                                const char         *status,
                                const char         *note,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_timestamp ();
  g_autofree char *current = NULL;
  gint64 request_id;
  int rc;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);
  g_return_val_if_fail (tracking_id != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  if (note != NULL && note[0] == '\0')
    note = NULL;

  if (!roster_intake_status_is_valid (status) || g_str_equal (status, "received"))
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                   _("“%s” is not a status a request can be set to: use in_review, completed or rejected."),
                   status);
      return FALSE;
    }

  if (g_str_equal (status, "rejected") && note == NULL)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                           _("A rejection needs a note that tells the practice why (--note)."));
      return FALSE;
    }

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

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static gboolean
writer_insert (sqlite3             *db,
               sqlite3_stmt        *insert_request,
               sqlite3_stmt        *insert_history,
               RosterIntakeRecord  *record,
               GError             **error)
{
  gsize body_length = 0;
  gconstpointer body = g_bytes_get_data (record->body, &body_length);
  int rc;

  sqlite3_reset (insert_request);
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
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE,
                           "this token already stored a request under this key");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, "insert request");

  sqlite3_reset (insert_history);
  sqlite3_bind_int64 (insert_history, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (insert_history, 2, record->received_at, -1, SQLITE_STATIC);
  if (sqlite3_step (insert_history) != SQLITE_DONE)
    return set_sqlite_error (error, db, "insert history");

  return TRUE;
}

static void
writer_commit_batch (RosterIntakeStore *self,
                     GPtrArray         *batch)
{
  g_autoptr(sqlite3_stmt) insert_request = NULL;
  g_autoptr(sqlite3_stmt) insert_history = NULL;
  g_autoptr(GError) batch_error = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_full (batch->len, error_free0);

  g_ptr_array_set_size (errors, batch->len);

  if (!exec_sql (self->writer_db, "BEGIN IMMEDIATE", &batch_error))
    goto answer;

  if (!(insert_request = prepare (self->writer_db,
                                  "INSERT INTO requests (tracking_id, token_id, idempotency_key,"
                                  " body_sha256, body, received_at, response_status, response_body,"
                                  " status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received')",
                                  &batch_error)) ||
      !(insert_history = prepare (self->writer_db,
                                  "INSERT INTO status_history (request_id, status, changed_at)"
                                  " VALUES (?1, 'received', ?2)",
                                  &batch_error)))
    goto rollback;

  for (guint i = 0; i < batch->len; i++)
    {
      InsertJob *job = g_ptr_array_index (batch, i);
      GError *error = NULL;

      if (!exec_sql (self->writer_db, "SAVEPOINT one_request", &batch_error))
        goto rollback;

      if (!writer_insert (self->writer_db, insert_request, insert_history, job->record, &error))
        {
          g_ptr_array_index (errors, i) = error;
          if (!exec_sql (self->writer_db, "ROLLBACK TO one_request", &batch_error))
            goto rollback;
        }

      if (!exec_sql (self->writer_db, "RELEASE one_request", &batch_error))
        goto rollback;
    }

  if (self->commit_delay_msec > 0)
    g_usleep (self->commit_delay_msec * 1000);

  if (exec_sql (self->writer_db, "COMMIT", &batch_error))
    goto answer;

rollback:
  exec_sql (self->writer_db, "ROLLBACK", NULL);

answer:
  for (guint i = 0; i < batch->len; i++)
    {
      InsertJob *job = g_ptr_array_index (batch, i);
      GError *error = g_ptr_array_index (errors, i);

      if (batch_error != NULL)
        g_task_return_error (job->task, g_error_copy (batch_error));
      else if (error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&g_ptr_array_index (errors, i)));
      else
        g_task_return_boolean (job->task, TRUE);
    }
}

static gpointer
writer_thread (gpointer data)
{
  RosterIntakeStore *self = data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)insert_job_free);
      gpointer item = g_async_queue_pop (self->queue);

      /* Take whatever else is waiting: one fsync for all of them. */
      while (item != NULL)
        {
          if (item == &writer_stop)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (batch, item);
          item = batch->len < MAX_BATCH ? g_async_queue_try_pop (self->queue) : NULL;
        }

      if (batch->len > 0)
        writer_commit_batch (self, batch);
    }

  return NULL;
}

/**
 * roster_intake_store_insert_async:
 * @self: a #RosterIntakeStore
 * @record: (transfer full): the request to store, with every field but
 *   @organization, @status and @note set
 * @cancellable: (nullable): not used to abandon a commit once queued
 * @callback: called once the request is durably stored, or failed
 * @user_data: data for @callback
 *
 * Stores a new request, with status `received`, on the writer thread.
 * When @callback runs with success, the row is committed with
 * synchronous=FULL.
 */
void
roster_intake_store_insert_async (RosterIntakeStore   *self,
                                  RosterIntakeRecord  *record,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InsertJob *job;

  g_return_if_fail (ROSTER_IS_INTAKE_STORE (self));
  g_return_if_fail (record != NULL);
  g_return_if_fail (record->tracking_id != NULL);
  g_return_if_fail (record->idempotency_key != NULL);
  g_return_if_fail (record->body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_intake_store_insert_async);
  g_task_set_task_data (task, record, (GDestroyNotify)roster_intake_record_free);

  /* The thread starts on first use, so operator commands never start one. */
  if (self->writer == NULL)
    self->writer = g_thread_new ("intake-writer", writer_thread, self);

  job = g_new0 (InsertJob, 1);
  job->task = g_steal_pointer (&task);
  job->record = record;
  g_async_queue_push (self->queue, job);
}

/**
 * roster_intake_store_insert_finish:
 * @self: a #RosterIntakeStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the request is stored; %FALSE with
 *   %ROSTER_INTAKE_STORE_ERROR_DUPLICATE if the token already stored one
 *   under that key, or another error if the database failed
 */
gboolean
roster_intake_store_insert_finish (RosterIntakeStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
