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
#include "roster-mnemonic.h"

/*
 * What GTK 4.8 and libadwaita 1.2 tell a screen reader wrongly, put right
 * in one place, for every widget of the app (ours and the libraries'
 * own), through emission hooks installed once at start-up. Each was seen
 * through AT-SPI (tests/test-atspi.c fails without it):
 *
 * - A button with a mnemonic ("_Next") is named twice, "_Next Next": GTK
 *   4.8 sets the button's label property to the raw text and the mnemonic
 *   label adds itself as labelled-by. The property is dropped; the label
 *   names the button. A button we name ourselves ("Add Provider to
 *   “…”") while its content has a mnemonic label would say both: our
 *   name wins. (GTK 4.12's gtk_button_set_label() no longer sets the
 *   property.)
 *
 * - Everything in a stack is in the tree, the pages nobody sees included:
 *   GTK 4.8 presents every visible widget, and a stack's other pages are
 *   visible widgets; so is a revealer's child while it is hidden. The
 *   children a stack (GtkStack, AdwViewStack, AdwSqueezer, a folded
 *   AdwLeaflet, or from libadwaita 1.4 the AdwNavigationView of a
 *   collapsed AdwNavigationSplitView, which replaces the leaflet) or a
 *   revealer does not show are marked hidden, so only the step on screen
 *   is read.
 *
 * - A menu button with a label, and a view switcher, are named by their
 *   type ("GtkMenuButton", "AdwViewSwitcher"); they get a name.
 *
 * - An AdwEntryRow never says it has the focus (libadwaita 1.2: the
 *   focus is on its inner GtkText, which has no accessible of its own), so
 *   Tab into a text field is silent. Its focused state is taken from the
 *   text it delegates to, and as the text gains or loses the focus the row
 *   sends the focus event a screen reader follows, so what it announces is
 *   the row: the field's name, and its description with the problem.
 *   (libadwaita 1.3 does this itself, with GTK 4.10's
 *   gtk_editable_delegate_get_accessible_platform_state().)
 *
 * - Rows of a GtkListView or GtkGridView (a combo row's choices, a drop-down's, the
 *   People list) have no name at all: GTK 4.8 does not name a list item by
 *   its content. Each is named by the text of its labels, kept up to date
 *   as the row is bound to other items, unless its row names itself (a
 *   provider row says "Provider 2 of 3", and names its item so). A list without a name of its own
 *   (a boxed list in an untitled group, a combo row's inner list) is named
 *   by its group's or page's title, or left nameless, never "GtkListBox".
 *
 * - An image without a name is read as "GtkImage". Ours are made right
 *   (roster-icon.c); the libraries' own (a view switcher's icons beside
 *   their labels) are decoration, and are hidden once mapped.
 *
 * - Large text: a preferences group's title ends in "…" where it does not
 *   fit (libadwaita 1.2's template ellipsizes it), so on a phone's width
 *   "Comments and Attestation" was "Comments and…". It wraps instead.
 */

static gboolean
has_label_property (GtkAccessible *accessible,
                    const char    *text)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, text);

  return mismatch == NULL;
}

/* An icon-only button that nobody named is named by its tooltip, as a
 * sighted user learns what it does; a toast's close button (libadwaita
 * gives it neither, up to 1.6 at least) by what it does. */
static void
name_icon_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (button));
  GType toast_type = g_type_from_name ("AdwToastWidget");

  if (!GTK_IS_IMAGE (child) ||
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  if (tooltip == NULL && toast_type != 0 && gtk_widget_get_ancestor (GTK_WIDGET (button), toast_type) != NULL)
    tooltip = C_("toast's close button, for a screen reader", "Dismiss");
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
name_button (GtkButton *button)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (button);
  const char *label = gtk_button_get_label (button);

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  if (label != NULL && gtk_button_get_use_underline (button) && has_label_property (accessible, label))
    gtk_accessible_reset_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL);
  else if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    gtk_accessible_reset_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Whether @child of a stack-like @container is on screen; FALSE when
 * @container is not stack-like. */
static gboolean
is_stack_like (GtkWidget *container)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  if (ADW_IS_NAVIGATION_VIEW (container))
    return TRUE;
