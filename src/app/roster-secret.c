/* roster-secret.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-secret"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "roster-endpoint.h"
#include "roster-secret.h"

/*
 * The intake API token, one per endpoint. It lives in the Secret Service
 * (the user's keyring) under a schema named after the application id, and
 * nowhere else: never in a file, a GSettings key or a log message. When
 * there is no Secret Service, the administrator may choose to keep the
 * token in this process's memory for the session; it is then gone when
 * Roster quits. There is deliberately no fallback to a file.
 *
 * Tokens are never passed to g_debug() or to error messages here.
 */

static const SecretSchema *
get_token_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID, SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Tokens are keyed by the endpoint's one spelling, so that
 * "https://intake.example.org/" and "https://intake.example.org" find
 * the same token. */
static char *
token_key (const char *endpoint)
{
  char *normalized = roster_endpoint_normalize (endpoint);

  return normalized != NULL ? normalized : g_strdup (endpoint);
}

/* Tokens kept for this session only: endpoint → token. Only touched from
 * the main thread. */
static GHashTable *session_tokens;

static void
erase_token (gpointer data)
{
  char *token = data;

  /* Don't leave the token behind in freed memory (explicit_bzero: a
   * memset before a free may be optimized away). */
  explicit_bzero (token, strlen (token));
  g_free (token);
}

static GHashTable *
get_session_tokens (void)
{
  if (session_tokens == NULL)
    session_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, erase_token);

  return session_tokens;
}

#define ENVIRONMENT_TOKEN "HIE_ROSTER_TOKEN"

/* HIE_ROSTER_TOKEN's value, once taken out of the environment. */
static char *environment_token;

/**
 * roster_secret_get_environment_token:
 *
 * The token given in `HIE_ROSTER_TOKEN`, for scripts and tests, which
 * wins over the Secret Service.
 *
 * A call that finds the variable moves it out of the environment: the
 * value is kept in this process's memory, and its bytes in the
 * environment block are overwritten, so that no /proc/PID/environ, crash
 * report (systemd-coredump records the environment) or core dump's
 * environment shows it, and no child process inherits it. main() calls
 * this first, before any thread starts; a later `HIE_ROSTER_TOKEN` (a
 * test setting one) replaces the kept value.
 *
 * Returns: (nullable): the token, or %NULL if none was given
 */
const char *
roster_secret_get_environment_token (void)
{
  char *value = getenv (ENVIRONMENT_TOKEN);

  if (value != NULL)
    {
      g_clear_pointer (&environment_token, erase_token);
      if (value[0] != '\0')
        environment_token = g_strdup (value);
      explicit_bzero (value, strlen (value));
      g_unsetenv (ENVIRONMENT_TOKEN);
    }

  return environment_token;
}

/**
 * roster_secret_keep_for_session:
 * @endpoint: the intake endpoint the token is for
 * @token: (nullable): the token, or %NULL to forget it
 *
 * Keeps @token in memory until Roster quits, for when no Secret Service
 * is available. roster_secret_lookup_token_async() returns it before
 * looking in the keyring.
 */
void
roster_secret_keep_for_session (const char *endpoint,
                                const char *token)
{
  g_autofree char *key = NULL;

  g_return_if_fail (endpoint != NULL);

  key = token_key (endpoint);
  if (token != NULL && token[0] != '\0')
    g_hash_table_replace (get_session_tokens (), g_steal_pointer (&key), g_strdup (token));
  else
    g_hash_table_remove (get_session_tokens (), key);
}

/**
 * roster_secret_has_session_token:
 * @endpoint: an intake endpoint
 *
 * Returns: %TRUE if a token for @endpoint is kept for this session only
 */
gboolean
roster_secret_has_session_token (const char *endpoint)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (endpoint != NULL, FALSE);

  key = token_key (endpoint);

  return g_hash_table_contains (get_session_tokens (), key);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_strdup (secret), erase_token);
  secret_password_free (secret);
}

/**
 * roster_secret_lookup_token_async:
 * @endpoint: the intake endpoint
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the lookup is done
 * @user_data: data for @callback
 *
 * Looks up the API token for @endpoint: the one kept for this session if
 * there is one, else the one in the keyring.
 */
void
roster_secret_lookup_token_async (const char          *endpoint,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *session_token;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secret_lookup_token_async);

  key = token_key (endpoint);
  session_token = g_hash_table_lookup (get_session_tokens (), key);
  if (session_token != NULL)
    {
      g_task_return_pointer (task, g_strdup (session_token), erase_token);
      return;
    }

  secret_password_lookup (get_token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "endpoint", key,
                          NULL);
}

/**
 * roster_secret_lookup_token_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error: the Secret Service is missing,
 *   locked, or the lookup was cancelled
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with no error
 *   when none is stored for the endpoint
 */
char *
roster_secret_lookup_token_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == roster_secret_lookup_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* The keyring has it now; a session copy would shadow later changes. */
      roster_secret_keep_for_session (g_task_get_task_data (task), NULL);
      g_task_return_boolean (task, TRUE);
    }
}

/**
 * roster_secret_store_token_async:
 * @endpoint: the intake endpoint
 * @token: the API token for @endpoint
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is stored
 * @user_data: data for @callback
 *
 * Stores @token in the default keyring, replacing any token already
 * stored for @endpoint.
 */
void
roster_secret_store_token_async (const char          *endpoint,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (token != NULL && token[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secret_store_token_async);
  g_task_set_task_data (task, g_strdup (endpoint), g_free);

  key = token_key (endpoint);
  /* TRANSLATORS: the name of the token in the keyring (Passwords and Keys);
   * %s is the intake endpoint's address */
  label = g_strdup_printf (_("Roster API token for %s"), key);
  secret_password_store (get_token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "endpoint", key,
                         NULL);
}

gboolean
roster_secret_store_token_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == roster_secret_store_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * roster_secret_clear_token_async:
 * @endpoint: the intake endpoint
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is removed
 * @user_data: data for @callback
 *
 * Forgets the token for @endpoint: the session copy at once, and the one
 * in the keyring. Having no Secret Service is not an error when there was
 * only a session copy.
 */
void
roster_secret_clear_token_async (const char          *endpoint,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, roster_secret_clear_token_async);
  key = token_key (endpoint);

  if (roster_secret_has_session_token (endpoint))
    {
      roster_secret_keep_for_session (endpoint, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (get_token_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "endpoint", key,
                         NULL);
}

gboolean
roster_secret_clear_token_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == roster_secret_clear_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
