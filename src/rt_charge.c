/*-------------------------------------------------------------------------
 *
 * rt_charge.c
 *	  The statement-level charging machinery of quotas and export licences
 *	  (see rt_charge.h): one implementation of the trigger protocol, the
 *	  transition-table scan, the exact sums and the ordered conditional
 *	  updates
 *
 *	UPDATE t SET used = used + charge - release
 *	 WHERE id = $1 AND (charge <= release OR used + charge - release <= limit)
 *
 * applied in descending id order so that concurrent statements never
 * deadlock.  A waiter re-checks the WHERE clause after the holder of the
 * row lock commits, so sessions racing for the last units cannot together
 * exceed a limit.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_charge.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rt_charge.h"

#include "executor/executor.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/rel.h"

/* Is row sum a greater than row sum b? */
bool
rt_charge_gt(const RtChargeSum *a, const RtChargeSum *b)
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
void
rt_charge_into(RtAcc *acc, const RtChargeSum *sum)
{
#ifdef HAVE_INT128
	RtAcc		add;

	rt_acc_from_uint128(&add, *sum);
	rt_acc_add(acc, &add);
#else
	rt_acc_add(acc, sum);
#endif
}

/* An accumulator as an exact numeric, divided by 10^scale. */
Datum
rt_acc_numeric(const RtAcc *acc, int scale)
{
	char		buf[RT_ACC_FORMAT_MAX];

	rt_acc_format(acc, scale, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/*
 * The transition table of kind (NEW or OLD) the event needs, or an error.
 */
static Tuplestorestate *
needed_table(TriggerData *td, Tuplestorestate *ts, const char *fn,
			 const char *kind)
{
	if (ts == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s on table \"%s\" needs REFERENCING %s TABLE",
						fn, RelationGetRelationName(td->tg_relation), kind)));
	return ts;
}

/* See rt_charge.h. */
void
rt_statement_tables(FunctionCallInfo fcinfo, const char *fn,
					const char *helper, Tuplestorestate **newrows,
					Tuplestorestate **oldrows)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TriggerEvent ev;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s must be called as a trigger", fn)));
	ev = td->tg_event;
	if (!TRIGGER_FIRED_AFTER(ev) || !TRIGGER_FIRED_FOR_STATEMENT(ev) ||
		TRIGGER_FIRED_BY_TRUNCATE(ev))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s on table \"%s\" must fire AFTER INSERT, UPDATE or DELETE FOR EACH STATEMENT",
						fn, RelationGetRelationName(td->tg_relation)),
				 errhint("Use %s, or see the README for the CREATE TRIGGER lines.",
						 helper)));
	*newrows = NULL;
	*oldrows = NULL;
	if (TRIGGER_FIRED_BY_INSERT(ev) || TRIGGER_FIRED_BY_UPDATE(ev))
		*newrows = needed_table(td, td->tg_newtable, fn, "NEW");
	if (TRIGGER_FIRED_BY_DELETE(ev) || TRIGGER_FIRED_BY_UPDATE(ev))
		*oldrows = needed_table(td, td->tg_oldtable, fn, "OLD");
}

/*
 * Call fn on every row of transition table ts (rows of descriptor desc),
 * from the start, with a read pointer of its own.
 */
void
rt_scan_rows(Tuplestorestate *ts, TupleDesc desc, RtRowFn fn, void *arg)
{
	TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	int			ptr = tuplestore_alloc_read_pointer(ts, EXEC_FLAG_REWIND);

	tuplestore_select_read_pointer(ts, ptr);
	tuplestore_rescan(ts);
	while (tuplestore_gettupleslot(ts, true, false, slot))
		fn(slot, arg);
	ExecDropSingleTupleTableSlot(slot);
}

/* A hash of net changes (entries of entrysize, starting with RtNet). */
HTAB *
rt_net_create(const char *name, Size entrysize, MemoryContext cxt)
{
	HASHCTL		ctl;

	Assert(entrysize >= sizeof(RtNet));
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = entrysize;
	ctl.hcxt = cxt;
	return hash_create(name, 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/*
 * Add a charge and a release (row sums) to the net change of id; *found
 * says whether it had one already.
 */
RtNet *
rt_net_add(HTAB *net, int64 id, const RtChargeSum *charge,
		   const RtChargeSum *release, bool *found)
{
	RtNet	   *n = (RtNet *) hash_search(net, &id, HASH_ENTER, found);

	if (!*found)
	{
		memset(&n->charge, 0, sizeof(RtAcc));
		memset(&n->release, 0, sizeof(RtAcc));
	}
	if (charge != NULL)
		rt_charge_into(&n->charge, charge);
	if (release != NULL)
		rt_charge_into(&n->release, release);
	return n;
}

/*
 * qsort comparator of net changes: descending id.  Any fixed global order
 * keeps statements from deadlocking; descending usually locks a group's
 * quota (created before its members') last, so the row every member
 * shares is held for the shortest time.
 */
static int
net_cmp(const void *a, const void *b)
{
	int64		ia = (*(RtNet *const *) a)->id;
	int64		ib = (*(RtNet *const *) b)->id;

	return (ia < ib) - (ia > ib);
}

/*
 * Apply every net change with update (a saved plan of ($1 int8 id,
 * $2 numeric charge, $3 numeric release), the conditional UPDATE of the
 * file header), amounts divided by 10^scale, in descending id order; an
 * UPDATE that finds no row calls no_room.  The caller is connected to SPI.
 */
void
rt_net_apply(HTAB *net, SPIPlanPtr update, int scale, RtNoRoomFn no_room,
			 const void *arg)
{
	long		n = hash_get_num_entries(net);
	RtNet	  **sorted = palloc(sizeof(RtNet *) * Max(n, 1));
	HASH_SEQ_STATUS seq;
	RtNet	   *e;
	long		i = 0;

	hash_seq_init(&seq, net);
	while ((e = (RtNet *) hash_seq_search(&seq)) != NULL)
		sorted[i++] = e;
	qsort(sorted, n, sizeof(RtNet *), net_cmp);

	for (i = 0; i < n; i++)
	{
		Datum		values[3];

		e = sorted[i];
		/* a change that leaves the charge as it was needs no lock */
		if (memcmp(&e->charge, &e->release, sizeof(RtAcc)) == 0)
			continue;
		values[0] = Int64GetDatum(e->id);
		values[1] = rt_acc_numeric(&e->charge, scale);
		values[2] = rt_acc_numeric(&e->release, scale);
		if (SPI_execute_plan(update, values, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "rare_trace: update of charged row %lld failed",
				 (long long) e->id);
		if (SPI_processed == 0)
			no_room(e, values[1], values[2], arg);
	}
	pfree(sorted);
}
