/* roster-request.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request"

#include "config.h"

#include "roster-request.h"
#include "roster-validate.h"

/*
 * The answers of one request, keyed by field id. The request does not
 * know which fields are visible: answers to hidden fields are kept, so a
 * panel that is hidden and shown again gets its answers back. The rules
 * (roster-rules.c) and the codec (roster-payload.c) decide what counts.
 *
 * Answers live in an array parallel to the form's fields, so a lookup is
 * one hash of the id and no allocation.
 */

typedef struct
{
  gboolean   is_set;
  gboolean   boolean;
  char      *text;
  GPtrArray *rows;   /* RosterProvider *, PROVIDER_LIST only */
} RosterAnswer;

struct _RosterRequest
{
  GObject           parent_instance;

  const RosterForm *form;
  RosterAnswer     *answers;
  guint             n_answers;
};

G_DEFINE_FINAL_TYPE (RosterRequest, roster_request, G_TYPE_OBJECT)

enum {
  CHANGED,
  ROWS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
roster_provider_free (RosterProvider *provider)
{
  g_free (provider->name);
  g_free (provider->npi);
  g_free (provider);
}

static RosterProvider *
roster_provider_new (const char *name,
                     const char *npi)
{
  RosterProvider *provider = g_new0 (RosterProvider, 1);

  provider->name = g_strdup (name != NULL ? name : "");
  provider->npi = g_strdup (npi != NULL ? npi : "");

  return provider;
}

static void
clear_answer (RosterAnswer *answer)
{
  answer->is_set = FALSE;
  answer->boolean = FALSE;
  g_clear_pointer (&answer->text, g_free);
  g_clear_pointer (&answer->rows, g_ptr_array_unref);
}

/* Looks up the answer slot of @field_id, checking that the field exists
 * and has one of the expected types. Returns NULL (after a critical) on a
 * programming error, so callers can bail out. */
static RosterAnswer *
lookup_answer (RosterRequest      *self,
               const char         *field_id,
               const RosterField **out_field)
{
  int index;

  index = roster_form_field_index (self->form, field_id);
  if (index < 0)
    {
      g_critical ("Form %s has no field %s", self->form->id, field_id);
      return NULL;
    }

  if (out_field != NULL)
    *out_field = roster_form_get_field (self->form, index);

  return &self->answers[index];
}

static gboolean
is_text_type (RosterFieldType type)
{
  return type != ROSTER_FIELD_BOOLEAN && type != ROSTER_FIELD_PROVIDER_LIST;
}

static void
emit_changed (RosterRequest *self,
              const char    *field_id)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (field_id), field_id);
}

static void
emit_rows_changed (RosterRequest *self,
                   const char    *field_id,
                   guint          position,
                   guint          removed,
                   guint          added)
{
  g_signal_emit (self, signals[ROWS_CHANGED], g_quark_from_string (field_id),
                 field_id, position, removed, added);
  emit_changed (self, field_id);
}

static GPtrArray *
ensure_rows (RosterAnswer *answer)
{
  if (answer->rows == NULL)
    answer->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_provider_free);
  answer->is_set = TRUE;

  return answer->rows;
}

static void
roster_request_finalize (GObject *object)
{
  RosterRequest *self = (RosterRequest *)object;

  for (guint i = 0; i < self->n_answers; i++)
    clear_answer (&self->answers[i]);
  g_clear_pointer (&self->answers, g_free);

  G_OBJECT_CLASS (roster_request_parent_class)->finalize (object);
}

