/*-------------------------------------------------------------------------
 *
 * lot_parse.c
 *	  Backend-free parser and formatter for the text form of rare_lot.
 *
 * Text form:  CODE form mass [El=P% ...]
 *
 *	CODE	CC-ENTERPRISE-LOT: an assigned ISO 3166-1 alpha-2 country, 2-16 of
 *			A-Z 0-9, 1-20 of A-Z 0-9 . _ (case-insensitive, stored upper case)
 *	form	ore, concentrate, compound, oxide, metal, alloy, magnet, scrap
 *	mass	positive decimal with unit t, kg or g; exact to the gram
 *	El=P%	mass fraction of a rare earth, P > 0 with at most 4 decimals
 *
 * Parts are separated by any amount of white space.  Every read is bounded
 * by the length passed in: the input need not be NUL-terminated.  See
 * lot_parse.h for why nothing here may call the backend.
 *
 * Speed: lot_parse() runs once per row of a COPY, so each part (code,
 * form, mass, composition entry) has a fast path: one pass over the token
 * that converts as it validates, finds the token's end on the way, and
 * accepts only the usual spellings of valid input, with the same result
 * as the part's own parser.  Whenever it does not accept, the token is
 * delimited and handed to that parser (lot_parse_code(), lot_parse_form(),
 * lot_parse_mass(), parse_comp_entry()), which checks in the documented
 * order and decides: it reports every error, and takes the rarer valid
 * spellings (".5%", "0007%", "5.t" ...).  So the fast paths cannot change
 * what is accepted, or which error is reported where (defining
 * RT_LOT_PARSE_NO_FAST_PATHS compiles them out; the fuzz harness compares
 * the two builds).  Lookups use tables
 * instead of searches: character tables here; a bitmap of assigned
 * countries, a symbol table for the elements and candidates by first letter
 * for forms in lot_names.c.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_parse.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"
#include "lot_names.h"

#include <string.h>

/*
 * The decimal code below relies on these limits being powers of ten (see
 * scaled_value()): the mass limit 10^MASS_MAX_EXP g and 100 % = 10^6 ppm.
 * FRAC_KEPT is how many fraction digits scan_number() keeps: enough for the
 * finest scale used here (t: 10^6 g) and for percentages.
 */
#define MASS_MAX_EXP	15
#define PPM_FULL_EXP	6
#define FRAC_KEPT		6

#if RT_MASS_MAX_G != INT64_C(1000000000000000)
#error "lot_parse.c assumes RT_MASS_MAX_G = 10^MASS_MAX_EXP"
#endif
#if RT_PPM_FULL != 1000000
#error "lot_parse.c assumes RT_PPM_FULL = 10^PPM_FULL_EXP"
#endif
#if RT_PCT_DECIMALS > FRAC_KEPT || RT_PCT_DECIMALS > PPM_FULL_EXP
#error "lot_parse.c assumes RT_PCT_DECIMALS <= FRAC_KEPT and PPM_FULL_EXP"
#endif


/*
 * Character tables, ASCII only and independent of the C library's locale.
 *
 * White space between the parts is what C isspace() accepts in the C
 * locale: space, tab, newline, vertical tab, form feed, carriage return.
 */
static const uint8_t white_space[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1
};

/* Number of a letter in the alphabet: 1-26 for A-Z and a-z, else 0. */
#define L(c)	[(c)] = (c) - 'A' + 1, [(c) + 'a' - 'A'] = (c) - 'A' + 1

static const uint8_t letter_no[256] = {
	L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'), L('H'), L('I'),
	L('J'), L('K'), L('L'), L('M'), L('N'), L('O'), L('P'), L('Q'), L('R'),
	L('S'), L('T'), L('U'), L('V'), L('W'), L('X'), L('Y'), L('Z')
};

#undef L

/*
 * Characters of a lot code, upper-cased: ent_upper maps A-Z a-z 0-9 (the
 * enterprise characters) to themselves, letters in upper case, and every
 * other byte to 0; lot_upper does the same for A-Z a-z 0-9 . _ (the
 * lot-number characters).
 */
#define U(c)	[(c)] = (c), [(c) + 'a' - 'A'] = (c)
#define ALNUM_UPPER \
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', \
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9', \
	U('A'), U('B'), U('C'), U('D'), U('E'), U('F'), U('G'), U('H'), U('I'), \
	U('J'), U('K'), U('L'), U('M'), U('N'), U('O'), U('P'), U('Q'), U('R'), \
	U('S'), U('T'), U('U'), U('V'), U('W'), U('X'), U('Y'), U('Z')

