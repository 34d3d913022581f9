/* test-atspi.c — Roster as a screen reader meets it, through AT-SPI
 *
 * Copyright 2026 The Roster authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real hie-roster, in a process of its own, read and driven the way
 * Orca does: with libatspi, on a private accessibility bus under a
 * private D-Bus session, with key presses synthesized through the AT-SPI
 * registry (XTest under Xvfb) and nothing else — no GTK call reaches into
 * the app.
 *
 * At each step the tree is checked: every control a person can reach has
 * one name a person would say (not empty, not a toolkit type name, not
 * said twice, no mnemonic underscore), the role its field has in the form
 * tables (one answer among several is a radio button, a yes/no a check
 * box or switch, a text field a text), and boxed lists are named.
 * Then one provider-based delegation request with two providers is filled
 * and submitted by keyboard alone, to hie-roster-intake on loopback, and
 * must arrive exactly once.
 *
 * The same program runs again with LANGUAGE=es: then no name may be an
 * English string that the catalog translates.
 */

#include "config.h"

#include <atspi/atspi.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <unistd.h>
#include <X11/Xlib.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "roster-form.h"
#include "roster-mnemonic.h"
#include "intake-test-util.h"
#include "test-fixtures.h"

/* libatspi 2.46 defines no g_autoptr() cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)

/* X11 modifier masks, as AT-SPI's LOCKMODIFIERS takes them. */
#define MASK_SHIFT   (1 << 0)
#define MASK_CONTROL (1 << 2)
#define MASK_ALT     (1 << 3)

#define KEY_TAB    0xff09
#define KEY_RETURN 0xff0d
#define KEY_ESCAPE 0xff1b
#define KEY_DOWN   0xff54
#define KEY_UP     0xff52
#define KEY_RIGHT  0xff53
#define KEY_SPACE  0x0020

typedef struct
{
  char            *dir;
  IntakeTestServer *server;
  char            *token;
  GPid             pid;
  AtspiAccessible *app;
  GHashTable      *questions_seen;  /* questions whose radio group was checked */
} Session;

/* Where the last focus event came from: the node a screen reader
 * announces when the focus moves (Orca follows
 * object:state-changed:focused, not the focused state). */
static AtspiAccessible *focus_event_source;

static void
focus_event_cb (AtspiEvent *event,
                void       *user_data)
{
  if (event->detail1 == 1 && event->source != NULL)
    g_set_object (&focus_event_source, event->source);
}

/* What a screen reader hears change: Orca 43 speaks the new description
 * of the control that has the focus (GTK 4.8 can announce nothing else:
 * a widget that appears sends no "showing" event, and
 * gtk_accessible_announce() is GTK 4.14). Each change is kept here as
 * "name: description". */
static GPtrArray *descriptions_heard;

static void
description_event_cb (AtspiEvent *event,
                      void       *user_data)
{
  g_autofree char *name = NULL;
  const char *description = NULL;

  if (event->source == NULL || !G_VALUE_HOLDS_STRING (&event->any_data))
    return;

  name = atspi_accessible_get_name (event->source, NULL);
  description = g_value_get_string (&event->any_data);
  g_ptr_array_add (descriptions_heard, g_strdup_printf ("%s: %s", name, description));
}

/* --- Waiting and keys ---------------------------------------------------- */

static void
pump (guint milliseconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) milliseconds * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static void
press (guint keysym)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (keysym, NULL, ATSPI_KEY_SYM, &error);
  g_assert_no_error (error);
  pump (120);
}

static void
press_with (guint modifiers,
            guint keysym)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (modifiers, NULL, ATSPI_KEY_LOCKMODIFIERS, &error);
  g_assert_no_error (error);
  press (keysym);
  atspi_generate_keyboard_event (modifiers, NULL, ATSPI_KEY_UNLOCKMODIFIERS, &error);
  g_assert_no_error (error);
  pump (60);
}

static void
type_text (const char *text)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (0, text, ATSPI_KEY_STRING, &error);
  g_assert_no_error (error);
  pump (200);
}

/* --- The tree ------------------------------------------------------------ */

typedef gboolean (*NodeFunc) (AtspiAccessible *node,
                              GPtrArray       *path,
                              gpointer         user_data);

/* Depth first; stops when @func returns TRUE. @path holds the ancestors'
 * names, for messages. */
static gboolean
walk (AtspiAccessible *node,
      GPtrArray       *path,
      NodeFunc         func,
      gpointer         user_data)
{
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  int n_children;
  gboolean stop = FALSE;

  if (func (node, path, user_data))
    return TRUE;

  n_children = atspi_accessible_get_child_count (node, NULL);
  g_ptr_array_add (path, name);
  for (int i = 0; i < n_children && !stop; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (node, i, NULL);

      if (child != NULL)
        stop = walk (child, path, func, user_data);
    }
  g_ptr_array_remove_index (path, path->len - 1);

  return stop;
}

/* For walk(): appends a label's text to the GString. */
static gboolean
collect_label_text (AtspiAccessible *node,
                    GPtrArray       *path,
                    gpointer         user_data)
{
  GString *text = user_data;
  g_autofree char *name = NULL;

  if (atspi_accessible_get_role (node, NULL) != ATSPI_ROLE_LABEL)
    return FALSE;

  name = atspi_accessible_get_name (node, NULL);
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, name);
  return FALSE;
}

static void
session_walk (Session  *session,
              NodeFunc  func,
              gpointer  user_data)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  atspi_accessible_clear_cache (session->app);
  walk (session->app, path, func, user_data);
}

static gboolean
has_state (AtspiAccessible *node,
           AtspiStateType   state)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (node);

  return states != NULL && atspi_state_set_contains (states, state);
}

typedef struct
{
  AtspiRole        role;        /* ATSPI_ROLE_INVALID: any */
  const char      *name;        /* NULL: any */
  AtspiStateType   state;       /* ATSPI_STATE_INVALID: any */
  AtspiAccessible *found;
} Query;

static gboolean
match_query (AtspiAccessible *node,
             GPtrArray       *path,
             gpointer         user_data)
{
  Query *query = user_data;
  g_autofree char *name = NULL;

  if (query->role != ATSPI_ROLE_INVALID && atspi_accessible_get_role (node, NULL) != query->role)
    return FALSE;
  if (query->state != ATSPI_STATE_INVALID && !has_state (node, query->state))
    return FALSE;
  if (query->name != NULL)
    {
      name = atspi_accessible_get_name (node, NULL);
      if (g_strcmp0 (name, query->name) != 0)
        return FALSE;
    }

  query->found = g_object_ref (node);
  return TRUE;
}

