/*-------------------------------------------------------------------------
 *
 * lot_format.c
 *	  Backend-free decimal formatting: the canonical text form of a lot and
 *	  exact "value / 10^scale" numbers.
 *
 * Like lot_parse.c, nothing here calls the backend, so the fuzz harness
 * links it alone.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_format.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"
#include "rt_acc.h"

#include <string.h>

/* Powers of ten that fit in a uint64_t: 10^0 to 10^19. */
const uint64_t rt_powers_of_10[20] = {
	UINT64_C(1),
	UINT64_C(10),
	UINT64_C(100),
	UINT64_C(1000),
	UINT64_C(10000),
	UINT64_C(100000),
	UINT64_C(1000000),
	UINT64_C(10000000),
	UINT64_C(100000000),
	UINT64_C(1000000000),
	UINT64_C(10000000000),
	UINT64_C(100000000000),
	UINT64_C(1000000000000),
	UINT64_C(10000000000000),
	UINT64_C(100000000000000),
	UINT64_C(1000000000000000),
	UINT64_C(10000000000000000),
	UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000),
	UINT64_C(10000000000000000000)
};

/*
 * Write a * b / 10^scale exactly into buf (64 bytes; scale <= 20), with
 * trailing zeros dropped; returns the length.
 */
size_t
rt_format_product(uint64_t a, uint64_t b, int scale, char *buf)
{
	RtAcc		acc;
	char		tmp[RT_ACC_FORMAT_MAX];
	size_t		n;

	memset(&acc, 0, sizeof(acc));
	rt_acc_add_product(&acc, a, b);
	n = rt_acc_format(&acc, scale, tmp);
	memcpy(buf, tmp, n + 1);
	return n;
}

/* "00" to "99": the two digits of each number below 100, in turn. */
static const char digit_pairs[201] =
"00010203040506070809" "10111213141516171819"
"20212223242526272829" "30313233343536373839"
"40414243444546474849" "50515253545556575859"
"60616263646566676869" "70717273747576777879"
"80818283848586878889" "90919293949596979899";

/*
 * Write value in decimal as exactly nd digits (nd at least its number of
 * digits, so with leading zeros if more) into buf[0..nd), two at a time
 * from the right; 32-bit divisions once the rest fits in 32 bits.
 */
static inline void
put_digits(uint64_t value, char *buf, size_t nd)
{
	uint32_t	v;

	while (value > UINT32_MAX)
	{
		unsigned int r = (unsigned int) (value % 100);

		value /= 100;
		nd -= 2;
		memcpy(buf + nd, digit_pairs + 2 * r, 2);
	}
	v = (uint32_t) value;
	while (nd >= 2)
	{
		unsigned int r = v % 100;

		v /= 100;
		nd -= 2;
		memcpy(buf + nd, digit_pairs + 2 * r, 2);
	}
	if (nd == 1)
		buf[0] = (char) ('0' + v);
}

/* Number of decimal digits of value (1 for 0). */
static inline size_t
count_digits(uint64_t value)
{
	size_t		nd = 10;

	if (value <= UINT32_MAX)
	{
		uint32_t	v = (uint32_t) value;

		/* most values written here are small: compare from the bottom */
		if (v < 10)
			return 1;
		if (v < 100)
			return 2;
		if (v < 1000)
			return 3;
		if (v < 10000)
			return 4;
		if (v < 100000)
			return 5;
		if (v < 1000000)
			return 6;
		if (v < 10000000)
			return 7;
		if (v < 100000000)
			return 8;
		return (v < 1000000000) ? 9 : 10;
	}
	while (nd < 20 && value >= rt_powers_of_10[nd])
		nd++;
	return nd;
}

/*
 * Write value in decimal into buf, without a terminator; returns the
 * number of digits.
 */
static inline size_t
format_uint(uint64_t value, char *buf)
{
	size_t		nd = count_digits(value);

	put_digits(value, buf, nd);
	return nd;
}

/*
 * Write the decimal ip.fp into buf, where fp < 10^nf is the fraction in
 * units of 10^-nf: trailing fraction zeros (and a point with nothing after
 * it) dropped, NUL-terminated; returns the length.  The dropped zeros are
 * written first, so buf needs room for all the digits of ip, the point, nf
 * digits and the terminator, whatever the length returned.
 */
static inline size_t
format_fixed(uint64_t ip, uint64_t fp, size_t nf, char *buf)
{
	size_t		n = format_uint(ip, buf);

	if (fp != 0)
	{
		/* all nf fraction digits, then drop the trailing zeros */
		buf[n] = '.';
		put_digits(fp, buf + n + 1, nf);
		n += nf + 1;
		while (buf[n - 1] == '0')
			n--;
	}
	buf[n] = '\0';
	return n;
}

/*
 * rt_format_scaled() for a scale of 1 to 19 known where this is inlined,
 * so that the divisions become multiplications.
 */
static inline size_t
format_scaled(uint64_t value, int scale, char *buf)
{
	return format_fixed(value / rt_powers_of_10[scale],
						value % rt_powers_of_10[scale], (size_t) scale, buf);
}

/*
 * Write value / 10^scale exactly, trailing zeros dropped; the same text as
 * rt_format_product(value, 1, scale, buf), without the accumulator.  A
 * scale of 0 or less writes value itself.  Bytes after the terminator may
 * be used as scratch (for scale <= 20, within the first 23).
 */
size_t
rt_format_scaled(uint64_t value, int scale, char *buf)
{
	if (scale <= 0)
		return format_fixed(value, 0, 0, buf);
	if (scale < 20)
		return format_fixed(value / rt_powers_of_10[scale],
							value % rt_powers_of_10[scale], (size_t) scale, buf);
	/* 10^scale exceeds any uint64_t */
	return format_fixed(0, value, (size_t) scale, buf);
}

/*
 * Write CC-ENTERPRISE-LOT (or CC-ENTERPRISE when lot is NULL) into buf;
 * returns the length.  Every code rare_trace shows or keys on is made here.
 */
size_t
lot_code_write(const char *country, const char *enterprise, size_t entlen,
			   const char *lot, size_t lotlen, char *buf)
{
	size_t		n = 0;

	buf[n++] = country[0];
	buf[n++] = country[1];
	buf[n++] = '-';
	memcpy(buf + n, enterprise, entlen);
	n += entlen;
	if (lot != NULL)
	{
		buf[n++] = '-';
		memcpy(buf + n, lot, lotlen);
		n += lotlen;
	}
	return n;
}

/* Canonical text form of a parsed lot into buf (RT_FORMAT_MAX bytes). */
size_t
lot_format(const LotParsed *lot, char *buf)
{
	size_t		n;
	const char *form = lot_form_name(lot->form);

	n = lot_code_write(lot->country, lot->enterprise, lot->entlen,
					   lot->lot, lot->lotlen, buf);
	buf[n++] = ' ';
	if (form == NULL)
		form = "?";
	while (*form != '\0')
		buf[n++] = *form++;
	buf[n++] = ' ';
	n += format_scaled((uint64_t) lot->mass_g, 3, buf + n);
	buf[n++] = 'k';
	buf[n++] = 'g';
	for (int k = 0; k < lot->ncomp; k++)
	{
		const char *sym = rt_elements[lot->comp_idx[k]].symbol;

		buf[n++] = ' ';
		while (*sym != '\0')
			buf[n++] = *sym++;
		buf[n++] = '=';
		n += format_scaled(lot->comp_ppm[k], RT_PCT_DECIMALS, buf + n);
		buf[n++] = '%';
	}
	buf[n] = '\0';
	return n;
}
