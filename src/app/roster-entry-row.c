/* roster-entry-row.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-entry-row"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-entry-row.h"
#include "roster-entry-title-layout.h"
#include "roster-validate.h"

/*
 * One typed answer: text, email, phone, NPI, Direct address or date. The
 * text goes to the request as it is typed; the rules judge it. A date row
 * also has a calendar popover, for people who would rather pick than type.
 */

struct _RosterEntryRow
{
  AdwEntryRow        parent_instance;

  RosterRequest     *request;
  const RosterField *field;
  gboolean           syncing;

  /* Built on first use: most rows never open them, and a calendar in
   * every row would slow the first frame down. */
  GtkPopover        *calendar_popover;
  GtkCalendar       *calendar;

  /* Template widgets */
  GtkMenuButton     *calendar_button;
  GtkMenuButton     *help_button;
};

static void roster_entry_row_field_widget_iface_init (RosterFieldWidgetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterEntryRow, roster_entry_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (ROSTER_TYPE_FIELD_WIDGET,
                                                      roster_entry_row_field_widget_iface_init))

static void
changed_cb (RosterEntryRow *self)
{
  if (self->syncing)
    return;

  roster_request_set_text (self->request, self->field->id,
                           gtk_editable_get_text (GTK_EDITABLE (self)));
}

static void
entry_activated_cb (RosterEntryRow *self)
{
  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
focus_leave_cb (RosterEntryRow *self)
{
  /* Opening the calendar moves focus into its popover; the administrator
   * is not done with the field yet. */
  if (self->calendar_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->calendar_popover)))
    return;

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
calendar_popover_show_cb (RosterEntryRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  g_autoptr(GDateTime) date = NULL;
  GDate parsed;

  if (roster_parse_date (text, &parsed, NULL))
    date = g_date_time_new_local (g_date_get_year (&parsed), g_date_get_month (&parsed),
                                  g_date_get_day (&parsed), 0, 0, 0);
  else
    date = g_date_time_new_now_local ();

#if GTK_CHECK_VERSION (4, 20, 0)
  /* Only compiled here (check-newer-headers), never run: Debian 12 has
   * GTK 4.8. */
  gtk_calendar_set_date (self->calendar, date);
#else
  gtk_calendar_select_day (self->calendar, date);
#endif
}

static void
calendar_day_selected_cb (RosterEntryRow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  /* day-selected also fires when the popover preselects the typed date. */
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self))) == 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self), text);
  gtk_popover_popdown (self->calendar_popover);
  roster_field_widget_touched (ROSTER_FIELD_WIDGET (self));
}

static void
create_calendar_popover (GtkMenuButton *button,
                         gpointer       user_data)
{
  RosterEntryRow *self = user_data;

  if (self->calendar_popover != NULL)
    return;

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  self->calendar_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->calendar_popover, GTK_WIDGET (self->calendar));
  g_signal_connect_object (self->calendar_popover, "show", G_CALLBACK (calendar_popover_show_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (button, GTK_WIDGET (self->calendar_popover));
}

static void
create_help_popover (GtkMenuButton *button,
                     gpointer       user_data)
{
  RosterEntryRow *self = user_data;
  GtkWidget *popover;
  GtkWidget *label;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  label = gtk_label_new (_(self->field->help));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  gtk_menu_button_set_popover (button, popover);
}

static const RosterField *
roster_entry_row_get_field (RosterFieldWidget *widget)
{
  return ROSTER_ENTRY_ROW (widget)->field;
}

static void
roster_entry_row_sync (RosterFieldWidget *widget)
{
  RosterEntryRow *self = ROSTER_ENTRY_ROW (widget);
  const char *text = roster_request_get_text (self->request, self->field->id);

  if (g_strcmp0 (text ? text : "", gtk_editable_get_text (GTK_EDITABLE (self))) == 0)
    return;

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text ? text : "");
  self->syncing = FALSE;
}

static void
roster_entry_row_show_issues (RosterFieldWidget *widget,
                              GPtrArray         *issues)
{
  RosterEntryRow *self = ROSTER_ENTRY_ROW (widget);

  roster_field_widget_apply_issue_style (GTK_WIDGET (self), self->field, issues);
}

static void
roster_entry_row_field_widget_iface_init (RosterFieldWidgetInterface *iface)
{
  iface->get_field = roster_entry_row_get_field;
  iface->sync = roster_entry_row_sync;
  iface->show_issues = roster_entry_row_show_issues;
}

static void
roster_entry_row_dispose (GObject *object)
{
  RosterEntryRow *self = (RosterEntryRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (roster_entry_row_parent_class)->dispose (object);
}

static void
roster_entry_row_class_init (RosterEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_entry_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterEntryRow, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, RosterEntryRow, help_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_leave_cb);
}

static void
roster_entry_row_init (RosterEntryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A long question wraps, with large text on a narrow window too. */
  roster_entry_title_layout_apply (ADW_ENTRY_ROW (self));
}

static GtkInputPurpose
input_purpose_for (RosterFieldType type)
{
  switch (type)
    {
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
      return GTK_INPUT_PURPOSE_EMAIL;

    case ROSTER_FIELD_PHONE:
      return GTK_INPUT_PURPOSE_PHONE;

    case ROSTER_FIELD_NPI:
      return GTK_INPUT_PURPOSE_DIGITS;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    case ROSTER_FIELD_BOOLEAN:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      return GTK_INPUT_PURPOSE_FREE_FORM;
    }
}

/**
 * roster_entry_row_new:
 * @request: the request to edit
 * @field: a text, email, phone, NPI, Direct address or date field
 *
 * Returns: (transfer floating): a row bound to @field of @request
 */
GtkWidget *
roster_entry_row_new (RosterRequest     *request,
                      const RosterField *field)
{
  RosterEntryRow *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (field->type != ROSTER_FIELD_BOOLEAN &&
                        field->type != ROSTER_FIELD_CHOICE &&
                        field->type != ROSTER_FIELD_PROVIDER_LIST, NULL);

  self = g_object_new (ROSTER_TYPE_ENTRY_ROW,
                       "title", _(field->label),
                       "use-underline", FALSE,
                       NULL);
  self->request = g_object_ref (request);
  self->field = field;

  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), input_purpose_for (field->type));
  if (field->type != ROSTER_FIELD_TEXT)
    adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self), GTK_INPUT_HINT_NO_SPELLCHECK);

  if (field->type == ROSTER_FIELD_DATE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->calendar_button), TRUE);
      gtk_menu_button_set_create_popup_func (self->calendar_button, create_calendar_popover, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a date"),
                                      -1);
    }

  if (field->help != NULL)
    {
      g_autofree char *help_label = g_strdup_printf (_("About “%s”"), _(field->label));

      gtk_widget_set_visible (GTK_WIDGET (self->help_button), TRUE);
      gtk_menu_button_set_create_popup_func (self->help_button, create_help_popover, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->help_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, help_label,
                                      -1);
    }

  roster_entry_row_sync (ROSTER_FIELD_WIDGET (self));
  roster_field_widget_apply_issue_style (GTK_WIDGET (self), field, NULL);

  return GTK_WIDGET (self);
}
