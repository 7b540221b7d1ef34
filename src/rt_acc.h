/*-------------------------------------------------------------------------
 *
 * rt_acc.h
 *	  The exact decimal accumulator that quota sums and provenance shares
 *	  use (internal; backend-free, so the fuzz harness links it alone).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_acc.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_RT_ACC_H
#define RARE_TRACE_RT_ACC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Exact decimal accumulator: a non-negative integer in base-10^9 limbs,
 * least significant first, large enough for 10^6 products of two uint64
 * values.  Sums of lot masses and oxide weights are kept in one of these,
 * so no 128-bit integer type (or floating point) is needed.
 */
#define RT_ACC_LIMBS		6
#define RT_ACC_BASE			UINT64_C(1000000000)
/* Bytes rt_acc_format may write, terminator included. */
#define RT_ACC_FORMAT_MAX	(RT_ACC_LIMBS * 9 + 48)

typedef struct RtAcc
{
	uint64_t	limb[RT_ACC_LIMBS];
} RtAcc;

extern void rt_acc_add_product(RtAcc *acc, uint64_t a, uint64_t b);
extern void rt_acc_add(RtAcc *acc, const RtAcc *other);
extern size_t rt_acc_format(const RtAcc *acc, int scale, char *buf);

#ifdef HAVE_INT128
/* A 128-bit integer as an exact decimal accumulator (backend code only). */
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

#endif							/* RARE_TRACE_RT_ACC_H */
