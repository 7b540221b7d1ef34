/*-------------------------------------------------------------------------
 *
 * fuzz_lot.c
 *	  libFuzzer harness for the backend-free rare_lot parser.
 *
 * Links src/lot_parse.c (twice: also as lot_parse_nofast.c, with the fast
 * paths compiled out), src/lot_format.c and src/element_data.c only (no
 * backend); built by the Makefile's test/fuzz/fuzz_lot target with clang
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
 *	- Differential: for the input and its upper-cased copy (and every
 *	  re-parse of a canonical text), lot_parse.c built without its fast
 *	  paths (lot_parse_nofast.c) must give the same result: accept or
 *	  reject, error code, offsets and extra figure, the parsed value and
 *	  its canonical text.
 *	- lot_parse_mass() with unit_exp 3 (bare kilograms) and lot_parse_pct()
 *	  on the same bytes, both compared with a simple reference decoder.
 *	- rt_format_product() on the first 16 bytes as two uint64 values (scale
 *	  from the next byte, modulo 20), checked by reading the string back
 *	  into an unsigned __int128 and comparing with a * b; rt_format_scaled()
 *	  on the same values must give the same text as rt_format_product() with
 *	  b = 1, and use no more of its buffer than it may.
 *
 * Once, at start-up (LLVMFuzzerInitialize), the parser's lookup tables are
 * checked exhaustively against plain references: the country bitmap
 * against the list of assigned codes written out as strings, for every
 * pair of bytes; the element symbol table against a linear search of
 * rt_elements, for every input of up to two bytes; the form lookup against
 * every case variant and every prefix of every form name.
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
#include "lot_parse_nofast.h"

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

/*
 * Officially assigned ISO 3166-1 alpha-2 codes (249), sorted: the list the
 * parser's bitmap must agree with (the reference for table_checks()).
 */
static const char ref_countries[] =
"AD" "AE" "AF" "AG" "AI" "AL" "AM" "AO" "AQ" "AR" "AS" "AT" "AU" "AW" "AX" "AZ"
"BA" "BB" "BD" "BE" "BF" "BG" "BH" "BI" "BJ" "BL" "BM" "BN" "BO" "BQ" "BR" "BS"
"BT" "BV" "BW" "BY" "BZ"
"CA" "CC" "CD" "CF" "CG" "CH" "CI" "CK" "CL" "CM" "CN" "CO" "CR" "CU" "CV" "CW"
"CX" "CY" "CZ"
"DE" "DJ" "DK" "DM" "DO" "DZ"
"EC" "EE" "EG" "EH" "ER" "ES" "ET"
"FI" "FJ" "FK" "FM" "FO" "FR"
"GA" "GB" "GD" "GE" "GF" "GG" "GH" "GI" "GL" "GM" "GN" "GP" "GQ" "GR" "GS" "GT"
"GU" "GW" "GY"
"HK" "HM" "HN" "HR" "HT" "HU"
"ID" "IE" "IL" "IM" "IN" "IO" "IQ" "IR" "IS" "IT"
"JE" "JM" "JO" "JP"
"KE" "KG" "KH" "KI" "KM" "KN" "KP" "KR" "KW" "KY" "KZ"
"LA" "LB" "LC" "LI" "LK" "LR" "LS" "LT" "LU" "LV" "LY"
"MA" "MC" "MD" "ME" "MF" "MG" "MH" "MK" "ML" "MM" "MN" "MO" "MP" "MQ" "MR" "MS"
"MT" "MU" "MV" "MW" "MX" "MY" "MZ"
"NA" "NC" "NE" "NF" "NG" "NI" "NL" "NO" "NP" "NR" "NU" "NZ"
"OM"
"PA" "PE" "PF" "PG" "PH" "PK" "PL" "PM" "PN" "PR" "PS" "PT" "PW" "PY"
"QA"
"RE" "RO" "RS" "RU" "RW"
"SA" "SB" "SC" "SD" "SE" "SG" "SH" "SI" "SJ" "SK" "SL" "SM" "SN" "SO" "SR" "SS"
"ST" "SV" "SX" "SY" "SZ"
"TC" "TD" "TF" "TG" "TH" "TJ" "TK" "TL" "TM" "TN" "TO" "TR" "TT" "TV" "TW" "TZ"
"UA" "UG" "UM" "US" "UY" "UZ"
"VA" "VC" "VE" "VG" "VI" "VN" "VU"
"WF" "WS"
"YE" "YT"
"ZA" "ZM" "ZW";

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
 * The same input through nofast_lot_parse() (lot_parse.c built without its
 * fast paths, lot_parse_nofast.c): the result must be the same as
 * lot_parse()'s rc / out / err: the same code and, on failure, the same
 * error (code, offsets, extra figure); on success the same LotParsed, byte
 * for byte, and the same canonical text.
 */