static AtspiAccessible *
find_node (Session        *session,
           AtspiRole       role,
           const char     *name,
           AtspiStateType  state)
{
  Query query = { role, name, state, NULL };

  session_walk (session, match_query, &query);
  return query.found;
}

/* The focus in the window that has the keyboard: each window keeps its
 * own focused widget, an inactive window's too. */
static AtspiAccessible *
find_focused (Session *session)
{
  Query query = { ATSPI_ROLE_INVALID, NULL, ATSPI_STATE_FOCUSED, NULL };
  int n_windows;

  atspi_accessible_clear_cache (session->app);
  n_windows = atspi_accessible_get_child_count (session->app, NULL);
  for (int i = 0; i < n_windows && query.found == NULL; i++)
    {
      g_autoptr(AtspiAccessible) window = atspi_accessible_get_child_at_index (session->app, i, NULL);
      g_autoptr(GPtrArray) path = g_ptr_array_new ();

      if (window != NULL && has_state (window, ATSPI_STATE_ACTIVE))
        walk (window, path, match_query, &query);
    }
  if (query.found == NULL)
    session_walk (session, match_query, &query);

  return query.found;
}

/* A node as the messages name it, and as tab stops are compared:
 * its role and its name. */
static char *
describe_role_and_name (AtspiRole   role,
                        const char *name)
{
  return g_strdup_printf ("%s “%s”", atspi_role_get_name (role), name);
}

static char *
describe (AtspiAccessible *node)
{
  g_autofree char *name = NULL;

  if (node == NULL)
    return g_strdup ("(nothing)");
  name = atspi_accessible_get_name (node, NULL);
  return describe_role_and_name (atspi_accessible_get_role (node, NULL), name);
}

/* Waits (10 s at most) for a node to exist. */
static AtspiAccessible *
wait_for_node (Session    *session,
               AtspiRole   role,
               const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      AtspiAccessible *node = find_node (session, role, name, ATSPI_STATE_INVALID);

      if (node != NULL)
        return node;
      pump (100);
    }
  g_error ("no %s named “%s” appeared", atspi_role_get_name (role), name);
}

/* A control named @name whose description is @description. */
static void
assert_control_says (Session    *session,
                     AtspiRole   role,
                     const char *name,
                     const char *description)
{
  g_autoptr(AtspiAccessible) node = find_node (session, role, name, ATSPI_STATE_INVALID);
  g_autofree char *said = NULL;

  if (node == NULL)
    {
      g_test_fail_printf ("no %s named “%s”", atspi_role_get_name (role), name);
      return;
    }
  said = atspi_accessible_get_description (node, NULL);
  if (g_strcmp0 (said, description) != 0)
    g_test_fail_printf ("the %s “%s” is described “%s”, not “%s”",
                        atspi_role_get_name (role), name, said, description);
}

static gboolean
focused_is (Session    *session,
            AtspiRole   role,
            const char *name)
{
  g_autoptr(AtspiAccessible) focused = find_focused (session);
  g_autofree char *focused_name = NULL;

  if (focused == NULL || atspi_accessible_get_role (focused, NULL) != role)
    return FALSE;
  focused_name = atspi_accessible_get_name (focused, NULL);
  return g_strcmp0 (focused_name, name) == 0;
}

static gboolean
has_state_now (Session        *session,
               AtspiRole       role,
               const char     *name,
               AtspiStateType  state)
{
  g_autoptr(AtspiAccessible) node = find_node (session, role, name, ATSPI_STATE_INVALID);

  return node != NULL && has_state (node, state);
}

/* Whether the text field @label is marked invalid: GTK 4.8 exports the
 * invalid state as AT-SPI's "invalid" (ATSPI_STATE_INVALID), later GTK
 * as "invalid-entry", the state Orca reads (README). */
static gboolean
is_marked_invalid (Session    *session,
                   const char *label)
{
  return has_state_now (session, ATSPI_ROLE_TEXT, label, ATSPI_STATE_INVALID_ENTRY) ||
         has_state_now (session, ATSPI_ROLE_TEXT, label, ATSPI_STATE_INVALID);
}

/* Xvfb runs no window manager, and GTK asks for the keyboard only for a
 * window that is already on screen: a new window (the confirmation, a
 * dialog) never gets it, nor does the main window back when one closes.
 * This does what a window manager would: the topmost window on screen
 * gets the keyboard. */
static void
focus_topmost_window (void)
{
  static Display *display;
  Window root, parent, *children = NULL;
  unsigned int n_children = 0;

  if (display == NULL)
    display = XOpenDisplay (NULL);
  g_assert_nonnull (display);

  if (!XQueryTree (display, DefaultRootWindow (display), &root, &parent, &children, &n_children))
    return;
  for (unsigned int i = n_children; i > 0; i--)
    {
      XWindowAttributes attributes;

      if (XGetWindowAttributes (display, children[i - 1], &attributes) &&
          attributes.map_state == IsViewable && !attributes.override_redirect)
        {
          XSetInputFocus (display, children[i - 1], RevertToPointerRoot, CurrentTime);
          break;
        }
    }
  XFree (children);
  XSync (display, False);
  pump (150);
}

/* Presses Tab (or Shift+Tab) until the control is focused: how a
 * keyboard user moves, and the proof that the control is reachable. */
static void
tab_to (Session    *session,
        AtspiRole   role,
        const char *name)
{
  focus_topmost_window ();
  for (guint i = 0; i < 80; i++)
    {
      if (focused_is (session, role, name))
        return;
      press (KEY_TAB);
    }

  {
    g_autoptr(AtspiAccessible) focused = find_focused (session);
    g_autofree char *where = describe (focused);

    g_error ("Tab never reached the %s “%s” (focus is on %s)",
             atspi_role_get_name (role), name, where);
  }
}

/* Whether @node is a row of the editor's steps sidebar. */
static gboolean
is_step_row (AtspiAccessible *node)
{
  g_autoptr(AtspiAccessible) parent = NULL;
  g_autofree char *name = NULL;

  if (node == NULL || atspi_accessible_get_role (node, NULL) != ATSPI_ROLE_LIST_ITEM)
    return FALSE;
  parent = atspi_accessible_get_parent (node, NULL);
  name = parent != NULL ? atspi_accessible_get_name (parent, NULL) : NULL;
  return g_strcmp0 (name, _("Steps of the request")) == 0;
}

/* Presses @modifiers+Tab until the focus is back on @start (150 presses
 * at most). Each stop is the node a focus event came from, as Orca hears
 * it; the steps sidebar's rows go to @step_rows, the others to @stops. */
