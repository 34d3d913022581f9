/* roster-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "roster-access-review.h"
#include "roster-draft.h"
#include "roster-payload.h"
#include "roster-people.h"
#include "roster-store-private.h"
#include "roster-validate.h"

/*
 * Everything Roster keeps between runs, in one SQLite database:
 * $XDG_DATA_HOME/hie-roster/roster.db.
 *
 * - The folder is 0700 and the file 0600, created before SQLite opens it
 *   (SQLite would use the umask, and -wal/-shm copy the file's mode).
 * - WAL with synchronous=FULL: a committed transaction survives power loss.
 * - Every state change is one transaction, and is logged in `events`
 *   with the request id and the state only: no name, email or NPI.
 * - A damaged database is moved aside, never deleted, and Roster starts
 *   with a fresh one (roster_store_get_moved_aside() says where).
 */

#define STORE_FILE_NAME "roster.db"

struct _RosterStore
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
  char    *moved_aside;

  /* Delivery's batches of marks (roster_store_commit_marks()), on a
   * connection of their own, one batch at a time. */
  GMutex   writer_lock;
  sqlite3 *writer;

  /* Prepared once per connection (prepare_cached()). */
  GHashTable *statements;
  GHashTable *writer_statements;
};

G_DEFINE_FINAL_TYPE (RosterStore, roster_store, G_TYPE_OBJECT)

static void close_writer (RosterStore *self);

G_DEFINE_QUARK (roster-store-error-quark, roster_store_error)

/* Schema migrations: entry N brings user_version N to N + 1. Append only. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE requests ("
  "  id TEXT PRIMARY KEY,"
  "  state TEXT NOT NULL,"
  "  form TEXT NOT NULL,"
  "  form_version INTEGER NOT NULL,"
  "  draft BLOB NOT NULL,"
  "  current_step TEXT,"
  "  person_name TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  organization TEXT NOT NULL DEFAULT '',"
  "  action TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  payload BLOB,"
  "  payload_sha256 TEXT,"
  "  idempotency_key TEXT,"
  "  queued_at INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_error TEXT,"
  "  server_errors TEXT,"
  "  tracking_id TEXT,"
  "  received_at TEXT,"
  "  hie_status TEXT,"
  "  hie_note TEXT"
  ");"
  "CREATE INDEX requests_state ON requests (state, next_attempt_at);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  request_id TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  event TEXT NOT NULL,"
  "  detail TEXT"
  ");",
  /* 1 → 2: the NPI Registry's answers (roster-npi-registry.c). Every
   * answer is kept, so a receipt can say what was known when its request
   * was queued; a refresh adds one row per NPI a month. */
  "CREATE TABLE npi_registry ("
  "  npi TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL,"
  "  answer TEXT NOT NULL,"
  "  PRIMARY KEY (npi, fetched_at)"
  ");",
  /* 2 → 3: people imported from the practice's user list
   * (roster-people-import.c), known until a completed request says
   * more. Services are their stable names, comma-separated. */
  "CREATE TABLE imported_people ("
  "  email TEXT PRIMARY KEY COLLATE NOCASE,"
  "  first_name TEXT,"
  "  last_name TEXT,"
  "  npi TEXT,"
  "  organization TEXT,"
  "  title TEXT,"
  "  services TEXT NOT NULL DEFAULT '',"
  "  imported_at INTEGER NOT NULL"
  ");",
  /* 3 → 4: finished access reviews (roster-access-review.c), each with
   * everyone it reviewed as they stood then; what an attestation says is
   * kept so it can be exported again. */
  "CREATE TABLE access_reviews ("
  "  id TEXT PRIMARY KEY,"
  "  finished_at INTEGER NOT NULL,"
  "  reviewer TEXT NOT NULL"
  ");"
  "CREATE TABLE access_review_entries ("
  "  review_id TEXT NOT NULL REFERENCES access_reviews (id),"
  "  position INTEGER NOT NULL,"
  "  email TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  npi TEXT,"
  "  organization TEXT,"
  "  services TEXT NOT NULL,"
  "  decision TEXT NOT NULL,"
  "  PRIMARY KEY (review_id, position)"
  ");",
};

static const char * const state_names[] = {
  [ROSTER_REQUEST_STATE_DRAFT] = "draft",
  [ROSTER_REQUEST_STATE_QUEUED] = "queued",
  [ROSTER_REQUEST_STATE_SENDING] = "sending",
  [ROSTER_REQUEST_STATE_SENT] = "sent",
  [ROSTER_REQUEST_STATE_ATTENTION] = "attention",
  [ROSTER_REQUEST_STATE_RETURNED] = "returned",
  [ROSTER_REQUEST_STATE_DELETED] = "deleted",
};

const char *
roster_request_state_to_string (RosterRequestState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

static RosterRequestState
state_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (state_names[i], name) == 0)
        return i;
    }

  /* A state written by a newer Roster: treat it as needing a look. */
  return ROSTER_REQUEST_STATE_ATTENTION;
}

void
roster_store_entry_free (RosterStoreEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->person_name);
  g_free (entry->email);
  g_free (entry->organization);
  g_free (entry->action);
  g_free (entry->last_error);
  g_free (entry->tracking_id);
  g_free (entry->received_at);
  g_free (entry->hie_status);
  g_free (entry->hie_note);
  g_free (entry->form);
  g_free (entry);
}

void
roster_outbox_item_free (RosterOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_clear_pointer (&item->payload, g_bytes_unref);
  g_free (item->payload_sha256);
  g_free (item->idempotency_key);
  g_free (item);
}

/* Errors ---------------------------------------------------------------- */

/* Turns an SQLite failure into words an administrator can act on. The
 * transaction that failed was rolled back: what was saved before is safe. */
static void
set_sqlite_error (RosterStore  *self,
                  int           code,
                  GError      **error)
{
  switch (code & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NO_SPACE,
                   _("The disk is full, so Roster could not save. Free some space; what was saved before is safe in “%s”."),
                   self->path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_READ_ONLY,
                   _("Roster cannot write to “%s”. Check that the folder is yours and writable; what was saved before is safe."),
                   self->path);
      break;

    default:
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED,
                   _("Roster could not use its database “%s”: %s. What was saved before is safe."),
                   self->path, sqlite3_errstr (code));
      break;
    }
}

/* On @db: the store's own connection, or the one delivery commits its
 * marks on (roster_store_commit_marks()). */
