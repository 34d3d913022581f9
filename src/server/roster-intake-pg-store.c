/* roster-intake-pg-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libpq-fe.h>

#include "roster-intake-pg-store.h"

/*
 * The intake store on PostgreSQL, through libpq: for several server
 * processes (on several machines) behind a load balancer, on one
 * database.
 *
 * Exactly-once across processes rests on the database alone. The key is
 * unique per organization at the database level (UNIQUE (organization,
 * idempotency_key), each request carrying its token's organization), so a
 * resend with the organization's new token after the old one was revoked
 * is the same request; the insert of a request and of its first history
 * row are one transaction; and while a process stores a request it holds
 * a transaction-level advisory lock named after the organization and key,
 * so a
 * second process that meets the same key in flight does not wait for it
 * but answers 409, as one process does for its own requests. Every
 * connection runs with synchronous_commit=on, so a COMMIT has reached the
 * disk (and any synchronous standby) when it returns, and the server only
 * answers 201 after that.
 *
 * Tokens are checked against the database on every request, so `token
 * revoke` in any process takes effect everywhere on the next request.
 *
 * Passwords come only from libpq's own means (~/.pgpass, PGPASSWORD, a
 * service file): a URI that carries one is refused, so no password is on
 * a command line or in a process list, and no address is ever logged.
 *
 * Two connections: one for the thread that opened the store, one for the
 * writer thread. A connection that broke (a restart of PostgreSQL) is
 * reset before its next use; what failed in between is answered 503.
 */

#define SCHEMA_VERSION   ROSTER_INTAKE_STORE_SCHEMA_VERSION
/* Any constant: serializes concurrent `migrate` runs. */
#define MIGRATE_LOCK_ID  "7202612060015"

/* One connection, with the statements prepared on it (by SQL text: the
 * hot path's statements are parsed once per connection) and when to try
 * again after it broke and could not be reset. */
typedef struct
{
  PGconn     *conn;
  GHashTable *prepared;
  gint64      next_reset_usec;
} PgLink;

struct _RosterIntakePgStore
{
  RosterIntakeStore  parent_instance;

  PgLink             main_link;
  PgLink             writer_link;
};

G_DEFINE_FINAL_TYPE (RosterIntakePgStore, roster_intake_pg_store, ROSTER_TYPE_INTAKE_STORE)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Each step brings the schema from its index to the next version, and
 * records it; a new database takes them all, so it ends up exactly as an
 * upgraded one. */
static const char schema_1_sql[] =
  "CREATE TABLE tokens ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  organization text NOT NULL,"
  "  token_sha256 text NOT NULL UNIQUE,"
  "  created_at text NOT NULL,"
  "  revoked_at text"
  ");"
  "CREATE TABLE requests ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  tracking_id text NOT NULL UNIQUE,"
  "  token_id bigint NOT NULL REFERENCES tokens (id),"
  "  idempotency_key text NOT NULL,"
  "  body_sha256 text NOT NULL,"
  "  body bytea NOT NULL,"
  "  received_at text NOT NULL,"
  "  response_status integer NOT NULL,"
  "  response_body text NOT NULL,"
  "  status text NOT NULL"
  "    CHECK (status IN ('received', 'in_review', 'completed', 'rejected')),"
  "  note text,"
  "  UNIQUE (token_id, idempotency_key)"
  ");"
  "CREATE TABLE status_history ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  request_id bigint NOT NULL REFERENCES requests (id),"
  "  status text NOT NULL,"
  "  note text,"
  "  changed_at text NOT NULL"
  ");"
  "CREATE INDEX status_history_by_request ON status_history (request_id);"
  "INSERT INTO roster_intake_schema (version) VALUES (1);";

/* The key becomes unique per organization (a replaced token's resend is
 * the same request). The constraint names are PostgreSQL's defaults. */
static const char schema_2_sql[] =
  _ROSTER_INTAKE_STORE_UNBIND_REPEATED_KEYS_SQL ";"
  "ALTER TABLE requests ADD COLUMN organization text;"
  "UPDATE requests r SET organization = t.organization FROM tokens t WHERE t.id = r.token_id;"
  "ALTER TABLE requests ALTER COLUMN organization SET NOT NULL;"
  "ALTER TABLE requests DROP CONSTRAINT requests_token_id_idempotency_key_key;"
  "ALTER TABLE requests ADD CONSTRAINT requests_organization_idempotency_key_key"
  "  UNIQUE (organization, idempotency_key);"
  "INSERT INTO roster_intake_schema (version) VALUES (2);";

