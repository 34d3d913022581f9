/* roster-validate.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-validate"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-validate.h"

/* RFC 5321 limits and the NANP numbering plan; see the value rules in FORM.md. */
#define ADDRESS_LOCAL_PART_MAX_LENGTH 64
#define DOMAIN_LABEL_MAX_LENGTH       63
#define PHONE_NUMBER_DIGITS           10
#define PHONE_EXTENSION_MAX_DIGITS    6
#define DATE_MIN_YEAR                 1900

/* Direct addresses are checked with the same shape rules as email
 * addresses, but the messages must name the right kind of address and
 * show an example of the right shape, so only the wording differs.
 * Every string is a whole sentence so translators never see fragments.
 */
typedef struct
{
  const char *empty;
  const char *too_long;
  const char *encoding;
  const char *spaces;
  const char *control;
  const char *missing_at;
  const char *extra_at;
  const char *missing_local_part;
  const char *domain_shape;
  const char *domain_character;
  const char *top_level_domain;
} AddressWording;

static const AddressWording email_wording = {
  .empty = N_("Enter an email address like name@example.org."),
  .too_long = N_("An email address can have at most 254 characters."),
  .encoding = N_("The email address contains characters that can’t be read; type it in again instead of pasting it."),
  .spaces = N_("Remove the spaces from the email address."),
  .control = N_("Remove the hidden special characters from the email address; they are often pasted in by accident."),
  .missing_at = N_("An email address needs an @, like name@example.org."),
  .extra_at = N_("An email address has only one @, like name@example.org."),
  .missing_local_part = N_("Add the name before the @, like name@example.org."),
  .domain_shape = N_("The part after @ must be a domain like example.org."),
  .domain_character = N_("The part after @ can use only the letters a to z, digits, hyphens and dots, like example.org."),
  .top_level_domain = N_("The part after @ must end with a domain ending like .org or .com, as in name@example.org."),
};

static const AddressWording direct_wording = {
  .empty = N_("Enter the Direct address, like name@direct.example.org."),
  .too_long = N_("A Direct address can have at most 254 characters."),
  .encoding = N_("The Direct address contains characters that can’t be read; type it in again instead of pasting it."),
  .spaces = N_("Remove the spaces from the Direct address."),
  .control = N_("Remove the hidden special characters from the Direct address; they are often pasted in by accident."),
  .missing_at = N_("A Direct address needs an @, like name@direct.example.org."),
  .extra_at = N_("A Direct address has only one @, like name@direct.example.org."),
  .missing_local_part = N_("Add the name before the @, like name@direct.example.org."),
  .domain_shape = N_("The part after @ must be your Direct domain, like direct.example.org."),
  .domain_character = N_("The part after @ can use only the letters a to z, digits, hyphens and dots, like direct.example.org."),
  .top_level_domain = N_("The part after @ must end with a domain ending like .org or .com, as in name@direct.example.org."),
};

/* A Direct address is issued by a HISP on the organization's own domain;
 * these services never issue one, so an address on them is a mix-up with
 * the user's ordinary email.
 */
static const char * const consumer_email_domains[] = {
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "mail.com",
};

G_DEFINE_QUARK (roster-validation-error-quark, roster_validation_error)

static gboolean
is_forbidden_control_character (gunichar c,
                                gboolean multiline)
{
  if (multiline && (c == '\n' || c == '\r' || c == '\t'))
    return FALSE;

  /* Bidi overrides and isolates make text display in a different order
   * than it is stored, so a reviewer could approve something other than
   * what is sent; line and paragraph separators break single-line
   * displays and exports while looking like ordinary line breaks.
   */
  if ((c >= 0x202A && c <= 0x202E) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c == 0x2028 || c == 0x2029)
    return TRUE;

  return g_unichar_type (c) == G_UNICODE_CONTROL;
}