static gboolean
exec_on (RosterStore  *self,
         sqlite3      *db,
         const char   *sql,
         GError      **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
exec (RosterStore  *self,
      const char   *sql,
      GError      **error)
{
  return exec_on (self, self->db, sql, error);
}

static sqlite3_stmt *
prepare_on (RosterStore  *self,
            sqlite3      *db,
            const char   *sql,
            GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return stmt;
}

static sqlite3_stmt *
prepare (RosterStore  *self,
         const char   *sql,
         GError      **error)
{
  return prepare_on (self, self->db, sql, error);
}

/* The statements every state change runs (roster_store_commit_marks()
 * runs many in a row) are prepared once per connection and kept; a
 * CachedStatement is only reset when it goes out of scope. */
typedef sqlite3_stmt CachedStatement;

static void
cached_statement_reset (CachedStatement *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStatement, cached_statement_reset)

static CachedStatement *
prepare_cached (RosterStore  *self,
                sqlite3      *db,
                const char   *sql,
                GError      **error)
{
  /* self->db is set once, on the main thread; self->writer may be
   * reopened under writer_lock while the main thread runs. */
  GHashTable **cache = db == self->db ? &self->statements : &self->writer_statements;
  sqlite3_stmt *stmt;
  int rc;

  if (*cache == NULL)
    *cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sqlite3_finalize);
  else if ((stmt = g_hash_table_lookup (*cache, sql)) != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (*cache, g_strdup (sql), stmt);
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (RosterStore   *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gint64
now_us (void)
{
  return g_get_real_time ();
}

/* Transactions ------------------------------------------------------------ */

static gboolean
begin (RosterStore  *self,
       GError      **error)
{
  /* IMMEDIATE takes the write lock now, so a second process (the command
   * line beside the app) waits instead of failing halfway. */
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (RosterStore  *self,
        GError      **error)
{
  if (exec (self, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
rollback (RosterStore *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
log_event (RosterStore  *self,
           sqlite3      *db,
           const char   *id,
           const char   *event,
           const char   *detail,
           GError      **error)
{
  g_autoptr(CachedStatement) stmt = prepare_cached (self, db, "INSERT INTO events (request_id, at, event, detail) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now_us ());
  bind_text (stmt, 3, event);
  bind_text (stmt, 4, detail);

  return step_done (self, stmt, error);
}

/* Reads the state of @id inside the current transaction. */
static gboolean
get_state (RosterStore         *self,
           sqlite3             *db,
           const char          *id,
           RosterRequestState  *state,
           GError             **error)
{
  g_autoptr(CachedStatement) stmt = prepare_cached (self, db, "SELECT state FROM requests WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NOT_FOUND,
                           _("This request is no longer in Roster’s store."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  *state = state_from_string ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static gboolean
require_state (RosterStore         *self,
               sqlite3             *db,
               const char          *id,
               guint                allowed_mask,
               RosterRequestState  *out_state,
               GError             **error)
{
  RosterRequestState state;

  if (!get_state (self, db, id, &state, error))
    return FALSE;

  if ((allowed_mask & (1u << state)) == 0)
    {
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE,
                   _("This request is %s, so it can’t be changed that way."),
                   roster_request_state_to_string (state));
      return FALSE;
    }

  if (out_state != NULL)
    *out_state = state;

  return TRUE;
}

#define STATE_BIT(s) (1u << (ROSTER_REQUEST_STATE_##s))
#define EDITABLE (STATE_BIT (DRAFT) | STATE_BIT (RETURNED))
#define IN_OUTBOX (STATE_BIT (QUEUED) | STATE_BIT (SENDING))

/* Runs one UPDATE of @id that also moves it to @state, with an event. */
static gboolean
set_state (RosterStore         *self,
           const char          *id,
           RosterRequestState   state,
           const char          *event,
           const char          *detail,
           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE requests SET state = ?, updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, roster_request_state_to_string (state));
  sqlite3_bind_int64 (stmt, 2, now_us ());
  bind_text (stmt, 3, id);

  return step_done (self, stmt, error) && log_event (self, self->db, id, event, detail, error);
}

/* Opening --------------------------------------------------------------- */

/**
 * roster_store_get_default_dir:
 *
 * Returns: (transfer full): `$HIE_ROSTER_DATA_DIR`, or
 *   `$XDG_DATA_HOME/hie-roster`
 */
char *
roster_store_get_default_dir (void)
{
  const char *override = g_getenv ("HIE_ROSTER_DATA_DIR");

  if (override != NULL && override[0] != '\0')
    return g_strdup (override);

  return g_build_filename (g_get_user_data_dir (), "hie-roster", NULL);
}

/* Makes the folder 0700 and the database file 0600 before SQLite touches
 * them, refusing anything that is not a plain folder and a plain file. */
static gboolean
prepare_files (const char  *directory,
               const char  *path,
               GError     **error)
{
  GStatBuf info;
  int fd;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, ROSTER_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? ROSTER_STORE_ERROR_READ_ONLY
                                                                 : ROSTER_STORE_ERROR_FAILED,
                   _("Roster could not create its folder “%s”: %s"), directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_lstat (directory, &info) != 0 || !S_ISDIR (info.st_mode))
    {
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE,
                   _("“%s” is not a folder, so Roster will not keep requests there."), directory);
      return FALSE;
    }

  if ((info.st_mode & 0077) != 0 && g_chmod (directory, 0700) != 0)
    {
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE,
                   _("Other people can open the folder “%s”, and Roster could not make it private: %s"),
                   directory, g_strerror (errno));
      return FALSE;
    }

  if (g_lstat (path, &info) == 0)
    {
      if (!S_ISREG (info.st_mode))
        {
          g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE,
                       _("“%s” is a link or a special file, not Roster’s database. Move it away and start Roster again."),
                       path);
          return FALSE;
        }

      /* A database left readable by others (an older copy, a restore
       * from backup) is made private again. */
      if ((info.st_mode & 0777) != 0600 && g_chmod (path, 0600) != 0)
        {
          g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE,
                       _("Roster could not make its database “%s” private: %s"), path, g_strerror (errno));
          return FALSE;
        }

      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);

          if (g_lstat (side, &info) == 0)
            {
              if (!S_ISREG (info.st_mode))
                {
                  g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_UNSAFE,
                               _("“%s” is a link or a special file. Move it away and start Roster again."), side);
                  return FALSE;
                }
              if ((info.st_mode & 0777) != 0600)
                g_chmod (side, 0600);
            }
        }

      return TRUE;
    }

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, ROSTER_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? ROSTER_STORE_ERROR_READ_ONLY
                                                                 : ROSTER_STORE_ERROR_FAILED,
                   _("Roster could not create its database “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gboolean
configure (RosterStore  *self,
           GError      **error)
{
  /* synchronous=FULL on every connection: with WAL, NORMAL can lose
   * committed transactions on power loss. */
  return exec (self, "PRAGMA journal_mode = WAL", error) &&
         exec (self, "PRAGMA synchronous = FULL", error) &&
         exec (self, "PRAGMA foreign_keys = ON", error) &&
         exec (self, "PRAGMA secure_delete = ON", error);
}

/* Reads every page of the file, at every start: 10,000 requests are
 * tens of megabytes. Read through a memory map, that takes a quarter of
 * the time that copying each page out with pread() does (3 ms instead
 * of 12 here). Only the check maps the file: SQLite reads through a map
 * turn an I/O error into SIGBUS instead of an error it can report, so
 * the store's own reads and writes go on without one. */
static gboolean
is_intact (RosterStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean intact = FALSE;

  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    intact = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;

  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);

  return intact;
}

static gboolean
migrate (RosterStore  *self,
         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, sqlite3_errcode (self->db), error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED,
                   _("The database “%s” was written by a newer version of Roster. Update Roster to open it."),
                   self->path);
      return FALSE;
    }

  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!begin (self, error))
        return FALSE;

      if (!exec (self, migrations[version], error) || !exec (self, set_version, error))
        {
          rollback (self);
          return FALSE;
        }

      if (!commit (self, error))
        return FALSE;
    }

  return TRUE;
}

/* Moves a damaged database (and its -wal/-shm) aside with a timestamp. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);

  if (g_rename (path, aside) != 0)
    {
      g_set_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED,
                   _("Roster’s database “%s” is damaged and could not be moved aside: %s"),
                   path, g_strerror (errno));
      return NULL;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *suffix = i == 0 ? "-wal" : "-shm";
      g_autofree char *from = g_strconcat (path, suffix, NULL);
      g_autofree char *to = g_strconcat (aside, suffix, NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  return g_steal_pointer (&aside);
}

static gboolean
open_database (RosterStore  *self,
               GError      **error)
{
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, TRUE);

  return TRUE;
}

static void
close_database (RosterStore *self)
{
  /* A connection with statements left open would not close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
}

/**
 * roster_store_open:
 * @directory: the folder to keep the database in; see
 *   roster_store_get_default_dir()
 *
 * Opens (creating if needed) the store. A damaged database is moved aside
 * and replaced by a fresh one: check roster_store_get_moved_aside() and
 * tell the administrator.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterStore *
roster_store_open (const char  *directory,
                   GError     **error)
{
  g_autoptr(RosterStore) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_STORE, NULL);
  self->path = g_build_filename (directory, STORE_FILE_NAME, NULL);

  if (!prepare_files (directory, self->path, error) || !open_database (self, error))
    return NULL;

  if (!configure (self, &local_error) || !is_intact (self))
    {
      /* Read-only or full: the file may be fine; never move it aside then. */
      if (local_error != NULL && !g_error_matches (local_error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      close_database (self);
      if (!(self->moved_aside = move_aside (self->path, error)))
        return NULL;

      g_message ("The database was damaged and was moved aside");

      if (!prepare_files (directory, self->path, error) || !open_database (self, error) ||
          !configure (self, error))
        return NULL;
    }

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
roster_store_finalize (GObject *object)
{
  RosterStore *self = (RosterStore *)object;

  close_database (self);
  close_writer (self);
  g_mutex_clear (&self->writer_lock);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->moved_aside, g_free);

  G_OBJECT_CLASS (roster_store_parent_class)->finalize (object);
}