static const char ent_upper[256] = {
	ALNUM_UPPER
};

static const char lot_upper[256] = {
	ALNUM_UPPER, ['.'] = '.', ['_'] = '_'
};

#undef ALNUM_UPPER
#undef U

/* White space between the parts? */
static inline int
is_space(char c)
{
	return white_space[(unsigned char) c];
}

/* Value of a decimal digit; 10 or more for any other byte. */
static inline unsigned int
digit_value(char c)
{
	return (unsigned int) (unsigned char) c - '0';
}

/* Decimal digit? */
static inline int
is_digit(char c)
{
	return digit_value(c) < 10;
}

/* Number of a letter (1-26, either case); 0 if c is not a letter. */
static inline unsigned int
letter_number(char c)
{
	return letter_no[(unsigned char) c];
}

/* ASCII letter? */
static inline int
is_alpha(char c)
{
	return letter_number(c) != 0;
}

/* Upper-case an ASCII letter; any other byte is returned as is. */
static inline char
to_upper(char c)
{
	unsigned int n = letter_number(c);

	return n ? (char) ('A' - 1 + n) : c;
}

/* Lower-case an ASCII letter; any other byte is returned as is. */
static inline char
to_lower(char c)
{
	unsigned int n = letter_number(c);

	return n ? (char) ('a' - 1 + n) : c;
}

/* Enterprise character (A-Z a-z 0-9), upper-cased; else 0. */
static inline char
ent_char(char c)
{
	return ent_upper[(unsigned char) c];
}

/* Lot-number character (A-Z a-z 0-9 . _), upper-cased; else 0. */
static inline char
lot_char(char c)
{
	return lot_upper[(unsigned char) c];
}

/* Skip white space from s[pos]; returns the first other position or len. */
static inline size_t
skip_space(const char *s, size_t pos, size_t len)
{
	while (pos < len && is_space(s[pos]))
		pos++;
	return pos;
}

/* End of the token starting at s[pos]: the next white space, or len. */
static inline size_t
token_end(const char *s, size_t pos, size_t len)
{
	while (pos < len && !is_space(s[pos]))
		pos++;
	return pos;
}

/* Fill in an error and return it, for one-line error exits. */
static int
set_error(LotError *err, LotErrCode code, size_t pos, size_t len,
		  int64_t value)
{
	err->code = code;
	err->pos = pos;
	err->len = len;
	err->value = value;
	return code;
}

/*
 * Index in rt_elements of the element whose symbol is s[0..len),
 * case-insensitive; -1 if there is none.
 */
static inline int
element_index(const char *s, size_t len)
{
	unsigned int first;
	unsigned int second = 0;

	if (len < 1 || len > 2 || (first = letter_number(s[0])) == 0)
		return -1;
	if (len == 2 && (second = letter_number(s[1])) == 0)
		return -1;
	return (int) rt_element_by_symbol[first - 1][second] - 1;
}

/* The same, for callers outside this file. */
int
lot_element_index(const char *s, size_t len)
{
	return element_index(s, len);
}

/*
 * If s[0..len) starts with the lower-case name, ignoring case, return the
 * name's length, else 0.  For a lower-case letter l, (c | 0x20) == l
 * exactly when c is l or its upper case.
 */
static inline size_t
match_name(const char *s, size_t len, const char *name)
{
	size_t		k = 0;

	/* stops at the name's end at the latest: (c | 0x20) is never '\0' */
	while (k < len && (s[k] | 0x20) == name[k])
		k++;
	return (name[k] == '\0') ? k : 0;
}

/*
 * Index of the form named s[0..len), case-insensitive; -1 if none.  Only
 * the forms whose name starts with the same letter are compared.
 */
int
lot_form_index(const char *s, size_t len)
{
	unsigned int first;
	const uint8_t *cand;

	if (len < 1 || (first = letter_number(s[0])) == 0)
		return -1;
	cand = rt_form_candidates[first - 1];
	for (int k = 0; k < 2 && cand[k] != 0; k++)
	{
		int			f = cand[k] - 1;

		if (match_name(s, len, rt_form_names[f]) == len)
			return f;
	}
	return -1;
}

