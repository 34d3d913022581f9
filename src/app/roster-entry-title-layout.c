/* roster-entry-title-layout.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-entry-title-layout"

#include "config.h"

#include "roster-entry-title-layout.h"

/*
 * The text area of an AdwEntryRow, laid out so that its title wraps.
 *
 * libadwaita 1.2's entry row ellipsizes its title: with large text on a
 * phone's width, "Direct address for alerts" read "Direct address f…",
 * and nothing on screen said the rest. The row's text area holds three
 * children: the title as shown while the row is empty (large, centred),
 * the title as shown above the text (small), and the GtkText. Its own
 * layout measures the labels at no width in particular, so they cannot
 * wrap. This layout manager, set on that area, measures each child for
 * the width it is given: the titles wrap and the row grows to hold them.
 *
 * The row still animates between empty and filled by fading its children
 * in and out (their opacity, which the row sets); the titles no longer
 * slide, as they now keep their places.
 */

struct _RosterEntryTitleLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (RosterEntryTitleLayout, roster_entry_title_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Between the small title and the text, as libadwaita 1.2 places them. */
#define TITLE_SPACING 2

typedef struct
{
  GtkWidget *empty_title;  /* the title while the row is empty */
  GtkWidget *title;        /* the title above the text */
  GtkWidget *text;
} Parts;

/* The area's children, in the order libadwaita 1.2's template has them:
 * the two labels, then the text. */
static gboolean
get_parts (GtkWidget *area,
           Parts     *parts)
{
  *parts = (Parts) { NULL };

  for (GtkWidget *child = gtk_widget_get_first_child (area);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT (child))
        parts->text = child;
      else if (GTK_IS_LABEL (child) && parts->empty_title == NULL)
        parts->empty_title = child;
      else if (GTK_IS_LABEL (child))
        parts->title = child;
    }

  return parts->empty_title != NULL && parts->title != NULL && parts->text != NULL;
}

static int
height_for_width (GtkWidget *widget,
                  int        width)
{
  int natural = 0;

  if (gtk_widget_should_layout (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);

  return natural;
}

static GtkSizeRequestMode
roster_entry_title_layout_get_request_mode (GtkLayoutManager *manager,
                                            GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_entry_title_layout_measure (GtkLayoutManager *manager,
                                   GtkWidget        *widget,
                                   GtkOrientation    orientation,
                                   int               for_size,
                                   int              *minimum,
                                   int              *natural,
                                   int              *minimum_baseline,
                                   int              *natural_baseline)
{
  Parts parts;

  *minimum = *natural = 0;
  if (!get_parts (widget, &parts))
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      GtkWidget *children[] = { parts.empty_title, parts.title, parts.text };

      for (guint i = 0; i < G_N_ELEMENTS (children); i++)
        {
          int child_minimum = 0, child_natural = 0;

          if (gtk_widget_should_layout (children[i]))
            gtk_widget_measure (children[i], orientation, -1, &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
      return;
    }

  /* Empty, the row shows the large title alone; filled or focused, the
   * small title over the text: room for whichever is taller. */
  *minimum = *natural = MAX (height_for_width (parts.empty_title, for_size),
                             height_for_width (parts.title, for_size) + TITLE_SPACING +
                             height_for_width (parts.text, for_size));
}

static void
place (GtkWidget *widget,
       int        y,
       int        width,
       int        height)
{
  if (gtk_widget_should_layout (widget))
    gtk_widget_size_allocate (widget, &(GtkAllocation) { 0, y, width, height }, -1);
}

static void
roster_entry_title_layout_allocate (GtkLayoutManager *manager,
                                    GtkWidget        *widget,
                                    int               width,
                                    int               height,
                                    int               baseline)
{
  Parts parts;
  int empty_height, title_height, text_height, top;

  if (!get_parts (widget, &parts))
    return;

  empty_height = height_for_width (parts.empty_title, width);
  title_height = height_for_width (parts.title, width);
  text_height = height_for_width (parts.text, width);
  top = MAX (0, (height - title_height - TITLE_SPACING - text_height) / 2);

  place (parts.empty_title, MAX (0, (height - empty_height) / 2), width, empty_height);
  place (parts.title, top, width, title_height);
  place (parts.text, top + title_height + TITLE_SPACING, width, text_height);
}

static void
roster_entry_title_layout_class_init (RosterEntryTitleLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = roster_entry_title_layout_get_request_mode;
  layout_class->measure = roster_entry_title_layout_measure;
  layout_class->allocate = roster_entry_title_layout_allocate;
}

static void
roster_entry_title_layout_init (RosterEntryTitleLayout *self)
{
}

static void
wrap_label (GtkWidget *label)
{
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
}

/**
 * roster_entry_title_layout_apply:
 * @row: an entry row
 *
 * Makes @row's title wrap instead of ending in "…". If libadwaita's
 * entry row is not built as 1.2 builds it (an area holding two labels and
 * the text), @row is left as it is.
 */
void
roster_entry_title_layout_apply (AdwEntryRow *row)
{
  GtkEditable *text;
  GtkWidget *area;
  Parts parts;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (text == NULL || (area = gtk_widget_get_parent (GTK_WIDGET (text))) == NULL ||
      !get_parts (area, &parts))
    return;

  wrap_label (parts.empty_title);
  wrap_label (parts.title);
  gtk_widget_set_layout_manager (area, g_object_new (ROSTER_TYPE_ENTRY_TITLE_LAYOUT, NULL));
}
