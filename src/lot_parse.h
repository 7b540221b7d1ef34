/*-------------------------------------------------------------------------
 *
 * lot_parse.h
 *	  Backend-free parser for the text form of rare_lot, and the element
 *	  table it depends on.
 *
 * Nothing declared here may call into the PostgreSQL backend (no palloc,
 * no ereport): the libFuzzer harness in test/fuzz/ links lot_parse.c and
 * element_data.c on their own.  Errors come back as a code plus the byte
 * span of the offending part of the input; the SQL-callable wrappers turn
 * them into ereport() calls.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_parse.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_LOT_PARSE_H
#define RARE_TRACE_LOT_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Number of rare-earth elements: Sc, Y and the 15 lanthanides. */
#define RT_NUM_ELEMENTS		17

/* Limits of the lot code parts. */
#define RT_ENTERPRISE_MIN	2
#define RT_ENTERPRISE_MAX	16
#define RT_LOT_MIN			1
#define RT_LOT_MAX			20

/* Mass limits, in grams: 1 g to 10^12 kg. */
#define RT_MASS_MIN_G		INT64_C(1)
#define RT_MASS_MAX_G		INT64_C(1000000000000000)

/* Composition: parts per million of the lot's mass; 10^6 = 100 %. */
#define RT_PPM_FULL			1000000
#define RT_PCT_DECIMALS		4

/* Oxide factors are stored as integers scaled by 10^4 (4 decimals). */
#define RT_FACTOR_SCALE		10000

/*
 * Forms of a lot, in value-chain order.  The numeric values are part of the
 * stored format: never renumber them.
 */
typedef enum LotForm
{
	LOT_FORM_ORE = 0,
	LOT_FORM_CONCENTRATE,
	LOT_FORM_COMPOUND,
	LOT_FORM_OXIDE,
	LOT_FORM_METAL,
	LOT_FORM_ALLOY,
	LOT_FORM_MAGNET,
	LOT_FORM_SCRAP
} LotForm;

#define RT_NUM_FORMS		8

/* One rare-earth element; see element_data.c for the sources. */
typedef struct RtElement
{
	int			z;				/* atomic number */
	const char *symbol;			/* "Nd" */
	const char *name;			/* "Neodymium" */
	const char *group2;			/* China two-way group: light / heavy */
	const char *group3;			/* China three-way group, NULL if none */
	const char *oxide;			/* oxide formula, NULL if none (Pm) */
	int32_t		factor;			/* element->oxide factor x 10^4, 0 if none */
} RtElement;

/* The 17 elements, ordered by atomic number; index = position here. */
extern const RtElement rt_elements[RT_NUM_ELEMENTS];

/* Error codes of the parser. */
typedef enum LotErrCode
{
	LOT_OK = 0,
	LOT_ERR_EMPTY,				/* nothing but white space */
	LOT_ERR_MISSING_FORM,		/* code given, form missing */
	LOT_ERR_MISSING_MASS,		/* form given, mass missing */
	LOT_ERR_CODE_SHAPE,			/* code is not CC-ENTERPRISE-LOT */
	LOT_ERR_COUNTRY_SYNTAX,		/* country part is not two letters */
	LOT_ERR_COUNTRY_UNASSIGNED, /* two letters, not an assigned code */
	LOT_ERR_ENTERPRISE_LENGTH,
	LOT_ERR_ENTERPRISE_CHAR,
	LOT_ERR_LOT_LENGTH,
	LOT_ERR_LOT_CHAR,
	LOT_ERR_FORM_UNKNOWN,
	LOT_ERR_MASS_SYNTAX,		/* not a decimal number */
	LOT_ERR_MASS_UNIT,			/* missing or unknown unit */
	LOT_ERR_MASS_ZERO,			/* zero mass */
	LOT_ERR_MASS_BELOW_GRAM,	/* positive but under one gram */
	LOT_ERR_MASS_FRACTION_GRAM, /* finer than one gram */
	LOT_ERR_MASS_TOO_LARGE,		/* above 10^12 kg */
	LOT_ERR_COMP_SYNTAX,		/* not El=P% */
	LOT_ERR_ELEMENT_UNKNOWN,
	LOT_ERR_PCT_SYNTAX,
	LOT_ERR_PCT_ZERO,
	LOT_ERR_PCT_DECIMALS,		/* more than 4 (non-zero) decimals */
	LOT_ERR_PCT_TOO_LARGE,		/* above 100 % */
	LOT_ERR_ELEMENT_DUPLICATE,
	LOT_ERR_COMP_SUM			/* composition sums above 100 % */
} LotErrCode;

