/* roster-request.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-form.h"

G_BEGIN_DECLS

/**
 * RosterProvider:
 * @name: the provider's name, as typed
 * @npi: the provider's NPI, as typed
 *
 * One row of a provider list. Owned by the request; read-only to callers.
 */
struct _RosterProvider
{
  char *name;
  char *npi;
};

#define ROSTER_TYPE_REQUEST (roster_request_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequest, roster_request, ROSTER, REQUEST, GObject)

RosterRequest        *roster_request_new          (const RosterForm *form);
RosterRequest        *roster_request_copy         (RosterRequest    *self);
const RosterForm     *roster_request_get_form     (RosterRequest    *self);
gboolean              roster_request_has_answer   (RosterRequest    *self,
                                                   const char       *field_id);
void                  roster_request_clear_answer (RosterRequest    *self,
                                                   const char       *field_id);
const char           *roster_request_get_text     (RosterRequest    *self,
                                                   const char       *field_id);
void                  roster_request_set_text     (RosterRequest    *self,
                                                   const char       *field_id,
                                                   const char       *text);
gboolean              roster_request_get_boolean  (RosterRequest    *self,
                                                   const char       *field_id);
void                  roster_request_set_boolean  (RosterRequest    *self,
                                                   const char       *field_id,
                                                   gboolean          value);
guint                 roster_request_get_n_rows   (RosterRequest    *self,
                                                   const char       *field_id);
const RosterProvider *roster_request_get_row      (RosterRequest    *self,
                                                   const char       *field_id,
                                                   guint             row);
void                  roster_request_insert_row   (RosterRequest    *self,
                                                   const char       *field_id,
                                                   int               position,
                                                   const char       *name,
                                                   const char       *npi);
void                  roster_request_set_row      (RosterRequest    *self,
                                                   const char       *field_id,
                                                   guint             row,
                                                   const char       *name,
                                                   const char       *npi);
void                  roster_request_remove_row   (RosterRequest    *self,
                                                   const char       *field_id,
                                                   guint             row);
void                  roster_request_move_row     (RosterRequest    *self,
                                                   const char       *field_id,
                                                   guint             from,
                                                   guint             to);

const char           *roster_request_get_role_text(RosterRequest    *self,
                                                   RosterFieldRole   role);
gboolean              roster_request_set_role_text(RosterRequest    *self,
                                                   RosterFieldRole   role,
                                                   const char       *text);
char                 *roster_request_dup_person_name (RosterRequest *self);
const RosterOption   *roster_request_get_kind     (RosterRequest    *self);
gboolean              roster_request_ends_access  (RosterRequest    *self);

G_END_DECLS
