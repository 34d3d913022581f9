/* roster-intake-store.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "roster-intake-store.h"
#include "roster-intake-sqlite-store.h"
#ifdef HAVE_LIBPQ
# include "roster-intake-pg-store.h"
#endif

/*
 * The intake server's store: API tokens (as SHA-256 hashes), the requests
 * received with their idempotency keys and the exact answer given, and
 * each request's status history. One abstract type with one subclass per
 * database: RosterIntakeSqliteStore (a file, the embedded default) and
 * RosterIntakePgStore (PostgreSQL through libpq, for several server
 * processes on one database).
 *
 * This file holds what does not depend on the database: the rules an
 * operator's change must follow, tokens and tracking ids, and the writer
 * thread. Requests are inserted by that one thread, so the main loop
 * never waits for a commit. It takes every insert that is waiting when it
 * wakes up and hands them to the subclass as one batch, committed in one
 * transaction (a group commit): under load many requests share one
 * flush, and each still gets its answer only after its own row is
 * durable. Everything else runs on the thread that opened the store.
 */

#define MAX_BATCH 64

typedef struct
{
  GThread     *writer;
  GAsyncQueue *queue;
  guint        commit_delay_msec;
  guint        answer_delay_msec;
  /* Counts down the batches to the one whose commit fails; 0: none. */
  guint        failing_batch;
} RosterIntakeStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RosterIntakeStore, roster_intake_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (roster-intake-store-error-quark, roster_intake_store_error)

/* Pushed on the queue to stop the writer thread. */
static char writer_stop;

typedef struct
{
  GTask              *task;
  RosterIntakeRecord *record;
  /* Set by the writer: the failure, if the request was not stored. */
  GError             *error;
} InsertJob;

/* Tasks hold a reference to the store, and the last reference must not
 * be dropped on the writer thread: finalize joins that very thread. So a
 * job is freed in the context that made its task. */
static void
insert_job_free (InsertJob *job)
{
  g_clear_object (&job->task);
  g_clear_error (&job->error);
  g_free (job);
}

/* Runs in the tasks' context, once per batch: each task returns from
 * here at once (GTask completes a task in its own context without
 * another main-loop hop), then is released. One wake-up of that context
 * for the whole batch, where returning each task from the writer thread
 * would cost two per request: one for its result, one to release it. */
static gboolean
deliver_batch_cb (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    {
      InsertJob *job = g_ptr_array_index (jobs, i);

      if (job->error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&job->error));
      else
        g_task_return_boolean (job->task, TRUE);
    }

  return G_SOURCE_REMOVE;
}

/* Runs on the writer thread: hands @jobs, answered, back to the context
 * of their tasks. Not g_main_context_invoke(): it runs the function
 * right here when no thread is iterating the context at this moment. */
static void
deliver_batch (GPtrArray *jobs)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_batch_cb, jobs, (GDestroyNotify) g_ptr_array_unref);
  g_source_set_static_name (source, "[roster] deliver insert batch");
  g_source_attach (source, g_task_get_context (((InsertJob *) g_ptr_array_index (jobs, 0))->task));
  g_source_unref (source);
}

/* Helpers --------------------------------------------------------------- */

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

/*< private >*/
char *
_roster_intake_store_now (void)
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

/* Object ---------------------------------------------------------------- */

static void
roster_intake_store_finalize (GObject *object)
{
  RosterIntakeStore *self = (RosterIntakeStore *)object;
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  /* Subclasses stop the writer in dispose, before their connections go:
   * this only covers a store that never had one. */
  g_assert (priv->writer == NULL);
  g_clear_pointer (&priv->queue, g_async_queue_unref);

  G_OBJECT_CLASS (roster_intake_store_parent_class)->finalize (object);
}

static void
roster_intake_store_dispose (GObject *object)
{
  RosterIntakeStore *self = (RosterIntakeStore *)object;
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  /* The writer uses the subclass's connection: stop it while that still
   * exists (dispose runs before any finalize). */
  if (priv->writer != NULL)
    {
      g_async_queue_push (priv->queue, &writer_stop);
      g_thread_join (priv->writer);
      priv->writer = NULL;
    }

  G_OBJECT_CLASS (roster_intake_store_parent_class)->dispose (object);
}

