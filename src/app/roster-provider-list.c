/* roster-provider-list.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-provider-list"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-provider-list.h"

/*
 * The editor of one provider list: a group with an Add button and a
 * one-column GtkGridView of RosterProviderRows, one per row of the
 * request's list (a grid view rather than a list view for the number of
 * widgets GTK 4.8 keeps: see the .ui file).
 *
 * A list holds up to 500 rows, so only the rows on screen have widgets
 * (the list view recycles them as the administrator scrolls), and the
 * model follows the request's #RosterRequest::rows-changed one change at
 * a time: an insertion adds one item, a removal drops one, a move moves
 * one (the list view then keeps that item's widget, and with it the
 * keyboard focus). A change the widget itself just wrote (a keystroke in
 * a row) is not applied back at all: refilling the row would move the
 * cursor under the administrator's fingers.
 *
 * The model's items mirror the request's rows: each holds the row's
 * texts as last shown, and what the row has to show whether or not it
 * has a widget just now (its issues, the NPI Registry's note), so a
 * widget bound to it later shows the same.
 */

#define ROSTER_TYPE_PROVIDER_ITEM (roster_provider_item_get_type ())

G_DECLARE_FINAL_TYPE (RosterProviderItem, roster_provider_item, ROSTER, PROVIDER_ITEM, GObject)

struct _RosterProviderItem
{
  GObject            parent_instance;

  char              *name;
  char              *npi;
  GPtrArray         *issues;       /* RosterIssue *, owned; NULL when none */
  char              *npi_line;
  char              *npi_warnings;
  RosterProviderRow *row;          /* the widget bound to the item, or NULL */
};

G_DEFINE_FINAL_TYPE (RosterProviderItem, roster_provider_item, G_TYPE_OBJECT)

static void
roster_provider_item_finalize (GObject *object)
{
  RosterProviderItem *self = ROSTER_PROVIDER_ITEM (object);

  g_free (self->name);
  g_free (self->npi);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_free (self->npi_line);
  g_free (self->npi_warnings);

  G_OBJECT_CLASS (roster_provider_item_parent_class)->finalize (object);
}

static void
roster_provider_item_class_init (RosterProviderItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = roster_provider_item_finalize;
}

static void
roster_provider_item_init (RosterProviderItem *self)
{
}

/* g_set_str(), which GLib has from 2.76 on. */
static void
set_str (char       **str,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*str);
  *str = copy;
}

static void
roster_provider_item_set_provider (RosterProviderItem   *self,
                                   const RosterProvider *provider)
{
  set_str (&self->name, provider->name);
  set_str (&self->npi, provider->npi);

  if (self->row != NULL)
    roster_provider_row_set_provider (self->row, self->name, self->npi);
}

/* The card around the rows. GTK 4.8's list and grid views say their
 * height does not depend on their width (GTK_SIZE_REQUEST_CONSTANT_SIZE),
 * so a box around one asks for its height at no width in particular, and
 * rows whose messages wrap come out padded with empty space or cut off.
 * The frame asks its visible children for their height at the width it
 * is offered, and a short list's rows for theirs. */
#define ROSTER_TYPE_PROVIDER_LIST_FRAME (roster_provider_list_frame_get_type ())

G_DECLARE_FINAL_TYPE (RosterProviderListFrame, roster_provider_list_frame, ROSTER, PROVIDER_LIST_FRAME, GtkWidget)

struct _RosterProviderListFrame
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (RosterProviderListFrame, roster_provider_list_frame, GTK_TYPE_WIDGET)

/* A short list's grid view, outside a scrolled window, has a widget for
 * each of its rows: its height is theirs at @width. (Its own measure
 * comes out taller when rows wrap, by as much as a row.) */
static int
measure_rows_height (GtkWidget *grid_view,
                     int        width)
{
  int height = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (grid_view);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      int item_height;

      if (!gtk_widget_should_layout (item))
        continue;

      gtk_widget_measure (item, GTK_ORIENTATION_VERTICAL, width, &item_height, NULL, NULL, NULL);
      height += item_height;
    }

  return height;
}

