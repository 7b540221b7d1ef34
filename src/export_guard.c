/*-------------------------------------------------------------------------
 *
 * export_guard.c
 *	  The trigger that validates every write of rare_trace.export_control
 *	  and rare_trace.export_control_suspension and keeps the shipped rows
 *	  read-only: elements, forms, countries and provenance views checked
 *	  and stored as rare_trace spells them, no NULL items, no NaN or
 *	  Infinity, thresholds exact to 4 decimals, finite dates.  What an
 *	  element, a form, a country and a view are is the lot parser's and
 *	  provenance's own lookup (lot_parse.c, provenance_eval.c).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_guard.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* ItemKind: export.h */

/* Index of one item of kind, -1 if it is not one. */
int
rt_item_index(ItemKind kind, const char *s, size_t len)
{
	switch (kind)
	{
		case ITEM_ELEMENT:
			return lot_element_index(s, len);
		case ITEM_FORM:
			return lot_form_index(s, len);
		case ITEM_VIEW:
			return rt_prov_view_index(s, len);
		case ITEM_COUNTRY:
			if (len != 2)
				return -1;
			{
				char		a = pg_ascii_toupper((unsigned char) s[0]);
				char		b = pg_ascii_toupper((unsigned char) s[1]);

				if (!lot_country_assigned(a, b))
					return -1;
				return (a - 'A') * 26 + (b - 'A');
			}
	}
	return -1;
}

/* The error for an item that is not one of its kind. */
void
rt_bad_item(ItemKind kind, const char *col, const char *s)
{
	static const char *const what[] = {
		"rare-earth element", "lot form", "country", "provenance view"
	};
	static const char *const hint[] = {
		"Use the symbols Sc, Y, La, Ce, Pr, Nd, Pm, Sm, Eu, Gd, Tb, Dy, Ho, Er, Tm, Yb, Lu.",
		"Lot forms: ore, concentrate, compound, oxide, metal, alloy, magnet, scrap.",
		"A country is an assigned ISO 3166-1 alpha-2 code such as CN or JP.",
		"Views: origin, mining, separation, refining, melting, magnet."
	};

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s \"%s\" in %s", what[kind], s, col),
			 errhint("%s", hint[kind])));
}

/* Canonical text of item index k of kind. */
const char *
rt_item_name(ItemKind kind, int k, char *cc)
{
	switch (kind)
	{
		case ITEM_ELEMENT:
			return rt_elements[k].symbol;
		case ITEM_FORM:
			return lot_form_name(k);
		case ITEM_VIEW:
			return rt_prov_views[k];
		case ITEM_COUNTRY:
			cc[0] = 'A' + k / 26;
			cc[1] = 'A' + k % 26;
			cc[2] = '\0';
			return cc;
	}
	return NULL;
}

/* int comparator for qsort. */
static int
cmp_int(const void *a, const void *b)
{
	return *(const int *) a - *(const int *) b;
}

/*
 * A text[] column checked item by item and rewritten canonically: each
 * item spelt as rare_trace spells it, in the kind's order, no duplicates,
 * no NULLs, not empty.  *mask gets the bits of elements (for the codes).
 */
Datum
rt_normalize_items(Datum arr, const char *col, ItemKind kind, uint32 *mask)
{
	ArrayType  *a = DatumGetArrayTypeP(arr);
	Datum	   *items;
	bool	   *nulls;
	int			n;
	int		   *idx;
	Datum	   *out;
	char		cc[3];

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", col)));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be empty", col),
				 errhint("Leave destinations NULL for every destination.")));
	idx = palloc(sizeof(int) * n);
	for (int i = 0; i < n; i++)
	{
		char	   *s;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", col),
					 errdetail("Item %d is NULL.", i + 1)));
		s = TextDatumGetCString(items[i]);
		idx[i] = rt_item_index(kind, s, strlen(s));
		if (idx[i] < 0)
			rt_bad_item(kind, col, s);
		for (int j = 0; j < i; j++)
			if (idx[j] == idx[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s lists \"%s\" twice", col, rt_item_name(kind, idx[i], cc))));
	}
	qsort(idx, n, sizeof(int), cmp_int);
	out = palloc(sizeof(Datum) * n);
	*mask = 0;
	for (int i = 0; i < n; i++)
	{
		out[i] = CStringGetTextDatum(rt_item_name(kind, idx[i], cc));
		if (kind != ITEM_COUNTRY)
			*mask |= UINT32_C(1) << idx[i];
	}
	return PointerGetDatum(construct_array(out, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* control_codes: NULL or an object of element symbol -> non-empty string. */
static void
check_codes(Datum d, uint32 elements)
{
	Jsonb	   *j = DatumGetJsonbP(d);
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	if (!JB_ROOT_IS_OBJECT(j) || JB_ROOT_IS_SCALAR(j))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("control_codes must be a JSON object such as {\"Sm\": \"1C902\"}")));
	it = JsonbIteratorInit(&j->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		int			k;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		k = lot_element_index(key, strlen(key));
		if (k < 0 || strcmp(rt_elements[k].symbol, key) != 0 ||
			(elements & (UINT32_C(1) << k)) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("control_codes key \"%s\" is not one of the rule's elements", key),
					 errhint("Key each code by an element of the elements column, spelt as in it (e.g. \"Sm\").")));
		tok = JsonbIteratorNext(&it, &v, true);
		if (v.type != jbvString || v.val.string.len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("control code of \"%s\" must be a non-empty JSON string", key)));
	}
}

