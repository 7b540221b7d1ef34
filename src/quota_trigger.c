/*-------------------------------------------------------------------------
 *
 * quota_trigger.c
 *	  rare_trace.enforce_quota(): the trigger that charges production rows
 *	  to quotas, exactly and without overspend under concurrency.
 *
 * The trigger runs AFTER INSERT, UPDATE or DELETE FOR EACH STATEMENT with
 * transition tables.  It reads the transition tables directly, sums the
 * oxide weight of the lots per (enterprise, year, activity, category) in
 * exact integers, resolves each key to its quotas once (approval check,
 * the enterprise's own quota and its groups', read by the index probes of
 * quota_walk.c), sums the charge per quota,
 * and applies each quota's net change with one conditional UPDATE, in
 * descending quota id order so that concurrent statements never deadlock
 * (the machinery it shares with the export-licence trigger, rt_charge.c):
 *
 *	UPDATE quota SET used_t = used_t + charge - release
 *	 WHERE id = $1 AND (charge <= release OR used_t + charge - release <= limit_t)
 *
 * Any failure raises an error, which rolls back the statement.
 *
 * The trigger arguments name the columns (quota_args.c).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota_trigger.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "quota.h"
#include "rt_charge.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

/* Tonnes are kilograms / 10^3. */
#define REO_T_SCALE		(RT_REO_KG_SCALE + 3)

/* Longest enterprise code CC-ENTERPRISE, terminator included. */
#define ENT_CODE_MAX	(3 + RT_ENTERPRISE_MAX + 1)

/* Sum of mass_g x oxide weight over rows (exact, rt_charge.h). */
typedef RtChargeSum ChargeSum;
#define CHARGE_ADD(sum, a, b)	RT_CHARGE_ADD(sum, a, b)

/* Most distinct categories one statement may name. */
#define MAX_CATEGORIES	256

/*
 * What a group of rows is charged by: hashed as raw bytes, so it is kept
 * small and zero-filled.  category is 0 for none, else 1 + an index into
 * the statement's category list.
 */
typedef struct ChargeKey
{
	char		enterprise[ENT_CODE_MAX];
	int32		year;
	int16		activity;
	int16		category;
} ChargeKey;

typedef struct ChargeEntry
{
	ChargeKey	key;
	DateADT		first_day;		/* date range of the charged (new) rows */
	DateADT		last_day;
	DateADT		old_first;		/* date range of the released (old) rows */
	DateADT		old_last;
	bool		charged;		/* any new rows */
	bool		released;		/* any old rows */
	ChargeSum	charge;			/* sum of mass_g x weight over new rows */
	ChargeSum	release;		/* same over old rows */
} ChargeEntry;

/* Per-statement state: the distinct category names seen. */
typedef struct TrigState
{
	MemoryContext cxt;			/* lives as long as the statement's work */
	int			ncategories;
	char	   *categories[MAX_CATEGORIES];
} TrigState;

/* Net change of one quota. */
typedef struct QuotaEntry
{
	RtNet		net;			/* id and net change (rt_charge.h) */
	ChargeKey	first;			/* first key charging it, for messages */
} QuotaEntry;

/* What the row callback of a transition-table scan needs. */
typedef struct QuotaScan
{
	const QuotaArgs *qa;
	TrigState  *st;
	HTAB	   *charges;
	bool		is_new;
	MemoryContext rowcxt;
} QuotaScan;

/* Saved SPI plans, prepared once per backend. */
static SPIPlanPtr plan_update = NULL;
static SPIPlanPtr plan_quota_row = NULL;

/*
 * Key number of a category name (1-based; added to the statement's list
 * when new).  Statements name few categories, so a linear search is fine.
 */
static int16
category_number(TrigState *st, const char *s, size_t len)
{
	for (int i = 0; i < st->ncategories; i++)
		if (strlen(st->categories[i]) == len &&
			memcmp(st->categories[i], s, len) == 0)
			return (int16) (i + 1);
	if (st->ncategories >= MAX_CATEGORIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("one statement may charge at most %d distinct quota categories",
						MAX_CATEGORIES)));
	st->categories[st->ncategories] = MemoryContextAllocZero(st->cxt, len + 1);
	memcpy(st->categories[st->ncategories++], s, len);
	return (int16) st->ncategories;
}

/* Category name of a key, for queries; NULL for none. */
static const char *
key_category_name(const TrigState *st, const ChargeKey *key)
{
	return key->category > 0 ? st->categories[key->category - 1] : NULL;
}

/*
 * Calendar year a production on day charges (lot names the row in the
 * error): the one rule, for the trigger and, through
 * rare_trace.production_year(), for SQL.  A day that is not finite has no
 * year.
 */
int32
rt_production_year(DateADT day, const RareLot *lot)
{
	int			y,
				m,
				d;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("production date of lot %s is not finite",
						rare_lot_to_cstring(lot))));
	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return y;
}

