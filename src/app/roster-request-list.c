/* roster-request-list.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-icon.h"
#include "roster-request-list.h"
#include "roster-row-text.h"
#include "roster-text-column.h"

/*
 * Every request in the store, in three groups: Drafts (being written, or
 * sent back by the HIE), Outbox (frozen, waiting or needing a look), and
 * Sent (with the HIE's tracking number and status). A row opens its
 * request; a draft's row has a Delete button (the window offers Undo).
 *
 * The list is one recycling GtkGridView of one column over a flat model
 * of the rows, group after group: only the rows on screen have widgets,
 * so a store of 10,000 requests opens as fast as an empty one. A group's
 * heading is shown above its first row, in that row's widget, so arrows
 * move from request to request as they did between boxed-list rows, and
 * Tab goes from a row to its Delete button and on out of the list.
 */

typedef enum
{
  GROUP_DRAFTS,
  GROUP_OUTBOX,
  GROUP_SENT,
  N_GROUPS
} Group;

/* One request in the list's model. */
#define ROSTER_TYPE_REQUEST_ITEM (roster_request_item_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequestItem, roster_request_item, ROSTER, REQUEST_ITEM, GObject)

struct _RosterRequestItem
{
  GObject           parent_instance;

  RosterStoreEntry *entry;
  Group             group;
  guint             position;            /* among the rows shown */
  guint             first_in_group : 1;  /* among the rows shown */
  guint             last_in_group : 1;
  GtkWidget        *row;   /* the row widget showing it, while bound */
  char             *folded; /* name and email, ASCII letters lowered; made at the first search */
};

G_DEFINE_FINAL_TYPE (RosterRequestItem, roster_request_item, G_TYPE_OBJECT)

static void
roster_request_item_finalize (GObject *object)
{
  RosterRequestItem *self = (RosterRequestItem *)object;

  g_clear_pointer (&self->entry, roster_store_entry_free);
  g_free (self->folded);

  G_OBJECT_CLASS (roster_request_item_parent_class)->finalize (object);
}

static void
roster_request_item_class_init (RosterRequestItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = roster_request_item_finalize;
}

static void
roster_request_item_init (RosterRequestItem *self)
{
}

struct _RosterRequestList
{
  AdwBin               parent_instance;

  RosterStore         *store;
  char                *search;         /* ASCII letters lowered, newlines as spaces; NULL: none */
  GPtrArray           *all;            /* every RosterRequestItem, group after group */
  GListStore          *items;          /* the ones the search matches: the rows shown */
  guint                counts[N_GROUPS];
  gboolean             stale;          /* the store changed since the last load */
  gboolean             partial;        /* only the first screenful is read yet */
  guint                first_frame_id; /* then the rest, once it is on screen */
  guint                read_rest_id;

  /* Template widgets */
  GtkStack            *stack;
  GtkGridView         *grid_view;
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

/* The parts of one row widget, made once and shown again and again for
 * other requests as the list scrolls. */
typedef struct
{
  GtkWidget *heading;
  GtkWidget *title;
  GtkWidget *description;
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *name;
  GtkWidget *subtitle;
  GtkWidget *attention;
  GtkWidget *delete_button;
} RowParts;

static RosterRequestItem *
item_of_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "roster-item");
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  RosterRequestList *self)
{
  RosterRequestItem *item = item_of_row (GTK_WIDGET (row));

  if (item != NULL)
    g_signal_emit (self, signals[OPEN_REQUEST], 0, item->entry->id);
}

static GtkWidget *
find_row_at (RosterRequestList *self,
             guint              position)
{
  g_autoptr(RosterRequestItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item == NULL)
    return NULL;

  if (item->row == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);

  return item->row;
}

/* Each row is alone in its own boxed list: Up and Down past it go to the
 * row above or below, as they do between the rows of one boxed list. */