static GtkSizeRequestMode
roster_provider_list_frame_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_provider_list_frame_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_VERTICAL && GTK_IS_GRID_VIEW (child))
        child_min = child_nat = measure_rows_height (child, for_size);
      else
        gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
roster_provider_list_frame_size_allocate (GtkWidget *widget,
                                          int        width,
                                          int        height,
                                          int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, -1, NULL);
}

static void
roster_provider_list_frame_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_provider_list_frame_parent_class)->dispose (object);
}

static gboolean roster_provider_list_frame_focus (GtkWidget        *widget,
                                                  GtkDirectionType  direction);

static void
roster_provider_list_frame_class_init (RosterProviderListFrameClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = roster_provider_list_frame_dispose;
  widget_class->get_request_mode = roster_provider_list_frame_get_request_mode;
  widget_class->measure = roster_provider_list_frame_measure;
  widget_class->size_allocate = roster_provider_list_frame_size_allocate;
  widget_class->focus = roster_provider_list_frame_focus;
}

static void
roster_provider_list_frame_init (RosterProviderListFrame *self)
{
}

struct _RosterProviderList
{
  AdwPreferencesGroup  parent_instance;

  RosterRequest       *request;
  const RosterField   *field;
  GListStore          *items;       /* RosterProviderItem *, one per row */
  GPtrArray           *list_items;  /* GtkListItem *, every one set up */

  /* Set while the widget writes to the request itself. */
  guint                writing_edit : 1;
  guint                rearranging : 1;
  guint                has_pending_move : 1;
  guint                pending_move_from;
  guint                pending_move_to;

  /* Template widgets */
  GtkButton           *add_button;
  GtkWidget           *placeholder;
  GtkWidget           *list_frame;
  GtkScrolledWindow   *scrolled_window;
  GtkGridView         *list_view;
  GtkLabel            *message_label;
};

static void roster_provider_list_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterProviderList, roster_provider_list, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_provider_list_field_widget_iface_init))

static void row_edited_cb  (RosterProviderList *self,
                            RosterProviderRow  *row);
static void row_move_cb    (RosterProviderList *self,
                            int                 offset,
                            RosterProviderRow  *row);
static void row_remove_cb  (RosterProviderList *self,
                            RosterProviderRow  *row);
static void row_touched_cb (RosterProviderList *self,
                            RosterProviderRow  *row);

#define SHORT_LIST_ROWS 25

