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
 * the enterprise's own quota and its groups'), sums the charge per quota,
 * and applies each quota's net change with one conditional UPDATE, in
 * descending quota id order so that concurrent statements never deadlock:
 *
 *	UPDATE quota SET used_t = used_t + charge - release
 *	 WHERE id = $1 AND (charge <= release OR used_t + charge - release <= limit_t)
 *
 * A waiter re-checks the WHERE clause after the holder of the row lock
 * commits, so sessions racing for the last tonnes cannot together exceed
 * a limit.  Any failure raises an error, which rolls back the statement.
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
#include "utils/syscache.h"
#include "utils/tuplestore.h"

/* Tonnes are kilograms / 10^3. */
#define REO_T_SCALE		(RT_REO_KG_SCALE + 3)

/* Longest enterprise code CC-ENTERPRISE, terminator included. */
#define ENT_CODE_MAX	(3 + RT_ENTERPRISE_MAX + 1)

/*
 * Sum of mass_g x oxide weight over rows.  One product is below 2^84, so a
 * 128-bit integer holds the sum of 2^44 rows; without one, the exact
 * base-10^9 accumulator is used.
 */
#ifdef HAVE_INT128
typedef uint128 ChargeSum;
#define CHARGE_ADD(sum, a, b)	((sum) += (uint128) (a) * (uint128) (b))
#else
typedef RtAcc ChargeSum;
#define CHARGE_ADD(sum, a, b)	rt_acc_add_product(&(sum), (a), (b))
#endif

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
	int64		id;
	RtAcc		charge;
	RtAcc		release;
	ChargeKey	first;			/* first key charging it, for messages */
} QuotaEntry;

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
 * Add every row of a transition table to the charge hash: its lot's oxide
 * weight goes to "charge" (new rows) or "release" (old rows), under the
 * key (enterprise, year, activity, category) of the row.
 */
static void
scan_rows(Tuplestorestate *ts, Relation rel, const QuotaArgs *qa,
		  TrigState *st, HTAB *charges, bool is_new, MemoryContext rowcxt)
{
	TupleTableSlot *slot = MakeSingleTupleTableSlot(RelationGetDescr(rel),
													&TTSOpsMinimalTuple);
	int			ptr = tuplestore_alloc_read_pointer(ts, EXEC_FLAG_REWIND);

	tuplestore_select_read_pointer(ts, ptr);
	tuplestore_rescan(ts);
	while (tuplestore_gettupleslot(ts, true, false, slot))
	{
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
			continue;			/* no lot, nothing produced */
		old = MemoryContextSwitchTo(rowcxt);
		lot = rare_lot_from_datum(d, &buf);

		memset(&key, 0, sizeof(key));
		rare_lot_write_code(lot, false, key.enterprise);
		day = row_day(slot, qa, lot);
		key.year = rt_production_year(day, lot);
		key.activity = row_activity(slot, qa, lot);
		key.category = row_category(slot, qa, st);

		w = rare_lot_reo_weight(lot);
		if (w < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot charge lot %s to a quota: promethium has no oxide factor",
							rare_lot_to_cstring(lot))));

		MemoryContextSwitchTo(old);
		entry = (ChargeEntry *) hash_search(charges, &key, HASH_ENTER, &found);
		add_to_entry(entry, found, is_new, lot, w, day);
		if (lot != &buf.lot)
			MemoryContextReset(rowcxt); /* a detoasted copy */
	}
	ExecDropSingleTupleTableSlot(slot);
}

