/* roster-json-check.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-json-check"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "roster-json-check.h"

/* json-glib 1.6.6 recurses once per nesting level (and overflows the stack
 * on deep input), accepts comments, duplicate keys and an empty body, and
 * silently turns out-of-range integers into -1. This checker is the gate in
 * front of it: a single iterative pass with an explicit stack, so its own
 * memory is bounded by max_depth and it cannot overflow the C stack.
 *
 * json-glib 1.10.0 limits nesting itself ("Add a maximum recursion depth",
 * commit 0f30159: JSON_PARSER_MAX_RECURSION_DEPTH), which fixes the
 * overflow upstream, and adds a JsonParser:strict mode. This gate is
 * deliberately not behind a version check all the same: each of its rules
 * is the intake contract's (data/intake-api.md, "What a reader must
 * refuse": at most 256 KiB, RFC 8259 only, at most 16 levels, no duplicate
 * keys, integers in range, each refused with a position), our policy and
 * not a workaround, so it runs on every json-glib. Only the U+001F escape
 * below exists solely for an old json-glib, and only it is version-gated.
 */

#define ROSTER_JSON_CHECK_MAX_KEY_IN_MESSAGE 64

G_DEFINE_QUARK (roster-json-check-error-quark, roster_json_check_error)

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_ARRAY_END,
  EXPECT_KEY,
  EXPECT_KEY_OR_OBJECT_END,
  EXPECT_COLON,
  EXPECT_COMMA_OR_ARRAY_END,
  EXPECT_COMMA_OR_OBJECT_END,
  EXPECT_END,
} ExpectedToken;

typedef struct
{
  gboolean    is_object;
  /* Decoded keys seen so far; NULL for arrays. */
  GHashTable *keys;
} OpenContainer;

typedef struct
{
  const guchar  *start;
  const guchar  *end;
  const guchar  *cursor;
  GArray        *stack;
  guint          max_depth;
  GString       *key;
  GError       **error;
} JsonChecker;