/* A numeric column: NULL or a finite number of at most 4 decimals (a ppm). */
static void
check_number(HeapTuple tup, TupleDesc desc, const char *col)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, col), desc, &isnull);

	if (isnull)
		return;
	if (numeric_is_nan(DatumGetNumeric(d)) || numeric_is_inf(DatumGetNumeric(d)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", col),
				 errdetail("NaN and Infinity are not thresholds.")));
	if (!DatumGetBool(DirectFunctionCall2(numeric_eq, d,
										  DirectFunctionCall2(numeric_round, d,
															  Int32GetDatum(RT_PCT_DECIMALS)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must have at most %d decimals", col, RT_PCT_DECIMALS),
				 errdetail("Thresholds are exact percentages of 0.0001 %% (one part per million); rare_trace does not round them.")));
}

/* A date column: NULL or finite. */
static void
check_date(HeapTuple tup, TupleDesc desc, const char *col)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, col), desc, &isnull);

	if (!isnull && DATE_NOT_FINITE(DatumGetDateADT(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", col),
				 strstr(col, "until") ? errhint("Leave it NULL for no end.") : 0));
}

/* A rule row, checked and rewritten with canonical arrays. */
static HeapTuple
validate_rule(HeapTuple tup, TupleDesc desc)
{
	static const char *const cols[] = {
		"elements", "forms", "countries", "destinations", "stages"
	};
	static const ItemKind kinds[] = {
		ITEM_ELEMENT, ITEM_FORM, ITEM_COUNTRY, ITEM_COUNTRY, ITEM_VIEW
	};
	int			attnums[5];
	Datum		values[5];
	bool		nulls[5];
	int			ncols = 0;
	uint32		elements = 0;
	bool		isnull;
	Datum		d;

	for (int i = 0; i < 5; i++)
	{
		uint32		mask;
		int			att = SPI_fnumber(desc, cols[i]);

		d = heap_getattr(tup, att, desc, &isnull);
		if (isnull)
			continue;			/* NOT NULL columns: the constraint says so */
		attnums[ncols] = att;
		values[ncols] = rt_normalize_items(d, cols[i], kinds[i], &mask);
		nulls[ncols] = false;
		ncols++;
		if (i == 0)
			elements = mask;
	}
	d = heap_getattr(tup, SPI_fnumber(desc, "control_codes"), desc, &isnull);
	if (!isnull)
		check_codes(d, elements);
	check_number(tup, desc, "min_content_pct");
	check_number(tup, desc, "min_value_share_pct");
	check_date(tup, desc, "effective_from");
	check_date(tup, desc, "effective_until");
	return heap_modify_tuple_by_cols(tup, desc, ncols, attnums, values, nulls);
}

/* The shipped flag of a row. */
static bool
row_shipped(HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, "shipped"), desc, &isnull);

	return !isnull && DatumGetBool(d);
}

PG_FUNCTION_INFO_V1(rare_trace_export_control_guard);
/*
 * BEFORE row trigger of export_control and export_control_suspension.
 * Shipped rows are written only by rare_trace's own scripts (CREATE or
 * ALTER EXTENSION) and never changed otherwise; every written row is
 * validated, and a rule's arrays are stored canonically.
 */
Datum
rare_trace_export_control_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	tup;
	const char *rel;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("export_control_guard must be a BEFORE ... FOR EACH ROW trigger")));
	desc = RelationGetDescr(td->tg_relation);
	rel = RelationGetRelationName(td->tg_relation);
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) &&
		row_shipped(td->tg_trigtuple, desc) && !creating_extension)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("shipped rows of rare_trace.%s cannot be changed or deleted", rel),
				 errdetail("rare_trace ships this row; CREATE EXTENSION re-creates it as shipped, so a change would not survive a dump and restore."),
				 errhint("Record a suspension (rare_trace.export_control_suspension) or a new rule instead.")));
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		return PointerGetDatum(td->tg_trigtuple);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (row_shipped(tup, desc) && !creating_extension)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only rare_trace's own scripts may write shipped rows of rare_trace.%s", rel),
				 errhint("Insert your rows with shipped = false (the default).")));
	if (SPI_fnumber(desc, "elements") > 0)
		return PointerGetDatum(validate_rule(tup, desc));
	check_date(tup, desc, "suspended_from");
	check_date(tup, desc, "suspended_until");
	return PointerGetDatum(tup);
}
