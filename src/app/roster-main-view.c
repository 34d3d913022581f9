/* roster-main-view.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-main-view"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-bulk-terminate-dialog.h"
#include "roster-delivery.h"
#include "roster-dialog-parts.h"
#include "roster-draft.h"
#include "roster-folding-box.h"
#include "roster-icon.h"
#include "roster-main-view.h"
#include "roster-payload.h"
#include "roster-people-view.h"
#include "roster-person-page.h"
#include "roster-request-details.h"
#include "roster-secret.h"

/*
 * What the main window shows: the list of requests (Drafts, Outbox,
 * Sent), the editor of one draft, or the details of a request that was
 * submitted. It owns the pieces that keep work safe and moving:
 *
 * - the open draft's autosave (and, in the store, which draft is open,
 *   so a crash reopens it where it was);
 * - the delivery of the outbox: after a submit, at start, when the
 *   network comes back (GNetworkMonitor is a hint, not a gate), and when
 *   the next retry is due;
 * - the HIE's status of sent requests, refreshed now and then.
 */

#define OPEN_REQUEST_KEY "open-request"
#define STATUS_REFRESH_SECONDS (15 * 60)

struct _RosterMainView
{
  AdwBin               parent_instance;

  RosterStore         *store;
  GSettings           *settings;
  RosterRequestList   *list;
  RosterPeopleView    *people;

  /* The open draft */
  RosterRequestEditor *editor;
  RosterRequest       *request;
  RosterAutosave      *autosave;
  char                *open_id;
  guint                duplicate_check_id;
  GHashTable          *warned;    /* ids already offered as duplicates */
  GtkWidget           *chooser;   /* the "which request?" alert, while shown */

  RosterNpiRegistry   *npi_registry;  /* NULL when NPI lookups are off */

  /* Delivery */
  char                *endpoint;
  RosterIntakeClient  *client;
  RosterDelivery      *delivery;
  GCancellable        *cancellable;
  guint                retry_timer_id;
  guint                status_timer_id;
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwBreakpoint       *narrow;
  GtkWidget           *narrow_title;
#else
  guint                switcher_bar_id;  /* the bar's reveal, pending */
#endif
  GNetworkMonitor     *network_monitor;
  gulong               network_handler;
  gboolean             flush_again;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkWidget           *list_page;
  AdwHeaderBar        *list_header;
  GtkWidget           *menu_slot;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *search_button;
  GtkRevealer         *banner;
  GtkLabel            *banner_label;
  AdwBin              *list_bin;
  AdwViewStack        *view_stack;
  GtkWidget           *switcher_title;  /* deprecated in libadwaita 1.4, unused there */
  AdwViewSwitcherBar  *switcher_bar;
  AdwBin              *people_bin;
  AdwBin              *person_bin;
  AdwBin              *editor_bin;
  AdwBin              *details_bin;
};

G_DEFINE_FINAL_TYPE (RosterMainView, roster_main_view, ADW_TYPE_BIN)

static void show_toast (RosterMainView *self,
                        const char     *title);
static void schedule_retry (RosterMainView *self);
static RosterPeopleView *ensure_people (RosterMainView *self);

/* The view switcher ------------------------------------------------------ */

#if ADW_CHECK_VERSION (1, 4, 0)
/* libadwaita 1.4 deprecates the switcher title: the header bar shows the
 * view switcher, and a breakpoint on the window (in sp, so that large
 * text moves it) puts the window's title there and reveals the bar below
 * instead. Only compiled here (check-newer-headers), never run: Debian 12
 * has libadwaita 1.2. */
static void
setup_view_switcher (RosterMainView *self)
{
  GtkWidget *switcher = adw_view_switcher_new ();

  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->view_stack);
  adw_header_bar_set_title_widget (self->list_header, switcher);
  self->narrow_title = g_object_ref_sink (adw_window_title_new (_("Roster"), ""));
}

static void
roster_main_view_root (GtkWidget *widget)
{
  RosterMainView *self = ROSTER_MAIN_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (roster_main_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (self->narrow != NULL || !ADW_IS_APPLICATION_WINDOW (root))
    return;

  self->narrow = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 550sp"));
  adw_breakpoint_add_setters (self->narrow,
                              G_OBJECT (self->list_header), "title-widget", self->narrow_title,
                              G_OBJECT (self->switcher_bar), "reveal", TRUE,
                              NULL);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (root), self->narrow);
}
#else
static gboolean
reveal_switcher_bar_cb (gpointer user_data)
{
  RosterMainView *self = user_data;

  self->switcher_bar_id = 0;
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (self->switcher_title)));

  return G_SOURCE_REMOVE;
}

/* The switcher title says whether it had room for its switcher while it
 * is being allocated. Revealed right then, the bar below would get the
 * height the box had already given it, none, and GTK warns of children
 * allocated a height of -1 (libadwaita 1.2's documented binding of the
 * bar's reveal to title-visible does this whenever a window opens too
 * narrow for the switcher, as with large text at 360 px). Revealed once
 * that allocation is over, the bar is measured in the next one. */
