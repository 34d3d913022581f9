/* roster-npi-record.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-rules.h"

G_BEGIN_DECLS

/* What Roster accepts from the NPI Registry: a `?version=2.1&number=N`
 * answer is a few KiB; anything near these limits is not one. */
#define ROSTER_NPI_RECORD_MAX_BYTES (256 * 1024)
#define ROSTER_NPI_RECORD_MAX_DEPTH 8

/* A cached answer older than this is fetched again. */
#define ROSTER_NPI_RECORD_MAX_AGE (30 * G_TIME_SPAN_DAY)

#define ROSTER_NPI_RECORD_ERROR (roster_npi_record_error_quark ())

/**
 * RosterNpiRecordError:
 * @ROSTER_NPI_RECORD_ERROR_MALFORMED: not JSON, too large or too deep, or
 *   not the registry's shape
 * @ROSTER_NPI_RECORD_ERROR_REFUSED: the registry answered with its own
 *   `Errors` list instead of results
 */
typedef enum
{
  ROSTER_NPI_RECORD_ERROR_MALFORMED,
  ROSTER_NPI_RECORD_ERROR_REFUSED,
} RosterNpiRecordError;

/**
 * RosterNpiKind:
 * @ROSTER_NPI_KIND_UNKNOWN: the registry has no provider with this NPI
 * @ROSTER_NPI_KIND_PERSON: an individual (enumeration type NPI-1)
 * @ROSTER_NPI_KIND_ORGANIZATION: an organization (NPI-2)
 */
typedef enum
{
  ROSTER_NPI_KIND_UNKNOWN,
  ROSTER_NPI_KIND_PERSON,
  ROSTER_NPI_KIND_ORGANIZATION,
} RosterNpiKind;

/**
 * RosterNpiRecord:
 * @npi: the ten digits asked about
 * @kind: what the registry says the NPI belongs to
 * @active: %FALSE when the registry lists the NPI as deactivated
 * @first_name, @middle_name, @last_name, @credential: a person's name,
 *   as registered (any may be %NULL)
 * @organization_name: an organization's registered name, or %NULL
 * @fetched_at: when the registry gave this answer, µs since the epoch
 *
 * The registry's answer about one NPI, reduced to what Roster shows.
 */
typedef struct
{
  char          *npi;
  RosterNpiKind  kind;
  gboolean       active;
  char          *first_name;
  char          *middle_name;
  char          *last_name;
  char          *credential;
  char          *organization_name;
  gint64         fetched_at;
} RosterNpiRecord;

GQuark           roster_npi_record_error_quark (void);
RosterNpiRecord *roster_npi_record_parse       (const char             *npi,
                                                const char             *body,
                                                gsize                   length,
                                                GError                **error);
char            *roster_npi_record_serialize   (const RosterNpiRecord  *record);
RosterNpiRecord *roster_npi_record_copy        (const RosterNpiRecord  *record);
void             roster_npi_record_free        (RosterNpiRecord        *record);
gboolean         roster_npi_record_is_stale    (const RosterNpiRecord  *record,
                                                gint64                  now);
char            *roster_npi_record_dup_name    (const RosterNpiRecord  *record);
char            *roster_npi_record_describe    (const RosterNpiRecord  *record);
GPtrArray       *roster_npi_record_check       (const RosterNpiRecord  *record,
                                                const char             *expected_name,
                                                gboolean                person_expected);

gboolean         roster_npi_name_matches       (const char             *typed,
                                                const RosterNpiRecord  *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterNpiRecord, roster_npi_record_free)

/**
 * RosterNpiLookupFunc:
 * @npi: a valid NPI, digits only
 * @user_data: the data given with the function
 *
 * Returns: (nullable) (transfer none): what is known about @npi, or %NULL
 *   when it has not been checked
 */
typedef const RosterNpiRecord *(*RosterNpiLookupFunc) (const char *npi,
                                                       gpointer    user_data);

GPtrArray       *roster_npi_collect            (RosterRequest          *request);
GPtrArray       *roster_npi_check_request      (RosterRequest          *request,
                                                RosterNpiLookupFunc     lookup,
                                                gpointer                user_data);
GPtrArray       *roster_npi_describe_request   (RosterRequest          *request,
                                                RosterNpiLookupFunc     lookup,
                                                gpointer                user_data);
char            *roster_npi_expected_name      (RosterRequest          *request,
                                                const RosterField      *field);
gboolean         roster_npi_field_expects_person (const RosterField    *field);

G_END_DECLS