static gboolean fail_at (JsonChecker          *checker,
                         const guchar         *at,
                         RosterJsonCheckError  code,
                         const char           *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
open_container_clear (gpointer data)
{
  OpenContainer *container = data;

  g_clear_pointer (&container->keys, g_hash_table_unref);
}

static inline gboolean
is_json_white_space (guchar c)
{
  /* RFC 8259 allows exactly these four; g_ascii_isspace() would also let
   * through \f and \v, which json-glib and other parsers disagree on. */
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static void
find_position (const guchar *start,
               const guchar *at,
               guint        *line,
               guint        *column)
{
  const guchar *p;

  /* Computed only when reporting an error, so the hot loop does not have to
   * track it. Columns count characters, not bytes: skip continuation bytes. */
  *line = 1;
  *column = 1;

  for (p = start; p < at; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((*p & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

static gboolean
fail_at (JsonChecker          *checker,
         const guchar         *at,
         RosterJsonCheckError  code,
         const char           *format,
         ...)
{
  g_autofree char *detail = NULL;
  va_list args;
  guint line;
  guint column;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  find_position (checker->start, at, &line, &column);

  /* Translators: the first two values are 1-based positions in a JSON
   * document, the last one says what went wrong there. */
  g_set_error (checker->error, ROSTER_JSON_CHECK_ERROR, code,
               _("Line %u, column %u: %s"), line, column, detail);

  return FALSE;
}

static char *
describe_key_for_message (const char *key)
{
  g_autofree char *escaped = g_strescape (key, NULL);
  gsize kept = 0;
  guint characters = 0;

  /* Cut on escape boundaries so that "\303" never ends up as "\30". */
  while (escaped[kept] != '\0')
    {
      gsize unit = 1;

      if (escaped[kept] == '\\')
        unit = g_ascii_isdigit (escaped[kept + 1]) ? 4 : 2;

      if (characters + unit > ROSTER_JSON_CHECK_MAX_KEY_IN_MESSAGE)
        break;

      characters += unit;
      kept += unit;
    }

  if (escaped[kept] == '\0')
    return g_steal_pointer (&escaped);

  return g_strdup_printf ("%.*s…", (int) kept, escaped);
}

static ExpectedToken
expected_after_value (JsonChecker *checker)
{
  const OpenContainer *top;

  if (checker->stack->len == 0)
    return EXPECT_END;

  top = &g_array_index (checker->stack, OpenContainer, checker->stack->len - 1);

  return top->is_object ? EXPECT_COMMA_OR_OBJECT_END : EXPECT_COMMA_OR_ARRAY_END;
}

static const char *
describe_expected (ExpectedToken expected)
{
  switch (expected)
    {
    case EXPECT_VALUE:
      return _("expected a value");
    case EXPECT_VALUE_OR_ARRAY_END:
      return _("expected a value or ']'");
    case EXPECT_KEY:
      return _("expected a key in double quotes");
    case EXPECT_KEY_OR_OBJECT_END:
      return _("expected a key in double quotes or '}'");
    case EXPECT_COLON:
      return _("expected ':'");
    case EXPECT_COMMA_OR_ARRAY_END:
      return _("expected ',' or ']'");
    case EXPECT_COMMA_OR_OBJECT_END:
      return _("expected ',' or '}'");
    case EXPECT_END:
      return _("expected the end of the data after the top-level value");
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static gboolean
open_container (JsonChecker *checker,
                gboolean     is_object)
{
  OpenContainer container = { is_object, NULL };

  /* Checked before pushing, so a flood of '[' fails at max_depth + 1 and
   * the stack never holds more than max_depth entries. */
  if (checker->stack->len >= checker->max_depth)
    return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_TOO_DEEP,
                    _("nesting is deeper than the limit of %u levels; expected at most %u open '[' or '{'"),
                    checker->max_depth, checker->max_depth);

  if (is_object)
    container.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_array_append_val (checker->stack, container);
  checker->cursor++;

  return TRUE;
}

static void
close_container (JsonChecker *checker)
{
  g_assert (checker->stack->len > 0);

  /* The clear function frees the key table. */
  g_array_set_size (checker->stack, checker->stack->len - 1);
  checker->cursor++;
}

static gboolean
read_hex_quad (JsonChecker  *checker,
               const guchar *escape,
               gunichar     *code_point)
{
  const guchar *digits = escape + 2;
  gunichar value = 0;
  guint i;

  for (i = 0; i < 4; i++)
    {
      int digit;

      if (digits + i >= checker->end ||
          (digit = g_ascii_xdigit_value (digits[i])) < 0)
        return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("expected four hexadecimal digits after '\\u'"));

      value = (value << 4) | (gunichar) digit;
    }

  *code_point = value;

  return TRUE;
}

static gboolean
read_unicode_escape (JsonChecker  *checker,
                     const guchar *escape,
                     GString      *decoded)
{
  gunichar code_point;
  gunichar low;

  if (!read_hex_quad (checker, escape, &code_point))
    return FALSE;

  /* A NUL would silently truncate the string once it reaches C code. */
  if (code_point == 0)
    return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                    _("'\\u0000' is not allowed; expected a character other than NUL"));

  if (code_point >= 0xDC00 && code_point <= 0xDFFF)
    return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                    _("lone low surrogate; expected a high surrogate '\\uD800' to '\\uDBFF' before it"));

  if (code_point >= 0xD800 && code_point <= 0xDBFF)
    {
      const guchar *second = escape + 6;

      if (second + 1 >= checker->end || second[0] != '\\' || second[1] != 'u')
        return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("lone high surrogate; expected a low surrogate '\\uDC00' to '\\uDFFF' after it"));

      if (!read_hex_quad (checker, second, &low))
        return FALSE;

      if (low < 0xDC00 || low > 0xDFFF)
        return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("lone high surrogate; expected a low surrogate '\\uDC00' to '\\uDFFF' after it"));

      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
      checker->cursor = second + 6;
    }
  else
    {
      checker->cursor = escape + 6;
    }

  if (decoded != NULL)
    g_string_append_unichar (decoded, code_point);

  return TRUE;
}

/* Reads a string starting at its opening quote. Keys are decoded into
 * @decoded so that "a" and "\u0061" compare equal; values pass NULL and are
 * only validated. The text is never echoed: it may be patient data. */
static gboolean
read_string (JsonChecker *checker,
             GString     *decoded)
{
  const guchar *opening = checker->cursor;

  checker->cursor++;

  for (;;)
    {
      const guchar *run = checker->cursor;
      const guchar *escape;

      while (checker->cursor < checker->end &&
             *checker->cursor != '"' &&
             *checker->cursor != '\\' &&
             *checker->cursor >= 0x20)
        checker->cursor++;

      if (decoded != NULL)
        g_string_append_len (decoded, (const char *) run, checker->cursor - run);

      if (checker->cursor >= checker->end)
        return fail_at (checker, opening, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("the string starting here is never closed; expected '\"'"));

      if (*checker->cursor == '"')
        {
          checker->cursor++;
          return TRUE;
        }

      if (*checker->cursor < 0x20)
        return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("control character inside a string; expected an escape such as '\\n' or '\\t'"));

      escape = checker->cursor;

      if (escape + 1 >= checker->end)
        return fail_at (checker, opening, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("the string starting here is never closed; expected '\"'"));

      switch (escape[1])
        {
        case '"':
        case '\\':
        case '/':
          if (decoded != NULL)
            g_string_append_c (decoded, escape[1]);
          checker->cursor = escape + 2;
          break;

        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          if (decoded != NULL)
            {
              static const char from[] = "bfnrt";
              static const char to[] = "\b\f\n\r\t";

              g_string_append_c (decoded, to[strchr (from, escape[1]) - from]);
            }
          checker->cursor = escape + 2;
          break;

        case 'u':
          if (!read_unicode_escape (checker, escape, decoded))
            return FALSE;
          break;

        default:
          return fail_at (checker, escape, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                          _("invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"));
        }
    }
}

static gboolean
read_key (JsonChecker *checker)
{
  const guchar *opening = checker->cursor;
  OpenContainer *top;

  g_string_truncate (checker->key, 0);

  if (!read_string (checker, checker->key))
    return FALSE;

  top = &g_array_index (checker->stack, OpenContainer, checker->stack->len - 1);
  g_assert (top->is_object);

  if (g_hash_table_contains (top->keys, checker->key->str))
    {
      g_autofree char *shown = describe_key_for_message (checker->key->str);

      return fail_at (checker, opening, ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY,
                      _("duplicate key “%s”; expected each key at most once per object"),
                      shown);
    }

  g_hash_table_add (top->keys, g_strndup (checker->key->str, checker->key->len));

  return TRUE;
}

static gboolean
read_number (JsonChecker *checker)
{
  const guchar *number = checker->cursor;
  const guchar *p = number;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;
  gboolean overflow = FALSE;
  guint64 magnitude = 0;
  guint64 limit;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p >= checker->end || !is_digit (*p))
    return fail_at (checker, p, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                    _("expected a digit after '-'"));

  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  if (*p == '0')
    {
      p++;

      if (p < checker->end && is_digit (*p))
        return fail_at (checker, number, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("numbers must not have leading zeros; expected '.', 'e' or the end of the number after '0'"));
    }
  else
    {
      for (; p < checker->end && is_digit (*p); p++)
        {
          guint digit = *p - '0';

          /* Keep scanning after an overflow: a fraction or exponent later
           * makes it a floating-point number, which is not range-checked. */
          if (overflow || magnitude > (limit - digit) / 10)
            overflow = TRUE;
          else
            magnitude = magnitude * 10 + digit;
        }
    }

  if (p < checker->end && *p == '.')
    {
      is_integer = FALSE;
      p++;

      if (p >= checker->end || !is_digit (*p))
        return fail_at (checker, p, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("expected a digit after '.'"));

      while (p < checker->end && is_digit (*p))
        p++;
    }

  if (p < checker->end && (*p == 'e' || *p == 'E'))
    {
      is_integer = FALSE;
      p++;

      if (p < checker->end && (*p == '+' || *p == '-'))
        p++;

      if (p >= checker->end || !is_digit (*p))
        return fail_at (checker, p, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("expected a digit in the exponent"));

      while (p < checker->end && is_digit (*p))
        p++;
    }

  if (is_integer && overflow)
    return fail_at (checker, number, ROSTER_JSON_CHECK_ERROR_NUMBER_RANGE,
                    _("integer out of range; expected a value from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT),
                    G_MININT64, G_MAXINT64);

  checker->cursor = p;

  return TRUE;
}

static gboolean
read_literal (JsonChecker *checker)
{
  static const char * const literals[] = { "true", "false", "null" };
  const guchar *word = checker->cursor;
  const guchar *p = word;
  gsize length;
  guint i;

  /* Take the whole word, so "truex" and "nulls" are refused here rather
   * than as a confusing missing ','. */
  while (p < checker->end && (g_ascii_isalnum (*p) || *p == '_'))
    p++;

  length = p - word;

  for (i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      if (length == strlen (literals[i]) &&
          memcmp (word, literals[i], length) == 0)
        {
          checker->cursor = p;
          return TRUE;
        }
    }

  return fail_at (checker, word, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                  _("unknown word; expected a value such as true, false, null, a number or a string"));
}

static gboolean
read_value (JsonChecker   *checker,
            ExpectedToken *expected)
{
  guchar c = *checker->cursor;

  switch (c)
    {
    case '[':
      *expected = EXPECT_VALUE_OR_ARRAY_END;
      return open_container (checker, FALSE);

    case '{':
      *expected = EXPECT_KEY_OR_OBJECT_END;
      return open_container (checker, TRUE);

    case '"':
      if (!read_string (checker, NULL))
        return FALSE;
      break;

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!read_number (checker))
        return FALSE;
      break;

    case '\'':
      return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                      _("single quotes are not allowed; expected a string in double quotes"));

    case ']':
    case '}':
      /* Inside an array, a plain EXPECT_VALUE only ever follows ','. */
      if (c == ']' && *expected == EXPECT_VALUE &&
          expected_after_value (checker) == EXPECT_COMMA_OR_ARRAY_END)
        return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("trailing comma; expected a value after ','"));
      return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                      "%s", describe_expected (*expected));

    default:
      if (g_ascii_isalpha (c))
        {
          if (!read_literal (checker))
            return FALSE;
          break;
        }

      return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                      "%s", describe_expected (*expected));
    }

  *expected = expected_after_value (checker);

  return TRUE;
}

