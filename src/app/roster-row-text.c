/* roster-row-text.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-row-text"

#include "config.h"

#include "roster-row-text.h"

/*
 * Wrapping text for the rows of a long list: what a wrapping GtkLabel
 * shows, at a fraction of the cost.
 *
 * A list's rows are measured at several widths before they are laid out
 * (the column's natural width, then each row's height at the width it
 * will get), and GTK 4.8's GtkLabel lays its text out afresh, shaping
 * every glyph again, for each of them. GtkInscription does not, but it
 * asks for a fixed number of lines whatever the text, so a long name at
 * a narrow width or with large text would lose its last lines. This
 * keeps one layout and remembers the height it had at the last few
 * widths. A text that fits the width it is given (most rows, most of the
 * time) is shaped once, unwrapped, and that layout is measured and drawn
 * at every width at least as wide; only a narrower width lays it out
 * again, wrapped. It wraps at word or character boundaries and, given a
 * line limit, ends its last line in "…" past it (0: as many lines as it
 * needs).
 *
 * Its words are not read on their own: the row it is in has them as its
 * accessible name or description.
 */

#define N_CACHED 4

typedef struct
{
  int width;   /* the width the text was laid out at; -1: unset */
  int height;
} CachedHeight;

struct _RosterRowText
{
  GtkWidget             parent_instance;

  char                 *text;
  guint                 max_lines;
  PangoLayout          *layout;        /* the text at layout_width */
  int                   layout_width;  /* pango units; -1: natural width */
  PangoFontDescription *font;          /* the font the layout was made with */
  int                   natural_width; /* pixels; -1: not measured yet */
  int                   few_chars_width; /* pixels, with the layout's font */
  CachedHeight          heights[N_CACHED];
  guint                 next_cached;
};

G_DEFINE_FINAL_TYPE (RosterRowText, roster_row_text, GTK_TYPE_WIDGET)

static void
forget_sizes (RosterRowText *self)
{
  self->natural_width = -1;
  for (guint i = 0; i < N_CACHED; i++)
    self->heights[i].width = -1;
}

static void
drop_layout (RosterRowText *self)
{
  g_clear_object (&self->layout);
  g_clear_pointer (&self->font, pango_font_description_free);
  forget_sizes (self);
}

static int natural_width (RosterRowText *self);

/* The layout, at @width pixels (-1: unwrapped). At a width the whole
 * text fits in, that is the unwrapped layout: the same lines, and no
 * shaping again. */
static PangoLayout *
layout_at (RosterRowText *self,
           int            width)
{
  int pango_width;

  if (width >= 0 && width >= natural_width (self))
    width = -1;
  pango_width = width < 0 ? -1 : width * PANGO_SCALE;

  if (self->layout == NULL)
    {
      PangoContext *context;
      PangoFontMetrics *metrics;

      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      if (self->max_lines > 0)
        {
          pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (self->layout, -(int) self->max_lines);
        }
      self->layout_width = -1;
      context = pango_layout_get_context (self->layout);
      self->font = pango_font_description_copy (pango_context_get_font_description (context));
      metrics = pango_context_get_metrics (context, NULL, NULL);
      self->few_chars_width = 3 * pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;
      pango_font_metrics_unref (metrics);
    }

  if (self->layout_width != pango_width)
    {
      pango_layout_set_width (self->layout, pango_width);
      self->layout_width = pango_width;
    }

  return self->layout;
}

static int
natural_width (RosterRowText *self)
{
  if (self->natural_width < 0)
    pango_layout_get_pixel_size (layout_at (self, -1), &self->natural_width, NULL);

  return self->natural_width;
}

static int
height_at (RosterRowText *self,
           int            width)
{
  int height;

  /* Every width the text fits in has the unwrapped layout's height: one
   * entry for all of them, not one each (a window looking for its
   * minimum size tries a dozen). */
  if (width < 0 || width > natural_width (self))
    width = natural_width (self);

  for (guint i = 0; i < N_CACHED; i++)
    if (self->heights[i].width == width)
      return self->heights[i].height;

  pango_layout_get_pixel_size (layout_at (self, width), NULL, &height);
  self->heights[self->next_cached].width = width;
  self->heights[self->next_cached].height = height;
  self->next_cached = (self->next_cached + 1) % N_CACHED;

  return height;
}

