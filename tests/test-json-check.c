/* test-json-check.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "roster-json-check.h"

#define TEST_MAX_LENGTH (1024 * 1024)
#define TEST_MAX_DEPTH  64

typedef struct
{
  const char *data;
  gsize       length;   /* 0 means strlen (data) */
} Sample;

/* Every one of these must also be accepted by json-glib: the checker is a
 * gate in front of it, never stricter in a way that changes meaning. */
static const char * const valid_samples[] = {
  "{}",
  "[]",
  "0",
  "-0",
  "1e10",
  "0.5",
  "-0.0",
  "1E+2",
  "2.5e-3",
  "1.7976931348623157e308",
  "9223372036854775807",
  "-9223372036854775808",
  "9223372036854775808.0",
  "true",
  "false",
  "null",
  "\"\"",
  "\"plain text\"",
  "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC \\u001f\"",
  "\"\\ud83d\\ude00\"",
  "\"h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80\"",
  " \t\r\n[1, 2.5, -3, \"x\", true, false, null, [], {}] \r\n\t ",
  "{\"a\": {\"b\": [1, {\"c\": [[], [[]]]}]}, \"d\": null}",
  "{\"a\": 1, \"A\": 2, \"a \": 3, \"\": 4}",
  "{\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}",
  "{\"x\": {\"a\": 1}, \"a\": 2}",
  "{\"key\\u0020with\\tescapes\": \"value/\\/\"}",
  "[\"/* not a comment */\", \"// nor this\"]",
  "{\"patient\":{\"name\":\"Ana\",\"npi\":\"1234567893\",\"visits\":[{\"at\":\"2026-01-02\",\"cost\":12.5}]}}",
};

static void
assert_valid (const char *data,
              gsize       length,
              gsize       max_length,
              guint       max_depth)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = roster_json_check (data, length, max_length, max_depth, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* Returns the message so callers can check it further. */
static char *
assert_fails (const char           *data,
              gsize                 length,
              gsize                 max_length,
              guint                 max_depth,
              RosterJsonCheckError  code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = roster_json_check (data, length, max_length, max_depth, &error);
  g_assert_error (error, ROSTER_JSON_CHECK_ERROR, (int) code);
  g_assert_false (ok);
  g_assert_nonnull (error->message);

  return g_strdup (error->message);
}

static char *
assert_text_fails (const char           *text,
                   RosterJsonCheckError  code)
{
  g_autofree char *shown = g_strescape (text, NULL);

  g_test_message ("expecting error %d for \"%s\"", code, shown);

  return assert_fails (text, strlen (text), TEST_MAX_LENGTH, TEST_MAX_DEPTH, code);
}

static void
assert_positioned (const char *message)
{
  g_assert_true (g_str_has_prefix (message, "Line "));
  g_assert_nonnull (strstr (message, ", column "));
  g_assert_nonnull (strstr (message, "expected"));
}

static void
test_valid (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid_samples); i++)
    {
      g_autofree char *shown = g_strescape (valid_samples[i], NULL);

      g_test_message ("expecting success for \"%s\"", shown);
      assert_valid (valid_samples[i], strlen (valid_samples[i]),
                    TEST_MAX_LENGTH, TEST_MAX_DEPTH);
    }

  /* No GError location is allowed. */
  g_assert_true (roster_json_check ("[1]", 3, 3, 1, NULL));
  g_assert_false (roster_json_check ("[1,]", 4, 4, 1, NULL));
}

