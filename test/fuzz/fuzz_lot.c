/*-------------------------------------------------------------------------
 *
 * fuzz_lot.c
 *	  libFuzzer harness for the backend-free rare_lot parser.
 *
 * Links src/lot_parse.c and src/element_data.c only (no backend); built by
 * the Makefile's test/fuzz/fuzz_lot target with clang
 * -fsanitize=fuzzer,address,undefined.  Every input is copied into a
 * malloc'ed buffer of exactly its size, with no NUL terminator, so ASan
 * reports any read past the length handed to the parser.
 *
 * Per input:
 *	- lot_parse(): on success, the LotParsed must be well formed (country
 *	  assigned, code part lengths and characters, form, mass range,
 *	  composition strictly ascending by element with each share in
 *	  (0, 10^6] ppm and the sum <= 10^6), lot_format() must stay under
 *	  RT_FORMAT_MAX and re-parse to an identical LotParsed, and formatting
 *	  that again must give the same text.  On failure, the error code must
 *	  be a LotErrCode, equal to the return value, and the span err.pos +
 *	  err.len must lie within the input.  The ASCII upper-cased input must
 *	  give the same result (the text form is case-insensitive).
 *	- lot_parse_mass() with unit_exp 3 (bare kilograms) and lot_parse_pct()
 *	  on the same bytes, both compared with a simple reference decoder.
 *	- rt_format_product() on the first 16 bytes as two uint64 values (scale
 *	  from the next byte, modulo 20), checked by reading the string back
 *	  into an unsigned __int128 and comparing with a * b.
 *
 * Any violation prints what went wrong and calls abort(), which libFuzzer
 * reports as a crash (and saves the input).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  test/fuzz/fuzz_lot.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rt_format_product() writes at most this much (see lot_parse.h). */
#define PRODUCT_BUF		64

/* Result codes of ref_decimal(), mirroring decimal_to_scaled(). */
#define REF_OK			0
#define REF_INEXACT		1
#define REF_TOO_LARGE	2
#define REF_SYNTAX		3

typedef unsigned __int128 u128;

/* The input being checked, for the report on failure. */
static const uint8_t *cur_data;
static size_t cur_size;

/*
 * Report a violated invariant, with the input escaped, and abort so that
 * libFuzzer records a crash.
 */