static void
roster_request_class_init (RosterRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_request_finalize;

  /**
   * RosterRequest::changed:
   * @self: the request
   * @field_id: the field whose answer changed
   *
   * Emitted after an answer really changed (setting the same value again
   * emits nothing). The detail is the field id, so
   * `changed::group.field` follows one field.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * RosterRequest::rows-changed:
   * @self: the request
   * @field_id: the provider list
   * @position: the first row that changed
   * @removed: how many rows were removed there
   * @added: how many rows were added there
   *
   * Emitted before #RosterRequest::changed when rows of a provider list
   * change, in the shape of #GListModel::items-changed, so a list view
   * updates only the rows that moved.
   */
  signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
roster_request_init (RosterRequest *self)
{
}

/**
 * roster_request_new:
 * @form: the form the request answers
 *
 * Returns: (transfer full): a request with no answers yet
 */
RosterRequest *
roster_request_new (const RosterForm *form)
{
  RosterRequest *self;

  g_return_val_if_fail (form != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_REQUEST, NULL);
  self->form = form;
  self->n_answers = roster_form_get_n_fields (form);
  self->answers = g_new0 (RosterAnswer, self->n_answers);

  return self;
}

/**
 * roster_request_copy:
 *
 * Returns: (transfer full): an independent request with the same answers,
 *   hidden ones included
 */
RosterRequest *
roster_request_copy (RosterRequest *self)
{
  RosterRequest *copy;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);

  copy = roster_request_new (self->form);

  for (guint i = 0; i < self->n_answers; i++)
    {
      const RosterAnswer *from = &self->answers[i];
      RosterAnswer *to = &copy->answers[i];

      to->is_set = from->is_set;
      to->boolean = from->boolean;
      to->text = g_strdup (from->text);

      if (from->rows != NULL)
        {
          GPtrArray *rows = ensure_rows (to);

          for (guint r = 0; r < from->rows->len; r++)
            {
              const RosterProvider *row = g_ptr_array_index (from->rows, r);
              g_ptr_array_add (rows, roster_provider_new (row->name, row->npi));
            }
        }
    }

  return copy;
}

const RosterForm *
roster_request_get_form (RosterRequest *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);

  return self->form;
}

/**
 * roster_request_has_answer:
 *
 * Whether the administrator answered @field_id. A choice's default option
 * and a switch left off do not count as answers here, but
 * roster_request_get_text() and roster_request_get_boolean() still report
 * them as the field's value.
 */
gboolean
roster_request_has_answer (RosterRequest *self,
                           const char    *field_id)
{
  RosterAnswer *answer;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (field_id != NULL, FALSE);

  if (!(answer = lookup_answer (self, field_id, NULL)))
    return FALSE;

  return answer->is_set;
}

void
roster_request_clear_answer (RosterRequest *self,
                             const char    *field_id)
{
  RosterAnswer *answer;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  if (!(answer = lookup_answer (self, field_id, NULL)) || !answer->is_set)
    return;

  if (answer->rows != NULL && answer->rows->len > 0)
    {
      guint removed = answer->rows->len;

      clear_answer (answer);
      emit_rows_changed (self, field_id, 0, removed, 0);
      return;
    }

  clear_answer (answer);
  emit_changed (self, field_id);
}

/**
 * roster_request_get_text:
 * @self: a request
 * @field_id: a field that is not a boolean or a provider list
 *
 * The answer as typed (not trimmed), a choice's option id, or a date as
 * `YYYY-MM-DD`. A choice that was never answered reads as its default
 * option.
 *
 * Returns: (nullable): the answer, or %NULL if there is none
 */
const char *
roster_request_get_text (RosterRequest *self,
                         const char    *field_id)
{
  const RosterField *field;
  RosterAnswer *answer;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);
  g_return_val_if_fail (field_id != NULL, NULL);

  if (!(answer = lookup_answer (self, field_id, &field)))
    return NULL;

  g_return_val_if_fail (is_text_type (field->type), NULL);

  if (answer->is_set)
    return answer->text;

  return field->type == ROSTER_FIELD_CHOICE ? field->default_id : NULL;
}

/**
 * roster_request_set_text:
 * @self: a request
 * @field_id: a field that is not a boolean or a provider list
 * @text: (nullable): the new answer; %NULL or "" clears it
 *
 * Stores the answer as given. Checking it is the rules' job: the editor
 * must be able to hold a half-typed NPI.
 */
