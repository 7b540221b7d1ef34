/*-------------------------------------------------------------------------
 *
 * quota_resolve.c
 *	  Which quotas a production charges, and whether its enterprise is
 *	  approved: the one implementation, used by the enforcement trigger
 *	  (directly, inside its SPI connection) and by SQL through
 *	  rare_trace.approval_problem() and rare_trace.applicable_quotas().
 *
 * Both read the registry through SPI with plans prepared once per backend
 * and every name qualified, so they do not depend on the caller's
 * search_path.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota_resolve.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "quota.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

/*
 * The quotas charged by a production of enterprise $1 in year $2 for
 * activity $3 and category $4 (NULL = none): those held by the enterprise
 * or any group above it (the walk RT_CHAIN_CTE, quota.h), of that year and
 * activity, whose category is NULL or $4.  The OFFSET 0 keeps the quota
 * lookup a per-holder index probe of quota_key: flattened, the generic
 * plan scanned every quota of the year and hashed them.
 */
#define QUOTA_LOOKUP_FROM \
	" FROM up CROSS JOIN LATERAL (" \
	"  SELECT * FROM rare_trace.quota AS q" \
	"  WHERE q.holder OPERATOR(pg_catalog.=) up.code" \
	"   AND q.year OPERATOR(pg_catalog.=) $2" \
	"   AND q.activity::pg_catalog.text OPERATOR(pg_catalog.=) $3" \
	"   AND (q.category IS NULL OR q.category OPERATOR(pg_catalog.=) $4)" \
	"  OFFSET 0) AS q" \
	" WHERE NOT up.cyc"

/*
 * Rows of rare_trace.quota in id order, for applicable_quotas(), after a
 * first row (kind 0) with the depth of the walk.
 */
static const char applicable_quotas_sql[] =
RT_CHAIN_CTE
"SELECT 0 AS kind, " RT_CHAIN_DEEPEST " AS deepest, NULL::pg_catalog.int8 AS id,"
" NULL::pg_catalog.text AS holder, NULL::pg_catalog.int4 AS year,"
" NULL::rare_trace.activity AS activity, NULL::pg_catalog.text AS category,"
" NULL::pg_catalog.numeric AS limit_t, NULL::pg_catalog.numeric AS used_t"
" UNION ALL "
"(SELECT DISTINCT ON (q.id) 1, NULL, q.id, q.holder, q.year, q.activity, q.category, q.limit_t, q.used_t"
QUOTA_LOOKUP_FROM
" ORDER BY q.id)"
" ORDER BY 1, 3";

/*
 * Everything the trigger needs about one key in one query: a first row
 * (kind 0) with the enterprise's approval, whether table $5 is registered
 * and the depth of the walk, then (kind 1) the ids of the quotas it
 * charges.
 */
static const char resolve_sql[] =
RT_CHAIN_CTE
"SELECT 0 AS kind, NULL::pg_catalog.int8 AS id, e.code IS NOT NULL AS found,"
" e.activities::pg_catalog.text[] AS activities, e.approved_from, e.approved_until,"
" EXISTS (SELECT FROM rare_trace.quota_table AS t"
"         WHERE t.relid OPERATOR(pg_catalog.=) $5) AS registered,"
" " RT_CHAIN_DEEPEST " AS deepest"
" FROM (SELECT) AS one"
" LEFT JOIN rare_trace.enterprise AS e ON e.code OPERATOR(pg_catalog.=) $1"
" UNION ALL "
"SELECT 1, q.id, NULL, NULL, NULL, NULL, NULL, NULL"
QUOTA_LOOKUP_FROM
" ORDER BY 1, 2";

static SPIPlanPtr plan_resolve = NULL;
static SPIPlanPtr plan_quotas = NULL;
static SPIPlanPtr plan_enterprise = NULL;

/*
 * Prepare (once per backend) and return a saved plan.  The plan is always
 * generic: these queries look up a handful of rows by key, and letting the
 * plan cache try custom plans re-planned them (a recursive CTE among them)
 * on every statement.
 */
SPIPlanPtr
rt_saved_plan(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, argtypes,
										   CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "rare_trace: SPI_prepare failed for \"%s\": %s",
				 sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "rare_trace: SPI_keepplan failed");
		*plan = p;
	}
	return *plan;
}

/*
 * The depth of the walk from column col of row (NULL: no enterprise), for
 * rt_chain_guard.
 */
static void
guard_row(const char *enterprise, HeapTuple row, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		deepest = SPI_getbinval(row, desc, col, &isnull);

	if (!isnull)
		rt_chain_guard(enterprise, DatumGetInt32(deepest));
}

