/* roster-folding-box.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-folding-box"

#include "config.h"

#include "roster-folding-box.h"

/*
 * A row of controls that folds into a column when the row does not fit:
 * a toolbar that stays whole at 360 px wide with large text, where a
 * GtkBox or a GtkActionBar would make the window wider than the screen.
 *
 * In a row, children get their natural widths and the extra space goes
 * to those that expand horizontally, as in a GtkBox. In a column, each
 * child has the whole width, placed by its halign. Children keep their
 * order both ways, and so does the keyboard. (libadwaita 1.7's
 * AdwWrapBox does more; Debian 12 has 1.2.)
 */

struct _RosterFoldingBox
{
  GtkWidget parent_instance;

  int       spacing;
};

G_DEFINE_FINAL_TYPE (RosterFoldingBox, roster_folding_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The width the children need side by side. */
static int
row_width (RosterFoldingBox *self)
{
  int width = 0;
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
      width += nat;
      n++;
    }

  return width + MAX (n - 1, 0) * self->spacing;
}

static GtkSizeRequestMode
roster_folding_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_folding_box_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  RosterFoldingBox *self = ROSTER_FOLDING_BOX (widget);
  gboolean folded = orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0 && for_size < row_width (self);
  int n = 0;

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
          /* As narrow as the widest child, as wide as the row. */
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat;
        }
      else if (folded)
        {
          gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
      else
        {
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      n++;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL || folded)
    {
      int spacing = MAX (n - 1, 0) * self->spacing;

      if (folded)
        *minimum += spacing;
      *natural += spacing;
    }
}

static void
roster_folding_box_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  RosterFoldingBox *self = ROSTER_FOLDING_BOX (widget);
  int needed = row_width (self);
  int n_expand = 0;
  int x = 0;
  int y = 0;

  if (width < needed)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_height;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_height, NULL, NULL, NULL);
          gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_height }, -1);
          y += child_height + self->spacing;
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child) && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
      n_expand++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
        child_width += (width - needed) / n_expand;
      gtk_widget_size_allocate (child, &(GtkAllocation) { x, 0, child_width, height }, -1);
      x += child_width + self->spacing;
    }
}

static void
roster_folding_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (roster_folding_box_parent_class)->dispose (object);
}

static void
roster_folding_box_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RosterFoldingBox *self = ROSTER_FOLDING_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_folding_box_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RosterFoldingBox *self = ROSTER_FOLDING_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_folding_box_class_init (RosterFoldingBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_folding_box_dispose;
  object_class->get_property = roster_folding_box_get_property;
  object_class->set_property = roster_folding_box_set_property;

  widget_class->get_request_mode = roster_folding_box_get_request_mode;
  widget_class->measure = roster_folding_box_measure;
  widget_class->size_allocate = roster_folding_box_size_allocate;

  /**
   * RosterFoldingBox:spacing:
   *
   * The space between children, across a row or down a column.
   */
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_folding_box_init (RosterFoldingBox *self)
{
}

/**
 * roster_folding_box_new:
 * @spacing: the space between children
 *
 * Returns: (transfer floating): a new, empty folding box
 */
GtkWidget *
roster_folding_box_new (int spacing)
{
  g_return_val_if_fail (spacing >= 0, NULL);

  return g_object_new (ROSTER_TYPE_FOLDING_BOX, "spacing", spacing, NULL);
}

/**
 * roster_folding_box_append:
 * @child: a widget with no parent
 *
 * Adds @child after the others, in the row and down the column.
 */
void
roster_folding_box_append (RosterFoldingBox *self,
                           GtkWidget        *child)
{
  g_return_if_fail (ROSTER_IS_FOLDING_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
