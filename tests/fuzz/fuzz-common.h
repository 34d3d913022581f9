/* fuzz-common.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry points. Every target defines both, so that
 * fuzz-replay-main.c can call them without libFuzzer. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static inline void
roster_fuzz_trap_to_abort (int signal_number)
{
  abort ();
}

/* A critical or a warning on hostile input is a bug like a crash: make
 * it fatal. GLib ends a fatal message with SIGTRAP, which libFuzzer does
 * not catch (it would die without saving the input): turn it into
 * SIGABRT, which it does. A debugger still sees the trap first. */
static inline void
roster_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  signal (SIGTRAP, roster_fuzz_trap_to_abort);
}

/* The inputs' fixed "today", so that a date rule gives the same answer
 * on every run: the day of the examples in data/intake-api.md. */
static inline void
roster_fuzz_get_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 13, G_DATE_MARCH, 2026);
}

/* The same day at 14:05:09 UTC, µs since the epoch. */
#define ROSTER_FUZZ_NOW (G_GINT64_CONSTANT (1773410709) * G_USEC_PER_SEC)

/* Checks an invariant of the code under test. Not g_assert(): that one
 * can be compiled out, and this must never be. */
#define roster_fuzz_check(condition)                                         \
  G_STMT_START {                                                             \
    if (G_UNLIKELY (!(condition)))                                           \
      g_error ("%s:%d: invariant failed: %s", __FILE__, __LINE__, #condition); \
  } G_STMT_END

G_END_DECLS