void
roster_request_set_text (RosterRequest *self,
                         const char    *field_id,
                         const char    *text)
{
  const RosterField *field;
  RosterAnswer *answer;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  if (!(answer = lookup_answer (self, field_id, &field)))
    return;

  g_return_if_fail (is_text_type (field->type));

  if (text == NULL || text[0] == '\0')
    {
      roster_request_clear_answer (self, field_id);
      return;
    }

  if (answer->is_set && g_strcmp0 (answer->text, text) == 0)
    return;

  g_free (answer->text);
  answer->text = g_strdup (text);
  answer->is_set = TRUE;

  emit_changed (self, field_id);
}

/**
 * roster_request_get_boolean:
 *
 * Returns: the switch's state; %FALSE when never answered
 */
gboolean
roster_request_get_boolean (RosterRequest *self,
                            const char    *field_id)
{
  const RosterField *field;
  RosterAnswer *answer;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (field_id != NULL, FALSE);

  if (!(answer = lookup_answer (self, field_id, &field)))
    return FALSE;

  g_return_val_if_fail (field->type == ROSTER_FIELD_BOOLEAN, FALSE);

  return answer->is_set && answer->boolean;
}

void
roster_request_set_boolean (RosterRequest *self,
                            const char    *field_id,
                            gboolean       value)
{
  const RosterField *field;
  RosterAnswer *answer;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  if (!(answer = lookup_answer (self, field_id, &field)))
    return;

  g_return_if_fail (field->type == ROSTER_FIELD_BOOLEAN);

  value = !!value;
  if (answer->is_set && answer->boolean == value)
    return;

  answer->is_set = TRUE;
  answer->boolean = value;

  emit_changed (self, field_id);
}

static GPtrArray *
lookup_rows (RosterRequest *self,
             const char    *field_id,
             gboolean       create)
{
  const RosterField *field;
  RosterAnswer *answer;

  if (!(answer = lookup_answer (self, field_id, &field)))
    return NULL;

  g_return_val_if_fail (field->type == ROSTER_FIELD_PROVIDER_LIST, NULL);

  return create ? ensure_rows (answer) : answer->rows;
}

guint
roster_request_get_n_rows (RosterRequest *self,
                           const char    *field_id)
{
  GPtrArray *rows;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), 0);
  g_return_val_if_fail (field_id != NULL, 0);

  rows = lookup_rows (self, field_id, FALSE);

  return rows != NULL ? rows->len : 0;
}

/**
 * roster_request_get_row:
 *
 * Returns: (transfer none): the row, valid until the list next changes
 */
const RosterProvider *
roster_request_get_row (RosterRequest *self,
                        const char    *field_id,
                        guint          row)
{
  GPtrArray *rows;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);
  g_return_val_if_fail (field_id != NULL, NULL);

  rows = lookup_rows (self, field_id, FALSE);
  g_return_val_if_fail (rows != NULL && row < rows->len, NULL);

  return g_ptr_array_index (rows, row);
}

/**
 * roster_request_insert_row:
 * @position: where the row goes; -1 (or past the end) appends
 */
void
roster_request_insert_row (RosterRequest *self,
                           const char    *field_id,
                           int            position,
                           const char    *name,
                           const char    *npi)
{
  GPtrArray *rows;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  if (!(rows = lookup_rows (self, field_id, TRUE)))
    return;

  if (position < 0 || (guint) position > rows->len)
    position = rows->len;

  g_ptr_array_insert (rows, position, roster_provider_new (name, npi));
  emit_rows_changed (self, field_id, position, 0, 1);
}

void
roster_request_set_row (RosterRequest *self,
                        const char    *field_id,
                        guint          row,
                        const char    *name,
                        const char    *npi)
{
  RosterProvider *provider;
  GPtrArray *rows;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  rows = lookup_rows (self, field_id, FALSE);
  g_return_if_fail (rows != NULL && row < rows->len);

  provider = g_ptr_array_index (rows, row);
  name = name != NULL ? name : "";
  npi = npi != NULL ? npi : "";

  if (g_str_equal (provider->name, name) && g_str_equal (provider->npi, npi))
    return;

  g_free (provider->name);
  g_free (provider->npi);
  provider->name = g_strdup (name);
  provider->npi = g_strdup (npi);

  emit_rows_changed (self, field_id, row, 1, 1);
}

