/* roster-preferences-page.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-preferences-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-endpoint.h"
#include "roster-entry-title-layout.h"
#include "roster-preferences-page.h"
#include "roster-secret.h"

/*
 * Preferences: the intake endpoint, the API token for it, and the
 * organization defaults that new requests start with. The endpoint is
 * saved only once it passes roster_endpoint_check(), with the reason shown
 * under the row otherwise. The token goes straight from its row to the
 * keyring; it is never shown again, only whether one is saved.
 *
 * The page goes into an AdwPreferencesDialog where libadwaita has it (1.5,
 * deprecating AdwPreferencesWindow in 1.6), and into an
 * AdwPreferencesWindow on Debian 12's 1.2: a template can't choose its
 * parent type, so the container is made in roster_preferences_page_present().
 */

typedef enum
{
  TOKEN_STATE_NO_ENDPOINT,
  TOKEN_STATE_CHECKING,
  TOKEN_STATE_NONE,
  TOKEN_STATE_SAVED,
  TOKEN_STATE_SESSION,
  TOKEN_STATE_UNAVAILABLE,
} TokenState;

struct _RosterPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  RosterApplication    *application;
  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template widgets */
  AdwEntryRow          *endpoint_row;
  GtkLabel             *endpoint_message;
  GtkLabel             *endpoint_override_label;
  AdwEntryRow          *token_row;
  GtkLabel             *token_status_label;
  GtkButton            *keep_for_session_button;
  GtkButton            *remove_token_button;
  AdwEntryRow          *organization_row;
  AdwEntryRow          *submitter_name_row;
  AdwEntryRow          *submitter_email_row;
  GtkSwitch            *npi_registry_switch;
  GtkSpinButton        *access_review_spin;
};

G_DEFINE_FINAL_TYPE (RosterPreferencesPage, roster_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
erase_and_free (char *token)
{
  if (token != NULL)
    {
      explicit_bzero (token, strlen (token));
      g_free (token);
    }
}

static void
set_token_state (RosterPreferencesPage *self,
                 TokenState             state)
{
  const char *status = NULL;

  switch (state)
    {
    case TOKEN_STATE_NO_ENDPOINT:
      status = _("Set the endpoint address first: a token belongs to one endpoint.");
      break;

    case TOKEN_STATE_CHECKING:
      status = "";
      break;

    case TOKEN_STATE_NONE:
      status = _("No token is saved for this endpoint yet.");
      break;

    case TOKEN_STATE_SAVED:
      status = _("A token for this endpoint is saved in your keyring.");
      break;

    case TOKEN_STATE_SESSION:
      status = _("A token for this endpoint is kept for this session only. Roster forgets it when it quits.");
      break;

    case TOKEN_STATE_UNAVAILABLE:
      status = _("Roster can’t reach your keyring (the Secret Service), so it can’t save the token. You can keep the token for this session only: Roster forgets it when it quits.");
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (self->token_status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->token_status_label), status[0] != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), state != TOKEN_STATE_NO_ENDPOINT);
  gtk_widget_set_visible (GTK_WIDGET (self->keep_for_session_button), state == TOKEN_STATE_UNAVAILABLE);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_token_button),
                          state == TOKEN_STATE_SAVED || state == TOKEN_STATE_SESSION);
}

static void
token_unavailable (RosterPreferencesPage *self,
                   const GError          *error)
{
  /* The reason is for whoever sets up the machine; it never holds the token. */
  g_message ("Secret Service not available: %s", error->message);
  set_token_state (self, TOKEN_STATE_UNAVAILABLE);
}

static void
lookup_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RosterPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  char *token;

  token = roster_secret_lookup_token_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    token_unavailable (self, error);
  else if (token == NULL)
    set_token_state (self, TOKEN_STATE_NONE);
  else
    {
      endpoint = roster_application_dup_endpoint (self->application);
      set_token_state (self, roster_secret_has_session_token (endpoint) ? TOKEN_STATE_SESSION : TOKEN_STATE_SAVED);
    }

  erase_and_free (token);
}