static const char * const schema_steps[] = { schema_1_sql, schema_2_sql };

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == SCHEMA_VERSION);

/* Helpers --------------------------------------------------------------- */

static void
ignore_notice_cb (void       *arg,
                  const char *message)
{
  /* "relation already exists, skipping" and the like: nothing an
   * operator needs, and nothing that may name data. */
}

static gboolean
set_connection_error (GError     **error,
                      PGconn      *conn)
{
  g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

  g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
               _("PostgreSQL: %s"), message);
  return FALSE;
}

static gboolean
prepare_session (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result = NULL;

  PQsetNoticeProcessor (conn, ignore_notice_cb, NULL);

  /* Whatever the server's default: a 201 is a promise. */
  result = PQexec (conn, "SET synchronous_commit = on; SET client_min_messages = warning");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    return set_connection_error (error, conn);

  return TRUE;
}

/* A connection that broke (PostgreSQL restarted) is reset before use;
 * after a failed reset, requests fail at once for a second rather than
 * each waiting for a connection attempt. */
#define RESET_INTERVAL_USEC G_USEC_PER_SEC

static gboolean
ensure_connected (PgLink  *link,
                  GError **error)
{
  gint64 now;

  if (PQstatus (link->conn) == CONNECTION_OK)
    return TRUE;

  now = g_get_monotonic_time ();
  if (now < link->next_reset_usec)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                           _("PostgreSQL: not connected; trying again shortly"));
      return FALSE;
    }

  g_hash_table_remove_all (link->prepared);
  PQreset (link->conn);
  if (PQstatus (link->conn) != CONNECTION_OK)
    {
      link->next_reset_usec = now + RESET_INTERVAL_USEC;
      return set_connection_error (error, link->conn);
    }

  return prepare_session (link->conn, error);
}

/* Runs one statement with parameters (text, NULL for SQL NULL; binary
 * where @formats says 1, with its length in @lengths). Returns the result
 * when its status is @expected, else NULL with @error set. */
static PGresult *
run (PgLink              *link,
     const char          *sql,
     int                  n_params,
     const char * const  *values,
     const int           *lengths,
     const int           *formats,
     ExecStatusType       expected,
     GError             **error)
{
  PGresult *result;

  if (!ensure_connected (link, error))
    return NULL;

  /* PQexec for no parameters: the schema is several statements. Others
   * are prepared once per connection, named after their place here. */
  if (n_params == 0)
    result = PQexec (link->conn, sql);
  else
    {
      const char *name = g_hash_table_lookup (link->prepared, sql);

      if (name == NULL)
        {
          g_autofree char *new_name = g_strdup_printf ("roster_%u", g_hash_table_size (link->prepared));

          result = PQprepare (link->conn, new_name, sql, n_params, NULL);
          if (PQresultStatus (result) != PGRES_COMMAND_OK)
            goto failed;
          PQclear (result);
          name = new_name;
          g_hash_table_insert (link->prepared, (gpointer)sql, g_steal_pointer (&new_name));
        }

      result = PQexecPrepared (link->conn, name, n_params, (const char * const *)values,
                               lengths, formats, 0);
    }
  if (PQresultStatus (result) == expected)
    return result;

failed:
  {
    const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
    g_autofree char *message = g_strstrip (g_strdup (primary ? primary : PQerrorMessage (link->conn)));

    g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                 _("PostgreSQL: %s"), message);
  }
  PQclear (result);
  return NULL;
}

static PGresult *
run_simple (PgLink              *link,
            const char          *sql,
            int                  n_params,
            const char * const  *values,
            ExecStatusType       expected,
            GError             **error)
{
  return run (link, sql, n_params, values, NULL, NULL, expected, error);
}

static gboolean
run_command (PgLink      *link,
             const char  *sql,
             GError     **error)
{
  g_autoptr(PGresult) result = run_simple (link, sql, 0, NULL, PGRES_COMMAND_OK, error);

  return result != NULL;
}

