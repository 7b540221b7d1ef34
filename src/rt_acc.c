/*-------------------------------------------------------------------------
 *
 * rt_acc.c
 *	  Exact decimal accumulator: sums of products of two 64-bit integers,
 *	  kept in base-10^9 limbs and written out as exact decimals.  Quota
 *	  charges and provenance shares are summed with it; nothing here calls
 *	  the backend.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_acc.c
 *
 *-------------------------------------------------------------------------
 */
#include "rt_acc.h"

/*
 * Add a * b to the accumulator exactly (schoolbook multiplication in
 * base-10^9 limbs, carrying as it goes).
 */
void
rt_acc_add_product(RtAcc *acc, uint64_t a, uint64_t b)
{
	uint64_t	la[3] = {a % RT_ACC_BASE, (a / RT_ACC_BASE) % RT_ACC_BASE,
	a / RT_ACC_BASE / RT_ACC_BASE};
	uint64_t	lb[3] = {b % RT_ACC_BASE, (b / RT_ACC_BASE) % RT_ACC_BASE,
	b / RT_ACC_BASE / RT_ACC_BASE};

	for (int i = 0; i < 3; i++)
	{
		uint64_t	carry = 0;

		if (la[i] == 0)
			continue;
		for (int j = 0; j < 3; j++)
		{
			uint64_t	cur = acc->limb[i + j] + la[i] * lb[j] + carry;

			acc->limb[i + j] = cur % RT_ACC_BASE;
			carry = cur / RT_ACC_BASE;
		}
		for (int k = i + 3; carry != 0 && k < RT_ACC_LIMBS; k++)
		{
			uint64_t	cur = acc->limb[k] + carry;

			acc->limb[k] = cur % RT_ACC_BASE;
			carry = cur / RT_ACC_BASE;
		}
	}
}

/* Add another accumulator to acc. */
void
rt_acc_add(RtAcc *acc, const RtAcc *other)
{
	uint64_t	carry = 0;

	for (int k = 0; k < RT_ACC_LIMBS; k++)
	{
		uint64_t	cur = acc->limb[k] + other->limb[k] + carry;

		acc->limb[k] = cur % RT_ACC_BASE;
		carry = cur / RT_ACC_BASE;
	}
}

/*
 * Write the accumulated value / 10^scale exactly into buf as a decimal,
 * trailing zeros (and a trailing point) dropped; returns the length.
 * buf needs RT_ACC_FORMAT_MAX bytes for scale <= 40.
 */
size_t
rt_acc_format(const RtAcc *acc, int scale, char *buf)
{
	char		digits[RT_ACC_LIMBS * 9 + 1];
	int			nd = 0;
	int			top = RT_ACC_LIMBS - 1;
	size_t		out = 0;
	int			intdigits;

	/* limbs to a digit string, most significant first, no leading zeros */
	while (top > 0 && acc->limb[top] == 0)
		top--;
	for (int i = top; i >= 0; i--)
	{
		uint64_t	v = acc->limb[i];
		char		tmp[9];

		for (int k = 8; k >= 0; k--)
		{
			tmp[k] = (char) ('0' + v % 10);
			v /= 10;
		}
		for (int k = 0; k < 9; k++)
			if (nd > 0 || tmp[k] != '0' || (i == 0 && k == 8))
				digits[nd++] = tmp[k];
	}

	/* place the decimal point, padding with zeros on the left if needed */
	intdigits = nd - scale;
	if (intdigits <= 0)
	{
		buf[out++] = '0';
		buf[out++] = '.';
		for (int k = 0; k < -intdigits; k++)
			buf[out++] = '0';
		for (int k = 0; k < nd; k++)
			buf[out++] = digits[k];
	}
	else
	{
		for (int k = 0; k < nd; k++)
		{
			if (k == intdigits)
				buf[out++] = '.';
			buf[out++] = digits[k];
		}
	}

	/* drop trailing zeros of the fraction, and a bare point */
	if (scale > 0)
	{
		while (out > 0 && buf[out - 1] == '0')
			out--;
		if (out > 0 && buf[out - 1] == '.')
			out--;
	}
	buf[out] = '\0';
	return out;
}