/* Where and why parsing failed. */
typedef struct LotError
{
	LotErrCode	code;
	size_t		pos;			/* byte offset of the bad part in the input */
	size_t		len;			/* its length in bytes */
	int64_t		value;			/* extra figure, e.g. the ppm sum */
} LotError;

/* A parsed lot, canonical: upper-case code, composition by atomic number. */
typedef struct LotParsed
{
	char		country[2];
	uint8_t		entlen;
	uint8_t		lotlen;
	char		enterprise[RT_ENTERPRISE_MAX];
	char		lot[RT_LOT_MAX];
	uint8_t		form;
	int64_t		mass_g;
	uint8_t		ncomp;
	uint8_t		comp_idx[RT_NUM_ELEMENTS];	/* element indexes, ascending */
	uint32_t	comp_ppm[RT_NUM_ELEMENTS];
} LotParsed;

/* Whole text form: "CODE form mass [El=P% ...]". */
extern int	lot_parse(const char *s, size_t len, LotParsed *out, LotError *err);

/* The parts, for the SQL constructor; offsets in err are relative to s. */
extern int	lot_parse_code(const char *s, size_t len, LotParsed *out,
						   LotError *err);
extern int	lot_parse_form(const char *s, size_t len, LotParsed *out,
						   LotError *err);
extern int	lot_parse_mass(const char *s, size_t len, int unit_exp,
						   int64_t *grams, LotError *err);
extern int	lot_parse_pct(const char *s, size_t len, uint32_t *ppm,
						  LotError *err);
extern int	lot_add_element(LotParsed *lot, int idx, uint32_t ppm,
							LotError *err);
extern int	lot_check(const LotParsed *lot, LotError *err);

/* Lookups; return -1 when not found.  Case-insensitive. */
extern int	lot_element_index(const char *s, size_t len);
extern int	lot_form_index(const char *s, size_t len);
extern int	lot_country_assigned(char a, char b);

/* Names. */
extern const char *lot_form_name(int form);
extern const char *lot_stage_name(int form);

/* Upper bound of lot_format() output, terminator included. */
#define RT_FORMAT_MAX	(3 + RT_ENTERPRISE_MAX + 1 + RT_LOT_MAX + 1 + 12 + 1 + \
						 24 + RT_NUM_ELEMENTS * 16 + 1)

/* Canonical text form; returns its length. */
extern size_t lot_format(const LotParsed *lot, char *buf);

/* Longest lot code CC-ENTERPRISE-LOT, without a terminator. */
#define RT_CODE_MAX		(3 + RT_ENTERPRISE_MAX + 1 + RT_LOT_MAX)

/*
 * The one writer of codes: CC-ENTERPRISE-LOT, or the enterprise code
 * CC-ENTERPRISE when lot is NULL, into buf (RT_CODE_MAX bytes); returns the
 * length, writes no terminator.
 */
extern size_t lot_code_write(const char *country, const char *enterprise,
							 size_t entlen, const char *lot, size_t lotlen,
							 char *buf);

/* 10^0 .. 10^19 (lot_format.c). */
extern const uint64_t rt_powers_of_10[20];

/* Decimal helpers shared with the SQL functions (buf: 64 bytes). */
extern size_t rt_format_scaled(uint64_t value, int scale, char *buf);
extern size_t rt_format_product(uint64_t a, uint64_t b, int scale, char *buf);

#endif							/* RARE_TRACE_LOT_PARSE_H */
