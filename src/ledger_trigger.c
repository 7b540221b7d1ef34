/*-------------------------------------------------------------------------
 *
 * ledger_trigger.c
 *	  The triggers of the flow ledger: rare_trace.flow is append-only and
 *	  tamper-evident.
 *
 * Every recording enterprise has one hash chain.  Its entries are numbered
 * seq = 1, 2, 3, ... and each carries
 *
 *	hash = SHA-256(hash of the previous entry of the chain, or 32 zero bytes
 *				   for seq 1, || canonical bytes of the entry)
 *
 * computed with PostgreSQL's SHA-256 (common/cryptohash.h); the canonical
 * bytes are built in ledger_canon.c.
 *
 * rare_trace.flow_append(), the BEFORE INSERT FOR EACH ROW trigger of
 * rare_trace.flow, assigns seq, recorded_at (the transaction's start) and
 * hash, from the chain's head that ledger_chain.c keeps for the
 * transaction.  rare_trace.flow_write_head(), an AFTER INSERT FOR EACH
 * ROW constraint trigger, DEFERRABLE INITIALLY DEFERRED, writes the head
 * to flow_chain as the transaction commits; its WHEN condition
 * rare_trace.flow_head_pending(NEW.enterprise, NEW.seq) lets one event per
 * chain and transaction be queued (the entry that made the head dirty),
 * so the rows after it cost no event.  It is PostgreSQL's own mechanism
 * for work at commit: deferred triggers fire before the point after which
 * no user code may run, so a trigger someone adds to flow_chain fires and
 * its deferred events are fired too.
 *
 * The function is not SECURITY DEFINER: recorders may not write
 * flow_chain, so the ledger runs its own statements on flow_chain as the
 * owner of rare_trace.flow (see ledger_chain.c).
 *
 * A row given with all of seq, recorded_at and hash by the owner of
 * rare_trace.flow (a superuser, or pg_restore running as one) is kept as
 * given and does not touch the chain heads: that is how a dump restores
 * the ledger exactly, breaks included, with flow_chain restored from the
 * same dump.  Anyone else's values for these columns are replaced (and
 * recorders may not give them at all: they have no INSERT privilege on
 * them).
 *
 * rare_trace.flow_reject() rejects UPDATE, DELETE and TRUNCATE.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/ledger_trigger.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "ledger.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

/* Oid of rare_trace.flow, as last found. */
static Oid	flow_relid = InvalidOid;


/*
 * Is this an enterprise code CC-ENTERPRISE (as flow_enterprise_check)?
 */
static bool
valid_enterprise(const char *s, int len)
{
	if (len < 5 || len > 3 + RT_ENTERPRISE_MAX)
		return false;
	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (i < 2 ? !(c >= 'A' && c <= 'Z') :
			i == 2 ? c != '-' :
			!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/*
 * Refuse to run on any table but rare_trace.flow: the trigger acts as its
 * owner.
 */
static void
check_relation(Relation rel, const char *fn)
{
	Oid			relid = RelationGetRelid(rel);

	if (relid == flow_relid)
		return;
	flow_relid = get_relname_relid("flow", get_namespace_oid("rare_trace", false));
	if (relid != flow_relid)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() fires only on rare_trace.flow, not on \"%s\"",
						fn, RelationGetRelationName(rel))));
}

/*
 * Does rare_trace.flow have the trigger flow_write_head (enabled or not)?
 * Not under the 0.3.0 schema, which a database keeps between an update of
 * the library and ALTER EXTENSION rare_trace UPDATE.
 */
static bool
has_write_head_trigger(Relation rel)
{
	TriggerDesc *td = rel->trigdesc;

	for (int i = 0; td != NULL && i < td->numtriggers; i++)
		if (td->triggers[i].tgdeferrable &&
			OidIsValid(td->triggers[i].tgconstraint) &&
			strcmp(td->triggers[i].tgname, "flow_write_head") == 0)
			return true;
	return false;
}

/*
 * The UTC date of a timestamp (the ledger's day of an entry recorded then).
 */