/* @text must be valid UTF-8. */
static gboolean
contains_forbidden_control_character (const char *text,
                                      gboolean    multiline)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_forbidden_control_character (g_utf8_get_char (p), multiline))
        return TRUE;
    }

  return FALSE;
}

/**
 * roster_text_normalize:
 * @text: (nullable): text as typed
 *
 * Removes leading and trailing ASCII white space, the form in which every
 * value is validated, stored and sent.
 *
 * Returns: (transfer full): a newly allocated string, never %NULL
 */
char *
roster_text_normalize (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/**
 * roster_validate_text:
 * @text: (nullable): text as typed
 * @min_length: fewest characters allowed; 0 makes the field optional
 * @max_length: most characters allowed, or 0 for
 *   %ROSTER_TEXT_DEFAULT_MAX_LENGTH
 * @multiline: whether line breaks and tabs are allowed
 * @error: return location for a #RosterValidationError
 *
 * Checks free text. Lengths count characters of the trimmed text, so an
 * accented letter counts once and surrounding white space not at all.
 *
 * Returns: %TRUE if @text is acceptable
 */
gboolean
roster_validate_text (const char  *text,
                      guint        min_length,
                      guint        max_length,
                      gboolean     multiline,
                      GError     **error)
{
  guint effective_max_length = max_length != 0 ? max_length : ROSTER_TEXT_DEFAULT_MAX_LENGTH;
  g_autofree char *trimmed = NULL;
  guint length;

  g_return_val_if_fail (min_length <= effective_max_length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);

  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_ENCODING,
                           _("This text contains characters that can’t be read; type it in again instead of pasting it."));
      return FALSE;
    }

  /* Checked after trimming: a stray line break at either end is removed
   * anyway, so it is no reason to refuse a single-line value.
   */
  if (contains_forbidden_control_character (trimmed, multiline))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_CONTROL,
                           _("Remove the special control characters; they are often pasted in by accident."));
      return FALSE;
    }

  length = (guint) g_utf8_strlen (trimmed, -1);

  if (length == 0)
    {
      if (min_length == 0)
        return TRUE;

      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_EMPTY,
                           _("Fill in this field."));
      return FALSE;
    }

  if (length < min_length)
    {
      g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_TOO_SHORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Use at least %u character.",
                                "Use at least %u characters.",
                                min_length),
                   min_length);
      return FALSE;
    }

  if (length > effective_max_length)
    {
      /* Only a count is shown, never the text, so the message is safe to log. */
      g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Use at most %u character; this has %u.",
                                "Use at most %u characters; this has %u.",
                                effective_max_length),
                   effective_max_length, length);
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_npi_check_digit:
 * @first_nine_digits: the first nine digits of an NPI
 *
 * Computes the tenth digit of a National Provider Identifier.
 *
 * Returns: the check digit as a character '0' to '9', or '\0' if
 *   @first_nine_digits is not exactly nine ASCII digits
 */
char
roster_npi_check_digit (const char *first_nine_digits)
{
  /* An NPI is the tail of an ISO 7812 card number whose prefix is 80840;
   * that prefix always contributes 24 to the Luhn sum.
   */
  guint sum = 24;

  if (first_nine_digits == NULL)
    return '\0';

  for (guint i = 0; i < ROSTER_NPI_LENGTH - 1; i++)
    {
      if (!g_ascii_isdigit (first_nine_digits[i]))
        return '\0';
    }

  if (first_nine_digits[ROSTER_NPI_LENGTH - 1] != '\0')
    return '\0';

  /* Luhn doubles every second digit counting from the check digit, so the
   * digit right before it (the rightmost one here) is doubled.
   */
  for (guint i = 0; i < ROSTER_NPI_LENGTH - 1; i++)
    {
      guint digit = (guint) (first_nine_digits[ROSTER_NPI_LENGTH - 2 - i] - '0');

      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }

      sum += digit;
    }

  return (char) ('0' + (10 - sum % 10) % 10);
}