static gboolean
tab_round (guint       modifiers,
           const char *start,
           GPtrArray  *stops,
           GPtrArray  *step_rows)
{
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *stop = NULL;

      if (modifiers != 0)
        press_with (modifiers, KEY_TAB);
      else
        press (KEY_TAB);
      stop = describe (focus_event_source);
      if (g_str_equal (stop, start))
        return TRUE;
      g_ptr_array_add (is_step_row (focus_event_source) ? step_rows : stops, g_steal_pointer (&stop));
    }

  return FALSE;
}

static void
log_stops (const char *where,
           const char *keys,
           GPtrArray  *stops)
{
  for (guint i = 0; i < stops->len; i++)
    g_test_message ("%s: %s %u: %s", where, keys, i + 1, (char *) g_ptr_array_index (stops, i));
}

/* No keyboard trap (WCAG 2.1.2), in a logical order: from the control
 * that has the focus, Tab goes through the window's controls and comes
 * back round to it, and Shift+Tab goes through the same controls in the
 * opposite order. The steps sidebar is a list box, which Tab enters on
 * the current step (@current_step, when the editor is on screen) from
 * either side and walks on from there: down with Tab, up with Shift+Tab. */
static void
assert_tab_comes_round (Session    *session,
                        const char *where,
                        const char *current_step)
{
  g_autoptr(GPtrArray) stops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) step_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) step_rows_back = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = NULL;
  g_autofree char *current_row = NULL;

  focus_topmost_window ();
  {
    g_autoptr(AtspiAccessible) focused = find_focused (session);

    g_assert_nonnull (focused);
    g_assert_false (is_step_row (focused));
    g_set_object (&focus_event_source, focused);
    start = describe (focused);
  }

  if (!tab_round (0, start, stops, step_rows))
    {
      log_stops (where, "Tab", stops);
      g_test_fail_printf ("%s: Tab never came back to %s", where, start);
      return;
    }
  g_test_message ("%s: Tab came round to %s in %u stops", where, start, stops->len + step_rows->len + 1);
  if (!tab_round (MASK_SHIFT, start, back, step_rows_back))
    {
      log_stops (where, "Shift+Tab", back);
      g_test_fail_printf ("%s: Shift+Tab never came back to %s", where, start);
      return;
    }

  for (guint i = 0; i < MAX (stops->len, back->len); i++)
    {
      const char *forward = i < stops->len ? g_ptr_array_index (stops, i) : "(nothing)";
      const char *backward = i < back->len ? g_ptr_array_index (back, back->len - 1 - i) : "(nothing)";

      if (!g_str_equal (forward, backward))
        {
          log_stops (where, "Tab", stops);
          log_stops (where, "Shift+Tab", back);
          g_test_fail_printf ("%s: stop %u after %s is %s with Tab but %s with Shift+Tab",
                              where, i + 1, start, forward, backward);
          return;
        }
    }

  if (current_step == NULL)
    return;
  current_row = describe_role_and_name (ATSPI_ROLE_LIST_ITEM, current_step);
  if (step_rows->len == 0 || step_rows_back->len == 0 ||
      !g_str_equal (g_ptr_array_index (step_rows, 0), current_row) ||
      !g_str_equal (g_ptr_array_index (step_rows_back, 0), current_row))
    {
      log_stops (where, "Tab, steps", step_rows);
      log_stops (where, "Shift+Tab, steps", step_rows_back);
      g_test_fail_printf ("%s: Tab and Shift+Tab into the steps sidebar do not both land on the current step “%s”",
                          where, current_step);
    }
  /* Walking the sidebar moved the focus, not the current step. */
  if (!has_state_now (session, ATSPI_ROLE_LIST_ITEM, current_step, ATSPI_STATE_SELECTED))
    g_test_fail_printf ("%s: after Tab walked the sidebar, “%s” is no longer its selected step", where, current_step);
}

/* --- What every tree must be --------------------------------------------- */

typedef struct
{
  GHashTable *roles_by_name;   /* a field's or an answer's label → GUINT (AtspiRole), 0: several */
  GHashTable *questions;       /* an answer's label → GPtrArray of the labels of the questions offering it */
  GString    *problems;
  guint       checked;
  guint       radio_buttons;   /* those found in a radio group named by their question */
  GHashTable *questions_seen;  /* the session's */
} Check;

/* What a person operates; GTK 4.8 gives a switch the check box role. */
static const AtspiRole control_roles[] = {
  ATSPI_ROLE_PUSH_BUTTON, ATSPI_ROLE_TOGGLE_BUTTON, ATSPI_ROLE_CHECK_BOX, ATSPI_ROLE_RADIO_BUTTON,
  ATSPI_ROLE_ENTRY, ATSPI_ROLE_TEXT, ATSPI_ROLE_PASSWORD_TEXT, ATSPI_ROLE_COMBO_BOX,
  ATSPI_ROLE_LINK, ATSPI_ROLE_SPIN_BUTTON, ATSPI_ROLE_SLIDER, ATSPI_ROLE_MENU_ITEM,
  ATSPI_ROLE_CHECK_MENU_ITEM, ATSPI_ROLE_RADIO_MENU_ITEM, ATSPI_ROLE_PAGE_TAB,
};

static gboolean
role_is_control (AtspiRole role)
{
  for (gsize i = 0; i < G_N_ELEMENTS (control_roles); i++)
    if (control_roles[i] == role)
      return TRUE;
  return FALSE;
}

/* "GtkSearchEntry", "AdwBin", "RosterMainView": what GTK 4.8 says when a
 * widget has no name of its own. */
static gboolean
is_type_name (const char *name)
{
  static const char * const prefixes[] = { "Gtk", "Adw", "Roster" };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]) && g_ascii_isupper (name[strlen (prefixes[i])]))
      {
        for (const char *p = name; *p != '\0'; p++)
          if (!g_ascii_isalnum (*p))
            return FALSE;
        return TRUE;
      }

  return FALSE;
}

/* "Next Next", "_Cancel Cancel": the same words twice. */
static gboolean
is_doubled (const char *name)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  gsize half;

  for (const char *p = name; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  if (plain->len < 3 || plain->len % 2 == 0)
    return FALSE;
  half = plain->len / 2;
  return plain->str[half] == ' ' && strncmp (plain->str, plain->str + half + 1, half) == 0;
}

static gboolean
has_mnemonic_underscore (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '_' && g_ascii_isalpha (p[1]) && (p == name || p[-1] == ' '))
      return TRUE;
  return FALSE;
}

static gboolean
expected_role (AtspiRole expected,
               AtspiRole role)
{
  if (expected == role)
    return TRUE;
  /* A yes/no may be a check box or a switch; a text, either text role. */
  if (expected == ATSPI_ROLE_CHECK_BOX)
    return role == ATSPI_ROLE_TOGGLE_BUTTON;
  if (expected == ATSPI_ROLE_TEXT)
    return role == ATSPI_ROLE_ENTRY;
  return FALSE;
}