PG_FUNCTION_INFO_V1(rare_trace_production_year);
/*
 * production_year(lot, on_date) -> int4: see rt_production_year.
 */
Datum
rare_trace_production_year(PG_FUNCTION_ARGS)
{
	RareLot    *lot = PG_GETARG_RARE_LOT_P(0);

	PG_RETURN_INT32(rt_production_year(PG_GETARG_DATEADT(1), lot));
}

/*
 * The date of a production row, which must have one.
 */
static DateADT
row_day(TupleTableSlot *slot, const QuotaArgs *qa, const RareLot *lot)
{
	bool		isnull;
	Datum		d = slot_getattr(slot, qa->date_att, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("production row of lot %s has no date",
						rare_lot_to_cstring(lot)),
				 errhint("rare_trace charges a lot to the quotas of the year of its date column.")));
	return DatumGetDateADT(d);
}

/*
 * The activity index of a production row: the trigger's constant, or the
 * row's activity column, which must name an activity.
 */
static int16
row_activity(TupleTableSlot *slot, const QuotaArgs *qa, const RareLot *lot)
{
	bool		isnull;
	Datum		d;
	text	   *t;
	int			a;

	if (qa->activity_att == 0)
		return qa->activity;
	d = slot_getattr(slot, qa->activity_att, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("production row of lot %s has no activity",
						rare_lot_to_cstring(lot))));
	t = DatumGetTextPP(d);
	a = rt_activity_index(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (a < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown activity \"%s\" for lot %s",
						text_to_cstring(t), rare_lot_to_cstring(lot)),
				 errhint("Activities are %s.", rt_activity_list(" and "))));
	return a;
}

/*
 * The category number of a production row (0 for none): the trigger's
 * constant, or the row's category column.
 */
static int16
row_category(TupleTableSlot *slot, const QuotaArgs *qa, TrigState *st)
{
	bool		isnull;
	Datum		d;
	text	   *t;

	if (qa->category_att == 0)
		return qa->has_category ? 1 : 0;
	d = slot_getattr(slot, qa->category_att, &isnull);
	if (isnull)
		return 0;
	t = DatumGetTextPP(d);
	return category_number(st, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/*
 * Add one row's lot (mass_g x oxide weight w, produced on day) to its
 * entry: to "charge" for a new row, to "release" for an old one.
 */
static void
add_to_entry(ChargeEntry *entry, bool found, bool is_new, const RareLot *lot,
			 int64 w, DateADT day)
{
	if (!found)
	{
		memset(&entry->charge, 0, sizeof(ChargeSum));
		memset(&entry->release, 0, sizeof(ChargeSum));
		entry->charged = false;
		entry->released = false;
	}
	if (is_new)
	{
		CHARGE_ADD(entry->charge, (uint64) rare_lot_mass_g(lot), (uint64) w);
		if (!entry->charged || day < entry->first_day)
			entry->first_day = day;
		if (!entry->charged || day > entry->last_day)
			entry->last_day = day;
		entry->charged = true;
	}
	else
	{
		CHARGE_ADD(entry->release, (uint64) rare_lot_mass_g(lot), (uint64) w);
		if (!entry->released || day < entry->old_first)
			entry->old_first = day;
		if (!entry->released || day > entry->old_last)
			entry->old_last = day;
		entry->released = true;
	}
}

/*
 * Add one row of a transition table to the charge hash: its lot's oxide
 * weight goes to "charge" (new rows) or "release" (old rows), under the
 * key (enterprise, year, activity, category) of the row.
 */
static void
scan_row(TupleTableSlot *slot, void *arg)
{
	QuotaScan  *ss = (QuotaScan *) arg;
	const QuotaArgs *qa = ss->qa;
	MemoryContext old;
	RareLotBuf	buf;
	RareLot    *lot;
	ChargeKey	key;
	Datum		d;
	bool		isnull;
	DateADT		day;
	int64		w;
	bool		found;
	ChargeEntry *entry;

	d = slot_getattr(slot, qa->lot_att, &isnull);
	if (isnull)
		return;					/* no lot, nothing produced */
	old = MemoryContextSwitchTo(ss->rowcxt);
	lot = rare_lot_from_datum(d, &buf);

	memset(&key, 0, sizeof(key));
	rare_lot_write_code(lot, false, key.enterprise);
	day = row_day(slot, qa, lot);
	key.year = rt_production_year(day, lot);
	key.activity = row_activity(slot, qa, lot);
	key.category = row_category(slot, qa, ss->st);

	w = rare_lot_reo_weight(lot);
	if (w < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot charge lot %s to a quota: promethium has no oxide factor",
						rare_lot_to_cstring(lot))));

	MemoryContextSwitchTo(old);
	entry = (ChargeEntry *) hash_search(ss->charges, &key, HASH_ENTER, &found);
	add_to_entry(entry, found, ss->is_new, lot, w, day);
	if (lot != &buf.lot)
		MemoryContextReset(ss->rowcxt); /* a detoasted copy */
}

