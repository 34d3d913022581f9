/* roster-switch-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-switch-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-switch-row.h"

/* A yes-or-no answer ("I am the user named above"), as a switch. */

struct _RosterSwitchRow
{
  AdwActionRow       parent_instance;

  RosterRequest     *request;
  const RosterField *field;
  gboolean           syncing;

  /* Template widgets */
  GtkSwitch         *switch_;
};

static void roster_switch_row_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterSwitchRow, roster_switch_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_switch_row_field_widget_iface_init))

static void
active_changed_cb (RosterSwitchRow *self)
{
  if (self->syncing)
    return;

  roster_request_set_boolean (self->request, self->field->id, gtk_switch_get_active (self->switch_));
  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static const RosterField *
roster_switch_row_get_field (RosterFieldWidget *widget)
{
  return ROSTER_SWITCH_ROW (widget)->field;
}

static void
roster_switch_row_sync (RosterFieldWidget *widget)
{
  RosterSwitchRow *self = ROSTER_SWITCH_ROW (widget);
  gboolean active = roster_request_get_boolean (self->request, self->field->id);

  if (active == gtk_switch_get_active (self->switch_))
    return;

  self->syncing = TRUE;
  gtk_switch_set_active (self->switch_, active);
  self->syncing = FALSE;
}

static void
roster_switch_row_show_issues (RosterFieldWidget *widget,
                               GPtrArray         *issues)
{
  RosterSwitchRow *self = ROSTER_SWITCH_ROW (widget);

  roster_field_widget_apply_issue_style (GTK_WIDGET (self), self->field, issues);
}

static gboolean
roster_switch_row_focus_issue (RosterFieldWidget *widget,
                               const RosterIssue *issue)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ROSTER_SWITCH_ROW (widget)->switch_));
}

static void
roster_switch_row_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_switch_row_get_field;
  iface->sync = roster_switch_row_sync;
  iface->show_issues = roster_switch_row_show_issues;
  iface->focus_issue = roster_switch_row_focus_issue;
}

static void
roster_switch_row_dispose (GObject *object)
{
  RosterSwitchRow *self = (RosterSwitchRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (roster_switch_row_parent_class)->dispose (object);
}

static void
roster_switch_row_class_init (RosterSwitchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_switch_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-switch-row.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "switch", FALSE,
                                             G_STRUCT_OFFSET (RosterSwitchRow, switch_));
  gtk_widget_class_bind_template_callback (widget_class, active_changed_cb);
}

static void
roster_switch_row_init (RosterSwitchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * roster_switch_row_new:
 * @request: the request to edit
 * @field: a boolean field
 *
 * Returns: (transfer floating): a row bound to @field of @request
 */
GtkWidget *
roster_switch_row_new (RosterRequest     *request,
                       const RosterField *field)
{
  RosterSwitchRow *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL && field->type == ROSTER_FIELD_BOOLEAN, NULL);

  self = g_object_new (ROSTER_TYPE_SWITCH_ROW,
                       "title", _(field->label),
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;

  if (field->help != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _(field->help));

  /* The switch is what a screen reader lands on: it is the row's
   * activatable widget, which libadwaita labels by the row's title (a
   * label of our own would say the title twice). */

  roster_switch_row_sync (ROSTER_FIELD_WIDGET (self));
  roster_field_widget_apply_issue_style (GTK_WIDGET (self), field, NULL);

  return GTK_WIDGET (self);
}

GtkSwitch *
roster_switch_row_get_switch (RosterSwitchRow *self)
{
  g_return_val_if_fail (ROSTER_IS_SWITCH_ROW (self), NULL);

  return self->switch_;
}
