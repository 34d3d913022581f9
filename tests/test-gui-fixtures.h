/* test-gui-fixtures.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the programs that open real windows share.
 */

#pragma once

#include "roster-window.h"

G_BEGIN_DECLS

void                 test_use_scratch_data_dir  (void);
void                 test_skip_without_display  (void);
RosterRequestEditor *test_open_new_request      (RosterWindow *window);
void                 test_wait_until_mapped     (GtkWidget    *widget);
void                 test_wait_for_frame        (GtkWidget    *widget);
GtkWindow           *test_find_toplevel         (GType         type);
GtkWidget           *test_find_chooser          (RosterWindow *window);
AdwActionRow        *test_find_action_row       (GtkWidget    *widget,
                                                 const char   *title);
void                 test_copy_answers          (RosterRequest *filled,
                                                 RosterRequest *request);
void                 test_assert_focus_visible_round (GtkWindow  *window,
                                                      const char *where);

G_END_DECLS
