/*-------------------------------------------------------------------------
 *
 * rt_internal.h
 *	  Declarations shared by rare_trace's own C files and not installed:
 *	  error reporting of the lot parser, exact numeric helpers, and the
 *	  quota resolution API.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_internal.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_RT_INTERNAL_H
#define RARE_TRACE_RT_INTERNAL_H

#include "rare_trace.h"
#include "rt_acc.h"
#include "rt_errcodes.h"

#include "executor/spi.h"
#include "utils/date.h"

/* Where a rejected value came from, for rare_lot_report_error. */
typedef enum RtErrorSource
{
	RT_SRC_LITERAL,				/* text input: 22P02 quoting the literal */
	RT_SRC_ARGUMENT,			/* constructor argument: 22023 */
	RT_SRC_BINARY				/* binary input: 22P03 */
} RtErrorSource;

/*
 * Report a parse error.  input[0..len) is what was parsed (err's offsets
 * are relative to it).  With a soft-error context (PostgreSQL 16+) it
 * returns and the caller returns NULL; otherwise it does not return.
 */
extern void rare_lot_report_error(const char *input, size_t len,
								  const LotError *err, RtErrorSource source,
								  struct Node *escontext);

/* Scale of an oxide mass in kg: grams (10^3) x ppm (10^6) x factor (10^4). */
#define RT_REO_KG_SCALE		13

/* Exact decimal (numeric) of a * b / 10^scale (lot_funcs.c). */
extern Datum rt_numeric_product(uint64 a, uint64 b, int scale);

/* Sum of ppm x oxide factor; -1 if the lot declares Pm (lot_funcs.c). */
extern int64 rare_lot_reo_weight(const RareLot *lot);

/* A saved, generic SPI plan, prepared once per backend (quota_resolve.c). */
extern SPIPlanPtr rt_saved_plan(SPIPlanPtr *plan, const char *sql, int nargs,
								Oid *argtypes);

/* OID of rare_trace.rare_lot, InvalidOid if missing (lot_io.c). */
extern Oid	rare_lot_type_oid(void);

/* Materialize-mode set-up of a set-returning function (rt_srf.c). */
extern void rt_materialize_srf(FunctionCallInfo fcinfo);
extern void rt_materialize_srf_desc(FunctionCallInfo fcinfo, TupleDesc desc);

/*
 * The provenance views: origin, then the five stages in value-chain order
 * (provenance_eval.c; also the names the export-control rules use).
 */
#define RT_PROV_NUM_VIEWS	6
extern const char *const rt_prov_views[RT_PROV_NUM_VIEWS];
extern int	rt_prov_view_index(const char *s, size_t len);

/* First bytes of the canonical form of a ledger entry, version 1. */
#define RT_FLOW_CANONICAL_TAG	"rare_trace.flow.v1"
/* Version 2 (0.6.0): an entry with happened_on, shipment, consignee or cut. */
#define RT_FLOW_CANONICAL_TAG_V2	"rare_trace.flow.v2"

#endif							/* RARE_TRACE_RT_INTERNAL_H */
