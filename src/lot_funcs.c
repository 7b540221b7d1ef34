/*-------------------------------------------------------------------------
 *
 * lot_funcs.c
 *	  SQL functions on rare_lot: the constructor, accessors, element and
 *	  oxide masses, the jsonb cast and the element catalog.
 *
 * All masses are computed exactly from integers (grams, parts per million,
 * oxide factors x 10^4) and returned as numeric; no floating point is
 * used anywhere.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_funcs.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rt_internal.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* Scale of an element mass in kg: grams (10^3) x ppm (10^6). */
#define ELEMENT_KG_SCALE	9

/*
 * Exact numeric of a * b / 10^scale, with trailing zeros dropped.
 */
Datum
rt_numeric_product(uint64 a, uint64 b, int scale)
{
	char		buf[64];

	rt_format_product(a, b, scale, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid),
							   Int32GetDatum(-1));
}

/*
 * Index of the element named by a text argument; unknown symbols are an
 * error (a typo must not read as "absent").
 */
static int
element_arg(text *symbol)
{
	int			idx = lot_element_index(VARDATA_ANY(symbol),
										VARSIZE_ANY_EXHDR(symbol));

	if (idx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown rare-earth element \"%s\"",
						text_to_cstring(symbol)),
				 errhint("Use one of the 17 symbols Sc, Y, La, Ce, Pr, Nd, Pm, Sm, Eu, Gd, Tb, Dy, Ho, Er, Tm, Yb, Lu.")));
	return idx;
}

/*
 * Sum of ppm x factor over the composition, or -1 when an element present
 * has no oxide factor (promethium).  reo_kg = mass_g x this / 10^13.
 */
int64
rare_lot_reo_weight(const RareLot *lot)
{
	int64		sum = 0;

	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);
		int32		f = rt_elements[RARE_LOT_COMP_IDX(c)].factor;

		if (f == 0)
			return -1;
		sum += (int64) RARE_LOT_COMP_PPM(c) * f;
	}
	return sum;
}

/* Write s as a JSON string literal (all our strings are plain ASCII). */
static void
append_json_string(StringInfo buf, const char *s, int len)
{
	appendStringInfoChar(buf, '"');
	appendBinaryStringInfo(buf, s, len);
	appendStringInfoChar(buf, '"');
}

/* Append {"El": pct, ...} for the lot's composition. */
static void
append_composition(StringInfo buf, const RareLot *lot)
{
	char		num[64];

	appendStringInfoChar(buf, '{');
	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);
		const char *sym = rt_elements[RARE_LOT_COMP_IDX(c)].symbol;

		if (k > 0)
			appendStringInfoString(buf, ", ");
		append_json_string(buf, sym, strlen(sym));
		rt_format_scaled(RARE_LOT_COMP_PPM(c), RT_PCT_DECIMALS, num);
		appendStringInfo(buf, ": %s", num);
	}
	appendStringInfoChar(buf, '}');
}

/* Parse a JSON text we built ourselves into jsonb. */
static Datum
jsonb_from_cstring(const char *json)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
}

PG_FUNCTION_INFO_V1(rare_lot_make);
/*
 * rare_lot(code text, form text, mass_kg numeric, composition jsonb):
 * build a lot from its parts, with the same checks as the text input.
 * Percentages are JSON numbers keyed by element symbol.
 */
Datum
rare_lot_make(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	text	   *form = PG_GETARG_TEXT_PP(1);
	char	   *mass = DatumGetCString(DirectFunctionCall1(numeric_out,
														   PG_GETARG_DATUM(2)));
	Jsonb	   *comp = PG_GETARG_JSONB_P(3);
	LotParsed	p;
	LotError	err;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	memset(&p, 0, sizeof(p));
	if (lot_parse_code(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), &p,
					   &err) != LOT_OK)
		rare_lot_report_error(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code),
							  &err, RT_SRC_ARGUMENT, NULL);
	if (lot_parse_form(VARDATA_ANY(form), VARSIZE_ANY_EXHDR(form), &p,
					   &err) != LOT_OK)
		rare_lot_report_error(VARDATA_ANY(form), VARSIZE_ANY_EXHDR(form),
							  &err, RT_SRC_ARGUMENT, NULL);
	if (lot_parse_mass(mass, strlen(mass), 3, &p.mass_g, &err) != LOT_OK)
		rare_lot_report_error(mass, strlen(mass), &err, RT_SRC_ARGUMENT,
							  NULL);

	if (!JB_ROOT_IS_OBJECT(comp) || JB_ROOT_IS_SCALAR(comp))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rare_lot component"),
				 errdetail("The composition must be a JSON object such as {\"Nd\": 85.3}.")));

	it = JsonbIteratorInit(&comp->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *sym;
		int			symlen;
		int			idx;
		uint32		ppm = 0;
		char	   *pct;

		if (tok != WJB_KEY)
			continue;
		sym = v.val.string.val;
		symlen = v.val.string.len;
		tok = JsonbIteratorNext(&it, &v, true);
		idx = lot_element_index(sym, symlen);
		if (idx < 0)
		{
			err.code = LOT_ERR_ELEMENT_UNKNOWN;
			err.pos = 0;
			err.len = symlen;
			rare_lot_report_error(sym, symlen, &err, RT_SRC_ARGUMENT, NULL);
		}
		if (tok != WJB_VALUE || v.type != jbvNumeric)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid rare_lot component"),
					 errdetail("The percentage of \"%s\" must be a JSON number.",
							   rt_elements[idx].symbol)));
		pct = DatumGetCString(DirectFunctionCall1(numeric_out,
												  NumericGetDatum(v.val.numeric)));
		if (lot_parse_pct(pct, strlen(pct), &ppm, &err) != LOT_OK)
			rare_lot_report_error(pct, strlen(pct), &err, RT_SRC_ARGUMENT,
								  NULL);
		if (lot_add_element(&p, idx, ppm, &err) != LOT_OK)
			rare_lot_report_error(sym, symlen, &err, RT_SRC_ARGUMENT, NULL);
	}
	if (lot_check(&p, &err) != LOT_OK)
		rare_lot_report_error("", 0, &err, RT_SRC_ARGUMENT, NULL);

	PG_RETURN_RARE_LOT_P(rare_lot_build(&p));
}

