/* intake-test-util.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for the tests that drive the real hie-roster-intake program:
 * start it on 127.0.0.1 port 0 with a scratch database, run its commands,
 * talk HTTP to it with libsoup (asynchronously, on this thread's main
 * context) or with raw bytes.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *log_path;
  GSubprocess *process;
  char        *base_url;
  guint16      port;
} IntakeTestServer;

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} IntakeTestExchange;

typedef struct
{
  guint  status;
  char  *body;
  char  *retry_after;
  char  *location;
  char  *www_authenticate;
  char  *content_type;
} IntakeTestResponse;

const char         *intake_test_program          (void);
gboolean            intake_test_store_is_postgresql (void);
gboolean            intake_test_store_init       (void);
char               *intake_test_db_address       (const char          *dir);
char               *intake_test_pg_database      (const char          *dir);
void                intake_test_pg_restart       (void);
char               *intake_test_make_dir         (void);

IntakeTestServer   *intake_test_server_start     (const char          *dir,
                                                  const char * const  *extra_args);
IntakeTestServer   *intake_test_server_start_on  (const char          *dir,
                                                  const char          *db,
                                                  const char * const  *extra_args);
void                intake_test_server_stop      (IntakeTestServer    *server);
void                intake_test_server_kill      (IntakeTestServer    *server);
void                intake_test_server_free      (IntakeTestServer    *server);
char               *intake_test_server_read_log  (IntakeTestServer    *server);

int                 intake_test_run              (const char          *db_path,
                                                  char               **out,
                                                  char               **err,
                                                  ...) G_GNUC_NULL_TERMINATED;
char               *intake_test_add_token        (const char          *db_path,
                                                  const char          *organization);
guint               intake_test_count_stored     (IntakeTestServer    *server);

SoupSession        *intake_test_session_new      (void);
char               *intake_test_new_key          (void);
char               *intake_test_valid_payload    (const char          *first_name);
char               *intake_test_valid_new_user_payload (const char    *first_name);
char               *intake_test_tracking_id_of   (const char          *body);

IntakeTestExchange *intake_test_send_async       (SoupSession         *session,
                                                  const char          *method,
                                                  const char          *url,
                                                  const char          *token,
                                                  const char          *key,
                                                  const char          *content_type,
                                                  GBytes              *body);
void                intake_test_wait             (IntakeTestExchange  *exchange);
void                intake_test_exchange_free    (IntakeTestExchange  *exchange);
IntakeTestResponse *intake_test_response_new     (IntakeTestExchange  *exchange);
void                intake_test_response_free    (IntakeTestResponse  *response);
IntakeTestResponse *intake_test_request          (SoupSession         *session,
                                                  const char          *method,
                                                  const char          *url,
                                                  const char          *token,
                                                  const char          *key,
                                                  const char          *content_type,
                                                  GBytes              *body);
IntakeTestResponse *intake_test_post             (SoupSession         *session,
                                                  IntakeTestServer    *server,
                                                  const char          *token,
                                                  const char          *key,
                                                  const char          *payload,
                                                  gssize               length);
void                intake_test_assert_healthy   (SoupSession         *session,
                                                  IntakeTestServer    *server);
char               *intake_test_raw              (guint16              port,
                                                  const char          *request,
                                                  gsize                length,
                                                  guint                timeout_seconds);
void                intake_test_sleep            (guint                milliseconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeTestServer, intake_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeTestExchange, intake_test_exchange_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeTestResponse, intake_test_response_free)

G_END_DECLS