static void
roster_store_class_init (RosterStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_store_finalize;
}

static void
roster_store_init (RosterStore *self)
{
  g_mutex_init (&self->writer_lock);
}

const char *
roster_store_get_path (RosterStore *self)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  return self->path;
}

/**
 * roster_store_get_moved_aside:
 *
 * Returns: (nullable): where a damaged database was moved when the store
 *   was opened, or %NULL when nothing was damaged
 */
const char *
roster_store_get_moved_aside (RosterStore *self)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  return self->moved_aside;
}

/* Drafts ---------------------------------------------------------------- */

/* The list's columns come from the fields that declare the roles, so a
 * request of any form is listed, searched and matched the same way. */
static char *
summary_text (RosterRequest   *request,
              RosterFieldRole  role)
{
  return roster_text_normalize (roster_request_get_role_text (request, role));
}

/* Writes the draft and the columns the list shows, in the current
 * transaction. */
static gboolean
write_draft (RosterStore    *self,
             const char     *id,
             RosterRequest  *request,
             const char     *current_step,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) draft = roster_draft_write (request);
  g_autofree char *name = roster_request_dup_person_name (request);
  g_autofree char *email = summary_text (request, ROSTER_ROLE_PERSON_EMAIL);
  g_autofree char *organization = summary_text (request, ROSTER_ROLE_ORGANIZATION);
  const RosterOption *kind = roster_request_get_kind (request);

  stmt = prepare (self,
                  "UPDATE requests SET draft = ?, current_step = ?, person_name = ?, email = ?,"
                  " organization = ?, action = ?, updated_at = ? WHERE id = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (draft, NULL), g_bytes_get_size (draft), SQLITE_TRANSIENT);
  bind_text (stmt, 2, current_step);
  bind_text (stmt, 3, name);
  bind_text (stmt, 4, email);
  bind_text (stmt, 5, organization);
  bind_text (stmt, 6, kind != NULL ? kind->id : NULL);
  sqlite3_bind_int64 (stmt, 7, now_us ());
  bind_text (stmt, 8, id);

  return step_done (self, stmt, error);
}

/* Inserts a new draft of @request as @id, inside the caller's
 * transaction. */
static gboolean
insert_draft (RosterStore    *self,
              const char     *id,
              RosterRequest  *request,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const RosterForm *form = roster_request_get_form (request);
  gint64 now = now_us ();

  stmt = prepare (self,
                  "INSERT INTO requests (id, state, form, form_version, draft, created_at, updated_at)"
                  " VALUES (?, 'draft', ?, ?, x'', ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, form->id);
  sqlite3_bind_int (stmt, 3, form->version);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);

  return step_done (self, stmt, error) &&
         write_draft (self, id, request, NULL, error) &&
         log_event (self, self->db, id, "created", NULL, error);
}

/**
 * roster_store_create_draft:
 * @request: the new request's answers so far
 *
 * Returns: (transfer full): the new request's id, or %NULL with @error set
 */
char *
roster_store_create_draft (RosterStore    *self,
                           RosterRequest  *request,
                           GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  if (!begin (self, error))
    return NULL;

  if (!insert_draft (self, id, request, error))
    {
      rollback (self);
      return NULL;
    }

  if (!commit (self, error))
    return NULL;

  return g_steal_pointer (&id);
}

/**
 * roster_store_save_draft:
 * @current_step: (nullable): the editor's step, to reopen where it was
 *
 * Saves every answer of a draft (or of a request the HIE returned), in
 * one transaction: on failure the previous save is intact.
 */