static void
rollback (PgLink *link)
{
  /* Nothing to do on a broken connection: the server rolled back. */
  if (PQstatus (link->conn) == CONNECTION_OK)
    PQclear (PQexec (link->conn, "ROLLBACK"));
}

static char *
value_dup (const PGresult *result,
           int             row,
           int             column)
{
  return PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column));
}

static gint64
value_int64 (const PGresult *result,
             int             row,
             int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* Opening --------------------------------------------------------------- */

static gboolean
check_no_password (const char  *uri,
                   GError     **error)
{
  PQconninfoOption *options;
  char *message = NULL;
  gboolean has_password = FALSE;

  if (!(options = PQconninfoParse (uri, &message)))
    {
      g_autofree char *text = g_strstrip (g_strdup (message ? message : ""));

      /* libpq's message quotes no part of the URI. */
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED,
                   _("The PostgreSQL URI is not valid: %s"), text);
      PQfreemem (message);
      return FALSE;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (g_str_equal (option->keyword, "password") && option->val != NULL && option->val[0] != '\0')
        has_password = TRUE;
    }
  PQconninfoFree (options);

  if (has_password)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED,
                           _("The PostgreSQL URI contains a password, which would show in the process list: "
                             "remove it and use ~/.pgpass, PGPASSWORD or a service file instead."));
      return FALSE;
    }

  return TRUE;
}

static PGconn *
connect_to (const char  *uri,
            GError     **error)
{
  /* Ours first: with expand_dbname the URI's own settings come later and
   * win, so an operator's connect_timeout is kept. */
  const char * const keywords[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
  const char * const values[] = { "10", "hie-roster-intake", uri, NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, 1);

  if (conn == NULL)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                           _("PostgreSQL: out of memory"));
      return NULL;
    }

  if (PQstatus (conn) != CONNECTION_OK || !prepare_session (conn, error))
    {
      if (PQstatus (conn) != CONNECTION_OK)
        {
          g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

          g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                       _("Cannot connect to the PostgreSQL database: %s"), message);
        }
      PQfinish (conn);
      return NULL;
    }

  return conn;
}

/* The schema version, or 0 when there is no schema. */
static gboolean
read_schema_version (PgLink  *link,
                     int     *version,
                     GError **error)
{
  g_autoptr(PGresult) exists = NULL;
  g_autoptr(PGresult) result = NULL;

  /* Two steps: a query that names a missing table fails to plan. */
  if (!(exists = run_simple (link, "SELECT to_regclass ('roster_intake_schema') IS NOT NULL",
                             0, NULL, PGRES_TUPLES_OK, error)))
    return FALSE;

  if (g_str_equal (PQgetvalue (exists, 0, 0), "f"))
    {
      *version = 0;
      return TRUE;
    }

  if (!(result = run_simple (link, "SELECT coalesce (max (version), 0) FROM roster_intake_schema",
                             0, NULL, PGRES_TUPLES_OK, error)))
    return FALSE;

  *version = (int)value_int64 (result, 0, 0);
  return TRUE;
}

static gboolean
migrate (PgLink  *link,
         int      target_version,
         int     *old_version,
         GError **error)
{
  int version = 0;

  if (!run_command (link, "BEGIN", error))
    return FALSE;

  /* Two servers deployed at once both run migrate: one creates, the
   * other then finds the schema. */
  {
    g_autoptr(PGresult) result = run_simple (link, "SELECT pg_advisory_xact_lock (" MIGRATE_LOCK_ID ")",
                                             0, NULL, PGRES_TUPLES_OK, error);
    if (result == NULL)
      goto failed;
  }

  if (!run_command (link, "CREATE TABLE IF NOT EXISTS roster_intake_schema (version integer NOT NULL)", error) ||
      !read_schema_version (link, &version, error))
    goto failed;

  *old_version = version;

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
                   _("The PostgreSQL database was made by a newer version of hie-roster-intake "
                     "(schema %d; this version knows %d): run that version."),
                   version, SCHEMA_VERSION);
      goto failed;
    }

  for (int step = version; step < target_version; step++)
    if (!run_command (link, schema_steps[step], error))
      goto failed;

  return run_command (link, "COMMIT", error);

failed:
  rollback (link);
  return FALSE;
}

