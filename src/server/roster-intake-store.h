/* roster-intake-store.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* 1: the first schema; 2: requests carry their token's organization, and
 * the idempotency key is unique per organization, not per token. */
#define ROSTER_INTAKE_STORE_SCHEMA_VERSION 2

#define ROSTER_INTAKE_STORE_ERROR (roster_intake_store_error_quark ())

/**
 * RosterIntakeStoreError:
 * @ROSTER_INTAKE_STORE_ERROR_FAILED: the database failed (I/O, corruption,
 *   locked for too long); the intake server answers 503
 * @ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA: the database was made by a newer
 *   version of the server
 * @ROSTER_INTAKE_STORE_ERROR_NOT_FOUND: no such request or token
 * @ROSTER_INTAKE_STORE_ERROR_DUPLICATE: this token's organization (with this
 *   token or another of its tokens) already stored a request under this
 *   idempotency key
 * @ROSTER_INTAKE_STORE_ERROR_INVALID: an operator's change that the rules
 *   refuse (an unknown status, a change to a final status, a rejection
 *   without a note, an unusable organization name)
 * @ROSTER_INTAKE_STORE_ERROR_IN_FLIGHT: another server process is storing a
 *   request under this key right now; the intake server answers 409
 * @ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA: the database has no schema yet,
 *   or an older one: run `hie-roster-intake migrate`
 * @ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED: a database address this build
 *   cannot use (PostgreSQL without libpq, an unknown URI scheme, a
 *   password on the command line)
 */
typedef enum
{
  ROSTER_INTAKE_STORE_ERROR_FAILED,
  ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
  ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
  ROSTER_INTAKE_STORE_ERROR_DUPLICATE,
  ROSTER_INTAKE_STORE_ERROR_INVALID,
  ROSTER_INTAKE_STORE_ERROR_IN_FLIGHT,
  ROSTER_INTAKE_STORE_ERROR_OLDER_SCHEMA,
  ROSTER_INTAKE_STORE_ERROR_UNSUPPORTED,
} RosterIntakeStoreError;

/**
 * RosterIntakeToken:
 * @id: the token's row id, what `token revoke` takes
 * @organization: the organization it was issued to
 * @created_at: RFC 3339, UTC
 * @revoked_at: (nullable): RFC 3339, UTC, or %NULL while it is valid
 *
 * What the store knows of an API token: never the token itself, only its
 * SHA-256.
 */
typedef struct
{
  gint64  id;
  char   *organization;
  char   *created_at;
  char   *revoked_at;
} RosterIntakeToken;

/**
 * RosterIntakeRecord:
 * @tracking_id: the id the server gave the request
 * @token_id: the token that submitted it
 * @organization: (nullable): that token's organization, when read back
 * @idempotency_key: the client's key
 * @body_sha256: lower-case hex SHA-256 of the exact body bytes
 * @body: (nullable): the body bytes
 * @received_at: RFC 3339, UTC
 * @response_status: the HTTP status of the original answer
 * @response_body: the original answer's body, replayed byte for byte
 * @status: `received`, `in_review`, `completed` or `rejected`
 * @note: (nullable): the HIE's note to the practice
 *
 * One stored request.
 */
typedef struct
{
  char   *tracking_id;
  gint64  token_id;
  char   *organization;
  char   *idempotency_key;
  char   *body_sha256;
  GBytes *body;
  char   *received_at;
  guint   response_status;
  char   *response_body;
  char   *status;
  char   *note;
} RosterIntakeRecord;

/**
 * RosterIntakeStatusChange:
 * @status: the status it moved to
 * @note: (nullable): the note written with it
 * @changed_at: RFC 3339, UTC
 */
typedef struct
{
  char *status;
  char *note;
  char *changed_at;
} RosterIntakeStatusChange;

