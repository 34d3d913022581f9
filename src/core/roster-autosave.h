/* roster-autosave.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_AUTOSAVE (roster_autosave_get_type ())

G_DECLARE_FINAL_TYPE (RosterAutosave, roster_autosave, ROSTER, AUTOSAVE, GObject)

RosterAutosave *roster_autosave_new             (RosterStore    *store,
                                                 const char     *id,
                                                 RosterRequest  *request);
const char     *roster_autosave_get_id          (RosterAutosave *self);
void            roster_autosave_set_delay       (RosterAutosave *self,
                                                 guint           milliseconds);
void            roster_autosave_set_step        (RosterAutosave *self,
                                                 const char     *step);
gboolean        roster_autosave_get_dirty       (RosterAutosave *self);
const GError   *roster_autosave_get_error       (RosterAutosave *self);
gboolean        roster_autosave_save_now        (RosterAutosave *self,
                                                 GError        **error);

G_END_DECLS
