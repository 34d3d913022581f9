/* roster-delivery.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-delivery"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "roster-delivery.h"

/*
 * Delivers the outbox: each due request in turn, oldest first, one
 * attempt each, one at a time (over one kept-alive connection).
 *
 * - What the attempts mean is written in batches (group commit): while
 *   one batch of marks is committed on a worker thread, the next
 *   attempts go on the wire and their marks gather for the next batch,
 *   so a slow disk overlaps the network instead of adding to it. Answers
 *   also wait a little for each other (ANSWER_WAIT_MS, at most
 *   MAX_BATCH_ANSWERS of them) before their batch starts: one commit
 *   and one sync for many answers, not one each, on a fast network.
 * - "An attempt starts" is committed before the attempt goes out (so an
 *   Undo finds it tried), marked ahead for the next few requests in the
 *   batches, but not synced on its own: it rides with the next durable
 *   commit. A request found "sending" or still queued after a crash is
 *   resent with the same key either way; marks ahead of a flush that
 *   stopped early (paused, cancelled) are taken back, to the state each
 *   request had when the flush started.
 * - An attempt counts (for the backoff) with its answer's mark, never
 *   with the mark ahead: a crash may end a flush after marking many
 *   requests ahead, again and again, and attempts that never went out
 *   must not push their next try back. A request left "sending" is due
 *   at once, whatever its backoff.
 * - An answer counts (in the report, in request-changed) only once its
 *   mark is durable. If a batch fails, none of it is kept: its requests
 *   stay queued or sending, to be resent with the same key, and the
 *   flush ends with the error.
 * - Each attempt sends the frozen bytes with the request's one key; the
 *   HIE answers a repeat with its original answer, so nothing is stored
 *   twice, whatever happened before.
 * - The next request's row is read while the one before is on the
 *   wire (at low priority, once the main loop has nothing else to do),
 *   not between an answer and the next POST; only a request whose mark
 *   is committed, so that an Undo can no longer take it back.
 * - One flush at a time: in this process (a second flush joins the
 *   running one) and across processes (a lock file beside the database,
 *   for the command line running beside the app).
 * - A 401/403 or a TLS failure pauses the whole queue until the
 *   administrator acts (roster_delivery_resume()); the pause survives a
 *   restart.
 */

#define PAUSED_KEY "delivery-paused"

/* An answer's mark waits this long, at most, for the answers after it
 * to share its batch; a batch of this many starts at once. The wait
 * delays only when an answer counts (shown as sent), never the next
 * attempt: attempts are marked ahead. A crash loses at most the marks
 * of one wait, and those requests are resent with their keys. */
#define ANSWER_WAIT_MS 20
#define MAX_BATCH_ANSWERS 64

/* The last answer of a flush is usually a round trip away: the marks
 * before it wait that long for it, at most, so the flush ends with one
 * sync instead of two. */
#define LAST_ANSWER_WAIT_MS 50

/* At most this many attempts are marked ahead of the one on the wire. */
#define MAX_LOOKAHEAD 128

struct _RosterDelivery
{
  GObject                  parent_instance;

  RosterStore             *store;
  RosterIntakeClient      *client;
  RosterRetryPolicy        policy;
  char                    *paused;

  /* The running flush, and the callers waiting for it. */
  RosterFlushReport       *report;
  GPtrArray               *waiters;   /* GTask * */
  GPtrArray               *due;       /* ids still to attempt */
  GHashTable              *left_sending; /* those of them a crash left sending */
  GCancellable            *cancellable;
  int                      lock_fd;
  gboolean                 in_flight; /* an attempt waits for its answer */
  GError                  *failure;   /* no more attempts: why the flush ends */

  /* Marks not yet committed, and the batch being committed, each with
   * what to report once it is durable. */
  RosterOutboxMarks       *pending;
  GPtrArray               *pending_effects;    /* Effect * */
  GPtrArray               *committing_effects; /* Effect *, or NULL */
  guint                    batch_wait;   /* marks wait for the next answers */
  gboolean                 batch_waited; /* the wait is over: commit now */