static gboolean
row_list_keynav_failed_cb (GtkWidget         *list,
                           GtkDirectionType   direction,
                           RosterRequestList *self)
{
  RosterRequestItem *item;
  GtkWidget *row;
  guint position;

  if (direction != GTK_DIR_UP && direction != GTK_DIR_DOWN)
    return FALSE;

  if ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0))) == NULL ||
      (item = item_of_row (row)) == NULL)
    return TRUE;

  position = item->position;
  if (direction == GTK_DIR_UP && position == 0)
    return TRUE;
  if (direction == GTK_DIR_DOWN && position + 1 >= g_list_model_get_n_items (G_LIST_MODEL (self->items)))
    return TRUE;

  if ((row = find_row_at (self, direction == GTK_DIR_UP ? position - 1 : position + 1)) != NULL)
    gtk_widget_grab_focus (row);

  return TRUE;
}

/* Tab goes from a row to its Delete button and on out of the list, as
 * from a row of a boxed list: not to the next row, as a grid view's Tab
 * would (10,000 rows would be 10,000 Tab stops). */
static gboolean
grid_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     RosterRequestList     *self)
{
  GtkWidget *grid = GTK_WIDGET (self->grid_view);
  GtkRoot *root = gtk_widget_get_root (grid);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkDirectionType direction;
  GtkWidget *item_widget;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || focus == NULL || !gtk_widget_is_ancestor (focus, grid))
    return GDK_EVENT_PROPAGATE;

  for (item_widget = focus; item_widget != NULL && gtk_widget_get_parent (item_widget) != grid;
       item_widget = gtk_widget_get_parent (item_widget))
    ;
  if (item_widget != NULL && gtk_widget_child_focus (item_widget, direction))
    return GDK_EVENT_STOP;

  /* Past the row: on to what comes after (or before) the list. */
  gtk_widget_set_can_focus (grid, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (grid, TRUE);

  return GDK_EVENT_STOP;
}

static void
delete_clicked_cb (GtkButton         *button,
                   RosterRequestList *self)
{
  RosterRequestItem *item = item_of_row (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW));

  if (item != NULL)
    g_signal_emit (self, signals[DELETE_REQUEST], 0, item->entry->id);
}