/*
 * Parse a lot code CC-ENTERPRISE-LOT from s[0..len) into out (country,
 * enterprise, lot; upper-cased).
 */
int
lot_parse_code(const char *s, size_t len, LotParsed *out, LotError *err)
{
	const char *d1 = memchr(s, '-', len);
	const char *d2;
	size_t		clen,
				elen,
				llen,
				epos,
				lpos;

	if (d1 == NULL)
		return set_error(err, LOT_ERR_CODE_SHAPE, 0, len, 0);
	d2 = memchr(d1 + 1, '-', len - (size_t) (d1 + 1 - s));
	if (d2 == NULL)
		return set_error(err, LOT_ERR_CODE_SHAPE, 0, len, 0);

	clen = (size_t) (d1 - s);
	epos = clen + 1;
	elen = (size_t) (d2 - d1 - 1);
	lpos = epos + elen + 1;
	llen = len - lpos;

	/* country */
	if (clen != 2 || !is_alpha(s[0]) || !is_alpha(s[1]))
		return set_error(err, LOT_ERR_COUNTRY_SYNTAX, 0, clen, 0);
	out->country[0] = to_upper(s[0]);
	out->country[1] = to_upper(s[1]);
	if (!lot_country_assigned(out->country[0], out->country[1]))
		return set_error(err, LOT_ERR_COUNTRY_UNASSIGNED, 0, 2, 0);

	/* enterprise */
	if (elen < RT_ENTERPRISE_MIN || elen > RT_ENTERPRISE_MAX)
		return set_error(err, LOT_ERR_ENTERPRISE_LENGTH, epos, elen, 0);
	for (size_t i = 0; i < elen; i++)
	{
		char		c = ent_char(s[epos + i]);

		if (c == 0)
			return set_error(err, LOT_ERR_ENTERPRISE_CHAR, epos, elen, 0);
		out->enterprise[i] = c;
	}
	out->entlen = (uint8_t) elen;

	/* lot number */
	if (llen < RT_LOT_MIN || llen > RT_LOT_MAX)
		return set_error(err, LOT_ERR_LOT_LENGTH, lpos, llen, 0);
	for (size_t i = 0; i < llen; i++)
	{
		char		c = lot_char(s[lpos + i]);

		if (c == 0)
			return set_error(err, LOT_ERR_LOT_CHAR, lpos, llen, 0);
		out->lot[i] = c;
	}
	out->lotlen = (uint8_t) llen;
	return LOT_OK;
}

/* Parse a form name from s[0..len) into out->form. */
int
lot_parse_form(const char *s, size_t len, LotParsed *out, LotError *err)
{
	int			f = lot_form_index(s, len);

	if (f < 0)
		return set_error(err, LOT_ERR_FORM_UNKNOWN, 0, len, 0);
	out->form = (uint8_t) f;
	return LOT_OK;
}

/*
 * An unsigned decimal number "digits[.digits]" as scanned by scan_number():
 * its span and its value, enough of it to scale it by up to 10^FRAC_KEPT
 * exactly (see scaled_value()).
 */
typedef struct DecimalScan
{
	size_t		n;				/* bytes spanned; 0 if not a number */
	size_t		intlen;			/* bytes of the integer part */
	uint64_t	intval;			/* integer part, unless intbig */
	int			intbig;			/* integer part has over 19 significant
								 * digits (so is >= 10^19) */
	int			nfrac;			/* fraction digits kept, <= FRAC_KEPT */
	uint32_t	frac;			/* those digits as an integer */
	int			fracrest;		/* a non-zero fraction digit after them */
} DecimalScan;

/*
 * Scan an unsigned decimal number "digits[.digits]" at the start of
 * s[0..len) (at least one digit in all: ".5" and "5." are numbers), and
 * convert it in the same pass.  d->n is the number of bytes it spans, or 0
 * if there is no number.  Instead of an overflow check per digit, the
 * integer part is accumulated modulo 2^64, and flagged as too big when it
 * has more significant digits than a uint64_t holds.
 */
