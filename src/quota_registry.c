/*-------------------------------------------------------------------------
 *
 * quota_registry.c
 *	  The registry of enterprises and groups: the activity list, the depth
 *	  guard of the walk up the groups, the SQL function
 *	  rare_trace.enterprise_chain() and the trigger
 *	  rare_trace.enterprise_check_parent(), which keeps the groups free of
 *	  circles and no deeper than RT_GROUP_DEPTH_MAX.
 *
 * Every walk up the groups (quota resolution for the trigger and for SQL,
 * enterprise_chain, the parent check) is rt_walk (quota_walk.c), which
 * calls rt_chain_guard, so a registry deeper than the limit fails loudly
 * everywhere instead of leaving its top groups uncharged.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota_registry.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "quota.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "utils/snapmgr.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"

/*
 * Activities an enterprise is approved for and quotas are kept for: the
 * one list.  SQL reads it through rare_trace.activities() (the domain
 * rare_trace.activity checks against it); messages are made from it.
 */
static const char *const activities[] = {
	"mining", "separation", "refining", "melting", "magnet", "recycling",
	"trading"
};

/* Second key of the advisory lock that serialises re-parenting. */
#define PARENT_LOCK_KEY		1

/*
 * The deepest enterprise below $1 (code, levels below $1), if any.  Like
 * the walk up, it goes one level past the limit and stops at a circle.
 * Only the parent check walks down, once per re-parented row: it stays a
 * query (enterprise_parent_idx serves it).
 */
static const char below_sql[] =
"WITH RECURSIVE down(code, depth) AS ("
" SELECT e.code, 1 FROM rare_trace.enterprise AS e"
"  WHERE e.parent OPERATOR(pg_catalog.=) $1"
" UNION ALL"
" SELECT e.code, down.depth OPERATOR(pg_catalog.+) 1"
"  FROM rare_trace.enterprise AS e JOIN down"
"  ON e.parent OPERATOR(pg_catalog.=) down.code"
"  WHERE down.depth OPERATOR(pg_catalog.<=) " CppAsString2(RT_GROUP_DEPTH_MAX) ")"
" CYCLE code SET cyc USING path "
"SELECT d.code, d.depth FROM down AS d WHERE NOT d.cyc"
" ORDER BY d.depth DESC, d.code LIMIT 1";

static SPIPlanPtr plan_below = NULL;

/*
 * Index of the activity named s[0..len) in the list, or -1.
 */
int
rt_activity_index(const char *s, size_t len)
{
	for (int i = 0; i < lengthof(activities); i++)
		if (strlen(activities[i]) == len && memcmp(s, activities[i], len) == 0)
			return i;
	return -1;
}

/* Name of activity number index (0-based, valid). */
const char *
rt_activity_name(int index)
{
	Assert(index >= 0 && index < lengthof(activities));
	return activities[index];
}

/*
 * The activities as an English list, "a, b, ... y<last_sep>z" (last_sep
 * " or " or " and "), palloc'd.
 */
const char *
rt_activity_list(const char *last_sep)
{
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < lengthof(activities); i++)
		appendStringInfo(&s, "%s%s",
						 i == 0 ? "" :
						 i == lengthof(activities) - 1 ? last_sep : ", ",
						 activities[i]);
	return s.data;
}

PG_FUNCTION_INFO_V1(rare_trace_activities);
/*
 * activities() -> text[]: the activity list, in its order.
 */