static gboolean
delete_query_tooltip_cb (GtkWidget  *button,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("Delete Draft"));

  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RosterRequestList        *self)
{
  RowParts *parts = g_new0 (RowParts, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header;
  GtkWidget *text;

  /* The group's heading, as an AdwPreferencesGroup draws it. */
  parts->heading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (parts->heading, "request-list-heading");
  parts->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (parts->title), 0);
  gtk_label_set_wrap (GTK_LABEL (parts->title), TRUE);
  gtk_widget_add_css_class (parts->title, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (parts->title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  parts->description = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (parts->description), 0);
  gtk_label_set_wrap (GTK_LABEL (parts->description), TRUE);
  gtk_widget_add_css_class (parts->description, "dim-label");
  gtk_box_append (GTK_BOX (parts->heading), parts->title);
  gtk_box_append (GTK_BOX (parts->heading), parts->description);
  gtk_box_append (GTK_BOX (box), parts->heading);

  /* A row as an AdwActionRow is built, with libadwaita's style classes
   * (header, title), so it looks the same; its text is RosterRowText,
   * which a list's many measurements do not lay out again and again
   * (roster-row-text.c). Its words are the row's accessible name and
   * description. */
  parts->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (parts->row), TRUE);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (header, "header");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (parts->row), header);

  parts->attention = roster_icon_new_named ("dialog-warning-symbolic", _("Needs your attention"));
  gtk_widget_add_css_class (parts->attention, "warning");
  gtk_widget_add_css_class (parts->attention, "icon");
  gtk_box_append (GTK_BOX (header), parts->attention);

  text = roster_text_column_new ();
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (text, "title");
  /* No line limit, as AdwActionRow's default: with large text on a
   * phone's width a line limit cut the subtitle's date to "today at …". */
  parts->name = roster_row_text_new (0);
  gtk_widget_add_css_class (parts->name, "title");
  parts->subtitle = roster_row_text_new (0);
  gtk_widget_add_css_class (parts->subtitle, "subtitle");
  roster_text_column_append (ROSTER_TEXT_COLUMN (text), parts->name);
  roster_text_column_append (ROSTER_TEXT_COLUMN (text), parts->subtitle);
  gtk_box_append (GTK_BOX (header), text);

  parts->delete_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (parts->delete_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (parts->delete_button, "flat");
  /* Its tooltip is given on demand, as a provider row's buttons' are:
   * gtk_widget_set_tooltip_text() asks the display where the pointer is,
   * once a row built. */
  gtk_widget_set_has_tooltip (parts->delete_button, TRUE);
  g_signal_connect (parts->delete_button, "query-tooltip", G_CALLBACK (delete_query_tooltip_cb), NULL);
  g_signal_connect_object (parts->delete_button, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (header), parts->delete_button);

  gtk_box_append (GTK_BOX (header), roster_icon_new_decorative ("go-next-symbolic"));

  /* A boxed list of its own: a list box is what focuses, activates and
   * reads a row, by click, Enter or Space, as before. */
  parts->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (parts->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (parts->list, "request-card");
  gtk_list_box_append (GTK_LIST_BOX (parts->list), parts->row);
  g_signal_connect_object (parts->list, "keynav-failed", G_CALLBACK (row_list_keynav_failed_cb), self, 0);
  g_signal_connect_object (parts->list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  gtk_box_append (GTK_BOX (box), parts->list);


  g_object_set_data_full (G_OBJECT (box), "roster-row-parts", parts, g_free);
  g_object_set_data (G_OBJECT (parts->row), "roster-row-parts", parts);
  /* The row is what takes the focus and opens; the item around it is
   * not picked (nothing here is selected). */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, box);
}

static const char *
group_title (Group group)
{
  switch (group)
    {
    case GROUP_DRAFTS:
      return _("Drafts");

    case GROUP_OUTBOX:
      return _("Outbox");

    case GROUP_SENT:
    case N_GROUPS:
    default:
      return _("Sent");
    }
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* What a row shows of its place among the rows shown: its group's
 * heading when it is the group's first, the card's corners. Applied on
 * bind, and again after a search to the rows whose widgets GTK kept. */
static void
apply_position (RosterRequestList *self,
                RowParts          *parts,
                RosterRequestItem *item)
{
  GtkWidget *box = gtk_widget_get_parent (parts->list);

  gtk_widget_set_visible (parts->heading, item->first_in_group);
  gtk_widget_set_visible (parts->description, item->group == GROUP_OUTBOX);
  set_css_class (parts->heading, "title-only", item->group != GROUP_OUTBOX);
  if (item->first_in_group)
    {
      gtk_label_set_text (GTK_LABEL (parts->title), group_title (item->group));
      gtk_label_set_text (GTK_LABEL (parts->description),
                          item->group == GROUP_OUTBOX ? _("Finished requests waiting to reach the HIE. Roster sends them as soon as it can.") : "");
    }
  set_css_class (box, "first-group", item->position == 0);
  set_css_class (box, "last-group", item->position + 1 == g_list_model_get_n_items (G_LIST_MODEL (self->items)));
  set_css_class (parts->list, "first", item->first_in_group);
  set_css_class (parts->list, "last", item->last_in_group);
  /* The list is named by its group, as a group's boxed list is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (parts->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  group_title (item->group), -1);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RosterRequestList        *self)
{
  RosterRequestItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  RowParts *parts = g_object_get_data (G_OBJECT (box), "roster-row-parts");
  const RosterStoreEntry *entry = item->entry;
  g_autofree char *state = roster_request_list_describe_state (entry);
  g_autofree char *when = roster_request_list_describe_when (entry->updated_at);
  g_autofree char *subtitle = NULL;
  const char *name = entry->person_name[0] != '\0' ? entry->person_name : _("Unnamed request");
  gboolean attention = entry->state == ROSTER_REQUEST_STATE_ATTENTION || entry->state == ROSTER_REQUEST_STATE_RETURNED;
  gboolean deletable = entry->state == ROSTER_REQUEST_STATE_DRAFT || entry->state == ROSTER_REQUEST_STATE_RETURNED;
  GtkWidget *item_widget = gtk_widget_get_parent (box);

  subtitle = g_strdup_printf ("%s · %s · %s\n%s%s%s", roster_store_entry_describe_kind (entry),
                              entry->organization[0] != '\0' ? entry->organization : _("No organization yet"),
                              when, state,
                              entry->last_error && entry->state != ROSTER_REQUEST_STATE_SENT ? " — " : "",
                              entry->last_error && entry->state != ROSTER_REQUEST_STATE_SENT ? entry->last_error : "");

  apply_position (self, parts, item);
  roster_row_text_set_text (ROSTER_ROW_TEXT (parts->name), name);
  roster_row_text_set_text (ROSTER_ROW_TEXT (parts->subtitle), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (parts->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  gtk_widget_set_visible (parts->attention, attention);
  gtk_widget_set_visible (parts->delete_button, deletable);
  if (deletable)
    {
      g_autofree char *label = g_strdup_printf (_("Delete the draft for %s"), name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (parts->delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }

  /* The item GTK wraps the row in says what the row says: the person's
   * name (roster-accessible.c leaves an item whose child is named so). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (item_widget != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item_widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  g_object_set_data (G_OBJECT (parts->row), "roster-item", item);
  item->row = parts->row;
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RosterRequestList        *self)
{
  RosterRequestItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  RowParts *parts = g_object_get_data (G_OBJECT (box), "roster-row-parts");

  g_object_set_data (G_OBJECT (parts->row), "roster-item", NULL);
  if (item != NULL && item->row == parts->row)
    item->row = NULL;
}

/* The states each group lists, in the list's order. */
static const struct
{
  RosterRequestState states[3];
  guint              n_states;
} group_states[N_GROUPS] = {
  [GROUP_DRAFTS] = { { ROSTER_REQUEST_STATE_DRAFT, ROSTER_REQUEST_STATE_RETURNED }, 2 },
  [GROUP_OUTBOX] = { { ROSTER_REQUEST_STATE_QUEUED, ROSTER_REQUEST_STATE_SENDING, ROSTER_REQUEST_STATE_ATTENTION }, 3 },
  [GROUP_SENT] = { { ROSTER_REQUEST_STATE_SENT }, 1 },
};

static Group
group_for (RosterRequestState state)
{
  for (guint g = 0; g < N_GROUPS; g++)
    for (guint i = 0; i < group_states[g].n_states; i++)
      if (group_states[g].states[i] == state)
        return g;

  return GROUP_OUTBOX;
}

/* The search, ASCII letters in either case, in the name or the email:
 * what the store's LIKE matched, in memory (a search must answer within a
 * frame). Both sides are lowered once, the item's at its first search, so
 * that a search over 10,000 requests is one strstr() each. The newline
 * keeps a match from spanning the name and the email; the search holds
 * none (roster_request_list_set_search()). */
static gboolean
matches_search (RosterRequestList *self,
                RosterRequestItem *item)
{
  if (self->search == NULL)
    return TRUE;

  if (item->folded == NULL)
    {
      g_autofree char *text = g_strconcat (item->entry->person_name != NULL ? item->entry->person_name : "", "\n",
                                           item->entry->email != NULL ? item->entry->email : "", NULL);

      item->folded = g_ascii_strdown (text, -1);
    }

  return strstr (item->folded, self->search) != NULL;
}

/* Shows the rows the search matches, in one splice. */
static void
show_matching (RosterRequestList *self)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new_full (self->all->len, NULL);
  RosterRequestItem *previous = NULL;

  for (guint g = 0; g < N_GROUPS; g++)
    self->counts[g] = 0;

  for (guint i = 0; i < self->all->len; i++)
    {
      RosterRequestItem *item = g_ptr_array_index (self->all, i);

      if (!matches_search (self, item))
        continue;

      item->position = shown->len;
      item->first_in_group = previous == NULL || previous->group != item->group;
      item->last_in_group = TRUE;
      if (previous != NULL && previous->group == item->group)
        previous->last_in_group = FALSE;
      self->counts[item->group]++;
      g_ptr_array_add (shown, item);
      previous = item;
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       shown->pdata, shown->len);

  /* GTK keeps the widgets of rows that stay, without binding them again;
   * their place may have changed. */
  for (guint i = 0; i < shown->len; i++)
    {
      RosterRequestItem *item = g_ptr_array_index (shown, i);

      if (item->row != NULL)
        apply_position (self, g_object_get_data (G_OBJECT (item->row), "roster-row-parts"), item);
    }

  if (shown->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, self->search != NULL ? "no-results" : "empty");
}

static RosterRequestItem *
new_item (RosterStoreEntry *entry,
          Group             group)
{
  RosterRequestItem *item = g_object_new (ROSTER_TYPE_REQUEST_ITEM, NULL);

  item->entry = entry;
  item->group = group;

  return item;
}

static void
cancel_reading_rest (RosterRequestList *self)
{
  if (self->first_frame_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->first_frame_id);
  self->first_frame_id = 0;
  g_clear_handle_id (&self->read_rest_id, g_source_remove);
}

/* Reads every request from the store, then shows those the search
 * matches. */
static void
load (RosterRequestList *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  self->stale = FALSE;
  self->partial = FALSE;
  cancel_reading_rest (self);

  if (!(entries = roster_store_list (self->store, NULL, &error)))
    {
      g_warning ("Could not list the requests: %s", error->message);
      return;
    }

  /* Group after group, the store's order (most recently changed first)
   * within each. */
  all = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint g = 0; g < N_GROUPS; g++)
    for (guint i = 0; i < entries->len; i++)
      {
        RosterStoreEntry *entry = g_ptr_array_index (entries, i);

        if (entry != NULL && group_for (entry->state) == g)
          g_ptr_array_add (all, new_item (g_steal_pointer (&entries->pdata[i]), g));
      }

  g_clear_pointer (&self->all, g_ptr_array_unref);
  self->all = g_steal_pointer (&all);
  show_matching (self);
}

static gboolean
read_rest_cb (gpointer user_data)
{
  RosterRequestList *self = user_data;

  self->read_rest_id = 0;
  load (self);

  return G_SOURCE_REMOVE;
}

/* The first screenful is laid out and painted in this frame: the rest
 * is read after it. */
static gboolean
first_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  RosterRequestList *self = ROSTER_REQUEST_LIST (widget);

  self->first_frame_id = 0;
  self->read_rest_id = g_idle_add (read_rest_cb, self);

  return G_SOURCE_REMOVE;
}

