/* test-people-import.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The practice's user list, as portals and spreadsheets export it: the
 * CSV reader (quotes, line breaks in cells, a BOM, semicolons, hostile
 * input), and the import plan (columns in any order, problems in words,
 * what is created or updated), up to 10,000 rows.
 */

#include "config.h"

#include <string.h>

#include "roster-csv.h"
#include "roster-people-import.h"
#include "test-fixtures.h"
#include "test-scratch.h"

static GPtrArray *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = roster_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);

  return rows;
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      guint      column)
{
  GPtrArray *cells = g_ptr_array_index (rows, row);

  g_assert_cmpuint (column, <, cells->len);

  return g_ptr_array_index (cells, column);
}

static void
test_csv_shapes (void)
{
  g_autoptr(GPtrArray) plain = parse ("a,b,c\r\n1,2,3\r\n");
  g_autoptr(GPtrArray) quoted = parse ("name,note\n\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\n\nlast,\n");
  g_autoptr(GPtrArray) bom = parse ("\xEF\xBB\xBF" "Email;Name\nana@x.org;Ana;\n");
  g_autoptr(GPtrArray) unterminated = parse ("a,b\n1,2");

  g_assert_cmpuint (plain->len, ==, 2);
  g_assert_cmpstr (cell (plain, 1, 2), ==, "3");

  /* Separators, doubled quotes and a line break inside quotes; a blank
   * line is no row; a trailing separator is an empty cell. */
  g_assert_cmpuint (quoted->len, ==, 3);
  g_assert_cmpstr (cell (quoted, 1, 0), ==, "Doe, Jane");
  g_assert_cmpstr (cell (quoted, 1, 1), ==, "said \"hi\"\nthen left");
  g_assert_cmpstr (cell (quoted, 2, 0), ==, "last");
  g_assert_cmpstr (cell (quoted, 2, 1), ==, "");

  /* The BOM is not part of the first header; semicolons when the header
   * row says so. */
  g_assert_cmpstr (cell (bom, 0, 0), ==, "Email");
  g_assert_cmpstr (cell (bom, 1, 1), ==, "Ana");

  g_assert_cmpuint (unterminated->len, ==, 2);
  g_assert_cmpstr (cell (unterminated, 1, 1), ==, "2");
}

/* What Roster writes, the reader reads back cell for cell; a cell that
 * a spreadsheet would run as a formula gets an apostrophe, inside the
 * quotes when it has them (a regression: it was put before them, and
 * the line was no longer CSV). */