static gboolean
contains_space_or_dash (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return strpbrk (text, " \t\n\v\f\r-") != NULL;

  /* Also catches no-break spaces and typographic dashes, which word
   * processors substitute and which get the same advice as plain ones.
   */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION)
        return TRUE;
    }

  return FALSE;
}

/**
 * roster_validate_npi:
 * @text: (nullable): an NPI as typed
 * @error: return location for a #RosterValidationError
 *
 * Checks a National Provider Identifier: ten ASCII digits, starting with
 * 1 or 2, with a valid check digit.
 *
 * Returns: %TRUE if @text is a valid NPI
 */
gboolean
roster_validate_npi (const char  *text,
                     GError     **error)
{
  g_autofree char *trimmed = NULL;
  char first_nine_digits[ROSTER_NPI_LENGTH];
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_EMPTY,
                           _("Enter the 10-digit NPI."));
      return FALSE;
    }

  if (contains_space_or_dash (trimmed))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("Type the NPI as 10 digits, with no spaces or dashes."));
      return FALSE;
    }

  /* Only ASCII digits: full-width or Arabic-Indic digits look right on
   * screen but are not what the NPPES registry or the HIE will match.
   */
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("An NPI uses only the digits 0 to 9."));
          return FALSE;
        }
    }

  length = strlen (trimmed);

  if (length != ROSTER_NPI_LENGTH)
    {
      g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "An NPI has exactly 10 digits; this one has %u.",
                                "An NPI has exactly 10 digits; this one has %u.",
                                length),
                   (guint) length);
      return FALSE;
    }

  if (trimmed[0] != '1' && trimmed[0] != '2')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("An NPI starts with 1 or 2 — check the number."));
      return FALSE;
    }

  memcpy (first_nine_digits, trimmed, ROSTER_NPI_LENGTH - 1);
  first_nine_digits[ROSTER_NPI_LENGTH - 1] = '\0';

  if (roster_npi_check_digit (first_nine_digits) != trimmed[ROSTER_NPI_LENGTH - 1])
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_CHECK_DIGIT,
                           _("This NPI’s last digit doesn’t match — check the number."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_local_part_character (char c)
{
  /* Printable ASCII except the characters RFC 5322 reserves for quoting
   * and structure; quoted local parts are legal but no mail system an HIE
   * works with issues them, and they are mostly typing mistakes.
   */
  return c >= '!' && c <= '~' && strchr ("()<>[]\\,;:\"@", c) == NULL;
}

static gboolean
check_local_part (const char           *local_part,
                  gsize                 length,
                  const AddressWording *wording,
                  GError              **error)
{
  if (length == 0)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _(wording->missing_local_part));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (!is_local_part_character (local_part[i]))
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("The part before @ has a character that isn’t allowed; use letters a to z, digits, dots, hyphens, underscores or plus signs."));
          return FALSE;
        }
    }

  if (local_part[0] == '.' ||
      local_part[length - 1] == '.' ||
      g_strstr_len (local_part, (gssize) length, "..") != NULL)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("The part before @ can’t start or end with a dot or have two dots in a row."));
      return FALSE;
    }

  /* Counted after the character check, so bytes are characters here. */
  if (length > ADDRESS_LOCAL_PART_MAX_LENGTH)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("The part before @ can have at most 64 characters."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_top_level_domain (const char *label)
{
  /* Punycode endings ("xn--…") are how internationalized endings are
   * written in ASCII; everything else is letters only.
   */
  if (g_ascii_strncasecmp (label, "xn--", 4) == 0)
    return TRUE;

  if (strlen (label) < 2)
    return FALSE;

  for (const char *p = label; *p != '\0'; p++)
    {
      if (!g_ascii_isalpha (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_domain (const char           *domain,
              const AddressWording *wording,
              GError              **error)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;

  for (const char *p = domain; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _(wording->domain_character));
          return FALSE;
        }
    }

  labels = g_strsplit (domain, ".", -1);
  n_labels = g_strv_length (labels);

  if (n_labels < 2)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _(wording->domain_shape));
      return FALSE;
    }

  for (guint i = 0; i < n_labels; i++)
    {
      gsize length = strlen (labels[i]);

      /* An empty label is a leading, trailing or doubled dot. */
      if (length == 0)
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _(wording->domain_shape));
          return FALSE;
        }

      if (length > DOMAIN_LABEL_MAX_LENGTH)
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("Each part of the domain between dots can have at most 63 characters."));
          return FALSE;
        }

      if (labels[i][0] == '-' || labels[i][length - 1] == '-')
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("A part of the domain can’t start or end with a hyphen."));
          return FALSE;
        }
    }

  if (!is_top_level_domain (labels[n_labels - 1]))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _(wording->top_level_domain));
      return FALSE;
    }

  return TRUE;
}

