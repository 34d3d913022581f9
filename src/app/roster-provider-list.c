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
 * The editor of one provider list: a group with an Add button and one
 * RosterProviderRow per row of the request's list.
 *
 * A list holds up to 500 rows, so the widgets follow the request's
 * #RosterRequest::rows-changed one change at a time: an insertion creates
 * one row widget, a removal destroys one, a move moves one. A change the
 * widget itself just wrote (a keystroke in a row) is not applied back at
 * all: recreating or refilling the row would move the cursor under the
 * administrator's fingers.
 *
 * `rows` mirrors the list box's children in order, so finding the widget
 * of row i does not walk the list box.
 */

struct _RosterProviderList
{
  AdwPreferencesGroup  parent_instance;

  RosterRequest       *request;
  const RosterField   *field;
  GPtrArray           *rows;        /* RosterProviderRow *, owned by list_box */

  /* Set while the widget writes to the request itself. */
  guint                writing_edit : 1;
  guint                rearranging : 1;
  guint                has_pending_move : 1;
  guint                pending_move_from;
  guint                pending_move_to;

  /* Template widgets */
  GtkButton           *add_button;
  GtkListBox          *list_box;
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

static void
free_row_issues (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static void
update_add_action (RosterProviderList *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider-list.add",
                                 self->rows->len < roster_field_get_max_rows (self->field));
}

/* Renumbers the rows from @first on. The row before @first may have been
 * the last one, so it is looked at too. */
static void
renumber_rows (RosterProviderList *self,
               guint               first)
{
  guint n_rows = self->rows->len;

  for (guint i = first > 0 ? first - 1 : 0; i < n_rows; i++)
    roster_provider_row_set_position (g_ptr_array_index (self->rows, i), i, n_rows);
}

static RosterProviderRow *
create_row (RosterProviderList *self,
            guint               position)
{
  const RosterProvider *provider;
  GtkWidget *row;

  provider = roster_request_get_row (self->request, self->field->id, position);

  row = roster_provider_row_new ();
  roster_provider_row_set_provider (ROSTER_PROVIDER_ROW (row), provider->name, provider->npi);

  g_signal_connect_object (row, "edited", G_CALLBACK (row_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (row_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "touched", G_CALLBACK (row_touched_cb), self, G_CONNECT_SWAPPED);

  return ROSTER_PROVIDER_ROW (row);
}

static void
insert_rows (RosterProviderList *self,
             guint               position,
             guint               n_rows)
{
  for (guint i = position; i < position + n_rows; i++)
    {
      RosterProviderRow *row = create_row (self, i);

      g_ptr_array_insert (self->rows, i, row);
      gtk_list_box_insert (self->list_box, GTK_WIDGET (row), i);
    }
}

static void
remove_rows (RosterProviderList *self,
             guint               position,
             guint               n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      RosterProviderRow *row = g_ptr_array_steal_index (self->rows, position);

      gtk_list_box_remove (self->list_box, GTK_WIDGET (row));
    }
}

static int
compare_positions_cb (GtkListBoxRow *row1,
                      GtkListBoxRow *row2,
                      gpointer       user_data)
{
  guint position1 = roster_provider_row_get_position (ROSTER_PROVIDER_ROW (row1));
  guint position2 = roster_provider_row_get_position (ROSTER_PROVIDER_ROW (row2));

  return position1 < position2 ? -1 : position1 > position2;
}

/* Moves the widget of row @from to @to.
 *
 * The row is not taken out and put back: that would take keyboard focus
 * from the entry being typed in, and GTK 4.8 leaves the buttons of a
 * re-parented row insensitive. Instead the rows are renumbered and the
 * list box sorted once by position, which only relinks siblings. */
static void
move_row_widget (RosterProviderList *self,
                 guint               from,
                 guint               to)
{
  RosterProviderRow *row = g_ptr_array_steal_index (self->rows, from);
  const char *focus_cell = roster_provider_row_get_focus_cell (row);

  g_ptr_array_insert (self->rows, to, row);
  renumber_rows (self, MIN (from, to));

  gtk_list_box_set_sort_func (self->list_box, compare_positions_cb, NULL, NULL);
  gtk_list_box_set_sort_func (self->list_box, NULL, NULL, NULL);

  /* A move button that no longer applies (the row reached the top, say)
   * went insensitive under the focus: hand focus to the other one. */
  if (focus_cell != NULL && roster_provider_row_get_focus_cell (row) == NULL)
    {
      if (g_str_equal (focus_cell, "move-up"))
        roster_provider_row_focus_cell (row, "move-down");
      else if (g_str_equal (focus_cell, "move-down"))
        roster_provider_row_focus_cell (row, "move-up");
    }
}

static gboolean
row_shows (RosterProviderRow    *row,
           const RosterProvider *provider)
{
  return g_str_equal (roster_provider_row_get_name (row), provider->name) &&
         g_str_equal (roster_provider_row_get_npi (row), provider->npi);
}

/* A move from elsewhere (an undo, say) arrives as @n_rows rows replaced
 * at @position. Returns TRUE, with the move in @from and @to, if the
 * request's rows there are the widgets' rows rotated by one. */
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

      /* Moved up: the request's row i was the widgets' row i - 1 (row
       * `last` went to `position`). Moved down: the other way round. */
      if (moved_up)
        moved_up = row_shows (g_ptr_array_index (self->rows, i == position ? last : i - 1), provider);
      if (moved_down)
        moved_down = row_shows (g_ptr_array_index (self->rows, i == last ? position : i + 1), provider);
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

  g_return_if_fail (position + removed <= self->rows->len);

  if (removed == added)
    {
      if (self->has_pending_move &&
          position == MIN (self->pending_move_from, self->pending_move_to) &&
          removed == MAX (self->pending_move_from, self->pending_move_to) - position + 1)
        {
          self->has_pending_move = FALSE;
          move_row_widget (self, self->pending_move_from, self->pending_move_to);
        }
      else if (find_move (self, position, removed, &from, &to))
        {
          move_row_widget (self, from, to);
        }
      else
        {
          for (guint i = position; i < position + removed; i++)
            {
              const RosterProvider *provider = roster_request_get_row (request, field_id, i);

              roster_provider_row_set_provider (g_ptr_array_index (self->rows, i),
                                                provider->name, provider->npi);
            }
        }

      return;
    }

  remove_rows (self, position, removed);
  insert_rows (self, position, added);
  renumber_rows (self, position);
  update_add_action (self);
}

static void
row_edited_cb (RosterProviderList *self,
               RosterProviderRow  *row)
{
  self->writing_edit = TRUE;
  roster_request_set_row (self->request, self->field->id,
                          roster_provider_row_get_position (row),
                          roster_provider_row_get_name (row),
                          roster_provider_row_get_npi (row));
  self->writing_edit = FALSE;
}

static void
row_move_cb (RosterProviderList *self,
             int                 offset,
             RosterProviderRow  *row)
{
  guint from = roster_provider_row_get_position (row);
  int to = (int) from + offset;

  if (to < 0 || (guint) to >= self->rows->len)
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

  self->rearranging = TRUE;
  roster_request_remove_row (self->request, self->field->id, position);
  self->rearranging = FALSE;

  /* The removed row had focus (its button was just used): give it to the
   * row that took its place, so removing several in a row is quick. */
  if (position < self->rows->len)
    roster_provider_row_focus_cell (g_ptr_array_index (self->rows, position), "name");
  else if (position > 0)
    roster_provider_row_focus_cell (g_ptr_array_index (self->rows, position - 1), "name");
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
      gtk_widget_get_parent (GTK_WIDGET (row)) != GTK_WIDGET (self->list_box) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);