static void
title_visible_changed_cb (RosterMainView *self)
{
  if (self->switcher_bar_id == 0)
    self->switcher_bar_id = g_idle_add_full (G_PRIORITY_DEFAULT, reveal_switcher_bar_cb, self, NULL);
}

static void
setup_view_switcher (RosterMainView *self)
{
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (title_visible_changed_cb), self, G_CONNECT_SWAPPED);
}
#endif

/* The banner ---------------------------------------------------------------- */

static void
show_banner (RosterMainView *self,
             const char     *text)
{
  gtk_label_set_text (self->banner_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->banner, text != NULL);
}

static void
update_banner (RosterMainView *self)
{
  if (self->endpoint == NULL || self->endpoint[0] == '\0')
    show_banner (self, _("Requests in the outbox can’t be sent until the HIE’s intake endpoint is set in Preferences."));
  else if (self->delivery == NULL)
    show_banner (self, _("Requests in the outbox can’t be sent until the HIE’s API token is entered in Preferences."));
  else if (roster_delivery_get_paused (self->delivery) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sending is paused. %s"), roster_delivery_get_paused (self->delivery));
      show_banner (self, text);
    }
  else
    show_banner (self, NULL);
}

/* Delivery ------------------------------------------------------------------- */

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RosterMainView) self = user_data;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = roster_delivery_flush_finish (ROSTER_DELIVERY (object), result, &error);

  if (report == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_PAUSED) &&
      !g_error_matches (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_BUSY))
    show_toast (self, error->message);

  if (report != NULL && report->sent > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u request reached the HIE", "%u requests reached the HIE",
                                                         report->sent),
                                               report->sent);
      show_toast (self, text);
    }

  roster_request_list_reload (self->list);
  update_banner (self);
  schedule_retry (self);

  if (self->flush_again)
    {
      self->flush_again = FALSE;
      roster_main_view_flush (self);
    }
}

/**
 * roster_main_view_flush:
 *
 * Sends what is due in the outbox, now.
 */
void
roster_main_view_flush (RosterMainView *self)
{
  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  if (self->delivery == NULL || roster_delivery_get_paused (self->delivery) != NULL)
    {
      update_banner (self);
      return;
    }

  roster_delivery_flush_async (self->delivery, self->cancellable, flush_done_cb, g_object_ref (self));
}

static gboolean
retry_timer_cb (gpointer user_data)
{
  RosterMainView *self = user_data;

  self->retry_timer_id = 0;
  roster_main_view_flush (self);

  return G_SOURCE_REMOVE;
}

/* One timer, for the earliest retry due. */
static void
schedule_retry (RosterMainView *self)
{
  g_autoptr(GPtrArray) entries = roster_store_list (self->store, NULL, NULL);
  gint64 earliest = G_MAXINT64;
  gint64 now = g_get_real_time ();

  g_clear_handle_id (&self->retry_timer_id, g_source_remove);

  if (entries == NULL || self->delivery == NULL)
    return;

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state == ROSTER_REQUEST_STATE_QUEUED && entry->next_attempt_at > 0)
        earliest = MIN (earliest, entry->next_attempt_at);
    }

  if (earliest == G_MAXINT64)
    return;

  self->retry_timer_id = g_timeout_add_seconds (CLAMP ((earliest - now) / G_USEC_PER_SEC + 1, 1, 3600),
                                                retry_timer_cb, self);
}

static void
network_changed_cb (RosterMainView *self,
                    gboolean        available)
{
  /* A hint only, never a gate: the network is back, so what waited out
   * an outage is due now, and a flush finds out whether the HIE answers. */
  if (available && self->delivery != NULL)
    {
      roster_store_make_due (self->store, g_get_real_time (), NULL);
      roster_main_view_flush (self);
    }
}

/* The network monitor is watched from the first delivery on, not at
 * start: it is only a hint for delivery, and making it loads GIO's
 * modules and, on most desktops, asks NetworkManager over the system
 * bus, before the first frame. */
static void
watch_network (RosterMainView *self)
{
  if (self->network_monitor != NULL)
    return;

  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_handler = g_signal_connect_swapped (self->network_monitor, "network-changed",
                                                    G_CALLBACK (network_changed_cb), self);
}

typedef struct
{
  RosterMainView *self;
  char           *id;
} StatusData;

static void
status_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  StatusData *data = user_data;
  g_autoptr(RosterMainView) self = data->self;
  g_autofree char *id = data->id;
  g_autoptr(RosterIntakeStatus) status = NULL;

  g_free (data);

  if (!(status = roster_intake_client_get_status_finish (ROSTER_INTAKE_CLIENT (object), result, NULL)))
    return;

  if (roster_store_record_status (self->store, id, status->status, status->note, NULL))
    roster_request_list_reload (self->list);
}