/* How many rows fill the window, at the smallest a row is (50 px). */
static guint
screenful (RosterRequestList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width, height = 0;

  if (GTK_IS_WINDOW (root))
    {
      height = gtk_widget_get_height (GTK_WIDGET (root));
      if (height <= 0)
        gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
    }

  return CLAMP (height / 50, 1, 60) + 2;
}

/* The first time, with 10,000 requests in the store: reads what fills
 * the window, and how many there are in each group, paints that, and
 * reads the rest after the frame (a few dozen milliseconds for 10,000).
 * Until then only the first screenful has items; a search, or asking
 * for a row, reads the rest at once. */
static void
load_first_screenful (RosterRequestList *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint counts[ROSTER_REQUEST_N_STATES];
  guint wanted = screenful (self);
  guint totals[N_GROUPS] = { 0 };

  /* A list shown, hidden and shown again before its first frame reads
   * its first screenful again: one "then the rest" at a time, or the
   * earlier ones outlive the list. */
  cancel_reading_rest (self);

  if (!roster_store_count_by_state (self->store, counts, &error))
    {
      load (self);
      return;
    }

  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_autoptr(GPtrArray) entries = NULL;

      for (guint i = 0; i < group_states[g].n_states; i++)
        totals[g] += counts[group_states[g].states[i]];

      if (all->len >= wanted || totals[g] == 0)
        continue;

      if (!(entries = roster_store_list_newest (self->store, group_states[g].states, group_states[g].n_states,
                                                wanted - all->len, &error)))
        {
          load (self);
          return;
        }

      for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add (all, new_item (g_steal_pointer (&entries->pdata[i]), g));
    }

  self->stale = FALSE;
  self->partial = TRUE;
  g_clear_pointer (&self->all, g_ptr_array_unref);
  self->all = g_steal_pointer (&all);
  show_matching (self);
  /* What the groups hold, not just what is read. */
  memcpy (self->counts, totals, sizeof totals);

  self->first_frame_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), first_frame_cb, NULL, NULL);
}