  if (self->rows->len >= roster_field_get_max_rows (self->field))
    return;

  roster_request_insert_row (self->request, self->field->id, -1, "", "");

  /* No touch here: the new row is empty on purpose, and its problems
   * should wait until the administrator leaves it. */
  if (self->rows->len > 0)
    roster_provider_row_focus_cell (g_ptr_array_index (self->rows, self->rows->len - 1), "name");
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
  guint n_kept = MIN (n_rows, self->rows->len);

  /* Rows that exist on both sides are refilled rather than recreated:
   * sync runs right after construction too, and a refill that changes
   * nothing costs nothing. */
  for (guint i = 0; i < n_kept; i++)
    {
      const RosterProvider *provider = roster_request_get_row (self->request, self->field->id, i);

      roster_provider_row_set_provider (g_ptr_array_index (self->rows, i),
                                        provider->name, provider->npi);
    }

  if (self->rows->len > n_kept)
    remove_rows (self, n_kept, self->rows->len - n_kept);
  else if (n_rows > n_kept)
    insert_rows (self, n_kept, n_rows - n_kept);

  renumber_rows (self, n_kept);
  update_add_action (self);
}

static void
roster_provider_list_show_issues (RosterFieldWidget *widget,
                                  GPtrArray         *issues)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autoptr(GPtrArray) row_issues = NULL;

  /* row_issues[i] holds row i's issues, NULL for the (many) rows that
   * have none. */
  row_issues = g_ptr_array_new_full (self->rows->len, free_row_issues);
  g_ptr_array_set_size (row_issues, self->rows->len);

  for (guint i = 0; i < issues->len; i++)
    {
      RosterIssue *issue = g_ptr_array_index (issues, i);

      if (issue->row < 0)
        {
          if (message->len > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, issue->message);
        }
      else if ((guint) issue->row < self->rows->len)
        {
          GPtrArray **slot = (GPtrArray **) &g_ptr_array_index (row_issues, issue->row);

          if (*slot == NULL)
            *slot = g_ptr_array_new ();
          g_ptr_array_add (*slot, issue);
        }
    }

  for (guint i = 0; i < self->rows->len; i++)
    roster_provider_row_show_issues (g_ptr_array_index (self->rows, i),
                                     g_ptr_array_index (row_issues, i));

  gtk_label_set_text (self->message_label, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message->len > 0);

  /* The list's description: its problem, then the help on screen. */
  if (self->field->help != NULL)
    g_string_append_printf (message, "%s%s", message->len > 0 ? " " : "", _(self->field->help));
  if (message->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message->str,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->list_box),
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

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *line = join_row_messages (lines, &next_line, i);
      g_autofree char *row_warnings = join_row_messages (warnings, &next_warning, i);

      roster_provider_row_show_npi_note (g_ptr_array_index (self->rows, i), line, row_warnings);
    }
}

