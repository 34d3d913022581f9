/* roster-npi-registry.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-npi-record.h"
#include "roster-store.h"

G_BEGIN_DECLS

/* CMS's public NPPES NPI Registry API. */
#define ROSTER_NPI_REGISTRY_DEFAULT_URL "https://npiregistry.cms.hhs.gov/api/"

#define ROSTER_TYPE_NPI_REGISTRY (roster_npi_registry_get_type ())

G_DECLARE_FINAL_TYPE (RosterNpiRegistry, roster_npi_registry, ROSTER, NPI_REGISTRY, GObject)

RosterNpiRegistry     *roster_npi_registry_new              (const char        *url,
                                                             RosterStore       *store,
                                                             GError           **error);
const char            *roster_npi_registry_get_url          (RosterNpiRegistry *self);
void                   roster_npi_registry_set_timings      (RosterNpiRegistry *self,
                                                             guint              debounce_ms,
                                                             guint              timeout_seconds,
                                                             guint              retry_seconds);
const RosterNpiRecord *roster_npi_registry_lookup           (RosterNpiRegistry *self,
                                                             const char        *npi);
void                   roster_npi_registry_request          (RosterNpiRegistry *self,
                                                             const char        *npi);
void                   roster_npi_registry_retry_now        (RosterNpiRegistry *self);
gboolean               roster_npi_registry_get_busy         (RosterNpiRegistry *self);
GPtrArray             *roster_npi_registry_check_request    (RosterNpiRegistry *self,
                                                             RosterRequest     *request);
GPtrArray             *roster_npi_registry_describe_request (RosterNpiRegistry *self,
                                                             RosterRequest     *request);
void                   roster_npi_registry_request_all      (RosterNpiRegistry *self,
                                                             RosterRequest     *request);
gboolean               roster_npi_registry_wait             (RosterNpiRegistry *self,
                                                             guint              timeout_ms);
char                  *roster_npi_registry_describe_npi     (RosterNpiRegistry *self,
                                                             const char        *npi);

GPtrArray             *roster_npi_registry_describe_checks  (RosterStore       *store,
                                                             RosterRequest     *request,
                                                             gint64             at);

G_END_DECLS