/* Everything read, for a search or a row. */
static void
ensure_complete (RosterRequestList *self)
{
  if (self->stale || self->partial)
    load (self);
}

static void
ensure_loaded (RosterRequestList *self)
{
  if (!self->stale)
    return;

  /* Nothing on screen yet: the first screenful first. */
  if (self->all->len == 0 && self->search == NULL && gtk_widget_get_realized (GTK_WIDGET (self)))
    load_first_screenful (self);
  else
    load (self);
}

/**
 * roster_request_list_reload:
 *
 * Reads the list again from the store, after a change: now if the list
 * is on screen, or else when it is shown (a start that restores the list
 * reads 10,000 requests once, not twice).
 */
void
roster_request_list_reload (RosterRequestList *self)
{
  g_return_if_fail (ROSTER_IS_REQUEST_LIST (self));

  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
}

static void
roster_request_list_map (GtkWidget *widget)
{
  ensure_loaded (ROSTER_REQUEST_LIST (widget));

  GTK_WIDGET_CLASS (roster_request_list_parent_class)->map (widget);
}

static void
roster_request_list_dispose (GObject *object)
{
  RosterRequestList *self = (RosterRequestList *)object;

  cancel_reading_rest (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (roster_request_list_parent_class)->dispose (object);
}

static void
roster_request_list_finalize (GObject *object)
{
  RosterRequestList *self = (RosterRequestList *)object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->all, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_request_list_parent_class)->finalize (object);
}

