/* roster-text-column.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-text-column"

#include "config.h"

#include "roster-text-column.h"

/*
 * A row's lines of wrapping text, one under the other, as a vertical
 * GtkBox lays them out, measured once a width instead of a dozen times.
 *
 * A row's header is a horizontal box; to find its height at a width, a
 * GTK 4.8 box asks each wrapping child for its width at a given height,
 * and a vertical GtkBox of wrapping text answers that by searching: it
 * measures its children's heights at a doubling, then halving, series
 * of widths (distribute_remaining_size() in gtkboxlayout.c), so each
 * line of a row was laid out about fifteen times a measurement. Its
 * answer only matters when the row is narrower than the text's few
 * characters: the header gives the text what the icons and buttons
 * leave, whatever it answers. This column answers the width a height
 * asks for with its width at any height: its children's minimum and
 * natural widths.
 */

struct _RosterTextColumn
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (RosterTextColumn, roster_text_column, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
roster_text_column_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_text_column_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
    }
}

static void
roster_text_column_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_height, NULL, NULL, NULL);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_height }, -1);
      y += child_height;
    }
}

static void
roster_text_column_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_text_column_parent_class)->dispose (object);
}

static void
roster_text_column_class_init (RosterTextColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_text_column_dispose;
  widget_class->get_request_mode = roster_text_column_get_request_mode;
  widget_class->measure = roster_text_column_measure;
  widget_class->size_allocate = roster_text_column_size_allocate;

  /* Styled as the box it replaces ("box.title" in a row's header). */
  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
roster_text_column_init (RosterTextColumn *self)
{
}

GtkWidget *
roster_text_column_new (void)
{
  return g_object_new (ROSTER_TYPE_TEXT_COLUMN, NULL);
}

/* Adds @child below the others. */
void
roster_text_column_append (RosterTextColumn *self,
                           GtkWidget        *child)
{
  g_return_if_fail (ROSTER_IS_TEXT_COLUMN (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