static void
roster_intake_store_class_init (RosterIntakeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_intake_store_dispose;
  object_class->finalize = roster_intake_store_finalize;
}

static void
roster_intake_store_init (RosterIntakeStore *self)
{
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  priv->queue = g_async_queue_new ();
}

/* Addresses ------------------------------------------------------------- */

static gboolean
has_scheme (const char *address)
{
  const char *p = address;

  /* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) "://" */
  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  return g_str_has_prefix (p, "://");
}

/**
 * roster_intake_store_address_is_uri:
 * @address: what `--db` was given
 *
 * Returns: whether @address is a PostgreSQL connection URI
 *   (`postgresql://…` or `postgres://…`) rather than a file path
 */
gboolean
roster_intake_store_address_is_uri (const char *address)
{
  g_return_val_if_fail (address != NULL, FALSE);

  return g_ascii_strncasecmp (address, "postgresql://", strlen ("postgresql://")) == 0 ||
         g_ascii_strncasecmp (address, "postgres://", strlen ("postgres://")) == 0;
}

/* @migrate: whether to create or upgrade the schema, up to @version;
 * else the database must have the current one (only a new SQLite file
 * gets it made). */
static RosterIntakeStore *
open_address (const char  *address,
              gboolean     migrate,
              int          version,
              int         *old_version,
              GError     **error)
{
  int unused_version;

  if (old_version == NULL)
    old_version = &unused_version;

  if (roster_intake_store_address_is_uri (address))
    {
#ifdef HAVE_LIBPQ
      return _roster_intake_pg_store_open (address, migrate, version, old_version, error);
#else
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED,
                           _("This hie-roster-intake was built without PostgreSQL support (libpq); "
                             "use a database file, or rebuild with libpq-dev installed."));
      return NULL;
#endif
    }

  /* Never a file named after a URI: "mysql://x" in the current folder
   * would look like success and store nothing where the operator meant. */
  if (has_scheme (address))
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED,
                           _("The database address is neither a file nor a PostgreSQL URI: "
                             "use a file path or postgresql://USER@HOST/DATABASE."));
      return NULL;
    }

  return _roster_intake_sqlite_store_open (address, migrate, version, old_version, error);
}

/**
 * roster_intake_store_open:
 * @address: a database file (created with its folder if needed, with the
 *   current schema) or a PostgreSQL URI (whose schema `migrate` made)
 * @error: return location for a #GError
 *
 * Opens the intake store. A PostgreSQL database without the current
 * schema, or a database file with an older one, is refused with
 * %ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA (whose message names
 * `hie-roster-intake migrate`), a newer schema (either store) with
 * %ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
roster_intake_store_open (const char  *address,
                          GError     **error)
{
  g_return_val_if_fail (address != NULL, NULL);

  return open_address (address, FALSE, ROSTER_INTAKE_STORE_SCHEMA_VERSION, NULL, error);
}

/**
 * roster_intake_store_migrate:
 * @address: as for roster_intake_store_open()
 * @old_version: (out) (optional): the schema version found (0: none)
 * @error: return location for a #GError
 *
 * Creates the schema, or brings an older one up to date keeping its
 * data, in one transaction; several processes may run this at once.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
roster_intake_store_migrate (const char  *address,
                             int         *old_version,
                             GError     **error)
{
  g_return_val_if_fail (address != NULL, NULL);

  return open_address (address, TRUE, ROSTER_INTAKE_STORE_SCHEMA_VERSION, old_version, error);
}

/*< private >
 * _roster_intake_store_migrate_to:
 * @address: as for roster_intake_store_open()
 * @version: the schema version to stop at, from 1 to the current one
 *
 * For tests of the upgrade: makes a database as an older version of the
 * server did. Only its token functions work on a schema older than the
 * current one.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RosterIntakeStore *
_roster_intake_store_migrate_to (const char  *address,
                                 int          version,
                                 GError     **error)
{
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= ROSTER_INTAKE_STORE_SCHEMA_VERSION, NULL);

  return open_address (address, TRUE, version, NULL, error);
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
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  g_return_if_fail (ROSTER_IS_INTAKE_STORE (self));

  priv->commit_delay_msec = milliseconds;
}

/**
 * roster_intake_store_set_answer_delay:
 * @self: a #RosterIntakeStore
 * @milliseconds: how long the writer waits after each commit before the
 *   inserts are answered
 *
 * Fault injection for tests: leaves time to kill the server between the
 * commit and its answer. Leave at 0 in production.
 */