gboolean
roster_store_save_draft (RosterStore    *self,
                         const char     *id,
                         RosterRequest  *request,
                         const char     *current_step,
                         GError        **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!require_state (self, self->db, id, EDITABLE, NULL, error) ||
      !write_draft (self, id, request, current_step, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

/**
 * roster_store_load_draft:
 * @current_step: (out) (optional): the step the editor was on
 * @server_errors: (out) (optional): the HIE's field errors, as the JSON
 *   array it sent, when the HIE returned the request
 *
 * Returns: (transfer full): the request's answers, hidden ones included
 */
RosterRequest *
roster_store_load_draft (RosterStore  *self,
                         const char   *id,
                         char        **current_step,
                         char        **server_errors,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) draft = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self, "SELECT draft, current_step, server_errors FROM requests WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NOT_FOUND,
                           _("This request is no longer in Roster’s store."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  draft = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (current_step != NULL)
    *current_step = column_dup (stmt, 1);
  if (server_errors != NULL)
    *server_errors = column_dup (stmt, 2);

  return roster_draft_read (draft, NULL, error);
}

gboolean
roster_store_delete_draft (RosterStore  *self,
                           const char   *id,
                           GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!require_state (self, self->db, id, EDITABLE, NULL, error) ||
      !set_state (self, id, ROSTER_REQUEST_STATE_DELETED, "deleted", NULL, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

gboolean
roster_store_undelete_draft (RosterStore  *self,
                             const char   *id,
                             GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!require_state (self, self->db, id, STATE_BIT (DELETED), NULL, error) ||
      !set_state (self, id, ROSTER_REQUEST_STATE_DRAFT, "restored", NULL, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

/**
 * roster_store_purge_deleted:
 *
 * Removes the deleted drafts for good (their Undo is gone): called when
 * the application starts and when an Undo toast is dismissed.
 *
 * Returns: how many were removed
 */
guint
roster_store_purge_deleted (RosterStore  *self,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), 0);

  /* Most starts have nothing to purge, and a write transaction would
   * still take the lock and sync the log, before the first frame. A draft
   * deleted after this look is purged next time. */
  if (!(stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM requests WHERE state = 'deleted')", error)))
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, sqlite3_errcode (self->db), error);
      return 0;
    }
  if (sqlite3_column_int (stmt, 0) == 0)
    return 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!begin (self, error))
    return 0;

  if (!exec (self,
             "INSERT INTO events (request_id, at, event) SELECT id, strftime('%s','now') * 1000000, 'purged'"
             " FROM requests WHERE state = 'deleted';"
             "DELETE FROM requests WHERE state = 'deleted'",
             error))
    {
      rollback (self);
      return 0;
    }

  if (!commit (self, error))
    return 0;

  return sqlite3_changes (self->db);
}

/* Listing --------------------------------------------------------------- */

/**
 * roster_store_entry_describe_kind:
 *
 * What a listed request does, in words: the option chosen in its form's
 * %ROSTER_ROLE_REQUEST_KIND field ("Terminate access"), or the form's
 * short title when the form asks nothing of the kind ("New user").
 *
 * Returns: (transfer none): a translated string
 */
const char *
roster_store_entry_describe_kind (const RosterStoreEntry *entry)
{
  const RosterForm *form;
  const RosterField *kind;
  const RosterOption *option;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->form == NULL || !(form = roster_form_lookup (entry->form)))
    return _("Unknown form");

  if (!(kind = roster_form_get_role_field (form, ROSTER_ROLE_REQUEST_KIND)))
    return _(form->short_title);

  if (!(option = roster_field_lookup_option (kind, entry->action)))
    return _("Action not chosen");

  return _(option->label);
}

#define ENTRY_COLUMNS \
  "id, state, person_name, email, organization, action, created_at, updated_at, attempts," \
  " next_attempt_at, last_error, tracking_id, received_at, hie_status, hie_note, form"

static RosterStoreEntry *
read_entry (sqlite3_stmt *stmt)
{
  RosterStoreEntry *entry = g_new0 (RosterStoreEntry, 1);

  entry->id = column_dup (stmt, 0);
  entry->state = state_from_string ((const char *) sqlite3_column_text (stmt, 1));
  entry->person_name = column_dup (stmt, 2);
  entry->email = column_dup (stmt, 3);
  entry->organization = column_dup (stmt, 4);
  entry->action = column_dup (stmt, 5);
  entry->created_at = sqlite3_column_int64 (stmt, 6);
  entry->updated_at = sqlite3_column_int64 (stmt, 7);
  entry->attempts = sqlite3_column_int (stmt, 8);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  entry->last_error = column_dup (stmt, 10);
  entry->tracking_id = column_dup (stmt, 11);
  entry->received_at = column_dup (stmt, 12);
  entry->hie_status = column_dup (stmt, 13);
  entry->hie_note = column_dup (stmt, 14);
  entry->form = column_dup (stmt, 15);

  return entry;
}

static GPtrArray *
collect_entries (RosterStore   *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_store_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, read_entry (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

RosterStoreEntry *
roster_store_get_entry (RosterStore  *self,
                        const char   *id,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM requests WHERE id = ?", error)))
    return NULL;

  bind_text (stmt, 1, id);
  if (!(entries = collect_entries (self, stmt, error)))
    return NULL;

  if (entries->len == 0)
    {
      g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NOT_FOUND,
                           _("This request is no longer in Roster’s store."));
      return NULL;
    }

  return g_ptr_array_steal_index (entries, 0);
}

/* "50%_off" → "50\%\_off": a search string is text, not a pattern. */
static char *
like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/**
 * roster_store_list:
 * @search: (nullable): text to find in the person's name or email
 *
 * Returns: (transfer full) (element-type RosterStoreEntry): every request
 *   but deleted drafts, most recently changed first
 */
GPtrArray *
roster_store_list (RosterStore  *self,
                   const char   *search,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM requests WHERE state != 'deleted'"
                  " AND (?1 IS NULL OR person_name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\')"
                  " ORDER BY updated_at DESC, id",
                  error);
  if (stmt == NULL)
    return NULL;

  if (search != NULL && search[0] != '\0')
    {
      pattern = like_pattern (search);
      bind_text (stmt, 1, pattern);
    }

  return collect_entries (self, stmt, error);
}

/**
 * roster_store_list_newest:
 * @states: (array length=n_states): the states wanted
 * @limit: at most this many
 *
 * The first of the requests in @states in roster_store_list()'s order:
 * what a long list shows before it has read the rest.
 *
 * Returns: (transfer full) (element-type RosterStoreEntry): at most
 *   @limit requests, most recently changed first
 */
GPtrArray *
roster_store_list_newest (RosterStore              *self,
                          const RosterRequestState *states,
                          guint                     n_states,
                          guint                     limit,
                          GError                  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM requests WHERE state IN (");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (states != NULL && n_states > 0, NULL);

  for (guint i = 0; i < n_states; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append (sql, ") ORDER BY updated_at DESC, id LIMIT ?");

  if (!(stmt = prepare (self, sql->str, error)))
    return NULL;

  for (guint i = 0; i < n_states; i++)
    bind_text (stmt, i + 1, roster_request_state_to_string (states[i]));
  sqlite3_bind_int64 (stmt, n_states + 1, limit);

  return collect_entries (self, stmt, error);
}

/**
 * roster_store_count_by_state:
 * @counts: (out caller-allocates): how many requests are in each state
 *
 * Returns: %FALSE on error
 */
gboolean
roster_store_count_by_state (RosterStore  *self,
                             guint         counts[ROSTER_REQUEST_N_STATES],
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);

  memset (counts, 0, sizeof (guint) * ROSTER_REQUEST_N_STATES);
  if (!(stmt = prepare (self, "SELECT state, count(*) FROM requests GROUP BY state", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    counts[state_from_string ((const char *) sqlite3_column_text (stmt, 0))] += sqlite3_column_int (stmt, 1);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_store_find_pending_for:
 * @request: a request being started
 * @except_id: (nullable): the request's own id
 *
 * The drafts and queued requests for the same person (same email, or
 * same first and last name), so the editor can warn before a second one
 * is started.
 *
 * Returns: (transfer full) (element-type RosterStoreEntry): the matches
 */
GPtrArray *
roster_store_find_pending_for (RosterStore    *self,
                               RosterRequest  *request,
                               const char     *except_id,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  name = roster_request_dup_person_name (request);
  email = summary_text (request, ROSTER_ROLE_PERSON_EMAIL);

  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM requests"
                  " WHERE state IN ('draft', 'returned', 'queued', 'sending', 'attention')"
                  " AND id IS NOT ?3"
                  " AND ((?1 != '' AND lower(email) = lower(?1)) OR (?2 != '' AND lower(person_name) = lower(?2)))"
                  " ORDER BY updated_at DESC",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, email);
  bind_text (stmt, 2, strchr (name, ' ') != NULL ? name : "");
  bind_text (stmt, 3, except_id);

  return collect_entries (self, stmt, error);
}

/* The outbox ------------------------------------------------------------ */

/* Freezes the editable request @id for delivery with @payload, inside
 * the caller's transaction. */
static gboolean
freeze (RosterStore  *self,
        const char   *id,
        GBytes       *payload,
        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, payload);
  g_autofree char *key = g_uuid_string_random ();
  gint64 now = now_us ();

  if (!require_state (self, self->db, id, EDITABLE, NULL, error))
    return FALSE;

  stmt = prepare (self,
                  "UPDATE requests SET state = 'queued', payload = ?, payload_sha256 = ?, idempotency_key = ?,"
                  " queued_at = ?, attempts = 0, next_attempt_at = ?, last_error = NULL, server_errors = NULL,"
                  " updated_at = ? WHERE id = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), SQLITE_TRANSIENT);
  bind_text (stmt, 2, sha256);
  bind_text (stmt, 3, key);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, now);
  bind_text (stmt, 7, id);

  return step_done (self, stmt, error) && log_event (self, self->db, id, "queued", NULL, error);
}

/**
 * roster_store_queue:
 * @payload: the request's payload, from roster_payload_write()
 *
 * Freezes a draft for delivery, in one transaction: the payload bytes,
 * their SHA-256 and a new idempotency key. Every attempt sends exactly
 * these bytes with this key.
 */
gboolean
roster_store_queue (RosterStore  *self,
                    const char   *id,
                    GBytes       *payload,
                    GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!freeze (self, id, payload, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

/**
 * roster_store_queue_new:
 * @requests: (element-type RosterRequest): finished requests
 *
 * Puts every request of @requests in the outbox, frozen as
 * roster_store_queue() freezes one, all in one transaction: all are
 * queued, or (with @error set) none is.
 *
 * Returns: (transfer full) (element-type utf8): the new requests' ids,
 *   in the order of @requests, or %NULL
 */
GPtrArray *
roster_store_queue_new (RosterStore  *self,
                        GPtrArray    *requests,
                        GError      **error)
{
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (requests != NULL, NULL);

  ids = g_ptr_array_new_full (requests->len, g_free);

  if (!begin (self, error))
    return NULL;

  for (guint i = 0; i < requests->len; i++)
    {
      RosterRequest *request = g_ptr_array_index (requests, i);
      g_autoptr(GBytes) payload = roster_payload_write (request);
      char *id = g_uuid_string_random ();

      g_ptr_array_add (ids, id);
      if (!insert_draft (self, id, request, error) || !freeze (self, id, payload, error))
        {
          rollback (self);
          return NULL;
        }
    }

  if (!commit (self, error))
    return NULL;

  return g_steal_pointer (&ids);
}

/**
 * roster_store_withdraw_untried:
 * @ids: (element-type utf8): queued requests
 *
 * Takes back requests queued a moment ago (an Undo), in one transaction:
 * only if not one of them has been tried yet. Withdrawn requests are
 * deleted, as drafts are.
 *
 * Returns: %TRUE when all were withdrawn; %FALSE with @error set, and
 *   none withdrawn, when one was already tried
 */
gboolean
roster_store_withdraw_untried (RosterStore  *self,
                               GPtrArray    *ids,
                               GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (!require_state (self, self->db, id, STATE_BIT (QUEUED), NULL, error) ||
          !(stmt = prepare (self, "SELECT attempts FROM requests WHERE id = ?", error)))
        {
          rollback (self);
          return FALSE;
        }
      bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0)
        {
          g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE,
                               _("Too late to undo: Roster has started sending these requests."));
          rollback (self);
          return FALSE;
        }
      if (!set_state (self, id, ROSTER_REQUEST_STATE_DELETED, "withdrawn", NULL, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  return commit (self, error);
}

RosterOutboxItem *
roster_store_get_outbox_item (RosterStore  *self,
                              const char   *id,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RosterOutboxItem *item;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self,
                  "SELECT id, state, payload, payload_sha256, idempotency_key, attempts, queued_at, next_attempt_at"
                  " FROM requests WHERE id = ? AND payload IS NOT NULL",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_NOT_FOUND,
                           _("This request is not in the outbox."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  item = g_new0 (RosterOutboxItem, 1);
  item->id = column_dup (stmt, 0);
  item->state = state_from_string ((const char *) sqlite3_column_text (stmt, 1));
  item->payload = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  item->payload_sha256 = column_dup (stmt, 3);
  item->idempotency_key = column_dup (stmt, 4);
  item->attempts = sqlite3_column_int (stmt, 5);
  item->queued_at = sqlite3_column_int64 (stmt, 6);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 7);

  /* A payload that no longer matches its checksum must not be sent. */
  {
    g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, item->payload);

    if (g_strcmp0 (sha256, item->payload_sha256) != 0)
      {
        roster_outbox_item_free (item);
        g_set_error_literal (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED,
                             _("The queued request was damaged on disk and will not be sent. Open it and submit it again."));
        return NULL;
      }
  }

  return item;
}

/**
 * roster_store_list_due_with_left_sending:
 * @now: µs since the epoch
 * @left_sending: (out) (optional) (transfer full) (element-type utf8 utf8):
 *   the set of those ids that were left "sending"
 *
 * Requests to attempt now: queued ones whose time has come, and any left
 * "sending" by a crash (their outcome is unknown: resend with the same
 * key, whatever their backoff), oldest first.
 *
 * Returns: (transfer full) (element-type utf8): their ids
 */
GPtrArray *
roster_store_list_due_with_left_sending (RosterStore  *self,
                                         gint64        now,
                                         GHashTable  **left_sending,
                                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, state = 'sending' FROM requests"
                  " WHERE (state = 'queued' AND next_attempt_at <= ?) OR state = 'sending'"
                  " ORDER BY queued_at, id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, column_dup (stmt, 0));
      if (sqlite3_column_int (stmt, 1))
        g_hash_table_add (sending, column_dup (stmt, 0));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  if (left_sending != NULL)
    *left_sending = g_steal_pointer (&sending);

  return g_steal_pointer (&ids);
}

/**
 * roster_store_list_due:
 * @now: µs since the epoch
 *
 * roster_store_list_due_with_left_sending(), without the set.
 *
 * Returns: (transfer full) (element-type utf8): the ids of the requests
 *   to attempt now
 */
GPtrArray *
roster_store_list_due (RosterStore  *self,
                       gint64        now,
                       GError      **error)
{
  return roster_store_list_due_with_left_sending (self, now, NULL, error);
}

/* One state change of a request, inside a transaction on @db:
 * check that @id is in one of the @allowed states, run @sql (an UPDATE
 * whose :id and :now are bound here, and whose other named parameters
 * come from @params), and log @event with @detail (never personal data). */
typedef struct
{
  const char *name;
  const char *text;
  gint64      number;
  gboolean    is_number;
} Param;

#define TEXT_PARAM(name, value)   ((Param) { name, value, 0, FALSE })
#define NUMBER_PARAM(name, value) ((Param) { name, NULL, value, TRUE })

static gboolean
change_state_on (RosterStore  *self,
                 sqlite3      *db,
                 const char   *id,
                 guint         allowed,
                 const char   *sql,
                 const Param  *params,
                 guint         n_params,
                 const char   *event,
                 const char   *detail,
                 GError      **error)
{
  g_autoptr(CachedStatement) stmt = NULL;

  if (!require_state (self, db, id, allowed, NULL, error) || !(stmt = prepare_cached (self, db, sql, error)))
    return FALSE;

  bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":now"), now_us ());
  for (guint i = 0; i < n_params; i++)
    {
      int index = sqlite3_bind_parameter_index (stmt, params[i].name);

      g_assert (index > 0);
      if (params[i].is_number)
        sqlite3_bind_int64 (stmt, index, params[i].number);
      else
        bind_text (stmt, index, params[i].text);
    }

  return step_done (self, stmt, error) && log_event (self, db, id, event, detail, error);
}

/**
 * roster_store_make_due:
 * @now: µs since the epoch
 *
 * Brings every queued request's next attempt forward to @now: the network
 * just came back, so waiting out a backoff meant for an outage is
 * pointless. Requests needing attention are left alone.
 *
 * Returns: how many requests became due
 */
guint
roster_store_make_due (RosterStore  *self,
                       gint64        now,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), 0);

  if (!(stmt = prepare (self, "UPDATE requests SET next_attempt_at = ?1 WHERE state = 'queued' AND next_attempt_at > ?1", error)))
    return 0;

  sqlite3_bind_int64 (stmt, 1, now);
  if (!step_done (self, stmt, error))
    return 0;

  return sqlite3_changes (self->db);
}

/* Delivery marks -------------------------------------------------------------- */

/*
 * What delivery records about a request: that an attempt starts, what
 * its answer meant, the HIE's status after. Each kind is one UPDATE; the
 * record_*() functions run one mark in a transaction of its own, and
 * roster_store_commit_marks() runs a batch of them in one transaction.
 *
 * `attempts` (the backoff's count, and what makes an Undo too late) is
 * raised by :attempted, 1 on the one mark that counts each attempt made:
 * roster_store_begin_attempt() for the record_*() functions, the
 * answer's mark in a batch. An attempt marked ahead in a batch is not
 * made yet — a crash may end the flush before it goes out, many times
 * over — so it counts nothing: only its answer proves it was made.
 */
typedef enum
{
  MARK_ATTEMPT,
  MARK_SENT,
  MARK_RETRY,
  MARK_ATTENTION,
  MARK_RETURNED,
  MARK_STATUS,     /* the HIE's processing status, polled after sent */
  MARK_NOT_ATTEMPTED,  /* an attempt marked ahead that was not made: the state before */
} MarkKind;

static const struct
{
  guint       allowed;
  const char *sql;
  const char *event;
} mark_kinds[] = {
  [MARK_ATTEMPT] = {
    IN_OUTBOX,
    "UPDATE requests SET state = 'sending', attempts = attempts + :attempted, updated_at = :now WHERE id = :id",
    "attempt",
  },
  [MARK_SENT] = {
    IN_OUTBOX | STATE_BIT (ATTENTION),
    "UPDATE requests SET state = 'sent', tracking_id = :tracking_id, received_at = :received_at,"
    " hie_status = 'received', next_attempt_at = NULL, last_error = NULL, attempts = attempts + :attempted,"
    " updated_at = :now WHERE id = :id",
    "sent",
  },
  [MARK_RETRY] = {
    IN_OUTBOX | STATE_BIT (ATTENTION),
    "UPDATE requests SET state = 'queued', next_attempt_at = :next, last_error = :reason,"
    " attempts = attempts + :attempted, updated_at = :now WHERE id = :id",
    "retry",
  },
  [MARK_ATTENTION] = {
    IN_OUTBOX,
    "UPDATE requests SET state = 'attention', next_attempt_at = NULL, last_error = :reason,"
    " attempts = attempts + :attempted, updated_at = :now WHERE id = :id",
    "attention",
  },
  [MARK_RETURNED] = {
    IN_OUTBOX,
    "UPDATE requests SET state = 'returned', server_errors = :errors, last_error = :reason,"
    " next_attempt_at = NULL, attempts = attempts + :attempted, updated_at = :now WHERE id = :id",
    "returned",
  },
  [MARK_STATUS] = {
    STATE_BIT (SENT),
    "UPDATE requests SET hie_status = :status, hie_note = :note, updated_at = :now WHERE id = :id",
    "status",
  },
  [MARK_NOT_ATTEMPTED] = {
    STATE_BIT (SENDING),
    "UPDATE requests SET state = :state, updated_at = :now WHERE id = :id",
    "not-attempted",
  },
};

typedef struct
{
  MarkKind            kind;
  char               *id;
  gboolean            attempted;       /* counts an attempt made */
  RosterRequestState  state_before;    /* not attempted */
  char               *tracking_id;     /* sent */
  char               *received_at;     /* sent */
  gint64              next_attempt_at; /* retry */
  char               *reason;          /* retry, attention, returned; the HIE's note (status) */
  char               *server_errors;   /* returned */
  char               *hie_status;      /* status */
} Mark;

struct _RosterOutboxMarks
{
  GArray *marks;   /* Mark */
};

static void
mark_clear (Mark *mark)
{
  g_free (mark->id);
  g_free (mark->tracking_id);
  g_free (mark->received_at);
  g_free (mark->reason);
  g_free (mark->server_errors);
  g_free (mark->hie_status);
}

static gboolean
apply_mark (RosterStore  *self,
            sqlite3      *db,
            const Mark   *mark,
            GError      **error)
{
  Param params[3];
  guint n_params = 0;
  const char *detail = mark->reason;

  if (mark->kind != MARK_STATUS && mark->kind != MARK_NOT_ATTEMPTED)
    params[n_params++] = NUMBER_PARAM (":attempted", mark->attempted ? 1 : 0);

  switch (mark->kind)
    {
    case MARK_SENT:
      params[n_params++] = TEXT_PARAM (":tracking_id", mark->tracking_id);
      params[n_params++] = TEXT_PARAM (":received_at", mark->received_at);
      /* The tracking id is the HIE's, not personal: safe in the log. */
      detail = mark->tracking_id;
      break;
    case MARK_RETRY:
      params[n_params++] = NUMBER_PARAM (":next", mark->next_attempt_at);
      params[n_params++] = TEXT_PARAM (":reason", mark->reason);
      break;
    case MARK_ATTENTION:
      params[n_params++] = TEXT_PARAM (":reason", mark->reason);
      break;
    case MARK_RETURNED:
      params[n_params++] = TEXT_PARAM (":errors", mark->server_errors);
      params[n_params++] = TEXT_PARAM (":reason", mark->reason);
      break;
    case MARK_STATUS:
      params[n_params++] = TEXT_PARAM (":status", mark->hie_status);
      params[n_params++] = TEXT_PARAM (":note", mark->reason);
      detail = mark->hie_status;
      break;
    case MARK_NOT_ATTEMPTED:
      detail = roster_request_state_to_string (mark->state_before);
      params[n_params++] = TEXT_PARAM (":state", detail);
      break;
    case MARK_ATTEMPT:
    default:
      break;
    }

  return change_state_on (self, db, mark->id, mark_kinds[mark->kind].allowed, mark_kinds[mark->kind].sql,
                          params, n_params, mark_kinds[mark->kind].event, detail, error);
}

/* One mark in a transaction of its own, on the store's connection. */
static gboolean
record_mark (RosterStore  *self,
             const Mark   *mark,
             GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (mark->id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!apply_mark (self, self->db, mark, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

/**
 * roster_store_begin_attempt:
 *
 * Records, before anything goes on the wire, that an attempt starts, and
 * counts it (the record_*() of its answer does not): after a crash the
 * request is found "sending" and resent with the same key. This commit alone is not synced to the disk (WAL with
 * synchronous=NORMAL, in order with the rest): the answer's commit,
 * which is, carries it. A power loss in between can only make the
 * request look queued instead of sending, and it is resent with the same
 * key either way, so the fsync it would cost buys nothing (issue 17: one
 * sync per delivered request instead of two).
 */
gboolean
roster_store_begin_attempt (RosterStore  *self,
                            const char   *id,
                            GError      **error)
{
  Mark mark = { .kind = MARK_ATTEMPT, .id = (char *) id, .attempted = TRUE };
  gboolean ok;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);

  if (!exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  ok = record_mark (self, &mark, error);

  /* Every other commit stays durable on its own. */
  if (!exec (self, "PRAGMA synchronous = FULL", ok ? error : NULL))
    return FALSE;

  return ok;
}

gboolean
roster_store_record_sent (RosterStore  *self,
                          const char   *id,
                          const char   *tracking_id,
                          const char   *received_at,
                          GError      **error)
{
  Mark mark = { .kind = MARK_SENT, .id = (char *) id,
                .tracking_id = (char *) tracking_id, .received_at = (char *) received_at };

  g_return_val_if_fail (tracking_id != NULL, FALSE);

  return record_mark (self, &mark, error);
}

/**
 * roster_store_record_retry:
 * @next_attempt_at: when to try again, µs since the epoch
 * @reason: why, in words, without personal data (shown in the list)
 */
gboolean
roster_store_record_retry (RosterStore  *self,
                           const char   *id,
                           gint64        next_attempt_at,
                           const char   *reason,
                           GError      **error)
{
  Mark mark = { .kind = MARK_RETRY, .id = (char *) id,
                .next_attempt_at = next_attempt_at, .reason = (char *) reason };

  return record_mark (self, &mark, error);
}

gboolean
roster_store_record_attention (RosterStore  *self,
                               const char   *id,
                               const char   *reason,
                               GError      **error)
{
  Mark mark = { .kind = MARK_ATTENTION, .id = (char *) id, .reason = (char *) reason };

  return record_mark (self, &mark, error);
}

/**
 * roster_store_record_returned:
 * @server_errors: (nullable): the HIE's `errors` array, as JSON text
 *
 * The HIE refused the answers (400/409/422): the request goes back to
 * the editor, editable again. Submitting it again makes a new payload and
 * a new key, because the body will differ.
 */
gboolean
roster_store_record_returned (RosterStore  *self,
                              const char   *id,
                              const char   *server_errors,
                              const char   *reason,
                              GError      **error)
{
  Mark mark = { .kind = MARK_RETURNED, .id = (char *) id,
                .server_errors = (char *) server_errors, .reason = (char *) reason };

  return record_mark (self, &mark, error);
}

/**
 * roster_outbox_marks_new:
 *
 * A batch of delivery marks, committed together by
 * roster_store_commit_marks(), in the order they were added.
 *
 * Returns: (transfer full): an empty batch
 */
RosterOutboxMarks *
roster_outbox_marks_new (void)
{
  RosterOutboxMarks *marks = g_new0 (RosterOutboxMarks, 1);

  marks->marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  g_array_set_clear_func (marks->marks, (GDestroyNotify) mark_clear);

  return marks;
}

void
roster_outbox_marks_free (RosterOutboxMarks *marks)
{
  if (marks == NULL)
    return;

  g_array_unref (marks->marks);
  g_free (marks);
}

guint
roster_outbox_marks_get_length (RosterOutboxMarks *marks)
{
  g_return_val_if_fail (marks != NULL, 0);

  return marks->marks->len;
}

/* An answer's mark counts the attempt it answers (@attempted). */
static Mark *
add_mark (RosterOutboxMarks *marks,
          MarkKind           kind,
          const char        *id,
          gboolean           attempted)
{
  Mark mark = { .kind = kind, .id = g_strdup (id), .attempted = attempted };

  g_array_append_val (marks->marks, mark);

  return &g_array_index (marks->marks, Mark, marks->marks->len - 1);
}

/**
 * roster_outbox_marks_add_attempt:
 *
 * An attempt at @id is about to start: the request is "sending", so an
 * Undo finds it too late and a crash leaves it to be resent with its
 * key. Unlike roster_store_begin_attempt(), this counts no attempt: the
 * answer's mark does, once the attempt was made. A batch of nothing else
 * is committed without a sync: the next durable commit carries it.
 */
void
roster_outbox_marks_add_attempt (RosterOutboxMarks *marks,
                                 const char        *id)
{
  g_return_if_fail (marks != NULL && id != NULL);

  add_mark (marks, MARK_ATTEMPT, id, FALSE);
}

/**
 * roster_outbox_marks_add_not_attempted:
 * @state_before: %ROSTER_REQUEST_STATE_QUEUED, or
 *   %ROSTER_REQUEST_STATE_SENDING for a request a crash had left sending
 *
 * An attempt at @id was marked ahead (roster_outbox_marks_add_attempt())
 * but not made: the request is as it was before, its attempts too. One
 * left sending stays sending: its last attempt's outcome is still
 * unknown, so an Undo must still refuse it.
 */
void
roster_outbox_marks_add_not_attempted (RosterOutboxMarks  *marks,
                                       const char         *id,
                                       RosterRequestState  state_before)
{
  g_return_if_fail (marks != NULL && id != NULL);
  g_return_if_fail (state_before == ROSTER_REQUEST_STATE_QUEUED || state_before == ROSTER_REQUEST_STATE_SENDING);

  add_mark (marks, MARK_NOT_ATTEMPTED, id, FALSE)->state_before = state_before;
}

void
roster_outbox_marks_add_sent (RosterOutboxMarks *marks,
                              const char        *id,
                              const char        *tracking_id,
                              const char        *received_at)
{
  Mark *mark;

  g_return_if_fail (marks != NULL && id != NULL && tracking_id != NULL);

  mark = add_mark (marks, MARK_SENT, id, TRUE);
  mark->tracking_id = g_strdup (tracking_id);
  mark->received_at = g_strdup (received_at);
}

void
roster_outbox_marks_add_retry (RosterOutboxMarks *marks,
                               const char        *id,
                               gint64             next_attempt_at,
                               const char        *reason)
{
  Mark *mark;

  g_return_if_fail (marks != NULL && id != NULL);

  mark = add_mark (marks, MARK_RETRY, id, TRUE);
  mark->next_attempt_at = next_attempt_at;
  mark->reason = g_strdup (reason);
}

static void
add_attention (RosterOutboxMarks *marks,
               const char        *id,
               const char        *reason,
               gboolean           attempted)
{
  add_mark (marks, MARK_ATTENTION, id, attempted)->reason = g_strdup (reason);
}

void
roster_outbox_marks_add_attention (RosterOutboxMarks *marks,
                                   const char        *id,
                                   const char        *reason)
{
  g_return_if_fail (marks != NULL && id != NULL);

  add_attention (marks, id, reason, TRUE);
}

/**
 * roster_outbox_marks_add_unsendable:
 * @reason: why, in words, without personal data
 *
 * @id, marked ahead, cannot be sent at all (its payload is damaged): it
 * needs attention, and no attempt was made.
 */
void
roster_outbox_marks_add_unsendable (RosterOutboxMarks *marks,
                                    const char        *id,
                                    const char        *reason)
{
  g_return_if_fail (marks != NULL && id != NULL);

  add_attention (marks, id, reason, FALSE);
}

void
roster_outbox_marks_add_returned (RosterOutboxMarks *marks,
                                  const char        *id,
                                  const char        *server_errors,
                                  const char        *reason)
{
  Mark *mark;

  g_return_if_fail (marks != NULL && id != NULL);

  mark = add_mark (marks, MARK_RETURNED, id, TRUE);
  mark->server_errors = g_strdup (server_errors);
  mark->reason = g_strdup (reason);
}

static void
close_writer (RosterStore *self)
{
  g_clear_pointer (&self->writer_statements, g_hash_table_unref);
  g_clear_pointer (&self->writer, sqlite3_close);
}

/* The connection marks are committed on, opened on first use. It is not
 * the store's own: a batch runs on a worker thread while the main thread
 * keeps reading (WAL readers never wait for the writer). */
static gboolean
open_writer (RosterStore  *self,
             GError      **error)
{
  int rc;

  if (self->writer != NULL)
    return TRUE;

  rc = sqlite3_open_v2 (self->path, &self->writer,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      close_writer (self);
      return FALSE;
    }

  sqlite3_busy_timeout (self->writer, 10000);
  sqlite3_extended_result_codes (self->writer, TRUE);

  if (!exec_on (self, self->writer, "PRAGMA foreign_keys = ON", error) ||
      !exec_on (self, self->writer, "PRAGMA secure_delete = ON", error))
    {
      close_writer (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit_marks_locked (RosterStore        *self,
                     RosterOutboxMarks  *marks,
                     GError            **error)
{
  gboolean durable = FALSE;

  /* Only answers need to survive a power loss before the next step:
   * an attempt mark lost is an attempt resent with the same key. */
  for (guint i = 0; i < marks->marks->len; i++)
    {
      MarkKind kind = g_array_index (marks->marks, Mark, i).kind;

      durable |= kind != MARK_ATTEMPT && kind != MARK_NOT_ATTEMPTED;
    }

  if (!open_writer (self, error) ||
      !exec_on (self, self->writer, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", error) ||
      !exec_on (self, self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < marks->marks->len; i++)
    {
      if (!apply_mark (self, self->writer, &g_array_index (marks->marks, Mark, i), error))
        {
          sqlite3_exec (self->writer, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (!exec_on (self, self->writer, "COMMIT", error))
    {
      sqlite3_exec (self->writer, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_store_commit_marks:
 * @marks: the batch
 *
 * Commits every mark of @marks in one transaction, or none: if one mark
 * fails (its request is no longer in a state it applies to, the disk is
 * full), nothing of the batch is kept, and its requests stay as they
 * were — queued or sending, resent with the same key. The commit is
 * durable (synchronous=FULL) unless the batch holds only attempt marks.
 *
 * Blocks for the commit's sync: may be called from any thread, and
 * batches from several threads are committed one after the other, on a
 * connection of their own.
 */
gboolean
roster_store_commit_marks (RosterStore        *self,
                           RosterOutboxMarks  *marks,
                           GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (marks != NULL, FALSE);

  if (marks->marks->len == 0)
    return TRUE;

  g_mutex_lock (&self->writer_lock);
  ok = commit_marks_locked (self, marks, error);
  /* After a failure, start the next batch on a fresh connection. */
  if (!ok)
    close_writer (self);
  g_mutex_unlock (&self->writer_lock);

  return ok;
}

static void
commit_marks_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (roster_store_commit_marks (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * roster_store_commit_marks_async:
 * @marks: (transfer full): the batch
 *
 * roster_store_commit_marks() on a worker thread, so the main loop goes
 * on while the disk syncs. Not cancellable: once started, a batch is
 * committed or fails as a whole.
 */
void
roster_store_commit_marks_async (RosterStore         *self,
                                 RosterOutboxMarks   *marks,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ROSTER_IS_STORE (self));
  g_return_if_fail (marks != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, roster_store_commit_marks_async);
  g_task_set_task_data (task, marks, (GDestroyNotify) roster_outbox_marks_free);
  g_task_run_in_thread (task, commit_marks_thread);
}

gboolean
roster_store_commit_marks_finish (RosterStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * roster_store_record_status:
 * @hie_status: "received", "in_review", "completed" or "rejected"
 * @hie_note: (nullable): the HIE's note, shown as plain text
 */
gboolean
roster_store_record_status (RosterStore  *self,
                            const char   *id,
                            const char   *hie_status,
                            const char   *hie_note,
                            GError      **error)
{
  Mark mark = { .kind = MARK_STATUS, .id = (char *) id,
                .hie_status = (char *) hie_status, .reason = (char *) hie_note };

  g_return_val_if_fail (hie_status != NULL, FALSE);

  return record_mark (self, &mark, error);
}

/* Meta and events --------------------------------------------------------- */

/**
 * roster_store_get_meta:
 *
 * Returns: (transfer full) (nullable): the value, or %NULL
 */
char *
roster_store_get_meta (RosterStore *self,
                       const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", NULL)))
    return NULL;

  bind_text (stmt, 1, key);

  return sqlite3_step (stmt) == SQLITE_ROW ? column_dup (stmt, 0) : NULL;
}

/**
 * roster_store_set_meta:
 * @value: (nullable): the value, or %NULL to remove the key
 */
gboolean
roster_store_set_meta (RosterStore  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = prepare (self,
                  value != NULL ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
                                : "DELETE FROM meta WHERE key = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);

  return step_done (self, stmt, error);
}

/**
 * roster_store_list_events:
 *
 * Returns: (transfer full) (element-type utf8): the request's events, as
 *   "event" or "event detail", oldest first
 */
GPtrArray *
roster_store_list_events (RosterStore  *self,
                          const char   *id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  if (!(stmt = prepare (self, "SELECT event, detail FROM events WHERE ?1 IS NULL OR request_id = ?1 ORDER BY id", error)))
    return NULL;

  bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 1);

      g_ptr_array_add (events, detail ? g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0), detail)
                                      : column_dup (stmt, 0));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

gboolean
_roster_store_exec (RosterStore  *self,
                    const char   *sql,
                    GError      **error)
{
  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);

  return exec (self, sql, error);
}

/* The NPI Registry's answers ---------------------------------------------- */

/**
 * roster_store_get_npi_answer:
 * @npi: ten digits
 * @before: only answers fetched at or before this time (µs since the
 *   epoch), or 0 for the newest
 * @fetched_at: (out) (optional): when the answer was fetched
 *
 * Returns: (transfer full) (nullable): the registry's answer as
 *   roster_store_put_npi_answer() kept it, or %NULL
 */
char *
roster_store_get_npi_answer (RosterStore *self,
                             const char  *npi,
                             gint64       before,
                             gint64      *fetched_at)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);
  g_return_val_if_fail (npi != NULL, NULL);

  stmt = prepare (self,
                  "SELECT answer, fetched_at FROM npi_registry WHERE npi = ?1 AND (?2 = 0 OR fetched_at <= ?2) "
                  "ORDER BY fetched_at DESC LIMIT 1",
                  NULL);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, npi);
  sqlite3_bind_int64 (stmt, 2, before);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  if (fetched_at != NULL)
    *fetched_at = sqlite3_column_int64 (stmt, 1);

  return column_dup (stmt, 0);
}

/**
 * roster_store_put_npi_answer:
 * @answer: the answer, as roster_npi_record_serialize() writes it
 * @fetched_at: when it was fetched, µs since the epoch
 *
 * Keeps an answer of the NPI Registry; the newest is the one used.
 */
gboolean
roster_store_put_npi_answer (RosterStore  *self,
                             const char   *npi,
                             const char   *answer,
                             gint64        fetched_at,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (npi != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  stmt = prepare (self, "INSERT OR REPLACE INTO npi_registry (npi, fetched_at, answer) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, npi);
  sqlite3_bind_int64 (stmt, 2, fetched_at);
  bind_text (stmt, 3, answer);

  return step_done (self, stmt, error);
}

/**
 * roster_store_list_payloads:
 *
 * The frozen payload of every request that left the drafts and was not
 * returned or deleted, in one query (the People page reads them all).
 *
 * Returns: (transfer full) (element-type utf8 GBytes): request id →
 *   payload, or %NULL with @error set
 */
GHashTable *
roster_store_list_payloads (RosterStore  *self,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) payloads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, payload FROM requests"
                  " WHERE payload IS NOT NULL AND state NOT IN ('draft', 'returned', 'deleted')",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (payloads, column_dup (stmt, 0),
                         g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&payloads);
}

/* Imported people ---------------------------------------------------------- */

/**
 * roster_store_put_imported_people:
 * @people: (element-type RosterPerson): people from an imported user list
 *
 * Keeps @people, replacing what an earlier import said of the same
 * email, all in one transaction: all are kept, or none.
 */
gboolean
roster_store_put_imported_people (RosterStore  *self,
                                  GPtrArray    *people,
                                  GError      **error)
{
  gint64 now = now_us ();

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (people != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < people->len; i++)
    {
      const RosterPerson *person = g_ptr_array_index (people, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GString) services = g_string_new (NULL);

      for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        {
          if (person->services[s])
            g_string_append_printf (services, "%s%s", services->len > 0 ? "," : "", roster_service_to_string (s));
        }

      stmt = prepare (self,
                      "INSERT OR REPLACE INTO imported_people"
                      " (email, first_name, last_name, npi, organization, title, services, imported_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      error);
      if (stmt == NULL)
        {
          rollback (self);
          return FALSE;
        }
      bind_text (stmt, 1, person->email);
      bind_text (stmt, 2, person->first_name);
      bind_text (stmt, 3, person->last_name);
      bind_text (stmt, 4, person->npi);
      bind_text (stmt, 5, person->organization);
      bind_text (stmt, 6, person->title);
      bind_text (stmt, 7, services->str);
      sqlite3_bind_int64 (stmt, 8, now);
      if (!step_done (self, stmt, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  return commit (self, error);
}

/**
 * roster_store_list_imported_people:
 *
 * Returns: (transfer full) (element-type RosterPerson): the imported
 *   people, each with an active account, or %NULL with @error set
 */
GPtrArray *
roster_store_list_imported_people (RosterStore  *self,
                                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT email, first_name, last_name, npi, organization, title, services, imported_at"
                  " FROM imported_people",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterPerson *person = g_new0 (RosterPerson, 1);
      g_auto(GStrv) services = NULL;

      person->email = column_dup (stmt, 0);
      person->first_name = column_dup (stmt, 1);
      person->last_name = column_dup (stmt, 2);
      person->npi = column_dup (stmt, 3);
      person->organization = column_dup (stmt, 4);
      person->title = column_dup (stmt, 5);
      person->confirmed_at = sqlite3_column_int64 (stmt, 7);
      person->account = ROSTER_ACCOUNT_ACTIVE;
      person->imported = TRUE;
      person->request_ids = g_ptr_array_new_with_free_func (g_free);

      services = g_strsplit ((const char *) sqlite3_column_text (stmt, 6), ",", -1);
      for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        person->services[s] = g_strv_contains ((const char * const *) services, roster_service_to_string (s));

      g_ptr_array_add (people, person);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&people);
}

/* Access reviews ----------------------------------------------------------- */

/**
 * roster_store_put_access_review:
 * @review: a finished review (roster_access_review_finish())
 *
 * Keeps @review and every decision in it, in one transaction.
 */
gboolean
roster_store_put_access_review (RosterStore               *self,
                                const RosterAccessReview  *review,
                                GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (review != NULL && review->id != NULL && review->finished_at != 0, FALSE);

  if (!begin (self, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO access_reviews (id, finished_at, reviewer) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, review->id);
  sqlite3_bind_int64 (stmt, 2, review->finished_at);
  bind_text (stmt, 3, review->reviewer);
  if (!step_done (self, stmt, error))
    goto failed;

  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);
      g_autoptr(sqlite3_stmt) insert = NULL;

      insert = prepare (self,
                        "INSERT INTO access_review_entries"
                        " (review_id, position, email, name, npi, organization, services, decision)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
      if (insert == NULL)
        goto failed;
      bind_text (insert, 1, review->id);
      sqlite3_bind_int (insert, 2, i);
      bind_text (insert, 3, entry->email);
      bind_text (insert, 4, entry->name);
      bind_text (insert, 5, entry->npi);
      bind_text (insert, 6, entry->organization);
      bind_text (insert, 7, entry->services);
      bind_text (insert, 8, roster_review_decision_to_string (entry->decision));
      if (!step_done (self, insert, error))
        goto failed;
    }

  return commit (self, error);

failed:
  rollback (self);
  return FALSE;
}

static gboolean
read_review_entries (RosterStore         *self,
                     RosterAccessReview  *review,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT email, name, npi, organization, services, decision"
                  " FROM access_review_entries WHERE review_id = ? ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, review->id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterReviewEntry *entry = g_new0 (RosterReviewEntry, 1);
      g_autofree char *decision = column_dup (stmt, 5);

      entry->email = column_dup (stmt, 0);
      entry->name = column_dup (stmt, 1);
      entry->npi = column_dup (stmt, 2);
      entry->organization = column_dup (stmt, 3);
      entry->services = column_dup (stmt, 4);
      entry->decision = roster_review_decision_from_string (decision);
      g_ptr_array_add (review->entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_store_get_last_access_review:
 * @finished_at: (out): when the last review was finished, µs since the
 *   epoch, or 0 when none has been
 *
 * What the People page's banner needs, without reading any review's
 * decisions.
 */
gboolean
roster_store_get_last_access_review (RosterStore  *self,
                                     gint64       *finished_at,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), FALSE);
  g_return_val_if_fail (finished_at != NULL, FALSE);

  if (!(stmt = prepare (self, "SELECT MAX(finished_at) FROM access_reviews", error)))
    return FALSE;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  *finished_at = sqlite3_column_int64 (stmt, 0);  /* NULL, with no review, reads as 0 */

  return TRUE;
}

/**
 * roster_store_list_access_reviews:
 *
 * Returns: (transfer full) (element-type RosterAccessReview): every
 *   finished review with its decisions, the newest first, or %NULL with
 *   @error set
 */
GPtrArray *
roster_store_list_access_reviews (RosterStore  *self,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_access_review_free);
  int rc;

  g_return_val_if_fail (ROSTER_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, finished_at, reviewer FROM access_reviews ORDER BY finished_at DESC, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RosterAccessReview *review = g_new0 (RosterAccessReview, 1);

      review->id = column_dup (stmt, 0);
      review->finished_at = sqlite3_column_int64 (stmt, 1);
      review->reviewer = column_dup (stmt, 2);
      review->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_review_entry_free);
      g_ptr_array_add (reviews, review);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; i < reviews->len; i++)
    {
      if (!read_review_entries (self, g_ptr_array_index (reviews, i), error))
        return NULL;
    }

  return g_steal_pointer (&reviews);
}