static gboolean
refresh_statuses_cb (gpointer user_data)
{
  RosterMainView *self = user_data;
  g_autoptr(GPtrArray) entries = NULL;

  if (self->client == NULL || !(entries = roster_store_list (self->store, NULL, NULL)))
    return G_SOURCE_CONTINUE;

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);
      StatusData *data;

      /* Completed and rejected are final. */
      if (entry->state != ROSTER_REQUEST_STATE_SENT || entry->tracking_id == NULL ||
          g_strcmp0 (entry->hie_status, "completed") == 0 || g_strcmp0 (entry->hie_status, "rejected") == 0)
        continue;

      data = g_new0 (StatusData, 1);
      data->self = g_object_ref (self);
      data->id = g_strdup (entry->id);
      roster_intake_client_get_status_async (self->client, entry->tracking_id, self->cancellable,
                                             status_done_cb, data);
    }

  return G_SOURCE_CONTINUE;
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RosterMainView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = result ? roster_secret_lookup_token_finish (result, &error)
                                  : g_strdup (roster_secret_get_environment_token ());

  if (token == NULL || self->client == NULL)
    {
      update_banner (self);
      return;
    }

  roster_intake_client_set_token (self->client, token);
  g_clear_object (&self->delivery);
  self->delivery = roster_delivery_new (self->store, self->client);
  g_signal_connect_object (self->delivery, "request-changed",
                           G_CALLBACK (roster_request_list_reload), self->list, G_CONNECT_SWAPPED);
  watch_network (self);

  update_banner (self);
  roster_main_view_flush (self);
  refresh_statuses_cb (self);
}

/**
 * roster_main_view_set_npi_registry:
 * @registry: (nullable): where NPIs are looked up, or %NULL for nowhere
 *
 * The open editor and those opened later show @registry's answers
 * beside each NPI.
 */
void
roster_main_view_set_npi_registry (RosterMainView    *self,
                                   RosterNpiRegistry *registry)
{
  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (registry == NULL || ROSTER_IS_NPI_REGISTRY (registry));

  if (!g_set_object (&self->npi_registry, registry))
    return;

  if (self->editor != NULL)
    roster_request_editor_set_npi_registry (self->editor, registry);
}

/**
 * roster_main_view_set_endpoint:
 * @endpoint: (nullable): the intake endpoint, or %NULL when none is set
 *
 * (Re)starts delivery to @endpoint with the token the Secret Service
 * keeps for it. Called at start and when the preferences change; a
 * paused queue is resumed, since the administrator just acted.
 */
void
roster_main_view_set_endpoint (RosterMainView *self,
                               const char     *endpoint)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->delivery != NULL)
    roster_delivery_resume (self->delivery, NULL);
  g_clear_object (&self->delivery);
  g_clear_object (&self->client);
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);

  if (endpoint == NULL || endpoint[0] == '\0')
    {
      update_banner (self);
      return;
    }

  if (!(self->client = roster_intake_client_new (endpoint, &error)))
    {
      show_banner (self, error->message);
      return;
    }
  roster_intake_client_set_ca_file (self->client, g_getenv ("HIE_ROSTER_CA_FILE"));
  update_banner (self);

  {
    /* A paused queue from an earlier run waits for this: the token or the
     * endpoint may be new. */
    g_autoptr(RosterDelivery) resumer = roster_delivery_new (self->store, self->client);
    roster_delivery_resume (resumer, NULL);
  }

  /* HIE_ROSTER_TOKEN, for scripts, wins over the Secret Service here too. */
  if (roster_secret_get_environment_token () != NULL)
    token_found_cb (NULL, NULL, g_object_ref (self));
  else
    roster_secret_lookup_token_async (endpoint, self->cancellable, token_found_cb, g_object_ref (self));
}

/* The open draft ------------------------------------------------------------- */

static void
show_toast (RosterMainView *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
autosave_state_cb (RosterMainView *self)
{
  const GError *error;

  if (self->autosave == NULL || self->editor == NULL)
    return;

  if ((error = roster_autosave_get_error (self->autosave)))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      roster_request_editor_set_save_state (self->editor, _("Not saved"), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->editor), NULL);
      show_toast (self, text);
    }
  else if (roster_autosave_get_dirty (self->autosave))
    roster_request_editor_set_save_state (self->editor, _("Saving…"), FALSE);
  else
    roster_request_editor_set_save_state (self->editor, _("Saved"), FALSE);
}

static void
step_changed_cb (RosterMainView *self,
                 const char     *step)
{
  if (self->autosave != NULL)
    roster_autosave_set_step (self->autosave, step);
}

static void
close_editor (RosterMainView *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->duplicate_check_id, g_source_remove);

  if (self->autosave != NULL && !roster_autosave_save_now (self->autosave, &error))
    show_toast (self, error->message);

  g_clear_object (&self->autosave);
  g_clear_object (&self->request);
  g_clear_pointer (&self->open_id, g_free);
  adw_bin_set_child (self->editor_bin, NULL);
  self->editor = NULL;
  g_hash_table_remove_all (self->warned);

  roster_store_set_meta (self->store, OPEN_REQUEST_KEY, NULL, NULL);
}