static inline void
scan_number(const char *s, size_t len, DecimalScan *d)
{
	size_t		i = 0;
	size_t		fstart;
	size_t		lim;
	uint64_t	v = 0;
	uint32_t	f = 0;
	int			rest = 0;

	while (i < len && is_digit(s[i]))
	{
		v = v * 10 + digit_value(s[i]);
		i++;
	}
	d->intlen = i;
	d->intval = v;
	d->intbig = 0;
	if (i > 19)
	{
		size_t		lead = 0;

		while (lead < i && s[lead] == '0')
			lead++;
		d->intbig = (i - lead > 19);
	}
	fstart = i;
	if (i < len && s[i] == '.')
	{
		fstart = ++i;
		lim = (len - i > FRAC_KEPT) ? i + FRAC_KEPT : len;
		while (i < lim && is_digit(s[i]))
		{
			f = f * 10 + digit_value(s[i]);
			i++;
		}
		d->nfrac = (int) (i - fstart);
		while (i < len && is_digit(s[i]))
		{
			rest |= (int) digit_value(s[i]);
			i++;
		}
	}
	else
		d->nfrac = 0;
	d->frac = f;
	d->fracrest = (rest != 0);
	d->n = (d->intlen > 0 || i > fstart) ? i : 0;
}

/*
 * Convert a scanned number to an integer count of units of 10^-scale,
 * exactly, with 0 <= scale <= FRAC_KEPT and scale <= maxexp <= 19.
 * Returns 0 on success, 1 if a non-zero digit lies beyond the scale (the
 * truncated value is still stored), 2 if the value exceeds 10^maxexp.
 * Whenever the integer part is at most 10^(maxexp - scale), the scaled
 * value is at most 10^maxexp + 10^scale - 1 and cannot overflow.
 */
static inline int
scaled_value(const DecimalScan *d, int scale, int maxexp, uint64_t *result)
{
	uint64_t	fs;
	uint64_t	v;
	int			inexact = d->fracrest;

	if (d->intbig || d->intval > rt_powers_of_10[maxexp - scale])
		return 2;
	if (d->nfrac <= scale)
		fs = d->frac * rt_powers_of_10[scale - d->nfrac];
	else
	{
		uint64_t	q = rt_powers_of_10[d->nfrac - scale];

		fs = d->frac / q;
		if (d->frac % q != 0)
			inexact = 1;
	}
	v = d->intval * rt_powers_of_10[scale] + fs;
	if (v > rt_powers_of_10[maxexp])
		return 2;
	*result = v;
	return inexact ? 1 : 0;
}

/*
 * Convert the decimal s[0..n) (already scanned, integer part intlen bytes)
 * to an integer count of units of 10^-scale, exactly, for any scale >= 0.
 * Returns 0 on success, 1 if a non-zero digit lies beyond the scale, 2 if
 * the value exceeds max.  Only used for scales beyond FRAC_KEPT, which
 * only lot_parse_mass() with a large unit_exp asks for.
 */
static int
decimal_to_scaled(const char *s, size_t n, size_t intlen, int scale,
				  uint64_t max, uint64_t *result)
{
	uint64_t	v = 0;
	int			overflow = 0;
	int			inexact = 0;

	for (size_t i = 0; i < intlen; i++)
	{
		if (v > max / 10)
			overflow = 1;
		else
			v = v * 10 + (uint64_t) (s[i] - '0');
	}
	for (int k = 0; k < scale; k++)
	{
		size_t		i = intlen + 1 + (size_t) k;
		uint64_t	digit = (i < n) ? (uint64_t) (s[i] - '0') : 0;

		if (v > max / 10)
			overflow = 1;
		else
			v = v * 10 + digit;
	}
	for (size_t i = intlen + 1 + (size_t) scale; i < n; i++)
		if (s[i] != '0')
			inexact = 1;
	if (overflow || v > max)
		return 2;
	*result = v;
	return inexact ? 1 : 0;
}

/*
 * Parse a mass from s[0..len) into grams.  With unit_exp < 0 the token
 * must end in a unit (t, kg or g, case-insensitive); otherwise it is a bare
 * number in units of 10^unit_exp grams (3 for kilograms).
 */
