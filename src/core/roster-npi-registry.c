/* roster-npi-registry.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-npi-registry"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "roster-endpoint.h"
#include "roster-npi-registry.h"
#include "roster-validate.h"

/*
 * Asks the NPI Registry about NPIs, in the background, so that the form
 * never waits for it:
 *
 * - roster_npi_registry_request() says an NPI is worth checking. Requests
 *   are debounced (typing a tenth digit and then changing it asks
 *   nothing), run a few at a time, each with a deadline for the whole
 *   exchange, and answered from the store's cache when it holds an
 *   answer younger than 30 days.
 * - An answer (including "no such NPI") is kept in the store and
 *   announced with #RosterNpiRegistry::record-changed. A failure (offline,
 *   slow, a 500, garbage) is not an answer: the NPI stays "not checked"
 *   and is asked again when the network comes back or after a while.
 * - Only the NPI leaves the computer: a plain GET with no cookie, no
 *   token and nothing from the form but the ten digits. Nothing here logs
 *   an NPI.
 */

#define DEFAULT_DEBOUNCE_MS     400
#define DEFAULT_TIMEOUT_SECONDS 5
#define DEFAULT_RETRY_SECONDS   60
#define MAX_IN_FLIGHT           3

struct _RosterNpiRegistry
{
  GObject           parent_instance;

  char             *url;
  RosterStore      *store;
  SoupSession      *session;
  GNetworkMonitor  *monitor;
  GCancellable     *cancellable;

  GHashTable       *records;     /* npi → RosterNpiRecord *: fetched or read from the store */
  GHashTable       *not_stored;  /* npi set: the store has nothing about it */
  GHashTable       *wanted;      /* npi set: waiting for the debounce */
  GHashTable       *failed;      /* npi set: waiting for a retry */
  GHashTable       *in_flight;   /* npi set */
  GQueue            queue;       /* char *npi, ready to be asked */

  guint             debounce_ms;
  guint             timeout_seconds;
  guint             retry_seconds;
  guint             debounce_id;
  guint             retry_id;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (RosterNpiRegistry, roster_npi_registry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (RosterNpiRegistry *self);

static void
update_busy (RosterNpiRegistry *self)
{
  gboolean busy = self->debounce_id != 0 ||
                  self->queue.length > 0 ||
                  g_hash_table_size (self->in_flight) > 0;

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
is_queued (RosterNpiRegistry *self,
           const char        *npi)
{
  return g_queue_find_custom (&self->queue, npi, (GCompareFunc) g_strcmp0) != NULL;
}

static void
enqueue (RosterNpiRegistry *self,
         const char        *npi)
{
  if (!g_hash_table_contains (self->in_flight, npi) && !is_queued (self, npi))
    g_queue_push_tail (&self->queue, g_strdup (npi));
}

/* Moves every NPI of @set to the queue. */
static void
enqueue_set (RosterNpiRegistry *self,
             GHashTable        *set)
{
  GHashTableIter iter;
  const char *npi;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, (gpointer *) &npi, NULL))
    enqueue (self, npi);
  g_hash_table_remove_all (set);
}

static gboolean
debounce_cb (gpointer user_data)
{
  RosterNpiRegistry *self = user_data;

  self->debounce_id = 0;
  enqueue_set (self, self->wanted);
  pump (self);

  return G_SOURCE_REMOVE;
}

static gboolean
retry_cb (gpointer user_data)
{
  RosterNpiRegistry *self = user_data;

  self->retry_id = 0;
  roster_npi_registry_retry_now (self);

  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (RosterNpiRegistry *self,
                    gboolean           available)
{
  if (available && g_hash_table_size (self->failed) > 0)
    roster_npi_registry_retry_now (self);
}

/* One question ------------------------------------------------------------ */

typedef struct
{
  RosterNpiRegistry *registry;   /* owned */
  char              *npi;
  SoupMessage       *message;
  GCancellable      *cancellable;
  guint              deadline_id;
  guint8            *buffer;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_handle_id (&fetch->deadline_id, g_source_remove);
  g_clear_object (&fetch->registry);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->cancellable);
  g_free (fetch->npi);
  g_free (fetch->buffer);
  g_free (fetch);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->deadline_id = 0;
  g_cancellable_cancel (fetch->cancellable);

  return G_SOURCE_REMOVE;
}

static void
remember (RosterNpiRegistry *self,
          RosterNpiRecord   *record)
{
  g_hash_table_remove (self->not_stored, record->npi);
  g_hash_table_insert (self->records, g_strdup (record->npi), record);
}

/* Ends @fetch: with @record (transfer full) an answer, without one a
 * failure to try again later. */
static void
fetch_done (Fetch           *fetch,
            RosterNpiRecord *record)
{
  RosterNpiRegistry *self = fetch->registry;
  gboolean cancelled = g_cancellable_is_cancelled (self->cancellable);

  g_hash_table_remove (self->in_flight, fetch->npi);

  if (record != NULL && !cancelled)
    {
      g_autofree char *answer = roster_npi_record_serialize (record);
      g_autoptr(GError) error = NULL;

      record->fetched_at = g_get_real_time ();
      if (self->store != NULL &&
          !roster_store_put_npi_answer (self->store, record->npi, answer, record->fetched_at, &error))
        g_warning ("Could not keep an answer of the NPI Registry: %s", error->message);

      remember (self, record);
      g_signal_emit (self, signals[RECORD_CHANGED], 0, fetch->npi);
    }
  else if (!cancelled)
    {
      g_clear_pointer (&record, roster_npi_record_free);
      g_hash_table_add (self->failed, g_strdup (fetch->npi));
      if (self->retry_id == 0)
        self->retry_id = g_timeout_add_seconds (self->retry_seconds, retry_cb, self);
    }
  else
    g_clear_pointer (&record, roster_npi_record_free);

  if (!cancelled)
    pump (self);
  update_busy (self);
  fetch_free (fetch);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  RosterNpiRecord *record = NULL;

  if (g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &length, &error) &&
      length <= ROSTER_NPI_RECORD_MAX_BYTES)
    record = roster_npi_record_parse (fetch->npi, (const char *) fetch->buffer, length, &error);