/* Add every row of a transition table to the charge hash (scan_row). */
static void
scan_rows(Tuplestorestate *ts, Relation rel, const QuotaArgs *qa,
		  TrigState *st, HTAB *charges, bool is_new, MemoryContext rowcxt)
{
	QuotaScan	ss = {qa, st, charges, is_new, rowcxt};

	rt_scan_rows(ts, RelationGetDescr(rel), scan_row, &ss);
}

/* Category of a key for messages. */
static const char *
key_category(const TrigState *st, const ChargeKey *key)
{
	const char *name = key_category_name(st, key);

	return name ? name : "none";
}

/*
 * Resolve one key: refuse an unregistered table or an unapproved
 * enterprise, require a quota for charges, and add the key's charge and
 * release to every quota it falls under (releases without a quota are
 * dropped).
 */
static void
resolve_key(const TrigState *st, RtRegistry *reg, Relation rel,
			const ChargeEntry *entry, HTAB *quotas)
{
	RtResolution res;

	/*
	 * Approval is checked for rows that may add production: an UPDATE that
	 * does not raise a key's charge nor move it outside the days its old
	 * rows covered (say, of a note column, or a smaller lot) adds none.
	 */
	bool		adds = entry->charged &&
		(!entry->released || rt_charge_gt(&entry->charge, &entry->release) ||
		 entry->first_day < entry->old_first ||
		 entry->last_day > entry->old_last);

	rt_resolve(reg, entry->key.enterprise, entry->key.year,
			   rt_activity_name(entry->key.activity),
			   key_category_name(st, &entry->key),
			   entry->first_day, entry->last_day, adds,
			   RelationGetRelid(rel), st->cxt, &res);

	if (!res.registered)
		ereport(ERROR,
				(errcode(ERRCODE_RT_NOT_ENFORCED),
				 errmsg("table \"%s\" is not registered for quota enforcement",
						RelationGetRelationName(rel)),
				 errdetail("Only tables listed in rare_trace.quota_table may charge or release quotas."),
				 errhint("rare_trace_admin registers tables with rare_trace.attach_quota().")));

	if (res.problem != NULL)
	{
		/* a full sentence for errdetail */
		res.problem[0] = pg_toupper((unsigned char) res.problem[0]);
		ereport(ERROR,
				(errcode(ERRCODE_RT_NOT_APPROVED),
				 errmsg("enterprise %s is not approved for %s in %d",
						entry->key.enterprise, rt_activity_name(entry->key.activity),
						entry->key.year),
				 errdetail("%s (category %s).", res.problem,
						   key_category(st, &entry->key)),
				 errhint("rare_trace_admin records approvals in rare_trace.enterprise; nothing of this statement was kept.")));
	}

	if (res.nquotas == 0 && entry->charged)
		ereport(ERROR,
				(errcode(ERRCODE_RT_NO_QUOTA),
				 errmsg("no %s quota for enterprise %s in %d (category %s)",
						rt_activity_name(entry->key.activity), entry->key.enterprise,
						entry->key.year, key_category(st, &entry->key)),
				 errdetail("Neither %s nor a group above it holds a %d quota for %s in that category or in any category.",
						   entry->key.enterprise, entry->key.year,
						   rt_activity_name(entry->key.activity)),
				 errhint("No quota, no production: rare_trace_admin adds quotas to rare_trace.quota; nothing of this statement was kept.")));

	for (int i = 0; i < res.nquotas; i++)
	{
		bool		found;
		QuotaEntry *q = (QuotaEntry *) rt_net_add(quotas, res.ids[i],
												  &entry->charge,
												  &entry->release, &found);

		if (!found)
			q->first = entry->key;
	}
}

/*
 * Report that quota q has no room for the charge.
 */