int
lot_parse_mass(const char *s, size_t len, int unit_exp, int64_t *grams,
			   LotError *err)
{
	DecimalScan d;
	size_t		n;
	size_t		ulen;
	uint64_t	g = 0;
	int			exp = unit_exp;
	int			rc;

	scan_number(s, len, &d);
	n = d.n;
	ulen = len - n;
	if (n == 0)
		return set_error(err, LOT_ERR_MASS_SYNTAX, 0, len, 0);
	if (unit_exp < 0)
	{
		const char *u = s + n;

		if (ulen == 1 && to_lower(u[0]) == 't')
			exp = 6;
		else if (ulen == 2 && to_lower(u[0]) == 'k' && to_lower(u[1]) == 'g')
			exp = 3;
		else if (ulen == 1 && to_lower(u[0]) == 'g')
			exp = 0;
		else if (ulen == 0)
			return set_error(err, LOT_ERR_MASS_UNIT, 0, len, 0);
		else if (is_alpha(u[0]))
			return set_error(err, LOT_ERR_MASS_UNIT, 0, len, 0);
		else
			return set_error(err, LOT_ERR_MASS_SYNTAX, 0, len, 0);
	}
	else if (ulen != 0)
		return set_error(err, LOT_ERR_MASS_SYNTAX, 0, len, 0);

	if (exp <= FRAC_KEPT)
		rc = scaled_value(&d, exp, MASS_MAX_EXP, &g);
	else
		rc = decimal_to_scaled(s, n, d.intlen, exp, (uint64_t) RT_MASS_MAX_G,
							   &g);
	if (rc == 2)
		return set_error(err, LOT_ERR_MASS_TOO_LARGE, 0, len, 0);
	if (rc == 1)
		return set_error(err, g == 0 ? LOT_ERR_MASS_BELOW_GRAM :
						 LOT_ERR_MASS_FRACTION_GRAM, 0, len, 0);
	if (g == 0)
		return set_error(err, LOT_ERR_MASS_ZERO, 0, len, 0);
	*grams = (int64_t) g;
	return LOT_OK;
}

/*
 * Parse a percentage "P" (no % sign) from s[0..len) into parts per million:
 * 0 < P <= 100, at most four non-zero decimals.
 */
int
lot_parse_pct(const char *s, size_t len, uint32_t *ppm, LotError *err)
{
	DecimalScan d;
	uint64_t	v = 0;
	int			rc;

	scan_number(s, len, &d);
	if (d.n == 0 || d.n != len)
		return set_error(err, LOT_ERR_PCT_SYNTAX, 0, len, 0);
	rc = scaled_value(&d, RT_PCT_DECIMALS, PPM_FULL_EXP, &v);
	if (rc == 2)
		return set_error(err, LOT_ERR_PCT_TOO_LARGE, 0, len, 0);
	if (rc == 1)
		return set_error(err, LOT_ERR_PCT_DECIMALS, 0, len, 0);
	if (v == 0)
		return set_error(err, LOT_ERR_PCT_ZERO, 0, len, 0);
	*ppm = (uint32_t) v;
	return LOT_OK;
}

/*
 * Insert element idx at ppm into a composition ordered by atomic number,
 * keeping the order.  Returns 0, changing nothing, if idx is there already
 * (which shows where it would go); else 1.
 */
static inline int
insert_element(LotParsed *lot, int idx, uint32_t ppm)
{
	int			n = lot->ncomp;
	int			i = n;

	if (n == 0 || lot->comp_idx[n - 1] < idx)
	{
		/* the usual case: after all the others */
		lot->comp_idx[n] = (uint8_t) idx;
		lot->comp_ppm[n] = ppm;
		lot->ncomp++;
		return 1;
	}

	/* find the place first: nothing may move for a duplicate */
	while (i > 0 && lot->comp_idx[i - 1] > idx)
		i--;
	if (i > 0 && lot->comp_idx[i - 1] == idx)
		return 0;

	/* make room there */
	i = n;
	while (i > 0 && lot->comp_idx[i - 1] > idx)
	{
		lot->comp_idx[i] = lot->comp_idx[i - 1];
		lot->comp_ppm[i] = lot->comp_ppm[i - 1];
		i--;
	}
	lot->comp_idx[i] = (uint8_t) idx;
	lot->comp_ppm[i] = ppm;
	lot->ncomp++;
	return 1;
}

/*
 * Add element idx at ppm to the composition, keeping it ordered by atomic
 * number; a second entry for the same element is an error (value = idx).
 */
int
lot_add_element(LotParsed *lot, int idx, uint32_t ppm, LotError *err)
{
	for (int k = 0; k < lot->ncomp; k++)
		if (lot->comp_idx[k] == idx)
			return set_error(err, LOT_ERR_ELEMENT_DUPLICATE, 0, 0, idx);
	/* not there, so this inserts it */
	insert_element(lot, idx, ppm);
	return LOT_OK;
}

