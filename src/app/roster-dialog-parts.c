/* roster-dialog-parts.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

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

/*
 * Files are picked with a GtkFileDialog where GTK has it (4.10, which
 * deprecates GtkFileChooserNative) and a GtkFileChooserNative on Debian
 * 12's 4.8, behind roster_dialog_choose_file() so that no caller carries
 * the #if; the older branch makes exactly the calls the views made
 * before. The newer one is only compiled here (check-newer-headers),
 * never run.
 */

typedef struct
{
  RosterDialogFileMode  mode;
  RosterDialogFileFunc  callback;
  gpointer              user_data;
} FileChoice;

static void
file_choice_finish (FileChoice *choice,
                    GFile      *file)
{
  choice->callback (file, choice->user_data);
  g_free (choice);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  FileChoice *choice = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  switch (choice->mode)
    {
    case ROSTER_DIALOG_FILE_OPEN:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;

    case ROSTER_DIALOG_FILE_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;

    case ROSTER_DIALOG_FILE_FOLDER:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (error != NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_message ("No file chosen: %s", error->message);
  file_choice_finish (choice, file);
}
#else
static void
file_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          FileChoice      *choice)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  file_choice_finish (choice, file);
}
#endif

/**
 * roster_dialog_choose_file:
 * @parent: a widget in the window the dialog belongs to
 * @accept_label: with a mnemonic
 * @initial_name: (nullable): the file name a save starts with
 * @filters: (nullable) (array zero-terminated=1): what an open may show,
 *   the first selected
 * @callback: called once, with the chosen file or %NULL when the
 *   administrator cancelled
 * @user_data: for @callback, which owns it from then on
 *
 * Asks, in a modal dialog, for a file to open, a file to save or a folder.
 */
void
roster_dialog_choose_file (GtkWidget             *parent,
                           RosterDialogFileMode   mode,
                           const char            *title,
                           const char            *accept_label,
                           const char            *initial_name,
                           GtkFileFilter * const *filters,
                           RosterDialogFileFunc   callback,
                           gpointer               user_data)
{
  GtkWindow *window;
  FileChoice *choice;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (callback != NULL);

  window = GTK_IS_WINDOW (gtk_widget_get_root (parent)) ? GTK_WINDOW (gtk_widget_get_root (parent)) : NULL;
  choice = g_new0 (FileChoice, 1);
  choice->mode = mode;
  choice->callback = callback;
  choice->user_data = user_data;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (initial_name != NULL)
      gtk_file_dialog_set_initial_name (dialog, initial_name);
    if (filters != NULL && filters[0] != NULL)
      {
        g_autoptr(GListStore) list = g_list_store_new (GTK_TYPE_FILE_FILTER);

        for (GtkFileFilter * const *filter = filters; *filter != NULL; filter++)
          g_list_store_append (list, *filter);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (list));
        gtk_file_dialog_set_default_filter (dialog, filters[0]);
      }

    /* The call holds the dialog until it is done. */
    switch (mode)
      {
      case ROSTER_DIALOG_FILE_OPEN:
        gtk_file_dialog_open (dialog, window, NULL, file_dialog_done_cb, choice);
        break;

      case ROSTER_DIALOG_FILE_SAVE:
        gtk_file_dialog_save (dialog, window, NULL, file_dialog_done_cb, choice);
        break;

      case ROSTER_DIALOG_FILE_FOLDER:
        gtk_file_dialog_select_folder (dialog, window, NULL, file_dialog_done_cb, choice);
        break;

      default:
        g_assert_not_reached ();
      }
  }
#else
  {
    static const GtkFileChooserAction actions[] = {
      [ROSTER_DIALOG_FILE_OPEN] = GTK_FILE_CHOOSER_ACTION_OPEN,
      [ROSTER_DIALOG_FILE_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
      [ROSTER_DIALOG_FILE_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
    };
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (title, window, actions[mode], accept_label, _("_Cancel"));
    if (initial_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), initial_name);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    for (GtkFileFilter * const *filter = filters; filter != NULL && *filter != NULL; filter++)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), *filter);
    g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), choice);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
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