void
roster_request_remove_row (RosterRequest *self,
                           const char    *field_id,
                           guint          row)
{
  GPtrArray *rows;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  rows = lookup_rows (self, field_id, FALSE);
  g_return_if_fail (rows != NULL && row < rows->len);

  g_ptr_array_remove_index (rows, row);
  emit_rows_changed (self, field_id, row, 1, 0);
}

/**
 * roster_request_move_row:
 * @from: the row to move
 * @to: its new index, after the move
 */
void
roster_request_move_row (RosterRequest *self,
                         const char    *field_id,
                         guint          from,
                         guint          to)
{
  GPtrArray *rows;
  gpointer provider;

  g_return_if_fail (ROSTER_IS_REQUEST (self));
  g_return_if_fail (field_id != NULL);

  rows = lookup_rows (self, field_id, FALSE);
  g_return_if_fail (rows != NULL && from < rows->len && to < rows->len);

  if (from == to)
    return;

  provider = g_ptr_array_steal_index (rows, from);
  g_ptr_array_insert (rows, to, provider);

  emit_rows_changed (self, field_id, MIN (from, to), ABS ((int) from - (int) to) + 1,
                     ABS ((int) from - (int) to) + 1);
}

/* Roles ------------------------------------------------------------------ */

/**
 * roster_request_get_role_text:
 * @role: a text-valued role, such as %ROSTER_ROLE_PERSON_EMAIL
 *
 * The answer of the field that declares @role in the request's form.
 *
 * Returns: (nullable): the answer, or %NULL when the form has no such
 *   field or it is unanswered
 */
const char *
roster_request_get_role_text (RosterRequest   *self,
                              RosterFieldRole  role)
{
  const RosterField *field;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);

  field = roster_form_get_role_field (self->form, role);

  return field != NULL ? roster_request_get_text (self, field->id) : NULL;
}

/**
 * roster_request_set_role_text:
 * @role: a text-valued role, such as %ROSTER_ROLE_ORGANIZATION
 *
 * Answers the field that declares @role, when the form has one.
 *
 * Returns: %TRUE if the form has a field with @role
 */
gboolean
roster_request_set_role_text (RosterRequest   *self,
                              RosterFieldRole  role,
                              const char      *text)
{
  const RosterField *field;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), FALSE);

  if (!(field = roster_form_get_role_field (self->form, role)))
    return FALSE;

  roster_request_set_text (self, field->id, text);

  return TRUE;
}

/**
 * roster_request_dup_person_name:
 *
 * Returns: (transfer full): the first and last name of the person the
 *   request is about, normalized and separated by one space; "" when
 *   neither is known
 */
char *
roster_request_dup_person_name (RosterRequest *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);

  first = roster_text_normalize (roster_request_get_role_text (self, ROSTER_ROLE_PERSON_FIRST_NAME));
  last = roster_text_normalize (roster_request_get_role_text (self, ROSTER_ROLE_PERSON_LAST_NAME));

  return g_strstrip (g_strdup_printf ("%s %s", first, last));
}

/**
 * roster_request_get_kind:
 *
 * What the request does, when its form asks (the option chosen in its
 * %ROSTER_ROLE_REQUEST_KIND field).
 *
 * Returns: (nullable): the chosen option, or %NULL when the form has no
 *   such field or nothing is chosen
 */
const RosterOption *
roster_request_get_kind (RosterRequest *self)
{
  const RosterField *field;

  g_return_val_if_fail (ROSTER_IS_REQUEST (self), NULL);

  if (!(field = roster_form_get_role_field (self->form, ROSTER_ROLE_REQUEST_KIND)))
    return NULL;

  return roster_field_lookup_option (field, roster_request_get_text (self, field->id));
}

/**
 * roster_request_ends_access:
 *
 * Returns: %TRUE if sending the request ends the person's access, so the
 *   app asks before it does
 */
gboolean
roster_request_ends_access (RosterRequest *self)
{
  const RosterOption *kind = roster_request_get_kind (self);

  return kind != NULL && kind->ends_access;
}
