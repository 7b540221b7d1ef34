/*-------------------------------------------------------------------------
 *
 * lot_io.c
 *	  Input, output, binary send/receive of rare_lot, and the conversions
 *	  between its varlena form and the parser's LotParsed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_io.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rt_internal.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/syscache.h"

/*
 * Net mass in grams.  The field is not 8-byte aligned, hence memcpy.
 */
int64
rare_lot_mass_g(const RareLot *lot)
{
	int64		g;

	memcpy(&g, lot->data, sizeof(g));
	return g;
}

/* Composition entry k, (element index << 24) | ppm. */
uint32
rare_lot_comp(const RareLot *lot, int k)
{
	uint32		c;

	memcpy(&c, lot->data + RARE_LOT_MASS_SZ + k * RARE_LOT_COMP_SZ,
		   sizeof(c));
	return c;
}

/* The enterprise part of the code (entlen bytes, not terminated). */
const char *
rare_lot_enterprise(const RareLot *lot)
{
	return lot->data + RARE_LOT_MASS_SZ + lot->ncomp * RARE_LOT_COMP_SZ;
}

/* The lot-number part of the code (lotlen bytes, not terminated). */
const char *
rare_lot_number(const RareLot *lot)
{
	return rare_lot_enterprise(lot) + lot->entlen;
}

/* The lot's code (or enterprise code) into buf; see rare_trace.h. */
size_t
rare_lot_write_code(const RareLot *lot, bool with_lot, char *buf)
{
	return lot_code_write(lot->country, rare_lot_enterprise(lot), lot->entlen,
						  with_lot ? rare_lot_number(lot) : NULL,
						  lot->lotlen, buf);
}

/*
 * OID of the type rare_trace.rare_lot (the extension is not relocatable,
 * so its schema is always rare_trace); InvalidOid if it does not exist.
 * Not cached: the extension can be dropped and created again in a session.
 */
Oid
rare_lot_type_oid(void)
{
	Oid			nsp = get_namespace_oid("rare_trace", true);

	if (!OidIsValid(nsp))
		return InvalidOid;
	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						   CStringGetDatum("rare_lot"), ObjectIdGetDatum(nsp));
}

/* Mass fraction of element idx in parts per million, 0 when absent. */
uint32
rare_lot_element_ppm(const RareLot *lot, int idx)
{
	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);

		if (RARE_LOT_COMP_IDX(c) == idx)
			return RARE_LOT_COMP_PPM(c);
	}
	return 0;
}

/*
 * memcpy, called out of line: for the short, variable lengths of a lot gcc
 * inlines memcpy as "rep movsq", whose start-up cost (tens of cycles) was
 * most of rare_lot_from_datum's time in the export-licence trigger
 * (perf); the C library's copy handles small sizes with vector moves.
 */
static void *(*volatile lot_memcpy) (void *, const void *, size_t) = memcpy;

/*
 * The lot in datum d, without a palloc when it is stored with a short
 * header (the usual case on disk): such a value is copied into buf with a
 * regular 4-byte header.  Compressed or external values are detoasted.
 */
RareLot *
rare_lot_from_datum(Datum d, RareLotBuf *buf)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_SHORT(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		if (len + VARHDRSZ <= sizeof(buf->bytes))
		{
			SET_VARSIZE(&buf->lot, len + VARHDRSZ);
			lot_memcpy(buf->bytes + VARHDRSZ, VARDATA_SHORT(v), len);
			return &buf->lot;
		}
	}
	return DatumGetRareLotP(d);
}

/*
 * Build the varlena from a parsed (and validated) lot.  The result is
 * zero-padded, so equal lots are equal byte for byte.
 */
RareLot *
rare_lot_build(const LotParsed *p)
{
	Size		size = RARE_LOT_SIZE(p->ncomp, p->entlen, p->lotlen);
	RareLot    *lot = (RareLot *) palloc0(size);
	char	   *d = lot->data;

	SET_VARSIZE(lot, size);
	lot->version = RARE_LOT_VERSION;
	lot->flags = 0;
	lot->form = p->form;
	lot->ncomp = p->ncomp;
	lot->country[0] = p->country[0];
	lot->country[1] = p->country[1];
	lot->entlen = p->entlen;
	lot->lotlen = p->lotlen;
	memcpy(d, &p->mass_g, sizeof(int64));
	d += RARE_LOT_MASS_SZ;
	for (int k = 0; k < p->ncomp; k++)
	{
		uint32		c = ((uint32) p->comp_idx[k] << 24) | p->comp_ppm[k];

		memcpy(d, &c, sizeof(c));
		d += RARE_LOT_COMP_SZ;
	}
	memcpy(d, p->enterprise, p->entlen);
	d += p->entlen;
	memcpy(d, p->lot, p->lotlen);
	return lot;
}