  /* Attempts are marked ahead, in the batches: the first n_marked due
   * ids have their marks in a batch, the first n_committed of them
   * committed. An attempt goes out only once its mark is committed. */
  guint                    n_marked;
  guint                    n_committed;
  guint                    committing_attempts;
  guint                    lookahead;
  gboolean                 store_failed;

  /* The next due request, read ahead (or NULL), and the idle that reads it. */
  RosterOutboxItem        *read_ahead;
  guint                    read_ahead_source;
};

/* What one mark means to the report and to the views, applied once the
 * mark is durable. */
typedef struct
{
  char               *id;
  RosterRequestState  state;
  char               *message;  /* a report line, or NULL for none */
  guint              *counter;  /* in the report, or NULL */
} Effect;

static void
effect_free (Effect *effect)
{
  g_free (effect->id);
  g_free (effect->message);
  g_free (effect);
}

G_DEFINE_FINAL_TYPE (RosterDelivery, roster_delivery, G_TYPE_OBJECT)

G_DEFINE_QUARK (roster-delivery-error-quark, roster_delivery_error)

enum {
  REQUEST_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
roster_flush_report_free (RosterFlushReport *report)
{
  if (report == NULL)
    return;

  g_free (report->paused);
  g_clear_pointer (&report->lines, g_ptr_array_unref);
  g_free (report);
}

static void attempt_next (RosterDelivery *self);
static void commit_pending (RosterDelivery *self);

static void
roster_delivery_finalize (GObject *object)
{
  RosterDelivery *self = (RosterDelivery *)object;

  g_assert (self->waiters == NULL || self->waiters->len == 0);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->paused, g_free);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->due, g_ptr_array_unref);
  g_clear_pointer (&self->left_sending, g_hash_table_unref);
  g_clear_pointer (&self->report, roster_flush_report_free);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->failure);
  g_clear_handle_id (&self->batch_wait, g_source_remove);
  g_clear_pointer (&self->pending, roster_outbox_marks_free);
  g_clear_pointer (&self->pending_effects, g_ptr_array_unref);
  g_clear_pointer (&self->read_ahead, roster_outbox_item_free);
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (roster_delivery_parent_class)->finalize (object);
}

