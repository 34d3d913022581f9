/* roster-secret.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

const char *roster_secret_get_environment_token (void);

void      roster_secret_lookup_token_async   (const char           *endpoint,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char     *roster_secret_lookup_token_finish  (GAsyncResult         *result,
                                              GError              **error);
void      roster_secret_store_token_async    (const char           *endpoint,
                                              const char           *token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean  roster_secret_store_token_finish   (GAsyncResult         *result,
                                              GError              **error);
void      roster_secret_clear_token_async    (const char           *endpoint,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean  roster_secret_clear_token_finish   (GAsyncResult         *result,
                                              GError              **error);
void      roster_secret_keep_for_session     (const char           *endpoint,
                                              const char           *token);
gboolean  roster_secret_has_session_token    (const char           *endpoint);

G_END_DECLS