PG_FUNCTION_INFO_V1(rare_lot_code);
/* lot_code(rare_lot): the whole code CC-ENTERPRISE-LOT. */
Datum
rare_lot_code(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	char		buf[RT_CODE_MAX];
	size_t		n = rare_lot_write_code(lot, true, buf);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

PG_FUNCTION_INFO_V1(rare_lot_country);
/* lot_country(rare_lot): ISO 3166-1 alpha-2 country of production. */
Datum
rare_lot_country(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(lot->country, 2));
}

PG_FUNCTION_INFO_V1(rare_trace_country_assigned);
/*
 * country_assigned(text): is the text, exactly as written (two upper-case
 * letters), an assigned ISO 3166-1 alpha-2 code?  The table lot codes are
 * checked against, so rules name the same countries lots can have.
 */
Datum
rare_trace_country_assigned(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(code);

	PG_RETURN_BOOL(VARSIZE_ANY_EXHDR(code) == 2 &&
				   s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
				   lot_country_assigned(s[0], s[1]));
}

PG_FUNCTION_INFO_V1(rare_lot_enterprise_code);
/* lot_enterprise(rare_lot): the CC-ENTERPRISE prefix of the code. */
Datum
rare_lot_enterprise_code(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	char		buf[RT_CODE_MAX];
	size_t		n = rare_lot_write_code(lot, false, buf);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

PG_FUNCTION_INFO_V1(rare_lot_lot_number);
/* lot_number(rare_lot): the LOT part of the code. */
Datum
rare_lot_lot_number(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(rare_lot_number(lot),
											  lot->lotlen));
}

PG_FUNCTION_INFO_V1(rare_lot_form);
/* lot_form(rare_lot): ore, concentrate, ... scrap. */
Datum
rare_lot_form(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	PG_RETURN_TEXT_P(cstring_to_text(lot_form_name(lot->form)));
}

PG_FUNCTION_INFO_V1(rare_lot_stage);
/* lot_stage(rare_lot): the value-chain stage of the lot's form. */
Datum
rare_lot_stage(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	PG_RETURN_TEXT_P(cstring_to_text(lot_stage_name(lot->form)));
}

PG_FUNCTION_INFO_V1(rare_lot_mass_kg);
/* lot_mass_kg(rare_lot): net mass in kg, exact. */
Datum
rare_lot_mass_kg(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	return rt_numeric_product((uint64) rare_lot_mass_g(lot), 1, 3);
}

PG_FUNCTION_INFO_V1(rare_lot_element_kg);
/* element_kg(rare_lot, element): kg of that element in the lot, 0 if absent. */
Datum
rare_lot_element_kg(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	int			idx = element_arg(PG_GETARG_TEXT_PP(1));

	return rt_numeric_product((uint64) rare_lot_mass_g(lot),
							  rare_lot_element_ppm(lot, idx),
							  ELEMENT_KG_SCALE);
}

PG_FUNCTION_INFO_V1(rare_lot_element_pct);
/* element_pct(rare_lot, element): mass percentage, 0 if absent. */
Datum
rare_lot_element_pct(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	int			idx = element_arg(PG_GETARG_TEXT_PP(1));

	return rt_numeric_product(rare_lot_element_ppm(lot, idx), 1,
							  RT_PCT_DECIMALS);
}

