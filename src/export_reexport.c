/*-------------------------------------------------------------------------
 *
 * export_reexport.c
 *	  rare_trace.reexport_check(): the re-export rules (No. 61's kind, and
 *	  third-country transshipment) against the rows of a provenance result,
 *	  decided by the rules of export_rules.c.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_reexport.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export_rules.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/numeric.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

/* One row of a provenance result, for the re-export check. */
typedef struct ProvRow
{
	char	   *sink;
	int			form;
	int			element;
	int			view;
	char		country[16];	/* a code, "unknown" or "recycled" */
	Datum		kg;
	Datum		share;
} ProvRow;

static const char prov_rows_sql[] =
"SELECT r.sink_code, s.form, r.element, r.view, r.country, r.kg, r.share"
" FROM rare_trace.provenance_rows($1) WITH ORDINALITY AS r(sink_code, element, view, country, kg, share, n)"
" JOIN (SELECT x OPERATOR(pg_catalog.->>) 'code' AS code, x OPERATOR(pg_catalog.->>) 'form' AS form"
"       FROM pg_catalog.jsonb_array_elements(($1::pg_catalog.jsonb) OPERATOR(pg_catalog.->) 'sinks') AS x) AS s"
"   ON s.code OPERATOR(pg_catalog.=) r.sink_code"
" ORDER BY r.n";

/* OID of rare_trace.provenance (not cached: the extension can be re-created). */
static Oid
provenance_type_oid(void)
{
	Oid			nsp = get_namespace_oid("rare_trace", false);

	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						   CStringGetDatum("provenance"), ObjectIdGetDatum(nsp));
}

/*
 * The rows of provenance p, copied into the caller's context.  Planned per
 * call (the check is not a hot loop, and the type's OID may change).
 */
static int
read_provenance(Datum p, ProvRow **out)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			argtype = provenance_type_oid();
	int			n;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	if (SPI_execute_with_args(prov_rows_sql, 1, &argtype, &p, NULL, true, 0)
		!= SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading the provenance rows failed");
	n = (int) SPI_processed;
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);
		TupleDesc	desc = SPI_tuptable->tupdesc;

		*out = palloc0(sizeof(ProvRow) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			ProvRow    *row = &(*out)[i];
			char	   *form = exp_spi_text(tup, desc, 2);
			char	   *el = exp_spi_text(tup, desc, 3);
			char	   *view = exp_spi_text(tup, desc, 4);
			char	   *country = exp_spi_text(tup, desc, 5);
			bool		isnull;

			row->sink = exp_spi_text(tup, desc, 1);
			row->form = form ? lot_form_index(form, strlen(form)) : -1;
			row->element = lot_element_index(el, strlen(el));
			row->view = rt_prov_view_index(view, strlen(view));
			strlcpy(row->country, country, sizeof(row->country));
			row->kg = datumCopy(SPI_getbinval(tup, desc, 6, &isnull), false, -1);
			row->share = datumCopy(SPI_getbinval(tup, desc, 7, &isnull), false, -1);
		}
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	return n;
}

/* Is a provenance row controlled material of r (or of unknown place)? */
static bool
row_matches(const ExpRule *r, const ProvRow *row, bool *unknown)
{
	if (row->element < 0 || (r->elements & (UINT32_C(1) << row->element)) == 0)
		return false;
	if (row->view < 0 || (r->views & (UINT32_C(1) << row->view)) == 0)
		return false;
	*unknown = strcmp(row->country, "unknown") == 0;
	return *unknown ||
		(strlen(row->country) == 2 &&
		 exp_has_country(r->countries, r->ncountries, row->country));
}

/* Text of an outcome, for reexport_check's result column. */
static Datum
result_text(int o)
{
	return CStringGetTextDatum(o == EXP_YES ? "licence_required" :
							   o == EXP_UNDET ? "undetermined" : "no_licence");
}

/*
 * The reexport_check rows of rule r for one sink (rows[0..n) share the
 * sink): one per controlled element, view and country (or unknown), or a
 * single row with element NULL when the record shows none.
 */
