/* roster-endpoint.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ROSTER_ENDPOINT_ERROR (roster_endpoint_error_quark ())

/**
 * RosterEndpointError:
 *
 * Why an intake endpoint address was refused. The #GError message is a
 * translated sentence that says what to type instead.
 */
typedef enum
{
  ROSTER_ENDPOINT_ERROR_EMPTY,        /* nothing typed */
  ROSTER_ENDPOINT_ERROR_INVALID,      /* not an absolute web address */
  ROSTER_ENDPOINT_ERROR_SCHEME,       /* neither https:// nor http:// */
  ROSTER_ENDPOINT_ERROR_INSECURE,     /* http:// to a host other than this computer */
  ROSTER_ENDPOINT_ERROR_CREDENTIALS,  /* a user name or password inside the address */
} RosterEndpointError;

GQuark   roster_endpoint_error_quark (void);
gboolean roster_endpoint_check       (const char  *url,
                                      GError     **error);
gboolean roster_endpoint_is_loopback (const char  *host);
char    *roster_endpoint_normalize   (const char  *url);

G_END_DECLS