/* The radio group a radio button is in: GTK 4.8 exports no MEMBER_OF
 * relation (gtk_check_button_set_group() groups buttons for the keyboard
 * only), so the group a screen reader names is the nearest ancestor with
 * the radio group role (AT-SPI's "grouping"). */
static AtspiAccessible *
find_radio_group (AtspiAccessible *radio)
{
  g_autoptr(AtspiAccessible) node = atspi_accessible_get_parent (radio, NULL);

  while (node != NULL)
    {
      AtspiAccessible *parent;

      if (atspi_accessible_get_role (node, NULL) == ATSPI_ROLE_GROUPING)
        return g_steal_pointer (&node);
      if (atspi_accessible_get_role (node, NULL) == ATSPI_ROLE_FRAME ||
          atspi_accessible_get_role (node, NULL) == ATSPI_ROLE_DIALOG)
        return NULL;
      parent = atspi_accessible_get_parent (node, NULL);
      g_object_unref (node);
      node = parent;
    }

  return NULL;
}

static gboolean
is_question_of (GHashTable *questions,
                const char *answer,
                const char *group_name)
{
  GPtrArray *labels = g_hash_table_lookup (questions, answer);

  return labels != NULL && g_ptr_array_find_with_equal_func (labels, group_name, g_str_equal, NULL);
}

/* A radio button is in a radio group with a name; when it is an answer of
 * the form's, the group is named by a question that offers that answer. */
static void
check_radio_button (Check           *check,
                    AtspiAccessible *radio,
                    const char      *name)
{
  g_autoptr(AtspiAccessible) group = find_radio_group (radio);
  g_autofree char *group_name = NULL;
  GPtrArray *questions;

  if (group == NULL)
    {
      g_string_append_printf (check->problems, "  the radio button “%s” is in no radio group\n", name);
      return;
    }
  group_name = atspi_accessible_get_name (group, NULL);
  if (group_name == NULL || *group_name == '\0')
    {
      g_string_append_printf (check->problems, "  the radio button “%s” is in a radio group without a name\n", name);
      return;
    }

  questions = g_hash_table_lookup (check->questions, name);
  if (questions == NULL)
    return;
  if (!is_question_of (check->questions, name, group_name))
    g_string_append_printf (check->problems, "  the radio button “%s” is in a radio group named “%s”, not by its question (“%s”)\n",
                            name, group_name, (const char *) g_ptr_array_index (questions, 0));
  else
    {
      check->radio_buttons++;
      g_hash_table_add (check->questions_seen, g_strdup (group_name));
    }
}

static gboolean
check_node (AtspiAccessible *node,
            GPtrArray       *path,
            gpointer         user_data)
{
  Check *check = user_data;
  AtspiRole role = atspi_accessible_get_role (node, NULL);
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  g_autofree char *role_name = atspi_accessible_get_role_name (node, NULL);
  gboolean control = role_is_control (role);
  const char *where = path->len > 0 ? g_ptr_array_index (path, path->len - 1) : "";
  gpointer expected;

  if (role == ATSPI_ROLE_LIST_ITEM && has_state (node, ATSPI_STATE_FOCUSABLE))
    control = TRUE;
  if (name == NULL)
    name = g_strdup ("");

  if (control || role == ATSPI_ROLE_LIST)
    {
      check->checked++;
      if (*g_strstrip (g_strdup (name)) == '\0')
        g_string_append_printf (check->problems, "  a %s without a name (in “%s”)\n", role_name, where);
    }
  /* Fillers and scroll bars are never announced, nor reached by keyboard. */
  if (is_type_name (name) && role != ATSPI_ROLE_FILLER && role != ATSPI_ROLE_SCROLL_BAR)
    g_string_append_printf (check->problems, "  a %s named by its toolkit type “%s” (in “%s”)\n", role_name, name, where);
  if ((control || role == ATSPI_ROLE_LIST) && is_doubled (name))
    g_string_append_printf (check->problems, "  a %s that says its name twice: “%s”\n", role_name, name);
  if (control && has_mnemonic_underscore (name))
    g_string_append_printf (check->problems, "  a %s whose name shows its mnemonic: “%s”\n", role_name, name);

  /* Under LANGUAGE=es: a name the catalog translates is English left
   * over (under C, gettext gives every name back as it is). */
  if (*name != '\0' && strcmp (_(name), name) != 0)
    g_string_append_printf (check->problems, "  a %s with an untranslated name: “%s”\n", role_name, name);

  if (control && g_hash_table_lookup_extended (check->roles_by_name, name, NULL, &expected) &&
      GPOINTER_TO_UINT (expected) != 0 &&
      (role == ATSPI_ROLE_CHECK_BOX || role == ATSPI_ROLE_RADIO_BUTTON || role == ATSPI_ROLE_TEXT ||
       role == ATSPI_ROLE_ENTRY || role == ATSPI_ROLE_TOGGLE_BUTTON) &&
      !expected_role (GPOINTER_TO_UINT (expected), role))
    g_string_append_printf (check->problems, "  “%s” is a %s, where its field makes it a %s\n",
                            name, role_name, atspi_role_get_name (GPOINTER_TO_UINT (expected)));

  if (role == ATSPI_ROLE_RADIO_BUTTON)
    check_radio_button (check, node, name);

  return FALSE;
}

static void
add_expected_role (GHashTable *roles,
                   const char *label,
                   AtspiRole   role)
{
  gpointer known;

  if (g_hash_table_lookup_extended (roles, label, NULL, &known) && GPOINTER_TO_UINT (known) != role)
    role = 0; /* the same words for two kinds of control: no expectation */
  g_hash_table_insert (roles, g_strdup (label), GUINT_TO_POINTER (role));
}

/* From the form tables: each field's label → the role its control has. */
static GHashTable *
expected_roles_new (void)
{
  GHashTable *roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    for (guint i = 0; i < roster_form_get_n_fields (*form); i++)
      {
        const RosterField *field = roster_form_get_field (*form, i);

        switch (field->type)
          {
          case ROSTER_FIELD_BOOLEAN:
            add_expected_role (roles, _(field->label), ATSPI_ROLE_CHECK_BOX);
            break;
          case ROSTER_FIELD_CHOICE:
            for (const RosterOption *option = field->options; option->id != NULL; option++)
              add_expected_role (roles, _(option->label), ATSPI_ROLE_RADIO_BUTTON);
            break;
          case ROSTER_FIELD_TEXT:
          case ROSTER_FIELD_EMAIL:
          case ROSTER_FIELD_DIRECT_ADDRESS:
          case ROSTER_FIELD_PHONE:
          case ROSTER_FIELD_NPI:
          case ROSTER_FIELD_DATE:
            add_expected_role (roles, _(field->label), ATSPI_ROLE_TEXT);
            break;
          case ROSTER_FIELD_PROVIDER_LIST:
            break;
          }
      }

  return roles;
}