static void
roster_intake_pg_store_finalize (GObject *object)
{
  RosterIntakePgStore *self = (RosterIntakePgStore *)object;

  g_clear_pointer (&self->writer_link.conn, PQfinish);
  g_clear_pointer (&self->writer_link.prepared, g_hash_table_unref);
  g_clear_pointer (&self->main_link.conn, PQfinish);
  g_clear_pointer (&self->main_link.prepared, g_hash_table_unref);

  G_OBJECT_CLASS (roster_intake_pg_store_parent_class)->finalize (object);
}

/*< private >
 * _roster_intake_pg_store_open:
 * @uri: a libpq connection URI, without a password
 * @migrating: whether to create or upgrade the schema
 * @target_version: the schema version to bring it to (the current one,
 *   but in tests of the upgrade)
 * @old_version: (out): the schema version found (0: none)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
_roster_intake_pg_store_open (const char  *uri,
                              gboolean     migrating,
                              int          target_version,
                              int         *old_version,
                              GError     **error)
{
  g_autoptr(RosterIntakePgStore) self = NULL;
  int version = 0;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!check_no_password (uri, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_INTAKE_PG_STORE, NULL);

  if (!(self->main_link.conn = connect_to (uri, error)))
    return NULL;

  if (migrating)
    {
      if (!migrate (&self->main_link, target_version, old_version, error))
        return NULL;
    }
  else
    {
      if (!read_schema_version (&self->main_link, &version, error))
        return NULL;
      *old_version = version;

      if (version > SCHEMA_VERSION)
        {
          g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
                       _("The PostgreSQL database was made by a newer version of hie-roster-intake "
                         "(schema %d; this version knows %d): run that version."),
                       version, SCHEMA_VERSION);
          return NULL;
        }
      if (version < SCHEMA_VERSION)
        {
          if (version == 0)
            g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA,
                                 _("The PostgreSQL database has no intake schema yet: "
                                   "run “hie-roster-intake migrate” with the same --db first."));
          else
            g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA,
                         _("The PostgreSQL database has an older intake schema (%d; this version needs %d): "
                           "run “hie-roster-intake migrate” with the same --db first."),
                         version, SCHEMA_VERSION);
          return NULL;
        }
    }

  if (!(self->writer_link.conn = connect_to (uri, error)))
    return NULL;

  return ROSTER_INTAKE_STORE (g_steal_pointer (&self));
}

static gboolean
pg_check (RosterIntakeStore  *store,
          GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autoptr(PGresult) result = run_simple (&self->main_link, "SELECT count(*) FROM tokens",
                                           0, NULL, PGRES_TUPLES_OK, error);

  return result != NULL;
}

/* Tokens ---------------------------------------------------------------- */

static gboolean
pg_add_token (RosterIntakeStore  *store,
              const char         *name,
              const char         *hash,
              const char         *now,
              gboolean            replace,
              gint64             *id,
              GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autoptr(PGresult) result = NULL;

  if (!run_command (&self->main_link, "BEGIN", error))
    return FALSE;

  if (replace)
    {
      const char *values[] = { now, name };

      if (!(result = run_simple (&self->main_link,
                                 "UPDATE tokens SET revoked_at = $1"
                                 " WHERE organization = $2 AND revoked_at IS NULL",
                                 2, values, PGRES_COMMAND_OK, error)))
        goto failed;
      g_clear_pointer (&result, PQclear);
    }

  {
    const char *values[] = { name, hash, now };

    if (!(result = run_simple (&self->main_link,
                               "INSERT INTO tokens (organization, token_sha256, created_at)"
                               " VALUES ($1, $2, $3) RETURNING id",
                               3, values, PGRES_TUPLES_OK, error)))
      goto failed;
  }
  *id = value_int64 (result, 0, 0);

  if (!run_command (&self->main_link, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  rollback (&self->main_link);
  return FALSE;
}

static gboolean
pg_authenticate (RosterIntakeStore  *store,
                 const char         *hash,
                 gint64             *token_id,
                 char              **organization,
                 GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  const char *values[] = { hash };
  g_autoptr(PGresult) result = NULL;

  if (!(result = run_simple (&self->main_link,
                             "SELECT id, organization FROM tokens"
                             " WHERE token_sha256 = $1 AND revoked_at IS NULL",
                             1, values, PGRES_TUPLES_OK, error)))
    return FALSE;

  if (PQntuples (result) == 1)
    {
      *token_id = value_int64 (result, 0, 0);
      if (organization != NULL)
        *organization = value_dup (result, 0, 1);
    }

  return TRUE;
}

static GPtrArray *
pg_list_tokens (RosterIntakeStore  *store,
                GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autoptr(PGresult) result = NULL;
  GPtrArray *tokens;

  if (!(result = run_simple (&self->main_link,
                             "SELECT id, organization, created_at, revoked_at FROM tokens ORDER BY id",
                             0, NULL, PGRES_TUPLES_OK, error)))
    return NULL;

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_token_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      RosterIntakeToken *token = g_new0 (RosterIntakeToken, 1);

      token->id = value_int64 (result, row, 0);
      token->organization = value_dup (result, row, 1);
      token->created_at = value_dup (result, row, 2);
      token->revoked_at = value_dup (result, row, 3);
      g_ptr_array_add (tokens, token);
    }

  return tokens;
}

static gboolean
pg_revoke_token (RosterIntakeStore  *store,
                 gint64              id,
                 const char         *now,
                 GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *values[] = { now, id_text };
  g_autoptr(PGresult) result = NULL;

  if (!(result = run_simple (&self->main_link,
                             "UPDATE tokens SET revoked_at = coalesce (revoked_at, $1)"
                             " WHERE id = $2 RETURNING id",
                             2, values, PGRES_TUPLES_OK, error)))
    return FALSE;

  if (PQntuples (result) == 0)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no token %s."), id_text);
      return FALSE;
    }

  return TRUE;
}