/* Whole-value checks: the composition may not exceed 100 %. */
int
lot_check(const LotParsed *lot, LotError *err)
{
	int64_t		sum = 0;

	for (int k = 0; k < lot->ncomp; k++)
		sum += lot->comp_ppm[k];
	if (sum > RT_PPM_FULL)
		return set_error(err, LOT_ERR_COMP_SUM, 0, 0, sum);
	return LOT_OK;
}

/*
 * Parse one composition entry "El=P%" (s[0..len)) into lot.  Error
 * positions are relative to s.
 */
static int
parse_comp_entry(const char *s, size_t len, LotParsed *lot, LotError *err)
{
	const char *eq = memchr(s, '=', len);
	size_t		symlen;
	int			idx;
	uint32_t	ppm = 0;
	int			rc;

	if (eq == NULL || eq == s || len < (size_t) (eq - s) + 3 ||
		s[len - 1] != '%')
		return set_error(err, LOT_ERR_COMP_SYNTAX, 0, len, 0);
	symlen = (size_t) (eq - s);
	idx = lot_element_index(s, symlen);
	if (idx < 0)
		return set_error(err, LOT_ERR_ELEMENT_UNKNOWN, 0, symlen, 0);
	rc = lot_parse_pct(eq + 1, len - symlen - 2, &ppm, err);
	if (rc != LOT_OK)
	{
		err->pos += symlen + 1;
		return rc;
	}
	rc = lot_add_element(lot, idx, ppm, err);
	if (rc != LOT_OK)
	{
		err->pos = 0;
		err->len = symlen;
	}
	return rc;
}

#ifndef RT_LOT_PARSE_NO_FAST_PATHS

/*
 * After a token accepted by a fast path, ending at s[p]: the position to
 * go on from, past the white space character that ended it, if any.
 */
static inline size_t
after_token(size_t p, size_t len)
{
	return (p < len) ? p + 1 : p;
}

/*
 * Map src[0..lim) through table (ent_upper or lot_upper) into dst,
 * stopping at the first byte that maps to 0; returns the number of bytes
 * mapped.
 */
static inline size_t
map_chars(const char *src, size_t lim, const char *table, char *dst)
{
	size_t		k;

	for (k = 0; k < lim; k++)
	{
		char		c = table[(unsigned char) src[k]];

		if (c == 0)
			break;
		dst[k] = c;
	}
	return k;
}

/*
 * Fast path for the code at s[*pos] (a token start, *pos < len): accept a
 * well-formed CC-ENTERPRISE-LOT followed by white space or the end, store
 * it in out and advance *pos past it.  Returns 0 for anything else, with
 * out partly written; lot_parse_code() then gets the token.
 */
static inline int
code_fast(const char *s, size_t len, size_t *pos, LotParsed *out)
{
	const char *t = s + *pos;
	size_t		avail = len - *pos;
	size_t		lim;
	size_t		k;
	unsigned int a;
	unsigned int b;

	/* country: two letters, assigned, then '-' */
	if (avail < 7 || (a = letter_number(t[0])) == 0 ||
		(b = letter_number(t[1])) == 0 || t[2] != '-' ||
		!((rt_assigned_countries[a - 1] >> (b - 1)) & 1))
		return 0;
	out->country[0] = (char) ('A' - 1 + a);
	out->country[1] = (char) ('A' - 1 + b);
	t += 3;
	avail -= 3;

	/* enterprise: 2-16 of A-Z 0-9, then '-' */
	lim = (avail > RT_ENTERPRISE_MAX) ? RT_ENTERPRISE_MAX : avail;
	k = map_chars(t, lim, ent_upper, out->enterprise);
	if (k < RT_ENTERPRISE_MIN || k >= avail || t[k] != '-')
		return 0;
	out->entlen = (uint8_t) k;
	t += k + 1;
	avail -= k + 1;

	/* lot number: 1-20 of A-Z 0-9 . _, then the end of the token */
	lim = (avail > RT_LOT_MAX) ? RT_LOT_MAX : avail;
	k = map_chars(t, lim, lot_upper, out->lot);
	if (k == 0 || (k < avail && !is_space(t[k])))
		return 0;
	out->lotlen = (uint8_t) k;
	*pos = after_token((size_t) (t + k - s), len);
	return 1;
}

/*
 * Fast path for the form at s[*pos] (a token start): accept a form name
 * followed by white space or the end.  Returns 0 for anything else;
 * lot_parse_form() then gets the token.
 */
