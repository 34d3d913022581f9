/* roster-request-list.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-list"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-icon.h"
#include "roster-request-list.h"

/*
 * Every request in the store, in three groups: Drafts (being written, or
 * sent back by the HIE), Outbox (frozen, waiting or needing a look), and
 * Sent (with the HIE's tracking number and status). A row opens its
 * request; a draft's row has a Delete button (the window offers Undo).
 */

struct _RosterRequestList
{
  AdwBin               parent_instance;

  RosterStore         *store;
  char                *search;
  GHashTable          *rows;   /* id → AdwActionRow */

  /* Template widgets */
  GtkStack            *stack;
  AdwPreferencesGroup *drafts_group;
  AdwPreferencesGroup *outbox_group;
  AdwPreferencesGroup *sent_group;
};

G_DEFINE_FINAL_TYPE (RosterRequestList, roster_request_list, ADW_TYPE_BIN)

enum {
  OPEN_REQUEST,
  DELETE_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
describe_hie_status (const char *status)
{
  if (g_strcmp0 (status, "received") == 0)
    return _("Received by the HIE");
  if (g_strcmp0 (status, "in_review") == 0)
    return _("In review at the HIE");
  if (g_strcmp0 (status, "completed") == 0)
    return _("Completed by the HIE");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected by the HIE");
  return _("Sent");
}

/**
 * roster_request_list_describe_state:
 *
 * Returns: (transfer full): where the request is, in words
 */
char *
roster_request_list_describe_state (const RosterStoreEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->state)
    {
    case ROSTER_REQUEST_STATE_DRAFT:
      return g_strdup (_("Draft"));

    case ROSTER_REQUEST_STATE_RETURNED:
      return g_strdup (_("Sent back by the HIE — fix the answers and submit again"));

    case ROSTER_REQUEST_STATE_QUEUED:
      if (entry->attempts == 0)
        return g_strdup (_("Waiting to be sent"));
      else
        {
          g_autoptr(GDateTime) next = g_date_time_new_from_unix_local (entry->next_attempt_at / G_USEC_PER_SEC);
          g_autofree char *time = g_date_time_format (next, "%X");

          return g_strdup_printf (_("Not delivered yet — next try at %s"), time);
        }

    case ROSTER_REQUEST_STATE_SENDING:
      return g_strdup (_("Sending — if Roster was closed meanwhile, the outcome is unknown and it will be sent again safely"));

    case ROSTER_REQUEST_STATE_ATTENTION:
      return g_strdup (_("Needs your attention"));

    case ROSTER_REQUEST_STATE_SENT:
      return g_strdup_printf ("%s · %s", describe_hie_status (entry->hie_status),
                              entry->tracking_id ? entry->tracking_id : "");

    case ROSTER_REQUEST_STATE_DELETED:
    default:
      return g_strdup ("");
    }
}

/**
 * roster_request_list_describe_when:
 * @updated_at: µs since the epoch
 *
 * Returns: (transfer full): "today at 10:32:05", or the day
 */
char *
roster_request_list_describe_when (gint64 updated_at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (updated_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      g_autofree char *time = g_date_time_format (when, "%X");
      return g_strdup_printf (_("today at %s"), time);
    }

  return g_date_time_format (when, "%x");
}

static void
row_activated_cb (AdwActionRow      *row,
                  RosterRequestList *self)
{
  g_signal_emit (self, signals[OPEN_REQUEST], 0, g_object_get_data (G_OBJECT (row), "roster-id"));
}

static void
delete_clicked_cb (GtkButton         *button,
                   RosterRequestList *self)
{
  g_signal_emit (self, signals[DELETE_REQUEST], 0, g_object_get_data (G_OBJECT (button), "roster-id"));
}

