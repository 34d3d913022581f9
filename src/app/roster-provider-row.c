/* roster-provider-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-provider-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-provider-row.h"
#include "roster-rules.h"

/*
 * One {name, NPI} row of a provider list. The row knows nothing about the
 * request: it shows what the list gives it and reports what the
 * administrator does (typing, moving, removing) through signals, so the
 * list stays the only place that writes to the request.
 *
 * Everything that depends on the row's place in the list (its number, the
 * accessible labels, which move buttons work) is set by
 * roster_provider_row_set_position() and only touched when it changes, so
 * renumbering the rows after an insertion stays cheap.
 *
 * In the list's GtkListView a row widget is recycled: bound to another
 * row of the list as the administrator scrolls, it is given that row's
 * texts, position, issues and registry note again.
 */

struct _RosterProviderRow
{
  GtkWidget      parent_instance;

  guint          position;
  guint          n_rows;       /* as the row's accessible name says */
  guint          labelled_position;
  char          *npi_note;     /* what the NPI Registry says of the NPI, or NULL */
  char          *name_issue;   /* the issues' messages, for the entries' descriptions */
  char          *npi_issue;
  char          *row_issue;
  guint          syncing : 1;
  guint          has_issues : 1;
  guint          can_move_up : 1;
  guint          can_move_down : 1;

  /* Template widgets */
  GtkLabel      *number_label;
  GtkEntry      *name_entry;
  GtkEntry      *npi_entry;
  GtkButton     *move_up_button;
  GtkButton     *move_down_button;
  GtkButton     *remove_button;
  GtkLabel      *message_label;
  GtkLabel      *registry_label;
};

G_DEFINE_FINAL_TYPE (RosterProviderRow, roster_provider_row, GTK_TYPE_WIDGET)

enum {
  EDITED,
  MOVE,
  REMOVE,
  TOUCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Alt+Up and Alt+Down, shared by every row (see class_init). */
static GListModel *move_shortcuts;

static void
entry_changed_cb (RosterProviderRow *self)
{
  if (self->syncing)
    return;

  g_signal_emit (self, signals[EDITED], 0);
}

static void
focus_leave_cb (RosterProviderRow *self)
{
  g_signal_emit (self, signals[TOUCHED], 0);
}

/* Tooltips are given on demand: gtk_widget_set_tooltip_text() asks the
 * display where the pointer is, and three of those per row made building
 * 500 rows twice as slow. */
static gboolean
query_tooltip_cb (RosterProviderRow *self,
                  int                x,
                  int                y,
                  gboolean           keyboard_mode,
                  GtkTooltip        *tooltip,
                  GtkWidget         *button)
{
  if (button == GTK_WIDGET (self->move_up_button))
    gtk_tooltip_set_text (tooltip, _("Move Up (Alt+↑)"));
  else if (button == GTK_WIDGET (self->move_down_button))
    gtk_tooltip_set_text (tooltip, _("Move Down (Alt+↓)"));
  else
    gtk_tooltip_set_text (tooltip, _("Remove"));

  return TRUE;
}

static void
move_up_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, -1);
}

static void
move_down_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, 1);
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_labels (RosterProviderRow *self)
{
  guint number = self->position + 1;
  char text[16];
  g_autofree char *name_label = NULL;
  g_autofree char *npi_label = NULL;
  g_autofree char *up_label = NULL;
  g_autofree char *down_label = NULL;
  g_autofree char *remove_label = NULL;

  g_snprintf (text, sizeof text, "%u", number);
  gtk_label_set_text (self->number_label, text);

  /* Screen reader users hear which row they are in from every control,
   * since the number label is not part of any control's name. */
  name_label = g_strdup_printf (_("Provider %u name"), number);
  npi_label = g_strdup_printf (_("Provider %u NPI"), number);
  up_label = g_strdup_printf (_("Move provider %u up"), number);
  down_label = g_strdup_printf (_("Move provider %u down"), number);
  remove_label = g_strdup_printf (_("Remove provider %u"), number);

  set_label (GTK_WIDGET (self->name_entry), name_label);
  set_label (GTK_WIDGET (self->npi_entry), npi_label);
  set_label (GTK_WIDGET (self->move_up_button), up_label);
  set_label (GTK_WIDGET (self->move_down_button), down_label);
  set_label (GTK_WIDGET (self->remove_button), remove_label);
}