static void
fail(const char *what, const char *detail, int line)
{
	fprintf(stderr, "fuzz_lot.c:%d: invariant violated: %s\n", line, what);
	if (detail != NULL)
		fprintf(stderr, "  detail: %s\n", detail);
	fprintf(stderr, "  input (%zu bytes): \"", cur_size);
	for (size_t i = 0; i < cur_size; i++)
	{
		uint8_t		c = cur_data[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
	abort();
}

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			fail(#cond, NULL, __LINE__); \
	} while (0)

#define CHECK_D(cond, detail) \
	do { \
		if (!(cond)) \
			fail(#cond, (detail), __LINE__); \
	} while (0)

/* Copy len bytes into a fresh malloc'ed buffer of exactly that size. */
static char *
exact_copy(const void *src, size_t len)
{
	char	   *p = malloc(len > 0 ? len : 1);

	if (p == NULL)
		abort();
	if (len > 0)
		memcpy(p, src, len);
	return p;
}

/* ASCII-only character classes, as the parser defines them. */
static int
ascii_upper_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Check a LotParsed that lot_parse() accepted. */
static void
check_lot(const LotParsed *p)
{
	uint64_t	sum = 0;

	CHECK(p->country[0] >= 'A' && p->country[0] <= 'Z');
	CHECK(p->country[1] >= 'A' && p->country[1] <= 'Z');
	CHECK(lot_country_assigned(p->country[0], p->country[1]));

	CHECK(p->entlen >= RT_ENTERPRISE_MIN && p->entlen <= RT_ENTERPRISE_MAX);
	for (int i = 0; i < p->entlen; i++)
		CHECK(ascii_upper_alnum(p->enterprise[i]));
	CHECK(p->lotlen >= RT_LOT_MIN && p->lotlen <= RT_LOT_MAX);
	for (int i = 0; i < p->lotlen; i++)
		CHECK(ascii_upper_alnum(p->lot[i]) || p->lot[i] == '.' ||
			  p->lot[i] == '_');

	CHECK(p->form < RT_NUM_FORMS);
	CHECK(lot_form_name(p->form) != NULL);
	CHECK(lot_stage_name(p->form) != NULL);

	CHECK(p->mass_g >= RT_MASS_MIN_G && p->mass_g <= RT_MASS_MAX_G);

	CHECK(p->ncomp <= RT_NUM_ELEMENTS);
	for (int k = 0; k < p->ncomp; k++)
	{
		CHECK(p->comp_idx[k] < RT_NUM_ELEMENTS);
		if (k > 0)
			CHECK(p->comp_idx[k - 1] < p->comp_idx[k]);
		CHECK(p->comp_ppm[k] >= 1 && p->comp_ppm[k] <= RT_PPM_FULL);
		sum += p->comp_ppm[k];
	}
	CHECK(sum <= RT_PPM_FULL);
}

/* Field-by-field equality of two parsed lots. */
static int
lots_equal(const LotParsed *a, const LotParsed *b)
{
	if (memcmp(a->country, b->country, 2) != 0 ||
		a->entlen != b->entlen || a->lotlen != b->lotlen ||
		memcmp(a->enterprise, b->enterprise, a->entlen) != 0 ||
		memcmp(a->lot, b->lot, a->lotlen) != 0 ||
		a->form != b->form || a->mass_g != b->mass_g ||
		a->ncomp != b->ncomp)
		return 0;
	for (int k = 0; k < a->ncomp; k++)
		if (a->comp_idx[k] != b->comp_idx[k] ||
			a->comp_ppm[k] != b->comp_ppm[k])
			return 0;
	return 1;
}

/* Check a failed parse's error report against the input length. */
static void
check_error(int rc, const LotError *err, size_t len)
{
	CHECK(rc > LOT_OK && rc <= LOT_ERR_COMP_SUM);
	CHECK((int) err->code == rc);
	CHECK(err->pos <= len);
	CHECK(err->len <= len - err->pos);
}

/*
 * lot_parse() on the input; on success check the value and the round trip
 * through lot_format().  Returns the parse result; *out and *err are set.
 */
static int
fuzz_parse(const char *s, size_t len, LotParsed *out, LotError *err)
{
	int			rc;
	char	   *text;
	char	   *copy;
	size_t		n;
	LotParsed	again;
	LotError	err2;

	memset(err, 0xA5, sizeof(*err));
	rc = lot_parse(s, len, out, err);
	if (rc != LOT_OK)
	{
		check_error(rc, err, len);
		return rc;
	}
	check_lot(out);

	/* canonical text: bounded, NUL-terminated at its length */
	text = malloc(RT_FORMAT_MAX);
	if (text == NULL)
		abort();
	n = lot_format(out, text);
	CHECK(n < RT_FORMAT_MAX);
	CHECK(strlen(text) == n);

	/* it re-parses (without a terminator) to the same lot */
	copy = exact_copy(text, n);
	memset(&err2, 0xA5, sizeof(err2));
	rc = lot_parse(copy, n, &again, &err2);
	CHECK_D(rc == LOT_OK, text);
	CHECK_D(lots_equal(out, &again), text);
	CHECK_D(memcmp(out, &again, sizeof(again)) == 0, text);

	/* and formats to the same text again */
	{
		char	   *text2 = malloc(RT_FORMAT_MAX);

		if (text2 == NULL)
			abort();
		CHECK_D(lot_format(&again, text2) == n, text);
		CHECK_D(memcmp(text, text2, n + 1) == 0, text);
		free(text2);
	}

	free(copy);
	free(text);
	return LOT_OK;
}

/*
 * Reference decoder for "digits[.digits]" (at least one digit, nothing
 * else): the value times 10^scale, truncated, into *v; REF_TOO_LARGE when
 * that exceeds max, else REF_INEXACT when a non-zero digit lies beyond the
 * scale, else REF_OK.
 */
static int
ref_decimal(const char *s, size_t len, int scale, uint64_t max, uint64_t *v)
{
	size_t		i = 0;
	size_t		ndigits = 0;
	u128		acc = 0;
	int			big = 0;
	int			inexact = 0;
	int			frac = -1;		/* fraction digits seen, -1 before '.' */

	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '.' && frac < 0)
		{
			frac = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return REF_SYNTAX;
		ndigits++;
		if (frac >= 0 && frac >= scale)
		{
			if (c != '0')
				inexact = 1;
			continue;
		}
		if (frac >= 0)
			frac++;
		acc = acc * 10 + (u128) (c - '0');
		if (acc > (u128) max)
			big = 1;
		if (big)
			acc = (u128) max + 1;	/* saturate */
	}
	if (ndigits == 0)
		return REF_SYNTAX;
	for (int k = (frac < 0 ? 0 : frac); k < scale; k++)
	{
		acc *= 10;
		if (acc > (u128) max)
			big = 1;
		if (big)
			acc = (u128) max + 1;
	}
	if (big)
		return REF_TOO_LARGE;
	*v = (uint64_t) acc;
	return inexact ? REF_INEXACT : REF_OK;
}

/* lot_parse_mass() in bare kilograms against the reference decoder. */
static void
fuzz_mass(const char *s, size_t len)
{
	int64_t		grams = -1;
	uint64_t	want = 0;
	LotError	err;
	int			rc;
	int			ref;
	int			want_rc;

	memset(&err, 0xA5, sizeof(err));
	rc = lot_parse_mass(s, len, 3, &grams, &err);
	ref = ref_decimal(s, len, 3, (uint64_t) RT_MASS_MAX_G, &want);
	switch (ref)
	{
		case REF_SYNTAX:
			want_rc = LOT_ERR_MASS_SYNTAX;
			break;
		case REF_TOO_LARGE:
			want_rc = LOT_ERR_MASS_TOO_LARGE;
			break;
		case REF_INEXACT:
			want_rc = want == 0 ? LOT_ERR_MASS_BELOW_GRAM :
				LOT_ERR_MASS_FRACTION_GRAM;
			break;
		default:
			want_rc = want == 0 ? LOT_ERR_MASS_ZERO : LOT_OK;
			break;
	}
	CHECK(rc == want_rc);
	if (rc == LOT_OK)
	{
		CHECK(grams >= RT_MASS_MIN_G && grams <= RT_MASS_MAX_G);
		CHECK((uint64_t) grams == want);
	}
	else
		check_error(rc, &err, len);
}

/* lot_parse_pct() against the reference decoder. */
static void
fuzz_pct(const char *s, size_t len)
{
	uint32_t	ppm = 0;
	uint64_t	want = 0;
	LotError	err;
	int			rc;
	int			ref;
	int			want_rc;

	memset(&err, 0xA5, sizeof(err));
	rc = lot_parse_pct(s, len, &ppm, &err);
	ref = ref_decimal(s, len, RT_PCT_DECIMALS, RT_PPM_FULL, &want);
	switch (ref)
	{
		case REF_SYNTAX:
			want_rc = LOT_ERR_PCT_SYNTAX;
			break;
		case REF_TOO_LARGE:
			want_rc = LOT_ERR_PCT_TOO_LARGE;
			break;
		case REF_INEXACT:
			want_rc = LOT_ERR_PCT_DECIMALS;
			break;
		default:
			want_rc = want == 0 ? LOT_ERR_PCT_ZERO : LOT_OK;
			break;
	}
	CHECK(rc == want_rc);
	if (rc == LOT_OK)
	{
		CHECK(ppm >= 1 && ppm <= RT_PPM_FULL);
		CHECK(ppm == want);
	}
	else
		check_error(rc, &err, len);
}

/*
 * rt_format_product(a, b, scale): the text must be a plain decimal
 * (no sign, no leading zeros, no trailing fraction zeros or point, at most
 * scale fraction digits) whose value times 10^scale is exactly a * b.
 */
static void
fuzz_product(uint64_t a, uint64_t b, int scale)
{
	char	   *buf = malloc(PRODUCT_BUF);
	u128		want = (u128) a * b;
	u128		got = 0;
	size_t		n;
	size_t		i;
	size_t		intdigits = 0;
	int			fdigits = 0;
	char		detail[160];

	if (buf == NULL)
		abort();
	n = rt_format_product(a, b, scale, buf);
	snprintf(detail, sizeof(detail), "a=%llu b=%llu scale=%d -> \"%.*s\"",
			 (unsigned long long) a, (unsigned long long) b, scale,
			 (int) (n < PRODUCT_BUF ? n : 0), buf);
	CHECK_D(n < PRODUCT_BUF, detail);
	CHECK_D(strlen(buf) == n, detail);
	CHECK_D(n > 0, detail);

	/* integer part: digits, no leading zero unless it is exactly "0" */
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
	{
		intdigits++;
		CHECK_D(intdigits <= 39, detail);
		got = got * 10 + (u128) (buf[i] - '0');
	}
	CHECK_D(intdigits > 0, detail);
	CHECK_D(buf[0] != '0' || intdigits == 1, detail);

	/* optional fraction: at most scale digits, last one not zero */
	if (i < n)
	{
		CHECK_D(buf[i] == '.', detail);
		for (i++; i < n; i++)
		{
			CHECK_D(buf[i] >= '0' && buf[i] <= '9', detail);
			fdigits++;
			CHECK_D(fdigits <= scale, detail);
			got = got * 10 + (u128) (buf[i] - '0');
		}
		CHECK_D(fdigits > 0, detail);
		CHECK_D(buf[n - 1] != '0', detail);
	}

	/* scale back up: got * 10^(scale - fdigits) must equal a * b */
	for (int k = fdigits; k < scale; k++)
	{
		CHECK_D(got <= want / 10, detail);
		got *= 10;
	}
	CHECK_D(got == want, detail);
	free(buf);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = exact_copy(data, size);
	char	   *up = exact_copy(data, size);
	LotParsed	lot;
	LotParsed	lot_up;
	LotError	err;
	LotError	err_up;
	int			rc;
	int			rc_up;

	cur_data = data;
	cur_size = size;

	/* the whole text form */
	rc = fuzz_parse(s, size, &lot, &err);

	/* case-insensitive: the ASCII upper-cased input parses the same way */
	for (size_t i = 0; i < size; i++)
		if (up[i] >= 'a' && up[i] <= 'z')
			up[i] = (char) (up[i] - 'a' + 'A');
	rc_up = fuzz_parse(up, size, &lot_up, &err_up);
	CHECK(rc == rc_up);
	if (rc == LOT_OK)
		CHECK(lots_equal(&lot, &lot_up));
	else
		CHECK(err.pos == err_up.pos && err.len == err_up.len);

	/* the same bytes as a bare mass in kg and as a percentage */
	fuzz_mass(s, size);
	fuzz_pct(s, size);

	/* decimal formatting of a product */
	if (size >= 16)
	{
		uint64_t	a;
		uint64_t	b;
		int			scale = (size > 16 ? data[16] : data[0]) % 20;

		memcpy(&a, data, 8);
		memcpy(&b, data + 8, 8);
		fuzz_product(a, b, scale);
		fuzz_product(a, 1, scale);
		fuzz_product(a & 0xffff, b & 0xffffffff, scale);
	}

	free(up);
	free(s);
	return 0;
}
