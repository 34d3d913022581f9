/* roster-store.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-request.h"

G_BEGIN_DECLS

#define ROSTER_STORE_ERROR (roster_store_error_quark ())

/**
 * RosterStoreError:
 * @ROSTER_STORE_ERROR_FAILED: the database could not be read or written;
 *   the message says why in words, and what was saved before is intact
 * @ROSTER_STORE_ERROR_NO_SPACE: the disk is full
 * @ROSTER_STORE_ERROR_READ_ONLY: the folder or file cannot be written
 * @ROSTER_STORE_ERROR_UNSAFE: the database path is a symbolic link or not
 *   a regular file, and Roster refuses to use it
 * @ROSTER_STORE_ERROR_NOT_FOUND: no request with that id
 * @ROSTER_STORE_ERROR_WRONG_STATE: the request is not in a state that
 *   allows this (e.g. editing a request already queued)
 */
typedef enum
{
  ROSTER_STORE_ERROR_FAILED,
  ROSTER_STORE_ERROR_NO_SPACE,
  ROSTER_STORE_ERROR_READ_ONLY,
  ROSTER_STORE_ERROR_UNSAFE,
  ROSTER_STORE_ERROR_NOT_FOUND,
  ROSTER_STORE_ERROR_WRONG_STATE,
} RosterStoreError;

/**
 * RosterRequestState:
 * @ROSTER_REQUEST_STATE_DRAFT: being written
 * @ROSTER_REQUEST_STATE_QUEUED: frozen and waiting to be sent (or to be
 *   retried)
 * @ROSTER_REQUEST_STATE_SENDING: an attempt was started and its outcome
 *   is not recorded; after a crash, the outcome is unknown and the request
 *   is resent with the same key
 * @ROSTER_REQUEST_STATE_SENT: the HIE acknowledged it with a tracking id
 * @ROSTER_REQUEST_STATE_ATTENTION: delivery stopped and needs the
 *   administrator (retries ran out, the HIE refused it for good)
 * @ROSTER_REQUEST_STATE_RETURNED: the HIE found problems in the answers;
 *   back in the editor with the HIE's messages on the fields
 * @ROSTER_REQUEST_STATE_DELETED: a deleted draft, kept until its Undo
 *   expires
 */
typedef enum
{
  ROSTER_REQUEST_STATE_DRAFT,
  ROSTER_REQUEST_STATE_QUEUED,
  ROSTER_REQUEST_STATE_SENDING,
  ROSTER_REQUEST_STATE_SENT,
  ROSTER_REQUEST_STATE_ATTENTION,
  ROSTER_REQUEST_STATE_RETURNED,
  ROSTER_REQUEST_STATE_DELETED,
} RosterRequestState;

#define ROSTER_REQUEST_N_STATES (ROSTER_REQUEST_STATE_DELETED + 1)

/**
 * RosterStoreEntry:
 *
 * One request as the main window lists it.
 */
typedef struct
{
  char               *id;
  RosterRequestState  state;
  char               *person_name;
  char               *email;
  char               *organization;
  char               *action;          /* the option chosen in the form's ROSTER_ROLE_REQUEST_KIND field, or NULL */
  gint64              created_at;      /* µs since the epoch */
  gint64              updated_at;
  guint               attempts;
  gint64              next_attempt_at; /* 0 when not queued */
  char               *last_error;      /* why delivery waits or stopped, in words */
  char               *tracking_id;
  char               *received_at;
  char               *hie_status;
  char               *hie_note;
  char               *form;            /* the form's id */
} RosterStoreEntry;

/**
 * RosterOutboxItem:
 *
 * A queued request, frozen: every attempt sends exactly @payload with
 * @idempotency_key.
 */
typedef struct
{
  char               *id;
  RosterRequestState  state;
  GBytes             *payload;
  char               *payload_sha256;
  char               *idempotency_key;
  guint               attempts;
  gint64              queued_at;
  gint64              next_attempt_at;
} RosterOutboxItem;