static void
free_row_issues (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static guint
n_items (RosterProviderList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

/* (transfer none) */
static RosterProviderItem *
get_item (RosterProviderList *self,
          guint               position)
{
  RosterProviderItem *item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  /* The store holds a reference for as long as the item is in it. */
  g_object_unref (item);
  return item;
}

static void
update_add_action (RosterProviderList *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider-list.add",
                                 n_items (self) < roster_field_get_max_rows (self->field));
}

/* A long list scrolls inside the step, in the scrolled window; a short
 * one shows whole. Short is what GTK 4.8's grid view keeps widgets for
 * anyway (30 rows), and what fits the scrolled window: its height is not
 * measured for its width, so a short list in it would be cut off or
 * padded as the rows' messages wrap. */
static void
place_list_view (RosterProviderList *self)
{
  guint n_rows = n_items (self);
  gboolean scrolls = n_rows > SHORT_LIST_ROWS;
  GtkWidget *list_view = GTK_WIDGET (self->list_view);
  GtkWidget *focus = NULL;
  GtkRoot *root;

  gtk_widget_set_visible (self->placeholder, n_rows == 0);
  gtk_widget_set_visible (self->list_frame, n_rows > 0);

  if (scrolls == (gtk_widget_get_parent (list_view) == GTK_WIDGET (self->scrolled_window)))
    return;

  /* Moving the view takes the focus out of it: put it back. */
  if ((root = gtk_widget_get_root (list_view)) != NULL &&
      (focus = gtk_root_get_focus (root)) != NULL &&
      gtk_widget_is_ancestor (focus, list_view))
    g_object_ref (focus);
  else
    focus = NULL;

  g_object_ref (list_view);
  if (scrolls)
    {
      gtk_widget_unparent (list_view);
      gtk_scrolled_window_set_child (self->scrolled_window, list_view);
    }
  else
    {
      gtk_scrolled_window_set_child (self->scrolled_window, NULL);
      gtk_widget_insert_after (list_view, self->list_frame, NULL);
    }
  g_object_unref (list_view);
  gtk_widget_set_visible (GTK_WIDGET (self->scrolled_window), scrolls);

  if (focus != NULL)
    {
      if (gtk_widget_is_ancestor (focus, list_view))
        gtk_widget_grab_focus (focus);
      g_object_unref (focus);
    }
}

/* Renumbers the rows that have a widget: after a change, the rows on
 * screen may have moved, and every "Provider N of M" has a new M. */
static void
renumber_rows (RosterProviderList *self)
{
  guint n_rows = n_items (self);

  for (guint i = 0; i < self->list_items->len; i++)
    {
      GtkListItem *list_item = g_ptr_array_index (self->list_items, i);

      if (gtk_list_item_get_item (list_item) != NULL)
        roster_provider_row_set_position (ROSTER_PROVIDER_ROW (gtk_list_item_get_child (list_item)),
                                          gtk_list_item_get_position (list_item), n_rows);
    }
}

static RosterProviderRow *
find_row_widget (RosterProviderList *self,
                 guint               position)
{
  for (guint i = 0; i < self->list_items->len; i++)
    {
      GtkListItem *list_item = g_ptr_array_index (self->list_items, i);

      if (gtk_list_item_get_item (list_item) != NULL &&
          gtk_list_item_get_position (list_item) == position)
        return ROSTER_PROVIDER_ROW (gtk_list_item_get_child (list_item));
    }

  return NULL;
}

/* The widget of row @position, scrolled to if it has none yet (Review's
 * link to row 412, say). */
static RosterProviderRow *
get_row_widget (RosterProviderList *self,
                guint               position)
{
  RosterProviderRow *row;

  if (position >= n_items (self))
    return NULL;

  if ((row = find_row_widget (self, position)) == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
      row = find_row_widget (self, position);
    }

  return row;
}

/* Tab into the list lands on the first row, Shift+Tab on the last, as in
 * the form's boxed lists. GTK 4.8's list views would take the focus back
 * to the row that had it last, so that a Tab from Add Provider skipped
 * the rows above it and Shift+Tab walked the rows in another order than
 * Tab (test-atspi's "no keyboard trap" check). Moving inside the list
 * and out of it is the grid view's own. */
static gboolean
roster_provider_list_frame_focus (GtkWidget        *widget,
                                  GtkDirectionType  direction)
{
  GtkWidget *list = gtk_widget_get_ancestor (widget, ROSTER_TYPE_PROVIDER_LIST);

  if (list != NULL &&
      gtk_widget_get_focus_child (widget) == NULL &&
      (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      n_items (ROSTER_PROVIDER_LIST (list)) > 0)
    {
      RosterProviderList *self = ROSTER_PROVIDER_LIST (list);
      guint position = direction == GTK_DIR_TAB_FORWARD ? 0 : n_items (self) - 1;
      RosterProviderRow *row = get_row_widget (self, position);

      if (row != NULL)
        return gtk_widget_child_focus (GTK_WIDGET (row), direction);
    }

  return GTK_WIDGET_CLASS (roster_provider_list_frame_parent_class)->focus (widget, direction);
}

static RosterProviderItem *
item_new (const RosterProvider *provider)
{
  RosterProviderItem *item = g_object_new (ROSTER_TYPE_PROVIDER_ITEM, NULL);

  item->name = g_strdup (provider->name);
  item->npi = g_strdup (provider->npi);
  return item;
}

/* Replaces @n_removed items at @position with the request's @n_added rows
 * from there. */
static void
splice_rows (RosterProviderList *self,
             guint               position,
             guint               n_removed,
             guint               n_added)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_full (n_added, g_object_unref);

  for (guint i = position; i < position + n_added; i++)
    g_ptr_array_add (added, item_new (roster_request_get_row (self->request, self->field->id, i)));

  g_list_store_splice (self->items, position, n_removed, added->pdata, added->len);
}

/* Moves the item of row @from to @to, in one change of the model, so the
 * list view keeps the item's widget (the focus stays in it) and only
 * renumbers the rows between. */
static void
move_item (RosterProviderList *self,
           guint               from,
           guint               to)
{
  guint first = MIN (from, to);
  guint n = MAX (from, to) - first + 1;
  g_autoptr(GPtrArray) rotated = g_ptr_array_new_full (n, g_object_unref);
  RosterProviderRow *row;
  const char *focus_cell = NULL;

  if ((row = find_row_widget (self, from)) != NULL)
    focus_cell = roster_provider_row_get_focus_cell (row);

  for (guint i = 0; i < n; i++)
    {
      guint source;

      if (from < to)
        source = i == n - 1 ? from : first + i + 1;
      else
        source = i == 0 ? from : first + i - 1;
      g_ptr_array_add (rotated, g_object_ref (get_item (self, source)));
    }

  g_list_store_splice (self->items, first, n, rotated->pdata, rotated->len);
  renumber_rows (self);

  if (focus_cell == NULL || (row = get_row_widget (self, to)) == NULL)
    return;

  /* If the list view had to give the row a new widget, or a move button
   * that no longer applies (the row reached the top, say) went
   * insensitive under the focus, the focus goes where it was, or to the
   * other move button. */
  if (roster_provider_row_get_focus_cell (row) == NULL)
    {
      if (g_str_equal (focus_cell, "move-up") && !roster_provider_row_focus_cell (row, "move-up"))
        roster_provider_row_focus_cell (row, "move-down");
      else if (g_str_equal (focus_cell, "move-down") && !roster_provider_row_focus_cell (row, "move-down"))
        roster_provider_row_focus_cell (row, "move-up");
      else
        roster_provider_row_focus_cell (row, focus_cell);
    }
}

static gboolean
item_shows (RosterProviderItem   *item,
            const RosterProvider *provider)
{
  return g_strcmp0 (item->name, provider->name) == 0 &&
         g_strcmp0 (item->npi, provider->npi) == 0;
}

/* A move from elsewhere (an undo, say) arrives as @n_rows rows replaced
 * at @position. Returns TRUE, with the move in @from and @to, if the
 * request's rows there are the items rotated by one. */
static gboolean
find_move (RosterProviderList *self,
           guint               position,
           guint               n_rows,
           guint              *from,
           guint              *to)
{
  guint last = position + n_rows - 1;
  gboolean moved_up = TRUE;
  gboolean moved_down = TRUE;

  if (n_rows < 2)
    return FALSE;

  for (guint i = position; i <= last && (moved_up || moved_down); i++)
    {
      const RosterProvider *provider = roster_request_get_row (self->request, self->field->id, i);

      /* Moved up: the request's row i was item i - 1 (row `last` went to
       * `position`). Moved down: the other way round. */
      if (moved_up)
        moved_up = item_shows (get_item (self, i == position ? last : i - 1), provider);
      if (moved_down)
        moved_down = item_shows (get_item (self, i == last ? position : i + 1), provider);
    }

  if (moved_up)
    {
      *from = last;
      *to = position;
      return TRUE;
    }
  else if (moved_down)
    {
      *from = position;
      *to = last;
      return TRUE;
    }

  return FALSE;
}

static void
rows_changed_cb (RosterProviderList *self,
                 const char         *field_id,
                 guint               position,
                 guint               removed,
                 guint               added,
                 RosterRequest      *request)
{
  guint from, to;

  if (self->writing_edit)
    return;

  g_return_if_fail (position + removed <= n_items (self));

  if (removed == added)
    {
      if (self->has_pending_move &&
          position == MIN (self->pending_move_from, self->pending_move_to) &&
          removed == MAX (self->pending_move_from, self->pending_move_to) - position + 1)
        {
          self->has_pending_move = FALSE;
          move_item (self, self->pending_move_from, self->pending_move_to);
        }
      else if (find_move (self, position, removed, &from, &to))
        {
          move_item (self, from, to);
        }
      else
        {
          for (guint i = position; i < position + removed; i++)
            roster_provider_item_set_provider (get_item (self, i),
                                               roster_request_get_row (request, field_id, i));
        }

      return;
    }

  splice_rows (self, position, removed, added);
  renumber_rows (self);
  update_add_action (self);
  place_list_view (self);
}

static void
row_edited_cb (RosterProviderList *self,
               RosterProviderRow  *row)
{
  guint position = roster_provider_row_get_position (row);
  const char *name = roster_provider_row_get_name (row);
  const char *npi = roster_provider_row_get_npi (row);
  RosterProviderItem *item = get_item (self, position);

  set_str (&item->name, name);
  set_str (&item->npi, npi);

  self->writing_edit = TRUE;
  roster_request_set_row (self->request, self->field->id, position, name, npi);
  self->writing_edit = FALSE;
}

static void
row_move_cb (RosterProviderList *self,
             int                 offset,
             RosterProviderRow  *row)
{
  guint from = roster_provider_row_get_position (row);
  int to = (int) from + offset;

  if (to < 0 || (guint) to >= n_items (self))
    return;

  self->rearranging = TRUE;
  self->has_pending_move = TRUE;
  self->pending_move_from = from;
  self->pending_move_to = to;
  roster_request_move_row (self->request, self->field->id, from, to);
  self->has_pending_move = FALSE;
  self->rearranging = FALSE;

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
row_remove_cb (RosterProviderList *self,
               RosterProviderRow  *row)
{
  guint position = roster_provider_row_get_position (row);
  guint n_rows;

  self->rearranging = TRUE;
  roster_request_remove_row (self->request, self->field->id, position);
  self->rearranging = FALSE;

  /* The removed row had focus (its button was just used): give it to the
   * row that took its place, so removing several in a row is quick. */
  n_rows = n_items (self);
  if (position < n_rows)
    roster_provider_row_focus_cell (get_row_widget (self, position), "name");
  else if (position > 0)
    roster_provider_row_focus_cell (get_row_widget (self, position - 1), "name");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
row_touched_cb (RosterProviderList *self,
                RosterProviderRow  *row)
{
  /* Focus also leaves a row while it is being removed (sometimes only
   * once focus lands elsewhere, after the row left the list); a removal
   * reports one touch of its own. */
  if (self->rearranging ||
      gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_GRID_VIEW) != GTK_WIDGET (self->list_view) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RosterProviderList       *self)
{
  GtkWidget *row = roster_provider_row_new ();

  g_signal_connect_object (row, "edited", G_CALLBACK (row_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (row_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "touched", G_CALLBACK (row_touched_cb), self, G_CONNECT_SWAPPED);

  /* A row is a place to type, not a thing to pick. */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, row);

  g_ptr_array_add (self->list_items, list_item);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RosterProviderList       *self)
{
  g_ptr_array_remove_fast (self->list_items, list_item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RosterProviderList       *self)
{
  RosterProviderItem *item = gtk_list_item_get_item (list_item);
  RosterProviderRow *row = ROSTER_PROVIDER_ROW (gtk_list_item_get_child (list_item));

  item->row = row;
  roster_provider_row_set_provider (row, item->name, item->npi);
  roster_provider_row_set_position (row, gtk_list_item_get_position (list_item), n_items (self));
  roster_provider_row_show_issues (row, item->issues);
  roster_provider_row_show_npi_note (row, item->npi_line, item->npi_warnings);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RosterProviderList       *self)
{
  RosterProviderItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL && item->row == ROSTER_PROVIDER_ROW (gtk_list_item_get_child (list_item)))
    item->row = NULL;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  RosterProviderRow *row;

  if (n_items (self) >= roster_field_get_max_rows (self->field))
    return;

  roster_request_insert_row (self->request, self->field->id, -1, "", "");

  /* No touch here: the new row is empty on purpose, and its problems
   * should wait until the administrator leaves it. */
  if (n_items (self) > 0 && (row = get_row_widget (self, n_items (self) - 1)) != NULL)
    roster_provider_row_focus_cell (row, "name");
}

static const RosterField *
roster_provider_list_get_field (RosterFieldWidget *widget)
{
  return ROSTER_PROVIDER_LIST (widget)->field;
}

static void
roster_provider_list_sync (RosterFieldWidget *widget)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  guint n_rows = roster_request_get_n_rows (self->request, self->field->id);
  guint n_kept = MIN (n_rows, n_items (self));

  /* Rows that exist on both sides are refilled rather than recreated:
   * sync runs right after construction too, and a refill that changes
   * nothing costs nothing. */
  for (guint i = 0; i < n_kept; i++)
    roster_provider_item_set_provider (get_item (self, i),
                                       roster_request_get_row (self->request, self->field->id, i));

  if (n_items (self) > n_kept)
    g_list_store_splice (self->items, n_kept, n_items (self) - n_kept, NULL, 0);
  else if (n_rows > n_kept)
    splice_rows (self, n_kept, 0, n_rows - n_kept);

  renumber_rows (self);
  update_add_action (self);
  place_list_view (self);
}

static void
roster_provider_list_show_issues (RosterFieldWidget *widget,
                                  GPtrArray         *issues)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autoptr(GPtrArray) row_issues = NULL;
  guint n_rows = n_items (self);

  /* row_issues[i] holds row i's issues, NULL for the (many) rows that
   * have none. */
  row_issues = g_ptr_array_new_full (n_rows, free_row_issues);
  g_ptr_array_set_size (row_issues, n_rows);

  for (guint i = 0; i < issues->len; i++)
    {
      RosterIssue *issue = g_ptr_array_index (issues, i);

      if (issue->row < 0)
        {
          if (message->len > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, issue->message);
        }
      else if ((guint) issue->row < n_rows)
        {
          GPtrArray **slot = (GPtrArray **) &g_ptr_array_index (row_issues, issue->row);

          if (*slot == NULL)
            *slot = roster_issue_list_new ();
          g_ptr_array_add (*slot, roster_issue_copy (issue));
        }
    }

  /* The items keep their rows' issues, for the widgets bound later. */
  for (guint i = 0; i < n_rows; i++)
    {
      RosterProviderItem *item = get_item (self, i);
      GPtrArray *mine = g_steal_pointer (&g_ptr_array_index (row_issues, i));

      if (mine == NULL && item->issues == NULL)
        continue;

      g_clear_pointer (&item->issues, g_ptr_array_unref);
      item->issues = mine;
      if (item->row != NULL)
        roster_provider_row_show_issues (item->row, item->issues);
    }

  gtk_label_set_text (self->message_label, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message->len > 0);

  /* The list's description: its problem, then the help on screen. */
  if (self->field->help != NULL)
    g_string_append_printf (message, "%s%s", message->len > 0 ? " " : "", _(self->field->help));
  if (message->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message->str,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->list_view),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Joins the messages of @issues about @row ("\n" between them), or NULL
 * when there are none. */
static char *
join_row_messages (GPtrArray *issues,
                   guint     *next,
                   guint      row)
{
  GString *text = NULL;

  /* Both lists come in row order: walk each once for all the rows. */
  for (; *next < issues->len; (*next)++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, *next);

      if (issue->row > (int) row)
        break;
      if (issue->row < (int) row)
        continue;

      if (text == NULL)
        text = g_string_new (issue->message);
      else
        g_string_append_printf (text, "\n%s", issue->message);
    }

  return text != NULL ? g_string_free (text, FALSE) : NULL;
}

static void
roster_provider_list_show_npi_notes (RosterFieldWidget *widget,
                                     GPtrArray         *lines,
                                     GPtrArray         *warnings)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  guint next_line = 0;
  guint next_warning = 0;

  for (guint i = 0; i < n_items (self); i++)
    {
      RosterProviderItem *item = get_item (self, i);
      g_autofree char *line = join_row_messages (lines, &next_line, i);
      g_autofree char *row_warnings = join_row_messages (warnings, &next_warning, i);

      if (g_strcmp0 (line, item->npi_line) == 0 && g_strcmp0 (row_warnings, item->npi_warnings) == 0)
        continue;

      set_str (&item->npi_line, line);
      set_str (&item->npi_warnings, row_warnings);
      if (item->row != NULL)
        roster_provider_row_show_npi_note (item->row, item->npi_line, item->npi_warnings);
    }
}

static gboolean
roster_provider_list_focus_issue (RosterFieldWidget *widget,
                                  const RosterIssue *issue)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  RosterProviderRow *row;

  if (issue->row >= 0 && (row = get_row_widget (self, issue->row)) != NULL)
    return roster_provider_row_focus_cell (row, issue->column != NULL ? issue->column : "name");

  /* A problem with the list as a whole is about what is missing from it. */
  if (n_items (self) == 0 || !gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)) ||
      (row = get_row_widget (self, 0)) == NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (self->add_button));

  return roster_provider_row_focus_cell (row, "name");
}