static void
test_csv_write (void)
{
  static const struct {
    const char *cell;
    const char *read_back;
  } cases[] = {
    { "plain", "plain" },
    { "a,b", "a,b" },
    { "say \"hi\"", "say \"hi\"" },
    { "two\nlines", "two\nlines" },
    { "=1+2", "'=1+2" },
    { "-3", "'-3" },
    { "=HYPERLINK(\"http://x.example/\",\"a\")", "'=HYPERLINK(\"http://x.example/\",\"a\")" },
    { "@SUM(A1,A2)", "'@SUM(A1,A2)" },
    { "", "" },
  };
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *cells;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    roster_csv_append_cell (line, cases[i].cell, i + 1 == G_N_ELEMENTS (cases));

  rows = parse (line->str);
  g_assert_cmpuint (rows->len, ==, 1);
  cells = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (cells->len, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (cell (rows, 0, i), ==, cases[i].read_back);
}

static void
test_csv_refused (void)
{
  static const struct {
    const char *text;
    gsize       length;
    int         code;
    const char *says;
  } cases[] = {
    { "a,b\n\"open,2\n3,4\n", 0, ROSTER_CSV_ERROR_MALFORMED, "Line 2" },
    { "a,b\n\xff\xfe,2\n", 0, ROSTER_CSV_ERROR_ENCODING, "UTF-8" },
    { "a,b\n1\0,2\n", 9, ROSTER_CSV_ERROR_ENCODING, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length ? cases[i].length : strlen (cases[i].text);

      g_assert_null (roster_csv_parse (cases[i].text, length, &error));
      g_assert_error (error, ROSTER_CSV_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* Too many columns, a cell too long, a file too large. */
  {
    g_autoptr(GString) wide = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *long_cell = g_strnfill (ROSTER_CSV_MAX_CELL + 1, 'a');

    for (guint i = 0; i <= ROSTER_CSV_MAX_COLUMNS; i++)
      g_string_append (wide, "x,");
    g_assert_null (roster_csv_parse (wide->str, wide->len, &error));
    g_assert_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED);
    g_clear_error (&error);

    g_assert_null (roster_csv_parse (long_cell, strlen (long_cell), &error));
    g_assert_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED);
    g_clear_error (&error);

    g_assert_null (roster_csv_parse ("", ROSTER_CSV_MAX_BYTES + 1, &error));
    g_assert_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_TOO_LARGE);
  }
}

static RosterImportPlan *
plan_of (const char *text,
         GPtrArray  *known)
{
  g_autoptr(GError) error = NULL;
  RosterImportPlan *plan = roster_import_plan_new (text, strlen (text), known, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

static const RosterImportRow *
row_of (RosterImportPlan *plan,
        guint             index)
{
  return g_ptr_array_index (plan->rows, index);
}

/* Columns by their header, in any order; each row's problems in words;
 * against what Roster knows, what each row creates or updates. */
static void
test_import_plan (void)
{
  g_autoptr(RosterRequest) known_request = test_new_modify_request ();
  RosterPeopleRecord record = { "r1", known_request, ROSTER_REQUEST_STATE_SENT, "completed", 1000 };
  g_autoptr(GPtrArray) known = roster_people_derive (&record, 1);
  g_autoptr(RosterImportPlan) plan = NULL;
  g_autoptr(GPtrArray) people = NULL;

  plan = plan_of ("Secure Messaging;Work Email;Full Name;NPI;Alerts;Department\n"
                  "yes;grace@familycare.example.org;Grace A. Okafor;" TEST_NPI_A ";no;Clinic\n"
                  "Y;ANA.DIAZ@upstate.example.org;Ana Díaz;;x;\n"
                  "maybe;not-an-email;;1234567890;;\n"
                  "no;Grace@FamilyCare.example.org;Grace Again;;;\n",
                  known);

  g_assert_cmpstr (roster_import_column_describe (plan, 0), ==, "Secure Messaging");
  g_assert_cmpstr (roster_import_column_describe (plan, 1), ==, "Email");
  g_assert_cmpstr (roster_import_column_describe (plan, 2), ==, "Name");
  g_assert_cmpstr (roster_import_column_describe (plan, 5), ==, "Not imported");
  g_assert_cmpuint (plan->rows->len, ==, 4);

  g_assert_cmpuint (row_of (plan, 0)->line, ==, 2);
  g_assert_cmpuint (row_of (plan, 0)->problems->len, ==, 0);
  g_assert_cmpint (row_of (plan, 0)->action, ==, ROSTER_IMPORT_CREATE);
  g_assert_cmpstr (row_of (plan, 0)->person->first_name, ==, "Grace A.");
  g_assert_cmpstr (row_of (plan, 0)->person->last_name, ==, "Okafor");
  g_assert_true (row_of (plan, 0)->person->services[ROSTER_SERVICE_SECURE_MESSAGING]);
  g_assert_false (row_of (plan, 0)->person->services[ROSTER_SERVICE_ALERTS]);

  /* Known, by email in any case, with secure messaging that the HIE has
   * not confirmed: an update. */
  g_assert_cmpint (row_of (plan, 1)->action, ==, ROSTER_IMPORT_UPDATE);

  /* Every problem of the row, each naming its column. */
  {
    const RosterImportRow *bad = row_of (plan, 2);
    g_autofree char *joined = NULL;

    g_ptr_array_add (bad->problems, NULL);
    joined = g_strjoinv (" | ", (char **) bad->problems->pdata);
    g_ptr_array_remove_index (bad->problems, bad->problems->len - 1);
    g_assert_nonnull (strstr (joined, "Secure Messaging: “maybe” is neither yes nor no."));
    g_assert_nonnull (strstr (joined, "Email: "));
    g_assert_nonnull (strstr (joined, "NPI: "));
    g_assert_nonnull (strstr (joined, "Name: Empty."));
  }

  /* The same person twice. */
  g_assert_cmpuint (row_of (plan, 3)->problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (row_of (plan, 3)->problems, 0), ==, "Email: The same person is on row 2.");

  g_assert_cmpuint (plan->n_problems, ==, 5);
  people = roster_import_plan_get_people (plan);
  g_assert_cmpuint (people->len, ==, 2);
}

static void
test_import_refused (void)
{
  static const struct {
    const char *text;
    const char *says;
  } cases[] = {
    { "", "empty" },
    { "Name,NPI\nAna,\n", "email" },
    { "Email,NPI\nana@x.org,\n", "names" },
    { "Email,E-mail,Name\n", "Two columns hold Email" },
    { "Email,Name\n\"ana@x.org,Ana\n", "never closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (roster_import_plan_new (cases[i].text, strlen (cases[i].text), NULL, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* 10,000 rows: all read; kept in the store in one transaction; known to
 * the People derivation as imported, until a completed request. */
static void
test_import_many (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-import-XXXXXX");
  g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);
  g_autoptr(GString) text = g_string_new ("First Name,Last Name,Email,Image Exchange\n");
  g_autoptr(RosterImportPlan) plan = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) derived = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (text, "Person,Number %05u,person%05u@upstate.example.org,%s\n", i, i, i % 2 ? "yes" : "no");

  started = g_get_monotonic_time ();
  plan = plan_of (text->str, NULL);
  g_test_message ("10,000 rows planned in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpuint (plan->rows->len, ==, 10000);
  g_assert_cmpuint (plan->n_problems, ==, 0);
  g_assert_cmpuint (plan->n_create, ==, 10000);

  people = roster_import_plan_get_people (plan);
  g_assert_true (roster_store_put_imported_people (store, people, &error));
  g_assert_no_error (error);

  derived = roster_people_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (derived->len, ==, 10000);
  {
    const RosterPerson *person = g_ptr_array_index (derived, 1);

    g_assert_true (person->imported);
    g_assert_cmpint (person->account, ==, ROSTER_ACCOUNT_ACTIVE);
    g_assert_true (person->services[ROSTER_SERVICE_IMAGE_EXCHANGE]);
  }

  test_remove_tree (scratch);
}

/* A completed request about an imported person confirms them. */
static void
test_import_then_confirmed (void)
{
  g_autoptr(RosterImportPlan) plan = plan_of ("Email,Name,Patient Record Access\n"
                                              "ana.diaz@upstate.example.org,Ana Díaz,yes\n"
                                              "lee.park@upstate.example.org,Lee Park,no\n", NULL);
  g_autoptr(GPtrArray) imported = g_ptr_array_new ();
  g_autoptr(RosterRequest) change = test_new_modify_request ();
  RosterPeopleRecord record = { "r1", change, ROSTER_REQUEST_STATE_SENT, "completed", 1000 };
  g_autoptr(GPtrArray) people = NULL;

  for (guint i = 0; i < plan->rows->len; i++)
    g_ptr_array_add (imported, row_of (plan, i)->person);

  people = roster_people_derive_with_imported (&record, 1, imported);
  g_assert_cmpuint (people->len, ==, 2);
  {
    const RosterPerson *ana = g_ptr_array_index (people, 0);
    const RosterPerson *lee = g_ptr_array_index (people, 1);

    g_assert_cmpstr (ana->last_name, ==, "Díaz");
    g_assert_false (ana->imported);
    g_assert_true (ana->services[ROSTER_SERVICE_PATIENT_RECORD]);
    g_assert_cmpuint (ana->request_ids->len, ==, 1);
    g_assert_true (lee->imported);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/shapes", test_csv_shapes);
  g_test_add_func ("/csv/refused", test_csv_refused);
  g_test_add_func ("/csv/write", test_csv_write);
  g_test_add_func ("/import/plan", test_import_plan);
  g_test_add_func ("/import/refused", test_import_refused);
  g_test_add_func ("/import/many", test_import_many);
  g_test_add_func ("/import/then-confirmed", test_import_then_confirmed);

  return g_test_run ();
}