#define ROSTER_TYPE_STORE (roster_store_get_type ())

G_DECLARE_FINAL_TYPE (RosterStore, roster_store, ROSTER, STORE, GObject)

GQuark              roster_store_error_quark        (void);
const char         *roster_request_state_to_string  (RosterRequestState  state);

const char         *roster_store_entry_describe_kind (const RosterStoreEntry *entry);
void                roster_store_entry_free         (RosterStoreEntry   *entry);
void                roster_outbox_item_free         (RosterOutboxItem   *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterStoreEntry, roster_store_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterOutboxItem, roster_outbox_item_free)

char               *roster_store_get_default_dir    (void);
RosterStore        *roster_store_open               (const char         *directory,
                                                     GError            **error);
const char         *roster_store_get_path           (RosterStore        *self);
const char         *roster_store_get_moved_aside    (RosterStore        *self);

char               *roster_store_create_draft       (RosterStore        *self,
                                                     RosterRequest      *request,
                                                     GError            **error);
gboolean            roster_store_save_draft         (RosterStore        *self,
                                                     const char         *id,
                                                     RosterRequest      *request,
                                                     const char         *current_step,
                                                     GError            **error);
RosterRequest      *roster_store_load_draft         (RosterStore        *self,
                                                     const char         *id,
                                                     char              **current_step,
                                                     char              **server_errors,
                                                     GError            **error);
gboolean            roster_store_delete_draft       (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);
gboolean            roster_store_undelete_draft     (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);
guint               roster_store_purge_deleted      (RosterStore        *self,
                                                     GError            **error);

RosterStoreEntry   *roster_store_get_entry          (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);
GPtrArray          *roster_store_list               (RosterStore        *self,
                                                     const char         *search,
                                                     GError            **error);
GPtrArray          *roster_store_list_newest        (RosterStore              *self,
                                                     const RosterRequestState *states,
                                                     guint                     n_states,
                                                     guint                     limit,
                                                     GError                  **error);
gboolean            roster_store_count_by_state     (RosterStore        *self,
                                                     guint               counts[ROSTER_REQUEST_N_STATES],
                                                     GError            **error);
GPtrArray          *roster_store_find_pending_for   (RosterStore        *self,
                                                     RosterRequest      *request,
                                                     const char         *except_id,
                                                     GError            **error);

gboolean            roster_store_queue              (RosterStore        *self,
                                                     const char         *id,
                                                     GBytes             *payload,
                                                     GError            **error);
GPtrArray          *roster_store_queue_new          (RosterStore        *self,
                                                     GPtrArray          *requests,
                                                     GError            **error);
gboolean            roster_store_withdraw_untried   (RosterStore        *self,
                                                     GPtrArray          *ids,
                                                     GError            **error);
RosterOutboxItem   *roster_store_get_outbox_item    (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);
GPtrArray          *roster_store_list_due           (RosterStore        *self,
                                                     gint64              now,
                                                     GError            **error);
GPtrArray          *roster_store_list_due_with_left_sending (RosterStore  *self,
                                                             gint64        now,
                                                             GHashTable  **left_sending,
                                                             GError      **error);
guint               roster_store_make_due           (RosterStore        *self,
                                                     gint64              now,
                                                     GError            **error);
gboolean            roster_store_begin_attempt      (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);
gboolean            roster_store_record_sent        (RosterStore        *self,
                                                     const char         *id,
                                                     const char         *tracking_id,
                                                     const char         *received_at,
                                                     GError            **error);
gboolean            roster_store_record_retry       (RosterStore        *self,
                                                     const char         *id,
                                                     gint64              next_attempt_at,
                                                     const char         *reason,
                                                     GError            **error);
gboolean            roster_store_record_attention   (RosterStore        *self,
                                                     const char         *id,
                                                     const char         *reason,
                                                     GError            **error);