static DateADT
utc_date(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	/* no time zone argument: the fields are UTC */
	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/*
 * The new row of an entry: the values deformed from the row given, with
 * seq, recorded_at and hash set.
 */
static HeapTuple
entry_tuple(Relation rel, const FlowAtts *fa, Datum *values, bool *nulls,
			HeapTuple tuple, const FlowEntry *e, const uint8 *hash)
{
	bytea	   *hash_datum = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	HeapTuple	newtuple;

	SET_VARSIZE(hash_datum, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(hash_datum), hash, PG_SHA256_DIGEST_LENGTH);
	values[fa->att[FA_SEQ] - 1] = Int64GetDatum(e->seq);
	nulls[fa->att[FA_SEQ] - 1] = false;
	values[fa->att[FA_RECORDED_AT] - 1] = TimestampTzGetDatum(e->recorded_at);
	nulls[fa->att[FA_RECORDED_AT] - 1] = false;
	values[fa->att[FA_HASH] - 1] = PointerGetDatum(hash_datum);
	nulls[fa->att[FA_HASH] - 1] = false;
	newtuple = heap_form_tuple(RelationGetDescr(rel), values, nulls);
	newtuple->t_data->t_ctid = tuple->t_data->t_ctid;
	newtuple->t_self = tuple->t_self;
	newtuple->t_tableOid = tuple->t_tableOid;
	return newtuple;
}

/*
 * The row trigger: seq, recorded_at and hash of a new entry.
 */
static HeapTuple
append_row(Relation rel, HeapTuple tuple)
{
	TupleDesc	desc = RelationGetDescr(rel);
	const FlowAtts *fa = flow_atts(desc);
	Datum	   *values = palloc(sizeof(Datum) * desc->natts);
	bool	   *nulls = palloc(sizeof(bool) * desc->natts);
	FlowEntry	e;
	ChainEntry *chain;
	const char *ent;
	int			entlen;
	uint8		hash[PG_SHA256_DIGEST_LENGTH];
	HeapTuple	newtuple;
	StringInfo	canon;
	bool		want_date;
	DateADT		corrected_on = 0;

	heap_deform_tuple(tuple, desc, values, nulls);
	flow_entry_from_values(fa, values, nulls, rel, &e);
	ent = VARDATA_ANY(e.enterprise);
	entlen = VARSIZE_ANY_EXHDR(e.enterprise);
	if (!valid_enterprise(ent, entlen))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("invalid enterprise code \"%s\" in a rare_trace.flow entry",
						text_to_cstring(e.enterprise)),
				 errdetail("An enterprise code is CC-ENTERPRISE: two capital letters, a hyphen, then 2 to 16 capital letters or digits."),
				 errtableconstraint(rel, "flow_enterprise_check")));

	/* a restore: the owner's complete values are kept, the heads untouched */
	if (!nulls[fa->att[FA_SEQ] - 1] && !nulls[fa->att[FA_RECORDED_AT] - 1] &&
		!nulls[fa->att[FA_HASH] - 1] &&
		has_privs_of_role(GetUserId(), rel->rd_rel->relowner))
		return tuple;

	chain = chain_entry(rel->rd_rel->relowner, !has_write_head_trigger(rel),
						ent, entlen);
	want_date = fa->att[FA_HAPPENED_ON] != InvalidAttrNumber &&
		!e.has_happened_on;
	if (e.has_corrects)
		chain_check_correction(chain->enterprise, e.id, e.corrects,
							   want_date, &corrected_on);

	e.seq = chain->cur.seq + 1;
	e.recorded_at = GetCurrentTransactionStartTimestamp();

	/*
	 * happened_on, when not given: a correction's is the corrected flow's
	 * (it replaces that flow, which happened when it happened), any other
	 * entry's the UTC date of recorded_at.  Entries under the 0.5.0
	 * schema have no such column.
	 */
	if (want_date)
	{
		e.has_happened_on = true;
		e.happened_on = e.has_corrects ? corrected_on :
			utc_date(e.recorded_at);
		values[fa->att[FA_HAPPENED_ON] - 1] = DateADTGetDatum(e.happened_on);
		nulls[fa->att[FA_HAPPENED_ON] - 1] = false;
	}
	canon = chain_canon_buffer();
	flow_canonical_bytes(canon, &e);
	chain_hash(chain->cur.head, canon->data, canon->len, hash);

	newtuple = entry_tuple(rel, fa, values, nulls, tuple, &e, hash);

	chain_will_change(chain);
	chain->cur.seq = e.seq;
	memcpy(chain->cur.head, hash, PG_SHA256_DIGEST_LENGTH);
	/* the entry that makes a clean head dirty queues its write */
	if (!chain->cur.dirty)
		chain->cur.due_seq = e.seq;
	chain->cur.dirty = true;
	return newtuple;
}

