/*-------------------------------------------------------------------------
 *
 * quota_resolve.c
 *	  Which quotas a production charges, and whether its enterprise is
 *	  approved: the one implementation, used by the enforcement trigger
 *	  (rt_resolve) and by SQL through rare_trace.approval_problem() and
 *	  rare_trace.applicable_quotas().
 *
 * Both read the registry with the walk of quota_walk.c (index probes
 * under the active snapshot, the visibility a read-only query of the
 * statement has), so they do not depend on the caller's search_path.  The
 * SQL functions check the caller's SELECT privileges on what they read,
 * as the queries they replace did; the trigger runs as its owner.
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

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

/*
 * Prepare (once per backend) and return a saved plan.  The plan is always
 * generic: these queries look up a handful of rows by key, and letting the
 * plan cache try custom plans re-planned them on every statement.
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
 * The snapshot a read-only query of the current statement would run
 * under: the active one.
 */
static Snapshot
statement_snapshot(void)
{
	if (!ActiveSnapshotSet())
		elog(ERROR, "rare_trace: no active snapshot to read the registry with");
	return GetActiveSnapshot();
}

/* A date as text, for messages. */
static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/*
 * Why the enterprise may not perform the activity on every day from
 * first_day to last_day, or NULL if it may, from the walk's row of the
 * enterprise (chain->n == 0: no row).  Allocated in result_cxt.
 */
static char *
approval_message(const char *enterprise, const char *activity,
				 DateADT first_day, DateADT last_day, const RtChain *chain,
				 MemoryContext result_cxt)
{
	Datum	   *items = NULL;
	bool	   *nulls = NULL;
	int			nitems = 0;
	int			nlisted = 0;
	bool		approved = false;
	StringInfoData list;
	char	   *problem = NULL;
	DateADT		from = chain->approved_from;
	DateADT		until = chain->approved_until;
	bool		open_ended = chain->open_ended;

	if (chain->n == 0)
		return MemoryContextStrdup(result_cxt,
								   psprintf("enterprise %s is not registered",
											enterprise));

	/*
	 * A NULL element (written around the table's check) approves nothing.
	 * The elements are of the domain rare_trace.activity, stored as text.
	 */
	if (chain->activities != (Datum) 0)
	{
		ArrayType  *arr = DatumGetArrayTypeP(chain->activities);

		deconstruct_array(arr, ARR_ELEMTYPE(arr), -1, false, TYPALIGN_INT,
						  &items, &nulls, &nitems);
	}
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

/* What collect_id gathers: quota ids, in the order found. */
typedef struct IdList
{
	int			n;
	int			size;
	int64	   *ids;
} IdList;

/* RtQuotaFn of rt_resolve: keep the id of a quota row. */
static void
collect_id(RtRegistry *reg, TupleTableSlot *slot, void *arg)
{
	IdList	   *list = (IdList *) arg;
	bool		isnull;
	Datum		id = slot_getattr(slot, reg->att_qid, &isnull);

	if (list->n == list->size)
	{
		list->size *= 2;
		list->ids = repalloc(list->ids, sizeof(int64) * list->size);
	}
	list->ids[list->n++] = DatumGetInt64(id);
}

/* qsort comparator of quota ids: ascending. */
static int
id_cmp(const void *a, const void *b)
{
	int64		ia = *(const int64 *) a;
	int64		ib = *(const int64 *) b;

	return (ia > ib) - (ia < ib);
}

/*
 * Resolve one key for the trigger: walk up from the enterprise (the depth
 * guard first), then whether table relid is registered, the approval
 * problem (only when check_approval), and the quota ids in ascending
 * order, each once.  Results are allocated in result_cxt; reg was opened
 * with RT_REG_QUOTAS | RT_REG_TABLES.
 */
void
rt_resolve(RtRegistry *reg, const char *enterprise, int32 year,
		   const char *activity, const char *category, DateADT first_day,
		   DateADT last_day, bool check_approval, Oid relid,
		   MemoryContext result_cxt, RtResolution *out)
{
	RtChain		chain;
	IdList		list;

	rt_walk(reg, enterprise, &chain);
	out->registered = rt_table_registered(reg, relid);
	out->problem = NULL;
	if (check_approval)
		out->problem = approval_message(enterprise, activity, first_day,
										last_day, &chain, result_cxt);

	list.n = 0;
	list.size = 4;
	list.ids = MemoryContextAlloc(result_cxt, sizeof(int64) * list.size);
	rt_chain_quotas(reg, &chain, year, activity, category, collect_id, &list);
	if (list.n > 1)
		qsort(list.ids, list.n, sizeof(int64), id_cmp);
	/* a quota is charged once (the walk meets each holder once anyway) */
	out->nquotas = 0;
	out->ids = list.ids;
	for (int i = 0; i < list.n; i++)
		if (out->nquotas == 0 || out->ids[out->nquotas - 1] != list.ids[i])
			out->ids[out->nquotas++] = list.ids[i];
}

PG_FUNCTION_INFO_V1(rare_trace_approval_problem);
/*
 * approval_problem(enterprise, activity, first_day, last_day) -> text:
 * why the enterprise may not perform the activity on every day of the
 * range (approval_message), from its row alone (no walk).  Not strict:
 * NULL means "approved", so a NULL argument must not produce it.
 */
Datum
rare_trace_approval_problem(PG_FUNCTION_ARGS)
{
	RtRegistry	reg;
	RtChain		chain;
	char	   *enterprise;
	char	   *problem;

	if (PG_ARGISNULL(0))
		PG_RETURN_TEXT_P(cstring_to_text("no enterprise given"));
	for (int i = 1; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("approval_problem needs an activity and both days")));

	enterprise = text_to_cstring(PG_GETARG_TEXT_PP(0));
	rt_registry_open(&reg, RT_REG_ACL_APPROVAL,
					 statement_snapshot());
	rt_registry_enterprise(&reg, enterprise, &chain);
	problem = approval_message(enterprise,
							   text_to_cstring(PG_GETARG_TEXT_PP(1)),
							   PG_GETARG_DATEADT(2), PG_GETARG_DATEADT(3),
							   &chain, CurrentMemoryContext);
	rt_registry_close(&reg);
	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}