  if (record == NULL)
    g_debug ("The NPI Registry gave no usable answer: %s",
             error != NULL ? error->message : "the answer is too large");

  g_input_stream_close_async (G_INPUT_STREAM (source), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  fetch_done (fetch, record);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  goffset content_length;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      g_debug ("Could not reach the NPI Registry: %s", error->message);
      fetch_done (fetch, NULL);
      return;
    }

  content_length = soup_message_headers_get_content_length (soup_message_get_response_headers (fetch->message));
  if (soup_message_get_status (fetch->message) != SOUP_STATUS_OK ||
      content_length > ROSTER_NPI_RECORD_MAX_BYTES)
    {
      g_debug ("The NPI Registry answered %u", soup_message_get_status (fetch->message));
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      fetch_done (fetch, NULL);
      return;
    }

  /* One byte more than allowed tells a too large answer apart. */
  fetch->buffer = g_malloc (ROSTER_NPI_RECORD_MAX_BYTES + 1);
  g_input_stream_read_all_async (stream, fetch->buffer, ROSTER_NPI_RECORD_MAX_BYTES + 1,
                                 G_PRIORITY_DEFAULT, fetch->cancellable, read_cb, fetch);
}

static char *
build_uri (RosterNpiRegistry *self,
           const char        *npi)
{
  /* Only the NPI, which is ten digits: nothing else from the form. */
  return g_strdup_printf ("%s%sversion=2.1&number=%s",
                          self->url, strchr (self->url, '?') != NULL ? "&" : "?", npi);
}

static void
start_fetch (RosterNpiRegistry *self,
             const char        *npi)
{
  g_autofree char *uri = build_uri (self, npi);
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->registry = g_object_ref (self);
  fetch->npi = g_strdup (npi);
  fetch->message = soup_message_new (SOUP_METHOD_GET, uri);
  fetch->cancellable = g_cancellable_new ();
  soup_message_add_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message), "Accept", "application/json");

  /* The session's timeout is per read: a registry that trickles bytes
   * would hold the slot forever without a deadline for the whole. */
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), fetch->cancellable, G_CONNECT_SWAPPED);
  fetch->deadline_id = g_timeout_add_seconds (self->timeout_seconds, deadline_cb, fetch);

  g_hash_table_add (self->in_flight, g_strdup (npi));
  soup_session_send_async (self->session, fetch->message, G_PRIORITY_DEFAULT,
                           fetch->cancellable, send_cb, fetch);
}