static GtkWidget *
create_row (RosterRequestList      *self,
            const RosterStoreEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *state = roster_request_list_describe_state (entry);
  g_autofree char *when = roster_request_list_describe_when (entry->updated_at);
  g_autofree char *subtitle = NULL;
  const char *name = entry->person_name[0] != '\0' ? entry->person_name : _("Unnamed request");

  subtitle = g_strdup_printf ("%s · %s · %s\n%s%s%s", roster_store_entry_describe_kind (entry),
                              entry->organization[0] != '\0' ? entry->organization : _("No organization yet"),
                              when, state,
                              entry->last_error && entry->state != ROSTER_REQUEST_STATE_SENT ? " — " : "",
                              entry->last_error && entry->state != ROSTER_REQUEST_STATE_SENT ? entry->last_error : "");

  /* Names and the HIE's words are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "roster-id", g_strdup (entry->id), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);

  if (entry->state == ROSTER_REQUEST_STATE_ATTENTION || entry->state == ROSTER_REQUEST_STATE_RETURNED)
    {
      GtkWidget *icon = roster_icon_new_named ("dialog-warning-symbolic", _("Needs your attention"));

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  if (entry->state == ROSTER_REQUEST_STATE_DRAFT || entry->state == ROSTER_REQUEST_STATE_RETURNED)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Delete the draft for %s"), name);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Delete Draft"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "roster-id", g_strdup (entry->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("go-next-symbolic"));

  return row;
}

static AdwPreferencesGroup *
group_for (RosterRequestList  *self,
           RosterRequestState  state)
{
  switch (state)
    {
    case ROSTER_REQUEST_STATE_DRAFT:
    case ROSTER_REQUEST_STATE_RETURNED:
      return self->drafts_group;

    case ROSTER_REQUEST_STATE_SENT:
      return self->sent_group;

    case ROSTER_REQUEST_STATE_QUEUED:
    case ROSTER_REQUEST_STATE_SENDING:
    case ROSTER_REQUEST_STATE_ATTENTION:
    case ROSTER_REQUEST_STATE_DELETED:
    default:
      return self->outbox_group;
    }
}

/**
 * roster_request_list_reload:
 *
 * Reads the list again from the store, after a change.
 */
void
roster_request_list_reload (RosterRequestList *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer row;
  guint counts[3] = { 0, 0, 0 };

  g_return_if_fail (ROSTER_IS_REQUEST_LIST (self));

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
  g_hash_table_remove_all (self->rows);

  if (!(entries = roster_store_list (self->store, self->search, &error)))
    {
      g_warning ("Could not list the requests: %s", error->message);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);
      AdwPreferencesGroup *group = group_for (self, entry->state);
      GtkWidget *new_row = create_row (self, entry);

      adw_preferences_group_add (group, new_row);
      g_hash_table_insert (self->rows, g_strdup (entry->id), new_row);
      counts[group == self->drafts_group ? 0 : group == self->outbox_group ? 1 : 2]++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->drafts_group), counts[0] > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->outbox_group), counts[1] > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->sent_group), counts[2] > 0);

  if (entries->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, self->search != NULL ? "no-results" : "empty");
}

static void
roster_request_list_dispose (GObject *object)
{
  RosterRequestList *self = (RosterRequestList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (roster_request_list_parent_class)->dispose (object);
}

static void
roster_request_list_class_init (RosterRequestListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_request_list_dispose;

  /**
   * RosterRequestList::open-request:
   * @id: the request the administrator picked
   */
  signals[OPEN_REQUEST] =
    g_signal_new ("open-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RosterRequestList::delete-request:
   * @id: the draft the administrator wants to delete
   */
  signals[DELETE_REQUEST] =
    g_signal_new ("delete-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-request-list.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterRequestList, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestList, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestList, outbox_group);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestList, sent_group);
}

static void
roster_request_list_init (RosterRequestList *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
roster_request_list_new (RosterStore *store)
{
  RosterRequestList *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  self = g_object_new (ROSTER_TYPE_REQUEST_LIST, NULL);
  self->store = g_object_ref (store);
  roster_request_list_reload (self);

  return GTK_WIDGET (self);
}

/**
 * roster_request_list_set_search:
 * @search: (nullable): text to find in names and emails
 */
void
roster_request_list_set_search (RosterRequestList *self,
                                const char        *search)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LIST (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (search, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  roster_request_list_reload (self);
}

/**
 * roster_request_list_get_row:
 *
 * Returns: (transfer none) (nullable): the row of @id
 */
GtkWidget *
roster_request_list_get_row (RosterRequestList *self,
                             const char        *id)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LIST (self), NULL);

  return g_hash_table_lookup (self->rows, id);
}

/**
 * roster_request_list_get_n_rows:
 * @group: "drafts", "outbox" or "sent"
 */
guint
roster_request_list_get_n_rows (RosterRequestList *self,
                                const char        *group)
{
  AdwPreferencesGroup *wanted;
  GHashTableIter iter;
  gpointer row;
  guint count = 0;

  g_return_val_if_fail (ROSTER_IS_REQUEST_LIST (self), 0);

  wanted = g_str_equal (group, "drafts") ? self->drafts_group
         : g_str_equal (group, "outbox") ? self->outbox_group
         : self->sent_group;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      if (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) == GTK_WIDGET (wanted))
        count++;
    }

  return count;
}