/* From the form tables: each choice's answer label → the labels of the
 * questions that offer it. */
static GHashTable *
questions_new (void)
{
  GHashTable *questions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    for (guint i = 0; i < roster_form_get_n_fields (*form); i++)
      {
        const RosterField *field = roster_form_get_field (*form, i);

        if (field->type != ROSTER_FIELD_CHOICE)
          continue;
        for (const RosterOption *option = field->options; option->id != NULL; option++)
          {
            GPtrArray *labels = g_hash_table_lookup (questions, _(option->label));

            if (labels == NULL)
              {
                labels = g_ptr_array_new_with_free_func (g_free);
                g_hash_table_insert (questions, g_strdup (_(option->label)), labels);
              }
            g_ptr_array_add (labels, g_strdup (_(field->label)));
          }
      }

  return questions;
}

static void
assert_tree_readable (Session    *session,
                      const char *where)
{
  Check check = { expected_roles_new (), questions_new (), g_string_new (NULL), 0, 0, session->questions_seen };

  session_walk (session, check_node, &check);
  g_test_message ("%s: %u controls and lists checked, %u answers in their question's radio group",
                  where, check.checked, check.radio_buttons);
  if (check.problems->len > 0)
    {
      g_auto(GStrv) lines = g_strsplit (check.problems->str, "\n", -1);

      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        g_test_message ("%s", lines[i]);
      g_test_fail_printf ("%s: what a screen reader reads is wrong (above)", where);
    }
  g_assert_cmpuint (check.checked, >, 5);

  g_hash_table_unref (check.roles_by_name);
  g_hash_table_unref (check.questions);
  g_string_free (check.problems, TRUE);
}

/* Every question of @form whose answers are radio buttons (those with a
 * help sentence each) was seen in a radio group named by it. */
static void
assert_every_radio_question_seen (Session          *session,
                                  const RosterForm *form)
{
  guint n = 0;

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      gboolean radio = FALSE;

      if (field->type != ROSTER_FIELD_CHOICE)
        continue;
      for (const RosterOption *option = field->options; option->id != NULL; option++)
        radio |= option->help != NULL;
      if (!radio)
        continue;
      if (!g_hash_table_contains (session->questions_seen, _(field->label)))
        g_test_fail_printf ("the answers to “%s” (%s) were never seen in a radio group named by it",
                            _(field->label), field->id);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* --- The app ------------------------------------------------------------- */

static AtspiAccessible *
find_application (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
      int n = atspi_accessible_get_child_count (desktop, NULL);

      for (int i = 0; i < n; i++)
        {
          g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

          if (app != NULL && atspi_accessible_get_process_id (app, NULL) == (guint) pid &&
              atspi_accessible_get_child_count (app, NULL) > 0)
            return g_steal_pointer (&app);
        }
      pump (100);
    }
  g_error ("hie-roster never appeared on the accessibility bus");
}

static void
session_start (Session *session)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(AtspiAccessible) frame = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("HIE_ROSTER"), NULL };

  session->questions_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  session->dir = intake_test_make_dir ();
  session->server = intake_test_server_start (session->dir, NULL);
  session->token = intake_test_add_token (session->server->db_path, "Family Care Medical Group");
  data_dir = g_build_filename (session->dir, "app", NULL);

  /* The app reads what a user's session gives it: the bridge on. */
  env = g_environ_unsetenv (env, "GTK_A11Y");
  env = g_environ_unsetenv (env, "NO_AT_BRIDGE");
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv (env, "HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  env = g_environ_setenv (env, "HIE_ROSTER_ENDPOINT", session->server->base_url, TRUE);
  env = g_environ_setenv (env, "HIE_ROSTER_TOKEN", session->token, TRUE);

  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &session->pid, &error);
  g_assert_no_error (error);

  session->app = find_application (session->pid);
  /* The window is up and has the keyboard. */
  frame = wait_for_node (session, ATSPI_ROLE_FRAME, NULL);
  pump (1000);
}

static void
session_stop (Session *session)
{
  g_clear_object (&session->app);
  if (session->pid != 0)
    {
      kill (session->pid, SIGTERM);
      waitpid (session->pid, NULL, 0);
      g_spawn_close_pid (session->pid);
    }
  intake_test_server_free (session->server);
  test_remove_tree (session->dir);
  g_free (session->dir);
  g_free (session->token);
  g_clear_pointer (&session->questions_seen, g_hash_table_unref);
}

static void
test_main_window (void)
{
  Session session = { 0 };

  session_start (&session);
  assert_tree_readable (&session, "The main window");
  assert_tab_comes_round (&session, "The main window", NULL);
  session_stop (&session);
}

/* Asks the session for its accessibility bus (activating it) and gives
 * its address to this process and to the app: never a stale one left on
 * the X display's root window by an earlier session. */
static void
use_private_accessibility_bus (const char *display)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *address;

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* GTestDBus hides the display from the bus it starts; the registry
   * needs it to synthesize keys (XTest). */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new_parsed ("({'DISPLAY': %s},)", display),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (connection, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                       "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&s)", &address);
  g_setenv ("AT_SPI_BUS_ADDRESS", address, TRUE);
}

/* What a screen reader announces as the focus lands on a text field: the
 * node the focus event came from has the field's name, and its
 * description says the field's problem. */
static void
assert_focus_announces (const char *label,
                        const char *problem)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *what = NULL;

  g_assert_nonnull (focus_event_source);
  atspi_accessible_clear_cache (focus_event_source);
  name = atspi_accessible_get_name (focus_event_source, NULL);
  description = atspi_accessible_get_description (focus_event_source, NULL);
  what = describe (focus_event_source);
  g_test_message ("the focus event came from %s, described “%s”", what, description);

  g_assert_cmpstr (name, ==, label);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, problem));
}

/* That, since the list was last emptied, the field @label's description
 * changed to one that says @problem while it had the focus: what Orca
 * speaks as the problem appears. */
static void
assert_heard (const char *label,
              const char *problem)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", label);

  pump (300);
  for (guint i = 0; i < descriptions_heard->len; i++)
    {
      const char *heard = g_ptr_array_index (descriptions_heard, i);

      if (g_str_has_prefix (heard, prefix) && strstr (heard, problem) != NULL)
        return;
    }
  for (guint i = 0; i < descriptions_heard->len; i++)
    g_test_message ("heard: %s", (char *) g_ptr_array_index (descriptions_heard, i));
  g_test_fail_printf ("“%s” was not heard as the problem of “%s” appeared", problem, label);
}