static void
roster_provider_list_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_provider_list_get_field;
  iface->sync = roster_provider_list_sync;
  iface->show_issues = roster_provider_list_show_issues;
  iface->focus_issue = roster_provider_list_focus_issue;
  iface->show_npi_notes = roster_provider_list_show_npi_notes;
}

static void
roster_provider_list_dispose (GObject *object)
{
  RosterProviderList *self = (RosterProviderList *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (roster_provider_list_parent_class)->dispose (object);
}

static void
roster_provider_list_finalize (GObject *object)
{
  RosterProviderList *self = (RosterProviderList *)object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->list_items, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_provider_list_parent_class)->finalize (object);
}

static void
roster_provider_list_class_init (RosterProviderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_provider_list_dispose;
  object_class->finalize = roster_provider_list_finalize;

  g_type_ensure (ROSTER_TYPE_PROVIDER_LIST_FRAME);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-provider-list.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, add_button);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, placeholder);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, list_frame);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, list_view);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, message_label);

  gtk_widget_class_install_action (widget_class, "provider-list.add", NULL, add_action_cb);
}

static void
roster_provider_list_init (RosterProviderList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (ROSTER_TYPE_PROVIDER_ITEM);
  self->list_items = g_ptr_array_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  gtk_grid_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));
}

/**
 * roster_provider_list_new:
 * @request: the request to edit
 * @field: a %ROSTER_FIELD_PROVIDER_LIST field of @request's form
 *
 * Returns: (transfer floating): a group that edits @field's rows, already
 *   showing the rows @request has
 */