#else
  if (ADW_IS_LEAFLET (container))
    return TRUE;
#endif
  return GTK_IS_STACK (container) || ADW_IS_VIEW_STACK (container) || ADW_IS_SQUEEZER (container) ||
         GTK_IS_REVEALER (container);
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
#if ADW_CHECK_VERSION (1, 4, 0)
  /* Only compiled here (check-newer-headers), never run: its pages
   * besides the visible one are in the widget tree, not shown. */
  if (ADW_IS_NAVIGATION_VIEW (container))
    return !ADW_IS_NAVIGATION_PAGE (child) ||
           child == GTK_WIDGET (adw_navigation_view_get_visible_page (ADW_NAVIGATION_VIEW (container)));
#else
  if (ADW_IS_LEAFLET (container))
    return !adw_leaflet_get_folded (ADW_LEAFLET (container)) ||
           child == adw_leaflet_get_visible_child (ADW_LEAFLET (container));
#endif
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

static void
collect_label_texts (GtkWidget *widget,
                     GString   *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child))
        {
          const char *label = gtk_label_get_text (GTK_LABEL (child));

          if (*label != '\0')
            g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", label);
        }
      collect_label_texts (child, text);
    }
}

static void
name_list_item (GtkWidget *item)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *child = gtk_widget_get_first_child (item);

  /* A row that names itself (a provider row: "Provider 2 of 3") names
   * its item too. */
  if (child != NULL && gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  collect_label_texts (item, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

static void
follow_labels (GtkWidget *item,
               GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_signal_connect_object (child, "notify::label", G_CALLBACK (name_list_item), item, G_CONNECT_SWAPPED);
      follow_labels (item, child);
    }
}

static void
name_list (GtkWidget *list)
{
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);
  GtkWidget *page = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_PAGE);
  const char *title = NULL;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  /* A titled group labels its list by the title already. */
  if (group != NULL)
    title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
  if (title != NULL && *title != '\0')
    return;

  if (page != NULL)
    title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page));
  /* Instead of the untitled group's empty title label. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
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

  text = gtk_menu_button_get_use_underline (button) ? roster_mnemonic_strip (label) : g_strdup (label);
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

/* The title label of libadwaita 1.2's AdwPreferencesGroup template: the
 * first label in the box of labels in its header. Nothing changes where
 * the group is built otherwise. */
static void
wrap_group_title (GtkWidget *group)
{
  GtkWidget *box = gtk_widget_get_first_child (group);
  GtkWidget *header = box != NULL ? gtk_widget_get_first_child (box) : NULL;
  GtkWidget *labels = header != NULL ? gtk_widget_get_first_child (header) : NULL;
  GtkWidget *title = labels != NULL ? gtk_widget_get_first_child (labels) : NULL;

  if (header == NULL || !gtk_widget_has_css_class (header, "header") ||
      !gtk_widget_has_css_class (labels, "labels") || !GTK_IS_LABEL (title))
    return;

  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
}

#if !ADW_CHECK_VERSION (1, 3, 0)
/* GTK 4.8's GtkAccessibleInterface and GtkAccessiblePlatformState, which
 * it keeps private (gtkaccessibleprivate.h); GTK 4.10 made both public,
 * unchanged. */
typedef struct
{
  GTypeInterface g_iface;
  GtkATContext * (*get_at_context)     (GtkAccessible *self);
  gboolean       (*get_platform_state) (GtkAccessible *self,
                                      int            state);
} Gtk48AccessibleInterface;

#define GTK48_ACCESSIBLE_PLATFORM_STATE_FOCUSED 1
#define GTK48_ACCESSIBLE_PLATFORM_CHANGE_FOCUSED (1 << GTK48_ACCESSIBLE_PLATFORM_STATE_FOCUSED)

/* The start of GTK 4.8's GtkATContextClass (gtkatcontextprivate.h), the
 * same since GTK 4.0: platform_change is what GTK calls on a widget's
 * context when the widget itself gains or loses the focus. */
typedef struct
{
  GObjectClass parent_class;
  gpointer     state_change;
  void       (*platform_change) (GtkATContext *self,
                                 int           changed_platform);
} Gtk48ATContextClass;