/* The problem under a field is in the tree (only once the field was
 * left) as an alert named by its question, holding the problem's text. */
static void
assert_alert_shown (Session    *session,
                    const char *label,
                    const char *problem)
{
  g_autoptr(AtspiAccessible) alert = find_node (session, ATSPI_ROLE_ALERT, label, ATSPI_STATE_INVALID);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  if (alert == NULL)
    {
      g_test_fail_printf ("no alert named “%s” is showing", label);
      return;
    }
  walk (alert, path, collect_label_text, text);
  if (strstr (text->str, problem) == NULL)
    g_test_fail_printf ("the alert “%s” says “%s”, not “%s”", label, text->str, problem);
}

/* Alt+→, the editor's Next step. */
static void
next_step (Session    *session,
           const char *step)
{
  press_with (MASK_ALT, KEY_RIGHT);
  pump (400);
  assert_tree_readable (session, step);
}

static void
fill_text (Session    *session,
           const char *label,
           const char *text)
{
  tab_to (session, ATSPI_ROLE_TEXT, label);
  type_text (text);
}

/* A question as the app shows it, from the form table. */
static const char *
field_label (const char *form_id,
             const char *field_id)
{
  const RosterForm *form = roster_form_lookup (form_id);
  const RosterField *field = form != NULL ? roster_form_lookup_field (form, field_id) : NULL;

  g_assert_nonnull (field);
  return _(field->label);
}

/* The steps sidebar's row for a step: named by its title, described by
 * its state ("User Information", "Complete"), selected when it is the step
 * on screen. */
static void
assert_step_row (Session    *session,
                 const char *form_id,
                 const char *section_id,
                 const char *state,
                 gboolean    current)
{
  const RosterSection *section = roster_form_lookup_section (roster_form_lookup (form_id), section_id);
  g_autoptr(AtspiAccessible) row = NULL;
  g_autofree char *description = NULL;

  g_assert_nonnull (section);
  row = find_node (session, ATSPI_ROLE_LIST_ITEM, _(section->title), ATSPI_STATE_INVALID);
  if (row == NULL)
    {
      g_test_fail_printf ("no step “%s” in the sidebar", _(section->title));
      return;
    }
  description = atspi_accessible_get_description (row, NULL);
  if (g_strcmp0 (description, state) != 0)
    g_test_fail_printf ("the step “%s” is described “%s”, not “%s”", _(section->title), description, state);
  if (has_state (row, ATSPI_STATE_SELECTED) != current)
    g_test_fail_printf ("the step “%s” is %sselected", _(section->title), current ? "not " : "");
}

/* Tab to the answer and press Space: a radio button as Orca users pick,
 * in a radio group named by its question. */
static void
choose (Session    *session,
        const char *question,
        const char *answer)
{
  g_autoptr(AtspiAccessible) radio = NULL;
  g_autoptr(AtspiAccessible) group = NULL;
  g_autofree char *group_name = NULL;

  tab_to (session, ATSPI_ROLE_RADIO_BUTTON, answer);
  press (KEY_SPACE);
  g_assert_true (has_state_now (session, ATSPI_ROLE_RADIO_BUTTON, answer, ATSPI_STATE_CHECKED));

  radio = find_focused (session);
  g_assert_nonnull (radio);
  group = find_radio_group (radio);
  g_assert_nonnull (group);
  group_name = atspi_accessible_get_name (group, NULL);
  g_assert_cmpstr (group_name, ==, question);
}

/* A combo row: Space opens its list, arrows move, Return picks. */
static void
pick (Session    *session,
      const char *label,
      guint       downs)
{
  tab_to (session, ATSPI_ROLE_COMBO_BOX, label);
  press (KEY_SPACE);
  pump (300);
  for (guint i = 0; i < downs; i++)
    press (KEY_DOWN);
  press (KEY_RETURN);
  pump (300);
}

static void
add_provider (Session    *session,
              const char *list_label,
              guint       position,
              guint       count,
              const char *name,
              const char *npi)
{
  g_autofree char *add = g_strdup_printf (_("Add Provider to “%s”"), list_label);
  g_autofree char *row = g_strdup_printf (_("Provider %u of %u"), position, count);
  g_autoptr(AtspiAccessible) row_node = NULL;

  tab_to (session, ATSPI_ROLE_PUSH_BUTTON, add);
  press (KEY_RETURN);
  pump (300);
  /* The new row's name entry has the focus. */
  type_text (name);
  press (KEY_TAB);
  type_text (npi);
  row_node = wait_for_node (session, ATSPI_ROLE_INVALID, row);
}

/* Ctrl+N, the second kind of request, then its first steps filled. */
static void
start_change_request (Session    *session,
                      const char *answer)
{
  press_with (MASK_CONTROL, 'n');
  pump (500);
  assert_tree_readable (session, "The New Request chooser");
  press (KEY_DOWN);
  press (KEY_RETURN);
  pump (800);
  assert_tree_readable (session, "Request");

  choose (session, field_label ("hec.account-change", "action"), answer);
  next_step (session, "User Information");
  /* Nothing is wrong before anything was typed. */
  g_assert_false (is_marked_invalid (session, _("First name")));
  fill_text (session, _("First name"), "Maria");
  fill_text (session, _("Last name"), "Lopez");
  /* A mistyped address: leaving the field shows its problem, and coming
   * back the screen reader says it. Then it is put right. */
  fill_text (session, _("Work email"), "mlopez@familycare");
  press (KEY_TAB);
  pump (300);
  g_clear_object (&focus_event_source);
  tab_to (session, ATSPI_ROLE_TEXT, _("Work email"));
  pump (300);
  g_assert_true (is_marked_invalid (session, _("Work email")));
  assert_alert_shown (session, _("Work email"), _("The part after @ must be a domain like example.org."));
  assert_focus_announces (_("Work email"), _("The part after @ must be a domain like example.org."));
  /* Typed over, its new problem is heard as it appears. */
  g_ptr_array_set_size (descriptions_heard, 0);
  press_with (MASK_CONTROL, 'a');
  type_text ("mlopez");
  assert_heard (_("Work email"), _("An email address needs an @, like name@example.org."));
  press_with (MASK_CONTROL, 'a');
  type_text ("mlopez@familycare.example.org");
  fill_text (session, _("Organization"), "Family Care Medical Group");

  assert_tab_comes_round (session, "User Information", _("User Information"));
  next_step (session, "Submitter");
  assert_step_row (session, "hec.account-change", "user", _("Complete"), FALSE);
  assert_step_row (session, "hec.account-change", "submitter", _("Not started"), TRUE);
  fill_text (session, _("Your name"), "Dana Whitfield");
  fill_text (session, _("Your email"), "dwhitfield@familycare.example.org");
}