static gboolean
roster_provider_list_focus_issue (RosterFieldWidget *widget,
                                  const RosterIssue *issue)
{
  RosterProviderList *self = ROSTER_PROVIDER_LIST (widget);

  if (issue->row >= 0 && (guint) issue->row < self->rows->len)
    return roster_provider_row_focus_cell (g_ptr_array_index (self->rows, issue->row),
                                           issue->column != NULL ? issue->column : "name");

  /* A problem with the list as a whole is about what is missing from it. */
  if (self->rows->len == 0 || !gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->add_button));

  return roster_provider_row_focus_cell (g_ptr_array_index (self->rows, 0), "name");
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

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_provider_list_parent_class)->finalize (object);
}

static void
roster_provider_list_class_init (RosterProviderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_provider_list_dispose;
  object_class->finalize = roster_provider_list_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-provider-list.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, add_button);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, list_box);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderList, message_label);

  gtk_widget_class_install_action (widget_class, "provider-list.add", NULL, add_action_cb);
}

static void
roster_provider_list_init (RosterProviderList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
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
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label), -1);
    if (field->help != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(field->help), -1);
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
 * Returns: (transfer none) (nullable): the widget showing row @position
 */
RosterProviderRow *
roster_provider_list_get_row (RosterProviderList *self,
                              guint               position)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_LIST (self), NULL);

  if (position >= self->rows->len)
    return NULL;

  return g_ptr_array_index (self->rows, position);
}