static inline int
form_fast(const char *s, size_t len, size_t *pos, LotParsed *out)
{
	size_t		p = *pos;
	unsigned int first = letter_number(s[p]);
	const uint8_t *cand;

	if (first == 0)
		return 0;
	cand = rt_form_candidates[first - 1];
	for (int k = 0; k < 2 && cand[k] != 0; k++)
	{
		int			f = cand[k] - 1;
		size_t		n = match_name(s + p, len - p, rt_form_names[f]);

		if (n > 0 && (p + n == len || is_space(s[p + n])))
		{
			out->form = (uint8_t) f;
			*pos = after_token(p + n, len);
			return 1;
		}
	}
	return 0;
}

/*
 * Fast path for a number at s[0..len): 1 to maxint digits, then possibly a
 * point and 1 to maxfrac digits.  Returns the bytes it spans (0 if it does
 * not start that way), with the integer part in *ip and the fraction digits
 * in *fp (an integer of *nf digits).  The caller checks what follows: a
 * digit there means the number is longer than this takes.
 */
static inline size_t
number_fast(const char *s, size_t len, size_t maxint, size_t maxfrac,
			uint64_t *ip, uint32_t *fp, size_t *nf)
{
	size_t		i = 0;
	size_t		lim = (len > maxint) ? maxint : len;
	uint64_t	v = 0;
	uint32_t	f = 0;
	unsigned int dv;

	for (; i < lim && (dv = digit_value(s[i])) < 10; i++)
		v = v * 10 + dv;
	if (i == 0)
		return 0;
	*ip = v;
	*nf = 0;
	*fp = 0;
	if (i < len && s[i] == '.')
	{
		size_t		fstart = ++i;

		lim = (len - i > maxfrac) ? i + maxfrac : len;
		for (; i < lim && (dv = digit_value(s[i])) < 10; i++)
			f = f * 10 + dv;
		if (i == fstart)
			return 0;
		*nf = i - fstart;
		*fp = f;
	}
	return i;
}

/*
 * Fast path for the mass at s[*pos] (a token start): accept a number with
 * unit t, kg or g that is a whole, positive number of grams within the
 * limit, followed by white space or the end.  Returns 0 for anything else
 * (also for rarer spellings such as "5.t" or "1.50g");
 * lot_parse_mass() then gets the token.
 */
static inline int
mass_fast(const char *s, size_t len, size_t *pos, int64_t *grams)
{
	size_t		p = *pos;
	size_t		n;
	size_t		nf;
	uint64_t	ip;
	uint32_t	fp;
	int			exp;
	uint64_t	g;

	n = number_fast(s + p, len - p, MASS_MAX_EXP + 1, FRAC_KEPT,
					&ip, &fp, &nf);
	if (n == 0)
		return 0;
	p += n;
	if (p >= len)
		return 0;
	switch (s[p] | 0x20)
	{
		case 't':
			exp = 6;
			p++;
			break;
		case 'g':
			exp = 0;
			p++;
			break;
		case 'k':
			if (p + 1 >= len || (s[p + 1] | 0x20) != 'g')
				return 0;
			exp = 3;
			p += 2;
			break;
		default:
			return 0;
	}
	if ((p < len && !is_space(s[p])) || nf > (size_t) exp ||
		ip > rt_powers_of_10[MASS_MAX_EXP - exp])
		return 0;
	g = ip * rt_powers_of_10[exp] + fp * rt_powers_of_10[exp - nf];
	if (g == 0 || g > (uint64_t) RT_MASS_MAX_G)
		return 0;
	*grams = (int64_t) g;
	*pos = after_token(p, len);
	return 1;
}

/*
 * Fast path for a composition entry at s[*pos] (a token start): accept
 * "El=P%" with a known element not yet in the composition and a percentage
 * of 1-3 integer digits and at most 4 decimals in (0, 100], followed by
 * white space or the end; add it, and its share to *sum.  Returns 0 for
 * anything else, leaving lot as it was; parse_comp_entry() then gets the
 * token.
 */