/* An entry's accessible description: its problems, the row's, then
 * (for the NPI) what the NPI Registry says, so a screen reader says
 * what the eye sees under the entries. */
static void
set_entry_issue (GtkEntry   *entry,
                 const char *own_message,
                 const char *row_message,
                 const char *note)
{
  g_autofree char *description = NULL;

  if (own_message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");

  if (own_message != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                 GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);

  {
    const char *parts[4] = { NULL };
    guint n = 0;

    if (own_message != NULL)
      parts[n++] = own_message;
    if (row_message != NULL)
      parts[n++] = row_message;
    if (note != NULL)
      parts[n++] = note;
    if (n > 0)
      description = g_strjoinv (" ", (char **) parts);
  }

  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
roster_provider_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), ROSTER_TYPE_PROVIDER_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_provider_row_parent_class)->dispose (object);
}

static void
roster_provider_row_finalize (GObject *object)
{
  RosterProviderRow *self = ROSTER_PROVIDER_ROW (object);

  g_free (self->npi_note);
  g_free (self->name_issue);
  g_free (self->npi_issue);
  g_free (self->row_issue);

  G_OBJECT_CLASS (roster_provider_row_parent_class)->finalize (object);
}

static void
roster_provider_row_class_init (RosterProviderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_provider_row_dispose;
  object_class->finalize = roster_provider_row_finalize;

  /**
   * RosterProviderRow::edited:
   *
   * The administrator changed the name or the NPI.
   */
  signals[EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * RosterProviderRow::move:
   * @offset: -1 to move the row up, 1 to move it down
   */
  signals[MOVE] =
    g_signal_new ("move",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * RosterProviderRow::remove:
   *
   * The administrator asked to remove the row.
   */
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * RosterProviderRow::touched:
   *
   * Keyboard focus left the row: the administrator is done with it for
   * now.
   */
  signals[TOUCHED] =
    g_signal_new ("touched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-provider-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, npi_entry);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, move_up_button);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, move_down_button);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, RosterProviderRow, registry_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);

  gtk_widget_class_install_action (widget_class, "provider-row.move-up", NULL, move_up_action_cb);
  gtk_widget_class_install_action (widget_class, "provider-row.move-down", NULL, move_down_action_cb);
  gtk_widget_class_install_action (widget_class, "provider-row.remove", NULL, remove_action_cb);

  /* Built once: parsing the triggers and actions for each of 500 rows
   * showed up in the time to open a long list. */
  {
    GListStore *shortcuts = g_list_store_new (GTK_TYPE_SHORTCUT);
    g_autoptr(GtkShortcut) move_up = NULL;
    g_autoptr(GtkShortcut) move_down = NULL;

    move_up = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                gtk_named_action_new ("provider-row.move-up"));
    move_down = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                  gtk_named_action_new ("provider-row.move-down"));
    g_list_store_append (shortcuts, move_up);
    g_list_store_append (shortcuts, move_down);
    move_shortcuts = G_LIST_MODEL (shortcuts);
  }
}

static void
roster_provider_row_init (RosterProviderRow *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture phase, so the entries never get to see Alt+Up/Down. */
  shortcuts = gtk_shortcut_controller_new_for_model (move_shortcuts);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* Forces the first roster_provider_row_set_position() to apply. */
  self->position = G_MAXUINT;
  self->can_move_up = TRUE;
  self->can_move_down = TRUE;
}

/**
 * roster_provider_row_new:
 *
 * Returns: a row with empty entries; the list places it with
 *   roster_provider_row_set_position()
 */
GtkWidget *
roster_provider_row_new (void)
{
  return g_object_new (ROSTER_TYPE_PROVIDER_ROW, NULL);
}

const char *
roster_provider_row_get_name (RosterProviderRow *self)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

const char *
roster_provider_row_get_npi (RosterProviderRow *self)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->npi_entry));
}

/**
 * roster_provider_row_set_provider:
 *
 * Shows @name and @npi without emitting #RosterProviderRow::edited. An
 * entry whose text is already @name (or @npi) is left alone, so its
 * cursor does not jump while the administrator types in it.
 */