PG_FUNCTION_INFO_V1(rare_lot_elements);
/* elements(rare_lot): symbols present, by atomic number. */
Datum
rare_lot_elements(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	Datum		items[RT_NUM_ELEMENTS];

	for (int k = 0; k < lot->ncomp; k++)
		items[k] = PointerGetDatum(cstring_to_text(
												   rt_elements[RARE_LOT_COMP_IDX(rare_lot_comp(lot, k))].symbol));
	PG_RETURN_ARRAYTYPE_P(construct_array(items, lot->ncomp, TEXTOID, -1,
										  false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(rare_lot_composition);
/* composition(rare_lot): {"El": percent, ...} as jsonb. */
Datum
rare_lot_composition(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	append_composition(&buf, lot);
	return jsonb_from_cstring(buf.data);
}

PG_FUNCTION_INFO_V1(rare_lot_reo_kg);
/*
 * reo_kg(rare_lot): rare-earth-oxide equivalent in kg, the sum over the
 * elements of element mass x oxide factor.  NULL if the lot declares
 * promethium, which has no oxide factor.
 */
Datum
rare_lot_reo_kg(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	int64		w = rare_lot_reo_weight(lot);

	if (w < 0)
		PG_RETURN_NULL();
	return rt_numeric_product((uint64) rare_lot_mass_g(lot), (uint64) w,
							  RT_REO_KG_SCALE);
}

PG_FUNCTION_INFO_V1(rare_lot_element_reo_kg);
/*
 * reo_kg(rare_lot, element): oxide equivalent of one element in kg, 0 if
 * absent, NULL if the lot declares promethium and that is the element.
 */
Datum
rare_lot_element_reo_kg(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	int			idx = element_arg(PG_GETARG_TEXT_PP(1));
	int32		f = rt_elements[idx].factor;
	uint32		ppm = rare_lot_element_ppm(lot, idx);

	if (ppm == 0)
		return rt_numeric_product(0, 1, 0);
	if (f == 0)
		PG_RETURN_NULL();
	return rt_numeric_product((uint64) rare_lot_mass_g(lot), (uint64) ppm * f,
							  RT_REO_KG_SCALE);
}

PG_FUNCTION_INFO_V1(rare_lot_to_jsonb);
/*
 * Cast rare_lot -> jsonb: code, country, enterprise, lot, form, stage,
 * mass_kg, composition and reo_kg (null with promethium).
 */
Datum
rare_lot_to_jsonb(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);
	const char *ent = rare_lot_enterprise(lot);
	const char *num = rare_lot_number(lot);
	int64		w = rare_lot_reo_weight(lot);
	char		fig[64];
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"code\": \"%.2s-%.*s-%.*s\"", lot->country,
					 (int) lot->entlen, ent, (int) lot->lotlen, num);
	appendStringInfo(&buf, ", \"country\": \"%.2s\"", lot->country);
	appendStringInfo(&buf, ", \"enterprise\": \"%.2s-%.*s\"", lot->country,
					 (int) lot->entlen, ent);
	appendStringInfo(&buf, ", \"lot\": \"%.*s\"", (int) lot->lotlen, num);
	appendStringInfo(&buf, ", \"form\": \"%s\", \"stage\": \"%s\"",
					 lot_form_name(lot->form), lot_stage_name(lot->form));
	rt_format_scaled((uint64) rare_lot_mass_g(lot), 3, fig);
	appendStringInfo(&buf, ", \"mass_kg\": %s, \"composition\": ", fig);
	append_composition(&buf, lot);
	if (w < 0)
		appendStringInfoString(&buf, ", \"reo_kg\": null}");
	else
	{
		rt_format_product((uint64) rare_lot_mass_g(lot), (uint64) w,
						  RT_REO_KG_SCALE, fig);
		appendStringInfo(&buf, ", \"reo_kg\": %s}", fig);
	}
	return jsonb_from_cstring(buf.data);
}

PG_FUNCTION_INFO_V1(rare_trace_element_catalog);
/*
 * element_catalog(): the C element table as rows; the install script fills
 * rare_trace.element from it, and a test compares the two.
 */
Datum
rare_trace_element_catalog(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	rt_materialize_srf(fcinfo);
	for (int i = 0; i < RT_NUM_ELEMENTS; i++)
	{
		const RtElement *e = &rt_elements[i];
		Datum		values[7];
		bool		nulls[7] = {false};

		values[0] = Int32GetDatum(e->z);
		values[1] = CStringGetTextDatum(e->symbol);
		values[2] = CStringGetTextDatum(e->name);
		values[3] = CStringGetTextDatum(e->group2);
		if (e->group3)
			values[4] = CStringGetTextDatum(e->group3);
		else
			nulls[4] = true;
		if (e->oxide)
			values[5] = CStringGetTextDatum(e->oxide);
		else
			nulls[5] = true;
		if (e->factor > 0)
			values[6] = rt_numeric_product((uint64) e->factor, 1, 4);
		else
			nulls[6] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
	return (Datum) 0;
}
