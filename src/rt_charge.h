/*-------------------------------------------------------------------------
 *
 * rt_charge.h
 *	  The statement-level charging machinery shared by the quota trigger
 *	  (quota_trigger.c) and the export-licence trigger (export_licence.c):
 *	  the trigger protocol with transition tables, the scan of a transition
 *	  table, exact row sums, and the net change per charged row (quota or
 *	  licence) applied by ordered conditional UPDATEs.  Not installed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_charge.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_RT_CHARGE_H
#define RARE_TRACE_RT_CHARGE_H

#include "rt_internal.h"

#include "commands/trigger.h"
#include "executor/tuptable.h"
#include "utils/hsearch.h"
#include "utils/tuplestore.h"

/*
 * Exact sum of products of two non-negative integers over rows (mass_g x
 * weight).  One product is below 2^84, so a 128-bit integer holds the sum
 * of 2^44 rows; without one, the exact base-10^9 accumulator is used.
 */
#ifdef HAVE_INT128
typedef uint128 RtChargeSum;
#define RT_CHARGE_ADD(sum, a, b)	((sum) += (uint128) (a) * (uint128) (b))
#else
typedef RtAcc RtChargeSum;
#define RT_CHARGE_ADD(sum, a, b)	rt_acc_add_product(&(sum), (a), (b))
#endif

extern bool rt_charge_gt(const RtChargeSum *a, const RtChargeSum *b);
extern void rt_charge_into(RtAcc *acc, const RtChargeSum *sum);
extern Datum rt_acc_numeric(const RtAcc *acc, int scale);

/*
 * The transition tables of an AFTER INSERT/UPDATE/DELETE FOR EACH
 * STATEMENT trigger fn (e.g. "rare_trace.enforce_quota()"; helper names
 * the function that attaches it, for the hint).  Errors on any other use.
 */
extern void rt_statement_tables(FunctionCallInfo fcinfo, const char *fn,
								const char *helper,
								Tuplestorestate **newrows,
								Tuplestorestate **oldrows);

/* Called for each row of a transition table, with its slot. */
typedef void (*RtRowFn) (TupleTableSlot *slot, void *arg);

extern void rt_scan_rows(Tuplestorestate *ts, TupleDesc desc, RtRowFn fn,
						 void *arg);

/*
 * The net change of one charged row (a quota or a licence), keyed by its
 * id: callers may hash a larger entry that begins with this one.
 */
typedef struct RtNet
{
	int64		id;
	RtAcc		charge;
	RtAcc		release;
} RtNet;

extern HTAB *rt_net_create(const char *name, Size entrysize,
						   MemoryContext cxt);
extern RtNet *rt_net_add(HTAB *net, int64 id, const RtChargeSum *charge,
						 const RtChargeSum *release, bool *found);

/*
 * Reports that the row of n has no room for charge - release (numerics);
 * does not return.
 */
typedef void (*RtNoRoomFn) (const RtNet *n, Datum charge, Datum release,
							const void *arg);

extern void rt_net_apply(HTAB *net, SPIPlanPtr update, int scale,
						 RtNoRoomFn no_room, const void *arg);

#endif							/* RARE_TRACE_RT_CHARGE_H */