void                roster_intake_token_free          (RosterIntakeToken        *token);
RosterIntakeRecord *roster_intake_record_new          (void);
void                roster_intake_record_free         (RosterIntakeRecord       *record);
void                roster_intake_status_change_free  (RosterIntakeStatusChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIntakeToken, roster_intake_token_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIntakeRecord, roster_intake_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIntakeStatusChange, roster_intake_status_change_free)

#define ROSTER_TYPE_INTAKE_STORE (roster_intake_store_get_type ())

G_DECLARE_DERIVABLE_TYPE (RosterIntakeStore, roster_intake_store, ROSTER, INTAKE_STORE, GObject)

/**
 * RosterIntakeStoreClass:
 * @check: one cheap query, for the health endpoint
 * @add_token: store a token's SHA-256 for a checked organization name,
 *   revoking the organization's other tokens first when @replace is set,
 *   in one transaction
 * @authenticate: the id and organization of the unrevoked token with this
 *   SHA-256, else 0 and %NULL
 * @list_tokens: every token, oldest first
 * @revoke_token: set a token's revocation time (kept if already set)
 * @find_by_key: the request the token's organization stored under an
 *   idempotency key, with any of its tokens
 * @get_request: a request by tracking id (and the token's organization,
 *   unless 0)
 * @list_requests: every request, oldest first, without bodies
 * @get_history: a request's status changes, oldest first
 * @set_status: move a request on, with its history row, in one
 *   transaction; the store refuses a change from a final status
 * @insert_batch: runs on the writer thread: store each record of @records
 *   with status `received` and its first history row, all in one
 *   transaction that is durably committed before it returns. A record
 *   that cannot be stored gets its own error in @errors (same index),
 *   the others are still stored; @batch_error is for a failed commit,
 *   which fails them all (the transaction rolled back: none is stored).
 *   Calls roster_intake_store_before_commit() just before COMMIT.
 *
 * The intake store's interface: one implementation per database. The
 * public functions below check their arguments and the rules that do not
 * depend on the database, then call these.
 */
struct _RosterIntakeStoreClass
{
  GObjectClass parent_class;

  gboolean            (*check)          (RosterIntakeStore  *self,
                                         GError            **error);
  gboolean            (*add_token)      (RosterIntakeStore  *self,
                                         const char         *organization,
                                         const char         *token_sha256,
                                         const char         *now,
                                         gboolean            replace,
                                         gint64             *id,
                                         GError            **error);
  gboolean            (*authenticate)   (RosterIntakeStore  *self,
                                         const char         *token_sha256,
                                         gint64             *token_id,
                                         char              **organization,
                                         GError            **error);
  GPtrArray          *(*list_tokens)    (RosterIntakeStore  *self,
                                         GError            **error);
  gboolean            (*revoke_token)   (RosterIntakeStore  *self,
                                         gint64              id,
                                         const char         *now,
                                         GError            **error);
  RosterIntakeRecord *(*find_by_key)    (RosterIntakeStore  *self,
                                         gint64              token_id,
                                         const char         *idempotency_key,
                                         GError            **error);
  RosterIntakeRecord *(*get_request)    (RosterIntakeStore  *self,
                                         const char         *tracking_id,
                                         gint64              token_id,
                                         GError            **error);
  GPtrArray          *(*list_requests)  (RosterIntakeStore  *self,
                                         GError            **error);
  GPtrArray          *(*get_history)    (RosterIntakeStore  *self,
                                         const char         *tracking_id,
                                         GError            **error);
  gboolean            (*set_status)     (RosterIntakeStore  *self,
                                         const char         *tracking_id,
                                         const char         *status,
                                         const char         *note,
                                         const char         *now,
                                         GError            **error);
  void                (*insert_batch)   (RosterIntakeStore  *self,
                                         GPtrArray          *records,
                                         GPtrArray          *errors,
                                         GError            **batch_error);

  /*< private >*/
  gpointer padding[8];
};