static gboolean (*entry_row_parent_get_platform_state) (GtkAccessible *self,
                                                        int            state);

static gboolean
entry_row_get_platform_state (GtkAccessible *self,
                              int            state)
{
  if (state == GTK48_ACCESSIBLE_PLATFORM_STATE_FOCUSED && ADW_IS_ENTRY_ROW (self))
    {
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self));

      return text != NULL && gtk_widget_has_focus (GTK_WIDGET (text));
    }

  return entry_row_parent_get_platform_state (self, state);
}

/* The inner text gained or lost the focus: the row tells it, as GTK
 * would for a widget that has the focus itself. Its context sends
 * object:state-changed:focused with the state entry_row_get_platform_state()
 * gives, and nothing while no screen reader listens. */
static void
entry_row_text_focus_cb (GtkWidget  *text,
                         GParamSpec *pspec,
                         GtkWidget  *row)
{
  Gtk48AccessibleInterface *iface = g_type_interface_peek (G_OBJECT_GET_CLASS (row), GTK_TYPE_ACCESSIBLE);
  GtkATContext *context = iface->get_at_context (GTK_ACCESSIBLE (row));

  if (context != NULL && gtk_widget_get_realized (row))
    ((Gtk48ATContextClass *) G_OBJECT_GET_CLASS (context))->platform_change (context, GTK48_ACCESSIBLE_PLATFORM_CHANGE_FOCUSED);
}

static void
announce_entry_row_focus (GtkWidget *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (text != NULL)
    g_signal_connect_object (text, "notify::has-focus", G_CALLBACK (entry_row_text_focus_cb), row, 0);
}

/* AdwEntryRow does not implement GtkAccessible itself: it shares
 * GtkWidget's vtable with every widget, hence the type check above. */
static void
fix_entry_row_focus (void)
{
  gpointer klass = g_type_class_ref (ADW_TYPE_ENTRY_ROW);
  Gtk48AccessibleInterface *iface = g_type_interface_peek (klass, GTK_TYPE_ACCESSIBLE);

  entry_row_parent_get_platform_state = iface->get_platform_state;
  iface->get_platform_state = entry_row_get_platform_state;
  g_type_class_unref (klass);
}
#endif

/* Runs once for each widget, the first time it is mapped ("notify"
 * allows no emission hook: what changes later is followed per widget). */
static void
tidy_widget (GtkWidget *widget)
{
  static GType list_item_type;

  if (G_UNLIKELY (list_item_type == 0))
    list_item_type = g_type_from_name ("GtkListItemWidget");

  if (GTK_IS_IMAGE (widget))
    {
      hide_unnamed_image (GTK_ACCESSIBLE (widget));
    }
  else if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    {
      /* A drop-down's button, named by the drop-down's tooltip. */
      const char *tooltip = gtk_widget_get_tooltip_text (gtk_widget_get_parent (widget));

      if (tooltip != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  else if (GTK_IS_BUTTON (widget))
    {
      name_icon_button (GTK_BUTTON (widget));
#if !GTK_CHECK_VERSION (4, 12, 0)
      name_button (GTK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (name_button), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (name_button), NULL);
#endif
    }
  else if (list_item_type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, list_item_type))
    {
      name_list_item (widget);
      follow_labels (widget, widget);
    }
  else if (GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_GRID_VIEW (widget))
    {
      name_list (widget);
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      name_menu_button (GTK_MENU_BUTTON (widget));
    }
#if !ADW_CHECK_VERSION (1, 3, 0)
  else if (ADW_IS_ENTRY_ROW (widget))
    {
      announce_entry_row_focus (widget);
    }
#endif
  else if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      wrap_group_title (widget);
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
#if ADW_CHECK_VERSION (1, 4, 0)
      g_signal_connect (widget, "notify::visible-page", G_CALLBACK (stack_child_changed_cb), NULL);
#else
      g_signal_connect (widget, "notify::folded", G_CALLBACK (stack_child_changed_cb), NULL);
#endif
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

#if !ADW_CHECK_VERSION (1, 3, 0)
  fix_entry_row_focus ();
#endif
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              widget_mapped_cb, NULL, NULL);

  g_once_init_leave (&initialized, 1);
}
