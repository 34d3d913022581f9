/* roster-dialog-parts.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-dialog-parts.h"

/*
 * What the People page's dialogs (import, access review, past reviews)
 * are built of, so that they look alike: a header bar with Cancel at the
 * start and the dialog's own action at the end, boxed groups on a
 * preferences page, and wrapped message lines; and the alerts every
 * view asks or tells with.
 */

/*
 * Alerts are AdwAlertDialog where libadwaita has it (1.5, deprecating
 * AdwMessageDialog in 1.6) and AdwMessageDialog on Debian 12's 1.2, behind
 * these three functions so that no caller carries the #if. Both emit
 * "response" (dialog, response id) and neither needs more of its callers;
 * the older branch makes exactly the calls the views made before.
 */

/**
 * roster_dialog_alert_new:
 * @parent: a widget in the window the alert belongs to
 * @body: (nullable): the text under the heading
 * @extra_child: (nullable) (transfer floating): shown under the body
 * @responses: the buttons, in order, ending with an id of %NULL
 * @default_response: (nullable): the button Enter activates
 * @close_response: (nullable): what Escape answers, when not "close"
 *
 * Returns: (transfer floating): the alert, not yet shown; show it with
 *   roster_dialog_alert_present()
 */
GtkWidget *
roster_dialog_alert_new (GtkWidget                  *parent,
                         const char                 *heading,
                         const char                 *body,
                         GtkWidget                  *extra_child,
                         const RosterDialogResponse *responses,
                         const char                 *default_response,
                         const char                 *close_response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwAlertDialog *alert;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  alert = ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, body));
  if (extra_child != NULL)
    adw_alert_dialog_set_extra_child (alert, extra_child);
  for (const RosterDialogResponse *response = responses; response->id != NULL; response++)
    {
      adw_alert_dialog_add_response (alert, response->id, response->label);
      if (response->appearance != ADW_RESPONSE_DEFAULT)
        adw_alert_dialog_set_response_appearance (alert, response->id, response->appearance);
    }
  if (default_response != NULL)
    adw_alert_dialog_set_default_response (alert, default_response);
  if (close_response != NULL)
    adw_alert_dialog_set_close_response (alert, close_response);

  return GTK_WIDGET (alert);
#else
  AdwMessageDialog *alert;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  alert = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body));
  if (extra_child != NULL)
    adw_message_dialog_set_extra_child (alert, extra_child);
  for (const RosterDialogResponse *response = responses; response->id != NULL; response++)
    {
      adw_message_dialog_add_response (alert, response->id, response->label);
      if (response->appearance != ADW_RESPONSE_DEFAULT)
        adw_message_dialog_set_response_appearance (alert, response->id, response->appearance);
    }
  if (default_response != NULL)
    adw_message_dialog_set_default_response (alert, default_response);
  if (close_response != NULL)
    adw_message_dialog_set_close_response (alert, close_response);

  return GTK_WIDGET (alert);
#endif
}

/**
 * roster_dialog_alert_present:
 * @parent: the widget given to roster_dialog_alert_new()
 *
 * Shows @alert over @parent's window, or raises it if it is shown.
 */
void
roster_dialog_alert_present (GtkWidget *alert,
                             GtkWidget *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (alert), parent);
#else
  gtk_window_present (GTK_WINDOW (alert));
#endif
}

/**
 * roster_dialog_alert_close:
 *
 * Takes @alert away without an answer; it is destroyed.
 */
void
roster_dialog_alert_close (GtkWidget *alert)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
}

/**
 * roster_dialog_header_new:
 * @subtitle: (nullable): under the title
 * @cancel_label: the mnemonic of the button that closes the window
 *
 * Returns: (transfer floating): a header bar without window buttons;
 *   pack the dialog's action at its end
 */
GtkWidget *
roster_dialog_header_new (const char *title,
                          const char *subtitle,
                          const char *cancel_label)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (cancel_label);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, subtitle));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  return header;
}

/**
 * roster_dialog_add_group:
 * @page: an #AdwPreferencesPage
 * @title: (nullable): the group's title
 * @description: (nullable): the line under it
 *
 * Returns: (transfer none): the group, added to @page
 */
GtkWidget *
roster_dialog_add_group (GtkWidget  *page,
                         const char *title,
                         const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  return group;
}

/**
 * roster_dialog_message_label:
 * @style_class: "error", "dim-label"…
 *
 * Returns: (transfer floating): an empty, wrapped, start-aligned label
 *   for a line below a dialog's content
 */
GtkLabel *
roster_dialog_message_label (const char *style_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_xalign (label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (label), style_class);
  gtk_widget_set_margin_start (GTK_WIDGET (label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (label), 12);

  return label;
}