static void
test_json_glib_agrees (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid_samples); i++)
    {
      gboolean ok;

      g_assert_true (roster_json_check (valid_samples[i], strlen (valid_samples[i]),
                                        TEST_MAX_LENGTH, TEST_MAX_DEPTH, NULL));

      ok = json_parser_load_from_data (parser, valid_samples[i],
                                       (gssize) strlen (valid_samples[i]), &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_nonnull (json_parser_get_root (parser));
    }

  /* The integer range the checker lets through is the one json-glib reads
   * without turning it into -1. */
  g_assert_true (json_parser_load_from_data (parser, "[9223372036854775807, -9223372036854775808]", -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (root), 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (root), 1), ==, G_MININT64);

  g_assert_true (json_parser_load_from_data (parser, "\"\\ud83d\\ude00\"", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, "\xf0\x9f\x98\x80");
}

static void
test_empty (void)
{
  g_autofree char *message = NULL;

  message = assert_fails ("", 0, TEST_MAX_LENGTH, TEST_MAX_DEPTH, ROSTER_JSON_CHECK_ERROR_EMPTY);
  g_free (assert_fails (NULL, 0, TEST_MAX_LENGTH, TEST_MAX_DEPTH, ROSTER_JSON_CHECK_ERROR_EMPTY));
  g_free (assert_text_fails ("   ", ROSTER_JSON_CHECK_ERROR_EMPTY));
  g_free (assert_text_fails (" \t\r\n ", ROSTER_JSON_CHECK_ERROR_EMPTY));

  /* Only RFC 8259 white space counts: anything else is a syntax error. */
  g_free (assert_text_fails ("\f", ROSTER_JSON_CHECK_ERROR_SYNTAX));
  g_free (assert_text_fails ("\v", ROSTER_JSON_CHECK_ERROR_SYNTAX));
  g_free (assert_text_fails ("\xc2\xa0", ROSTER_JSON_CHECK_ERROR_SYNTAX));
}

static void
test_too_large (void)
{
  g_autofree char *message = NULL;
  g_autofree char *short_buffer = NULL;

  message = assert_fails ("[1,2]", 5, 4, TEST_MAX_DEPTH, ROSTER_JSON_CHECK_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (message, "limit"));
  assert_valid ("[1,2]", 5, 5, TEST_MAX_DEPTH);

  /* The size check comes before any byte is read: with AddressSanitizer a
   * read past this two-byte allocation would abort the test. */
  short_buffer = g_malloc (2);
  memcpy (short_buffer, "[]", 2);
  g_free (assert_fails (short_buffer, 1 << 20, 1024, TEST_MAX_DEPTH,
                        ROSTER_JSON_CHECK_ERROR_TOO_LARGE));

  /* Size beats every other problem. */
  g_free (assert_fails ("", 0, 0, TEST_MAX_DEPTH, ROSTER_JSON_CHECK_ERROR_EMPTY));
  g_free (assert_fails ("\xff\xff", 2, 1, TEST_MAX_DEPTH, ROSTER_JSON_CHECK_ERROR_TOO_LARGE));
}

static void
test_encoding (void)
{
  static const char with_nul[] = "[\"a\0b\"]";
  g_autofree char *message = NULL;

  g_free (assert_text_fails ("\xff", ROSTER_JSON_CHECK_ERROR_ENCODING));
  g_free (assert_text_fails ("\"\xc3\"", ROSTER_JSON_CHECK_ERROR_ENCODING));
  g_free (assert_text_fails ("\"\xc0\xaf\"", ROSTER_JSON_CHECK_ERROR_ENCODING));
  g_free (assert_text_fails ("\"\xed\xa0\x80\"", ROSTER_JSON_CHECK_ERROR_ENCODING));
  g_free (assert_fails (with_nul, sizeof with_nul - 1, TEST_MAX_LENGTH, TEST_MAX_DEPTH,
                        ROSTER_JSON_CHECK_ERROR_ENCODING));
  g_free (assert_fails ("1\0", 2, TEST_MAX_LENGTH, TEST_MAX_DEPTH,
                        ROSTER_JSON_CHECK_ERROR_ENCODING));

  message = assert_text_fails ("\xef\xbb\xbf{}", ROSTER_JSON_CHECK_ERROR_ENCODING);
  g_assert_nonnull (strstr (message, "byte-order mark"));
  g_free (assert_text_fails ("\xef\xbb\xbf", ROSTER_JSON_CHECK_ERROR_ENCODING));
}

static char *
repeat (const char *unit,
        guint       times,
        const char *tail_unit)
{
  GString *result = g_string_new (NULL);
  guint i;

  for (i = 0; i < times; i++)
    g_string_append (result, unit);
  for (i = 0; tail_unit != NULL && i < times; i++)
    g_string_append (result, tail_unit);

  return g_string_free (result, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *brackets = repeat ("[", 100000, NULL);
  g_autofree char *objects = repeat ("{\"a\":", 100000, NULL);
  g_autofree char *balanced = repeat ("[", 100000, "]");
  g_autofree char *at_limit = repeat ("[", 5, "]");
  g_autofree char *over_limit = repeat ("[", 6, "]");
  g_autofree char *message = NULL;
  g_autofree char *objects_at_limit = NULL;

  message = assert_fails (brackets, strlen (brackets), TEST_MAX_LENGTH, TEST_MAX_DEPTH,
                          ROSTER_JSON_CHECK_ERROR_TOO_DEEP);
  g_assert_true (g_str_has_prefix (message, "Line 1, column 65: "));
  assert_positioned (message);

  g_free (assert_fails (objects, strlen (objects), TEST_MAX_LENGTH, TEST_MAX_DEPTH,
                        ROSTER_JSON_CHECK_ERROR_TOO_DEEP));
  g_free (assert_fails (balanced, strlen (balanced), TEST_MAX_LENGTH, TEST_MAX_DEPTH,
                        ROSTER_JSON_CHECK_ERROR_TOO_DEEP));

  assert_valid (at_limit, strlen (at_limit), TEST_MAX_LENGTH, 5);
  g_free (assert_fails (over_limit, strlen (over_limit), TEST_MAX_LENGTH, 5,
                        ROSTER_JSON_CHECK_ERROR_TOO_DEEP));

  objects_at_limit = g_strdup ("{\"a\":[{\"b\":[{}]}]}");
  assert_valid (objects_at_limit, strlen (objects_at_limit), TEST_MAX_LENGTH, 5);
  g_free (assert_fails (objects_at_limit, strlen (objects_at_limit), TEST_MAX_LENGTH, 4,
                        ROSTER_JSON_CHECK_ERROR_TOO_DEEP));

  /* Reaching the limit is fine; an unfinished document is a syntax error. */
  g_free (assert_fails ("[[[[[", 5, TEST_MAX_LENGTH, 5, ROSTER_JSON_CHECK_ERROR_SYNTAX));

  /* With no containers allowed at all, scalars still pass. */
  assert_valid ("\"x\"", 3, TEST_MAX_LENGTH, 0);
  g_free (assert_fails ("[]", 2, TEST_MAX_LENGTH, 0, ROSTER_JSON_CHECK_ERROR_TOO_DEEP));

  /* The checker itself never recurses, so a huge limit is safe for it
   * (just not for json-glib). */
  assert_valid (balanced, strlen (balanced), TEST_MAX_LENGTH, 100000);
}

static void
test_syntax (void)
{
  static const char * const invalid[] = {
    "// comment\n1",
    "/* comment */ 1",
    "[1 /* comment */]",
    "{\"a\": 1 # comment\n}",
    "[1,]",
    "[1, 2, ]",
    "{\"a\": 1,}",
    "[,1]",
    "[1,,2]",
    "['a']",
    "{'a': 1}",
    "NaN",
    "Infinity",
    "-Infinity",
    "[nan]",
    "01",
    "-01",
    "00",
    "1.",
    "1.e5",
    ".5",
    "+1",
    "-",
    "1e",
    "1e+",
    "0x10",
    "1.5.3",
    "\"a\nb\"",
    "\"a\tb\"",
    "\"\x01\"",
    "\"\\x\"",
    "\"\\U0041\"",
    "\"\\'\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud800\\u0041\"",
    "\"\\ud800x\"",
    "\"\\ude00\\ud83d\"",
    "\"\\u0000\"",
    "{\"a\\u0000\": 1}",
    "\"\\u12\"",
    "\"\\u12G4\"",
    "\"\\",
    "{} {}",
    "1 2",
    "[1]]",
    "tru",
    "truex",
    "True",
    "nul",
    "NULL",
    "\"abc",
    "[\"abc]",
    "{\"a\": 1",
    "{\"a\": 1,",
    "{\"a\":",
    "{\"a\"",
    "{",
    "[",
    "[1, 2",
    "{\"a\"}",
    "{\"a\" 1}",
    "{\"a\": }",
    "{1: 2}",
    "{a: 2}",
    "[1 2]",
    "{\"a\": 1 \"b\": 2}",
    "]",
    "}",
    ",",
    ":",
    "[:]",
    "[}",
    "{]",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *message = assert_text_fails (invalid[i], ROSTER_JSON_CHECK_ERROR_SYNTAX);

      assert_positioned (message);
    }
}

static void
test_messages (void)
{
  g_autofree char *trailing = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *secret_escape = NULL;
  g_autofree char *secret_open = NULL;
  g_autofree char *separator = NULL;

  trailing = assert_text_fails ("[1,]", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_cmpstr (trailing, ==, "Line 1, column 4: trailing comma; expected a value after ','");

  comment = assert_text_fails ("[1 // x\n]", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_nonnull (strstr (comment, "comments are not allowed"));

  separator = assert_text_fails ("{\"a\": 1 \"b\": 2}", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_cmpstr (separator, ==, "Line 1, column 9: expected ',' or '}'");

  /* String values may be patient data: never repeat them. */
  secret_escape = assert_text_fails ("{\"k\": \"secret\\q\"}", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_null (strstr (secret_escape, "secret"));
  secret_open = assert_text_fails ("[\"secret", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_null (strstr (secret_open, "secret"));
  g_assert_true (g_str_has_prefix (secret_open, "Line 1, column 2: "));
}

static void
test_position (void)
{
  g_autofree char *second_line = NULL;
  g_autofree char *third_line = NULL;
  g_autofree char *characters = NULL;
  g_autofree char *crlf = NULL;

  second_line = assert_text_fails ("[1,\n 2,,]", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_nonnull (strstr (second_line, "Line 2, column"));
  g_assert_true (g_str_has_prefix (second_line, "Line 2, column 4: "));

  third_line = assert_text_fails ("{\n  \"a\": 1,\n  \"b\" 2\n}", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (third_line, "Line 3, column 7: "));

  crlf = assert_text_fails ("[1,\r\n x]", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (crlf, "Line 2, column 2: "));

  /* "é" is two bytes but one column. */
  characters = assert_text_fails ("[\"\xc3\xa9\", x]", ROSTER_JSON_CHECK_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (characters, "Line 1, column 7: "));
}

static void
test_duplicate_key (void)
{
  static const char * const duplicates[] = {
    "{\"a\": 1, \"a\": 2}",
    "{\"a\": 1, \"\\u0061\": 2}",
    "{\"\\/\": 1, \"/\": 2}",
    "{\"\xf0\x9f\x98\x80\": 1, \"\\ud83d\\ude00\": 2}",
    "{\"a\": {\"b\": 1, \"b\": 2}}",
    "[{\"a\": 1}, {\"b\": 1, \"c\": 2, \"b\": 3}]",
    "{\"x\": {\"y\": 1}, \"x\": 2}",
    "{\"\": 1, \"\": 2}",
  };
  g_autofree char *long_key = repeat ("k", 200, NULL);
  g_autofree char *long_document = NULL;
  g_autofree char *long_message = NULL;
  g_autofree char *kept = repeat ("k", 64, NULL);
  g_autofree char *too_many = repeat ("k", 65, NULL);
  g_autofree char *named = NULL;
  g_autofree char *non_ascii = NULL;
  g_autofree char *control = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (duplicates); i++)
    {
      g_autofree char *message = assert_text_fails (duplicates[i], ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY);

      assert_positioned (message);
    }

  named = assert_text_fails ("{\"a\": 1, \"\\u0061\": 2}", ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY);
  g_assert_true (g_str_has_prefix (named, "Line 1, column 10: "));
  g_assert_nonnull (strstr (named, "“a”"));

  non_ascii = assert_text_fails ("{\"\xc3\xa9\": 1, \"\xc3\xa9\": 2}", ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY);
  g_assert_nonnull (strstr (non_ascii, "“\\303\\251”"));

  control = assert_text_fails ("{\"a\\nb\": 1, \"a\\nb\": 2}", ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY);
  g_assert_nonnull (strstr (control, "“a\\nb”"));

  long_document = g_strdup_printf ("{\"%s\": 1, \"%s\": 2}", long_key, long_key);
  long_message = assert_text_fails (long_document, ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY);
  g_assert_nonnull (strstr (long_message, kept));
  g_assert_null (strstr (long_message, too_many));

  /* Same key in different objects, or at different levels, is fine. */
  assert_valid ("[{\"a\": 1}, {\"a\": 1}]", 20, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
  assert_valid ("{\"a\": {\"a\": {\"a\": 1}}}", 22, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
  /* Values are not keys. */
  assert_valid ("{\"a\": \"a\", \"b\": \"a\"}", 20, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
}

static void
test_number_range (void)
{
  static const char * const out_of_range[] = {
    "9223372036854775808",
    "-9223372036854775809",
    "[18446744073709551616]",
    "{\"n\": 99999999999999999999999999999999}",
    "-99999999999999999999999999999999",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_autofree char *message = assert_text_fails (out_of_range[i], ROSTER_JSON_CHECK_ERROR_NUMBER_RANGE);

      assert_positioned (message);
    }

  assert_valid ("9223372036854775807", 19, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
  assert_valid ("-9223372036854775808", 20, TEST_MAX_LENGTH, TEST_MAX_DEPTH);

  /* Only integer literals are range-checked: json-glib reads anything with
   * a fraction or exponent as a double. */
  assert_valid ("9223372036854775808.5", 21, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
  assert_valid ("9223372036854775808e0", 21, TEST_MAX_LENGTH, TEST_MAX_DEPTH);
  assert_valid ("1e400", 5, TEST_MAX_LENGTH, TEST_MAX_DEPTH);

  /* The grammar comes first: a leading zero is a syntax error even when
   * the number is also too large. */
  g_free (assert_text_fails ("09223372036854775808", ROSTER_JSON_CHECK_ERROR_SYNTAX));
}

/* Every control character a user can paste into a text field comes back
 * out as an escape: what Roster writes, it reads back (json-glib 1.6's
 * generator writes U+001F raw; see roster_json_generate()). */
static void
test_generate_escapes_controls (void)
{
  g_autoptr(GString) text = g_string_new ("a");
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  for (char c = 0x01; c < 0x20; c++)
    g_string_append_c (text, c);
  g_string_append (text, "z");
  json_node_set_string (root, text->str);

  json = roster_json_generate (root, &length);
  g_assert_cmpuint (length, ==, strlen (json));
  for (gsize i = 0; i < length; i++)
    g_assert_cmpint ((guchar) json[i], >=, 0x20);
  g_assert_nonnull (strstr (json, "\\u001f"));

  g_assert_true (roster_json_check (json, length, 1024, 2, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, text->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-check/valid", test_valid);
  g_test_add_func ("/json-check/json-glib-agrees", test_json_glib_agrees);
  g_test_add_func ("/json-check/empty", test_empty);
  g_test_add_func ("/json-check/too-large", test_too_large);
  g_test_add_func ("/json-check/encoding", test_encoding);
  g_test_add_func ("/json-check/depth", test_depth);
  g_test_add_func ("/json-check/syntax", test_syntax);
  g_test_add_func ("/json-check/messages", test_messages);
  g_test_add_func ("/json-check/position", test_position);
  g_test_add_func ("/json-check/duplicate-key", test_duplicate_key);
  g_test_add_func ("/json-check/number-range", test_number_range);
  g_test_add_func ("/json-check/generate-escapes-controls", test_generate_escapes_controls);

  return g_test_run ();
}