gboolean            roster_store_record_returned    (RosterStore        *self,
                                                     const char         *id,
                                                     const char         *server_errors,
                                                     const char         *reason,
                                                     GError            **error);
gboolean            roster_store_record_status      (RosterStore        *self,
                                                     const char         *id,
                                                     const char         *hie_status,
                                                     const char         *hie_note,
                                                     GError            **error);

/**
 * RosterOutboxMarks:
 *
 * A batch of delivery marks (an attempt starts; the answer's outcome),
 * committed in one transaction by roster_store_commit_marks().
 */
typedef struct _RosterOutboxMarks RosterOutboxMarks;

RosterOutboxMarks  *roster_outbox_marks_new          (void);
void                roster_outbox_marks_free         (RosterOutboxMarks  *marks);
guint               roster_outbox_marks_get_length   (RosterOutboxMarks  *marks);
void                roster_outbox_marks_add_attempt  (RosterOutboxMarks  *marks,
                                                      const char         *id);
void                roster_outbox_marks_add_not_attempted (RosterOutboxMarks  *marks,
                                                           const char         *id,
                                                           RosterRequestState  state_before);
void                roster_outbox_marks_add_sent     (RosterOutboxMarks  *marks,
                                                      const char         *id,
                                                      const char         *tracking_id,
                                                      const char         *received_at);
void                roster_outbox_marks_add_retry    (RosterOutboxMarks  *marks,
                                                      const char         *id,
                                                      gint64              next_attempt_at,
                                                      const char         *reason);
void                roster_outbox_marks_add_attention (RosterOutboxMarks *marks,
                                                      const char         *id,
                                                      const char         *reason);
void                roster_outbox_marks_add_returned (RosterOutboxMarks  *marks,
                                                      const char         *id,
                                                      const char         *server_errors,
                                                      const char         *reason);
void                roster_outbox_marks_add_unsendable (RosterOutboxMarks *marks,
                                                        const char        *id,
                                                        const char        *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterOutboxMarks, roster_outbox_marks_free)

gboolean            roster_store_commit_marks        (RosterStore        *self,
                                                      RosterOutboxMarks  *marks,
                                                      GError            **error);
void                roster_store_commit_marks_async  (RosterStore        *self,
                                                      RosterOutboxMarks  *marks,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean            roster_store_commit_marks_finish (RosterStore        *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

char               *roster_store_get_meta           (RosterStore        *self,
                                                     const char         *key);
gboolean            roster_store_set_meta           (RosterStore        *self,
                                                     const char         *key,
                                                     const char         *value,
                                                     GError            **error);
GPtrArray          *roster_store_list_events        (RosterStore        *self,
                                                     const char         *id,
                                                     GError            **error);

char               *roster_store_get_npi_answer     (RosterStore        *self,
                                                     const char         *npi,
                                                     gint64              before,
                                                     gint64             *fetched_at);
gboolean            roster_store_put_npi_answer     (RosterStore        *self,
                                                     const char         *npi,
                                                     const char         *answer,
                                                     gint64              fetched_at,
                                                     GError            **error);

GHashTable         *roster_store_list_payloads        (RosterStore     *self,
                                                       GError         **error);

/* People imported from a user list (RosterPerson, roster-people.h). */
gboolean            roster_store_put_imported_people  (RosterStore     *self,
                                                       GPtrArray       *people,
                                                       GError         **error);
GPtrArray          *roster_store_list_imported_people (RosterStore     *self,
                                                       GError         **error);

/* Finished access reviews (RosterAccessReview, roster-access-review.h). */
typedef struct _RosterAccessReview RosterAccessReview;
gboolean            roster_store_put_access_review    (RosterStore               *self,
                                                       const RosterAccessReview  *review,
                                                       GError                   **error);
gboolean            roster_store_get_last_access_review (RosterStore             *self,
                                                         gint64                  *finished_at,
                                                         GError                 **error);
GPtrArray          *roster_store_list_access_reviews  (RosterStore               *self,
                                                       GError                   **error);

G_END_DECLS