static GtkSizeRequestMode
roster_row_text_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
roster_row_text_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  RosterRowText *self = ROSTER_ROW_TEXT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as a few characters: the text wraps to fit. */
      *natural = natural_width (self);
      *minimum = MIN (self->few_chars_width, *natural);
    }
  else
    {
      *minimum = *natural = height_at (self, for_size);
    }
}

static void
roster_row_text_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  layout_at (ROSTER_ROW_TEXT (widget), width);
}

static void
roster_row_text_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RosterRowText *self = ROSTER_ROW_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  PangoLayout *layout = layout_at (self, width);
  GdkRGBA color;
  int shift = 0;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif

  /* The unwrapped layout is as wide as its text: a right-to-left
   * paragraph goes to the right edge, as it does laid out at the
   * widget's width. */
  if (self->layout_width < 0 && pango_layout_get_direction (layout, 0) == PANGO_DIRECTION_RTL)
    shift = width - natural_width (self);

  if (shift > 0)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (shift, 0));
    }
  gtk_snapshot_append_layout (snapshot, layout, &color);
  if (shift > 0)
    gtk_snapshot_restore (snapshot);
}

/* A change of font (large text, a style class) needs the text laid out
 * again; a change of colour (hover, focus) does not. */
static void
roster_row_text_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  RosterRowText *self = ROSTER_ROW_TEXT (widget);

  GTK_WIDGET_CLASS (roster_row_text_parent_class)->css_changed (widget, change);

  if (self->layout != NULL &&
      !pango_font_description_equal (self->font, pango_context_get_font_description (gtk_widget_get_pango_context (widget))))
    {
      drop_layout (self);
      gtk_widget_queue_resize (widget);
    }
}

static void
roster_row_text_direction_changed (GtkWidget        *widget,
                                   GtkTextDirection  previous)
{
  drop_layout (ROSTER_ROW_TEXT (widget));
  gtk_widget_queue_resize (widget);
}

static void
roster_row_text_finalize (GObject *object)
{
  RosterRowText *self = (RosterRowText *)object;

  drop_layout (self);
  g_free (self->text);

  G_OBJECT_CLASS (roster_row_text_parent_class)->finalize (object);
}

static void
roster_row_text_class_init (RosterRowTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = roster_row_text_finalize;
  widget_class->get_request_mode = roster_row_text_get_request_mode;
  widget_class->measure = roster_row_text_measure;
  widget_class->size_allocate = roster_row_text_size_allocate;
  widget_class->snapshot = roster_row_text_snapshot;
  widget_class->css_changed = roster_row_text_css_changed;
  widget_class->direction_changed = roster_row_text_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
roster_row_text_init (RosterRowText *self)
{
  self->text = g_strdup ("");
  self->max_lines = 1;
  forget_sizes (self);
}

/**
 * roster_row_text_new:
 * @max_lines: how many lines each paragraph of the text may wrap to, the
 *   last ending in "…" if it needs more; 0: as many as it needs
 */
GtkWidget *
roster_row_text_new (guint max_lines)
{
  RosterRowText *self = g_object_new (ROSTER_TYPE_ROW_TEXT, NULL);

  self->max_lines = max_lines;

  return GTK_WIDGET (self);
}

void
roster_row_text_set_text (RosterRowText *self,
                          const char    *text)
{
  g_return_if_fail (ROSTER_IS_ROW_TEXT (self));

  if (text == NULL)
    text = "";
  if (g_str_equal (text, self->text))
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    {
      pango_layout_set_text (self->layout, self->text, -1);
      forget_sizes (self);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
roster_row_text_get_text (RosterRowText *self)
{
  g_return_val_if_fail (ROSTER_IS_ROW_TEXT (self), NULL);

  return self->text;
}

/**
 * roster_row_text_is_ellipsized:
 *
 * Returns: whether the text, as last laid out, was cut short with "…"
 */
gboolean
roster_row_text_is_ellipsized (RosterRowText *self)
{
  g_return_val_if_fail (ROSTER_IS_ROW_TEXT (self), FALSE);

  return self->layout != NULL && pango_layout_is_ellipsized (self->layout);
}