static void
report_exceeded(const RtNet *n, Datum charge_t, Datum release_t,
				const void *arg)
{
	const TrigState *st = (const TrigState *) arg;
	const QuotaEntry *q = (const QuotaEntry *) n;
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(q->net.id)};
	SPIPlanPtr	plan = rt_saved_plan(&plan_quota_row,
								  "SELECT holder, year::text, activity::text, coalesce(category, 'any'),"
								  " limit_t::text, used_t::text, trim_scale(limit_t - used_t)::text"
								  " FROM rare_trace.quota WHERE id = $1",
								  1, types);
	char	   *requested = DatumGetCString(DirectFunctionCall1(numeric_out,
																DirectFunctionCall2(numeric_sub, charge_t, release_t)));
	HeapTuple	row;
	TupleDesc	desc;

	/* not read-only: a fresh snapshot shows what the waiter lost to */
	if (SPI_execute_plan(plan, values, NULL, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_RT_QUOTA_EXCEEDED),
				 errmsg("quota %lld vanished while enterprise %s was charged",
						(long long) q->net.id, q->first.enterprise)));
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	ereport(ERROR,
			(errcode(ERRCODE_RT_QUOTA_EXCEEDED),
			 errmsg("quota exceeded: %s %s %s (category %s): limit %s t, used %s t, requested %s t",
					SPI_getvalue(row, desc, 1), SPI_getvalue(row, desc, 3),
					SPI_getvalue(row, desc, 2), SPI_getvalue(row, desc, 4),
					SPI_getvalue(row, desc, 5), SPI_getvalue(row, desc, 6),
					requested),
			 errdetail("Production by enterprise %s (%s, %d, category %s) is charged to this quota of %s, which has %s t left.",
					   q->first.enterprise, rt_activity_name(q->first.activity),
					   q->first.year, key_category(st, &q->first), SPI_getvalue(row, desc, 1),
					   SPI_getvalue(row, desc, 7)),
			 errhint("Nothing of this statement was kept. Produce less, or ask rare_trace_admin to raise limit_t.")));
}

/*
 * Apply the net change of every quota, in descending id order
 * (rt_net_apply).
 */
static void
apply_quotas(const TrigState *st, HTAB *quotas)
{
	Oid			types[3] = {INT8OID, NUMERICOID, NUMERICOID};
	SPIPlanPtr	plan = rt_saved_plan(&plan_update,
								  "UPDATE rare_trace.quota"
								  " SET used_t = trim_scale(used_t + $2 - $3)"
								  " WHERE id = $1 AND ($2 <= $3 OR used_t + $2 - $3 <= limit_t)",
								  3, types);

	rt_net_apply(quotas, plan, REO_T_SCALE, report_exceeded, st);
}

PG_FUNCTION_INFO_V1(rare_trace_enforce_quota);
/*
 * The trigger function; see the file header.
 */
Datum
rare_trace_enforce_quota(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	Tuplestorestate *newrows;
	Tuplestorestate *oldrows;
	QuotaArgs	qa;
	TrigState	st;
	Oid			lot_type;
	MemoryContext cxt;
	MemoryContext rowcxt;
	MemoryContext old;
	HASHCTL		ctl;
	HTAB	   *charges;
	HTAB	   *quotas;
	HASH_SEQ_STATUS seq;
	ChargeEntry *entry;
	RtRegistry	reg;

	rt_statement_tables(fcinfo, "rare_trace.enforce_quota()",
						"rare_trace.attach_quota()", &newrows, &oldrows);
	rel = trigdata->tg_relation;

	lot_type = rare_lot_type_oid();
	rt_quota_args(rel, trigdata->tg_trigger->tgnargs,
				  trigdata->tg_trigger->tgargs, lot_type, &qa);

	if ((newrows == NULL || tuplestore_tuple_count(newrows) == 0) &&
		(oldrows == NULL || tuplestore_tuple_count(oldrows) == 0))
		return PointerGetDatum(NULL);

	cxt = AllocSetContextCreate(CurrentMemoryContext, "rare_trace quota",
								ALLOCSET_DEFAULT_SIZES);
	rowcxt = AllocSetContextCreate(cxt, "rare_trace quota row",
								   ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(cxt);
	st.cxt = cxt;
	st.ncategories = 0;
	if (qa.has_category)
		category_number(&st, qa.category, strlen(qa.category));

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ChargeKey);
	ctl.entrysize = sizeof(ChargeEntry);
	ctl.hcxt = cxt;
	charges = hash_create("rare_trace charges", 64, &ctl,
						  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	if (newrows != NULL)
		scan_rows(newrows, rel, &qa, &st, charges, true, rowcxt);
	if (oldrows != NULL)
		scan_rows(oldrows, rel, &qa, &st, charges, false, rowcxt);

	quotas = rt_net_create("rare_trace quotas", sizeof(QuotaEntry), cxt);

	/*
	 * Resolve under the statement's active snapshot: what the registry
	 * looked like to the statement, as a read-only query would see it.
	 */
	if (!ActiveSnapshotSet())
		elog(ERROR, "rare_trace: no active snapshot to read the registry with");
	rt_registry_open(&reg, RT_REG_QUOTAS | RT_REG_TABLES, GetActiveSnapshot());
	hash_seq_init(&seq, charges);
	while ((entry = (ChargeEntry *) hash_seq_search(&seq)) != NULL)
		resolve_key(&st, &reg, rel, entry, quotas);
	rt_registry_close(&reg);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	apply_quotas(&st, quotas);
	SPI_finish();

	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return PointerGetDatum(NULL);
}