static void
pump (RosterNpiRegistry *self)
{
  while (g_hash_table_size (self->in_flight) < MAX_IN_FLIGHT && self->queue.length > 0)
    {
      g_autofree char *npi = g_queue_pop_head (&self->queue);
      const RosterNpiRecord *record = roster_npi_registry_lookup (self, npi);

      /* Asked twice while queued, and answered in between. */
      if (record != NULL && !roster_npi_record_is_stale (record, g_get_real_time ()))
        continue;

      start_fetch (self, npi);
    }

  update_busy (self);
}

/* GObject ----------------------------------------------------------------- */

static void
roster_npi_registry_dispose (GObject *object)
{
  RosterNpiRegistry *self = (RosterNpiRegistry *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (roster_npi_registry_parent_class)->dispose (object);
}

static void
roster_npi_registry_finalize (GObject *object)
{
  RosterNpiRegistry *self = (RosterNpiRegistry *)object;

  g_queue_clear_full (&self->queue, g_free);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->not_stored, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_hash_table_unref);
  g_clear_pointer (&self->failed, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (roster_npi_registry_parent_class)->finalize (object);
}

static void
roster_npi_registry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RosterNpiRegistry *self = ROSTER_NPI_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_npi_registry_class_init (RosterNpiRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_npi_registry_dispose;
  object_class->finalize = roster_npi_registry_finalize;
  object_class->get_property = roster_npi_registry_get_property;

  /**
   * RosterNpiRegistry:busy:
   *
   * Whether questions are waiting or under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RosterNpiRegistry::record-changed:
   * @npi: the NPI the registry answered about
   *
   * A new answer is known: see roster_npi_registry_lookup().
   */
  signals[RECORD_CHANGED] =
    g_signal_new ("record-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
roster_npi_registry_init (RosterNpiRegistry *self)
{
  self->debounce_ms = DEFAULT_DEBOUNCE_MS;
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  self->retry_seconds = DEFAULT_RETRY_SECONDS;
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) roster_npi_record_free);
  self->not_stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("user-agent", "hie-roster/" PACKAGE_VERSION " ",
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 30,
                                                 "max-conns-per-host", MAX_IN_FLIGHT,
                                                 NULL);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API -------------------------------------------------------------- */

/**
 * roster_npi_registry_new:
 * @url: the registry's API address, `https://` or loopback `http://`,
 *   e.g. %ROSTER_NPI_REGISTRY_DEFAULT_URL
 * @store: (nullable): where answers are cached
 *
 * Returns: (transfer full): a registry client, or %NULL with @error set
 *   (a #RosterEndpointError) when @url may not be used
 */
RosterNpiRegistry *
roster_npi_registry_new (const char   *url,
                         RosterStore  *store,
                         GError      **error)
{
  RosterNpiRegistry *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (store == NULL || ROSTER_IS_STORE (store), NULL);

  if (!roster_endpoint_check (url, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_NPI_REGISTRY, NULL);
  self->url = g_strdup (url);
  g_set_object (&self->store, store);

  return self;
}

const char *
roster_npi_registry_get_url (RosterNpiRegistry *self)
{
  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), NULL);

  return self->url;
}

/**
 * roster_npi_registry_set_timings:
 * @debounce_ms: how long an NPI must stay the same before it is asked
 *   about (400 ms)
 * @timeout_seconds: the most one question may take, whole (5 s)
 * @retry_seconds: how long after a failure to ask again (60 s), unless
 *   the network comes back first
 */
void
roster_npi_registry_set_timings (RosterNpiRegistry *self,
                                 guint              debounce_ms,
                                 guint              timeout_seconds,
                                 guint              retry_seconds)
{
  g_return_if_fail (ROSTER_IS_NPI_REGISTRY (self));
  g_return_if_fail (timeout_seconds > 0);
  g_return_if_fail (retry_seconds > 0);

  self->debounce_ms = debounce_ms;
  self->timeout_seconds = timeout_seconds;
  self->retry_seconds = retry_seconds;
  g_object_set (self->session, "timeout", timeout_seconds, NULL);
}

/**
 * roster_npi_registry_lookup:
 * @npi: a valid NPI, digits only
 *
 * What is known about @npi, from this run or the store's cache, however
 * old. It asks nothing: see roster_npi_registry_request().
 *
 * Returns: (nullable) (transfer none): the record, or %NULL when @npi has
 *   not been checked
 */
const RosterNpiRecord *
roster_npi_registry_lookup (RosterNpiRegistry *self,
                            const char        *npi)
{
  RosterNpiRecord *record;
  g_autofree char *answer = NULL;
  gint64 fetched_at = 0;

  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), NULL);
  g_return_val_if_fail (npi != NULL, NULL);

  if ((record = g_hash_table_lookup (self->records, npi)) != NULL)
    return record;

  if (self->store == NULL || g_hash_table_contains (self->not_stored, npi))
    return NULL;

  answer = roster_store_get_npi_answer (self->store, npi, 0, &fetched_at);
  /* The cache is ours, but on disk: read it like any answer. */
  if (answer == NULL || !(record = roster_npi_record_parse (npi, answer, strlen (answer), NULL)))
    {
      g_hash_table_add (self->not_stored, g_strdup (npi));
      return NULL;
    }

  record->fetched_at = fetched_at;
  remember (self, record);

  return record;
}