static void
roster_delivery_class_init (RosterDeliveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_delivery_finalize;

  /**
   * RosterDelivery::request-changed:
   * @id: the request whose delivery state changed
   */
  signals[REQUEST_CHANGED] =
    g_signal_new ("request-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
roster_delivery_init (RosterDelivery *self)
{
  self->policy = *roster_retry_policy_get_default ();
  self->lock_fd = -1;
}

/**
 * roster_delivery_new:
 * @store: the store holding the outbox
 * @client: the client for the intake endpoint, with its token set
 *
 * Returns: (transfer full): a delivery
 */
RosterDelivery *
roster_delivery_new (RosterStore        *store,
                     RosterIntakeClient *client)
{
  RosterDelivery *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (ROSTER_IS_INTAKE_CLIENT (client), NULL);

  self = g_object_new (ROSTER_TYPE_DELIVERY, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->paused = roster_store_get_meta (store, PAUSED_KEY);

  return self;
}

void
roster_delivery_set_policy (RosterDelivery          *self,
                            const RosterRetryPolicy *policy)
{
  g_return_if_fail (ROSTER_IS_DELIVERY (self));
  g_return_if_fail (policy != NULL);

  self->policy = *policy;
}

/**
 * roster_delivery_get_paused:
 *
 * Returns: (nullable): why the queue waits for the administrator, or %NULL
 */
const char *
roster_delivery_get_paused (RosterDelivery *self)
{
  g_return_val_if_fail (ROSTER_IS_DELIVERY (self), NULL);

  return self->paused;
}

/**
 * roster_delivery_resume:
 *
 * The administrator acted (a new token, a new endpoint): the queue may
 * move again at the next flush.
 */
gboolean
roster_delivery_resume (RosterDelivery  *self,
                        GError         **error)
{
  g_return_val_if_fail (ROSTER_IS_DELIVERY (self), FALSE);

  if (!roster_store_set_meta (self->store, PAUSED_KEY, NULL, error))
    return FALSE;

  g_clear_pointer (&self->paused, g_free);
  return TRUE;
}

/* Cross-process: a lock file beside the database. Released by close(). */
static gboolean
take_lock (RosterDelivery  *self,
           GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (roster_store_get_path (self->store));
  g_autofree char *path = g_build_filename (dir, "delivery.lock", NULL);
  int fd;

  fd = open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not open “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error_literal (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_BUSY,
                           _("Another Roster is sending the outbox right now; the requests will go with it."));
      return FALSE;
    }

  self->lock_fd = fd;
  return TRUE;
}

static void
release_lock (RosterDelivery *self)
{
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

/* Notes what the mark just added to self->pending will mean, once it is
 * durable: @counter counts it and @message is its line in the report. */
static void
add_effect (RosterDelivery     *self,
            const char         *id,
            RosterRequestState  state,
            guint              *counter,
            const char         *message)
{
  Effect *effect = g_new0 (Effect, 1);

  effect->id = g_strdup (id);
  effect->state = state;
  effect->counter = counter;
  effect->message = g_strdup (message);
  g_ptr_array_add (self->pending_effects, effect);
}

static void
apply_effects (RosterDelivery *self,
               GPtrArray      *effects)
{
  for (guint i = 0; i < effects->len; i++)
    {
      Effect *effect = g_ptr_array_index (effects, i);

      if (effect->counter != NULL)
        (*effect->counter)++;
      if (effect->message != NULL)
        g_ptr_array_add (self->report->lines,
                         g_strdup_printf ("%s %s: %s", effect->id,
                                          roster_request_state_to_string (effect->state), effect->message));
      g_signal_emit (self, signals[REQUEST_CHANGED], 0, effect->id);
    }
}

static void
finish_flush (RosterDelivery *self,
              GError         *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  g_autoptr(RosterFlushReport) report = g_steal_pointer (&self->report);

  g_assert (!self->in_flight && self->committing_effects == NULL && self->batch_wait == 0);

  release_lock (self);
  g_clear_pointer (&self->due, g_ptr_array_unref);
  g_clear_pointer (&self->left_sending, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, roster_outbox_marks_free);
  g_clear_pointer (&self->pending_effects, g_ptr_array_unref);
  g_clear_pointer (&self->read_ahead, roster_outbox_item_free);
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        {
          RosterFlushReport *copy = g_new0 (RosterFlushReport, 1);

          *copy = *report;
          copy->paused = g_strdup (report->paused);
          copy->lines = g_ptr_array_new_with_free_func (g_free);
          for (guint l = 0; l < report->lines->len; l++)
            g_ptr_array_add (copy->lines, g_strdup (report->lines->pdata[l]));
          g_task_return_pointer (task, copy, (GDestroyNotify) roster_flush_report_free);
        }
      g_object_unref (task);
    }
}

static void
pause_queue (RosterDelivery *self,
             const char     *reason)
{
  g_autoptr(GError) error = NULL;

  if (!roster_store_set_meta (self->store, PAUSED_KEY, reason, &error))
    g_warning ("Could not record that the outbox is paused: %s", error->message);

  g_free (self->paused);
  self->paused = g_strdup (reason);
  g_free (self->report->paused);
  self->report->paused = g_strdup (reason);
}

/* Marks what one attempt meant, for the next batch. */
static void
mark_result (RosterDelivery           *self,
             const RosterOutboxItem   *item,
             const RosterIntakeResult *result)
{
  RosterFlushReport *report = self->report;
  gint64 now = g_get_real_time ();
  gint64 next;

  switch (result->outcome)
    {
    case ROSTER_OUTCOME_ACCEPTED:
      roster_outbox_marks_add_sent (self->pending, item->id, result->tracking_id, result->received_at);
      add_effect (self, item->id, ROSTER_REQUEST_STATE_SENT, &report->sent, result->tracking_id);
      return;

    case ROSTER_OUTCOME_RETRY:
    case ROSTER_OUTCOME_UNKNOWN:
      /* item->attempts are the ones made before: this one counts with
       * its answer's mark. */
      next = roster_outbox_next_attempt_at (&self->policy, item->attempts + 1, now,
                                            result->retry_after, g_random_int ());
      if (roster_outbox_past_horizon (&self->policy, item->queued_at, next))
        {
          g_autofree char *message =
            g_strdup_printf (_("Roster stopped trying after the HIE could not be reached for a long time. Last problem: %s"),
                             result->message);

          roster_outbox_marks_add_attention (self->pending, item->id, message);
          add_effect (self, item->id, ROSTER_REQUEST_STATE_ATTENTION, &report->attention, message);
          return;
        }

      roster_outbox_marks_add_retry (self->pending, item->id, next, result->message);
      add_effect (self, item->id, ROSTER_REQUEST_STATE_QUEUED, &report->waiting, result->message);
      return;

    case ROSTER_OUTCOME_RETURNED:
      roster_outbox_marks_add_returned (self->pending, item->id, result->errors_json, result->message);
      add_effect (self, item->id, ROSTER_REQUEST_STATE_RETURNED, &report->returned, result->message);
      return;

    case ROSTER_OUTCOME_PAUSE:
      /* Due again as soon as the administrator resumes the queue. */
      roster_outbox_marks_add_retry (self->pending, item->id, now, result->message);
      add_effect (self, item->id, ROSTER_REQUEST_STATE_QUEUED, &report->waiting, result->message);
      pause_queue (self, result->message);
      return;

    case ROSTER_OUTCOME_REFUSED:
    default:
      roster_outbox_marks_add_attention (self->pending, item->id, result->message);
      add_effect (self, item->id, ROSTER_REQUEST_STATE_ATTENTION, &report->attention, result->message);
      return;
    }
}

static gboolean
more_to_attempt (RosterDelivery *self)
{
  return self->failure == NULL && self->paused == NULL && self->due->len > 0;
}

/* Ends the flush once nothing is on the wire or being committed, and
 * nothing more will be. */
static void
finish_if_done (RosterDelivery *self)
{
  g_autoptr(GError) failure = NULL;

  commit_pending (self);
  if (self->in_flight || self->committing_effects != NULL || more_to_attempt (self) ||
      roster_outbox_marks_get_length (self->pending) > 0)
    return;

  /* Stopped early (paused, cancelled): the attempts marked ahead were
   * not made; each request is as it was when the flush started. */
  if (self->n_marked > 0 && !self->store_failed)
    {
      for (guint i = 0; i < self->n_marked; i++)
        {
          const char *id = g_ptr_array_index (self->due, i);
          RosterRequestState before = g_hash_table_contains (self->left_sending, id)
                                        ? ROSTER_REQUEST_STATE_SENDING
                                        : ROSTER_REQUEST_STATE_QUEUED;

          roster_outbox_marks_add_not_attempted (self->pending, id, before);
          add_effect (self, id, before, NULL, NULL);
        }
      self->n_marked = self->n_committed = 0;
      commit_pending (self);
      return;
    }

  failure = g_steal_pointer (&self->failure);
  finish_flush (self, failure);
}

/* Stops new attempts; the first failure is the one reported. */
static void
fail (RosterDelivery *self,
      GError         *error)
{
  if (self->failure == NULL)
    self->failure = g_error_copy (error);
}

static void
commit_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(RosterDelivery) self = user_data;
  g_autoptr(GPtrArray) effects = g_steal_pointer (&self->committing_effects);
  g_autoptr(GError) error = NULL;

  if (roster_store_commit_marks_finish (ROSTER_STORE (object), res, &error))
    {
      self->n_committed += self->committing_attempts;
      apply_effects (self, effects);
    }
  else
    {
      /* None of the batch was kept, nor will what came after it be:
       * those requests stay queued or sending, resent with their keys.
       * The flush's callers get the error. */
      fail (self, error);
      self->store_failed = TRUE;
      g_clear_pointer (&self->pending, roster_outbox_marks_free);
      g_ptr_array_set_size (self->pending_effects, 0);
      self->pending = roster_outbox_marks_new ();
    }
  self->committing_attempts = 0;

  if (self->in_flight)
    finish_if_done (self);
  else
    attempt_next (self);
}

static gboolean
batch_waited_cb (gpointer user_data)
{
  RosterDelivery *self = user_data;

  self->batch_wait = 0;
  self->batch_waited = TRUE;
  commit_pending (self);

  return G_SOURCE_REMOVE;
}

/* Whether the marks gathered so far wait for more: while attempts go
 * on, for the next answers (up to a batch's worth); once the last one
 * is on the wire, for its answer. The flush holds @self while it runs,
 * and a flush ends only once nothing waits. */
static guint
batch_wait_ms (RosterDelivery *self)
{
  if (more_to_attempt (self))
    return roster_outbox_marks_get_length (self->pending) < MAX_BATCH_ANSWERS ? ANSWER_WAIT_MS : 0;

  return self->in_flight ? LAST_ANSWER_WAIT_MS : 0;
}

/* Group commit: everything marked since the last batch started goes in
 * the next one, as soon as the last one is done. */
static void
commit_pending (RosterDelivery *self)
{
  /* The next attempt waits for its mark. */
  gboolean blocked = !self->in_flight && more_to_attempt (self) && self->n_committed == 0;

  if (self->committing_effects != NULL || (roster_outbox_marks_get_length (self->pending) == 0 && !blocked))
    return;

  if (!blocked && !self->batch_waited)
    {
      guint wait_ms = batch_wait_ms (self);

      if (wait_ms > 0)
        {
          if (self->batch_wait == 0)
            self->batch_wait = g_timeout_add (wait_ms, batch_waited_cb, self);
          return;
        }
    }
  g_clear_handle_id (&self->batch_wait, g_source_remove);
  self->batch_waited = FALSE;

  /* Marked before its first byte goes out (an Undo must find it tried);
   * not synced on its own: durable with the next batch holding an
   * answer, or resent with the same key if lost. */
  if (more_to_attempt (self))
    {
      guint ahead = MIN (self->due->len, self->lookahead);

      for (; self->n_marked < ahead; self->n_marked++)
        {
          const char *id = g_ptr_array_index (self->due, self->n_marked);

          roster_outbox_marks_add_attempt (self->pending, id);
          add_effect (self, id, ROSTER_REQUEST_STATE_SENDING, NULL, NULL);
          self->committing_attempts++;
        }
    }

  self->committing_effects = g_steal_pointer (&self->pending_effects);
  self->pending_effects = g_ptr_array_new_with_free_func ((GDestroyNotify) effect_free);
  roster_store_commit_marks_async (self->store, g_steal_pointer (&self->pending),
                                   commit_done_cb, g_object_ref (self));
  self->pending = roster_outbox_marks_new ();
}

typedef struct
{
  RosterDelivery   *self;
  RosterOutboxItem *item;
} AttemptData;

static void
submit_cb (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  AttemptData *data = user_data;
  g_autoptr(RosterDelivery) self = data->self;
  g_autoptr(RosterOutboxItem) item = data->item;
  g_autoptr(RosterIntakeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);
  self->in_flight = FALSE;

  if (!(result = roster_intake_client_submit_finish (ROSTER_INTAKE_CLIENT (object), res, &error)))
    {
      /* Cancelled: the request stays "sending", resent next time. */
      fail (self, error);
    }
  else if (self->failure == NULL)
    {
      /* After a failed batch nothing more is recorded: the request is
       * resent next time, and the HIE gives the same answer. */
      mark_result (self, item, result);
    }

  attempt_next (self);
}

/* Reads the next due request while the one before is on the wire. A
 * row that can't be read is left for attempt_next() to read again and
 * report. */
static gboolean
read_ahead_cb (gpointer user_data)
{
  RosterDelivery *self = user_data;

  self->read_ahead_source = 0;
  g_assert (self->read_ahead == NULL);

  if (self->n_committed > 0 && more_to_attempt (self))
    self->read_ahead = roster_store_get_outbox_item (self->store, g_ptr_array_index (self->due, 0), NULL);

  return G_SOURCE_REMOVE;
}

/* The next request to attempt, @id, read ahead or now. */
static RosterOutboxItem *
take_item (RosterDelivery  *self,
           const char      *id,
           GError         **error)
{
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);

  if (self->read_ahead != NULL && g_str_equal (self->read_ahead->id, id))
    return g_steal_pointer (&self->read_ahead);

  g_clear_pointer (&self->read_ahead, roster_outbox_item_free);
  return roster_store_get_outbox_item (self->store, id, error);
}