Datum
rare_trace_activities(PG_FUNCTION_ARGS)
{
	Datum		items[lengthof(activities)];

	for (int i = 0; i < lengthof(activities); i++)
		items[i] = CStringGetTextDatum(activities[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(items, lengthof(activities),
										  TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * Fail if a walk up from enterprise went past the depth limit (deepest:
 * the depth of its deepest row).  Only a registry written with
 * enterprise_check_parent disabled can be that deep.
 */
void
rt_chain_guard(const char *enterprise, int32 deepest)
{
	if (deepest > RT_GROUP_DEPTH_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
				 errmsg("enterprise %s has more than %d groups above it",
						enterprise, RT_GROUP_DEPTH_MAX),
				 errdetail("Groups nest at most %d levels deep; rows of rare_trace.enterprise written with its triggers disabled went deeper, and the groups above the limit could not be charged.",
						   RT_GROUP_DEPTH_MAX),
				 errhint("Attach the enterprise or one of its groups to a group nearer the top.")));
}

/*
 * Walk up from enterprise as a query run through SPI with read_only false
 * would see the registry: under a new snapshot (a fresh one under READ
 * COMMITTED, which the parent check needs after its lock) with the command
 * counter advanced, so that the rows this command changed so far count.
 * The caller's SELECT privileges on code and parent are checked.
 */
static void
walk_fresh(const char *enterprise, RtChain *chain)
{
	RtRegistry	reg;

	PushActiveSnapshot(GetTransactionSnapshot());
	CommandCounterIncrement();
	UpdateActiveSnapshotCommandId();
	rt_registry_open(&reg, RT_REG_ACL_WALK, GetActiveSnapshot());
	rt_walk(&reg, enterprise, chain);
	rt_registry_close(&reg);
	PopActiveSnapshot();
}

PG_FUNCTION_INFO_V1(rare_trace_enterprise_chain);
/*
 * enterprise_chain(enterprise) -> SETOF (code, depth): the enterprise and
 * every group above it, nearest first.
 */
Datum
rare_trace_enterprise_chain(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RtChain		chain;

	rt_materialize_srf(fcinfo);
	walk_fresh(text_to_cstring(PG_GETARG_TEXT_PP(0)), &chain);
	for (int i = 0; i < chain.n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(chain.codes[i]);
		values[1] = Int32GetDatum(i);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
	return (Datum) 0;
}

/* Text value of column name of tup, or NULL. */
static char *
tuple_text(HeapTuple tup, TupleDesc desc, const char *name)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, name), desc, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/*
 * Check a parent link: code (was old_code, NULL for a new row) belongs to
 * parent.  Refuse a circle and any enterprise more than
 * RT_GROUP_DEPTH_MAX groups deep.  The caller holds the parent lock and is
 * connected to SPI.
 */
static void
check_parent_link(const char *code, const char *old_code, const char *parent)
{
	RtChain		chain;
	int32		above;
	int32		below = 0;
	const char *deepest = code;
	bool		isnull;

	walk_fresh(parent, &chain);
	/* the parent itself first: it need not exist yet (code = parent) */
	for (int i = 0; i <= chain.n; i++)
	{
		const char *up = i == 0 ? parent : chain.codes[i - 1];

		if (strcmp(up, code) == 0 || (old_code && strcmp(up, old_code) == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
					 errmsg("enterprise %s cannot belong to group %s: the groups would form a cycle",
							code, parent),
					 errhint("Groups nest from member to group; a group cannot be below one of its members.")));
	}
	/* groups above code: parent and the groups above it (depths 0..n-1) */
	above = chain.n;
	/* the members below an existing enterprise move with it */
	if (old_code != NULL)
	{
		Oid			types[1] = {TEXTOID};
		Datum		values[1] = {CStringGetTextDatum(old_code)};
		SPIPlanPtr	plan = rt_saved_plan(&plan_below, below_sql, 1, types);

		if (SPI_execute_plan(plan, values, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "rare_trace: enterprise members query failed");
		if (SPI_processed == 1)
		{
			deepest = SPI_getvalue(SPI_tuptable->vals[0],
								   SPI_tuptable->tupdesc, 1);
			below = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
												SPI_tuptable->tupdesc, 2,
												&isnull));
		}
	}
	if (above + below > RT_GROUP_DEPTH_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
				 errmsg("enterprise %s cannot belong to group %s: groups nest at most %d levels deep",
						code, parent, RT_GROUP_DEPTH_MAX),
				 errdetail("Enterprise %s would have %d groups above it.",
						   deepest, above + below),
				 errhint("Attach it to a group nearer the top.")));
}

PG_FUNCTION_INFO_V1(rare_trace_enterprise_check_parent);
/*
 * BEFORE INSERT OR UPDATE OF parent, code trigger of rare_trace.enterprise:
 * groups nest, never in a circle and at most RT_GROUP_DEPTH_MAX deep.
 *
 * The check must see every committed change, so it runs under READ
 * COMMITTED only, after taking a transaction-level advisory lock (not LOCK
 * TABLE, which would upgrade the statement's own lock and deadlock
 * writers): two concurrent changes could otherwise each pass and together
 * close a circle or go too deep.  The lock is in the two-key space, keyed
 * by the OID of rare_trace.enterprise, so it never meets the one-key
 * locks applications take.
 */
Datum
rare_trace_enterprise_check_parent(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	newtup;
	char	   *parent;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.enterprise_check_parent() must fire BEFORE INSERT OR UPDATE FOR EACH ROW")));
	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	newtup = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	parent = tuple_text(newtup, desc, "parent");
	if (parent == NULL)
		return PointerGetDatum(newtup);
	if (XactIsoLevel != XACT_READ_COMMITTED)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("enterprise groups can only be changed under READ COMMITTED"),
				 errhint("Run this change in a READ COMMITTED transaction.")));
	DirectFunctionCall2(pg_advisory_xact_lock_int4,
						Int32GetDatum((int32) RelationGetRelid(rel)),
						Int32GetDatum(PARENT_LOCK_KEY));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	check_parent_link(tuple_text(newtup, desc, "code"),
					  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
					  tuple_text(trigdata->tg_trigtuple, desc, "code") : NULL,
					  parent);
	SPI_finish();
	return PointerGetDatum(newtup);
}