/**
 * roster_npi_registry_request:
 * @npi: an NPI as typed; anything but a valid NPI is ignored
 *
 * Asks the registry about @npi soon, unless a recent answer is known.
 * Cheap to call on every keystroke.
 */
void
roster_npi_registry_request (RosterNpiRegistry *self,
                             const char        *npi)
{
  const RosterNpiRecord *record;
  g_autofree char *normalized = NULL;

  g_return_if_fail (ROSTER_IS_NPI_REGISTRY (self));

  normalized = roster_text_normalize (npi);
  if (!roster_validate_npi (normalized, NULL))
    return;

  record = roster_npi_registry_lookup (self, normalized);
  if (record != NULL && !roster_npi_record_is_stale (record, g_get_real_time ()))
    return;

  if (g_hash_table_contains (self->in_flight, normalized) || is_queued (self, normalized) ||
      g_hash_table_contains (self->failed, normalized))
    return;

  g_hash_table_add (self->wanted, g_steal_pointer (&normalized));
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (self->debounce_ms, debounce_cb, self);
  update_busy (self);
}

/**
 * roster_npi_registry_retry_now:
 *
 * Asks again about every NPI whose question failed, without waiting for
 * the retry delay.
 */
void
roster_npi_registry_retry_now (RosterNpiRegistry *self)
{
  g_return_if_fail (ROSTER_IS_NPI_REGISTRY (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  enqueue_set (self, self->failed);
  pump (self);
}

gboolean
roster_npi_registry_get_busy (RosterNpiRegistry *self)
{
  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), FALSE);

  return self->busy;
}

static const RosterNpiRecord *
lookup_cb (const char *npi,
           gpointer    user_data)
{
  return roster_npi_registry_lookup (user_data, npi);
}

/**
 * roster_npi_registry_check_request:
 *
 * The registry's warnings about @request, from what is known now; see
 * roster_npi_check_request().
 *
 * Returns: (transfer full) (element-type RosterIssue): the warnings
 */
GPtrArray *
roster_npi_registry_check_request (RosterNpiRegistry *self,
                                   RosterRequest     *request)
{
  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), NULL);

  return roster_npi_check_request (request, lookup_cb, self);
}

/**
 * roster_npi_registry_describe_request:
 *
 * The line to show beside each NPI of @request, from what is known now;
 * see roster_npi_describe_request().
 *
 * Returns: (transfer full) (element-type RosterIssue): the lines
 */
GPtrArray *
roster_npi_registry_describe_request (RosterNpiRegistry *self,
                                      RosterRequest     *request)
{
  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), NULL);

  return roster_npi_describe_request (request, lookup_cb, self);
}

