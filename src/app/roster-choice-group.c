/* roster-choice-group.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-choice-group"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-choice-group.h"
#include "roster-field-message.h"

struct _RosterChoiceGroup
{
  AdwPreferencesGroup  parent_instance;

  RosterRequest       *request;
  const RosterField   *field;
  GPtrArray           *buttons;  /* GtkCheckButton *, in option order */
  gboolean             syncing;

  RosterFieldMessage  *message;
};

static void roster_choice_group_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterChoiceGroup, roster_choice_group, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_choice_group_field_widget_iface_init))

static void
button_toggled_cb (RosterChoiceGroup *self,
                   GtkCheckButton    *button)
{
  if (self->syncing || !gtk_check_button_get_active (button))
    return;

  for (guint i = 0; i < self->buttons->len; i++)
    {
      if (g_ptr_array_index (self->buttons, i) == button)
        {
          roster_request_set_text (self->request, self->field->id, self->field->options[i].id);
          roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
          return;
        }
    }
}

static const RosterField *
roster_choice_group_get_field (RosterFieldWidget *widget)
{
  return ROSTER_CHOICE_GROUP (widget)->field;
}

static void
roster_choice_group_sync (RosterFieldWidget *widget)
{
  RosterChoiceGroup *self = ROSTER_CHOICE_GROUP (widget);
  const char *answer = roster_request_get_text (self->request, self->field->id);

  self->syncing = TRUE;

  for (guint i = 0; i < self->buttons->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->buttons, i),
                                 g_strcmp0 (answer, self->field->options[i].id) == 0);

  self->syncing = FALSE;
}

static void
roster_choice_group_show_issues (RosterFieldWidget *widget,
                                 GPtrArray         *issues)
{
  RosterChoiceGroup *self = ROSTER_CHOICE_GROUP (widget);

  roster_field_message_set_issues (self->message, issues);

  for (guint i = 0; i < self->buttons->len; i++)
    roster_field_widget_apply_issue_style (g_ptr_array_index (self->buttons, i), self->field, issues);
}

/* Focus the chosen option, or the first: where arrow keys continue. */
static gboolean
roster_choice_group_focus_issue (RosterFieldWidget *widget,
                                 const RosterIssue *issue)
{
  RosterChoiceGroup *self = ROSTER_CHOICE_GROUP (widget);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (self->buttons, i);

      if (gtk_check_button_get_active (button))
        return gtk_widget_grab_focus (GTK_WIDGET (button));
    }

  return self->buttons->len > 0 && gtk_widget_grab_focus (g_ptr_array_index (self->buttons, 0));
}

static void
roster_choice_group_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_choice_group_get_field;
  iface->sync = roster_choice_group_sync;
  iface->show_issues = roster_choice_group_show_issues;
  iface->focus_issue = roster_choice_group_focus_issue;
}

static void
roster_choice_group_dispose (GObject *object)
{
  RosterChoiceGroup *self = (RosterChoiceGroup *)object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_choice_group_parent_class)->dispose (object);
}

static void
roster_choice_group_class_init (RosterChoiceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_choice_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-choice-group.ui");
  /* A screen reader says which group a radio button is in by its nearest
   * radio group ("grouping" in AT-SPI): GTK 4.8 exports no MEMBER_OF
   * relation for gtk_check_button_set_group(). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
}

static void
roster_choice_group_init (RosterChoiceGroup *self)
{
  self->buttons = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * roster_choice_group_new:
 * @request: the request to edit
 * @field: a choice field
 *
 * Returns: (transfer floating): a group with one radio-style row per option
 */
GtkWidget *
roster_choice_group_new (RosterRequest     *request,
                         const RosterField *field)
{
  RosterChoiceGroup *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL && field->type == ROSTER_FIELD_CHOICE, NULL);

  self = g_object_new (ROSTER_TYPE_CHOICE_GROUP,
                       "title", _(field->label),
                       "description", field->help ? _(field->help) : NULL,
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;
  /* The group of answers is named by its question. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label), -1);

  for (const RosterOption *option = field->options; option->id != NULL; option++)
    {
      GtkWidget *row = adw_action_row_new ();
      /* One answer among several: a radio button, not a check box. */
      GtkWidget *button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                        NULL);

      if (self->buttons->len > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), g_ptr_array_index (self->buttons, 0));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Named by the row's title: the row labels its activatable widget. */
      g_signal_connect_object (button, "toggled", G_CALLBACK (button_toggled_cb), self, G_CONNECT_SWAPPED);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(option->label));
      if (option->help != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(option->help));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->buttons, button);
    }

  /* The message goes under the options it is about. */
  self->message = ROSTER_FIELD_MESSAGE (roster_field_message_new (_(field->label)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->message));

  roster_choice_group_sync (ROSTER_FIELD_WIDGET (self));
  roster_choice_group_show_issues (ROSTER_FIELD_WIDGET (self), NULL);

  return GTK_WIDGET (self);
}

/**
 * roster_choice_group_get_button:
 *
 * Returns: (transfer none) (nullable): the radio button of @option_id
 */
GtkCheckButton *
roster_choice_group_get_button (RosterChoiceGroup *self,
                                const char        *option_id)
{
  g_return_val_if_fail (ROSTER_IS_CHOICE_GROUP (self), NULL);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      if (g_str_equal (self->field->options[i].id, option_id))
        return g_ptr_array_index (self->buttons, i);
    }

  return NULL;
}