void
roster_intake_store_set_answer_delay (RosterIntakeStore *self,
                                      guint              milliseconds)
{
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  g_return_if_fail (ROSTER_IS_INTAKE_STORE (self));

  priv->answer_delay_msec = milliseconds;
}

/**
 * roster_intake_store_set_failing_batch:
 * @self: a #RosterIntakeStore
 * @batch: which batch from now on fails at its commit (1: the next one);
 *   0 for none
 *
 * Fault injection for tests: that batch's transaction is rolled back
 * instead of committed, as when the disk fails, so every request in it
 * gets an error. Leave at 0 in production.
 */
void
roster_intake_store_set_failing_batch (RosterIntakeStore *self,
                                       guint              batch)
{
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  g_return_if_fail (ROSTER_IS_INTAKE_STORE (self));

  priv->failing_batch = batch;
}

/**
 * roster_intake_store_before_commit:
 * @self: a #RosterIntakeStore
 * @error: return location for a #GError
 *
 * For implementations of insert_batch: call just before COMMIT, so the
 * faults of roster_intake_store_set_commit_delay() and
 * roster_intake_store_set_failing_batch() apply. When it fails, roll back
 * and fail the batch with @error.
 *
 * Returns: %FALSE when this batch must fail
 */
gboolean
roster_intake_store_before_commit (RosterIntakeStore  *self,
                                   GError            **error)
{
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);

  if (priv->commit_delay_msec > 0)
    g_usleep (priv->commit_delay_msec * 1000);

  if (priv->failing_batch > 0 && --priv->failing_batch == 0)
    {
      g_set_error_literal (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_FAILED,
                           "commit failed (injected by --test-fail-batch)");
      return FALSE;
    }

  return TRUE;
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->check (self, error);
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
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = _roster_intake_store_now ();
  g_autofree char *name = NULL;
  gint64 unused_id;

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

  if (!ROSTER_INTAKE_STORE_GET_CLASS (self)->add_token (self, name, hash, now, replace,
                                                        id ? id : &unused_id, error))
    return NULL;

  return g_steal_pointer (&token);
}

/**
 * roster_intake_store_authenticate:
 * @self: a #RosterIntakeStore
 * @token: the bearer token a client presented
 * @token_id: (out): the token's id when it is valid, else 0
 * @error: return location for a #GError
 *
 * As roster_intake_store_identify(), without the organization.
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
  return roster_intake_store_identify (self, token, token_id, NULL, error);
}

/**
 * roster_intake_store_identify:
 * @self: a #RosterIntakeStore
 * @token: the bearer token a client presented
 * @token_id: (out): the token's id when it is valid, else 0
 * @organization: (out) (optional) (transfer full): the organization the
 *   token was issued to when it is valid, else %NULL
 * @error: return location for a #GError
 *
 * Looks up a token by its SHA-256 and checks that it is not revoked. This
 * asks the database every time, so a token revoked by another process is
 * refused at once.
 *
 * Returns: %FALSE only when the database failed (@error set); an unknown or
 *   revoked token is %TRUE with @token_id 0
 */
gboolean
roster_intake_store_identify (RosterIntakeStore  *self,
                              const char         *token,
                              gint64             *token_id,
                              char              **organization,
                              GError            **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (token_id != NULL, FALSE);

  *token_id = 0;
  if (organization != NULL)
    *organization = NULL;
  hash = hash_token (token);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->authenticate (self, hash, token_id, organization, error);
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->list_tokens (self, error);
}

/**
 * roster_intake_store_revoke_token:
 * @self: a #RosterIntakeStore
 * @id: the token's id
 * @error: return location for a #GError
 *
 * Revokes a token: from now on it gets 401, from every server process on
 * this database. Revoking a revoked token changes nothing and succeeds.
 *
 * Returns: %TRUE on success; %FALSE with %ROSTER_INTAKE_STORE_ERROR_NOT_FOUND
 *   when there is no such token
 */
gboolean
roster_intake_store_revoke_token (RosterIntakeStore  *self,
                                  gint64              id,
                                  GError            **error)
{
  g_autofree char *now = _roster_intake_store_now ();

  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), FALSE);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->revoke_token (self, id, now, error);
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