static inline int
comp_fast(const char *s, size_t len, size_t *pos, LotParsed *lot,
		  uint32_t *sum)
{
	size_t		p = *pos;
	size_t		symlen;
	size_t		n;
	size_t		nf;
	int			idx;
	uint64_t	ip;
	uint32_t	fp;
	uint64_t	ppm;

	if (len - p < 4)			/* shortest: "Y=1%" */
		return 0;
	if (s[p + 1] == '=')
		symlen = 1;
	else if (s[p + 2] == '=')
		symlen = 2;
	else
		return 0;
	idx = element_index(s + p, symlen);
	if (idx < 0)
		return 0;
	p += symlen + 1;
	n = number_fast(s + p, len - p, 3, RT_PCT_DECIMALS, &ip, &fp, &nf);
	if (n == 0)
		return 0;
	p += n;
	if (p >= len || s[p] != '%')
		return 0;
	p++;
	if (p < len && !is_space(s[p]))
		return 0;
	ppm = ip * rt_powers_of_10[RT_PCT_DECIMALS] +
		fp * rt_powers_of_10[RT_PCT_DECIMALS - nf];
	if (ppm == 0 || ppm > RT_PPM_FULL ||
		!insert_element(lot, idx, (uint32_t) ppm))
		return 0;
	*sum += (uint32_t) ppm;
	*pos = after_token(p, len);
	return 1;
}

#else							/* RT_LOT_PARSE_NO_FAST_PATHS */

/*
 * The fast paths compiled out: every token goes to its part's own parser.
 * test/fuzz/ builds lot_parse.c a second time this way (with renamed
 * symbols) and requires the same result as the normal build on every
 * input, which checks the promise above.
 */
#define code_fast(s, len, pos, out)			0
#define form_fast(s, len, pos, out)			0
#define mass_fast(s, len, pos, grams)		0
#define comp_fast(s, len, pos, lot, sum)	0

#endif							/* RT_LOT_PARSE_NO_FAST_PATHS */

/*
 * Parse the whole text form s[0..len) into out.  On failure err says what
 * and where; out is then partially filled and must not be used.
 *
 * Each part first goes through its fast path (see the top of the file);
 * when that does not accept, the token is delimited and parsed by the
 * part's own function, which reports the error (offsets relative to the
 * token, moved to the whole input here).
 */
int
lot_parse(const char *s, size_t len, LotParsed *out, LotError *err)
{
	size_t		pos;
	size_t		start;
	uint32_t	sum = 0;		/* of the composition, in ppm */
	int			rc;

	memset(out, 0, sizeof(*out));

	/* the code */
	pos = skip_space(s, 0, len);
	if (pos >= len)
		return set_error(err, LOT_ERR_EMPTY, 0, len, 0);
	start = pos;
	if (!code_fast(s, len, &pos, out))
	{
		pos = token_end(s, start, len);
		rc = lot_parse_code(s + start, pos - start, out, err);
		if (rc != LOT_OK)
		{
			err->pos += start;
			return rc;
		}
	}

	/* the form */
	pos = skip_space(s, pos, len);
	if (pos >= len)
		return set_error(err, LOT_ERR_MISSING_FORM, len, 0, 0);
	start = pos;
	if (!form_fast(s, len, &pos, out))
	{
		pos = token_end(s, start, len);
		rc = lot_parse_form(s + start, pos - start, out, err);
		if (rc != LOT_OK)
		{
			err->pos += start;
			return rc;
		}
	}

	/* the mass */
	pos = skip_space(s, pos, len);
	if (pos >= len)
		return set_error(err, LOT_ERR_MISSING_MASS, len, 0, 0);
	start = pos;
	if (!mass_fast(s, len, &pos, &out->mass_g))
	{
		pos = token_end(s, start, len);
		rc = lot_parse_mass(s + start, pos - start, -1, &out->mass_g, err);
		if (rc != LOT_OK)
		{
			err->pos += start;
			return rc;
		}
	}

	/* the composition */
	for (;;)
	{
		pos = skip_space(s, pos, len);
		if (pos >= len)
			break;
		start = pos;
		if (!comp_fast(s, len, &pos, out, &sum))
		{
			pos = token_end(s, start, len);
			rc = parse_comp_entry(s + start, pos - start, out, err);
			if (rc != LOT_OK)
			{
				err->pos += start;
				return rc;
			}
			/* a valid spelling the fast path leaves alone, e.g. ".5%" */
			sum = 0;
			for (int k = 0; k < out->ncomp; k++)
				sum += out->comp_ppm[k];
		}
	}

	/* what lot_check() does, with the sum kept on the way */
	if (sum > RT_PPM_FULL)
		return set_error(err, LOT_ERR_COMP_SUM, 0, 0, (int64_t) sum);
	return LOT_OK;
}
