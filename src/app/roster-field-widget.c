/* roster-field-widget.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-field-widget"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "roster-field-widget.h"

G_DEFINE_INTERFACE (RosterFieldWidget, roster_field_widget, GTK_TYPE_WIDGET)

enum {
  TOUCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
roster_field_widget_real_focus_issue (RosterFieldWidget *self,
                                      const RosterIssue *issue)
{
  return FALSE;
}

static void
roster_field_widget_default_init (RosterFieldWidgetInterface *iface)
{
  iface->focus_issue = roster_field_widget_real_focus_issue;

  /**
   * RosterFieldWidget::touched:
   *
   * The administrator is done with the field for now: focus left it, or
   * a choice was made. The editor starts showing the field's problems.
   */
  signals[TOUCHED] =
    g_signal_new ("touched",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

const RosterField *
roster_field_widget_get_field (RosterFieldWidget *self)
{
  g_return_val_if_fail (ROSTER_IS_FIELD_WIDGET (self), NULL);

  return ROSTER_FIELD_WIDGET_GET_IFACE (self)->get_field (self);
}

void
roster_field_widget_sync (RosterFieldWidget *self)
{
  g_return_if_fail (ROSTER_IS_FIELD_WIDGET (self));

  ROSTER_FIELD_WIDGET_GET_IFACE (self)->sync (self);
}

/**
 * roster_field_widget_show_issues:
 * @issues: (element-type RosterIssue): the issues on this field; may be
 *   empty
 */
void
roster_field_widget_show_issues (RosterFieldWidget *self,
                                 GPtrArray         *issues)
{
  g_return_if_fail (ROSTER_IS_FIELD_WIDGET (self));
  g_return_if_fail (issues != NULL);

  ROSTER_FIELD_WIDGET_GET_IFACE (self)->show_issues (self, issues);
}

/**
 * roster_field_widget_focus_issue:
 *
 * Moves keyboard focus to where @issue is, for the Review step's links.
 */
gboolean
roster_field_widget_focus_issue (RosterFieldWidget *self,
                                 const RosterIssue *issue)
{
  g_return_val_if_fail (ROSTER_IS_FIELD_WIDGET (self), FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  if (ROSTER_FIELD_WIDGET_GET_IFACE (self)->focus_issue (self, issue))
    return TRUE;

  return gtk_widget_grab_focus (GTK_WIDGET (self));
}

/**
 * roster_field_widget_show_npi_notes:
 * @lines: (element-type RosterIssue): the registry's line for each NPI of
 *   this field
 * @warnings: (element-type RosterIssue): the registry's warnings on it
 *
 * Returns: %TRUE when the widget showed them itself; %FALSE when the
 *   caller must show them beside it
 */
gboolean
roster_field_widget_show_npi_notes (RosterFieldWidget *self,
                                    GPtrArray         *lines,
                                    GPtrArray         *warnings)
{
  RosterFieldWidgetInterface *iface;

  g_return_val_if_fail (ROSTER_IS_FIELD_WIDGET (self), FALSE);
  g_return_val_if_fail (lines != NULL && warnings != NULL, FALSE);

  iface = ROSTER_FIELD_WIDGET_GET_IFACE (self);
  if (iface->show_npi_notes == NULL)
    return FALSE;

  iface->show_npi_notes (self, lines, warnings);
  return TRUE;
}

void
roster_field_widget_touched (RosterFieldWidget *self)
{
  g_return_if_fail (ROSTER_IS_FIELD_WIDGET (self));

  g_signal_emit (self, signals[TOUCHED], 0);
}

/**
 * roster_field_widget_is_group:
 *
 * Whether the widget is a whole preferences group of its own (radio-style
 * choices, provider lists) rather than one row of a shared group.
 */
gboolean
roster_field_widget_is_group (RosterFieldWidget *self)
{
  g_return_val_if_fail (ROSTER_IS_FIELD_WIDGET (self), FALSE);

  return ADW_IS_PREFERENCES_GROUP (self);
}

/**
 * roster_field_widget_apply_issue_style:
 * @widget: the widget that edits @field
 * @field: the field
 * @issues: (element-type RosterIssue): the issues to show; may be empty
 *
 * What every field widget does with its issues: the error style and the
 * invalid state on the widget, and an accessible description that a screen reader reads after
 * the label — the problem first, then the field's help, then whether it
 * is required (GTK 4.8 does not export "required" to AT-SPI).
 */
void
roster_field_widget_apply_issue_style (GtkWidget         *widget,
                                       const RosterField *field,
                                       GPtrArray         *issues)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (field != NULL);

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append (description, issue->message);
    }

  /* The style for the eye, the invalid state for a screen reader. */
  if (issues != NULL && issues->len > 0)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }

  if (field->help != NULL)
    {
      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append (description, _(field->help));
    }

  if ((field->flags & ROSTER_FIELD_REQUIRED) != 0 && field->required_when == NULL &&
      field->type != ROSTER_FIELD_BOOLEAN)
    {
      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append (description, _("Required."));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}
