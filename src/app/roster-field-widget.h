/* roster-field-widget.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "roster-rules.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_FIELD_WIDGET (roster_field_widget_get_type ())

G_DECLARE_INTERFACE (RosterFieldWidget, roster_field_widget, ROSTER, FIELD_WIDGET, GtkWidget)

/**
 * RosterFieldWidgetInterface:
 * @get_field: the form field the widget edits
 * @sync: shows the request's current answer. Must not write to the
 *   request; called when the answer changed elsewhere (a draft loaded, an
 *   undo) and once after construction.
 * @show_issues: shows @issues, the rules' issues on this field (for a
 *   provider list also on its rows and cells), or clears them when
 *   @issues is empty. Messages come from the core; widgets only place them.
 * @show_npi_notes: shows what the NPI Registry says of the NPIs the
 *   widget holds: @lines (one #RosterIssue per NPI, information only) and
 *   @warnings (the registry's findings, which never block submission).
 *   Optional: widgets that hold no NPI list of their own leave it unset.
 * @focus_issue: moves keyboard focus to the control @issue is about (a
 *   list cell, say) and returns %TRUE, or returns %FALSE to let the caller
 *   focus the widget itself.
 *
 * One widget per field type, each built from the form definition and bound
 * to one field of one request. A field widget writes the administrator's
 * input to the request as it is typed and emits #RosterFieldWidget::touched
 * when the administrator is done with it (focus left, a choice made), so
 * the editor knows when to reveal its problems. No business rule lives in
 * a field widget: what is visible and what is wrong come from the rules.
 */
struct _RosterFieldWidgetInterface
{
  GTypeInterface parent_iface;

  const RosterField *(*get_field)   (RosterFieldWidget *self);
  void               (*sync)        (RosterFieldWidget *self);
  void               (*show_issues) (RosterFieldWidget *self,
                                     GPtrArray         *issues);
  gboolean           (*focus_issue) (RosterFieldWidget *self,
                                     const RosterIssue *issue);
  void               (*show_npi_notes) (RosterFieldWidget *self,
                                        GPtrArray         *lines,
                                        GPtrArray         *warnings);
};

const RosterField *roster_field_widget_get_field   (RosterFieldWidget *self);
void               roster_field_widget_sync        (RosterFieldWidget *self);
void               roster_field_widget_show_issues (RosterFieldWidget *self,
                                                    GPtrArray         *issues);
gboolean           roster_field_widget_focus_issue (RosterFieldWidget *self,
                                                    const RosterIssue *issue);
gboolean           roster_field_widget_show_npi_notes (RosterFieldWidget *self,
                                                       GPtrArray         *lines,
                                                       GPtrArray         *warnings);
void               roster_field_widget_touched     (RosterFieldWidget *self);
gboolean           roster_field_widget_is_group    (RosterFieldWidget *self);

void               roster_field_widget_apply_issue_style (GtkWidget         *widget,
                                                          const RosterField *field,
                                                          GPtrArray         *issues);

G_END_DECLS
