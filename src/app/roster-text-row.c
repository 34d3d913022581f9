/* roster-text-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-text-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-text-row.h"

/*
 * A multi-line answer. AdwEntryRow holds one line; a comment of up to
 * 2000 characters needs room, and its newlines are part of the answer.
 */

struct _RosterTextRow
{
  AdwPreferencesRow  parent_instance;

  RosterRequest     *request;
  const RosterField *field;
  gboolean           syncing;

  /* Template widgets */
  GtkLabel          *title_label;
  GtkLabel          *help_label;
  GtkTextView       *view;
};

static void roster_text_row_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterTextRow, roster_text_row, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_text_row_field_widget_iface_init))

static char *
get_buffer_text (RosterTextRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
buffer_changed_cb (RosterTextRow *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  text = get_buffer_text (self);
  roster_request_set_text (self->request, self->field->id, text);
}

static void
focus_leave_cb (RosterTextRow *self)
{
  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static const RosterField *
roster_text_row_get_field (RosterFieldWidget *widget)
{
  return ROSTER_TEXT_ROW (widget)->field;
}

static void
roster_text_row_sync (RosterFieldWidget *widget)
{
  RosterTextRow *self = ROSTER_TEXT_ROW (widget);
  const char *answer = roster_request_get_text (self->request, self->field->id);
  g_autofree char *shown = get_buffer_text (self);

  if (g_strcmp0 (answer ? answer : "", shown) == 0)
    return;

  self->syncing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), answer ? answer : "", -1);
  self->syncing = FALSE;
}

static void
roster_text_row_show_issues (RosterFieldWidget *widget,
                             GPtrArray         *issues)
{
  RosterTextRow *self = ROSTER_TEXT_ROW (widget);

  roster_field_widget_apply_issue_style (GTK_WIDGET (self->view), self->field, issues);

  if (issues != NULL && issues->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
}

static gboolean
roster_text_row_focus_issue (RosterFieldWidget *widget,
                             const RosterIssue *issue)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ROSTER_TEXT_ROW (widget)->view));
}

static void
roster_text_row_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_text_row_get_field;
  iface->sync = roster_text_row_sync;
  iface->show_issues = roster_text_row_show_issues;
  iface->focus_issue = roster_text_row_focus_issue;
}

static void
roster_text_row_dispose (GObject *object)
{
  RosterTextRow *self = (RosterTextRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (roster_text_row_parent_class)->dispose (object);
}

static void
roster_text_row_class_init (RosterTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_text_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-text-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterTextRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RosterTextRow, help_label);
  gtk_widget_class_bind_template_child (widget_class, RosterTextRow, view);
  gtk_widget_class_bind_template_callback (widget_class, focus_leave_cb);
}

static void
roster_text_row_init (RosterTextRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * roster_text_row_new:
 * @request: the request to edit
 * @field: a multi-line text field
 *
 * Returns: (transfer floating): a row bound to @field of @request
 */
GtkWidget *
roster_text_row_new (RosterRequest     *request,
                     const RosterField *field)
{
  RosterTextRow *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL && field->type == ROSTER_FIELD_TEXT, NULL);

  self = g_object_new (ROSTER_TYPE_TEXT_ROW,
                       "title", _(field->label),
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;

  gtk_label_set_text (self->title_label, _(field->label));
  if (field->help != NULL)
    {
      gtk_label_set_text (self->help_label, _(field->help));
      gtk_widget_set_visible (GTK_WIDGET (self->help_label), TRUE);
    }

  /* Named by the title, its mnemonic label (a name of ours as well would
   * be said after it). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  roster_text_row_sync (ROSTER_FIELD_WIDGET (self));
  roster_text_row_show_issues (ROSTER_FIELD_WIDGET (self), NULL);

  return GTK_WIDGET (self);
}

GtkTextView *
roster_text_row_get_view (RosterTextRow *self)
{
  g_return_val_if_fail (ROSTER_IS_TEXT_ROW (self), NULL);

  return self->view;
}
