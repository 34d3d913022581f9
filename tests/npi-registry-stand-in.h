/* npi-registry-stand-in.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NPIs the stand-in answers (see tests/npi-registry/README.md). */
#define STAND_IN_NPI_PERSON        "1234567893"  /* JANE QUINN DOE, M.D. */
#define STAND_IN_NPI_ACCENTED      "1245319599"  /* JOSÉ O'BRIEN-NÚÑEZ, NP */
#define STAND_IN_NPI_ORGANIZATION  "1306034418"  /* FAMILY CARE MEDICAL GROUP, P.C. */
#define STAND_IN_NPI_DEACTIVATED   "1942455670"  /* ROBERT SMITH, D.O. */
#define STAND_IN_NPI_UNKNOWN       "1508792326"
#define STAND_IN_NPI_SLOW          "1679334403"
#define STAND_IN_NPI_SERVER_ERROR  "1098765435"
#define STAND_IN_NPI_GARBAGE       "1111111112"
#define STAND_IN_NPI_HUGE          "1222222220"
#define STAND_IN_NPI_DEEP          "1333333338"

typedef struct _StandIn StandIn;

StandIn    *stand_in_new            (const char  *answers_dir,
                                     guint        port,
                                     GError     **error);
void        stand_in_free           (StandIn     *stand_in);
char       *stand_in_dup_url        (StandIn     *stand_in);
guint       stand_in_get_port       (StandIn     *stand_in);
void        stand_in_stop           (StandIn     *stand_in);
gboolean    stand_in_listen         (StandIn     *stand_in,
                                     GError     **error);
GPtrArray  *stand_in_get_requests   (StandIn     *stand_in);
guint       stand_in_count_requests (StandIn     *stand_in,
                                     const char  *npi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StandIn, stand_in_free)

G_END_DECLS
