/* roster-autosave.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-autosave"

#include "config.h"

#include "roster-autosave.h"

/*
 * Keeps one open draft saved, as GNOME Text Editor keeps its session: an
 * edit sets a dirty flag and (re)starts one timer; when it fires the whole
 * draft is written in one transaction. So a burst of typing is one write,
 * and nothing is ever more than the delay (a second by default) from the
 * disk. The owner calls roster_autosave_save_now() on close.
 *
 * A failed save (disk full, read-only) keeps the flag set and the error
 * visible (#RosterAutosave:error); the next edit tries again, and the
 * previous save stays intact on disk.
 */

#define DEFAULT_DELAY_MS 1000

struct _RosterAutosave
{
  GObject        parent_instance;

  RosterStore   *store;
  RosterRequest *request;
  char          *id;
  char          *step;
  GError        *error;
  guint          delay_ms;
  guint          timeout_id;
  gboolean       dirty;
};

G_DEFINE_FINAL_TYPE (RosterAutosave, roster_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRTY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_dirty (RosterAutosave *self,
           gboolean        dirty)
{
  if (self->dirty == dirty)
    return;

  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
set_error (RosterAutosave *self,
           GError         *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  RosterAutosave *self = user_data;

  self->timeout_id = 0;
  roster_autosave_save_now (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule (RosterAutosave *self)
{
  set_dirty (self, TRUE);

  /* One timer for a burst of edits: restarted, not stacked. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay_ms, save_timeout_cb, self);
}

static void
request_changed_cb (RosterAutosave *self)
{
  schedule (self);
}

static void
roster_autosave_dispose (GObject *object)
{
  RosterAutosave *self = (RosterAutosave *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->request != NULL)
    g_signal_handlers_disconnect_by_data (self->request, self);

  G_OBJECT_CLASS (roster_autosave_parent_class)->dispose (object);
}

static void
roster_autosave_finalize (GObject *object)
{
  RosterAutosave *self = (RosterAutosave *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->request);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->step, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (roster_autosave_parent_class)->finalize (object);
}

static void
roster_autosave_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RosterAutosave *self = ROSTER_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_autosave_class_init (RosterAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = roster_autosave_dispose;
  object_class->finalize = roster_autosave_finalize;
  object_class->get_property = roster_autosave_get_property;

  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RosterAutosave::saved:
   *
   * The draft is on disk as it is now.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
roster_autosave_init (RosterAutosave *self)
{
  self->delay_ms = DEFAULT_DELAY_MS;
}

/**
 * roster_autosave_new:
 * @store: the store
 * @id: the draft's id in @store
 * @request: the draft's answers, as edited
 *
 * Returns: (transfer full): an autosave that saves @request after each
 *   burst of changes
 */
RosterAutosave *
roster_autosave_new (RosterStore   *store,
                     const char    *id,
                     RosterRequest *request)
{
  RosterAutosave *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  self = g_object_new (ROSTER_TYPE_AUTOSAVE, NULL);
  self->store = g_object_ref (store);
  self->request = g_object_ref (request);
  self->id = g_strdup (id);

  g_signal_connect_swapped (request, "changed", G_CALLBACK (request_changed_cb), self);

  return self;
}

const char *
roster_autosave_get_id (RosterAutosave *self)
{
  g_return_val_if_fail (ROSTER_IS_AUTOSAVE (self), NULL);

  return self->id;
}

/**
 * roster_autosave_set_delay:
 * @milliseconds: how long after the last change to save
 */
void
roster_autosave_set_delay (RosterAutosave *self,
                           guint           milliseconds)
{
  g_return_if_fail (ROSTER_IS_AUTOSAVE (self));
  g_return_if_fail (milliseconds > 0);

  self->delay_ms = milliseconds;
}

/**
 * roster_autosave_set_step:
 * @step: (nullable): the editor's step, saved with the draft so a crash
 *   reopens it where it was
 */
void
roster_autosave_set_step (RosterAutosave *self,
                          const char     *step)
{
  g_return_if_fail (ROSTER_IS_AUTOSAVE (self));

  if (g_strcmp0 (self->step, step) == 0)
    return;

  g_free (self->step);
  self->step = g_strdup (step);
  schedule (self);
}

gboolean
roster_autosave_get_dirty (RosterAutosave *self)
{
  g_return_val_if_fail (ROSTER_IS_AUTOSAVE (self), FALSE);

  return self->dirty;
}

/**
 * roster_autosave_get_error:
 *
 * Returns: (nullable): why the last save failed, or %NULL when it worked
 */
const GError *
roster_autosave_get_error (RosterAutosave *self)
{
  g_return_val_if_fail (ROSTER_IS_AUTOSAVE (self), NULL);

  return self->error;
}

/**
 * roster_autosave_save_now:
 *
 * Saves at once if there is anything unsaved: on close, before queueing.
 */
gboolean
roster_autosave_save_now (RosterAutosave  *self,
                          GError         **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (ROSTER_IS_AUTOSAVE (self), FALSE);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (!self->dirty)
    return TRUE;

  if (!roster_store_save_draft (self->store, self->id, self->request, self->step, &local_error))
    {
      if (error != NULL)
        *error = g_error_copy (local_error);
      set_error (self, local_error);
      return FALSE;
    }

  set_error (self, NULL);
  set_dirty (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}