void
roster_provider_row_set_provider (RosterProviderRow *self,
                                  const char        *name,
                                  const char        *npi)
{
  g_return_if_fail (ROSTER_IS_PROVIDER_ROW (self));

  self->syncing = TRUE;
  if (g_strcmp0 (name ? name : "", gtk_editable_get_text (GTK_EDITABLE (self->name_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
  if (g_strcmp0 (npi ? npi : "", gtk_editable_get_text (GTK_EDITABLE (self->npi_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->npi_entry), npi ? npi : "");
  self->syncing = FALSE;
}

guint
roster_provider_row_get_position (RosterProviderRow *self)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), 0);

  return self->position;
}

/**
 * roster_provider_row_set_position:
 * @position: the row's index in its list
 * @n_rows: how many rows the list has
 *
 * Numbers the row and enables the move actions that make sense there.
 */
void
roster_provider_row_set_position (RosterProviderRow *self,
                                  guint              position,
                                  guint              n_rows)
{
  gboolean can_move_up = position > 0;
  gboolean can_move_down = position + 1 < n_rows;

  g_return_if_fail (ROSTER_IS_PROVIDER_ROW (self));
  g_return_if_fail (position < n_rows);

  if (self->position != position)
    {
      self->position = position;
      update_labels (self);
    }

  /* The row itself says where it is among how many. */
  if (self->n_rows != n_rows || self->labelled_position != position)
    {
      /* TRANSLATORS: the accessible name of a provider row, such as "Provider 2 of 3" */
      g_autofree char *row_label = g_strdup_printf (_("Provider %u of %u"), position + 1, n_rows);

      self->n_rows = n_rows;
      self->labelled_position = position;
      set_label (GTK_WIDGET (self), row_label);

      /* In a list view the row sits in an item widget of GTK's, which is
       * what a screen reader lands on: it says the same. */
      if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
        set_label (gtk_widget_get_parent (GTK_WIDGET (self)), row_label);
    }

  if (self->can_move_up != can_move_up)
    {
      self->can_move_up = can_move_up;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider-row.move-up", can_move_up);
    }

  if (self->can_move_down != can_move_down)
    {
      self->can_move_down = can_move_down;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider-row.move-down", can_move_down);
    }
}

/**
 * roster_provider_row_show_issues:
 * @issues: (element-type RosterIssue) (nullable): the issues on this row;
 *   %NULL or empty clears them
 *
 * Puts the messages under the entries and the error style on the entry
 * each issue is about. An issue on the whole row (no column) only shows
 * its message.
 */
void
roster_provider_row_show_issues (RosterProviderRow *self,
                                 GPtrArray         *issues)
{
  g_autoptr(GString) message = NULL;
  g_autoptr(GString) name_message = NULL;
  g_autoptr(GString) npi_message = NULL;
  g_autoptr(GString) row_message = NULL;

  g_return_if_fail (ROSTER_IS_PROVIDER_ROW (self));

  if ((issues == NULL || issues->len == 0) && !self->has_issues)
    return;

  message = g_string_new (NULL);
  name_message = g_string_new (NULL);
  npi_message = g_string_new (NULL);
  row_message = g_string_new (NULL);

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);
      GString *target;

      if (g_strcmp0 (issue->column, "name") == 0)
        target = name_message;
      else if (g_strcmp0 (issue->column, "npi") == 0)
        target = npi_message;
      else
        target = row_message;

      if (target->len > 0)
        g_string_append_c (target, ' ');
      g_string_append (target, issue->message);

      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, issue->message);
    }

  g_free (self->name_issue);
  self->name_issue = name_message->len > 0 ? g_strdup (name_message->str) : NULL;
  g_free (self->npi_issue);
  self->npi_issue = npi_message->len > 0 ? g_strdup (npi_message->str) : NULL;
  g_free (self->row_issue);
  self->row_issue = row_message->len > 0 ? g_strdup (row_message->str) : NULL;
  set_entry_issue (self->name_entry, self->name_issue, self->row_issue, NULL);
  set_entry_issue (self->npi_entry, self->npi_issue, self->row_issue, self->npi_note);

  gtk_label_set_text (self->message_label, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message->len > 0);

  self->has_issues = message->len > 0;
}

