/* roster-icon.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-icon.h"

/*
 * Icons as a screen reader should meet them: one that only decorates (a
 * row's "go on" arrow, a warning beside text that says the warning) is
 * left out of the accessible tree; one that alone says something (a
 * request needs attention) is an image with that as its name. A bare
 * GtkImage is an unnamed node, read as "image".
 */

/**
 * roster_icon_new_decorative:
 *
 * Returns: (transfer floating): an icon a screen reader skips
 */
GtkWidget *
roster_icon_new_decorative (const char *icon_name)
{
  return g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

/**
 * roster_icon_new_named:
 * @name: what the icon says, in words
 *
 * Returns: (transfer floating): an icon a screen reader reads as @name
 */
GtkWidget *
roster_icon_new_named (const char *icon_name,
                       const char *name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return image;
}