static void
update_token_state (RosterPreferencesPage *self)
{
  g_autofree char *endpoint = roster_application_dup_endpoint (self->application);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (endpoint == NULL)
    {
      set_token_state (self, TOKEN_STATE_NO_ENDPOINT);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_token_state (self, TOKEN_STATE_CHECKING);
  roster_secret_lookup_token_async (endpoint, self->cancellable, lookup_token_cb, g_object_ref (self));
}

static void
store_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RosterPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (roster_secret_store_token_finish (result, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
      set_token_state (self, TOKEN_STATE_SAVED);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    token_unavailable (self, error);
}

static void
token_apply_cb (RosterPreferencesPage *self)
{
  g_autofree char *endpoint = roster_application_dup_endpoint (self->application);
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  g_strstrip (token);
  if (endpoint == NULL || token[0] == '\0')
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_token_state (self, TOKEN_STATE_CHECKING);
  roster_secret_store_token_async (endpoint, token, self->cancellable, store_token_cb, g_object_ref (self));
  explicit_bzero (token, strlen (token));
}

static void
keep_for_session_clicked_cb (RosterPreferencesPage *self)
{
  g_autofree char *endpoint = roster_application_dup_endpoint (self->application);
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  g_strstrip (token);
  if (endpoint == NULL || token[0] == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }

  roster_secret_keep_for_session (endpoint, token);
  explicit_bzero (token, strlen (token));
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  set_token_state (self, TOKEN_STATE_SESSION);
}

static void
clear_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RosterPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (roster_secret_clear_token_finish (result, &error))
    set_token_state (self, TOKEN_STATE_NONE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    token_unavailable (self, error);
}

static void
remove_token_clicked_cb (RosterPreferencesPage *self)
{
  g_autofree char *endpoint = roster_application_dup_endpoint (self->application);

  if (endpoint == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_token_state (self, TOKEN_STATE_CHECKING);
  roster_secret_clear_token_async (endpoint, self->cancellable, clear_token_cb, g_object_ref (self));
}

static void
show_endpoint_problem (RosterPreferencesPage *self,
                       const char            *message)
{
  gtk_label_set_text (self->endpoint_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_message), message != NULL);

  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
}

static void
endpoint_changed_cb (RosterPreferencesPage *self)
{
  /* The reason stays until the address is edited again. */
  show_endpoint_problem (self, NULL);
}

static void
endpoint_apply_cb (RosterPreferencesPage *self)
{
  g_autofree char *endpoint = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)));
  g_autoptr(GError) error = NULL;

  g_strstrip (endpoint);

  if (endpoint[0] != '\0' && !roster_endpoint_check (endpoint, &error))
    {
      show_endpoint_problem (self, error->message);
      return;
    }

  /* Saved in its one spelling, the one its token is kept under. */
  if (endpoint[0] != '\0')
    {
      g_autofree char *typed = g_steal_pointer (&endpoint);

      endpoint = roster_endpoint_normalize (typed);
    }

  g_settings_set_string (self->settings, "endpoint", endpoint);
  show_endpoint_problem (self, NULL);
  update_token_state (self);
}

static void
roster_preferences_page_constructed (GObject *object)
{
  RosterPreferencesPage *self = ROSTER_PREFERENCES_PAGE (object);
  g_autofree char *endpoint = NULL;
  const char *override;

  G_OBJECT_CLASS (roster_preferences_page_parent_class)->constructed (object);

  g_assert (ROSTER_IS_APPLICATION (self->application));

  self->settings = g_object_ref (roster_application_get_settings (self->application));

  /* Set the saved address before the apply button is turned on, so the
   * button appears only for the administrator's own edits. */
  endpoint = g_settings_get_string (self->settings, "endpoint");
  g_signal_handlers_block_by_func (self->endpoint_row, endpoint_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  g_signal_handlers_unblock_by_func (self->endpoint_row, endpoint_changed_cb, self);
  adw_entry_row_set_show_apply_button (self->endpoint_row, TRUE);

  override = roster_application_get_endpoint_override (self->application);
  if (override != NULL)
    {
      g_autofree char *note = NULL;

      /* TRANSLATORS: %s is an endpoint address given on the command line */
      note = g_strdup_printf (_("For this run Roster uses %s, given with --endpoint or HIE_ROSTER_ENDPOINT. The token below is for that address."),
                              override);
      gtk_label_set_text (self->endpoint_override_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->endpoint_override_label), TRUE);
    }

  g_settings_bind (self->settings, "organization-name", self->organization_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "submitter-name", self->submitter_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "submitter-email", self->submitter_email_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "npi-registry-enabled", self->npi_registry_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "access-review-days", self->access_review_spin, "value", G_SETTINGS_BIND_DEFAULT);

  update_token_state (self);
}