static void
roster_request_list_class_init (RosterRequestListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_request_list_dispose;
  object_class->finalize = roster_request_list_finalize;
  widget_class->map = roster_request_list_map;

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
  gtk_widget_class_bind_template_child (widget_class, RosterRequestList, grid_view);
}

static void
roster_request_list_init (RosterRequestList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_list_store_new (ROSTER_TYPE_REQUEST_ITEM);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Requests"), -1);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (grid_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->grid_view), keys);
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
  g_autofree char *folded = NULL;

  g_return_if_fail (ROSTER_IS_REQUEST_LIST (self));

  /* Kept as it is matched (matches_search()): "Ana" finds what "ana"
   * finds. */
  if (search != NULL && search[0] != '\0')
    folded = g_strdelimit (g_ascii_strdown (search, -1), "\n", ' ');

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);

  /* The requests are in memory: a search only filters them. */
  if (self->stale || self->partial)
    ensure_complete (self);
  else
    show_matching (self);
}

/**
 * roster_request_list_get_row:
 *
 * Only the rows on screen have a widget: asking for another scrolls the
 * list to it.
 *
 * Returns: (transfer none) (nullable): the row of @id
 */
GtkWidget *
roster_request_list_get_row (RosterRequestList *self,
                             const char        *id)
{
  GListModel *shown = G_LIST_MODEL (self->items);

  g_return_val_if_fail (ROSTER_IS_REQUEST_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  ensure_complete (self);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(RosterRequestItem) item = g_list_model_get_item (shown, i);

      if (g_str_equal (item->entry->id, id))
        return find_row_at (self, i);
    }

  return NULL;
}

/**
 * roster_request_list_get_n_rows:
 * @group: "drafts", "outbox" or "sent"
 */
guint
roster_request_list_get_n_rows (RosterRequestList *self,
                                const char        *group)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_LIST (self), 0);
  g_return_val_if_fail (group != NULL, 0);

  ensure_loaded (self);
  return self->counts[g_str_equal (group, "drafts") ? GROUP_DRAFTS
                      : g_str_equal (group, "outbox") ? GROUP_OUTBOX
                      : GROUP_SENT];
}
