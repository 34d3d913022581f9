/* roster-people-import.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-people.h"

G_BEGIN_DECLS

/**
 * RosterImportColumn:
 *
 * What a column of an imported user list holds.
 */
typedef enum
{
  ROSTER_IMPORT_COLUMN_IGNORED,
  ROSTER_IMPORT_COLUMN_EMAIL,
  ROSTER_IMPORT_COLUMN_FIRST_NAME,
  ROSTER_IMPORT_COLUMN_LAST_NAME,
  ROSTER_IMPORT_COLUMN_FULL_NAME,
  ROSTER_IMPORT_COLUMN_NPI,
  ROSTER_IMPORT_COLUMN_ORGANIZATION,
  ROSTER_IMPORT_COLUMN_TITLE,
  ROSTER_IMPORT_COLUMN_SERVICE,   /* with the service in #RosterImportPlan.column_services */
} RosterImportColumn;

typedef enum
{
  ROSTER_IMPORT_CREATE,     /* someone Roster does not know yet */
  ROSTER_IMPORT_UPDATE,     /* someone Roster knows, with something new */
  ROSTER_IMPORT_UNCHANGED,  /* nothing new about them */
} RosterImportAction;

typedef struct
{
  guint               line;      /* where the row starts in the file */
  RosterPerson       *person;    /* what the row says */
  GPtrArray          *problems;  /* (element-type utf8): in words, each naming the column */
  RosterImportAction  action;
} RosterImportRow;

typedef struct
{
  GArray             *columns;          /* RosterImportColumn, one per header cell */
  GArray             *column_services;  /* RosterService, one per header cell */
  GPtrArray          *headers;          /* (element-type utf8): the header cells */
  GPtrArray          *rows;             /* (element-type RosterImportRow) */
  guint               n_problems;
  guint               n_create;
  guint               n_update;
} RosterImportPlan;

RosterImportPlan *roster_import_plan_new         (const char              *data,
                                                  gsize                    length,
                                                  GPtrArray               *known,
                                                  GError                 **error);
RosterImportPlan *roster_import_plan_load        (GFile                   *file,
                                                  GPtrArray               *known,
                                                  GError                 **error);
void              roster_import_plan_free        (RosterImportPlan        *plan);
GPtrArray        *roster_import_plan_get_people  (const RosterImportPlan  *plan);
const char       *roster_import_column_describe  (const RosterImportPlan  *plan,
                                                  guint                    column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterImportPlan, roster_import_plan_free)

G_END_DECLS
