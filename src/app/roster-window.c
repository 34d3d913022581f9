/* roster-window.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-main-view.h"
#include "roster-npi-registry.h"
#include "roster-window.h"

/*
 * The main window: the requests and the editor (RosterMainView) over the
 * store in the user's data folder, its size kept in GSettings. If the
 * store can't be opened, the window says why instead.
 */

struct _RosterWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  RosterStore          *store;
  RosterMainView       *main_view;
  RosterNpiRegistry    *npi_registry;  /* NULL when NPI lookups are off */

  /* Template widgets */
  GtkStack             *stack;
  AdwBin               *main_bin;
  GtkWidget            *error_box;
  AdwStatusPage        *error_page;
  GMenuModel           *primary_menu;
};

G_DEFINE_FINAL_TYPE (RosterWindow, roster_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
restore_window_state (RosterWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  /* The window's own minimum wins over a bad stored size. */
  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 360));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (RosterWindow *self)
{
  int width;
  int height;

  /* The default size is the unmaximized size, which is the one to restore. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
roster_window_close_request (GtkWindow *window)
{
  RosterWindow *self = ROSTER_WINDOW (window);

  if (self->settings != NULL)
    save_window_state (self);

  if (self->main_view != NULL)
    roster_main_view_close (self->main_view);

  if (GTK_WINDOW_CLASS (roster_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (roster_window_parent_class)->close_request (window);

  return FALSE;
}

/*
 * The shortcuts window is built the first time it is asked for. Left at
 * gtk/help-overlay.ui, GtkApplication would build it (a window and every
 * shortcut in it) for each main window as the window is created, before
 * its first frame.
 *
 * From libadwaita 1.8 (GtkShortcutsWindow is deprecated in GTK 4.18) it is
 * an AdwShortcutsDialog, made from roster-shortcuts-window.ui at build time
 * (build-aux/shortcuts-dialog-ui.py), built each time it is shown: a
 * closed dialog is gone. That branch is only compiled here
 * (check-newer-headers), never run: Debian 12 has libadwaita 1.2.
 */
static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
#if ADW_CHECK_VERSION (1, 8, 0)
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/hieroster/Roster/roster-shortcuts-dialog.ui");

  adw_dialog_present (ADW_DIALOG (gtk_builder_get_object (builder, "shortcuts_dialog")), GTK_WIDGET (user_data));
#else
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *help_overlay = gtk_application_window_get_help_overlay (window);

  if (help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/hieroster/Roster/roster-shortcuts-window.ui");

      /* It becomes modal, transient for the window and hidden on close;
       * our action stays the one that shows it. */
      help_overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, help_overlay);
    }

  gtk_window_present (GTK_WINDOW (help_overlay));
#endif
}

/* Made when first opened, like the editor's primary menu. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  RosterWindow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static const GActionEntry window_actions[] = {
  { "show-help-overlay", show_help_overlay_action },
};

static void
roster_window_constructed (GObject *object)
{
  RosterWindow *self = ROSTER_WINDOW (object);
  g_autofree char *directory = roster_store_get_default_dir ();
  g_autoptr(GError) error = NULL;
  GtkWidget *menu_button;

  G_OBJECT_CLASS (roster_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    restore_window_state (self);

  if (!(self->store = roster_store_open (directory, &error)))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_widget_set_visible (self->error_box, TRUE);
      gtk_stack_set_visible_child (self->stack, self->error_box);
      return;
    }

  self->main_view = ROSTER_MAIN_VIEW (roster_main_view_new (self->store, self->settings));
  adw_bin_set_child (self->main_bin, GTK_WIDGET (self->main_view));

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu_button), create_primary_menu, self, NULL);
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Main Menu (F10)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"), -1);
  gtk_box_append (GTK_BOX (roster_main_view_get_menu_slot (self->main_view)), menu_button);

  roster_main_view_restore (self->main_view);
}

static void
roster_window_dispose (GObject *object)
{
  RosterWindow *self = ROSTER_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->npi_registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (roster_window_parent_class)->dispose (object);
}

static void
roster_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RosterWindow *self = ROSTER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RosterWindow *self = ROSTER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_window_class_init (RosterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = roster_window_constructed;
  object_class->dispose = roster_window_dispose;
  object_class->get_property = roster_window_get_property;
  object_class->set_property = roster_window_set_property;

  window_class->close_request = roster_window_close_request;

  /**
   * RosterWindow:settings:
   *
   * Roster's settings: the organization defaults for new requests and the
   * window's size. Without them the window starts blank at its default size.
   */
  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ? opens the shortcuts window like in other GNOME apps. As a class
   * binding it runs after the focused widget, so a text field still takes
   * the question mark; Ctrl+? is GtkApplication's own accelerator. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, 0, "win.show-help-overlay", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, main_bin);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, error_box);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RosterWindow, primary_menu);
}

static void
roster_window_init (RosterWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
}

RosterWindow *
roster_window_new (RosterApplication *application)
{
  RosterWindow *self;

  g_return_val_if_fail (ROSTER_IS_APPLICATION (application), NULL);

  self = g_object_new (ROSTER_TYPE_WINDOW,
                       "application", application,
                       "settings", roster_application_get_settings (application),
                       NULL);

  /* Not in constructed(): "application" is set only after it. */
  roster_window_refresh_delivery (self);

  return self;
}

/**
 * roster_window_get_main_view:
 *
 * Returns: (transfer none) (nullable): the main view, or %NULL when the
 *   store could not be opened
 */
RosterMainView *
roster_window_get_main_view (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->main_view;
}

/* NPI lookups go where the application says, or nowhere; the same
 * address keeps the same client, and its answers. */
static void
refresh_npi_registry (RosterWindow      *self,
                      RosterApplication *application)
{
  g_autofree char *url = roster_application_dup_npi_registry_url (application);
  g_autoptr(GError) error = NULL;

  if (url != NULL && self->npi_registry != NULL &&
      g_str_equal (url, roster_npi_registry_get_url (self->npi_registry)))
    return;

  g_clear_object (&self->npi_registry);
  if (url != NULL && !(self->npi_registry = roster_npi_registry_new (url, self->store, &error)))
    g_warning ("NPI Registry address not used: %s", error->message);

  roster_main_view_set_npi_registry (self->main_view, self->npi_registry);
}

/**
 * roster_window_get_npi_registry:
 *
 * Returns: (transfer none) (nullable): where this window looks up NPIs,
 *   or %NULL when lookups are off
 */
RosterNpiRegistry *
roster_window_get_npi_registry (RosterWindow *self)
{
  g_return_val_if_fail (ROSTER_IS_WINDOW (self), NULL);

  return self->npi_registry;
}

/**
 * roster_window_refresh_delivery:
 *
 * Points delivery at the current endpoint and token, and NPI lookups at
 * the current registry, after start-up and whenever Preferences close
 * (the administrator may have changed them).
 */
void
roster_window_refresh_delivery (RosterWindow *self)
{
  g_autofree char *endpoint = NULL;
  GtkApplication *application;

  g_return_if_fail (ROSTER_IS_WINDOW (self));

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (self->main_view == NULL || !ROSTER_IS_APPLICATION (application))
    return;

  endpoint = roster_application_dup_endpoint (ROSTER_APPLICATION (application));
  roster_main_view_set_endpoint (self->main_view, endpoint);
  refresh_npi_registry (self, ROSTER_APPLICATION (application));
}