static void
compare_nofast(const char *s, size_t len, int rc, const LotParsed *out,
			   const LotError *err)
{
	LotParsed	slow;
	LotError	serr;
	int			src;
	char		detail[160];

	memset(&serr, 0xA5, sizeof(serr));
	src = nofast_lot_parse(s, len, &slow, &serr);
	snprintf(detail, sizeof(detail),
			 "with fast paths: rc %d pos %zu len %zu value %lld; "
			 "without: rc %d pos %zu len %zu value %lld",
			 rc, rc ? err->pos : 0, rc ? err->len : 0,
			 rc ? (long long) err->value : 0LL,
			 src, src ? serr.pos : 0, src ? serr.len : 0,
			 src ? (long long) serr.value : 0LL);
	CHECK_D(src == rc, detail);
	if (rc != LOT_OK)
	{
		CHECK_D(serr.code == err->code && serr.pos == err->pos &&
				serr.len == err->len && serr.value == err->value, detail);
		return;
	}
	CHECK_D(lots_equal(out, &slow), detail);
	CHECK_D(memcmp(out, &slow, sizeof(slow)) == 0, detail);
	{
		char	   *t1 = malloc(RT_FORMAT_MAX);
		char	   *t2 = malloc(RT_FORMAT_MAX);
		size_t		n1;

		if (t1 == NULL || t2 == NULL)
			abort();
		n1 = lot_format(out, t1);
		CHECK_D(lot_format(&slow, t2) == n1, t1);
		CHECK_D(memcmp(t1, t2, n1 + 1) == 0, t1);
		free(t2);
		free(t1);
	}
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
	compare_nofast(s, len, rc, out, err);
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

/*
 * rt_format_scaled(value, scale) must write the same text as
 * rt_format_product(value, 1, scale), and may use the buffer past the
 * terminator as scratch only within the first 23 bytes (scale <= 20).
 */
static void
fuzz_scaled(uint64_t value, int scale)
{
	char	   *want = malloc(PRODUCT_BUF);
	char	   *got = malloc(PRODUCT_BUF);
	size_t		nw;
	size_t		ng;
	char		detail[160];

	if (want == NULL || got == NULL)
		abort();
	memset(got, 0x5A, PRODUCT_BUF);
	nw = rt_format_product(value, 1, scale, want);
	ng = rt_format_scaled(value, scale, got);
	snprintf(detail, sizeof(detail), "value=%llu scale=%d -> \"%s\"",
			 (unsigned long long) value, scale, want);
	CHECK_D(ng == nw, detail);
	CHECK_D(memcmp(got, want, nw + 1) == 0, detail);
	for (size_t i = 23; i < PRODUCT_BUF; i++)
		CHECK_D((unsigned char) got[i] == 0x5A, detail);
	free(got);
	free(want);
}

/* Is "ab" in ref_countries?  A plain linear search. */
static int
ref_country(char a, char b)
{
	for (size_t i = 0; ref_countries[i] != '\0'; i += 2)
		if (ref_countries[i] == a && ref_countries[i + 1] == b)
			return 1;
	return 0;
}

/* Element index of s[0..len) by a linear search of rt_elements; or -1. */
static int
ref_element(const char *s, size_t len)
{
	for (int i = 0; i < RT_NUM_ELEMENTS; i++)
	{
		const char *sym = rt_elements[i].symbol;
		size_t		k;

		if (strlen(sym) != len)
			continue;
		for (k = 0; k < len; k++)
		{
			char		c = s[k];

			/* first letter upper case, second lower case, as stored */
			if (k == 0 && c >= 'a' && c <= 'z')
				c = (char) (c - 'a' + 'A');
			if (k == 1 && c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			if (c != sym[k])
				break;
		}
		if (k == len)
			return i;
	}
	return -1;
}

/*
 * Exhaustive checks of the lookup tables in lot_parse.c against the plain
 * references above (see the top of the file).
 */
static void
table_checks(void)
{
	char		buf[2];

	cur_data = (const uint8_t *) "";
	cur_size = 0;
	CHECK(strlen(ref_countries) == 2 * 249);
	for (int x = 0; x < 256; x++)
	{
		buf[0] = (char) x;
		CHECK(lot_element_index(buf, 1) == ref_element(buf, 1));
		for (int y = 0; y < 256; y++)
		{
			buf[1] = (char) y;
			CHECK(lot_country_assigned(buf[0], buf[1]) ==
				  ref_country(buf[0], buf[1]));
			CHECK(lot_element_index(buf, 2) == ref_element(buf, 2));
		}
	}
	CHECK(lot_element_index(buf, 0) == -1);
	CHECK(lot_element_index("Ndd", 3) == -1);

	for (int f = 0; f < RT_NUM_FORMS; f++)
	{
		const char *name = lot_form_name(f);
		size_t		len = strlen(name);

		for (unsigned int mask = 0; mask < (1u << len); mask++)
		{
			char		v[32];

			for (size_t i = 0; i < len; i++)
				v[i] = ((mask >> i) & 1) ? (char) (name[i] - 'a' + 'A') :
					name[i];
			CHECK(lot_form_index(v, len) == f);
			for (size_t l = 0; l < len; l++)
				CHECK(lot_form_index(v, l) == -1);
			v[len] = 's';
			CHECK(lot_form_index(v, len + 1) == -1);
		}
	}
}

int			LLVMFuzzerInitialize(int *argc, char ***argv);

/* libFuzzer start-up hook: the table checks, once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	table_checks();
	return 0;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		fuzz_scaled(a, scale);
		fuzz_scaled(b & 0xffffffff, scale);
		fuzz_scaled(a >> (b & 63), (int) (b % 21));
	}

	free(up);
	free(s);
	return 0;
}
