/*-------------------------------------------------------------------------
 *
 * rare_trace.h
 *	  Public header of the rare_trace extension: the on-disk layout of the
 *	  rare_lot type, its access macros and the functions other C files (or
 *	  other extensions) may call.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rare_trace.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_H
#define RARE_TRACE_H

#include "postgres.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/date.h"

#include "lot_parse.h"

/*
 * On-disk format of rare_lot (varlena, 4-byte aligned):
 *
 *	int32	vl_len_		varlena header
 *	uint8	version		format version, RARE_LOT_VERSION
 *	uint8	flags		reserved, always zero (recv rejects anything else)
 *	uint8	form		LotForm
 *	uint8	ncomp		number of composition entries, 0..17
 *	char	country[2]	ISO 3166-1 alpha-2, upper case
 *	uint8	entlen		enterprise length, 2..16
 *	uint8	lotlen		lot number length, 1..20
 *	int64	mass_g		net mass in grams (read with memcpy: unaligned)
 *	uint32	comp[ncomp]	(element index << 24) | parts per million,
 *						ascending element index
 *	char	text[]		enterprise then lot number, upper case
 *
 * Every valid value has exactly one representation, so equality and
 * hashing may work on the bytes.
 */
typedef struct RareLot
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;
	uint8		flags;
	uint8		form;
	uint8		ncomp;
	char		country[2];
	uint8		entlen;
	uint8		lotlen;
	char		data[FLEXIBLE_ARRAY_MEMBER];	/* mass, comp, text */
} RareLot;

#define RARE_LOT_VERSION	1

#define RARE_LOT_HDRSZ		offsetof(RareLot, data)
#define RARE_LOT_MASS_SZ	((Size) sizeof(int64))
#define RARE_LOT_COMP_SZ	((Size) sizeof(uint32))
#define RARE_LOT_SIZE(ncomp, entlen, lotlen) \
	(RARE_LOT_HDRSZ + RARE_LOT_MASS_SZ + (ncomp) * RARE_LOT_COMP_SZ + \
	 (entlen) + (lotlen))

#define RARE_LOT_COMP_IDX(c)	((int) ((c) >> 24))
#define RARE_LOT_COMP_PPM(c)	((uint32) ((c) & 0x00FFFFFF))

#define DatumGetRareLotP(x)		((RareLot *) PG_DETOAST_DATUM(x))
#define PG_GETARG_RARE_LOT_P(n)	DatumGetRareLotP(PG_GETARG_DATUM(n))
#define PG_RETURN_RARE_LOT_P(x)	PG_RETURN_POINTER(x)

/* Accessors (lot_io.c). */
extern int64 rare_lot_mass_g(const RareLot *lot);
extern uint32 rare_lot_comp(const RareLot *lot, int k);
extern const char *rare_lot_enterprise(const RareLot *lot);
extern const char *rare_lot_number(const RareLot *lot);
extern uint32 rare_lot_element_ppm(const RareLot *lot, int idx);

/* Conversions between the varlena and the parsed form (lot_io.c). */
extern RareLot *rare_lot_build(const LotParsed *parsed);
extern void rare_lot_unpack(const RareLot *lot, LotParsed *parsed);
extern char *rare_lot_to_cstring(const RareLot *lot);

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

/*
 * Room for a rare_lot copied out of a short-header (packed) datum, so hot
 * loops can read a value without a palloc per row.
 */
#define RARE_LOT_MAX_SIZE \
	RARE_LOT_SIZE(RT_NUM_ELEMENTS, RT_ENTERPRISE_MAX, RT_LOT_MAX)

typedef union RareLotBuf
{
	RareLot		lot;
	char		bytes[RARE_LOT_MAX_SIZE];
	int64		align;
} RareLotBuf;

extern RareLot *rare_lot_from_datum(Datum d, RareLotBuf *buf);

#ifdef HAVE_INT128
/* A 128-bit integer as an exact decimal accumulator. */
static inline void
rt_acc_from_uint128(RtAcc *acc, uint128 value)
{
	for (int k = 0; k < RT_ACC_LIMBS; k++)
	{
		acc->limb[k] = (uint64) (value % RT_ACC_BASE);
		value /= RT_ACC_BASE;
	}
}
#endif

/*
 * Quota resolution (quota_resolve.c); callers are connected to SPI.
 * rt_applicable_quotas leaves the quota rows, id first, in SPI_tuptable.
 */
extern SPIPlanPtr rt_saved_plan(SPIPlanPtr *plan, const char *sql, int nargs,
								Oid *argtypes);
extern uint64 rt_applicable_quotas(const char *enterprise, int32 year,
								   const char *activity, const char *category);
extern char *rt_approval_problem(const char *enterprise, const char *activity,
								 DateADT first_day, DateADT last_day,
								 MemoryContext result_cxt);

/* What rt_resolve finds out about one charge key. */
typedef struct RtResolution
{
	bool		registered;		/* the firing table is in quota_table */
	char	   *problem;		/* why not approved, or NULL */
	int			nquotas;
	int64	   *ids;			/* quota ids, ascending */
} RtResolution;

extern void rt_resolve(const char *enterprise, int32 year,
					   const char *activity, const char *category,
					   DateADT first_day, DateADT last_day,
					   bool check_approval, Oid relid,
					   MemoryContext result_cxt, RtResolution *out);

/* ---- Flow ledger (ledger.c) ---- */

/* SQLSTATEs of the ledger errors (class RT, like RTQ01-RTQ04; doc/ledger.md). */
#define ERRCODE_RT_LEDGER_APPEND_ONLY	MAKE_SQLSTATE('R','T','L','0','1')
#define ERRCODE_RT_INVALID_CORRECTION	MAKE_SQLSTATE('R','T','L','0','2')
#define ERRCODE_RT_LEDGER_STATE			MAKE_SQLSTATE('R','T','L','0','3')

/* First bytes of the canonical form of a ledger entry, version 1. */
#define RT_FLOW_CANONICAL_TAG	"rare_trace.flow.v1"

/* ---- end of flow ledger ---- */

#endif							/* RARE_TRACE_H */
