/* roster-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-payload.h"
#include "roster-request-editor.h"
#include "roster-window.h"

/*
 * The main window: the editor of one request. Drafts, the outbox and the
 * list of requests arrive with the store; until then a finished request is
 * saved as the payload file the HIE's intake accepts.
 */

struct _RosterWindow
{
  AdwApplicationWindow  parent_instance;

  RosterRequestEditor  *editor;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_toast (RosterWindow *self,
            const char   *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  RosterWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      payload = roster_payload_write (roster_request_editor_get_request (self->editor));

      /* The payload names a person: readable by its owner only. */
      if (g_file_replace_contents (file, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                                   NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                   NULL, NULL, &error))
        show_toast (self, _("Request saved"));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not save the request: %s"), error->message);
          show_toast (self, message);
        }
    }

  g_object_unref (dialog);
}

static void
editor_submit_cb (RosterWindow *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save Request"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("account-request.json"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, toast_overlay);
}

static void
roster_window_init (RosterWindow *self)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  gtk_widget_init_template (GTK_WIDGET (self));

  self->editor = ROSTER_REQUEST_EDITOR (roster_request_editor_new (request));
  g_signal_connect_object (self->editor, "submit", G_CALLBACK (editor_submit_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_set_child (self->toast_overlay, GTK_WIDGET (self->editor));
}

RosterWindow *
roster_window_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * roster_window_get_editor:
 *
 * Returns: (transfer none): the request editor
 */
RosterRequestEditor *
roster_window_get_editor (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->editor;
}
