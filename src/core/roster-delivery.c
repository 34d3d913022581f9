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
 * Delivers the outbox: each due request in turn, one attempt each.
 *
 * - "sending" is written (durably) before an attempt goes on the wire;
 *   a request found "sending" after a crash is resent with the same key.
 * - Each attempt sends the frozen bytes with the request's one key; the
 *   HIE answers a repeat with its original answer, so nothing is stored
 *   twice, whatever happened before.
 * - One flush at a time: in this process (a second flush joins the
 *   running one) and across processes (a lock file beside the database,
 *   for the command line running beside the app).
 * - A 401/403 or a TLS failure pauses the whole queue until the
 *   administrator acts (roster_delivery_resume()); the pause survives a
 *   restart.
 */

#define PAUSED_KEY "delivery-paused"

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
  GCancellable            *cancellable;
  int                      lock_fd;
};

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
  g_clear_pointer (&self->report, roster_flush_report_free);
  g_clear_object (&self->cancellable);
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

static void
add_line (RosterDelivery     *self,
          const char         *id,
          RosterRequestState  state,
          const char         *message)
{
  g_ptr_array_add (self->report->lines,
                   g_strdup_printf ("%s %s: %s", id, roster_request_state_to_string (state), message));
}

static void
finish_flush (RosterDelivery *self,
              GError         *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  g_autoptr(RosterFlushReport) report = g_steal_pointer (&self->report);

  release_lock (self);
  g_clear_pointer (&self->due, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

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

/* Records what one attempt meant. Returns FALSE to stop the flush. */
static gboolean
record_result (RosterDelivery           *self,
               const RosterOutboxItem   *item,
               const RosterIntakeResult *result,
               GError                  **error)
{
  gint64 now = g_get_real_time ();
  gint64 next;

  switch (result->outcome)
    {
    case ROSTER_OUTCOME_ACCEPTED:
      if (!roster_store_record_sent (self->store, item->id, result->tracking_id, result->received_at, error))
        return FALSE;
      self->report->sent++;
      add_line (self, item->id, ROSTER_REQUEST_STATE_SENT, result->tracking_id);
      return TRUE;

    case ROSTER_OUTCOME_RETRY:
    case ROSTER_OUTCOME_UNKNOWN:
      next = roster_outbox_next_attempt_at (&self->policy, item->attempts + 1, now,
                                            result->retry_after, g_random_int ());
      if (roster_outbox_past_horizon (&self->policy, item->queued_at, next))
        {
          g_autofree char *message =
            g_strdup_printf (_("Roster stopped trying after the HIE could not be reached for a long time. Last problem: %s"),
                             result->message);

          if (!roster_store_record_attention (self->store, item->id, message, error))
            return FALSE;
          self->report->attention++;
          add_line (self, item->id, ROSTER_REQUEST_STATE_ATTENTION, message);
          return TRUE;
        }

      if (!roster_store_record_retry (self->store, item->id, next, result->message, error))
        return FALSE;
      self->report->waiting++;
      add_line (self, item->id, ROSTER_REQUEST_STATE_QUEUED, result->message);
      return TRUE;

    case ROSTER_OUTCOME_RETURNED:
      if (!roster_store_record_returned (self->store, item->id, result->errors_json, result->message, error))
        return FALSE;
      self->report->returned++;
      add_line (self, item->id, ROSTER_REQUEST_STATE_RETURNED, result->message);
      return TRUE;

    case ROSTER_OUTCOME_PAUSE:
      /* Due again as soon as the administrator resumes the queue. */
      if (!roster_store_record_retry (self->store, item->id, now, result->message, error))
        return FALSE;
      self->report->waiting++;
      add_line (self, item->id, ROSTER_REQUEST_STATE_QUEUED, result->message);
      pause_queue (self, result->message);
      return TRUE;

    case ROSTER_OUTCOME_REFUSED:
    default:
      if (!roster_store_record_attention (self->store, item->id, result->message, error))
        return FALSE;
      self->report->attention++;
      add_line (self, item->id, ROSTER_REQUEST_STATE_ATTENTION, result->message);
      return TRUE;
    }
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

  if (!(result = roster_intake_client_submit_finish (ROSTER_INTAKE_CLIENT (object), res, &error)))
    {
      /* Cancelled: the request stays "sending", resent next time. */
      finish_flush (self, error);
      return;
    }

  if (!record_result (self, item, result, &error))
    {
      finish_flush (self, error);
      return;
    }

  g_signal_emit (self, signals[REQUEST_CHANGED], 0, item->id);
  attempt_next (self);
}

static void
attempt_next (RosterDelivery *self)
{
  g_autoptr(RosterOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  AttemptData *data;

  if (self->paused != NULL || self->due->len == 0)
    {
      finish_flush (self, NULL);
      return;
    }

  id = g_ptr_array_steal_index (self->due, 0);

  if (!(item = roster_store_get_outbox_item (self->store, id, &error)))
    {
      /* A damaged payload is never sent: the request needs a person. */
      if (g_error_matches (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED))
        {
          g_autoptr(GError) record_error = NULL;

          if (roster_store_record_attention (self->store, id, error->message, &record_error))
            {
              self->report->attention++;
              add_line (self, id, ROSTER_REQUEST_STATE_ATTENTION, error->message);
            }
        }
      attempt_next (self);
      return;
    }

  /* Durable before the first byte goes out. */
  if (!roster_store_begin_attempt (self->store, id, &error))
    {
      finish_flush (self, error);
      return;
    }
  g_signal_emit (self, signals[REQUEST_CHANGED], 0, id);

  data = g_new0 (AttemptData, 1);
  data->self = g_object_ref (self);
  data->item = g_steal_pointer (&item);
  roster_intake_client_submit_async (self->client, data->item->payload, data->item->idempotency_key,
                                     self->cancellable, submit_cb, data);
}

/**
 * roster_delivery_flush_async:
 *
 * Attempts every request that is due, one after the other. If a flush is
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

  if (!(self->due = roster_store_list_due (self->store, g_get_real_time (), &error)))
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
