/* roster-validate.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ROSTER_VALIDATION_ERROR (roster_validation_error_quark ())

/**
 * RosterValidationError:
 *
 * Why a value was refused. The #GError message is a translated sentence a
 * practice administrator can act on; it never repeats the value itself, so
 * it is safe to log.
 */
typedef enum
{
  ROSTER_VALIDATION_ERROR_EMPTY,          /* nothing but white space */
  ROSTER_VALIDATION_ERROR_ENCODING,       /* not valid UTF-8 */
  ROSTER_VALIDATION_ERROR_CONTROL,        /* a control character */
  ROSTER_VALIDATION_ERROR_TOO_SHORT,
  ROSTER_VALIDATION_ERROR_TOO_LONG,
  ROSTER_VALIDATION_ERROR_FORMAT,         /* wrong shape for the type */
  ROSTER_VALIDATION_ERROR_CHECK_DIGIT,    /* NPI check digit mismatch */
  ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,   /* e.g. a date too far in the past */
} RosterValidationError;

/* Lengths are counted in characters, after trimming white space. */
#define ROSTER_TEXT_DEFAULT_MAX_LENGTH 256
#define ROSTER_ADDRESS_MAX_LENGTH      254
#define ROSTER_NPI_LENGTH              10

GQuark    roster_validation_error_quark  (void);

char     *roster_text_normalize          (const char  *text);
gboolean  roster_validate_text           (const char  *text,
                                          guint        min_length,
                                          guint        max_length,
                                          gboolean     multiline,
                                          GError     **error);
gboolean  roster_validate_npi            (const char  *text,
                                          GError     **error);
gboolean  roster_validate_email          (const char  *text,
                                          GError     **error);
gboolean  roster_validate_direct_address (const char  *text,
                                          GError     **error);
gboolean  roster_validate_phone          (const char  *text,
                                          GError     **error);
gboolean  roster_parse_date              (const char  *text,
                                          GDate       *date,
                                          GError     **error);
gboolean  roster_validate_date           (const char  *text,
                                          const GDate *today,
                                          int          min_days_from_today,
                                          int          max_days_from_today,
                                          GError     **error);
char      roster_npi_check_digit         (const char  *first_nine_digits);

G_END_DECLS