GtkWidget *
roster_provider_list_new (RosterRequest     *request,
                          const RosterField *field)
{
  RosterProviderList *self;
  g_autofree char *detailed_signal = NULL;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (field->type == ROSTER_FIELD_PROVIDER_LIST, NULL);

  self = g_object_new (ROSTER_TYPE_PROVIDER_LIST,
                       "title", _(field->label),
                       "description", field->help != NULL ? _(field->help) : NULL,
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;

  /* Two lists on one step: each list, and its Add button, says which it
   * is; the help on screen is the list's description. */
  {
    /* TRANSLATORS: the accessible name of a provider list's Add button;
     * %s is the list's title */
    g_autofree char *add_name = g_strdup_printf (_("Add Provider to “%s”"), _(field->label));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL, add_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label), -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label), -1);
    if (field->help != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(field->help), -1);
  }

  detailed_signal = g_strdup_printf ("rows-changed::%s", field->id);
  g_signal_connect_object (request, detailed_signal, G_CALLBACK (rows_changed_cb), self,
                           G_CONNECT_SWAPPED);

  roster_provider_list_sync (ROSTER_FIELD_WIDGET (self));

  return GTK_WIDGET (self);
}

/**
 * roster_provider_list_get_row:
 *
 * Only the rows on screen have a widget: asking for another scrolls the
 * list to it.
 *
 * Returns: (transfer none) (nullable): the widget showing row @position,
 *   %NULL if the list has no such row
 */
RosterProviderRow *
roster_provider_list_get_row (RosterProviderList *self,
                              guint               position)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_LIST (self), NULL);

  return get_row_widget (self, position);
}