static void
editor_submit_cb (RosterMainView *self)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (self->open_id);

  if (!roster_autosave_save_now (self->autosave, &error))
    {
      show_toast (self, error->message);
      return;
    }

  /* Frozen here: these exact bytes, their checksum and one key. */
  payload = roster_payload_write (self->request);
  if (!roster_store_queue (self->store, id, payload, &error))
    {
      show_toast (self, error->message);
      return;
    }

  close_editor (self);
  roster_main_view_show_list (self);
  show_toast (self, self->delivery != NULL ? _("Request added to the outbox; sending it now")
                                           : _("Request added to the outbox"));
  roster_main_view_flush (self);
}

static void
open_duplicate_cb (AdwToast       *toast,
                   RosterMainView *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "roster-id");

  roster_main_view_open_request (self, id);
}

static gboolean
check_duplicates_cb (gpointer user_data)
{
  RosterMainView *self = user_data;
  g_autoptr(GPtrArray) matches = NULL;

  self->duplicate_check_id = 0;

  if (self->request == NULL ||
      !(matches = roster_store_find_pending_for (self->store, self->request, self->open_id, NULL)))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < matches->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (matches, i);
      g_autofree char *title = NULL;
      AdwToast *toast;

      if (g_hash_table_contains (self->warned, entry->id))
        continue;
      g_hash_table_add (self->warned, g_strdup (entry->id));

      title = g_strdup_printf (entry->state == ROSTER_REQUEST_STATE_DRAFT || entry->state == ROSTER_REQUEST_STATE_RETURNED
                                 ? _("%s already has a request in Drafts")
                                 : _("%s already has a request in the Outbox"),
                               entry->person_name);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Open It"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
      g_object_set_data_full (G_OBJECT (toast), "roster-id", g_strdup (entry->id), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_duplicate_cb), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
identity_changed_cb (RosterMainView *self)
{
  g_clear_handle_id (&self->duplicate_check_id, g_source_remove);
  self->duplicate_check_id = g_timeout_add (1500, check_duplicates_cb, self);
}

/* The duplicate-person check runs again when the person's name or email
 * changes, whichever fields of the request's form hold them. */
static void
watch_identity (RosterMainView *self,
                RosterRequest  *request)
{
  static const RosterFieldRole identity[] = {
    ROSTER_ROLE_PERSON_EMAIL, ROSTER_ROLE_PERSON_FIRST_NAME, ROSTER_ROLE_PERSON_LAST_NAME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    {
      const RosterField *field = roster_form_get_role_field (roster_request_get_form (request), identity[i]);
      g_autofree char *signal = NULL;

      if (field == NULL)
        continue;

      signal = g_strconcat ("changed::", field->id, NULL);
      g_signal_connect_object (request, signal, G_CALLBACK (identity_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
show_editor (RosterMainView *self,
             const char     *id,
             RosterRequest  *request,
             const char     *step,
             const char     *server_errors)
{
  GtkWidget *editor = roster_request_editor_new (request, step);

  roster_request_editor_set_npi_registry (ROSTER_REQUEST_EDITOR (editor), self->npi_registry);

  self->open_id = g_strdup (id);
  self->request = g_object_ref (request);
  self->editor = ROSTER_REQUEST_EDITOR (editor);
  adw_bin_set_child (self->editor_bin, editor);

  if (server_errors != NULL)
    {
      g_autoptr(GPtrArray) issues = roster_issues_from_server (roster_request_get_form (request), server_errors);
      roster_request_editor_set_server_issues (self->editor, issues);
    }

  self->autosave = roster_autosave_new (self->store, id, request);
  if (self->settings != NULL)
    roster_autosave_set_delay (self->autosave, g_settings_get_uint (self->settings, "autosave-delay"));
  g_signal_connect_object (self->autosave, "notify::dirty", G_CALLBACK (autosave_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->autosave, "notify::error", G_CALLBACK (autosave_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "step-changed", G_CALLBACK (step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "submit", G_CALLBACK (editor_submit_cb), self, G_CONNECT_SWAPPED);
  watch_identity (self, request);
  roster_request_editor_set_save_state (self->editor, _("Saved"), FALSE);

  roster_store_set_meta (self->store, OPEN_REQUEST_KEY, id, NULL);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

/* The organization defaults from Preferences, as answers of a new request.
 * They are ordinary answers: the administrator can change them in each
 * request, and a hidden one is not sent. */
static RosterRequest *
create_prefilled_request (RosterMainView   *self,
                          const RosterForm *form)
{
  static const struct {
    const char      *key;
    RosterFieldRole  role;
  } defaults[] = {
    { "organization-name", ROSTER_ROLE_ORGANIZATION },
    { "submitter-name", ROSTER_ROLE_SUBMITTER_NAME },
    { "submitter-email", ROSTER_ROLE_SUBMITTER_EMAIL },
  };
  RosterRequest *request = roster_request_new (form);

  if (self->settings == NULL)
    return request;

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autofree char *value = g_settings_get_string (self->settings, defaults[i].key);

      g_strstrip (value);
      if (value[0] != '\0')
        roster_request_set_role_text (request, defaults[i].role, value);
    }

  return request;
}

/**
 * roster_main_view_start_request:
 * @form: the form to fill in
 *
 * Starts a draft of @form, pre-filled from Preferences and saved from its
 * first moment, and opens it.
 */
void
roster_main_view_start_request (RosterMainView   *self,
                                const RosterForm *form)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (form != NULL);

  close_editor (self);

  request = create_prefilled_request (self, form);
  if (!(id = roster_store_create_draft (self->store, request, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  show_editor (self, id, request, NULL, NULL);
}

/**
 * roster_main_view_start_request_for:
 * @person: the person the request is about
 * @action: what it is to do
 *
 * Starts a request of the form that does @action, pre-filled from
 * Preferences and from what Roster knows of @person, and opens it.
 */
void
roster_main_view_start_request_for (RosterMainView     *self,
                                    const RosterPerson *person,
                                    RosterPersonAction  action)
{
  const RosterForm *form = roster_person_action_get_form (action);
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (person != NULL);
  g_return_if_fail (form != NULL);

  close_editor (self);

  request = create_prefilled_request (self, form);
  roster_person_fill_request (person, action, request);
  if (!(id = roster_store_create_draft (self->store, request, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  adw_bin_set_child (self->person_bin, NULL);
  show_editor (self, id, request, NULL, NULL);
}

/* What the request is about and who sends it: carried over when the
 * administrator turns to another form for the same person. */
static const RosterFieldRole carried_roles[] = {
  ROSTER_ROLE_PERSON_FIRST_NAME, ROSTER_ROLE_PERSON_LAST_NAME, ROSTER_ROLE_PERSON_EMAIL,
  ROSTER_ROLE_PERSON_NPI, ROSTER_ROLE_ORGANIZATION,
  ROSTER_ROLE_SUBMITTER_NAME, ROSTER_ROLE_SUBMITTER_EMAIL,
};

static void
carry_roles (RosterRequest *from,
             RosterRequest *to)
{
  for (guint i = 0; i < G_N_ELEMENTS (carried_roles); i++)
    {
      const char *text = roster_request_get_role_text (from, carried_roles[i]);

      if (text != NULL)
        roster_request_set_role_text (to, carried_roles[i], text);
    }
}

/* Whether @request holds nothing but what a new request of its form
 * starts with, plus the answers another form would carry over: such a
 * draft is a false start, not work to keep. */
static gboolean
is_false_start (RosterMainView *self,
                RosterRequest  *request)
{
  g_autoptr(RosterRequest) fresh = create_prefilled_request (self, roster_request_get_form (request));
  g_autoptr(GBytes) answered = NULL;
  g_autoptr(GBytes) started = NULL;

  carry_roles (request, fresh);
  answered = roster_draft_write (request);
  started = roster_draft_write (fresh);

  return g_bytes_equal (answered, started);
}

/**
 * roster_main_view_switch_form:
 * @form: the form to fill in instead
 *
 * Starts a request of @form for the person of the open draft, carrying
 * over their name, email, NPI and organization and the submitter. The
 * open draft is kept unless nothing was answered in it yet. With no
 * draft open, the same as roster_main_view_start_request().
 */
void
roster_main_view_switch_form (RosterMainView   *self,
                              const RosterForm *form)
{
  g_autoptr(RosterRequest) previous = NULL;
  g_autofree char *previous_id = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (form != NULL);

  if (self->request != NULL)
    {
      previous = g_object_ref (self->request);
      previous_id = g_strdup (self->open_id);
    }

  roster_main_view_start_request (self, form);

  /* Nothing was open, or the new draft could not be made (a toast says why). */
  if (previous == NULL || self->request == NULL)
    return;

  carry_roles (previous, self->request);

  if (!is_false_start (self, previous))
    return;

  if (!roster_store_delete_draft (self->store, previous_id, &error))
    show_toast (self, error->message);
}

static void
chooser_row_activated_cb (AdwActionRow   *row,
                          RosterMainView *self)
{
  const RosterForm *form = g_object_get_data (G_OBJECT (row), "roster-form");

  roster_dialog_alert_close (self->chooser);
  roster_main_view_start_request (self, form);
}

/**
 * roster_main_view_choose_request:
 *
 * Asks which request to start, one row per form with a line on when to
 * use it (the + button and Ctrl+N).
 */
void
roster_main_view_choose_request (RosterMainView *self)
{
  const RosterDialogResponse responses[] = { { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT }, { NULL } };
  GtkWidget *list;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  if (self->chooser != NULL)
    {
      roster_dialog_alert_present (self->chooser, GTK_WIDGET (self));
      return;
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Request to start"),
                                  -1);

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _((*form)->short_title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _((*form)->summary));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "roster-form", (gpointer) *form);
      g_signal_connect_object (row, "activated", G_CALLBACK (chooser_row_activated_cb), self, 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  self->chooser = roster_dialog_alert_new (GTK_WIDGET (self),
                                           _("New Request"),
                                           _("Which request do you want to start?"),
                                           list, responses, NULL, "cancel");
  g_object_add_weak_pointer (G_OBJECT (self->chooser), (gpointer *) &self->chooser);
  roster_dialog_alert_present (self->chooser, GTK_WIDGET (self));
  gtk_widget_grab_focus (gtk_widget_get_first_child (list));
}

/**
 * roster_main_view_open_request:
 *
 * Opens a draft in the editor, or a submitted request's details.
 */
void
roster_main_view_open_request (RosterMainView *self,
                               const char     *id)
{
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = NULL;
  g_autofree char *server_errors = NULL;
  g_autofree char *wanted = g_strdup (id);

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (id != NULL);

  close_editor (self);

  if (!(entry = roster_store_get_entry (self->store, wanted, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  if (entry->state != ROSTER_REQUEST_STATE_DRAFT && entry->state != ROSTER_REQUEST_STATE_RETURNED)
    {
      GtkWidget *details = roster_request_details_new (self->store, wanted);

      g_signal_connect_object (details, "retry-requested", G_CALLBACK (roster_main_view_flush), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->details_bin, details);
      gtk_stack_set_visible_child_name (self->stack, "details");
      return;
    }

  if (!(request = roster_store_load_draft (self->store, wanted, &step, &server_errors, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  show_editor (self, wanted, request, step, server_errors);
}

static void
person_start_request_cb (RosterMainView   *self,
                         int               action,
                         RosterPersonPage *page)
{
  roster_main_view_start_request_for (self, roster_person_page_get_person (page), action);
}

/* Ending several people's access ------------------------------------------- */

static void
undo_terminations_cb (AdwToast       *toast,
                      RosterMainView *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (toast), "roster-ids");
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (toast), "roster-undone", GINT_TO_POINTER (TRUE));
  if (!roster_store_withdraw_untried (self->store, ids, &error))
    show_toast (self, error->message);
  roster_main_view_show_list (self);
}

static void
terminations_toast_dismissed_cb (AdwToast       *toast,
                                 RosterMainView *self)
{
  /* The Undo is gone: send them. (Delivery that runs meanwhile, on a
   * timer or when the network returns, sends them too; Undo then says
   * it is too late.) */
  if (!g_object_get_data (G_OBJECT (toast), "roster-undone"))
    roster_main_view_flush (self);
}

static void
terminations_confirmed_cb (RosterMainView *self,
                           GPtrArray      *requests)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!(ids = roster_store_queue_new (self->store, requests, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  if (self->people != NULL)
    roster_people_view_set_selection_mode (self->people, FALSE);
  roster_main_view_show_list (self);

  title = g_strdup_printf (ngettext ("%u termination request is in the outbox",
                                     "%u termination requests are in the outbox", ids->len),
                           ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "roster-ids", g_steal_pointer (&ids), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_terminations_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (terminations_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * roster_main_view_end_access:
 * @people: (element-type RosterPersonObject): whose access ends
 *
 * Asks, once for all of them, the day and the reason their access ends,
 * then queues one termination per person together, with an Undo while
 * none has been sent.
 *
 * Returns: (transfer none): the dialog asking
 */
GtkWidget *
roster_main_view_end_access (RosterMainView *self,
                             GPtrArray      *people)
{
  const RosterForm *form = roster_person_action_get_form (ROSTER_PERSON_ACTION_TERMINATE);
  g_autoptr(RosterRequest) shared = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);
  g_return_val_if_fail (people != NULL && people->len > 0, NULL);
  g_return_val_if_fail (form != NULL, NULL);

  shared = create_prefilled_request (self, form);
  roster_people_new_termination_template (shared);
  dialog = roster_bulk_terminate_dialog_new (people, shared);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (terminations_confirmed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/**
 * roster_main_view_open_person:
 * @email: the person's email
 *
 * Shows a person's page: their services, their requests, and the
 * requests to start for them.
 */
void
roster_main_view_open_person (RosterMainView *self,
                              const char     *email)
{
  RosterPersonObject *person;
  GtkWidget *page;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));
  g_return_if_fail (email != NULL);

  if (!(person = roster_people_view_lookup (ensure_people (self), email)))
    return;

  close_editor (self);
  page = roster_person_page_new (self->store, person);
  g_signal_connect_object (page, "request-activated", G_CALLBACK (roster_main_view_open_request), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "start-request", G_CALLBACK (person_start_request_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->person_bin, page);
  gtk_stack_set_visible_child_name (self->stack, "person");
}

/**
 * roster_main_view_get_person_page:
 *
 * Returns: (transfer none) (nullable): the person's page shown, if any
 */
RosterPersonPage *
roster_main_view_get_person_page (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return ROSTER_PERSON_PAGE (adw_bin_get_child (self->person_bin));
}

RosterPeopleView *
roster_main_view_get_people (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return ensure_people (self);
}

void
roster_main_view_show_list (RosterMainView *self)
{
  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  close_editor (self);
  adw_bin_set_child (self->details_bin, NULL);
  adw_bin_set_child (self->person_bin, NULL);
  roster_request_list_reload (self->list);
  if (self->people != NULL)
    roster_people_view_reload (self->people);
  gtk_widget_set_visible (self->list_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/**
 * roster_main_view_restore:
 *
 * At start: reopens the draft that was open when Roster last stopped
 * (however it stopped), or shows the list.
 */
void
roster_main_view_restore (RosterMainView *self)
{
  g_autofree char *open_id = NULL;

  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  roster_store_purge_deleted (self->store, NULL);

  if ((open_id = roster_store_get_meta (self->store, OPEN_REQUEST_KEY)))
    {
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (self->store, open_id, NULL);

      if (entry != NULL && (entry->state == ROSTER_REQUEST_STATE_DRAFT || entry->state == ROSTER_REQUEST_STATE_RETURNED))
        {
          roster_main_view_open_request (self, open_id);
          return;
        }
    }

  roster_main_view_show_list (self);

  if (roster_store_get_moved_aside (self->store) != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("Roster’s database was damaged. It was kept as “%s” and Roster started a new one."),
                         roster_store_get_moved_aside (self->store));
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/**
 * roster_main_view_close:
 *
 * Saves the open draft before the window closes.
 *
 * Returns: %TRUE when everything is saved
 */
gboolean
roster_main_view_close (RosterMainView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), TRUE);

  if (self->autosave != NULL && !roster_autosave_save_now (self->autosave, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/* Deleting, with Undo ------------------------------------------------------- */

static void
undo_delete_cb (AdwToast       *toast,
                RosterMainView *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "roster-id");
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  g_object_set_data (G_OBJECT (toast), "roster-undone", GINT_TO_POINTER (TRUE));
  if (!roster_store_undelete_draft (self->store, id, &error))
    show_toast (self, error->message);
  roster_request_list_reload (self->list);
}

static void
delete_toast_dismissed_cb (AdwToast       *toast,
                           RosterMainView *self)
{
  /* The Undo is gone: now it is gone for good. (A toast outliving the
   * view is dismissed when the window goes; the next start purges.) */
  if (self->store != NULL && !g_object_get_data (G_OBJECT (toast), "roster-undone"))
    roster_store_purge_deleted (self->store, NULL);
}

static void
delete_request_cb (RosterMainView *self,
                   const char     *id)
{
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!roster_store_delete_draft (self->store, id, &error))
    {
      show_toast (self, error->message);
      return;
    }

  roster_request_list_reload (self->list);

  toast = adw_toast_new (_("Draft deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "roster-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (delete_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Actions -------------------------------------------------------------------- */

static void
new_request_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  roster_main_view_choose_request (ROSTER_MAIN_VIEW (widget));
}

static void
start_request_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RosterMainView *self = ROSTER_MAIN_VIEW (widget);
  const RosterForm *form = roster_form_lookup (g_variant_get_string (parameter, NULL));

  g_return_if_fail (form != NULL);

  roster_main_view_switch_form (self, form);
}

static void
show_people_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RosterMainView *self = ROSTER_MAIN_VIEW (widget);

  roster_main_view_show_list (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "people");
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  roster_main_view_show_list (ROSTER_MAIN_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterMainView *self = ROSTER_MAIN_VIEW (widget);

  roster_main_view_show_list (self);
  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
send_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  roster_main_view_flush (ROSTER_MAIN_VIEW (widget));
}

/*
 * The list page is visible only while it is shown. GTK styles every
 * visible widget, a stack's other pages included, and loads their icons
 * (two large SVGs among the list's), so a list left visible behind a
 * draft opened at start would cost the editor's first frame all that.
 * It is hidden once the crossfade away from it has ended (at once when
 * the window is not mapped yet), and shown again by
 * roster_main_view_show_list().
 */
static void
hide_list_page_cb (RosterMainView *self)
{
  if (gtk_stack_get_visible_child (self->stack) != self->list_page &&
      !gtk_stack_get_transition_running (self->stack))
    gtk_widget_set_visible (self->list_page, FALSE);
}

/* The People page is built the first time it is needed (shown, looked
 * in, or asked for), not with the window: most starts never show it,
 * and its widgets were a tenth of the first frame. */
static RosterPeopleView *
ensure_people (RosterMainView *self)
{
  if (self->people != NULL)
    return self->people;

  self->people = ROSTER_PEOPLE_VIEW (roster_people_view_new (self->store, self->settings));
  g_signal_connect_object (self->people, "person-activated", G_CALLBACK (roster_main_view_open_person), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->people, "terminate-requested", G_CALLBACK (roster_main_view_end_access), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->people, "toast", G_CALLBACK (show_toast), self, G_CONNECT_SWAPPED);
  roster_people_view_set_search (self->people, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  adw_bin_set_child (self->people_bin, GTK_WIDGET (self->people));

  return self->people;
}

/* One search for both pages: what was typed still applies after
 * switching. */
static void
search_changed_cb (RosterMainView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  roster_request_list_set_search (self->list, text);
  if (self->people != NULL)
    roster_people_view_set_search (self->people, text);
}

static void
view_changed_cb (RosterMainView *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "people") == 0)
    roster_people_view_reload (ensure_people (self));
}

static void
roster_main_view_dispose (GObject *object)
{
  RosterMainView *self = (RosterMainView *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_timer_id, g_source_remove);
  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  g_clear_handle_id (&self->duplicate_check_id, g_source_remove);
#if ADW_CHECK_VERSION (1, 4, 0)
  g_clear_object (&self->narrow_title);
#else
  g_clear_handle_id (&self->switcher_bar_id, g_source_remove);
#endif
  g_clear_signal_handler (&self->network_handler, self->network_monitor);
  if (self->chooser != NULL)
    roster_dialog_alert_close (self->chooser);
  g_clear_object (&self->network_monitor);

  if (self->store != NULL)
    close_editor (self);

  g_clear_object (&self->delivery);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->npi_registry);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->warned, g_hash_table_unref);

  G_OBJECT_CLASS (roster_main_view_parent_class)->dispose (object);
}

static void
roster_main_view_class_init (RosterMainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_main_view_dispose;
#if ADW_CHECK_VERSION (1, 4, 0)
  widget_class->root = roster_main_view_root;
#endif

  g_type_ensure (ROSTER_TYPE_FOLDING_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-main-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, list_page);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, list_header);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, menu_slot);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, search_button);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, banner);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, list_bin);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, people_bin);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, person_bin);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, editor_bin);
  gtk_widget_class_bind_template_child (widget_class, RosterMainView, details_bin);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hide_list_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "main.new-request", NULL, new_request_action);
  gtk_widget_class_install_action (widget_class, "main.start-request", "s", start_request_action);
  gtk_widget_class_install_action (widget_class, "main.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "main.show-people", NULL, show_people_action);
  gtk_widget_class_install_action (widget_class, "main.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "main.send-now", NULL, send_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "main.new-request", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "main.search", NULL);
}

static void
roster_main_view_init (RosterMainView *self)
{
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  setup_view_switcher (self);
}

/**
 * roster_main_view_new:
 * @store: the store
 * @settings: (nullable): the application's settings (organization
 *   defaults, autosave delay)
 *
 * Returns: (transfer floating): the main view; call
 *   roster_main_view_restore() once it is in a window
 */
GtkWidget *
roster_main_view_new (RosterStore *store,
                      GSettings   *settings)
{
  RosterMainView *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  self = g_object_new (ROSTER_TYPE_MAIN_VIEW, NULL);
  self->store = g_object_ref (store);
  self->settings = settings ? g_object_ref (settings) : NULL;

  self->list = ROSTER_REQUEST_LIST (roster_request_list_new (store));
  g_signal_connect_object (self->list, "open-request", G_CALLBACK (roster_main_view_open_request), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "delete-request", G_CALLBACK (delete_request_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->list_bin, GTK_WIDGET (self->list));

  self->status_timer_id = g_timeout_add_seconds (STATUS_REFRESH_SECONDS, refresh_statuses_cb, self);

  update_banner (self);

  return GTK_WIDGET (self);
}

RosterRequestList *
roster_main_view_get_list (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return self->list;
}

/**
 * roster_main_view_get_editor:
 *
 * Returns: (transfer none) (nullable): the editor of the open draft
 */
RosterRequestEditor *
roster_main_view_get_editor (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return self->editor;
}

/**
 * roster_main_view_get_autosave:
 *
 * Returns: (transfer none) (nullable): the open draft's autosave
 */
RosterAutosave *
roster_main_view_get_autosave (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return self->autosave;
}

/**
 * roster_main_view_get_banner:
 *
 * Returns: (nullable): the message shown above the list, or %NULL
 */
const char *
roster_main_view_get_banner (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return gtk_revealer_get_reveal_child (self->banner) ? gtk_label_get_text (self->banner_label) : NULL;
}

/**
 * roster_main_view_get_menu_slot:
 *
 * Returns: (transfer none): a box in the list's header bar where the
 *   window puts its primary menu
 */
GtkWidget *
roster_main_view_get_menu_slot (RosterMainView *self)
{
  g_return_val_if_fail (ROSTER_IS_MAIN_VIEW (self), NULL);

  return self->menu_slot;
}

/**
 * roster_main_view_refresh:
 *
 * The store changed behind the window (the command line queued or sent
 * something): list it again and deliver what is due.
 */
void
roster_main_view_refresh (RosterMainView *self)
{
  g_return_if_fail (ROSTER_IS_MAIN_VIEW (self));

  roster_request_list_reload (self->list);
  if (self->delivery != NULL)
    self->flush_again = TRUE;
  roster_main_view_flush (self);
}