static void
reexport_sink_rows(ReturnSetInfo *rsinfo, ExpRules *rs, ExpRule *r,
				   const ExpShipment *ship, const ProvRow *rows, int n)
{
	ExpShipment s = *ship;
	ExpWhy		base;
	Datum		values[13];
	bool		nulls[13] = {false};
	bool		any = false;

	s.form = rows[0].form < 0 ? 0 : rows[0].form;
	base = exp_decide_scope(r, &s);
	if (base == WHY_REQUIRED)
		base = exp_decide_dates(r, &s);
	values[0] = CStringGetTextDatum(rows[0].sink);
	values[1] = r->reference_d;
	values[8] = BoolGetDatum(exp_in_force_on(r, s.date));
	values[9] = BoolGetDatum(exp_suspension_on(r, s.date) >= 0);
	for (int i = 0; i < n; i++)
	{
		bool		unknown = false;
		ExpWhy		why = base;
		int			o;

		if (!row_matches(r, &rows[i], &unknown))
			continue;
		if (why == WHY_REQUIRED)
			why = (unknown && !(r->has_value_test && s.has_value)) ?
				WHY_UNKNOWN_STAGE : exp_decide_value(r, &s);
		o = exp_outcome(why);
		values[2] = r->code_d[rows[i].element];
		nulls[2] = (values[2] == (Datum) 0);
		values[3] = rs->element_d[rows[i].element];
		values[4] = CStringGetTextDatum(rt_prov_views[rows[i].view]);
		values[5] = CStringGetTextDatum(rows[i].country);
		values[6] = rows[i].kg;
		values[7] = rows[i].share;
		values[10] = BoolGetDatum(o == EXP_YES);
		nulls[10] = (o == EXP_UNDET);
		values[11] = result_text(o);
		values[12] = exp_reason(rs, r, why, &s, 0, rt_prov_views[rows[i].view]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		any = true;
	}
	if (!any)
	{
		ExpWhy		why = base == WHY_REQUIRED ? WHY_NO_MATERIAL : base;

		for (int c = 2; c <= 7; c++)
			nulls[c] = true;
		values[10] = BoolGetDatum(false);
		nulls[10] = false;
		values[11] = result_text(EXP_NO);
		values[12] = exp_reason(rs, r, why, &s, 0, NULL);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* The value_share_pct argument (position 4), if given. */
static void
value_arg(FunctionCallInfo fcinfo, ExpShipment *s)
{
	Numeric		v;

	if (PG_NARGS() < 5 || PG_ARGISNULL(4))
		return;
	v = PG_GETARG_NUMERIC(4);
	if (numeric_is_nan(v) || numeric_is_inf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_share_pct must be a finite number"),
				 errdetail("NaN and Infinity are not shares of a value.")));
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(v),
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(0)))) ||
		DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(v),
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(100)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_share_pct must be between 0 and 100"),
				 errdetail("It is the controlled content's share of the item's value, in percent.")));
	s->value = NumericGetDatum(v);
	s->has_value = true;
}

PG_FUNCTION_INFO_V1(rare_trace_reexport_check);
/*
 * reexport_check(p provenance, from_country, destination, ship_date
 * [, value_share_pct]): every re-export rule against every sink of p, in
 * rule order, then provenance_rows() order.
 */
Datum
rare_trace_reexport_check(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ExpShipment s;
	ExpRules   *rs;
	ProvRow    *rows;
	int			n;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("provenance must not be NULL"),
				 errdetail("Without a provenance result nothing can be checked.")));
	exp_shipment_args(fcinfo, &s);
	value_arg(fcinfo, &s);
	rs = exp_rules(fcinfo);
	n = read_provenance(PG_GETARG_DATUM(0), &rows);
	exp_materialize(fcinfo, rs);
	for (int k = 0; k < rs->nrules; k++)
	{
		ExpRule    *r = &rs->rules[k];

		if (r->scope != EXP_SCOPE_REEXPORT)
			continue;
		for (int i = 0; i < n;)
		{
			int			j = i + 1;

			while (j < n && strcmp(rows[j].sink, rows[i].sink) == 0)
				j++;
			reexport_sink_rows(rsinfo, rs, r, &s, rows + i, j - i);
			i = j;
		}
	}
	return (Datum) 0;
}
