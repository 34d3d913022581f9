/* test-row-text.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RosterRowText, the wrapping text of the request list's rows: it wraps
 * to the width it is given as a wrapping label does, stops at its line
 * limit if it has one, and follows a change of its text or its font, though it keeps
 * what it measured.
 */

#include "config.h"

#include <adwaita.h>

#include "roster-row-text.h"
#include "test-gui-fixtures.h"

#define LONG_TEXT "Terminate access · Upstate Family Medicine of the Southern Tier · today at 10:32:05"

static int
height_at (GtkWidget *widget,
           int        width)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, natural);

  return natural;
}

static int
label_height_at (const char *text,
                 int         width)
{
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (text));
  int minimum, natural;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);

  return natural;
}

/* As many lines as a wrapping label at each width, up to the limit. */
static void
test_row_text_wraps_like_a_label (void)
{
  g_autoptr(GtkWidget) text = g_object_ref_sink (roster_row_text_new (3));
  int one_line, minimum, natural;

  roster_row_text_set_text (ROSTER_ROW_TEXT (text), LONG_TEXT);
  g_assert_cmpstr (roster_row_text_get_text (ROSTER_ROW_TEXT (text)), ==, LONG_TEXT);

  one_line = height_at (text, 2000);
  g_assert_cmpint (one_line, ==, label_height_at (LONG_TEXT, 2000));
  g_assert_cmpint (one_line, ==, label_height_at ("Draft", 2000));

  /* Narrower: the same lines as a label; the natural width is the
   * label's, the minimum a few characters. */
  g_assert_cmpint (height_at (text, 300), ==, label_height_at (LONG_TEXT, 300));
  g_assert_cmpint (height_at (text, 300), >=, 2 * one_line);
  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >, 300);
  g_assert_cmpint (minimum, <, 60);

  /* At most three lines, however narrow (a line's height is not a
   * whole number of pixels). */
  g_assert_cmpint (height_at (text, 40), <=, 3 * one_line);
  g_assert_cmpint (height_at (text, 40), >=, 3 * one_line - 2);
  g_assert_cmpint (height_at (text, 20), ==, height_at (text, 40));
  g_assert_cmpint (label_height_at (LONG_TEXT, 40), >, height_at (text, 40));
  g_assert_true (roster_row_text_is_ellipsized (ROSTER_ROW_TEXT (text)));

  /* A shorter text is measured again. */
  roster_row_text_set_text (ROSTER_ROW_TEXT (text), "Draft");
  g_assert_cmpint (height_at (text, 300), ==, one_line);
}

/* Without a limit: every line a wrapping label has, however narrow. */
static void
test_row_text_without_limit (void)
{
  g_autoptr(GtkWidget) text = g_object_ref_sink (roster_row_text_new (0));
  int one_line = label_height_at ("Draft", 2000);

  roster_row_text_set_text (ROSTER_ROW_TEXT (text), LONG_TEXT "\nDraft");
  g_assert_cmpint (height_at (text, 2000), ==, label_height_at (LONG_TEXT "\nDraft", 2000));
  g_assert_cmpint (height_at (text, 40), ==, label_height_at (LONG_TEXT "\nDraft", 40));
  g_assert_cmpint (height_at (text, 40), >, 5 * one_line);
  g_assert_false (roster_row_text_is_ellipsized (ROSTER_ROW_TEXT (text)));
}

/* A bigger font (large text, a heading's style) lays it out again. */
static void
test_row_text_follows_its_font (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *text = roster_row_text_new (3);
  int before, after;

  roster_row_text_set_text (ROSTER_ROW_TEXT (text), LONG_TEXT);
  gtk_window_set_child (GTK_WINDOW (window), text);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (window);

  before = height_at (text, 2000);
  gtk_widget_add_css_class (text, "title-1");
  test_wait_for_frame (window);
  after = height_at (text, 2000);
  g_assert_cmpint (after, >, before);

  /* A change of colour alone keeps the layout and its size. */
  gtk_widget_add_css_class (text, "dim-label");
  test_wait_for_frame (window);
  g_assert_cmpint (height_at (text, 2000), ==, after);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where @text draws itself, allocated @width wide in @window. */
static graphene_rect_t
drawn_at (GtkWidget *window,
          GtkWidget *text,
          int        width)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  test_wait_for_frame (window);
  gtk_widget_size_allocate (text, &(GtkAllocation) { 0, 0, width, height_at (text, width) }, -1);
  g_assert_cmpint (gtk_widget_get_width (text), ==, width);

  GTK_WIDGET_GET_CLASS (text)->snapshot (text, snapshot);
  node = gtk_snapshot_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);

  return bounds;
}

/* A text shorter than its row starts at the row's start edge: the left
 * in English, the right in a right-to-left language, as a label's. */
static void
test_row_text_starts_at_its_edge (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *text = roster_row_text_new (3);
  graphene_rect_t bounds;

  roster_row_text_set_text (ROSTER_ROW_TEXT (text), "Draft");
  gtk_window_set_child (GTK_WINDOW (window), text);
  gtk_window_present (GTK_WINDOW (window));

  bounds = drawn_at (window, text, 600);
  g_assert_cmpfloat (bounds.origin.x, <, 10);

  gtk_widget_set_direction (text, GTK_TEXT_DIR_RTL);
  roster_row_text_set_text (ROSTER_ROW_TEXT (text), "\xd7\x98\xd7\x99\xd7\x95\xd7\x98\xd7\x94"); /* "טיוטה", draft */
  bounds = drawn_at (window, text, 600);
  g_assert_cmpfloat (bounds.origin.x, >, 500);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 601);

  /* Narrower than its text, it wraps and still ends at the right. */
  roster_row_text_set_text (ROSTER_ROW_TEXT (text), "\xd7\x98\xd7\x99\xd7\x95\xd7\x98\xd7\x94 \xd7\x98\xd7\x99\xd7\x95\xd7\x98\xd7\x94 \xd7\x98\xd7\x99\xd7\x95\xd7\x98\xd7\x94");
  bounds = drawn_at (window, text, 40);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >, 30);
  g_assert_cmpfloat (height_at (text, 40), >, height_at (text, 2000));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/row-text/wraps-like-a-label", test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/row-text/wraps-like-a-label", test_row_text_wraps_like_a_label);
  g_test_add_func ("/row-text/without-limit", test_row_text_without_limit);
  g_test_add_func ("/row-text/follows-its-font", test_row_text_follows_its_font);
  g_test_add_func ("/row-text/starts-at-its-edge", test_row_text_starts_at_its_edge);

  return g_test_run ();
}