static void
attempt_next (RosterDelivery *self)
{
  g_autoptr(RosterOutboxItem) item = NULL;
  AttemptData *data;

  while (item == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      if (!more_to_attempt (self))
        {
          finish_if_done (self);
          return;
        }

      /* Its mark is not committed yet: the batch that holds it (or the
       * next, started now) calls back. */
      if (self->n_committed == 0)
        {
          /* Waiting for a sync to send: mark further ahead from now on. */
          if (self->committing_effects != NULL)
            self->lookahead = MIN (2 * self->lookahead, MAX_LOOKAHEAD);
          commit_pending (self);
          return;
        }

      id = g_ptr_array_steal_index (self->due, 0);
      self->n_marked--;
      self->n_committed--;
      item = take_item (self, id, &error);

      /* A damaged payload is never sent: the request needs a person. */
      if (item == NULL && g_error_matches (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED))
        {
          roster_outbox_marks_add_unsendable (self->pending, id, error->message);
          add_effect (self, id, ROSTER_REQUEST_STATE_ATTENTION, &self->report->attention, error->message);
        }
    }

  self->in_flight = TRUE;
  commit_pending (self);

  data = g_new0 (AttemptData, 1);
  data->self = g_object_ref (self);
  data->item = g_steal_pointer (&item);
  roster_intake_client_submit_async (self->client, data->item->payload, data->item->idempotency_key,
                                     self->cancellable, submit_cb, data);

  /* Below the sockets' priority: once this request is written. The
   * flush holds @self until it ends, and the end removes the source. */
  self->read_ahead_source = g_idle_add_full (G_PRIORITY_LOW, read_ahead_cb, self, NULL);
}

