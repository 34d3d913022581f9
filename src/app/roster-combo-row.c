/* roster-combo-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-combo-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-combo-row.h"

/*
 * A choice whose options need no explanation (a service's change, a
 * termination reason). A choice with no default starts on "Not chosen",
 * which is no answer, so a required choice is never answered by accident.
 *
 * The answer chosen is shown in a label of our own, which wraps: the row's
 * own (a list view of one item, in libadwaita 1.2) ended in "…" when the
 * question and the answer did not fit side by side, as with large text at
 * 360 px ("Deliver alerts by  Secure Direct M…").
 */

struct _RosterComboRow
{
  AdwComboRow        parent_instance;

  RosterRequest     *request;
  const RosterField *field;
  gboolean           has_placeholder;
  gboolean           syncing;

  GtkLabel          *value_label;  /* NULL if the row is not built as expected */
};

static void roster_combo_row_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterComboRow, roster_combo_row, ADW_TYPE_COMBO_ROW,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_combo_row_field_widget_iface_init))

static const char *
option_id_at (RosterComboRow *self,
              guint           position)
{
  if (self->has_placeholder)
    {
      if (position == 0)
        return NULL;
      position--;
    }

  return self->field->options[position].id;
}

static guint
position_of (RosterComboRow *self,
             const char     *option_id)
{
  guint position = 0;

  if (option_id != NULL)
    {
      for (const RosterOption *option = self->field->options; option->id != NULL; option++, position++)
        {
          if (g_str_equal (option->id, option_id))
            return self->has_placeholder ? position + 1 : position;
        }
    }

  return 0;
}

static void
update_value_label (RosterComboRow *self)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));

  if (self->value_label != NULL)
    gtk_label_set_label (self->value_label,
                         GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "");
}

static void
selected_changed_cb (RosterComboRow *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  update_value_label (self);

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;

  roster_request_set_text (self->request, self->field->id, option_id_at (self, selected));
  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static const RosterField *
roster_combo_row_get_field (RosterFieldWidget *widget)
{
  return ROSTER_COMBO_ROW (widget)->field;
}

static void
roster_combo_row_sync (RosterFieldWidget *widget)
{
  RosterComboRow *self = ROSTER_COMBO_ROW (widget);
  guint position = position_of (self, roster_request_get_text (self->request, self->field->id));

  if (position == adw_combo_row_get_selected (ADW_COMBO_ROW (self)))
    return;

  self->syncing = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), position);
  self->syncing = FALSE;
}

static void
roster_combo_row_show_issues (RosterFieldWidget *widget,
                              GPtrArray         *issues)
{
  RosterComboRow *self = ROSTER_COMBO_ROW (widget);

  roster_field_widget_apply_issue_style (GTK_WIDGET (self), self->field, issues);
}

static void
roster_combo_row_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_combo_row_get_field;
  iface->sync = roster_combo_row_sync;
  iface->show_issues = roster_combo_row_show_issues;
}

static void
roster_combo_row_dispose (GObject *object)
{
  RosterComboRow *self = (RosterComboRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (roster_combo_row_parent_class)->dispose (object);
}

static void
roster_combo_row_class_init (RosterComboRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_combo_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-combo-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, selected_changed_cb);
}

/* libadwaita 1.2's combo row shows the answer in a list view (class
 * "inline") among the row's suffixes, beside the arrow. */
static GtkWidget *
find_current_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "inline"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* Not into the popover of choices. */
      if (GTK_IS_POPOVER (child))
        continue;
      if ((found = find_current_view (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
roster_combo_row_init (RosterComboRow *self)
{
  GtkWidget *current;

  gtk_widget_init_template (GTK_WIDGET (self));

  if ((current = find_current_view (GTK_WIDGET (self))) == NULL)
    return;

  self->value_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->value_label, TRUE);
  gtk_label_set_wrap_mode (self->value_label, PANGO_WRAP_WORD_CHAR);
  /* The row's box asks for the label's width at the row's height, which
   * a wrapping label would answer with as many lines as fit: "Other
   * reas-on" on three lines of a wide row. Wrap only for want of room. */
  gtk_label_set_natural_wrap_mode (self->value_label, GTK_NATURAL_WRAP_NONE);
  gtk_label_set_xalign (self->value_label, 1);
  gtk_label_set_justify (self->value_label, GTK_JUSTIFY_RIGHT);
  /* Room for the question beside it; longer answers wrap. */
  gtk_label_set_max_width_chars (self->value_label, 24);
  gtk_widget_set_valign (GTK_WIDGET (self->value_label), GTK_ALIGN_CENTER);
  gtk_widget_insert_after (GTK_WIDGET (self->value_label), gtk_widget_get_parent (current), current);
  gtk_widget_set_visible (current, FALSE);
}

/**
 * roster_combo_row_new:
 * @request: the request to edit
 * @field: a choice field
 *
 * Returns: (transfer floating): a row bound to @field of @request
 */
GtkWidget *
roster_combo_row_new (RosterRequest     *request,
                      const RosterField *field)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  RosterComboRow *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL && field->type == ROSTER_FIELD_CHOICE, NULL);

  self = g_object_new (ROSTER_TYPE_COMBO_ROW,
                       "title", _(field->label),
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;
  self->has_placeholder = field->default_id == NULL;

  if (self->has_placeholder)
    gtk_string_list_append (labels, _("Not chosen"));
  for (const RosterOption *option = field->options; option->id != NULL; option++)
    gtk_string_list_append (labels, _(option->label));

  self->syncing = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
  self->syncing = FALSE;
  update_value_label (self);

  if (field->help != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _(field->help));

  roster_combo_row_sync (ROSTER_FIELD_WIDGET (self));
  roster_field_widget_apply_issue_style (GTK_WIDGET (self), field, NULL);

  return GTK_WIDGET (self);
}