/* The shape rules shared by email and Direct addresses. @trimmed is the
 * normalized value; on success it holds exactly one '@'.
 */
static gboolean
check_address (const char           *trimmed,
               const AddressWording *wording,
               GError              **error)
{
  const char *at;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_EMPTY,
                           _(wording->empty));
      return FALSE;
    }

  /* Encoding first: counting characters needs valid UTF-8. */
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_ENCODING,
                           _(wording->encoding));
      return FALSE;
    }

  if (g_utf8_strlen (trimmed, -1) > ROSTER_ADDRESS_MAX_LENGTH)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_TOO_LONG,
                           _(wording->too_long));
      return FALSE;
    }

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _(wording->spaces));
          return FALSE;
        }

      if (is_forbidden_control_character (c, FALSE))
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _(wording->control));
          return FALSE;
        }
    }

  at = strchr (trimmed, '@');

  if (at == NULL)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _(wording->missing_at));
      return FALSE;
    }

  if (strchr (at + 1, '@') != NULL)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _(wording->extra_at));
      return FALSE;
    }

  if (!check_local_part (trimmed, (gsize) (at - trimmed), wording, error))
    return FALSE;

  return check_domain (at + 1, wording, error);
}

/**
 * roster_validate_email:
 * @text: (nullable): an email address as typed
 * @error: return location for a #RosterValidationError
 *
 * Checks that @text has the shape of an ordinary email address. Whether
 * the mailbox exists is not checked.
 *
 * Returns: %TRUE if @text looks like an email address
 */
gboolean
roster_validate_email (const char  *text,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);

  return check_address (trimmed, &email_wording, error);
}

