/*-------------------------------------------------------------------------
 *
 * module.c
 *	  Module magic of the rare_trace shared library.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/module.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "fmgr.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "rare_trace",.version = "0.6.0");
#else
PG_MODULE_MAGIC;
#endif