static gboolean
check_grammar (JsonChecker *checker)
{
  ExpectedToken expected = EXPECT_VALUE;

  for (;;)
    {
      guchar c;

      while (checker->cursor < checker->end && is_json_white_space (*checker->cursor))
        checker->cursor++;

      if (checker->cursor >= checker->end)
        {
          if (expected == EXPECT_END)
            return TRUE;

          /* Translators: %s is what the parser expected, e.g. "expected ':'". */
          return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                          _("unexpected end of the data; %s"), describe_expected (expected));
        }

      c = *checker->cursor;

      if (c == '/')
        return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                        _("comments are not allowed; %s"), describe_expected (expected));

      switch (expected)
        {
        case EXPECT_VALUE_OR_ARRAY_END:
          if (c == ']')
            {
              close_container (checker);
              expected = expected_after_value (checker);
              break;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_VALUE:
          if (!read_value (checker, &expected))
            return FALSE;
          break;

        case EXPECT_KEY_OR_OBJECT_END:
          if (c == '}')
            {
              close_container (checker);
              expected = expected_after_value (checker);
              break;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_KEY:
          if (c == '"')
            {
              if (!read_key (checker))
                return FALSE;
              expected = EXPECT_COLON;
              break;
            }

          if (c == '}')
            return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                            _("trailing comma; expected a key in double quotes after ','"));

          if (c == '\'')
            return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                            _("single quotes are not allowed; expected a key in double quotes"));

          return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                          "%s", describe_expected (expected));

        case EXPECT_COLON:
          if (c != ':')
            return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                            "%s", describe_expected (expected));
          checker->cursor++;
          expected = EXPECT_VALUE;
          break;

        case EXPECT_COMMA_OR_ARRAY_END:
        case EXPECT_COMMA_OR_OBJECT_END:
          if (c == ',')
            {
              checker->cursor++;
              expected = expected == EXPECT_COMMA_OR_ARRAY_END ? EXPECT_VALUE : EXPECT_KEY;
            }
          else if (c == (expected == EXPECT_COMMA_OR_ARRAY_END ? ']' : '}'))
            {
              close_container (checker);
              expected = expected_after_value (checker);
            }
          else
            {
              return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                              "%s", describe_expected (expected));
            }
          break;

        case EXPECT_END:
          return fail_at (checker, checker->cursor, ROSTER_JSON_CHECK_ERROR_SYNTAX,
                          "%s", describe_expected (expected));

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * roster_json_check:
 * @data: (array length=length): the untrusted bytes
 * @length: the number of bytes in @data
 * @max_length: refuse more bytes than this, before reading any of them
 * @max_depth: the most '[' and '{' that may be open at once
 * @error: return location for a #GError in %ROSTER_JSON_CHECK_ERROR
 *
 * Checks that @data is exactly one strict RFC 8259 JSON value, with no
 * duplicate keys and every integer within #gint64, so that it is safe to
 * hand to json-glib. Error messages carry a position and never repeat
 * string values; they may name a duplicate key.
 *
 * Returns: %TRUE if json-glib may parse @data
 */