/**
 * roster_intake_store_find_by_key:
 * @self: a #RosterIntakeStore
 * @token_id: the submitting token
 * @idempotency_key: the client's key
 * @error: return location for a #GError
 *
 * The request this token's organization already stored under this key, if
 * any, whichever of its tokens submitted it: a key is unique per
 * organization, so a client's resend after its token was replaced finds
 * the request the old token stored.
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->find_by_key (self, token_id, idempotency_key, error);
}

/**
 * roster_intake_store_get_request:
 * @self: a #RosterIntakeStore
 * @tracking_id: the request's tracking id
 * @token_id: only find it if this token's organization submitted it (with
 *   any of its tokens); 0 for any organization (the operator's commands)
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (tracking_id != NULL, NULL);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->get_request (self, tracking_id, token_id, error);
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->list_requests (self, error);
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (self), NULL);
  g_return_val_if_fail (tracking_id != NULL, NULL);

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->get_history (self, tracking_id, error);
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
  g_autofree char *now = _roster_intake_store_now ();

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

  return ROSTER_INTAKE_STORE_GET_CLASS (self)->set_status (self, tracking_id, status, note, now, error);
}

/* The writer thread ----------------------------------------------------- */

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
writer_commit_batch (RosterIntakeStore *self,
                     GPtrArray         *batch)
{
  g_autoptr(GPtrArray) records = g_ptr_array_sized_new (batch->len);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_full (batch->len, error_free0);
  g_autoptr(GError) batch_error = NULL;
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);
  GPtrArray *delivery = NULL;

  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (records, ((InsertJob *)g_ptr_array_index (batch, i))->record);
  g_ptr_array_set_size (errors, batch->len);

  ROSTER_INTAKE_STORE_GET_CLASS (self)->insert_batch (self, records, errors, &batch_error);

  if (batch_error == NULL && priv->answer_delay_msec > 0)
    g_usleep (priv->answer_delay_msec * 1000);

  /* One delivery for each run of jobs whose tasks share a context (in
   * the server: all of them). */
  for (guint i = 0; i < batch->len; i++)
    {
      InsertJob *job = g_ptr_array_index (batch, i);

      if (batch_error != NULL)
        job->error = g_error_copy (batch_error);
      else
        job->error = g_steal_pointer (&g_ptr_array_index (errors, i));

      if (delivery != NULL &&
          g_task_get_context (job->task) != g_task_get_context (((InsertJob *) g_ptr_array_index (delivery, 0))->task))
        deliver_batch (g_steal_pointer (&delivery));
      if (delivery == NULL)
        delivery = g_ptr_array_new_with_free_func ((GDestroyNotify) insert_job_free);
      g_ptr_array_add (delivery, job);
    }
  if (delivery != NULL)
    deliver_batch (delivery);

  /* The jobs are the deliveries' now. */
  g_ptr_array_set_free_func (batch, NULL);
}

static gpointer
writer_thread (gpointer data)
{
  RosterIntakeStore *self = data;
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)insert_job_free);
      gpointer item = g_async_queue_pop (priv->queue);

      /* Take whatever else is waiting: one flush for all of them. */
      while (item != NULL)
        {
          if (item == &writer_stop)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (batch, item);
          item = batch->len < MAX_BATCH ? g_async_queue_try_pop (priv->queue) : NULL;
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
 * When @callback runs with success, the row is durably committed.
 */
void
roster_intake_store_insert_async (RosterIntakeStore   *self,
                                  RosterIntakeRecord  *record,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RosterIntakeStorePrivate *priv = roster_intake_store_get_instance_private (self);
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
  if (priv->writer == NULL)
    priv->writer = g_thread_new ("intake-writer", writer_thread, self);

  job = g_new0 (InsertJob, 1);
  job->task = g_steal_pointer (&task);
  job->record = record;
  g_async_queue_push (priv->queue, job);
}

/**
 * roster_intake_store_insert_finish:
 * @self: a #RosterIntakeStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the request is stored; %FALSE with
 *   %ROSTER_INTAKE_STORE_ERROR_DUPLICATE if the token's organization
 *   already stored one under that key, %ROSTER_INTAKE_STORE_ERROR_IN_FLIGHT if another
 *   process is storing one under that key now, or another error if the
 *   database failed
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
