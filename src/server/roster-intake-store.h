/* roster-intake-store.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ROSTER_INTAKE_STORE_SCHEMA_VERSION 1

#define ROSTER_INTAKE_STORE_ERROR (roster_intake_store_error_quark ())

/**
 * RosterIntakeStoreError:
 * @ROSTER_INTAKE_STORE_ERROR_FAILED: the database failed (I/O, corruption,
 *   locked for too long); the intake server answers 503
 * @ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA: the database was made by a newer
 *   version of the server
 * @ROSTER_INTAKE_STORE_ERROR_NOT_FOUND: no such request or token
 * @ROSTER_INTAKE_STORE_ERROR_DUPLICATE: this token already stored a request
 *   under this idempotency key
 * @ROSTER_INTAKE_STORE_ERROR_INVALID: an operator's change that the rules
 *   refuse (an unknown status, a change to a final status, a rejection
 *   without a note, an unusable organization name)
 */
typedef enum
{
  ROSTER_INTAKE_STORE_ERROR_FAILED,
  ROSTER_INTAKE_STORE_ERROR_NEWER_SCHEMA,
  ROSTER_INTAKE_STORE_ERROR_NOT_FOUND,
  ROSTER_INTAKE_STORE_ERROR_DUPLICATE,
  ROSTER_INTAKE_STORE_ERROR_INVALID,
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

G_DECLARE_FINAL_TYPE (RosterIntakeStore, roster_intake_store, ROSTER, INTAKE_STORE, GObject)

GQuark              roster_intake_store_error_quark      (void);
RosterIntakeStore  *roster_intake_store_open             (const char          *path,
                                                          GError             **error);
void                roster_intake_store_set_commit_delay (RosterIntakeStore   *self,
                                                          guint                milliseconds);
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

G_END_DECLS
