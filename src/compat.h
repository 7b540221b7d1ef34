/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  Version-compatibility macros for PostgreSQL 15 to 18.  Every
 *	  version test of rare_trace lives here.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/compat.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_COMPAT_H
#define RARE_TRACE_COMPAT_H

#include "postgres.h"

/* PostgreSQL 16 moved the varlena macros out of postgres.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* PostgreSQL 16 added soft input errors (escontext). */
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#define RT_HAVE_SOFT_ERRORS 1
#else
#define RT_HAVE_SOFT_ERRORS 0
/* Before 16 every error is hard: errsave() becomes ereport(ERROR). */
#define errsave(context, ...) \
	do { (void) (context); ereport(ERROR, __VA_ARGS__); } while (0)
#endif

/*
 * PostgreSQL 18 removed pg_attribute_noreturn() (placed after the
 * declarator) in favour of pg_noreturn (C11 _Noreturn, placed before the
 * declaration).  Before 18 pg_noreturn is the GCC-style attribute, which
 * may also stand first in a declaration.  Write
 *     static pg_noreturn void f(...);
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/* PostgreSQL 17 moved the local transaction id into PGPROC.vxid. */
#if PG_VERSION_NUM >= 170000
#define RT_MY_LXID (MyProc->vxid.lxid)
#else
#define RT_MY_LXID (MyProc->lxid)
#endif

/*
 * PostgreSQL 18 gave index_beginscan() an instrumentation argument
 * (IndexScanInstrumentation *, NULL for none) before nkeys.
 */
#if PG_VERSION_NUM >= 180000
#define rt_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), (norderbys))
#else
#define rt_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), (norderbys))
#endif

#endif							/* RARE_TRACE_COMPAT_H */
