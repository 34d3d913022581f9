/* roster-section-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-section-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-section-row.h"

/* A step in the editor's sidebar: the section's title and its state, as
 * an icon for the eye and as words for a screen reader. */

struct _RosterSectionRow
{
  GtkListBoxRow       parent_instance;

  RosterSectionState  state;

  /* Template widgets */
  GtkLabel           *title_label;
  GtkImage           *state_image;
};

G_DEFINE_FINAL_TYPE (RosterSectionRow, roster_section_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
describe_state (RosterSectionState state)
{
  switch (state)
    {
    case ROSTER_SECTION_NOT_STARTED:
      return _("Not started");

    case ROSTER_SECTION_IN_PROGRESS:
      return _("In progress");

    case ROSTER_SECTION_COMPLETE:
      return _("Complete");

    case ROSTER_SECTION_HAS_PROBLEMS:
      return _("Has problems");

    default:
      g_assert_not_reached ();
    }
}

/* The icon's tooltip is given on demand, like the provider rows' (see
 * there): a tooltip text set on each change of state cost three round
 * trips to the display per row, ten rows and more while an editor is
 * built, before its first frame. */
static gboolean
state_image_query_tooltip_cb (RosterSectionRow *self,
                              int               x,
                              int               y,
                              gboolean          keyboard_mode,
                              GtkTooltip       *tooltip)
{
  gtk_tooltip_set_text (tooltip, describe_state (self->state));

  return TRUE;
}

static void
roster_section_row_class_init (RosterSectionRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-section-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterSectionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RosterSectionRow, state_image);
  gtk_widget_class_bind_template_callback (widget_class, state_image_query_tooltip_cb);
}

static void
roster_section_row_init (RosterSectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->state = ROSTER_SECTION_COMPLETE;
  roster_section_row_set_state (self, ROSTER_SECTION_NOT_STARTED);
}

GtkWidget *
roster_section_row_new (const char *title)
{
  RosterSectionRow *self = g_object_new (ROSTER_TYPE_SECTION_ROW, NULL);

  gtk_label_set_text (self->title_label, title);
  /* A row's name is its step's title; its state is its description
   * (a screen reader says "Alerts, Complete"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  return GTK_WIDGET (self);
}

void
roster_section_row_set_state (RosterSectionRow   *self,
                              RosterSectionState  state)
{
  const char *icon_name = NULL;

  g_return_if_fail (ROSTER_IS_SECTION_ROW (self));

  if (state == self->state)
    return;

  self->state = state;

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_image), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_image), "dim-label");

  switch (state)
    {
    case ROSTER_SECTION_NOT_STARTED:
      icon_name = "radio-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_image), "dim-label");
      break;

    case ROSTER_SECTION_IN_PROGRESS:
      icon_name = "document-edit-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_image), "dim-label");
      break;

    case ROSTER_SECTION_COMPLETE:
      icon_name = "emblem-ok-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_image), "success");
      break;

    case ROSTER_SECTION_HAS_PROBLEMS:
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_image), "error");
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_image_set_from_icon_name (self->state_image, icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, describe_state (state),
                                  -1);
}

RosterSectionState
roster_section_row_get_state (RosterSectionRow *self)
{
  g_return_val_if_fail (ROSTER_IS_SECTION_ROW (self), ROSTER_SECTION_NOT_STARTED);

  return self->state;
}
