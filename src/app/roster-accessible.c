/* roster-accessible.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "roster-accessible.h"

/*
 * What GTK 4.8 and libadwaita 1.2 tell a screen reader wrongly, put right
 * in one place, for every widget of the app (ours and the libraries'
 * own), through emission hooks installed once at start-up. Each was seen
 * through AT-SPI (tests/test-atspi.c fails without it):
 *
 * - A button with a mnemonic ("_Next") is named twice, "_Next Next": GTK
 *   4.8 sets the button's label property to the raw text and the mnemonic
 *   label adds itself as labelled-by. The property is dropped; the label
 *   names the button. (GTK 4.12's gtk_button_set_label() no longer sets
 *   the property.)
 *
 * - Everything in a stack is in the tree, the pages nobody sees included:
 *   GTK 4.8 presents every visible widget, and a stack's other pages are
 *   visible widgets; so is a revealer's child while it is hidden. The
 *   children a stack (GtkStack, AdwViewStack, AdwSqueezer, a folded
 *   AdwLeaflet) or a revealer does not show are marked hidden, so only
 *   the step on screen is read.
 *
 * - A menu button with a label, and a view switcher, are named by their
 *   type ("GtkMenuButton", "AdwViewSwitcher"); they get a name.
 *
 * - An image without a name is read as "GtkImage". Ours are made right
 *   (roster-icon.c); the libraries' own (a view switcher's icons beside
 *   their labels) are decoration, and are hidden once mapped.
 */

static void
button_label_changed_cb (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Whether @child of a stack-like @container is on screen; FALSE when
 * @container is not stack-like. */
static gboolean
is_stack_like (GtkWidget *container)
{
  return GTK_IS_STACK (container) || ADW_IS_VIEW_STACK (container) || ADW_IS_SQUEEZER (container) ||
         ADW_IS_LEAFLET (container) || GTK_IS_REVEALER (container);
}

static gboolean
is_child_shown (GtkWidget *container,
                GtkWidget *child)
{
  if (GTK_IS_STACK (container))
    return child == gtk_stack_get_visible_child (GTK_STACK (container));
  if (ADW_IS_VIEW_STACK (container))
    return child == adw_view_stack_get_visible_child (ADW_VIEW_STACK (container));
  if (ADW_IS_SQUEEZER (container))
    return child == adw_squeezer_get_visible_child (ADW_SQUEEZER (container));
  if (ADW_IS_LEAFLET (container))
    return !adw_leaflet_get_folded (ADW_LEAFLET (container)) ||
           child == adw_leaflet_get_visible_child (ADW_LEAFLET (container));
  if (GTK_IS_REVEALER (container))
    return gtk_revealer_get_child_revealed (GTK_REVEALER (container));
  return TRUE;
}

static void
stack_child_changed_cb (GtkWidget *stack)
{
  for (GtkWidget *child = gtk_widget_get_first_child (stack);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, !is_child_shown (stack, child),
                                   -1);
      /* A page without a title is a nameless panel, not "GtkStackPage". */
      if (GTK_IS_STACK (stack))
        {
          GtkStackPage *page = gtk_stack_get_page (GTK_STACK (stack), child);

          if (gtk_stack_page_get_title (page) == NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
        }
    }
}

/* "Everyone _At…" → "Everyone At…" */
static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

/* A menu button with a label is two buttons to GTK 4.8: the inner one is
 * named by the label, the outer one by its type name. */
static void
name_menu_button (GtkMenuButton *button)
{
  const char *label = gtk_menu_button_get_label (button);
  g_autofree char *text = NULL;

  if (label == NULL || gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  text = gtk_menu_button_get_use_underline (button) ? strip_mnemonic (label) : g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
hide_unnamed_image (GtkAccessible *image)
{
  /* gtk_test_accessible_has_*() are GTK 4.8's only public way to read
   * what an accessible says. */
  if (gtk_accessible_get_accessible_role (image) == GTK_ACCESSIBLE_ROLE_IMG &&
      !gtk_test_accessible_has_property (image, GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      !gtk_test_accessible_has_relation (image, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    gtk_accessible_update_state (image, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

/* Runs once for each widget, the first time it is mapped ("notify"
 * allows no emission hook: what changes later is followed per widget). */
static void
tidy_widget (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget))
    {
      hide_unnamed_image (GTK_ACCESSIBLE (widget));
    }
#if !GTK_CHECK_VERSION (4, 12, 0)
  else if (GTK_IS_BUTTON (widget))
    {
      button_label_changed_cb (GTK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
    }
#endif
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      name_menu_button (GTK_MENU_BUTTON (widget));
    }
  else if (ADW_IS_VIEW_SWITCHER (widget))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      C_("view switcher, for a screen reader", "Views"), -1);
    }
  else if (is_stack_like (widget))
    {
      stack_child_changed_cb (widget);
      g_signal_connect (widget, "notify::visible-child", G_CALLBACK (stack_child_changed_cb), NULL);
      g_signal_connect (widget, "notify::folded", G_CALLBACK (stack_child_changed_cb), NULL);
      g_signal_connect (widget, "notify::child-revealed", G_CALLBACK (stack_child_changed_cb), NULL);
    }
}

static gboolean
widget_mapped_cb (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  static GQuark tidied;
  GObject *object = g_value_get_object (&values[0]);

  if (G_UNLIKELY (tidied == 0))
    tidied = g_quark_from_static_string ("roster-accessible-tidied");

  if (g_object_get_qdata (object, tidied) == NULL)
    {
      g_object_set_qdata (object, tidied, GINT_TO_POINTER (TRUE));
      tidy_widget (GTK_WIDGET (object));
    }

  return TRUE;
}

/**
 * roster_accessible_init:
 *
 * Installs the corrections above; once, before the first window.
 */
void
roster_accessible_init (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              widget_mapped_cb, NULL, NULL);

  g_once_init_leave (&initialized, 1);
}