static void
attest_and_submit (Session *session)
{
  g_autofree char *submit = roster_mnemonic_strip (_("_Submit Request"));

  tab_to (session, ATSPI_ROLE_CHECK_BOX, _("I am an authorized employee of a participating organization"));
  press (KEY_SPACE);

  next_step (session, "Review");
  tab_to (session, ATSPI_ROLE_PUSH_BUTTON, submit);
  press (KEY_RETURN);
  pump (500);
}

/* Until the HIE has @count requests; then a second longer, to see that
 * none arrives twice. */
static void
assert_stored (Session *session,
               guint    count)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (intake_test_count_stored (session->server) < count && g_get_monotonic_time () < deadline)
    pump (200);
  pump (1000);
  g_assert_cmpuint (intake_test_count_stored (session->server), ==, count);
}

/* The answers of the one request the HIE holds, as its operator reads
 * them with `hie-roster-intake list` and `show`. */
static JsonObject *
stored_answers (Session *session)
{
  g_autofree char *listed = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *tracking_id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *payload;
  JsonObject *root;

  g_assert_cmpint (intake_test_run (session->server->db_path, &listed, NULL, "list", NULL), ==, 0);
  tracking_id = g_strndup (listed, strcspn (listed, "\t\n"));
  g_assert_cmpint (intake_test_run (session->server->db_path, &shown, NULL, "show", tracking_id, NULL), ==, 0);
  payload = strstr (shown, "{\"form\"");
  g_assert_nonnull (payload);
  json_parser_load_from_data (parser, payload, strcspn (payload, "\n"), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_ref (json_object_get_object_member (root, "answers"));
}

static const char *
answer_text (JsonObject *answers,
             const char *section,
             const char *field)
{
  JsonObject *object = json_object_get_object_member (answers, section);

  g_assert_nonnull (object);
  return json_object_get_string_member_with_default (object, field, NULL);
}

static void
test_delegation_by_keyboard (void)
{
  Session session = { 0 };
  const char *alerts_list = _("Providers whose alerts this user receives");

  session_start (&session);
  start_change_request (&session, _("Change services"));

  next_step (&session, "Services");
  pick (&session, _("Alerts"), 1);

  next_step (&session, "Alerts");
  assert_tab_comes_round (&session, "Alerts", _("Alerts"));
  choose (&session, field_label ("hec.account-change", "alerts.basis"), _("Provider Based (NPI)"));
  pick (&session, _("Deliver alerts by"), 1);
  fill_text (&session, _("Direct address for alerts"), "mlopez@direct.familycare.example.org");

  next_step (&session, "Delegation");
  add_provider (&session, alerts_list, 1, 1, "Samuel Okafor", TEST_NPI_A);
  add_provider (&session, alerts_list, 2, 2, "Priya Raman", TEST_NPI_B);
  /* A third, moved up and removed again, by keyboard. */
  add_provider (&session, alerts_list, 3, 3, "Ana Silva", TEST_NPI_C);
  assert_tree_readable (&session, "Delegation, three providers");
  {
    g_autofree char *move_up = g_strdup_printf (_("Move provider %u up"), 3);
    g_autofree char *remove = g_strdup_printf (_("Remove provider %u"), 2);
    g_autofree char *third = g_strdup_printf (_("Provider %u of %u"), 3, 3);
    g_autofree char *second = g_strdup_printf (_("Provider %u of %u"), 2, 2);
    g_autoptr(AtspiAccessible) gone = NULL;
    g_autoptr(AtspiAccessible) last = NULL;

    tab_to (&session, ATSPI_ROLE_PUSH_BUTTON, move_up);
    press (KEY_RETURN);
    pump (300);
    tab_to (&session, ATSPI_ROLE_PUSH_BUTTON, remove);
    press (KEY_RETURN);
    pump (300);
    gone = find_node (&session, ATSPI_ROLE_INVALID, third, ATSPI_STATE_INVALID);
    g_assert_null (gone);
    last = wait_for_node (&session, ATSPI_ROLE_INVALID, second);
  }
  assert_tree_readable (&session, "Delegation, two providers");
  assert_tab_comes_round (&session, "Delegation, two providers", _("Delegation"));

  next_step (&session, "Comments and Attestation");
  attest_and_submit (&session);

  /* Delivered, once, with what was typed and picked: the providers left
   * after the move and the removal, in their order. */
  assert_stored (&session, 1);
  {
    g_autoptr(JsonObject) answers = stored_answers (&session);
    JsonArray *providers = json_object_get_array_member (json_object_get_object_member (answers, "delegation"), "alerts");
    const char * const expected[][2] = { { "Samuel Okafor", TEST_NPI_A }, { "Priya Raman", TEST_NPI_B } };

    g_assert_cmpstr (json_object_get_string_member (answers, "action"), ==, "modify");
    g_assert_cmpstr (answer_text (answers, "user", "first_name"), ==, "Maria");
    g_assert_cmpstr (answer_text (answers, "user", "last_name"), ==, "Lopez");
    g_assert_cmpstr (answer_text (answers, "user", "email"), ==, "mlopez@familycare.example.org");
    g_assert_cmpstr (answer_text (answers, "submitter", "name"), ==, "Dana Whitfield");
    g_assert_cmpstr (answer_text (answers, "services", "alerts"), ==, "add");
    g_assert_cmpstr (answer_text (answers, "alerts", "basis"), ==, "provider_npi");
    g_assert_cmpstr (answer_text (answers, "alerts", "direct_address"), ==, "mlopez@direct.familycare.example.org");
    g_assert_nonnull (providers);
    g_assert_cmpuint (json_array_get_length (providers), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *provider = json_array_get_object_element (providers, i);

        g_assert_cmpstr (json_object_get_string_member (provider, "name"), ==, expected[i][0]);
        g_assert_cmpstr (json_object_get_string_member (provider, "npi"), ==, expected[i][1]);
      }
  }
  assert_tree_readable (&session, "After submitting");

  session_stop (&session);
}

/* The New User Request: every step, its services switched on so that
 * each step that depends on them is there to walk. */
static void
test_new_user_steps (void)
{
  Session session = { 0 };
  const char * const services[] = { N_("Alerts"), N_("Patient Record Access"), N_("Delegation") };
  g_autofree char *submit = roster_mnemonic_strip (_("_Submit Request"));
  guint steps = 0;

  session_start (&session);
  press_with (MASK_CONTROL, 'n');
  pump (500);
  press (KEY_RETURN);
  pump (800);
  assert_tree_readable (&session, "New User Request, first step");

  /* Through Services, switching its services on. */
  while (!has_state_now (&session, ATSPI_ROLE_CHECK_BOX, _(services[0]), ATSPI_STATE_VISIBLE))
    {
      g_assert_cmpuint (++steps, <, 10);
      next_step (&session, "New User Request, a step before Services");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    {
      tab_to (&session, ATSPI_ROLE_CHECK_BOX, _(services[i]));
      press (KEY_SPACE);
      g_assert_true (has_state_now (&session, ATSPI_ROLE_CHECK_BOX, _(services[i]), ATSPI_STATE_CHECKED));
    }

  /* Then every step up to Review. */
  while (!has_state_now (&session, ATSPI_ROLE_PUSH_BUTTON, submit, ATSPI_STATE_VISIBLE))
    {
      g_assert_cmpuint (++steps, <, 14);
      next_step (&session, "New User Request, a step after Services");
    }
  g_test_message ("%u steps walked", steps);
  assert_every_radio_question_seen (&session, roster_form_lookup ("hec.new-user"));

  session_stop (&session);
}

/* Terminate Access: the day typed, the reason picked, the confirmation
 * answered by keyboard; then the request's details and Preferences. */
static void
test_termination_by_keyboard (void)
{
  Session session = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *confirm = roster_mnemonic_strip (_("_Terminate Access"));
  const char *attestation = _("I am an authorized employee of a participating organization");

  session_start (&session);
  start_change_request (&session, _("Terminate access"));

  next_step (&session, "Terminate Access");
  fill_text (&session, _("Last day of access"), today);
  pick (&session, _("Reason"), 1);

  next_step (&session, "Comments and Attestation");
  /* To Review with the attestation left out: its problem is a link that
   * takes the focus back to it. */
  next_step (&session, "Review, with a problem");
  assert_tab_comes_round (&session, "Review, with a problem", _("Review"));
  tab_to (&session, ATSPI_ROLE_LINK, attestation);
  press (KEY_RETURN);
  pump (600);
  if (!focused_is (&session, ATSPI_ROLE_CHECK_BOX, attestation))
    {
      g_autoptr(AtspiAccessible) focused = find_focused (&session);
      g_autofree char *where = describe (focused);

      g_error ("the Review link “%s” left the focus on %s", attestation, where);
    }
  assert_tree_readable (&session, "Back at the attestation from Review");
  attest_and_submit (&session);

  wait_for_node (&session, ATSPI_ROLE_PUSH_BUTTON, confirm);
  assert_tree_readable (&session, "The termination confirmation");
  assert_tab_comes_round (&session, "The termination confirmation", NULL);
  tab_to (&session, ATSPI_ROLE_PUSH_BUTTON, confirm);
  press (KEY_RETURN);
  assert_stored (&session, 1);

  assert_tab_comes_round (&session, "The main window, one request sent", NULL);
  /* The Sent group's row opens the request's details. */
  tab_to (&session, ATSPI_ROLE_LIST_ITEM, "Maria Lopez");
  press (KEY_RETURN);
  pump (600);
  assert_tree_readable (&session, "A request's details");
  assert_tab_comes_round (&session, "A request's details", NULL);

  press_with (MASK_CONTROL, ',');
  pump (800);
  assert_tree_readable (&session, "Preferences");
  assert_tab_comes_round (&session, "Preferences", NULL);
  /* Each row names its switch or spin button by its title, and
   * describes it by its subtitle. */
  assert_control_says (&session, ATSPI_ROLE_CHECK_BOX, _("Check NPIs with the NPI Registry"),
                       _("Shows whom each NPI is registered to and warns when it seems to be someone else’s. Only the NPI is sent to the national registry, never a name or an email address."));
  assert_control_says (&session, ATSPI_ROLE_SPIN_BUTTON, _("Days between reviews"),
                       _("The People page says an access review is due this many days after the last one."));
  press (KEY_ESCAPE);

  session_stop (&session);
}

/* Listens, for the whole run, to the app's @event_type events. */
static void
listen (const char           *event_type,
        AtspiEventListenerCB  callback)
{
  AtspiEventListener *listener = atspi_event_listener_new (callback, NULL, NULL);
  g_autoptr(GError) error = NULL;

  atspi_event_listener_register (listener, event_type, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *display = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ROSTER_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  /* libatspi warns (log domain "dbind") when a peer on the bus, such as
   * the registry itself, has no cache object: not the app's fault, and
   * the app is another process; criticals stay fatal here. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("needs an X display (xvfb-run), for the AT-SPI registry's synthesized keys");
      return 0;
    }
  if (g_find_program_in_path ("dbus-daemon") == NULL ||
      !g_file_test ("/usr/libexec/at-spi-bus-launcher", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs dbus-daemon and at-spi2-core (apt-get install dbus at-spi2-core)");
      return 0;
    }

  /* A private session whose activated services (the accessibility bus,
   * the registry) inherit this display. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (bus, "/usr/share/dbus-1/services");
  /* The bus and what it activates write to the stdout they inherit (the
   * registry says "SpiRegistry daemon is running…"), which is this
   * program's TAP stream: give them /dev/null instead. */
  {
    int tap = dup (STDOUT_FILENO);
    int devnull = open ("/dev/null", O_WRONLY | O_CLOEXEC);

    g_assert_cmpint (tap, >=, 0);
    g_assert_cmpint (devnull, >=, 0);
    fflush (stdout);
    dup2 (devnull, STDOUT_FILENO);
    g_test_dbus_up (bus);
    dup2 (tap, STDOUT_FILENO);
    close (devnull);
    close (tap);
  }
  g_setenv ("DISPLAY", display, TRUE);
  use_private_accessibility_bus (display);
  if (atspi_init () > 1)
    g_error ("could not reach the accessibility bus");
  listen ("object:state-changed:focused", focus_event_cb);
  descriptions_heard = g_ptr_array_new_with_free_func (g_free);
  listen ("object:property-change:accessible-description", description_event_cb);

  g_test_add_func ("/atspi/main-window", test_main_window);
  g_test_add_func ("/atspi/delegation-by-keyboard", test_delegation_by_keyboard);
  g_test_add_func ("/atspi/termination-by-keyboard", test_termination_by_keyboard);
  g_test_add_func ("/atspi/new-user-steps", test_new_user_steps);

  status = g_test_run ();

  atspi_exit ();
  g_test_dbus_down (bus);
  return status;
}