gboolean
roster_json_check (const char  *data,
                   gsize        length,
                   gsize        max_length,
                   guint        max_depth,
                   GError     **error)
{
  g_autoptr(GArray) stack = NULL;
  g_autoptr(GString) key = NULL;
  const guchar *bytes = (const guchar *) data;
  const char *invalid = NULL;
  JsonChecker checker;
  gsize i;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length > max_length)
    {
      g_autofree char *limit = g_format_size_full (max_length, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_TOO_LARGE,
                   _("The data is larger than the %s limit."), limit);
      return FALSE;
    }

  for (i = 0; i < length && is_json_white_space (bytes[i]); i++)
    ;

  if (i == length)
    {
      g_set_error_literal (error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_EMPTY,
                           _("The data is empty."));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      guint line;
      guint column;

      find_position (bytes, (const guchar *) invalid, &line, &column);

      if (*invalid == '\0')
        g_set_error (error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_ENCODING,
                     _("Line %u, column %u: the data contains a NUL byte; expected text"),
                     line, column);
      else
        g_set_error (error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_ENCODING,
                     _("Line %u, column %u: the data is not valid UTF-8"),
                     line, column);
      return FALSE;
    }

  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      g_set_error_literal (error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_ENCODING,
                           _("The data starts with a byte-order mark; save it as UTF-8 without BOM."));
      return FALSE;
    }

  stack = g_array_sized_new (FALSE, FALSE, sizeof (OpenContainer), MIN (max_depth, 32));
  g_array_set_clear_func (stack, open_container_clear);
  key = g_string_new (NULL);

  checker.start = bytes;
  checker.end = bytes + length;
  checker.cursor = bytes;
  checker.stack = stack;
  checker.max_depth = max_depth;
  checker.key = key;
  checker.error = error;

  /* Whatever the outcome, the g_autoptr on the stack frees every key table
   * that is still open. */
  return check_grammar (&checker);
}

