/* roster-field-message.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-field-message"

#include "config.h"

#include "roster-field-message.h"
#include "roster-rules.h"

/*
 * The problem with the row above it, in words, in the row's own boxed
 * list: AdwEntryRow has no subtitle to carry it. Hidden while there is
 * nothing to say. The text is plain, never markup: messages may quote
 * the server.
 *
 * For a screen reader the row is an alert named by the question it is
 * about. GTK 4.8 has no live regions and sends no event when a widget
 * appears, so what is heard as a problem appears is the field's
 * description, which holds the problem and changes with it while the
 * field has the focus (roster-field-widget.c); from GTK 4.14 the row
 * also announces itself when it appears.
 */

struct _RosterFieldMessage
{
  AdwPreferencesRow  parent_instance;

  /* Template widgets */
  GtkImage          *icon;
  GtkLabel          *label;
};

G_DEFINE_FINAL_TYPE (RosterFieldMessage, roster_field_message, ADW_TYPE_PREFERENCES_ROW)

/* A message row holds nothing to focus, and GTK 4.8's list box, moving
 * focus backwards, tries only the row just before: a message between two
 * fields made Shift+Tab leave the page for the header bar. The row
 * passes focus on to the rows before it (or, going forwards, after it). */
static gboolean
roster_field_message_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD || direction == GTK_DIR_UP;
  gboolean forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN;
  GtkWidget *row;

  if (!backward && !forward)
    return FALSE;

  for (row = backward ? gtk_widget_get_prev_sibling (widget) : gtk_widget_get_next_sibling (widget);
       row != NULL;
       row = backward ? gtk_widget_get_prev_sibling (row) : gtk_widget_get_next_sibling (row))
    {
      if (ROSTER_IS_FIELD_MESSAGE (row))
        continue;
      if (gtk_widget_get_visible (row) && gtk_widget_is_sensitive (row) && gtk_widget_child_focus (row, direction))
        return TRUE;
    }

  return FALSE;
}

static void
roster_field_message_class_init (RosterFieldMessageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->focus = roster_field_message_focus;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-field-message.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterFieldMessage, icon);
  gtk_widget_class_bind_template_child (widget_class, RosterFieldMessage, label);
}

static void
roster_field_message_init (RosterFieldMessage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * roster_field_message_new:
 * @about: the question (or step) the messages are about, as on screen:
 *   the row's accessible name
 */
GtkWidget *
roster_field_message_new (const char *about)
{
  RosterFieldMessage *self = g_object_new (ROSTER_TYPE_FIELD_MESSAGE, NULL);

  roster_field_message_set_about (self, about);
  return GTK_WIDGET (self);
}

void
roster_field_message_set_about (RosterFieldMessage *self,
                                const char         *about)
{
  g_return_if_fail (ROSTER_IS_FIELD_MESSAGE (self));
  g_return_if_fail (about != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, about, -1);
}

/**
 * roster_field_message_set_issues:
 * @issues: (element-type RosterIssue): the issues to show, one per line;
 *   none hides the row
 */
void
roster_field_message_set_issues (RosterFieldMessage *self,
                                 GPtrArray          *issues)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (ROSTER_IS_FIELD_MESSAGE (self));

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, issue->message);
    }

#if GTK_CHECK_VERSION (4, 14, 0)
  if (text->len > 0 && !gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_accessible_announce (GTK_ACCESSIBLE (self), text->str, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
  gtk_label_set_text (self->label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self), text->len > 0);
}

/* "error" (a problem to fix), "warning" (worth a look, blocks nothing)
 * or "dim-label" (information). */
static void
set_style (RosterFieldMessage *self,
           const char         *style)
{
  static const char * const styles[] = { "error", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      if (g_str_equal (styles[i], style))
        continue;
      gtk_widget_remove_css_class (GTK_WIDGET (self->icon), styles[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->label), styles[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), style);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), style);
  gtk_image_set_from_icon_name (self->icon, g_str_equal (style, "dim-label") ? "dialog-information-symbolic"
                                                                              : "dialog-warning-symbolic");
}

/**
 * roster_field_message_set_npi_note:
 * @lines: (element-type RosterIssue): what the NPI Registry says of the
 *   field's NPI
 * @warnings: (element-type RosterIssue): the registry's warnings on it
 *
 * Makes this row the NPI Registry's line under an NPI field: information,
 * or a warning when there are warnings; no lines hides the row.
 */
void
roster_field_message_set_npi_note (RosterFieldMessage *self,
                                   GPtrArray          *lines,
                                   GPtrArray          *warnings)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_return_if_fail (ROSTER_IS_FIELD_MESSAGE (self));

  g_ptr_array_extend (all, lines, NULL, NULL);
  g_ptr_array_extend (all, warnings, NULL, NULL);
  roster_field_message_set_issues (self, all);
  set_style (self, warnings->len > 0 ? "warning" : "dim-label");
}

const char *
roster_field_message_get_text (RosterFieldMessage *self)
{
  g_return_val_if_fail (ROSTER_IS_FIELD_MESSAGE (self), NULL);

  return gtk_label_get_text (self->label);
}
