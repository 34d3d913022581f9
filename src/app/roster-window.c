/* roster-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-form.h"
#include "roster-window.h"

/*
 * The main window. Until the request editor lands it shows the structure
 * of the form, read from the form definition: each section, when it is
 * asked, and the questions in it.
 */

struct _RosterWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *sections_group;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
describe_field (const RosterField *field)
{
  g_autoptr(GString) text = g_string_new (NULL);

  switch (field->type)
    {
    case ROSTER_FIELD_TEXT:
      g_string_append (text, _("Text"));
      break;

    case ROSTER_FIELD_EMAIL:
      g_string_append (text, _("Email address"));
      break;

    case ROSTER_FIELD_DIRECT_ADDRESS:
      g_string_append (text, _("Direct address"));
      break;

    case ROSTER_FIELD_PHONE:
      g_string_append (text, _("US phone number"));
      break;

    case ROSTER_FIELD_NPI:
      g_string_append (text, _("NPI"));
      break;

    case ROSTER_FIELD_DATE:
      g_string_append (text, _("Date"));
      break;

    case ROSTER_FIELD_BOOLEAN:
      g_string_append (text, _("Yes or no"));
      break;

    case ROSTER_FIELD_PROVIDER_LIST:
      g_string_append (text, _("List of providers, each with a name and an NPI"));
      break;

    case ROSTER_FIELD_CHOICE:
      g_string_append (text, _("One of: "));
      for (const RosterOption *option = field->options; option->id != NULL; option++)
        {
          if (option != field->options)
            g_string_append (text, _(", "));
          g_string_append (text, _(option->label));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if ((field->flags & ROSTER_FIELD_REQUIRED) != 0)
    {
      g_string_append (text, " · ");
      g_string_append (text, field->required_when != NULL ? _("Sometimes required") : _("Required"));
    }

  if (field->visible_when != NULL)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("Asked when earlier answers call for it"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_section_row (const RosterSection *section)
{
  GtkWidget *expander = adw_expander_row_new ();
  guint n_fields = 0;

  for (const RosterField *field = section->fields; field->id != NULL; field++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *description = describe_field (field);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      if (field->help != NULL)
        gtk_widget_set_tooltip_text (row, _(field->help));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      n_fields++;
    }

  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u question", "%u questions", n_fields), n_fields);
    g_autofree char *subtitle =
      g_strdup_printf ("%s · %s", count,
                       section->visible_when == NULL ? _("Always asked")
                                                     : _("Asked when earlier answers call for it"));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(section->title));
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  }

  return expander;
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, sections_group);
}

static void
roster_window_init (RosterWindow *self)
{
  const RosterForm *form = roster_form_get_account_change ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_window_title_set_subtitle (self->window_title, _(form->title));

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    adw_preferences_group_add (self->sections_group, create_section_row (section));
}

RosterWindow *
roster_window_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