/* A quota row kept by applicable_quotas, with its id for sorting. */
typedef struct QuotaRow
{
	int64		id;
	HeapTuple	tuple;
} QuotaRow;

/* What collect_row gathers. */
typedef struct RowList
{
	int			n;
	int			size;
	QuotaRow   *rows;
} RowList;

/* RtQuotaFn of applicable_quotas: keep a copy of a quota row. */
static void
collect_row(RtRegistry *reg, TupleTableSlot *slot, void *arg)
{
	RowList    *list = (RowList *) arg;
	bool		isnull;

	if (list->n == list->size)
	{
		list->size *= 2;
		list->rows = repalloc(list->rows, sizeof(QuotaRow) * list->size);
	}
	list->rows[list->n].id = DatumGetInt64(slot_getattr(slot, reg->att_qid,
														&isnull));
	list->rows[list->n++].tuple = ExecCopySlotHeapTuple(slot);
}

/* qsort comparator of quota rows: ascending id. */
static int
row_cmp(const void *a, const void *b)
{
	return id_cmp(&((const QuotaRow *) a)->id, &((const QuotaRow *) b)->id);
}

PG_FUNCTION_INFO_V1(rare_trace_applicable_quotas);
/*
 * applicable_quotas(enterprise, year, activity, category) -> SETOF quota:
 * the rows of rare_trace.quota a production charges (the trigger's walk
 * and rule), in id order, each once.  NULL enterprise, year or activity
 * give no rows; NULL category means "no category".
 */
Datum
rare_trace_applicable_quotas(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RtRegistry	reg;
	RtChain		chain;
	RowList		list;
	char	   *enterprise;
	TupleDesc	desc;

	rt_materialize_srf(fcinfo);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;

	enterprise = text_to_cstring(PG_GETARG_TEXT_PP(0));
	rt_registry_open(&reg, RT_REG_QUOTAS | RT_REG_ACL_QUOTAS | RT_REG_ACL_WALK,
					 statement_snapshot());
	rt_walk(&reg, enterprise, &chain);
	list.n = 0;
	list.size = 4;
	list.rows = palloc(sizeof(QuotaRow) * list.size);
	rt_chain_quotas(&reg, &chain, PG_GETARG_INT32(1),
					text_to_cstring(PG_GETARG_TEXT_PP(2)),
					PG_ARGISNULL(3) ? NULL :
					text_to_cstring(PG_GETARG_TEXT_PP(3)),
					collect_row, &list);
	if (list.n > 1)
		qsort(list.rows, list.n, sizeof(QuotaRow), row_cmp);
	desc = RelationGetDescr(reg.quota);
	for (int i = 0; i < list.n; i++)
	{
		Datum	   *values;
		bool	   *nulls;

		if (i > 0 && list.rows[i].id == list.rows[i - 1].id)
			continue;
		/* the result type is the table's row type */
		values = palloc(sizeof(Datum) * desc->natts);
		nulls = palloc(sizeof(bool) * desc->natts);
		heap_deform_tuple(list.rows[i].tuple, desc, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
		pfree(values);
		pfree(nulls);
	}
	rt_registry_close(&reg);
	return (Datum) 0;
}
