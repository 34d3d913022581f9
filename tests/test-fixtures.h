/* test-fixtures.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-rules.h"
#include "roster-validate.h"
#include "test-scratch.h"

G_BEGIN_DECLS

/* Valid NPIs (Luhn with the 80840 prefix), for rows that must pass. */
#define TEST_NPI_A "1234567893"
#define TEST_NPI_B "1245319599"
#define TEST_NPI_C "1679576722"

RosterRequest *test_new_modify_request    (void);
RosterRequest *test_new_terminate_request (const GDate *today);
RosterRequest *test_new_new_user_request  (const GDate *today);
void           test_get_fixed_today       (GDate       *today);
char          *test_format_day            (const GDate *today,
                                           int          days);
char          *test_issue_paths           (GPtrArray   *issues);
gboolean       test_start_keyring         (void);
const RosterForm *test_parse_form_count_args (int        argc,
                                              char      *argv[],
                                              guint     *count);

G_END_DECLS
