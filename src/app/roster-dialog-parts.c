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
 * preferences page, and wrapped message lines.
 */

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