/* Unpack the varlena into a LotParsed. */
void
rare_lot_unpack(const RareLot *lot, LotParsed *p)
{
	memset(p, 0, sizeof(*p));
	p->country[0] = lot->country[0];
	p->country[1] = lot->country[1];
	p->entlen = lot->entlen;
	p->lotlen = lot->lotlen;
	memcpy(p->enterprise, rare_lot_enterprise(lot), lot->entlen);
	memcpy(p->lot, rare_lot_number(lot), lot->lotlen);
	p->form = lot->form;
	p->mass_g = rare_lot_mass_g(lot);
	p->ncomp = lot->ncomp;
	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);

		p->comp_idx[k] = (uint8) RARE_LOT_COMP_IDX(c);
		p->comp_ppm[k] = RARE_LOT_COMP_PPM(c);
	}
}

/* Canonical text form, palloc'd. */
char *
rare_lot_to_cstring(const RareLot *lot)
{
	LotParsed	p;
	char	   *buf = palloc(RT_FORMAT_MAX);

	rare_lot_unpack(lot, &p);
	lot_format(&p, buf);
	return buf;
}

/*
 * The bad part of the input, as a palloc'd string cut at character
 * boundaries of the database encoding.
 */
static char *
bad_part(const char *input, size_t len, const LotError *err)
{
	size_t		pos = Min(err->pos, len);
	size_t		n = Min(err->len, len - pos);

	n = pg_mbcliplen(input + pos, (int) n, (int) n);
	return pnstrdup(input + pos, n);
}

/*
 * Report a parse error; see rare_trace.h.  Every message names the bad
 * part in its errdetail.
 */
void
rare_lot_report_error(const char *input, size_t len, const LotError *err,
					  RtErrorSource source, struct Node *escontext)
{
	char	   *part = bad_part(input, len, err);
	char		figure[64];
	char	   *detail;

	switch (err->code)
	{
		case LOT_ERR_EMPTY:
			detail = psprintf("A lot needs a code, a form and a mass, as in \"CN-NRE-B1 oxide 1000kg Nd=85.3%%\".");
			break;
		case LOT_ERR_MISSING_FORM:
			detail = psprintf("The form is missing after the lot code.");
			break;
		case LOT_ERR_MISSING_MASS:
			detail = psprintf("The mass is missing after the form.");
			break;
		case LOT_ERR_CODE_SHAPE:
			detail = psprintf("Lot code \"%s\" does not have the form CC-ENTERPRISE-LOT.", part);
			break;
		case LOT_ERR_COUNTRY_SYNTAX:
			detail = psprintf("Country \"%s\" is not two letters.", part);
			break;
		case LOT_ERR_COUNTRY_UNASSIGNED:
			detail = psprintf("Country \"%s\" is not an assigned ISO 3166-1 alpha-2 code.", part);
			break;
		case LOT_ERR_ENTERPRISE_LENGTH:
			detail = psprintf("Enterprise \"%s\" must have %d to %d characters.",
							  part, RT_ENTERPRISE_MIN, RT_ENTERPRISE_MAX);
			break;
		case LOT_ERR_ENTERPRISE_CHAR:
			detail = psprintf("Enterprise \"%s\" may contain only letters A-Z and digits.", part);
			break;
		case LOT_ERR_LOT_LENGTH:
			detail = psprintf("Lot number \"%s\" must have %d to %d characters.",
							  part, RT_LOT_MIN, RT_LOT_MAX);
			break;
		case LOT_ERR_LOT_CHAR:
			detail = psprintf("Lot number \"%s\" may contain only letters A-Z, digits, \".\" and \"_\".", part);
			break;
		case LOT_ERR_FORM_UNKNOWN:
			detail = psprintf("Unknown form \"%s\": expected ore, concentrate, compound, oxide, metal, alloy, magnet or scrap.", part);
			break;
		case LOT_ERR_MASS_SYNTAX:
			detail = (source == RT_SRC_LITERAL) ?
				psprintf("Mass \"%s\" is not a positive decimal number followed by t, kg or g.", part) :
				psprintf("Mass \"%s\" is not a positive decimal number.", part);
			break;
		case LOT_ERR_MASS_UNIT:
			detail = psprintf("Mass \"%s\" needs a unit: t, kg or g.", part);
			break;
		case LOT_ERR_MASS_ZERO:
			detail = psprintf("Mass \"%s\" is zero; a lot's mass must be positive.", part);
			break;
		case LOT_ERR_MASS_BELOW_GRAM:
			detail = psprintf("Mass \"%s\" is below one gram.", part);
			break;
		case LOT_ERR_MASS_FRACTION_GRAM:
			detail = psprintf("Mass \"%s\" is finer than one gram; masses are kept exactly in whole grams.", part);
			break;
		case LOT_ERR_MASS_TOO_LARGE:
			detail = psprintf("Mass \"%s\" exceeds the limit of 10^12 kg.", part);
			break;
		case LOT_ERR_COMP_SYNTAX:
			detail = psprintf("Composition entry \"%s\" does not have the form El=P%%.", part);
			break;
		case LOT_ERR_ELEMENT_UNKNOWN:
			detail = psprintf("Unknown element \"%s\": expected one of the 17 rare earths (Sc, Y, La to Lu).", part);
			break;
		case LOT_ERR_PCT_SYNTAX:
			detail = psprintf("Percentage \"%s\" is not a decimal number.", part);
			break;
		case LOT_ERR_PCT_ZERO:
			detail = psprintf("Percentage \"%s\" is zero; leave the element out instead.", part);
			break;
		case LOT_ERR_PCT_DECIMALS:
			detail = psprintf("Percentage \"%s\" has more than %d decimals.",
							  part, RT_PCT_DECIMALS);
			break;
		case LOT_ERR_PCT_TOO_LARGE:
			detail = psprintf("Percentage \"%s\" exceeds 100%%.", part);
			break;
		case LOT_ERR_ELEMENT_DUPLICATE:
			detail = psprintf("Element \"%s\" appears twice.",
							  rt_elements[err->value].symbol);
			break;
		case LOT_ERR_COMP_SUM:
			rt_format_scaled((uint64) err->value, RT_PCT_DECIMALS, figure);
			detail = psprintf("Composition sums to %s%%, more than 100%%.", figure);
			break;
		default:
			detail = psprintf("Unexpected parser error %d.", (int) err->code);
			break;
	}

	if (source == RT_SRC_LITERAL)
		errsave(escontext,
				errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				errmsg("invalid input syntax for type %s: \"%s\"",
					   "rare_lot", pnstrdup(input, len)),
				errdetail_internal("%s", detail));
	else if (source == RT_SRC_BINARY)
		errsave(escontext,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("invalid external binary representation of type rare_lot"),
				errdetail_internal("%s", detail));
	else
		errsave(escontext,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid rare_lot component"),
				errdetail_internal("%s", detail));
}

