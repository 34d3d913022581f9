/* slow-fsync-vfs.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slow disk for benchmarks: a SQLite VFS over the default one whose
 * every xSync (an fsync or fdatasync) first sleeps, as on the eMMC or
 * spinning disk of a small practice's laptop, and is counted (with no
 * delay, tests count which commits sync). Everything else passes
 * through. Installed as the default VFS, it applies to every database
 * this process opens afterwards (not to other processes, such as the
 * intake server).
 */

#include "config.h"

#include <sqlite3.h>

#include "slow-fsync-vfs.h"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;  /* right after this struct, szOsFile of the real VFS */
} SlowFile;

static sqlite3_vfs slow_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods slow_methods;
static gulong delay_us;
static guint n_syncs;
static gboolean failing;

#define REAL(file) (((SlowFile *) (file))->real)

static int
slow_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
slow_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
slow_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
slow_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
slow_sync (sqlite3_file *file, int flags)
{
  g_atomic_int_inc (&n_syncs);
  g_usleep (delay_us);
  if (g_atomic_int_get (&failing))
    return SQLITE_IOERR_FSYNC;

  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
slow_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
slow_lock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
slow_unlock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
slow_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
slow_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
slow_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
slow_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
slow_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, out);
}

static int
slow_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
slow_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
slow_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
slow_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
slow_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *pointer)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, pointer);
}

static int
slow_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  SlowFile *slow = (SlowFile *) file;
  int rc;

  slow->real = (sqlite3_file *) &slow[1];
  rc = real_vfs->xOpen (real_vfs, name, slow->real, flags, out_flags);
  /* SQLite calls xClose only when pMethods is set. */
  file->pMethods = slow->real->pMethods != NULL ? &slow_methods : NULL;

  return rc;
}

/**
 * slow_fsync_vfs_install:
 * @delay_ms: how long each sync waits before it runs
 *
 * Makes the slow VFS the default for databases opened from now on.
 */
void
slow_fsync_vfs_install (guint delay_ms)
{
  delay_us = (gulong) delay_ms * 1000;
  if (real_vfs != NULL)
    return;

  real_vfs = sqlite3_vfs_find (NULL);
  /* Each of the real VFS's files, wrapped; methods up to version 3
   * (shared memory for WAL, memory-mapped reads). */
  slow_methods.iVersion = MIN (real_vfs->iVersion, 3);
  slow_methods.xClose = slow_close;
  slow_methods.xRead = slow_read;
  slow_methods.xWrite = slow_write;
  slow_methods.xTruncate = slow_truncate;
  slow_methods.xSync = slow_sync;
  slow_methods.xFileSize = slow_file_size;
  slow_methods.xLock = slow_lock;
  slow_methods.xUnlock = slow_unlock;
  slow_methods.xCheckReservedLock = slow_check_reserved_lock;
  slow_methods.xFileControl = slow_file_control;
  slow_methods.xSectorSize = slow_sector_size;
  slow_methods.xDeviceCharacteristics = slow_device_characteristics;
  slow_methods.xShmMap = slow_shm_map;
  slow_methods.xShmLock = slow_shm_lock;
  slow_methods.xShmBarrier = slow_shm_barrier;
  slow_methods.xShmUnmap = slow_shm_unmap;
  slow_methods.xFetch = slow_fetch;
  slow_methods.xUnfetch = slow_unfetch;

  slow_vfs = *real_vfs;
  slow_vfs.zName = "roster-slow-fsync";
  slow_vfs.szOsFile = sizeof (SlowFile) + real_vfs->szOsFile;
  slow_vfs.xOpen = slow_open;
  slow_vfs.pNext = NULL;
  sqlite3_vfs_register (&slow_vfs, 1);
}

/**
 * slow_fsync_vfs_get_syncs:
 *
 * Returns: how many syncs the slow VFS has made
 */
guint
slow_fsync_vfs_get_syncs (void)
{
  return g_atomic_int_get (&n_syncs);
}

/**
 * slow_fsync_vfs_set_failing:
 * @fail: whether every sync fails from now on
 *
 * A disk that can no longer make a commit durable: each sync fails with
 * SQLITE_IOERR_FSYNC, so each durable commit fails as a whole.
 */
void
slow_fsync_vfs_set_failing (gboolean fail)
{
  g_atomic_int_set (&failing, fail);
}
