/*-------------------------------------------------------------------------
 *
 * lot_ops.c
 *	  Comparison and hashing of rare_lot: the btree and hash operator
 *	  classes, and the support functions of min(rare_lot) and
 *	  max(rare_lot), which use the same comparison.
 *
 * Order: country, enterprise, lot number (byte-wise, shorter first on a
 * common prefix), then form in value-chain order, mass, and composition
 * (entry by entry: element by atomic number, then fraction; fewer entries
 * first).  Values have one canonical representation, so equality and
 * hashing work on the bytes and agree with the order.  Nothing here can
 * throw on a valid value.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_ops.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rt_internal.h"

#include "common/hashfn.h"
#include "fmgr.h"

/* Compare two byte strings: common prefix first, then length. */
static inline int
cmp_bytes(const char *a, int alen, const char *b, int blen)
{
	int			r = memcmp(a, b, Min(alen, blen));

	if (r != 0)
		return r < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

/* Three-way comparison of two lots. */
static int
rare_lot_cmp_internal(const RareLot *a, const RareLot *b)
{
	int			r;
	int64		ma,
				mb;

	r = cmp_bytes(a->country, 2, b->country, 2);
	if (r != 0)
		return r;
	r = cmp_bytes(rare_lot_enterprise(a), a->entlen,
				  rare_lot_enterprise(b), b->entlen);
	if (r != 0)
		return r;
	r = cmp_bytes(rare_lot_number(a), a->lotlen,
				  rare_lot_number(b), b->lotlen);
	if (r != 0)
		return r;
	if (a->form != b->form)
		return a->form < b->form ? -1 : 1;
	ma = rare_lot_mass_g(a);
	mb = rare_lot_mass_g(b);
	if (ma != mb)
		return ma < mb ? -1 : 1;
	for (int k = 0; k < Min(a->ncomp, b->ncomp); k++)
	{
		uint32		ca = rare_lot_comp(a, k);
		uint32		cb = rare_lot_comp(b, k);

		if (RARE_LOT_COMP_IDX(ca) != RARE_LOT_COMP_IDX(cb))
			return RARE_LOT_COMP_IDX(ca) < RARE_LOT_COMP_IDX(cb) ? -1 : 1;
		if (RARE_LOT_COMP_PPM(ca) != RARE_LOT_COMP_PPM(cb))
			return RARE_LOT_COMP_PPM(ca) < RARE_LOT_COMP_PPM(cb) ? -1 : 1;
	}
	return (a->ncomp > b->ncomp) - (a->ncomp < b->ncomp);
}

/* Fetch both arguments, compare them and free detoasted copies. */
static int
cmp_args(FunctionCallInfo fcinfo)
{
	RareLot    *a = PG_GETARG_RARE_LOT_P(0);
	RareLot    *b = PG_GETARG_RARE_LOT_P(1);
	int			r = rare_lot_cmp_internal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return r;
}

PG_FUNCTION_INFO_V1(rare_lot_cmp);
/* btree support function 1. */
Datum
rare_lot_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cmp_args(fcinfo));
}

PG_FUNCTION_INFO_V1(rare_lot_lt);
/* Operator <. */
Datum
rare_lot_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(rare_lot_le);
/* Operator <=. */
Datum
rare_lot_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(rare_lot_gt);
/* Operator >. */
Datum
rare_lot_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(rare_lot_ge);
/* Operator >=. */
Datum
rare_lot_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) >= 0);
}

/*
 * The smaller (sign -1) or larger (sign 1) of the two arguments, by the
 * btree order.  On a tie the first argument is returned (equal lots are
 * bitwise equal, so which one does not matter).  The chosen value is
 * returned detoasted; the executor copies it into the aggregate's state.
 */
static Datum
pick_arg(FunctionCallInfo fcinfo, int sign)
{
	RareLot    *a = PG_GETARG_RARE_LOT_P(0);
	RareLot    *b = PG_GETARG_RARE_LOT_P(1);

	if (rare_lot_cmp_internal(b, a) * sign > 0)
	{
		PG_FREE_IF_COPY(a, 0);
		PG_RETURN_POINTER(b);
	}
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(rare_lot_smaller);
/*
 * The smaller of two lots: transition and combine function of
 * min(rare_lot).
 */
Datum
rare_lot_smaller(PG_FUNCTION_ARGS)
{
	return pick_arg(fcinfo, -1);
}

PG_FUNCTION_INFO_V1(rare_lot_larger);
/*
 * The larger of two lots: transition and combine function of
 * max(rare_lot).
 */
Datum
rare_lot_larger(PG_FUNCTION_ARGS)
{
	return pick_arg(fcinfo, 1);
}

/* Byte equality of two lots (canonical representation). */
static bool
eq_args(FunctionCallInfo fcinfo)
{
	RareLot    *a = PG_GETARG_RARE_LOT_P(0);
	RareLot    *b = PG_GETARG_RARE_LOT_P(1);
	bool		r = VARSIZE(a) == VARSIZE(b) &&
		memcmp(a, b, VARSIZE(a)) == 0;

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return r;
}

PG_FUNCTION_INFO_V1(rare_lot_eq);
/* Operator =. */
Datum
rare_lot_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(eq_args(fcinfo));
}

PG_FUNCTION_INFO_V1(rare_lot_ne);
/* Operator <>. */
Datum
rare_lot_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!eq_args(fcinfo));
}

PG_FUNCTION_INFO_V1(rare_lot_hash);
/* hash support function 1: 32-bit hash of the canonical bytes. */
Datum
rare_lot_hash(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	Datum		h = hash_any((unsigned char *) VARDATA(lot),
							 VARSIZE(lot) - VARHDRSZ);

	PG_FREE_IF_COPY(lot, 0);
	return h;
}

PG_FUNCTION_INFO_V1(rare_lot_hash_extended);
/* hash support function 2: seeded 64-bit hash of the canonical bytes. */
Datum
rare_lot_hash_extended(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	Datum		h = hash_any_extended((unsigned char *) VARDATA(lot),
									  VARSIZE(lot) - VARHDRSZ,
									  PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(lot, 0);
	return h;
}