/**
 * roster_delivery_flush_async:
 *
 * Attempts every request that is due, one after the other, oldest
 * first. Returns once every answer is durably recorded. If a flush is
 * already running, waits for it and reports its result.
 */
void
roster_delivery_flush_async (RosterDelivery      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ROSTER_IS_DELIVERY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_delivery_flush_async);

  if (self->waiters != NULL)
    {
      g_ptr_array_add (self->waiters, g_steal_pointer (&task));
      return;
    }

  if (self->paused != NULL)
    {
      g_task_return_new_error (task, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_PAUSED, "%s", self->paused);
      return;
    }

  if (!take_lock (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!(self->due = roster_store_list_due_with_left_sending (self->store, g_get_real_time (),
                                                             &self->left_sending, &error)))
    {
      release_lock (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->waiters = g_ptr_array_new ();
  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
  self->report = g_new0 (RosterFlushReport, 1);
  self->report->lines = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->pending = roster_outbox_marks_new ();
  self->pending_effects = g_ptr_array_new_with_free_func ((GDestroyNotify) effect_free);
  self->batch_waited = FALSE;
  self->store_failed = FALSE;
  self->n_marked = self->n_committed = self->committing_attempts = 0;
  self->lookahead = MAX_LOOKAHEAD / 2;

  attempt_next (self);
}

/**
 * roster_delivery_flush_finish:
 *
 * Returns: (transfer full): what the flush did, or %NULL with @error set
 *   when it could not run (busy, paused, the store failed, cancelled)
 */
RosterFlushReport *
roster_delivery_flush_finish (RosterDelivery  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (ROSTER_IS_DELIVERY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