/* Accumulated kg-weights as a numeric of tonnes. */
static Datum
acc_tonnes(const RtAcc *acc)
{
	char		buf[RT_ACC_FORMAT_MAX];

	rt_acc_format(acc, REO_T_SCALE, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* Is row sum a greater than row sum b? */
static bool
charge_gt(const ChargeSum *a, const ChargeSum *b)
{
#ifdef HAVE_INT128
	return *a > *b;
#else
	for (int k = RT_ACC_LIMBS - 1; k >= 0; k--)
		if (a->limb[k] != b->limb[k])
			return a->limb[k] > b->limb[k];
	return false;
#endif
}

/* Add a row sum to an exact accumulator. */
static void
sum_into(RtAcc *acc, const ChargeSum *sum)
{
#ifdef HAVE_INT128
	RtAcc		add;

	rt_acc_from_uint128(&add, *sum);
	rt_acc_add(acc, &add);
#else
	rt_acc_add(acc, sum);
#endif
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
resolve_key(const TrigState *st, Relation rel, const ChargeEntry *entry,
			HTAB *quotas)
{
	RtResolution res;

	/*
	 * Approval is checked for rows that may add production: an UPDATE that
	 * does not raise a key's charge nor move it outside the days its old
	 * rows covered (say, of a note column, or a smaller lot) adds none.
	 */
	bool		adds = entry->charged &&
		(!entry->released || charge_gt(&entry->charge, &entry->release) ||
		 entry->first_day < entry->old_first ||
		 entry->last_day > entry->old_last);

	rt_resolve(entry->key.enterprise, entry->key.year,
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
		QuotaEntry *q = (QuotaEntry *) hash_search(quotas, &res.ids[i],
												   HASH_ENTER, &found);

		if (!found)
		{
			memset(&q->charge, 0, sizeof(RtAcc));
			memset(&q->release, 0, sizeof(RtAcc));
			q->first = entry->key;
		}
		sum_into(&q->charge, &entry->charge);
		sum_into(&q->release, &entry->release);
	}
}

/*
 * qsort comparator of quota entries: descending id.  Any fixed global
 * order keeps statements from deadlocking; descending usually locks a
 * group's quota (created before its members') last, so the row every
 * member shares is held for the shortest time.
 */
static int
quota_entry_cmp(const void *a, const void *b)
{
	int64		ia = (*(QuotaEntry *const *) a)->id;
	int64		ib = (*(QuotaEntry *const *) b)->id;

	return (ia < ib) - (ia > ib);
}

/*
 * Report that quota q has no room for the charge.
 */
static pg_noreturn void
report_exceeded(const TrigState *st, const QuotaEntry *q, Datum charge_t,
				Datum release_t)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(q->id)};
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
						(long long) q->id, q->first.enterprise)));
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
 * Apply the net change of every quota, in descending id order (see
 * quota_entry_cmp).
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
	long		n = hash_get_num_entries(quotas);
	QuotaEntry **sorted = palloc(sizeof(QuotaEntry *) * Max(n, 1));
	HASH_SEQ_STATUS seq;
	QuotaEntry *q;
	long		i = 0;

	hash_seq_init(&seq, quotas);
	while ((q = (QuotaEntry *) hash_seq_search(&seq)) != NULL)
		sorted[i++] = q;
	qsort(sorted, n, sizeof(QuotaEntry *), quota_entry_cmp);

	for (i = 0; i < n; i++)
	{
		Datum		values[3];

		q = sorted[i];
		/* an UPDATE that leaves a quota's charge as it was needs no lock */
		if (memcmp(&q->charge, &q->release, sizeof(RtAcc)) == 0)
			continue;
		values[0] = Int64GetDatum(q->id);
		values[1] = acc_tonnes(&q->charge);
		values[2] = acc_tonnes(&q->release);
		if (SPI_execute_plan(plan, values, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "rare_trace: quota update failed");
		if (SPI_processed == 0)
			report_exceeded(st, q, values[1], values[2]);
	}
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
	Tuplestorestate *newrows = NULL;
	Tuplestorestate *oldrows = NULL;
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

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.enforce_quota() must be called as a trigger")));
	rel = trigdata->tg_relation;
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.enforce_quota() on table \"%s\" must fire AFTER INSERT, UPDATE or DELETE FOR EACH STATEMENT",
						RelationGetRelationName(rel)),
				 errhint("Use rare_trace.attach_quota(), or see the README for the CREATE TRIGGER lines.")));
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		newrows = trigdata->tg_newtable;
		if (newrows == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("rare_trace.enforce_quota() on table \"%s\" needs REFERENCING NEW TABLE",
							RelationGetRelationName(rel))));
	}
	if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		oldrows = trigdata->tg_oldtable;
		if (oldrows == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("rare_trace.enforce_quota() on table \"%s\" needs REFERENCING OLD TABLE",
							RelationGetRelationName(rel))));
	}

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

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(QuotaEntry);
	ctl.hcxt = cxt;
	quotas = hash_create("rare_trace quotas", 16, &ctl,
						 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	hash_seq_init(&seq, charges);
	while ((entry = (ChargeEntry *) hash_seq_search(&seq)) != NULL)
		resolve_key(&st, rel, entry, quotas);
	apply_quotas(&st, quotas);
	SPI_finish();

	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return PointerGetDatum(NULL);
}
