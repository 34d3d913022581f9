/* test-validate.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "roster-validate.h"

typedef gboolean (*Validator) (const char  *text,
                               GError     **error);

static void
assert_valid (Validator   validator,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!validator (text, &error))
    g_error ("“%s” was refused: %s", text != NULL ? text : "(null)", error->message);
  g_assert_no_error (error);
}

/* Returns the error so a caller can check the message too. */
static GError *
expect_error (Validator             validator,
              const char           *text,
              RosterValidationError code)
{
  g_autoptr(GError) error = NULL;

  if (validator (text, &error))
    g_error ("“%s” was accepted", text != NULL ? text : "(null)");
  g_assert_error (error, ROSTER_VALIDATION_ERROR, (int) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");

  return g_steal_pointer (&error);
}

static void
assert_invalid (Validator             validator,
                const char           *text,
                RosterValidationError code)
{
  g_error_free (expect_error (validator, text, code));
}

static void
assert_invalid_with_message (Validator             validator,
                             const char           *text,
                             RosterValidationError code,
                             const char           *message)
{
  g_autoptr(GError) error = expect_error (validator, text, code);

  g_assert_cmpstr (error->message, ==, message);
}

static void
test_npi_valid (void)
{
  assert_valid (roster_validate_npi, "1234567893");
  assert_valid (roster_validate_npi, "1003000126");
  assert_valid (roster_validate_npi, "1987654328");
  assert_valid (roster_validate_npi, "2456789017");
  assert_valid (roster_validate_npi, "1667543296");
  assert_valid (roster_validate_npi, "2999999990");
  assert_valid (roster_validate_npi, " 1234567893 ");
  assert_valid (roster_validate_npi, "\t1234567893\n");
}

static void
test_npi_check_digit_mismatch (void)
{
  assert_invalid_with_message (roster_validate_npi, "1234567890",
                               ROSTER_VALIDATION_ERROR_CHECK_DIGIT,
                               "This NPI’s last digit doesn’t match — check the number.");

  /* Only the one right check digit may pass. */
  for (char last = '0'; last <= '9'; last++)
    {
      char npi[] = "123456789?";

      npi[9] = last;
      if (last == '3')
        assert_valid (roster_validate_npi, npi);
      else
        assert_invalid (roster_validate_npi, npi, ROSTER_VALIDATION_ERROR_CHECK_DIGIT);
    }

  /* Swapping two neighbouring digits is the most common typing slip. */
  assert_invalid (roster_validate_npi, "1243567893", ROSTER_VALIDATION_ERROR_CHECK_DIGIT);
}

static void
test_npi_first_digit (void)
{
  assert_invalid_with_message (roster_validate_npi, "3234567893",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "An NPI starts with 1 or 2 — check the number.");
  assert_invalid (roster_validate_npi, "0234567893", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_npi_non_ascii_digits (void)
{
  /* Full-width and Arabic-Indic digits, which g_unichar_isdigit() accepts. */
  assert_invalid_with_message (roster_validate_npi, "１２３４５６７８９３",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "An NPI uses only the digits 0 to 9.");
  assert_invalid (roster_validate_npi, "١٢٣٤٥٦٧٨٩٣", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_npi, "123456789３", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_npi, "12345678O3", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_npi, "123456789\xff", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_npi_separators (void)
{
  assert_invalid_with_message (roster_validate_npi, "12345 67893",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "Type the NPI as 10 digits, with no spaces or dashes.");
  assert_invalid (roster_validate_npi, "12345-67893", ROSTER_VALIDATION_ERROR_FORMAT);
  /* A no-break space and an en dash, as word processors insert them. */
  assert_invalid_with_message (roster_validate_npi, "12345\xc2\xa0" "67893",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "Type the NPI as 10 digits, with no spaces or dashes.");
  assert_invalid_with_message (roster_validate_npi, "12345–67893",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "Type the NPI as 10 digits, with no spaces or dashes.");
}

static void
test_npi_empty (void)
{
  assert_invalid_with_message (roster_validate_npi, "",
                               ROSTER_VALIDATION_ERROR_EMPTY,
                               "Enter the 10-digit NPI.");
  assert_invalid (roster_validate_npi, NULL, ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (roster_validate_npi, "  \t ", ROSTER_VALIDATION_ERROR_EMPTY);
}

static void
test_npi_length (void)
{
  assert_invalid_with_message (roster_validate_npi, "123456789",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "An NPI has exactly 10 digits; this one has 9.");
  assert_invalid_with_message (roster_validate_npi, "12345678931",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "An NPI has exactly 10 digits; this one has 11.");
  assert_invalid (roster_validate_npi, "1", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_npi_without_error_location (void)
{
  g_assert_true (roster_validate_npi ("1234567893", NULL));
  g_assert_false (roster_validate_npi ("1234567890", NULL));
}

static void
test_npi_check_digit_function (void)
{
  g_assert_cmpint (roster_npi_check_digit ("123456789"), ==, '3');
  g_assert_cmpint (roster_npi_check_digit ("100300012"), ==, '6');
  g_assert_cmpint (roster_npi_check_digit ("198765432"), ==, '8');
  g_assert_cmpint (roster_npi_check_digit ("245678901"), ==, '7');
  g_assert_cmpint (roster_npi_check_digit ("299999999"), ==, '0');

  g_assert_cmpint (roster_npi_check_digit (NULL), ==, '\0');
  g_assert_cmpint (roster_npi_check_digit (""), ==, '\0');
  g_assert_cmpint (roster_npi_check_digit ("12345678"), ==, '\0');
  g_assert_cmpint (roster_npi_check_digit ("1234567890"), ==, '\0');
  g_assert_cmpint (roster_npi_check_digit ("12345678a"), ==, '\0');
  g_assert_cmpint (roster_npi_check_digit (" 23456789"), ==, '\0');
}

static void
test_npi_check_digit_matches_prefixed_luhn (void)
{
  /* Cross-check the "plus 24" shortcut against plain Luhn over the full
   * card number 80840 + nine digits + check digit.
   */
  for (guint seed = 0; seed < 2000; seed++)
    {
      g_autofree char *nine = g_strdup_printf ("%09u", seed * 499979u % 1000000000u);
      g_autofree char *card = NULL;
      char check = roster_npi_check_digit (nine);
      guint sum = 0;
      gsize length;

      g_assert_true (g_ascii_isdigit (check));
      card = g_strdup_printf ("80840%s%c", nine, check);
      length = strlen (card);

      for (gsize i = 0; i < length; i++)
        {
          guint digit = (guint) (card[length - 1 - i] - '0');

          if (i % 2 == 1)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
          sum += digit;
        }

      g_assert_cmpuint (sum % 10, ==, 0);
    }
}

static void
test_email_valid (void)
{
  assert_valid (roster_validate_email, "ana.diaz@upstate.edu");
  assert_valid (roster_validate_email, "Ana.Diaz+hie@upstate.edu");
  assert_valid (roster_validate_email, "  frontdesk@familycare-medical.org  ");
  assert_valid (roster_validate_email, "j_o'neil@mail.guthrie.org");
  assert_valid (roster_validate_email, "a@b.co");
  assert_valid (roster_validate_email, "nurse@clinic.xn--p1ai");
  assert_valid (roster_validate_email, "NURSE@CLINIC.ORG");
}

static void
test_email_empty (void)
{
  assert_invalid_with_message (roster_validate_email, "",
                               ROSTER_VALIDATION_ERROR_EMPTY,
                               "Enter an email address like name@example.org.");
  assert_invalid (roster_validate_email, NULL, ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (roster_validate_email, "   ", ROSTER_VALIDATION_ERROR_EMPTY);
}

static void
test_email_at_sign (void)
{
  assert_invalid (roster_validate_email, "ana@diaz@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana.upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_email_domain (void)
{
  assert_invalid_with_message (roster_validate_email, "ana@localhost",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "The part after @ must be a domain like example.org.");
  assert_invalid (roster_validate_email, "a@b.c", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate.edu.", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@.upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate..edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@-upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate-.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate.123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate_hospital.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@ünïversity.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@[10.0.0.1]", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_email_label_length (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *ok = g_strdup_printf ("ana@%s.org", label63);
  g_autofree char *too_long = g_strdup_printf ("ana@%s.org", label64);

  assert_valid (roster_validate_email, ok);
  assert_invalid (roster_validate_email, too_long, ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_email_spaces_and_controls (void)
{
  assert_invalid (roster_validate_email, "ana diaz@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana@upstate .edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana\xc2\xa0@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana\x07@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana\xe2\x80\xae@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_email_encoding (void)
{
  assert_invalid (roster_validate_email, "ana\xff@upstate.edu", ROSTER_VALIDATION_ERROR_ENCODING);
}

static void
test_email_too_long (void)
{
  /* 64 + 1 + 189 = 254 characters, the most RFC 5321 allows. */
  g_autofree char *local_part = g_strnfill (64, 'a');
  g_autofree char *label = g_strnfill (61, 'b');
  g_autofree char *longest = g_strdup_printf ("%s@%s.%s.%s.org", local_part, label, label, label);
  g_autofree char *too_long = g_strdup_printf ("%s@%s.%s.%s.orgs", local_part, label, label, label);

  g_assert_cmpuint (strlen (longest), ==, 254);
  g_assert_cmpuint (strlen (too_long), ==, 255);
  assert_valid (roster_validate_email, longest);
  assert_invalid (roster_validate_email, too_long, ROSTER_VALIDATION_ERROR_TOO_LONG);
}

static void
test_email_local_part (void)
{
  g_autofree char *local65 = g_strnfill (65, 'a');
  g_autofree char *too_long = g_strdup_printf ("%s@upstate.edu", local65);

  assert_invalid (roster_validate_email, ".ana@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana.@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana..diaz@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "ana,diaz@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "<ana@upstate.edu>", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "\"ana\"@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, "anaí@upstate.edu", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_email, too_long, ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_direct_valid (void)
{
  assert_valid (roster_validate_direct_address, "dr.smith@direct.upstate.org");
  assert_valid (roster_validate_direct_address, "frontdesk@familycare.direct-ci.com");
  assert_valid (roster_validate_direct_address, " DR.SMITH@DIRECT.UPSTATE.ORG ");
}

static void
test_direct_consumer_domain (void)
{
  const char *message = "A Direct address comes from your organization’s Direct Mail (HISP) provider, not a regular email service.";

  assert_invalid_with_message (roster_validate_direct_address, "dr.smith@gmail.com",
                               ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (roster_validate_direct_address, "dr.smith@GMail.COM",
                               ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (roster_validate_direct_address, "dr.smith@proton.me",
                               ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (roster_validate_direct_address, "dr.smith@hotmail.com",
                               ROSTER_VALIDATION_ERROR_FORMAT, message);

  /* The same address is a perfectly good ordinary email. */
  assert_valid (roster_validate_email, "dr.smith@gmail.com");
  /* Only the exact service domain is refused. */
  assert_valid (roster_validate_direct_address, "dr.smith@direct.gmail-clinic.com");
}

static void
test_direct_shape (void)
{
  g_autoptr(GError) error = NULL;

  assert_invalid_with_message (roster_validate_direct_address, "",
                               ROSTER_VALIDATION_ERROR_EMPTY,
                               "Enter the Direct address, like name@direct.example.org.");
  assert_invalid (roster_validate_direct_address, "dr smith@direct.upstate.org", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_direct_address, "dr.smith@direct", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_direct_address, "a@b.c", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_direct_address, "dr.smith\xff@direct.upstate.org", ROSTER_VALIDATION_ERROR_ENCODING);

  /* The wording names the right kind of address. */
  error = expect_error (roster_validate_direct_address, "dr.smith.direct.upstate.org",
                        ROSTER_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Direct address"));
}

static void
test_phone_valid (void)
{
  assert_valid (roster_validate_phone, "(315) 555-0123");
  assert_valid (roster_validate_phone, "315-555-0123");
  assert_valid (roster_validate_phone, "+1 315 555 0123");
  assert_valid (roster_validate_phone, "315.555.0123 x12");
  assert_valid (roster_validate_phone, "3155550123");
  assert_valid (roster_validate_phone, "1-315-555-0123");
  assert_valid (roster_validate_phone, "+1 (315) 555-0123");
  assert_valid (roster_validate_phone, " (315) 555-0123 ");
}

static void
test_phone_extension (void)
{
  assert_valid (roster_validate_phone, "315-555-0123x12");
  assert_valid (roster_validate_phone, "315-555-0123 X 12");
  assert_valid (roster_validate_phone, "315-555-0123 ext 4");
  assert_valid (roster_validate_phone, "315-555-0123 Ext. 123456");
  assert_valid (roster_validate_phone, "315-555-0123 EXT.123");

  assert_invalid (roster_validate_phone, "315-555-0123 x1234567", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315-555-0123 x", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315-555-0123 extension 12", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315-555-0123 x12 x13", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315-555-CALL", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_phone_length (void)
{
  assert_invalid_with_message (roster_validate_phone, "555-0123",
                               ROSTER_VALIDATION_ERROR_FORMAT,
                               "Enter a 10-digit US phone number, like (315) 555-0123.");
  assert_invalid (roster_validate_phone, "315-555-01234", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "2-315-555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "+1 555 0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "+1 1 315 555 0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "31555501234567890123", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_phone_area_code_and_exchange (void)
{
  assert_invalid (roster_validate_phone, "(115) 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "(015) 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "(911) 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "(411) 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "(315) 155-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "(315) 055-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  /* N11 is forbidden only as an area code. */
  assert_valid (roster_validate_phone, "(315) 911-0123");
  assert_valid (roster_validate_phone, "(901) 555-0123");
}

static void
test_phone_characters (void)
{
  assert_invalid (roster_validate_phone, "（３１５）５５５-０１２３", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "３１５-５５５-０１２３", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315/555/0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315-555-0123#12", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315 +555 0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "315\xff" "5550123", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_phone_country_code (void)
{
  assert_invalid (roster_validate_phone, "+44 20 7946 0958", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "+", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_phone_parentheses (void)
{
  assert_invalid (roster_validate_phone, "(315 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, ")315( 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (roster_validate_phone, "((315)) 555-0123", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_phone_empty (void)
{
  assert_invalid (roster_validate_phone, "", ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (roster_validate_phone, NULL, ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (roster_validate_phone, "  ", ROSTER_VALIDATION_ERROR_EMPTY);
}

static gboolean
validate_short_name (const char  *text,
                     GError     **error)
{
  return roster_validate_text (text, 1, 64, FALSE, error);
}

static gboolean
validate_optional_note (const char  *text,
                        GError     **error)
{
  return roster_validate_text (text, 0, 1000, TRUE, error);
}

static gboolean
validate_organization (const char  *text,
                       GError     **error)
{
  return roster_validate_text (text, 2, 128, FALSE, error);
}

static void
test_text_valid (void)
{
  assert_valid (validate_short_name, "Ana");
  assert_valid (validate_short_name, "José Núñez-O’Brien");
  assert_valid (validate_short_name, "李");
  assert_valid (validate_organization, "Upstate University Hospital");
  assert_valid (validate_optional_note, "");
  assert_valid (validate_optional_note, NULL);
  assert_valid (validate_optional_note, "   ");
}

static void
test_text_encoding (void)
{
  assert_invalid_with_message (validate_short_name, "\xff",
                               ROSTER_VALIDATION_ERROR_ENCODING,
                               "This text contains characters that can’t be read; type it in again instead of pasting it.");
  assert_invalid (validate_short_name, "Ana\xc3", ROSTER_VALIDATION_ERROR_ENCODING);
  assert_invalid (validate_optional_note, "\xed\xa0\x80", ROSTER_VALIDATION_ERROR_ENCODING);
}

static void
test_text_control (void)
{
  assert_invalid_with_message (validate_short_name, "Ana\x07",
                               ROSTER_VALIDATION_ERROR_CONTROL,
                               "Remove the special control characters; they are often pasted in by accident.");
  assert_invalid (validate_short_name, "\x07", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "A\x1b[31mna", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\xc2\x85" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_optional_note, "Line\x0b" "break", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_optional_note, "\x07", ROSTER_VALIDATION_ERROR_CONTROL);
}

static void
test_text_bidi_and_separators (void)
{
  assert_invalid (validate_short_name, "\xe2\x80\xae", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\xe2\x80\xaa" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\xe2\x81\xa6" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\xe2\x81\xa9" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\xe2\x80\xa8" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  /* Multiline text allows line breaks, but never these. */
  assert_invalid (validate_optional_note, "Ana\xe2\x80\xae" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_optional_note, "Ana\xe2\x80\xa9" "Diaz", ROSTER_VALIDATION_ERROR_CONTROL);
}

static void
test_text_multiline (void)
{
  assert_valid (validate_optional_note, "First line\nSecond line");
  assert_valid (validate_optional_note, "First line\r\n\tindented");
  assert_invalid (validate_short_name, "Ana\nDiaz", ROSTER_VALIDATION_ERROR_CONTROL);
  assert_invalid (validate_short_name, "Ana\tDiaz", ROSTER_VALIDATION_ERROR_CONTROL);
  /* A line break at either end is trimmed away, not refused. */
  assert_valid (validate_short_name, "Ana Diaz\n");
}

static void
test_text_length_in_characters (void)
{
  g_autofree char *accented64 = NULL;
  g_autofree char *accented65 = NULL;
  GString *builder = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 64; i++)
    g_string_append (builder, "é");
  accented64 = g_string_free (g_steal_pointer (&builder), FALSE);
  accented65 = g_strconcat (accented64, "é", NULL);

  /* 128 bytes but 64 characters. */
  assert_valid (validate_short_name, accented64);
  assert_invalid_with_message (validate_short_name, accented65,
                               ROSTER_VALIDATION_ERROR_TOO_LONG,
                               "Use at most 64 characters; this has 65.");

  /* "é" counts once, so it is too short for a 2-character minimum. */
  assert_invalid_with_message (validate_organization, "é",
                               ROSTER_VALIDATION_ERROR_TOO_SHORT,
                               "Use at least 2 characters.");
  assert_valid (validate_organization, "éé");

  g_assert_false (roster_validate_text ("ab", 3, 10, FALSE, &error));
  g_assert_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_TOO_SHORT);
}

static void
test_text_trimmed (void)
{
  g_autofree char *padded = NULL;
  g_autofree char *name64 = g_strnfill (64, 'a');

  padded = g_strdup_printf ("   %s \t\n", name64);
  assert_valid (validate_short_name, padded);
  /* White space does not count towards the minimum either. */
  assert_invalid (validate_organization, "  A  ", ROSTER_VALIDATION_ERROR_TOO_SHORT);
}

static void
test_text_empty (void)
{
  assert_invalid_with_message (validate_short_name, "",
                               ROSTER_VALIDATION_ERROR_EMPTY,
                               "Fill in this field.");
  assert_invalid (validate_short_name, NULL, ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (validate_short_name, " \t\r\n ", ROSTER_VALIDATION_ERROR_EMPTY);
}

static void
test_text_default_max_length (void)
{
  g_autofree char *at_limit = g_strnfill (ROSTER_TEXT_DEFAULT_MAX_LENGTH, 'x');
  g_autofree char *over_limit = g_strnfill (ROSTER_TEXT_DEFAULT_MAX_LENGTH + 1, 'x');
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_validate_text (at_limit, 0, 0, FALSE, NULL));
  g_assert_false (roster_validate_text (over_limit, 0, 0, FALSE, &error));
  g_assert_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "Use at most 256 characters; this has 257.");
}

static void
test_text_normalize (void)
{
  g_autofree char *empty = roster_text_normalize (NULL);
  g_autofree char *trimmed = roster_text_normalize ("  \tAna Diaz \r\n");
  g_autofree char *inner = roster_text_normalize ("Ana  Diaz");
  /* Only ASCII white space is trimmed; a no-break space is content. */
  g_autofree char *nbsp = roster_text_normalize ("\xc2\xa0" "Ana");

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (trimmed, ==, "Ana Diaz");
  g_assert_cmpstr (inner, ==, "Ana  Diaz");
  g_assert_cmpstr (nbsp, ==, "\xc2\xa0" "Ana");
}

static gboolean
parse_date_only (const char  *text,
                 GError     **error)
{
  return roster_parse_date (text, NULL, error);
}

static void
test_date_valid (void)
{
  GDate date;

  g_assert_true (roster_parse_date ("2026-11-25", &date, NULL));
  g_assert_true (g_date_valid (&date));
  g_assert_cmpint (g_date_get_year (&date), ==, 2026);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_NOVEMBER);
  g_assert_cmpint (g_date_get_day (&date), ==, 25);

  assert_valid (parse_date_only, " 2026-11-25 ");
  assert_valid (parse_date_only, "1900-01-01");
  assert_valid (parse_date_only, "9999-12-31");
}

static void
test_date_leap_day (void)
{
  assert_valid (parse_date_only, "2028-02-29");
  assert_valid (parse_date_only, "2000-02-29");
  assert_invalid (parse_date_only, "2026-02-29", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "2100-02-29", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_date_no_such_day (void)
{
  const char *message = "There is no such day — check the month and day.";

  assert_invalid_with_message (parse_date_only, "2026-02-30", ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (parse_date_only, "2026-13-01", ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (parse_date_only, "2026-00-10", ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (parse_date_only, "2026-04-31", ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid_with_message (parse_date_only, "2026-04-00", ROSTER_VALIDATION_ERROR_FORMAT, message);
}

static void
test_date_format (void)
{
  const char *message = "Enter the date as YYYY-MM-DD, for example 2026-03-01.";
  GDate untouched;

  assert_invalid_with_message (parse_date_only, "2026-1-5", ROSTER_VALIDATION_ERROR_FORMAT, message);
  assert_invalid (parse_date_only, "11/25/2026", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "2026/11/25", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "2026-11-25T00:00", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "2026-11-2", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "+026-11-25", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "20261125", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "", ROSTER_VALIDATION_ERROR_EMPTY);
  assert_invalid (parse_date_only, NULL, ROSTER_VALIDATION_ERROR_EMPTY);

  /* A failed parse leaves the caller's date alone. */
  g_date_clear (&untouched, 1);
  g_assert_false (roster_parse_date ("2026-02-30", &untouched, NULL));
  g_assert_false (g_date_valid (&untouched));
}

static void
test_date_non_ascii_digits (void)
{
  assert_invalid (parse_date_only, "２０２６-11-25", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "٢٠٢٦-١١-٢٥", ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_date_year_range (void)
{
  assert_invalid (parse_date_only, "1899-12-31", ROSTER_VALIDATION_ERROR_FORMAT);
  assert_invalid (parse_date_only, "0000-01-01", ROSTER_VALIDATION_ERROR_FORMAT);
}

static gboolean
validate_date_in_window (const char *text,
                         int         min_days,
                         int         max_days,
                         GError    **error)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2026);

  return roster_validate_date (text, &today, min_days, max_days, error);
}

static void
test_date_range_past (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) today_error = NULL;

  /* Today is 2026-03-01: 2026-01-30 is 30 days before, 2026-01-29 is 31. */
  g_assert_true (validate_date_in_window ("2026-01-30", -30, G_MAXINT, NULL));
  g_assert_true (validate_date_in_window ("2030-01-01", -30, G_MAXINT, NULL));
  g_assert_false (validate_date_in_window ("2026-01-29", -30, G_MAXINT, &error));
  g_assert_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "The date can’t be more than 30 days in the past.");

  g_assert_true (validate_date_in_window ("2026-03-01", 0, G_MAXINT, NULL));
  g_assert_false (validate_date_in_window ("2026-02-28", 0, G_MAXINT, &today_error));
  g_assert_error (today_error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (today_error->message, ==, "The date can’t be in the past.");
}

static void
test_date_range_future (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) today_error = NULL;

  g_assert_true (validate_date_in_window ("2026-03-31", G_MININT, 30, NULL));
  g_assert_true (validate_date_in_window ("1900-01-01", G_MININT, 30, NULL));
  g_assert_false (validate_date_in_window ("2026-04-01", G_MININT, 30, &error));
  g_assert_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "The date can’t be more than 30 days ahead.");

  g_assert_false (validate_date_in_window ("2026-03-02", G_MININT, 0, &today_error));
  g_assert_error (today_error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (today_error->message, ==, "The date can’t be in the future.");
}

static void
test_date_range_without_today (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (roster_validate_date ("1900-01-01", NULL, -30, 30, NULL));
  g_assert_false (roster_validate_date ("2026-02-30", NULL, -30, 30, &error));
  g_assert_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT);
}

static void
test_messages_never_repeat_the_value (void)
{
  static const struct
  {
    Validator   validator;
    const char *text;
  } cases[] = {
    { roster_validate_npi, "1234567890" },
    { roster_validate_npi, "12345 67893" },
    { roster_validate_npi, "3234567893" },
    { roster_validate_email, "ana@diaz@upstate.edu" },
    { roster_validate_email, "ana.diaz@upstate" },
    { roster_validate_email, "ana..diaz@upstate.edu" },
    { roster_validate_direct_address, "dr.smith@gmail.com" },
    { roster_validate_phone, "(911) 555-0123" },
    /* Not 555-0123: that is the example every phone message shows. */
    { roster_validate_phone, "555-0199" },
    { validate_short_name, "Ana\x07" "Diaz" },
    { parse_date_only, "2026-02-30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cases[i].validator (cases[i].text, &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, cases[i].text));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/npi/valid", test_npi_valid);
  g_test_add_func ("/validate/npi/check-digit-mismatch", test_npi_check_digit_mismatch);
  g_test_add_func ("/validate/npi/first-digit", test_npi_first_digit);
  g_test_add_func ("/validate/npi/non-ascii-digits", test_npi_non_ascii_digits);
  g_test_add_func ("/validate/npi/separators", test_npi_separators);
  g_test_add_func ("/validate/npi/empty", test_npi_empty);
  g_test_add_func ("/validate/npi/length", test_npi_length);
  g_test_add_func ("/validate/npi/without-error-location", test_npi_without_error_location);
  g_test_add_func ("/validate/npi/check-digit-function", test_npi_check_digit_function);
  g_test_add_func ("/validate/npi/check-digit-matches-prefixed-luhn", test_npi_check_digit_matches_prefixed_luhn);

  g_test_add_func ("/validate/email/valid", test_email_valid);
  g_test_add_func ("/validate/email/empty", test_email_empty);
  g_test_add_func ("/validate/email/at-sign", test_email_at_sign);
  g_test_add_func ("/validate/email/domain", test_email_domain);
  g_test_add_func ("/validate/email/label-length", test_email_label_length);
  g_test_add_func ("/validate/email/spaces-and-controls", test_email_spaces_and_controls);
  g_test_add_func ("/validate/email/encoding", test_email_encoding);
  g_test_add_func ("/validate/email/too-long", test_email_too_long);
  g_test_add_func ("/validate/email/local-part", test_email_local_part);

  g_test_add_func ("/validate/direct/valid", test_direct_valid);
  g_test_add_func ("/validate/direct/consumer-domain", test_direct_consumer_domain);
  g_test_add_func ("/validate/direct/shape", test_direct_shape);

  g_test_add_func ("/validate/phone/valid", test_phone_valid);
  g_test_add_func ("/validate/phone/extension", test_phone_extension);
  g_test_add_func ("/validate/phone/length", test_phone_length);
  g_test_add_func ("/validate/phone/area-code-and-exchange", test_phone_area_code_and_exchange);
  g_test_add_func ("/validate/phone/characters", test_phone_characters);
  g_test_add_func ("/validate/phone/country-code", test_phone_country_code);
  g_test_add_func ("/validate/phone/parentheses", test_phone_parentheses);
  g_test_add_func ("/validate/phone/empty", test_phone_empty);

  g_test_add_func ("/validate/text/valid", test_text_valid);
  g_test_add_func ("/validate/text/encoding", test_text_encoding);
  g_test_add_func ("/validate/text/control", test_text_control);
  g_test_add_func ("/validate/text/bidi-and-separators", test_text_bidi_and_separators);
  g_test_add_func ("/validate/text/multiline", test_text_multiline);
  g_test_add_func ("/validate/text/length-in-characters", test_text_length_in_characters);
  g_test_add_func ("/validate/text/trimmed", test_text_trimmed);
  g_test_add_func ("/validate/text/empty", test_text_empty);
  g_test_add_func ("/validate/text/default-max-length", test_text_default_max_length);
  g_test_add_func ("/validate/text/normalize", test_text_normalize);

  g_test_add_func ("/validate/date/valid", test_date_valid);
  g_test_add_func ("/validate/date/leap-day", test_date_leap_day);
  g_test_add_func ("/validate/date/no-such-day", test_date_no_such_day);
  g_test_add_func ("/validate/date/format", test_date_format);
  g_test_add_func ("/validate/date/non-ascii-digits", test_date_non_ascii_digits);
  g_test_add_func ("/validate/date/year-range", test_date_year_range);
  g_test_add_func ("/validate/date/range-past", test_date_range_past);
  g_test_add_func ("/validate/date/range-future", test_date_range_future);
  g_test_add_func ("/validate/date/range-without-today", test_date_range_without_today);

  g_test_add_func ("/validate/messages/never-repeat-the-value", test_messages_never_repeat_the_value);

  return g_test_run ();
}