/*
 * Run the applicable-quotas query; the quota rows are SPI_tuptable->vals[1]
 * on, their columns from the third on.  The caller is connected to SPI.
 */
static uint64
rt_applicable_quotas(const char *enterprise, int32 year, const char *activity,
					 const char *category)
{
	Oid			types[4] = {TEXTOID, INT4OID, TEXTOID, TEXTOID};
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};
	SPIPlanPtr	plan = rt_saved_plan(&plan_quotas, applicable_quotas_sql,
									 4, types);

	values[0] = CStringGetTextDatum(enterprise);
	values[1] = Int32GetDatum(year);
	values[2] = CStringGetTextDatum(activity);
	if (category != NULL)
		values[3] = CStringGetTextDatum(category);
	else
	{
		values[3] = (Datum) 0;
		nulls[3] = 'n';
	}
	if (SPI_execute_plan(plan, values, nulls, true, 0) != SPI_OK_SELECT ||
		SPI_processed < 1)
		elog(ERROR, "rare_trace: quota query failed");
	guard_row(enterprise, SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	return SPI_processed - 1;
}

/* A date as text, for messages. */
static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/*
 * Why the enterprise may not perform the activity on every day from
 * first_day to last_day, or NULL if it may, from its registry row (found
 * false: no row; acts: text[] of approved activities).  Allocated in
 * result_cxt.
 */
static char *
approval_message(const char *enterprise, const char *activity,
				 DateADT first_day, DateADT last_day, bool found, Datum acts,
				 DateADT from, bool open_ended, DateADT until,
				 MemoryContext result_cxt)
{
	Datum	   *items;
	bool	   *nulls;
	int			nitems;
	int			nlisted = 0;
	bool		approved = false;
	StringInfoData list;
	char	   *problem = NULL;

	if (!found)
		return MemoryContextStrdup(result_cxt,
								   psprintf("enterprise %s is not registered",
											enterprise));

	/* a NULL element (written around the table's check) approves nothing */
	deconstruct_array(DatumGetArrayTypeP(acts), TEXTOID, -1, false,
					  TYPALIGN_INT, &items, &nulls, &nitems);
	initStringInfo(&list);
	for (int i = 0; i < nitems; i++)
	{
		char	   *a;

		if (nulls[i])
			continue;
		a = TextDatumGetCString(items[i]);
		if (strcmp(a, activity) == 0)
			approved = true;
		appendStringInfo(&list, "%s%s", nlisted++ > 0 ? ", " : "", a);
	}

	if (!approved)
		problem = psprintf("enterprise %s is not approved for %s (approved for: %s)",
						   enterprise, activity,
						   nlisted > 0 ? list.data : "nothing");
	else if (first_day < from || (!open_ended && last_day > until))
		problem = psprintf("enterprise %s is approved for %s from %s%s%s, not on %s",
						   enterprise, activity, date_text(from),
						   open_ended ? "" : " until ",
						   open_ended ? "" : date_text(until),
						   date_text(first_day < from ? first_day : last_day));
	return problem ? MemoryContextStrdup(result_cxt, problem) : NULL;
}

/*
 * Approval check on its own (for SQL); see approval_message.  The caller
 * is connected to SPI.
 */