static void
roster_preferences_page_dispose (GObject *object)
{
  RosterPreferencesPage *self = ROSTER_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (roster_preferences_page_parent_class)->dispose (object);
}

static void
roster_preferences_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RosterPreferencesPage *self = ROSTER_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_preferences_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RosterPreferencesPage *self = ROSTER_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_preferences_page_class_init (RosterPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = roster_preferences_page_constructed;
  object_class->dispose = roster_preferences_page_dispose;
  object_class->get_property = roster_preferences_page_get_property;
  object_class->set_property = roster_preferences_page_set_property;

  /**
   * RosterPreferencesPage:roster-application:
   *
   * The application whose settings and endpoint the page edits.
   */
  properties [PROP_APPLICATION] =
    g_param_spec_object ("roster-application", NULL, NULL,
                         ROSTER_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, endpoint_message);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, endpoint_override_label);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, token_status_label);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, keep_for_session_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, remove_token_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, organization_row);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, submitter_name_row);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, submitter_email_row);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, npi_registry_switch);
  gtk_widget_class_bind_template_child (widget_class, RosterPreferencesPage, access_review_spin);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_for_session_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_token_clicked_cb);
}

/* AdwActionRow names its activatable widget by the row's title, but
 * libadwaita 1.2 does not describe it by the subtitle, which says what
 * the setting does: a screen reader on the switch would not read it.
 * tests/test-atspi.c checks both. */
static void
describe_by_subtitle (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                  -1);
}

static void
roster_preferences_page_init (RosterPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  roster_entry_title_layout_apply (self->endpoint_row);
  roster_entry_title_layout_apply (self->organization_row);
  roster_entry_title_layout_apply (self->submitter_name_row);
  roster_entry_title_layout_apply (self->submitter_email_row);

  /* Screen readers read the reason and the token's state with the rows. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->endpoint_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->endpoint_message, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->token_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->token_status_label, NULL,
                                  -1);
  describe_by_subtitle (GTK_WIDGET (self->npi_registry_switch));
  describe_by_subtitle (GTK_WIDGET (self->access_review_spin));
}

RosterPreferencesPage *
roster_preferences_page_new (RosterApplication *application)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  return g_object_new (ROSTER_TYPE_PREFERENCES_PAGE,
                       "roster-application", application,
                       NULL);
}

/**
 * roster_preferences_page_present:
 * @parent: (nullable): a widget in the window Preferences opens over
 *
 * Shows @self, alone, in a Preferences dialog over @parent's window.
 *
 * Returns: (transfer none): the dialog (an AdwPreferencesDialog from
 *   libadwaita 1.5, an AdwPreferencesWindow before); either is destroyed
 *   once closed
 */
GtkWidget *
roster_preferences_page_present (RosterPreferencesPage *self,
                                 GtkWidget             *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  /* Only compiled here (check-newer-headers), never run: Debian 12 has
   * libadwaita 1.2. */
  AdwDialog *dialog;

  g_return_val_if_fail (ROSTER_IS_PREFERENCES_PAGE (self), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WIDGET (parent), NULL);

  dialog = ADW_DIALOG (adw_preferences_dialog_new ());
  adw_dialog_set_title (dialog, _("Preferences"));
  adw_dialog_set_content_width (dialog, 600);
  adw_dialog_set_content_height (dialog, 680);
  adw_preferences_dialog_set_search_enabled (ADW_PREFERENCES_DIALOG (dialog), FALSE);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), ADW_PREFERENCES_PAGE (self));
  adw_dialog_present (dialog, parent);

  return GTK_WIDGET (dialog);
#else
  GtkWindow *window;

  g_return_val_if_fail (ROSTER_IS_PREFERENCES_PAGE (self), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WIDGET (parent), NULL);

  window = g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                         "application", self->application,
                         "title", _("Preferences"),
                         "default-width", 600,
                         "default-height", 680,
                         "modal", TRUE,
                         "search-enabled", FALSE,
                         NULL);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (self));
  if (parent != NULL && GTK_IS_WINDOW (gtk_widget_get_root (parent)))
    gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_present (window);

  return GTK_WIDGET (window);
#endif
}
