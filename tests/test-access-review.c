/* test-access-review.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Access reviews with no display: when one is due, who is in it, what
 * keeps it from being finished, its attestation as CSV, and the store
 * keeping every finished review with its decisions.
 */

#include "config.h"

#include <string.h>

#include "roster-access-review.h"
#include "roster-csv.h"
#include "roster-store.h"
#include "test-scratch.h"

#define DAY G_TIME_SPAN_DAY
#define NOW ((gint64) 1796601600 * G_USEC_PER_SEC)  /* 2026-12-07, noon UTC-ish */

static RosterPerson *
new_person (const char         *email,
            const char         *first_name,
            const char         *last_name,
            RosterAccountState  account)
{
  RosterPerson *person = g_new0 (RosterPerson, 1);

  person->email = g_strdup (email);
  person->first_name = g_strdup (first_name);
  person->last_name = g_strdup (last_name);
  person->organization = g_strdup ("Upstate Family Care");
  person->account = account;
  person->request_ids = g_ptr_array_new_with_free_func (g_free);

  return person;
}

/* Ana and Grace have access, Sam's ended and Lin is unknown to the HIE. */
static GPtrArray *
new_people (void)
{
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);
  RosterPerson *grace;

  g_ptr_array_add (people, new_person ("ana.diaz@upstate.example.org", "Ana", "Díaz", ROSTER_ACCOUNT_ACTIVE));
  g_ptr_array_add (people, new_person ("sam.lee@upstate.example.org", "Sam", "Lee", ROSTER_ACCOUNT_ENDED));
  g_ptr_array_add (people, new_person ("lin.park@upstate.example.org", "Lin", "Park", ROSTER_ACCOUNT_UNKNOWN));
  grace = new_person ("grace.okafor@upstate.example.org", "Grace", "Okafor", ROSTER_ACCOUNT_ACTIVE);
  g_free (grace->organization);
  grace->organization = g_strdup ("=HYPERLINK(\"http://x.example/\")");
  grace->npi = g_strdup ("1234567893");
  grace->services[ROSTER_SERVICE_SECURE_MESSAGING] = TRUE;
  grace->services[ROSTER_SERVICE_ALERTS] = TRUE;
  g_ptr_array_add (people, grace);

  return people;
}

static void
test_due (void)
{
  g_autoptr(GPtrArray) people = new_people ();
  g_autoptr(GPtrArray) nobody_with_access = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);
  static const struct {
    gint64   last;      /* days before NOW; -1: never */
    guint    interval;
    gboolean due;
  } cases[] = {
    { -1, 90, TRUE },    /* never reviewed, people have access */
    { 0, 90, FALSE },    /* just done */
    { 89, 90, FALSE },
    { 90, 90, TRUE },
    { 200, 90, TRUE },
    { 29, 30, FALSE },
    { 30, 30, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 last = cases[i].last < 0 ? 0 : NOW - cases[i].last * DAY;

      g_assert_cmpint (roster_access_review_is_due (last, cases[i].interval, people, NOW), ==, cases[i].due);
    }

  /* Nobody to review: never due. */
  g_ptr_array_add (nobody_with_access, new_person ("sam.lee@upstate.example.org", "Sam", "Lee", ROSTER_ACCOUNT_ENDED));
  g_assert_false (roster_access_review_is_due (0, 90, nobody_with_access, NOW));
}

/* Everyone with access, and only them; finished only with every answer
 * and a reviewer; what it ends. */