char *
rt_approval_problem(const char *enterprise, const char *activity,
					DateADT first_day, DateADT last_day,
					MemoryContext result_cxt)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(enterprise)};
	SPIPlanPtr	plan = rt_saved_plan(&plan_enterprise,
									 "SELECT e.activities::pg_catalog.text[], e.approved_from, e.approved_until"
									 " FROM rare_trace.enterprise AS e"
									 " WHERE e.code OPERATOR(pg_catalog.=) $1",
									 1, types);
	HeapTuple	row;
	TupleDesc	desc;
	bool		isnull;
	bool		open_ended;
	Datum		acts;
	DateADT		from;
	DateADT		until;

	if (SPI_execute_plan(plan, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: enterprise query failed");
	if (SPI_processed == 0)
		return approval_message(enterprise, activity, first_day, last_day,
								false, (Datum) 0, 0, true, 0, result_cxt);
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	acts = SPI_getbinval(row, desc, 1, &isnull);
	from = DatumGetDateADT(SPI_getbinval(row, desc, 2, &isnull));
	until = DatumGetDateADT(SPI_getbinval(row, desc, 3, &open_ended));
	return approval_message(enterprise, activity, first_day, last_day, true,
							acts, from, open_ended, until, result_cxt);
}

/*
 * Resolve one key for the trigger with a single query: whether table relid
 * is registered, the approval problem (only when check_approval), and the
 * quota ids in ascending order.  Results are allocated in result_cxt.  The
 * caller is connected to SPI.
 */
void
rt_resolve(const char *enterprise, int32 year, const char *activity,
		   const char *category, DateADT first_day, DateADT last_day,
		   bool check_approval, Oid relid, MemoryContext result_cxt,
		   RtResolution *out)
{
	Oid			types[5] = {TEXTOID, INT4OID, TEXTOID, TEXTOID, OIDOID};
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', ' '};
	SPIPlanPtr	plan = rt_saved_plan(&plan_resolve, resolve_sql, 5, types);
	HeapTuple	row;
	TupleDesc	desc;
	bool		isnull;
	bool		found;
	bool		open_ended;

	values[0] = CStringGetTextDatum(enterprise);
	values[1] = Int32GetDatum(year);
	values[2] = CStringGetTextDatum(activity);
	if (category != NULL)
		values[3] = CStringGetTextDatum(category);
	else
	{
		values[3] = (Datum) 0;
		nulls[3] = 'n';
	}
	values[4] = ObjectIdGetDatum(relid);
	if (SPI_execute_plan(plan, values, nulls, true, 0) != SPI_OK_SELECT ||
		SPI_processed < 1)
		elog(ERROR, "rare_trace: quota resolution query failed");

	desc = SPI_tuptable->tupdesc;
	row = SPI_tuptable->vals[0];
	guard_row(enterprise, row, desc, 8);
	found = DatumGetBool(SPI_getbinval(row, desc, 3, &isnull));
	out->registered = DatumGetBool(SPI_getbinval(row, desc, 7, &isnull));
	out->problem = NULL;
	if (check_approval)
	{
		Datum		acts = SPI_getbinval(row, desc, 4, &isnull);
		Datum		from = SPI_getbinval(row, desc, 5, &isnull);
		Datum		until = SPI_getbinval(row, desc, 6, &open_ended);

		out->problem = approval_message(enterprise, activity, first_day,
										last_day, found, acts,
										DatumGetDateADT(from), open_ended,
										DatumGetDateADT(until), result_cxt);
	}
	/* ids arrive sorted; a group reached twice must be charged once */
	out->nquotas = 0;
	out->ids = MemoryContextAlloc(result_cxt,
								  sizeof(int64) * Max(SPI_processed, 1));
	for (uint64 i = 1; i < SPI_processed; i++)
	{
		int64		id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
													 desc, 2, &isnull));

		if (out->nquotas == 0 || out->ids[out->nquotas - 1] != id)
			out->ids[out->nquotas++] = id;
	}
}

PG_FUNCTION_INFO_V1(rare_trace_approval_problem);
/*
 * approval_problem(enterprise, activity, first_day, last_day) -> text:
 * SQL access to rt_approval_problem.  Not strict: NULL means "approved",
 * so a NULL argument must not produce it.
 */
Datum
rare_trace_approval_problem(PG_FUNCTION_ARGS)
{
	MemoryContext caller = CurrentMemoryContext;
	char	   *problem;

	if (PG_ARGISNULL(0))
		PG_RETURN_TEXT_P(cstring_to_text("no enterprise given"));
	for (int i = 1; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("approval_problem needs an activity and both days")));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	problem = rt_approval_problem(text_to_cstring(PG_GETARG_TEXT_PP(0)),
								  text_to_cstring(PG_GETARG_TEXT_PP(1)),
								  PG_GETARG_DATEADT(2), PG_GETARG_DATEADT(3),
								  caller);
	SPI_finish();
	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}

PG_FUNCTION_INFO_V1(rare_trace_applicable_quotas);
/*
 * applicable_quotas(enterprise, year, activity, category) -> SETOF quota:
 * SQL access to rt_applicable_quotas.  NULL enterprise, year or activity
 * give no rows; NULL category means "no category".
 */
Datum
rare_trace_applicable_quotas(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64		n;

	rt_materialize_srf(fcinfo);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	n = rt_applicable_quotas(text_to_cstring(PG_GETARG_TEXT_PP(0)),
							 PG_GETARG_INT32(1),
							 text_to_cstring(PG_GETARG_TEXT_PP(2)),
							 PG_ARGISNULL(3) ? NULL :
							 text_to_cstring(PG_GETARG_TEXT_PP(3)));
	for (uint64 i = 1; i <= n; i++)
	{
		Datum		values[9];
		bool		nulls[9];

		heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
						  values, nulls);
		/* the tuplestore copies the values before SPI_finish frees them */
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values + 2, nulls + 2);
	}
	SPI_finish();
	return (Datum) 0;
}