static gboolean
is_consumer_email_domain (const char *domain)
{
  for (guint i = 0; i < G_N_ELEMENTS (consumer_email_domains); i++)
    {
      if (g_ascii_strcasecmp (domain, consumer_email_domains[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * roster_validate_direct_address:
 * @text: (nullable): a Direct Secure Messaging address as typed
 * @error: return location for a #RosterValidationError
 *
 * Checks that @text has the shape of an email address and is not on a
 * consumer email service, which never issues Direct addresses.
 *
 * Returns: %TRUE if @text looks like a Direct address
 */
gboolean
roster_validate_direct_address (const char  *text,
                                GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);

  if (!check_address (trimmed, &direct_wording, error))
    return FALSE;

  if (is_consumer_email_domain (strchr (trimmed, '@') + 1))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("A Direct address comes from your organization’s Direct Mail (HISP) provider, not a regular email service."));
      return FALSE;
    }

  return TRUE;
}

/* @extension starts at the first letter after the number. */
static gboolean
is_phone_extension (const char *extension)
{
  const char *p = extension;
  guint n_digits = 0;

  if (g_ascii_strncasecmp (p, "ext", 3) == 0)
    {
      p += 3;
      if (*p == '.')
        p++;
    }
  else if (g_ascii_tolower (*p) == 'x')
    {
      p++;
    }
  else
    {
      return FALSE;
    }

  while (*p == ' ')
    p++;

  for (; g_ascii_isdigit (*p); p++)
    n_digits++;

  return *p == '\0' && n_digits >= 1 && n_digits <= PHONE_EXTENSION_MAX_DIGITS;
}

/**
 * roster_validate_phone:
 * @text: (nullable): a US phone number as typed
 * @error: return location for a #RosterValidationError
 *
 * Checks a North American Numbering Plan number, written with the usual
 * separators, optionally preceded by the country code 1 and followed by
 * an extension ("x12", "ext. 12").
 *
 * Returns: %TRUE if @text is a plausible US phone number
 */
gboolean
roster_validate_phone (const char  *text,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  char digits[PHONE_NUMBER_DIGITS + 1];
  const char *number;
  const char *p;
  const char *open_paren = NULL;
  const char *close_paren = NULL;
  guint n_parens = 0;
  guint n_digits = 0;
  gboolean has_plus = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);
  p = trimmed;

  if (*p == '\0')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_EMPTY,
                           _("Enter a 10-digit US phone number, like (315) 555-0123."));
      return FALSE;
    }

  if (*p == '+')
    {
      if (p[1] != '1')
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("Enter a US phone number; numbers from other countries can’t be used here."));
          return FALSE;
        }

      has_plus = TRUE;
      p++;
    }

  /* The number runs up to the first letter, where an extension may begin.
   * Digits beyond the eleventh are counted but not kept; the count alone
   * refuses them.
   */
  for (; *p != '\0' && !g_ascii_isalpha (*p); p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n_digits < G_N_ELEMENTS (digits))
            digits[n_digits] = *p;
          n_digits++;
        }
      else if (*p == '(')
        {
          open_paren = p;
          n_parens++;
        }
      else if (*p == ')')
        {
          close_paren = p;
          n_parens++;
        }
      else if (*p != ' ' && *p != '-' && *p != '.')
        {
          g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                               _("A phone number can use only the digits 0 to 9, spaces, parentheses, dashes and dots, like (315) 555-0123."));
          return FALSE;
        }
    }

  if (*p != '\0' && !is_phone_extension (p))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("Write an extension as x or ext followed by up to 6 digits, like (315) 555-0123 x12."));
      return FALSE;
    }

  if (n_parens != 0 &&
      (n_parens != 2 || open_paren == NULL || close_paren == NULL || open_paren > close_paren))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("Put one pair of parentheses around the area code, like (315) 555-0123."));
      return FALSE;
    }

  /* The country code is dropped so that "1 315 …" and "315 …" are the
   * same number; an area code never starts with 1, so this is unambiguous.
   */
  number = digits;
  if (has_plus || (n_digits == PHONE_NUMBER_DIGITS + 1 && digits[0] == '1'))
    {
      number++;
      n_digits--;
    }

  if (n_digits != PHONE_NUMBER_DIGITS)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("Enter a 10-digit US phone number, like (315) 555-0123."));
      return FALSE;
    }

  if (number[0] < '2')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("A US area code can’t start with 0 or 1 — check the number."));
      return FALSE;
    }

  /* N11 codes (211, 411, 911 …) are service numbers, never area codes. */
  if (number[1] == '1' && number[2] == '1')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("The area code can’t be a service number like 411 or 911 — check the number."));
      return FALSE;
    }

  if (number[3] < '2')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("The three digits after the area code can’t start with 0 or 1 — check the number."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_iso_date_shape (const char *text)
{
  /* Stops at the first mismatch, so a short string is never over-read. */
  for (guint i = 0; i < 10; i++)
    {
      gboolean is_separator = i == 4 || i == 7;

      if (is_separator ? text[i] != '-' : !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return text[10] == '\0';
}

static guint
parse_ascii_decimal (const char *digits,
                     guint       n_digits)
{
  guint value = 0;

  for (guint i = 0; i < n_digits; i++)
    value = value * 10 + (guint) (digits[i] - '0');

  return value;
}

/**
 * roster_parse_date:
 * @text: (nullable): a date as typed, "YYYY-MM-DD"
 * @date: (out) (optional): where to store the date
 * @error: return location for a #RosterValidationError
 *
 * Parses an ISO 8601 calendar date. Only the full "YYYY-MM-DD" form with
 * ASCII digits is accepted, so that a date never depends on locale order.
 * @date is left untouched on failure.
 *
 * Returns: %TRUE if @text is a real calendar day
 */
gboolean
roster_parse_date (const char  *text,
                   GDate       *date,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;
  guint year;
  guint month;
  guint day;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = roster_text_normalize (text);

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_EMPTY,
                           _("Enter the date as YYYY-MM-DD, for example 2026-03-01."));
      return FALSE;
    }

  if (!is_iso_date_shape (trimmed))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("Enter the date as YYYY-MM-DD, for example 2026-03-01."));
      return FALSE;
    }

  year = parse_ascii_decimal (trimmed, 4);
  month = parse_ascii_decimal (trimmed + 5, 2);
  day = parse_ascii_decimal (trimmed + 8, 2);

  if (year < DATE_MIN_YEAR)
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("The year must be 1900 or later — check the date."));
      return FALSE;
    }

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                           _("There is no such day — check the month and day."));
      return FALSE;
    }

  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }

  return TRUE;
}