/**
 * roster_provider_row_show_npi_note:
 * @line: (nullable): what the NPI Registry says of the row's NPI, or
 *   %NULL when it says nothing (no valid NPI, lookups off)
 * @warnings: (nullable): the registry's warnings on it, one per line
 *
 * Shows the registry's answer under the entries: plain when all is
 * well, in the warning style with the warnings when not. Warnings never
 * mark the entry invalid: they do not block submission.
 */
void
roster_provider_row_show_npi_note (RosterProviderRow *self,
                                   const char        *line,
                                   const char        *warnings)
{
  g_autofree char *note = NULL;

  g_return_if_fail (ROSTER_IS_PROVIDER_ROW (self));

  if (line != NULL && warnings != NULL)
    note = g_strdup_printf ("%s\n%s", line, warnings);
  else if (line != NULL || warnings != NULL)
    note = g_strdup (line != NULL ? line : warnings);

  if (g_strcmp0 (note, self->npi_note) == 0)
    return;

  g_free (self->npi_note);
  self->npi_note = g_steal_pointer (&note);

  gtk_label_set_text (self->registry_label, self->npi_note != NULL ? self->npi_note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->registry_label), self->npi_note != NULL);
  if (warnings != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->registry_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->registry_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->registry_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->registry_label), "dim-label");
    }

  set_entry_issue (self->npi_entry, self->npi_issue, self->row_issue, self->npi_note);
}

/**
 * roster_provider_row_get_npi_note:
 *
 * Returns: (nullable): the registry's answer and warnings as shown, or
 *   %NULL when none is shown
 */
const char *
roster_provider_row_get_npi_note (RosterProviderRow *self)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), NULL);

  return self->npi_note;
}

gboolean
roster_provider_row_has_issues (RosterProviderRow *self)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), FALSE);

  return self->has_issues;
}

/**
 * roster_provider_row_get_cell:
 * @cell: "name", "npi", "move-up", "move-down" or "remove"
 *
 * Returns: (transfer none) (nullable): the control called @cell
 */
GtkWidget *
roster_provider_row_get_cell (RosterProviderRow *self,
                              const char        *cell)
{
  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), NULL);
  g_return_val_if_fail (cell != NULL, NULL);

  if (g_str_equal (cell, "name"))
    return GTK_WIDGET (self->name_entry);
  else if (g_str_equal (cell, "npi"))
    return GTK_WIDGET (self->npi_entry);
  else if (g_str_equal (cell, "move-up"))
    return GTK_WIDGET (self->move_up_button);
  else if (g_str_equal (cell, "move-down"))
    return GTK_WIDGET (self->move_down_button);
  else if (g_str_equal (cell, "remove"))
    return GTK_WIDGET (self->remove_button);

  return NULL;
}

/**
 * roster_provider_row_get_focus_cell:
 *
 * Returns: (nullable): the name of the control in the row that has
 *   keyboard focus (see roster_provider_row_get_cell()), or %NULL
 */
const char *
roster_provider_row_get_focus_cell (RosterProviderRow *self)
{
  static const char * const cells[] = { "name", "npi", "move-up", "move-down", "remove" };
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), NULL);

  if (!(root = gtk_widget_get_root (GTK_WIDGET (self))) ||
      !(focus = gtk_root_get_focus (root)))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      GtkWidget *cell = roster_provider_row_get_cell (self, cells[i]);

      /* An entry's focus is on the GtkText inside it. */
      if (focus == cell || gtk_widget_is_ancestor (focus, cell))
        return cells[i];
    }

  return NULL;
}

/**
 * roster_provider_row_focus_cell:
 * @cell: (nullable): as for roster_provider_row_get_cell(); %NULL means
 *   the name entry
 *
 * Moves keyboard focus to @cell. An entry keeps its text unselected, so
 * the next key typed does not replace it.
 *
 * Returns: whether focus moved there
 */
gboolean
roster_provider_row_focus_cell (RosterProviderRow *self,
                                const char        *cell)
{
  GtkWidget *widget;

  g_return_val_if_fail (ROSTER_IS_PROVIDER_ROW (self), FALSE);

  if (!(widget = roster_provider_row_get_cell (self, cell != NULL ? cell : "name")))
    return FALSE;

  if (GTK_IS_ENTRY (widget))
    return gtk_entry_grab_focus_without_selecting (GTK_ENTRY (widget));

  return gtk_widget_grab_focus (widget);
}