/* Requests -------------------------------------------------------------- */

#define SELECT_RECORD \
  "SELECT r.tracking_id, r.token_id, r.organization, r.idempotency_key, r.body_sha256, r.body," \
  " r.received_at, r.response_status, r.response_body, r.status, r.note" \
  " FROM requests r"

static RosterIntakeRecord *
record_from_row (const PGresult *result,
                 int             row)
{
  RosterIntakeRecord *record = roster_intake_record_new ();

  record->tracking_id = value_dup (result, row, 0);
  record->token_id = value_int64 (result, row, 1);
  record->organization = value_dup (result, row, 2);
  record->idempotency_key = value_dup (result, row, 3);
  record->body_sha256 = value_dup (result, row, 4);
  if (!PQgetisnull (result, row, 5))
    {
      size_t length = 0;
      unsigned char *body = PQunescapeBytea ((const unsigned char *)PQgetvalue (result, row, 5), &length);

      record->body = g_bytes_new (body, length);
      PQfreemem (body);
    }
  record->received_at = value_dup (result, row, 6);
  record->response_status = (guint)value_int64 (result, row, 7);
  record->response_body = value_dup (result, row, 8);
  record->status = value_dup (result, row, 9);
  record->note = value_dup (result, row, 10);

  return record;
}

static RosterIntakeRecord *
fetch_one_record (PgLink              *link,
                  const char          *sql,
                  int                  n_params,
                  const char * const  *values,
                  GError             **error)
{
  g_autoptr(PGresult) result = run_simple (link, sql, n_params, values, PGRES_TUPLES_OK, error);

  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                           _("There is no such request."));
      return NULL;
    }

  return record_from_row (result, 0);
}

static RosterIntakeRecord *
pg_find_by_key (RosterIntakeStore  *store,
                gint64              token_id,
                const char         *idempotency_key,
                GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autofree char *token_text = g_strdup_printf ("%" G_GINT64_FORMAT, token_id);
  const char *values[] = { token_text, idempotency_key };

  return fetch_one_record (&self->main_link,
                           SELECT_RECORD " WHERE r.organization = (SELECT organization FROM tokens WHERE id = $1)"
                           " AND r.idempotency_key = $2",
                           2, values, error);
}

static RosterIntakeRecord *
pg_get_request (RosterIntakeStore  *store,
                const char         *tracking_id,
                gint64              token_id,
                GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autofree char *token_text = g_strdup_printf ("%" G_GINT64_FORMAT, token_id);
  const char *values[] = { tracking_id, token_text };

  return fetch_one_record (&self->main_link,
                           SELECT_RECORD " WHERE r.tracking_id = $1"
                           " AND ($2::bigint = 0"
                           " OR r.organization = (SELECT organization FROM tokens WHERE id = $2::bigint))",
                           2, values, error);
}