static void
test_review (void)
{
  g_autoptr(GPtrArray) people = new_people ();
  g_autoptr(RosterAccessReview) review = roster_access_review_new (people);
  g_autoptr(GPtrArray) ending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  RosterReviewEntry *grace;

  g_assert_cmpuint (review->entries->len, ==, 2);
  g_assert_null (roster_access_review_lookup (review, "sam.lee@upstate.example.org"));
  grace = roster_access_review_lookup (review, "GRACE.OKAFOR@upstate.example.org");
  g_assert_nonnull (grace);
  g_assert_cmpstr (grace->name, ==, "Grace Okafor");
  g_assert_cmpstr (grace->services, ==, "Secure Messaging · Alerts");
  g_assert_cmpuint (roster_access_review_count (review, ROSTER_REVIEW_UNDECIDED), ==, 2);

  problem = roster_access_review_check (review);
  g_assert_cmpstr (problem, ==, "2 people have no answer yet: say whether each still needs access.");
  g_assert_false (roster_access_review_finish (review, "Pat Lee", NOW, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  grace->decision = ROSTER_REVIEW_END;
  roster_access_review_lookup (review, "ana.diaz@upstate.example.org")->decision = ROSTER_REVIEW_KEEP;
  g_assert_null (roster_access_review_check (review));

  g_assert_false (roster_access_review_finish (review, "   ", NOW, &error));
  g_assert_nonnull (strstr (error->message, "Reviewer"));
  g_clear_error (&error);
  g_assert_cmpint (review->finished_at, ==, 0);

  g_assert_true (roster_access_review_finish (review, " Pat Lee ", NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (review->reviewer, ==, "Pat Lee");
  g_assert_nonnull (review->id);

  ending = roster_access_review_get_ending (review, people);
  g_assert_cmpuint (ending->len, ==, 1);
  g_assert_cmpstr (((RosterPerson *) g_ptr_array_index (ending, 0))->email, ==, "grace.okafor@upstate.example.org");
}

static RosterAccessReview *
new_finished_review (GPtrArray  *people,
                     gint64      at,
                     const char *reviewer)
{
  RosterAccessReview *review = roster_access_review_new (people);

  for (guint i = 0; i < review->entries->len; i++)
    ((RosterReviewEntry *) g_ptr_array_index (review->entries, i))->decision = i == 0 ? ROSTER_REVIEW_KEEP : ROSTER_REVIEW_END;
  g_assert_true (roster_access_review_finish (review, reviewer, at, NULL));

  return review;
}

/* The attestation as a spreadsheet reads it: a header, a line a person,
 * a name that looks like a formula kept as text. */
static void
test_csv (void)
{
  g_autoptr(GPtrArray) people = new_people ();
  g_autoptr(RosterAccessReview) review = new_finished_review (people, NOW, "Pat Lee");
  g_autoptr(GBytes) bytes = roster_access_review_to_csv (review);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = roster_access_review_file_name (review, "csv");
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (NOW / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *expected_name = g_strdup_printf ("access-review-%s.csv", day);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  GPtrArray *row;

  g_assert_cmpstr (name, ==, expected_name);
  rows = roster_csv_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);

  row = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (row->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (row, 0), ==, "Review Date");
  g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "Decision");

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (g_ptr_array_index (row, 0), ==, day);
  g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "Pat Lee");
  g_assert_cmpstr (g_ptr_array_index (row, 2), ==, "Ana Díaz");
  g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "Still needs access");

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (g_ptr_array_index (row, 2), ==, "Grace Okafor");
  g_assert_cmpstr (g_ptr_array_index (row, 5), ==, "'=HYPERLINK(\"http://x.example/\")");
  g_assert_cmpstr (g_ptr_array_index (row, 4), ==, "1234567893");
  g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "Secure Messaging · Alerts");
  g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "End access");
}

/* Finished reviews are kept with every decision, as they were reviewed,
 * the newest first, and come back after the store is reopened. */
static void
test_store (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-access-review-XXXXXX");
  g_autoptr(GPtrArray) people = new_people ();
  g_autoptr(RosterAccessReview) older = new_finished_review (people, NOW - 91 * DAY, "Pat Lee");
  g_autoptr(RosterAccessReview) newer = new_finished_review (people, NOW, "Jo Kim");
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RosterStore) store = roster_store_open (scratch, &error);

    g_assert_no_error (error);
    reviews = roster_store_list_access_reviews (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (reviews->len, ==, 0);
    g_clear_pointer (&reviews, g_ptr_array_unref);

    g_assert_true (roster_store_put_access_review (store, older, &error));
    g_assert_true (roster_store_put_access_review (store, newer, &error));
    g_assert_no_error (error);

    /* The same review twice is refused, and the first is intact. */
    g_assert_false (roster_store_put_access_review (store, newer, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  {
    g_autoptr(RosterStore) store = roster_store_open (scratch, &error);
    const RosterAccessReview *first, *second;
    const RosterReviewEntry *entry;

    g_assert_no_error (error);
    reviews = roster_store_list_access_reviews (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (reviews->len, ==, 2);
    first = g_ptr_array_index (reviews, 0);
    second = g_ptr_array_index (reviews, 1);
    g_assert_cmpstr (first->reviewer, ==, "Jo Kim");
    g_assert_cmpint (first->finished_at, ==, NOW);
    g_assert_cmpstr (second->reviewer, ==, "Pat Lee");
    g_assert_cmpuint (first->entries->len, ==, 2);

    entry = g_ptr_array_index (first->entries, 1);
    g_assert_cmpstr (entry->email, ==, "grace.okafor@upstate.example.org");
    g_assert_cmpstr (entry->npi, ==, "1234567893");
    g_assert_cmpstr (entry->services, ==, "Secure Messaging · Alerts");
    g_assert_cmpint (entry->decision, ==, ROSTER_REVIEW_END);
    g_assert_cmpint (((RosterReviewEntry *) g_ptr_array_index (first->entries, 0))->decision, ==, ROSTER_REVIEW_KEEP);

    /* What was reviewed is what the attestation says again. */
    {
      g_autoptr(GBytes) again = roster_access_review_to_csv (first);
      g_autoptr(GBytes) then = roster_access_review_to_csv (newer);

      g_assert_true (g_bytes_equal (again, then));
    }
  }

  test_remove_tree (scratch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/access-review/due", test_due);
  g_test_add_func ("/access-review/review", test_review);
  g_test_add_func ("/access-review/csv", test_csv);
  g_test_add_func ("/access-review/store", test_store);

  return g_test_run ();
}
