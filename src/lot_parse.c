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
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_parse.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"

#include <string.h>

/*
 * Officially assigned ISO 3166-1 alpha-2 codes (249), sorted.  Reserved and
 * user-assigned codes (XX, EU, UK, AA, QM-QZ, XA-XZ, ZZ ...) are rejected:
 * a lot is produced in a country, not in a customs union or a placeholder.
 */
static const char assigned_countries[] =
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

#define NUM_COUNTRIES ((int) (sizeof(assigned_countries) - 1) / 2)

/* Form names in value-chain order, and the stage each form belongs to. */
static const char *const form_names[RT_NUM_FORMS] = {
	"ore", "concentrate", "compound", "oxide",
	"metal", "alloy", "magnet", "scrap"
};

static const char *const form_stages[RT_NUM_FORMS] = {
	"mining", "mining", "separation", "separation",
	"refining", "melting", "magnet", "recycling"
};

/*
 * White space between the parts: space, tab, newline, carriage return,
 * form feed and vertical tab (C isspace() in the C locale), without
 * locale dependence.
 */
static inline int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

/* ASCII helpers, independent of the C library's locale. */
static inline int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline char
to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
}

static inline char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
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
 * Is the upper-case pair (a, b) an assigned ISO 3166-1 alpha-2 code?
 * Binary search over the sorted table.
 */