PG_FUNCTION_INFO_V1(rare_lot_in);
/*
 * Text input: "CODE form mass [El=P% ...]".
 */
Datum
rare_lot_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	LotParsed	parsed;
	LotError	err;

	if (lot_parse(str, len, &parsed, &err) != LOT_OK)
	{
		rare_lot_report_error(str, len, &err, RT_SRC_LITERAL, fcinfo->context);
		PG_RETURN_NULL();
	}
	PG_RETURN_RARE_LOT_P(rare_lot_build(&parsed));
}

PG_FUNCTION_INFO_V1(rare_lot_out);
/*
 * Text output, canonical: upper-case code, mass in kg with trailing zeros
 * dropped, elements by atomic number.
 */
Datum
rare_lot_out(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	char	   *result = rare_lot_to_cstring(lot);

	PG_FREE_IF_COPY(lot, 0);
	PG_RETURN_CSTRING(result);
}

/*
 * Raise a binary-format error.
 */
static pg_noreturn void
recv_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external binary representation of type rare_lot"),
			 errdetail_internal("%s", detail)));
}

PG_FUNCTION_INFO_V1(rare_lot_recv);
/*
 * Binary input; every check of the text input applies.  Layout, all
 * integers in network byte order:
 *
 *	int8 version (1), int8 flags (0), char[2] country,
 *	int8 n + n bytes enterprise, int8 n + n bytes lot number,
 *	int8 form, int64 mass in grams,
 *	int8 n, then n times (int8 atomic number, int32 parts per million).
 */
