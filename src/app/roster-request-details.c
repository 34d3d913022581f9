/* roster-request-details.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-details"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-dialog-parts.h"
#include "roster-folding-box.h"
#include "roster-npi-registry.h"
#include "roster-payload.h"
#include "roster-payload-summary.h"
#include "roster-receipt.h"
#include "roster-request-details.h"
#include "roster-request-list.h"

/*
 * A request that is no longer a draft: where it is (in the outbox, sent
 * with a tracking number, needing a look), and the answers that were
 * frozen for sending. A sent request can be saved as a PDF receipt; one
 * waiting in the outbox can be tried again at once.
 */

struct _RosterRequestDetails
{
  AdwBin               parent_instance;

  RosterStore         *store;
  char                *id;
  GPtrArray           *rows;     /* rows added by reload() */
  GPtrArray           *groups;   /* answer groups added by reload() */

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *status_group;
  GtkWidget           *retry_button;
  GtkWidget           *receipt_button;
};

G_DEFINE_FINAL_TYPE (RosterRequestDetails, roster_request_details, ADW_TYPE_BIN)

enum {
  RETRY_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_status_row (RosterRequestDetails *self,
                const char           *title,
                const char           *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;

  row = adw_action_row_new ();
  /* The HIE's words and the store's: plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (self->status_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_toast (RosterRequestDetails *self,
            const char           *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/* What the NPI Registry had said of the request's NPIs when it was
 * queued, for its receipt. */
static GPtrArray *
describe_npi_checks (RosterStore            *store,
                     const RosterOutboxItem *item)
{
  g_autoptr(RosterRequest) request = roster_payload_read (item->payload, NULL, NULL);

  if (request == NULL)
    return NULL;

  return roster_npi_registry_describe_checks (store, request, item->queued_at);
}

static void
receipt_file_chosen_cb (GFile    *file,
                        gpointer  user_data)
{
  g_autoptr(RosterRequestDetails) self = user_data;

  /* Nothing to save from details that were closed meanwhile. */
  if (file != NULL && self->store != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (self->store, self->id, NULL);
      g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (self->store, self->id, NULL);
      g_autoptr(GError) error = NULL;

      g_autoptr(GPtrArray) npi_checks = NULL;

      if (item != NULL)
        npi_checks = describe_npi_checks (self->store, item);

      if (path == NULL || entry == NULL || item == NULL ||
          !roster_receipt_export_pdf (entry, item->payload, npi_checks, path, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not save the receipt: %s"), error ? error->message : _("the file is not on this computer"));
          show_toast (self, message);
        }
      else
        show_toast (self, _("Receipt saved"));
    }
}

static void
save_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RosterRequestDetails *self = ROSTER_REQUEST_DETAILS (widget);
  g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (self->store, self->id, NULL);
  g_autofree char *name = NULL;

  /* Translators: a file name; %s is the HIE's tracking number. */
  name = g_strdup_printf (_("receipt-%s.pdf"), entry && entry->tracking_id ? entry->tracking_id : "request");
  roster_dialog_choose_file (widget, ROSTER_DIALOG_FILE_SAVE, _("Save Receipt"), _("_Save"), name,
                             NULL, receipt_file_chosen_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RosterRequestDetails *self = ROSTER_REQUEST_DETAILS (widget);
  g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (self->store, self->id, NULL);
  g_autoptr(GError) error = NULL;

  /* Due now, with the same bytes and key as before. */
  if (entry != NULL && entry->state == ROSTER_REQUEST_STATE_ATTENTION &&
      !roster_store_record_retry (self->store, self->id, g_get_real_time (),
                                  _("Waiting to be sent again."), &error))
    {
      show_toast (self, error->message);
      return;
    }

  g_signal_emit (self, signals[RETRY_REQUESTED], 0);
  roster_request_details_reload (self);
}

/**
 * roster_request_details_reload:
 *
 * Shows the request as the store has it now.
 */
void
roster_request_details_reload (RosterRequestDetails *self)
{
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autoptr(RosterOutboxItem) item = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *state = NULL;
  GtkWidget *group = NULL;
  const char *group_title = NULL;

  g_return_if_fail (ROSTER_IS_REQUEST_DETAILS (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->status_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  if (!(entry = roster_store_get_entry (self->store, self->id, NULL)))
    return;

  /* On a narrow window with large text the header cuts these short
   * ("Upstate Family Med…"): both are whole below, among the request's
   * answers (the name, the organization). */
  adw_window_title_set_title (self->window_title,
                              entry->person_name[0] != '\0' ? entry->person_name : _("Unnamed request"));
  adw_window_title_set_subtitle (self->window_title, entry->organization);

  state = roster_request_list_describe_state (entry);
  add_status_row (self, _("Request"), roster_store_entry_describe_kind (entry));
  add_status_row (self, _("Where it is"), state);
  add_status_row (self, _("Tracking number"), entry->tracking_id);
  add_status_row (self, _("Received by the HIE"), entry->received_at);
  add_status_row (self, _("Note from the HIE"), entry->hie_note);
  if (entry->state != ROSTER_REQUEST_STATE_SENT)
    add_status_row (self, _("Last attempt"), entry->last_error);

  gtk_widget_set_visible (self->receipt_button, entry->state == ROSTER_REQUEST_STATE_SENT);
  gtk_widget_set_visible (self->retry_button,
                          entry->state == ROSTER_REQUEST_STATE_QUEUED ||
                          entry->state == ROSTER_REQUEST_STATE_ATTENTION);

  if (!(item = roster_store_get_outbox_item (self->store, self->id, NULL)))
    return;

  lines = roster_payload_summarize (item->payload);
  for (guint i = 0; i < lines->len; i++)
    {
      const RosterAnswerLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row;

      if (group == NULL || g_strcmp0 (group_title, line->section_title) != 0)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), line->section_title);
          adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
          g_ptr_array_add (self->groups, group);
          group_title = line->section_title;
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->value);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
roster_request_details_dispose (GObject *object)
{
  RosterRequestDetails *self = (RosterRequestDetails *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_request_details_parent_class)->dispose (object);
}

static void
roster_request_details_class_init (RosterRequestDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_request_details_dispose;

  /**
   * RosterRequestDetails::retry-requested:
   *
   * The administrator asked to send the outbox now.
   */
  signals[RETRY_REQUESTED] =
    g_signal_new ("retry-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ROSTER_TYPE_FOLDING_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-request-details.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterRequestDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestDetails, page);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestDetails, status_group);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestDetails, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestDetails, receipt_button);

  gtk_widget_class_install_action (widget_class, "details.save-receipt", NULL, save_receipt_action);
  gtk_widget_class_install_action (widget_class, "details.retry", NULL, retry_action);
}

static void
roster_request_details_init (RosterRequestDetails *self)
{
  self->rows = g_ptr_array_new ();
  self->groups = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
roster_request_details_new (RosterStore *store,
                            const char  *id)
{
  RosterRequestDetails *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_REQUEST_DETAILS, NULL);
  self->store = g_object_ref (store);
  self->id = g_strdup (id);
  roster_request_details_reload (self);

  return GTK_WIDGET (self);
}

const char *
roster_request_details_get_id (RosterRequestDetails *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_DETAILS (self), NULL);

  return self->id;
}