int
lot_country_assigned(char a, char b)
{
	int			lo = 0;
	int			hi = NUM_COUNTRIES - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const char *c = assigned_countries + 2 * mid;
		int			cmp = (c[0] != a) ? (c[0] - a) : (c[1] - b);

		if (cmp == 0)
			return 1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/*
 * Index in rt_elements of the element whose symbol is s[0..len),
 * case-insensitive; -1 if there is none.
 */
int
lot_element_index(const char *s, size_t len)
{
	if (len < 1 || len > 2)
		return -1;
	for (int i = 0; i < RT_NUM_ELEMENTS; i++)
	{
		const char *sym = rt_elements[i].symbol;

		if (strlen(sym) != len)
			continue;
		if (to_upper(s[0]) != sym[0])
			continue;
		if (len == 2 && to_lower(s[1]) != sym[1])
			continue;
		return i;
	}
	return -1;
}

/* Index of the form named s[0..len), case-insensitive; -1 if none. */
int
lot_form_index(const char *s, size_t len)
{
	for (int f = 0; f < RT_NUM_FORMS; f++)
	{
		const char *name = form_names[f];
		size_t		i;

		if (strlen(name) != len)
			continue;
		for (i = 0; i < len; i++)
			if (to_lower(s[i]) != name[i])
				break;
		if (i == len)
			return f;
	}
	return -1;
}

/* Name of a form; NULL when out of range. */
const char *
lot_form_name(int form)
{
	return (form >= 0 && form < RT_NUM_FORMS) ? form_names[form] : NULL;
}

/* Value-chain stage of a form; NULL when out of range. */
const char *
lot_stage_name(int form)
{
	return (form >= 0 && form < RT_NUM_FORMS) ? form_stages[form] : NULL;
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
		char		c = s[epos + i];

		if (!is_alpha(c) && !is_digit(c))
			return set_error(err, LOT_ERR_ENTERPRISE_CHAR, epos, elen, 0);
		out->enterprise[i] = to_upper(c);
	}
	out->entlen = (uint8_t) elen;

	/* lot number */
	if (llen < RT_LOT_MIN || llen > RT_LOT_MAX)
		return set_error(err, LOT_ERR_LOT_LENGTH, lpos, llen, 0);
	for (size_t i = 0; i < llen; i++)
	{
		char		c = s[lpos + i];

		if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '_')
			return set_error(err, LOT_ERR_LOT_CHAR, lpos, llen, 0);
		out->lot[i] = to_upper(c);
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
 * Scan an unsigned decimal number "digits[.digits]" at the start of
 * s[0..len) (at least one digit in all: ".5" and "5." are numbers).  Returns the
 * number of bytes it spans, or 0 if there is no number; the positions of
 * the point and of the end of the integer part come back through *intlen.
 */
static size_t
scan_decimal(const char *s, size_t len, size_t *intlen)
{
	size_t		i = 0;
	size_t		ndigits = 0;

	while (i < len && is_digit(s[i]))
		i++;
	*intlen = i;
	ndigits = i;
	if (i < len && s[i] == '.')
	{
		i++;
		while (i < len && is_digit(s[i]))
		{
			i++;
			ndigits++;
		}
	}
	return ndigits > 0 ? i : 0;
}

/*
 * Convert the decimal s[0..n) (already scanned, integer part intlen bytes)
 * to an integer count of units of 10^-scale, exactly.  Returns 0 on
 * success, 1 if a non-zero digit lies beyond the scale, 2 if the value
 * exceeds max.
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
	size_t		intlen;
	size_t		n = scan_decimal(s, len, &intlen);
	size_t		ulen = len - n;
	uint64_t	max = (uint64_t) RT_MASS_MAX_G;
	uint64_t	g = 0;
	int			exp = unit_exp;
	int			rc;

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

	rc = decimal_to_scaled(s, n, intlen, exp, max, &g);
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
	size_t		intlen;
	size_t		n = scan_decimal(s, len, &intlen);
	uint64_t	v = 0;
	int			rc;

	if (n == 0 || n != len)
		return set_error(err, LOT_ERR_PCT_SYNTAX, 0, len, 0);
	rc = decimal_to_scaled(s, n, intlen, RT_PCT_DECIMALS, RT_PPM_FULL, &v);
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
 * Add element idx at ppm to the composition, keeping it ordered by atomic
 * number; a second entry for the same element is an error (value = idx).
 */
int
lot_add_element(LotParsed *lot, int idx, uint32_t ppm, LotError *err)
{
	int			i = lot->ncomp;

	for (int k = 0; k < lot->ncomp; k++)
		if (lot->comp_idx[k] == idx)
			return set_error(err, LOT_ERR_ELEMENT_DUPLICATE, 0, 0, idx);
	while (i > 0 && lot->comp_idx[i - 1] > idx)
	{
		lot->comp_idx[i] = lot->comp_idx[i - 1];
		lot->comp_ppm[i] = lot->comp_ppm[i - 1];
		i--;
	}
	lot->comp_idx[i] = (uint8_t) idx;
	lot->comp_ppm[i] = ppm;
	lot->ncomp++;
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

/*
 * Parse the whole text form s[0..len) into out.  On failure err says what
 * and where; out is then partially filled and must not be used.
 */
int
lot_parse(const char *s, size_t len, LotParsed *out, LotError *err)
{
	size_t		pos = 0;
	int			part = 0;

	memset(out, 0, sizeof(*out));
	for (;;)
	{
		size_t		start;
		size_t		tlen;
		int			rc;

		while (pos < len && is_space(s[pos]))
			pos++;
		if (pos >= len)
			break;
		start = pos;
		while (pos < len && !is_space(s[pos]))
			pos++;
		tlen = pos - start;

		switch (part)
		{
			case 0:
				rc = lot_parse_code(s + start, tlen, out, err);
				break;
			case 1:
				rc = lot_parse_form(s + start, tlen, out, err);
				break;
			case 2:
				rc = lot_parse_mass(s + start, tlen, -1, &out->mass_g, err);
				break;
			default:
				rc = parse_comp_entry(s + start, tlen, out, err);
				break;
		}
		if (rc != LOT_OK)
		{
			err->pos += start;
			return rc;
		}
		part++;
	}

	if (part == 0)
		return set_error(err, LOT_ERR_EMPTY, 0, len, 0);
	if (part == 1)
		return set_error(err, LOT_ERR_MISSING_FORM, len, 0, 0);
	if (part == 2)
		return set_error(err, LOT_ERR_MISSING_MASS, len, 0, 0);
	return lot_check(out, err);
}

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

/* Is the accumulated value zero? */
int
rt_acc_is_zero(const RtAcc *acc)
{
	for (int k = 0; k < RT_ACC_LIMBS; k++)
		if (acc->limb[k] != 0)
			return 0;
	return 1;
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

/* Write value / 10^scale exactly, trailing zeros dropped; see above. */
size_t
rt_format_scaled(uint64_t value, int scale, char *buf)
{
	return rt_format_product(value, 1, scale, buf);
}

/* Canonical text form of a parsed lot into buf (RT_FORMAT_MAX bytes). */
size_t
lot_format(const LotParsed *lot, char *buf)
{
	size_t		n = 0;
	const char *form = lot_form_name(lot->form);

	buf[n++] = lot->country[0];
	buf[n++] = lot->country[1];
	buf[n++] = '-';
	memcpy(buf + n, lot->enterprise, lot->entlen);
	n += lot->entlen;
	buf[n++] = '-';
	memcpy(buf + n, lot->lot, lot->lotlen);
	n += lot->lotlen;
	buf[n++] = ' ';
	if (form == NULL)
		form = "?";
	memcpy(buf + n, form, strlen(form));
	n += strlen(form);
	buf[n++] = ' ';
	n += rt_format_scaled((uint64_t) lot->mass_g, 3, buf + n);
	buf[n++] = 'k';
	buf[n++] = 'g';
	for (int k = 0; k < lot->ncomp; k++)
	{
		const char *sym = rt_elements[lot->comp_idx[k]].symbol;

		buf[n++] = ' ';
		memcpy(buf + n, sym, strlen(sym));
		n += strlen(sym);
		buf[n++] = '=';
		n += rt_format_scaled(lot->comp_ppm[k], RT_PCT_DECIMALS, buf + n);
		buf[n++] = '%';
	}
	buf[n] = '\0';
	return n;
}