Datum
rare_lot_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LotParsed	p;
	LotError	err;
	char		code[RT_CODE_MAX];
	char		country[2],
				ent[RT_ENTERPRISE_MAX],
				num[RT_LOT_MAX];
	size_t		clen;
	int			version,
				flags,
				entlen,
				lotlen,
				ncomp;

	memset(&p, 0, sizeof(p));
	version = pq_getmsgint(buf, 1);
	flags = pq_getmsgint(buf, 1);
	if (version != RARE_LOT_VERSION)
		recv_error(psprintf("Unsupported format version %d.", version));
	if (flags != 0)
		recv_error(psprintf("Reserved flags %d must be zero.", flags));

	/* country, enterprise and lot number: checked by the code parser */
	country[0] = (char) pq_getmsgint(buf, 1);
	country[1] = (char) pq_getmsgint(buf, 1);
	entlen = pq_getmsgint(buf, 1);
	if (entlen > RT_ENTERPRISE_MAX)
		recv_error("Enterprise is too long.");
	pq_copymsgbytes(buf, ent, entlen);
	if (memchr(ent, '-', entlen) != NULL)
		recv_error("Enterprise contains \"-\".");
	lotlen = pq_getmsgint(buf, 1);
	if (lotlen > RT_LOT_MAX)
		recv_error("Lot number is too long.");
	pq_copymsgbytes(buf, num, lotlen);
	clen = lot_code_write(country, ent, entlen, num, lotlen, code);
	if (memchr(code, '\0', clen) != NULL)
		recv_error("Lot code contains a zero byte.");

	/*
	 * Only ASCII may reach the parser: its error details quote the bad part,
	 * and raw bytes there could be invalid in the database encoding (a
	 * client in another encoding would then get a conversion error instead
	 * of ours).  Text input never sees such bytes unvalidated.
	 */
	for (size_t i = 0; i < clen; i++)
		if ((unsigned char) code[i] > 0x7F)
			recv_error(psprintf("Lot code contains byte 0x%02x, which is not ASCII.",
								(unsigned int) (unsigned char) code[i]));
	if (lot_parse_code(code, clen, &p, &err) != LOT_OK)
		rare_lot_report_error(code, clen, &err, RT_SRC_BINARY, NULL);
	if (memcmp(p.country, code, 2) != 0 ||
		memcmp(p.enterprise, code + 3, p.entlen) != 0 ||
		memcmp(p.lot, code + 4 + p.entlen, p.lotlen) != 0)
		recv_error("Lot code is not in upper case.");

	p.form = (uint8) pq_getmsgint(buf, 1);
	if (lot_form_name(p.form) == NULL)
		recv_error(psprintf("Unknown form %d.", (int) p.form));

	p.mass_g = pq_getmsgint64(buf);
	if (p.mass_g < RT_MASS_MIN_G || p.mass_g > RT_MASS_MAX_G)
		recv_error("Mass must be between 1 g and 10^12 kg.");

	ncomp = pq_getmsgint(buf, 1);
	if (ncomp > RT_NUM_ELEMENTS)
		recv_error("Too many composition entries.");
	for (int k = 0; k < ncomp; k++)
	{
		int			z = pq_getmsgint(buf, 1);
		uint32		ppm = (uint32) pq_getmsgint(buf, 4);
		int			idx = -1;

		for (int i = 0; i < RT_NUM_ELEMENTS; i++)
			if (rt_elements[i].z == z)
				idx = i;
		if (idx < 0)
			recv_error(psprintf("Atomic number %d is not a rare earth.", z));
		if (ppm == 0 || ppm > RT_PPM_FULL)
			recv_error("Element fraction must be above 0 and at most 100%.");
		if (lot_add_element(&p, idx, ppm, &err) != LOT_OK)
			rare_lot_report_error("", 0, &err, RT_SRC_BINARY, NULL);
	}
	if (lot_check(&p, &err) != LOT_OK)
		rare_lot_report_error("", 0, &err, RT_SRC_BINARY, NULL);

	PG_RETURN_RARE_LOT_P(rare_lot_build(&p));
}

PG_FUNCTION_INFO_V1(rare_lot_send);
/*
 * Binary output; see rare_lot_recv for the layout.
 */
Datum
rare_lot_send(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint8(&buf, RARE_LOT_VERSION);
	pq_sendint8(&buf, 0);
	pq_sendbytes(&buf, lot->country, 2);
	pq_sendint8(&buf, lot->entlen);
	pq_sendbytes(&buf, rare_lot_enterprise(lot), lot->entlen);
	pq_sendint8(&buf, lot->lotlen);
	pq_sendbytes(&buf, rare_lot_number(lot), lot->lotlen);
	pq_sendint8(&buf, lot->form);
	pq_sendint64(&buf, rare_lot_mass_g(lot));
	pq_sendint8(&buf, lot->ncomp);
	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);

		pq_sendint8(&buf, (uint8) rt_elements[RARE_LOT_COMP_IDX(c)].z);
		pq_sendint32(&buf, RARE_LOT_COMP_PPM(c));
	}
	PG_FREE_IF_COPY(lot, 0);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