GQuark              roster_intake_store_error_quark      (void);
gboolean            roster_intake_store_address_is_uri   (const char          *address);
RosterIntakeStore  *roster_intake_store_open             (const char          *address,
                                                          GError             **error);
RosterIntakeStore  *roster_intake_store_migrate          (const char          *address,
                                                          int                 *old_version,
                                                          GError             **error);
void                roster_intake_store_set_commit_delay (RosterIntakeStore   *self,
                                                          guint                milliseconds);
void                roster_intake_store_set_answer_delay (RosterIntakeStore   *self,
                                                          guint                milliseconds);
void                roster_intake_store_set_failing_batch (RosterIntakeStore  *self,
                                                          guint                batch);
gboolean            roster_intake_store_before_commit    (RosterIntakeStore   *self,
                                                          GError             **error);
gboolean            roster_intake_store_check            (RosterIntakeStore   *self,
                                                          GError             **error);

char               *roster_intake_store_add_token        (RosterIntakeStore   *self,
                                                          const char          *organization,
                                                          gboolean             replace,
                                                          gint64              *id,
                                                          GError             **error);
gboolean            roster_intake_store_authenticate     (RosterIntakeStore   *self,
                                                          const char          *token,
                                                          gint64              *token_id,
                                                          GError             **error);
gboolean            roster_intake_store_identify         (RosterIntakeStore   *self,
                                                          const char          *token,
                                                          gint64              *token_id,
                                                          char               **organization,
                                                          GError             **error);
GPtrArray          *roster_intake_store_list_tokens      (RosterIntakeStore   *self,
                                                          GError             **error);
gboolean            roster_intake_store_revoke_token     (RosterIntakeStore   *self,
                                                          gint64               id,
                                                          GError             **error);

RosterIntakeRecord *roster_intake_store_find_by_key      (RosterIntakeStore   *self,
                                                          gint64               token_id,
                                                          const char          *idempotency_key,
                                                          GError             **error);
void                roster_intake_store_insert_async     (RosterIntakeStore   *self,
                                                          RosterIntakeRecord  *record,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            roster_intake_store_insert_finish    (RosterIntakeStore   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
RosterIntakeRecord *roster_intake_store_get_request      (RosterIntakeStore   *self,
                                                          const char          *tracking_id,
                                                          gint64               token_id,
                                                          GError             **error);
GPtrArray          *roster_intake_store_list_requests    (RosterIntakeStore   *self,
                                                          GError             **error);
GPtrArray          *roster_intake_store_get_history      (RosterIntakeStore   *self,
                                                          const char          *tracking_id,
                                                          GError             **error);
gboolean            roster_intake_store_set_status       (RosterIntakeStore   *self,
                                                          const char          *tracking_id,
                                                          const char          *status,
                                                          const char          *note,
                                                          GError             **error);

gboolean            roster_intake_status_is_valid        (const char          *status);
gboolean            roster_intake_status_is_final        (const char          *status);
char               *roster_intake_format_timestamp       (GDateTime           *time);
char               *roster_intake_new_tracking_id        (void);
char               *_roster_intake_store_now             (void);
RosterIntakeStore  *_roster_intake_store_migrate_to      (const char          *address,
                                                          int                  version,
                                                          GError             **error);

/*< private >
 * Schema 1 to 2, in both stores, before the key becomes unique per
 * organization: when two tokens of one organization had stored a request
 * under the same key (the double request that schema 2 prevents), the
 * earliest keeps the key; the later ones keep everything else, their key
 * gets their tracking id appended, and a client's key (a UUID) never
 * matches it again.
 */
#define _ROSTER_INTAKE_STORE_UNBIND_REPEATED_KEYS_SQL \
  "UPDATE requests SET idempotency_key = idempotency_key || ' ' || tracking_id" \
  " WHERE id NOT IN (SELECT min (r.id) FROM requests r JOIN tokens t ON t.id = r.token_id" \
  " GROUP BY t.organization, r.idempotency_key)"

G_END_DECLS