static GPtrArray *
pg_list_requests (RosterIntakeStore  *store,
                  GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autoptr(PGresult) result = NULL;
  GPtrArray *records;

  if (!(result = run_simple (&self->main_link,
                             "SELECT r.tracking_id, r.token_id, r.organization, r.idempotency_key,"
                             " r.body_sha256, NULL, r.received_at, r.response_status,"
                             " r.response_body, r.status, r.note"
                             " FROM requests r ORDER BY r.id",
                             0, NULL, PGRES_TUPLES_OK, error)))
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_record_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (records, record_from_row (result, row));

  return records;
}

static GPtrArray *
pg_get_history (RosterIntakeStore  *store,
                const char         *tracking_id,
                GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  const char *values[] = { tracking_id };
  g_autoptr(PGresult) result = NULL;
  GPtrArray *changes;

  if (!(result = run_simple (&self->main_link,
                             "SELECT h.status, h.note, h.changed_at"
                             " FROM status_history h JOIN requests r ON r.id = h.request_id"
                             " WHERE r.tracking_id = $1 ORDER BY h.id",
                             1, values, PGRES_TUPLES_OK, error)))
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)roster_intake_status_change_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      RosterIntakeStatusChange *change = g_new0 (RosterIntakeStatusChange, 1);

      change->status = value_dup (result, row, 0);
      change->note = value_dup (result, row, 1);
      change->changed_at = value_dup (result, row, 2);
      g_ptr_array_add (changes, change);
    }

  return changes;
}

static gboolean
pg_set_status (RosterIntakeStore  *store,
               const char         *tracking_id,
               const char         *status,
               const char         *note,
               const char         *now,
               GError            **error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *request_id = NULL;
  const char *current;

  if (!run_command (&self->main_link, "BEGIN", error))
    return FALSE;

  {
    const char *values[] = { tracking_id };

    /* FOR UPDATE: two operators moving one request at once take turns. */
    if (!(result = run_simple (&self->main_link,
                               "SELECT id, status FROM requests WHERE tracking_id = $1 FOR UPDATE",
                               1, values, PGRES_TUPLES_OK, error)))
      goto failed;
  }

  if (PQntuples (result) == 0)
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no request %s."), tracking_id);
      goto failed;
    }

  request_id = value_dup (result, 0, 0);
  current = PQgetvalue (result, 0, 1);
  if (roster_intake_status_is_final (current))
    {
      g_set_error (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_INVALID,
                   _("Request %s is already %s, which is final."), tracking_id, current);
      goto failed;
    }
  g_clear_pointer (&result, PQclear);

  {
    const char *values[] = { status, note, request_id, now };

    if (!(result = run_simple (&self->main_link,
                               "WITH changed AS (UPDATE requests SET status = $1::text, note = $2::text"
                               " WHERE id = $3 RETURNING id)"
                               " INSERT INTO status_history (request_id, status, note, changed_at)"
                               " SELECT id, $1::text, $2::text, $4::text FROM changed",
                               4, values, PGRES_COMMAND_OK, error)))
      goto failed;
  }

  return run_command (&self->main_link, "COMMIT", error);

failed:
  rollback (&self->main_link);
  return FALSE;
}

/* The writer thread ----------------------------------------------------- */

/* One request and its first history row, in the batch's transaction,
 * in one round trip: with one client every batch holds one request, and
 * each statement is a wait for PostgreSQL. Returns FALSE with @error for
 * this request alone (in flight elsewhere, already stored); a failed
 * statement also sets @batch_failed, since PostgreSQL then refuses the
 * rest of the transaction.
 *
 * The statement first takes a transaction-level advisory lock named
 * after the organization and key, held until the batch ends: a second
 * process with the same key in flight for the same organization (with
 * any of its tokens) sees it taken and answers 409 instead of waiting,
 * and the insert runs only when the lock was taken. It answers whether
 * the lock was taken and how many requests it stored (0: the key was
 * already stored). */