PG_FUNCTION_INFO_V1(rare_trace_flow_append);
/*
 * rare_trace.flow_append(): the BEFORE INSERT FOR EACH ROW trigger of
 * rare_trace.flow; see the file header.
 */
Datum
rare_trace_flow_append(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.flow_append() must be called as a trigger")));
	rel = trigdata->tg_relation;
	check_relation(rel, "rare_trace.flow_append");
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		TRIGGER_FIRED_BEFORE(trigdata->tg_event) &&
		TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		return PointerGetDatum(append_row(rel, trigdata->tg_trigtuple));
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("rare_trace.flow_append() must fire BEFORE INSERT FOR EACH ROW")));
	PG_RETURN_NULL();			/* keep the compiler quiet */
}

PG_FUNCTION_INFO_V1(rare_trace_flow_head_pending);
/*
 * rare_trace.flow_head_pending(enterprise, seq): is the entry seq of the
 * chain the one whose flow_write_head event writes the chain's head (the
 * entry that made the head dirty in this transaction)?  The WHEN
 * condition of flow_write_head; it only reads the transaction's state.
 */
Datum
rare_trace_flow_head_pending(PG_FUNCTION_ARGS)
{
	text	   *enterprise = PG_GETARG_TEXT_PP(0);
	int64		seq = PG_GETARG_INT64(1);
	ChainEntry *chain = chain_find(VARDATA_ANY(enterprise),
								   VARSIZE_ANY_EXHDR(enterprise));

	PG_RETURN_BOOL(chain != NULL && chain->cur.dirty &&
				   chain->cur.due_seq == seq);
}

PG_FUNCTION_INFO_V1(rare_trace_flow_write_head);
/*
 * rare_trace.flow_write_head(): the AFTER INSERT FOR EACH ROW constraint
 * trigger of rare_trace.flow, deferred to the commit: writes the head of
 * the entry's chain to flow_chain if it is still dirty (an event of a
 * chain written already does nothing).
 */
Datum
rare_trace_flow_write_head(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	Datum		enterprise;
	bool		isnull;
	ChainEntry *chain;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.flow_write_head() must be called as a trigger")));
	rel = trigdata->tg_relation;
	check_relation(rel, "rare_trace.flow_write_head");
	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.flow_write_head() must fire AFTER INSERT FOR EACH ROW")));
	enterprise = heap_getattr(trigdata->tg_trigtuple,
							  flow_atts(RelationGetDescr(rel))->att[FA_ENTERPRISE],
							  RelationGetDescr(rel), &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	chain = chain_find(VARDATA_ANY(DatumGetTextPP(enterprise)),
					   VARSIZE_ANY_EXHDR(DatumGetTextPP(enterprise)));
	if (chain != NULL && chain->cur.dirty)
		chain_write_head(chain);
	/* an AFTER trigger's result is ignored, but must not be SQL NULL */
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(rare_trace_flow_reject);
/*
 * rare_trace.flow_reject(): BEFORE UPDATE OR DELETE FOR EACH ROW and
 * BEFORE TRUNCATE trigger of rare_trace.flow, which is append-only.
 */
Datum
rare_trace_flow_reject(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	const char *what;
	bool		isnull;
	Datum		id;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.flow_reject() must be called as a trigger")));
	rel = trigdata->tg_relation;
	check_relation(rel, "rare_trace.flow_reject");
	if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_APPEND_ONLY),
				 errmsg("rare_trace.flow is append-only: it cannot be truncated"),
				 errhint("Record corrections: INSERT a new entry with corrects = the id of each entry to cancel, and kg = 0.")));
	if (!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_DELETE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rare_trace.flow_reject() must fire BEFORE UPDATE OR DELETE FOR EACH ROW or BEFORE TRUNCATE")));
	what = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? "updated" : "deleted";
	id = heap_getattr(trigdata->tg_trigtuple,
					  flow_atts(RelationGetDescr(rel))->att[FA_ID],
					  RelationGetDescr(rel), &isnull);
	ereport(ERROR,
			(errcode(ERRCODE_RT_LEDGER_APPEND_ONLY),
			 errmsg("rare_trace.flow is append-only: entry %lld cannot be %s",
					(long long) DatumGetInt64(id), what),
			 errhint("Record a correction: INSERT a new entry with corrects = %lld.",
					 (long long) DatumGetInt64(id))));
	PG_RETURN_NULL();			/* keep the compiler quiet */
}