/**
 * roster_npi_registry_request_all:
 *
 * roster_npi_registry_request() for every NPI of @request worth asking
 * about (roster_npi_collect()). Cheap enough for every change.
 */
void
roster_npi_registry_request_all (RosterNpiRegistry *self,
                                 RosterRequest     *request)
{
  g_autoptr(GPtrArray) npis = NULL;

  g_return_if_fail (ROSTER_IS_NPI_REGISTRY (self));

  npis = roster_npi_collect (request);
  for (guint i = 0; i < npis->len; i++)
    roster_npi_registry_request (self, g_ptr_array_index (npis, i));
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

/**
 * roster_npi_registry_wait:
 * @timeout_ms: the most to wait
 *
 * Runs the thread-default main context until every question asked is
 * answered or has failed, or @timeout_ms passed: for the command line,
 * which has no window to update later.
 *
 * Returns: %TRUE when nothing is left to ask
 */
gboolean
roster_npi_registry_wait (RosterNpiRegistry *self,
                          guint              timeout_ms)
{
  gint64 deadline;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (self->busy && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSource) tick = g_timeout_source_new (50);

      /* Wakes the loop now and then to look at the clock. */
      g_source_set_callback (tick, wake_cb, NULL, NULL);
      g_source_attach (tick, context);
      g_main_context_iteration (context, TRUE);
      g_source_destroy (tick);
    }

  return !self->busy;
}

/**
 * roster_npi_registry_describe_npi:
 * @npi: an NPI as typed
 *
 * Returns: (transfer full) (nullable): the line to show beside @npi: the
 *   registry's answer (roster_npi_record_describe()), "Not checked yet",
 *   or %NULL when @npi is not a valid NPI
 */
char *
roster_npi_registry_describe_npi (RosterNpiRegistry *self,
                                  const char        *npi)
{
  g_autofree char *normalized = NULL;
  const RosterNpiRecord *record;

  g_return_val_if_fail (ROSTER_IS_NPI_REGISTRY (self), NULL);

  normalized = roster_text_normalize (npi);
  if (!roster_validate_npi (normalized, NULL))
    return NULL;

  if ((record = roster_npi_registry_lookup (self, normalized)) == NULL)
    return g_strdup (_("Not checked yet"));

  return roster_npi_record_describe (record);
}

/**
 * roster_npi_registry_describe_checks:
 * @store: where the registry's answers are kept
 * @request: a request
 * @at: when the request was queued, µs since the epoch
 *
 * What a receipt says about the NPI Registry: for each NPI of @request,
 * what the registry answered and when, as known at @at (answers fetched
 * after it do not count), or that it was not checked.
 *
 * Returns: (transfer full) (element-type utf8): one line per NPI
 */
GPtrArray *
roster_npi_registry_describe_checks (RosterStore   *store,
                                     RosterRequest *request,
                                     gint64         at)
{
  g_autoptr(GPtrArray) npis = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ROSTER_IS_STORE (store), lines);
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), lines);

  npis = roster_npi_collect (request);
  for (guint i = 0; i < npis->len; i++)
    {
      const char *npi = g_ptr_array_index (npis, i);
      g_autofree char *answer = NULL;
      g_autoptr(RosterNpiRecord) record = NULL;
      gint64 fetched_at = 0;

      answer = roster_store_get_npi_answer (store, npi, at, &fetched_at);
      if (answer != NULL)
        record = roster_npi_record_parse (npi, answer, strlen (answer), NULL);

      if (record != NULL)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (fetched_at / G_USEC_PER_SEC);
          g_autofree char *day = g_date_time_format (when, "%x");
          g_autofree char *description = roster_npi_record_describe (record);

          /* TRANSLATORS: an NPI, what the NPI Registry says of it, and
           * the day it said so, e.g. "1234567893: JANE DOE, MD · person,
           * NPI-1 · active (checked on 12/06/2026)" */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %s (checked on %s)"), npi, description, day));
        }
      else
        g_ptr_array_add (lines, g_strdup_printf (_("%s: not checked with the NPI Registry"), npi));
    }

  return lines;
}