/**
 * roster_validate_date:
 * @text: (nullable): a date as typed, "YYYY-MM-DD"
 * @today: (nullable): the reference day, or %NULL to skip the range check
 * @min_days_from_today: earliest allowed day relative to @today (negative
 *   is in the past), or %G_MININT for no limit
 * @max_days_from_today: latest allowed day relative to @today, or
 *   %G_MAXINT for no limit
 * @error: return location for a #RosterValidationError
 *
 * Parses @text like roster_parse_date() and checks it lies within the
 * given window around @today, both ends included. @today is a parameter
 * rather than the clock so that results are reproducible in tests and
 * stable while a form is open across midnight.
 *
 * Returns: %TRUE if @text is a real day within the window
 */
gboolean
roster_validate_date (const char   *text,
                      const GDate  *today,
                      int           min_days_from_today,
                      int           max_days_from_today,
                      GError      **error)
{
  GDate date;
  int days_from_today;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (min_days_from_today <= max_days_from_today, FALSE);
  /* Keeps the negation in the messages below from overflowing. */
  g_return_val_if_fail (max_days_from_today != G_MININT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!roster_parse_date (text, &date, error))
    return FALSE;

  if (today == NULL)
    return TRUE;

  days_from_today = g_date_days_between (today, &date);

  if (min_days_from_today != G_MININT && days_from_today < min_days_from_today)
    {
      if (min_days_from_today < 0)
        g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The date can’t be more than %d day in the past.",
                                  "The date can’t be more than %d days in the past.",
                                  (gulong) -min_days_from_today),
                     -min_days_from_today);
      else if (min_days_from_today == 0)
        g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                             _("The date can’t be in the past."));
      else
        g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The date must be at least %d day from today.",
                                  "The date must be at least %d days from today.",
                                  (gulong) min_days_from_today),
                     min_days_from_today);
      return FALSE;
    }

  if (max_days_from_today != G_MAXINT && days_from_today > max_days_from_today)
    {
      if (max_days_from_today > 0)
        g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The date can’t be more than %d day ahead.",
                                  "The date can’t be more than %d days ahead.",
                                  (gulong) max_days_from_today),
                     max_days_from_today);
      else if (max_days_from_today == 0)
        g_set_error_literal (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                             _("The date can’t be in the future."));
      else
        g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_OUT_OF_RANGE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The date must be at least %d day in the past.",
                                  "The date must be at least %d days in the past.",
                                  (gulong) -max_days_from_today),
                     -max_days_from_today);
      return FALSE;
    }

  return TRUE;
}