static gboolean
writer_insert (PgLink              *link,
               RosterIntakeRecord  *record,
               gboolean            *batch_failed,
               GError             **error)
{
  g_autofree char *token_text = g_strdup_printf ("%" G_GINT64_FORMAT, record->token_id);
  g_autofree char *status_text = g_strdup_printf ("%u", record->response_status);
  g_autoptr(PGresult) result = NULL;
  gsize body_length = 0;
  const char *body = g_bytes_get_data (record->body, &body_length);
  const char *values[] = {
    record->tracking_id, token_text, record->idempotency_key, record->body_sha256,
    body_length ? body : "", record->received_at, status_text, record->response_body,
  };
  const int lengths[] = { 0, 0, 0, 0, (int)body_length, 0, 0, 0 };
  const int formats[] = { 0, 0, 0, 0, 1, 0, 0, 0 };

  if (!(result = run (link,
                      "WITH lock AS ("
                      " SELECT pg_try_advisory_xact_lock (hashtextextended ("
                      " (SELECT organization FROM tokens WHERE id = $2::bigint) || ' ' || $3::text, 0)) AS taken),"
                      " stored AS ("
                      " INSERT INTO requests (tracking_id, token_id, organization, idempotency_key,"
                      " body_sha256, body, received_at, response_status, response_body, status)"
                      " SELECT $1::text, $2::bigint, (SELECT organization FROM tokens WHERE id = $2::bigint),"
                      " $3::text, $4::text, $5::bytea, $6::text, $7::integer, $8::text, 'received'"
                      " FROM lock WHERE taken"
                      " ON CONFLICT (organization, idempotency_key) DO NOTHING RETURNING id),"
                      " history AS ("
                      " INSERT INTO status_history (request_id, status, changed_at)"
                      " SELECT id, 'received', $6::text FROM stored RETURNING request_id)"
                      " SELECT (SELECT taken FROM lock), (SELECT count(*) FROM history)",
                      8, values, lengths, formats, PGRES_TUPLES_OK, error)))
    {
      *batch_failed = TRUE;
      return FALSE;
    }

  if (g_str_equal (PQgetvalue (result, 0, 0), "f"))
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_IN_FLIGHT,
                           "another process is storing a request under this key");
      return FALSE;
    }

  if (g_str_equal (PQgetvalue (result, 0, 1), "0"))
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE,
                           "this organization already stored a request under this key");
      return FALSE;
    }

  return TRUE;
}

static void
pg_insert_batch (RosterIntakeStore *store,
                 GPtrArray         *records,
                 GPtrArray         *errors,
                 GError           **batch_error)
{
  RosterIntakePgStore *self = ROSTER_INTAKE_PG_STORE (store);

  if (!run_command (&self->writer_link, "BEGIN", batch_error))
    return;

  for (guint i = 0; i < records->len; i++)
    {
      GError *error = NULL;
      gboolean batch_failed = FALSE;

      if (!writer_insert (&self->writer_link, g_ptr_array_index (records, i), &batch_failed, &error))
        {
          if (batch_failed)
            {
              g_propagate_error (batch_error, error);
              rollback (&self->writer_link);
              return;
            }
          g_ptr_array_index (errors, i) = error;
        }
    }

  if (!roster_intake_store_before_commit (store, batch_error))
    {
      rollback (&self->writer_link);
      return;
    }

  /* If the connection breaks during COMMIT the outcome is unknown: the
   * answer is 503, and the client's resend with the same key finds the
   * request if it was stored. */
  if (!run_command (&self->writer_link, "COMMIT", batch_error))
    rollback (&self->writer_link);
}

static void
roster_intake_pg_store_class_init (RosterIntakePgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RosterIntakeStoreClass *store_class = ROSTER_INTAKE_STORE_CLASS (klass);

  object_class->finalize = roster_intake_pg_store_finalize;

  store_class->check = pg_check;
  store_class->add_token = pg_add_token;
  store_class->authenticate = pg_authenticate;
  store_class->list_tokens = pg_list_tokens;
  store_class->revoke_token = pg_revoke_token;
  store_class->find_by_key = pg_find_by_key;
  store_class->get_request = pg_get_request;
  store_class->list_requests = pg_list_requests;
  store_class->get_history = pg_get_history;
  store_class->set_status = pg_set_status;
  store_class->insert_batch = pg_insert_batch;
}

static void
roster_intake_pg_store_init (RosterIntakePgStore *self)
{
  /* Keyed by the SQL text's address: every statement is a literal. */
  self->main_link.prepared = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->writer_link.prepared = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}