/* The workaround is needed up to json-glib 1.10.6: the fix, "escape “US”
 * character according to RFC 8259" (json-glib issue #79, commit ea1ffcf),
 * is first in 1.10.8 (checked in json-glib's git: 1.10.0 to 1.10.6 still
 * test `< 0x1f`). */
#define ROSTER_JSON_GLIB_ESCAPES_UNIT_SEPARATOR JSON_CHECK_VERSION (1, 10, 8)

#if !ROSTER_JSON_GLIB_ESCAPES_UNIT_SEPARATOR
/* json-glib 1.6.6's generator escapes every control character except
 * U+001F, which it writes as a raw byte (its escaper tests `< 0x1f`;
 * compiled out where json-glib escapes it itself, see above;
 * test-json-check's /json-check/generate-escapes-controls checks the
 * output either way).
 * That is not JSON: roster_json_check() refuses it, so a draft or a
 * stored answer holding one would not load back. This escapes it. A raw
 * 0x1F byte in the generator's output can only be inside a string: UTF-8
 * never uses it within a multi-byte character, and it is not white space.
 * Takes @json; returns it, or a copy with U+001F escaped. */
static char *
escape_unit_separator (char  *json,
                       gsize *length)
{
  GString *escaped;

  if (memchr (json, 0x1F, *length) == NULL)
    return json;

  escaped = g_string_sized_new (*length + 16);
  for (gsize i = 0; i < *length; i++)
    {
      if (json[i] == 0x1F)
        g_string_append (escaped, "\\u001f");
      else
        g_string_append_c (escaped, json[i]);
    }
  g_free (json);

  *length = escaped->len;

  return g_string_free (escaped, FALSE);
}
#endif

/**
 * roster_json_generate:
 * @root: the document to write
 * @length: (out) (optional): the length of the text in bytes
 *
 * Writes @root as compact JSON that roster_json_check() accepts: every
 * draft, payload and stored answer is written through here, so that what
 * Roster writes it can read back.
 *
 * Returns: (transfer full): the JSON text, nul-terminated
 */
char *
roster_json_generate (JsonNode *root,
                      gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize json_length = 0;
  char *json;

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &json_length);
#if !ROSTER_JSON_GLIB_ESCAPES_UNIT_SEPARATOR
  json = escape_unit_separator (json, &json_length);
#endif

  if (length != NULL)
    *length = json_length;

  return json;
}
