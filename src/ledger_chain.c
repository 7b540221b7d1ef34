/*-------------------------------------------------------------------------
 *
 * ledger_chain.c
 *	  The chain heads of the flow ledger for the current transaction.
 *
 * The head (seq and hash of the last entry) of each chain the transaction
 * appends to is kept in memory.  The first time a transaction touches a
 * chain it locks the chain's row in rare_trace.flow_chain (SELECT ... FOR
 * UPDATE, creating the row first if missing) and reads the head.  Under
 * READ COMMITTED the lock waits for a concurrent appender to commit and
 * then returns its head, so every chain stays linear; appends to different
 * chains lock different rows and never wait on each other.
 *
 * Every head the transaction changed is written to flow_chain once, by
 * the deferred constraint trigger flow_write_head (ledger_trigger.c),
 * which PostgreSQL fires as the transaction commits, with the deferred
 * triggers and before the point after which no user code may run: one
 * UPDATE per chain and transaction, addressed by the ctid of the version
 * the lock returned.  Updating the head once per row would be quadratic
 * (each update walks the versions before it); once per statement still
 * is, for a transaction of many single-row statements: past a page of
 * versions each update inserts an index entry whose uniqueness check
 * visits every earlier version.  The price is that inside the appending
 * transaction flow_chain still shows the heads as they were when it
 * began; everyone else sees entries and heads change together, at its
 * commit.  So that the trigger's event is queued once per chain, not once
 * per row, its WHEN condition (flow_head_pending) holds only for the
 * entry that made a clean head dirty (ChainHead.due_seq).  Should a head
 * still be dirty when the transaction is about to commit (the trigger
 * disabled, say), the commit fails rather than leave the head behind.
 *
 * The heads live for the transaction (in TopTransactionContext) and follow
 * its subtransactions: a change made in a subtransaction is undone when it
 * aborts, along with the rows it rolled back.  A chain enters the table
 * only once its row is locked, so a lock that fails (lock_timeout, say)
 * leaves nothing behind.
 *
 * The ledger runs its statements on flow_chain as the owner of
 * rare_trace.flow (the extension's owner), switching user only around
 * them, as PostgreSQL's foreign-key triggers do: recorders may not write
 * flow_chain.  Those statements name every object and operator with its
 * schema.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/ledger_chain.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "ledger.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"

/* What the ledger keeps for the current transaction. */
typedef struct LedgerState
{
	MemoryContext cxt;			/* child of TopTransactionContext */
	Oid			owner;			/* owner of rare_trace.flow */
	bool		legacy;			/* 0.3.0 schema: no flow_write_head */
	HTAB	   *chains;
	pg_cryptohash_ctx *sha;		/* reused for every entry */
	StringInfoData canon;		/* canonical bytes of the current entry */
} LedgerState;

static LedgerState *ledger = NULL;
static bool callbacks_registered = false;

/*
 * Where this backend last wrote each chain's head row (backend-wide, at
 * most TID_HINTS_MAX chains).  The next transaction tries that version
 * first: usually it is still the live one, and locking it by ctid does not
 * walk the versions the key's index entries lead to, which pile up while
 * a long transaction anywhere in the cluster keeps them from being pruned.
 */
#define TID_HINTS_MAX	1024

typedef struct TidHint
{
	char		enterprise[CHAIN_KEY_LEN];	/* key, zero-filled */
	ItemPointerData tid;
} TidHint;

static HTAB *tid_hints = NULL;

/* Saved SPI plans, prepared once per backend. */
static SPIPlanPtr plan_lock = NULL;
static SPIPlanPtr plan_lock_tid = NULL;
static SPIPlanPtr plan_create = NULL;
static SPIPlanPtr plan_write = NULL;
static SPIPlanPtr plan_correction = NULL;
static SPIPlanPtr plan_correction_date = NULL;

static LedgerState *ledger_state(void);

/*
 * Just before the transaction commits: every head it changed must have
 * been written by the deferred trigger flow_write_head (PostgreSQL fires
 * the deferred triggers before the pre-commit callbacks), so a dirty head
 * means the trigger did not fire for that chain: fail the commit.  No SQL
 * runs here, except under the 0.3.0 schema (the library updated, ALTER
 * EXTENSION rare_trace UPDATE not run yet: no flow_write_head), where the
 * heads are written here as 0.3.0 did, so that such a database keeps
 * working until it is updated.
 */
static void
chain_pre_commit(void)
{
	HASH_SEQ_STATUS seq;
	ChainEntry *e;

	hash_seq_init(&seq, ledger->chains);
	while ((e = (ChainEntry *) hash_seq_search(&seq)) != NULL)
	{
		if (!e->exists || !e->cur.dirty)
			continue;
		if (ledger->legacy)
		{
			/* no portal runs at commit: SPI needs a snapshot to start from */
			PushActiveSnapshot(GetTransactionSnapshot());
			chain_write_head(e);
			PopActiveSnapshot();
			continue;
		}
		hash_seq_term(&seq);
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("the ledger chain head of %s was not written", e->enterprise),
				 errdetail("The deferred trigger flow_write_head did not fire for entry %lld of the chain; the transaction was rolled back.",
						   (long long) e->cur.due_seq),
				 errhint("The triggers of rare_trace.flow must stay enabled, and no other BEFORE INSERT trigger may skip a row.")));
	}
}

/*
 * End of a transaction: just before it commits or is prepared, check
 * that every head it changed was written (an error there aborts it); then
 * the heads go with it.
 */
static void
ledger_xact_callback(XactEvent event, void *arg)
{
	if (ledger == NULL)
		return;
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			chain_pre_commit();
			break;
		case XACT_EVENT_PARALLEL_PRE_COMMIT:
			break;				/* parallel workers never insert */
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			/* the memory goes with TopTransactionContext */
			if (ledger->sha != NULL)
				pg_cryptohash_free(ledger->sha);
			ledger = NULL;
			break;
	}
}

/*
 * End of a subtransaction: an abort restores the heads as they were
 * before it (its rows and flow_chain updates are gone too); a commit hands
 * its changes to the parent.
 */
static void
ledger_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	HASH_SEQ_STATUS seq;
	ChainEntry *e;

	if (ledger == NULL ||
		(event != SUBXACT_EVENT_ABORT_SUB && event != SUBXACT_EVENT_COMMIT_SUB))
		return;
	hash_seq_init(&seq, ledger->chains);
	while ((e = (ChainEntry *) hash_seq_search(&seq)) != NULL)
	{
		ChainUndo  *u = e->undo;

		if (e->subid != mySubid)
			continue;
		if (event == SUBXACT_EVENT_ABORT_SUB)
		{
			Assert(u != NULL);
			e->exists = u->exists;
			e->cur = u->state;
			e->subid = u->subid;
			e->undo = u->next;
			pfree(u);
		}
		else
		{
			e->subid = parentSubid;
			/* the parent's own earlier change is superseded */
			if (u != NULL && u->subid == parentSubid)
			{
				e->undo = u->next;
				pfree(u);
			}
		}
	}
}

/*
 * The transaction's ledger state, created on first use.
 */
static LedgerState *
ledger_state(void)
{
	MemoryContext cxt;
	HASHCTL		ctl;

	if (ledger != NULL)
		return ledger;
	if (!callbacks_registered)
	{
		RegisterXactCallback(ledger_xact_callback, NULL);
		RegisterSubXactCallback(ledger_subxact_callback, NULL);
		callbacks_registered = true;
	}
	cxt = AllocSetContextCreate(TopTransactionContext, "rare_trace ledger",
								ALLOCSET_SMALL_SIZES);
	ledger = MemoryContextAllocZero(cxt, sizeof(LedgerState));
	ledger->cxt = cxt;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = CHAIN_KEY_LEN;
	ctl.entrysize = sizeof(ChainEntry);
	ctl.hcxt = cxt;
	ledger->chains = hash_create("rare_trace ledger chains", 16, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	ledger->canon.data = MemoryContextAlloc(cxt, 1024);
	ledger->canon.maxlen = 1024;
	resetStringInfo(&ledger->canon);
	return ledger;
}

/*
 * The transaction's buffer for the canonical bytes of the current entry,
 * emptied.  Call after chain_entry (which creates the state).
 */
StringInfo
chain_canon_buffer(void)
{
	Assert(ledger != NULL);
	resetStringInfo(&ledger->canon);
	return &ledger->canon;
}

/*
 * SHA-256(prev || data) with the transaction's hash context.  The context
 * belongs to the top transaction's resource owner and is freed at its end.
 */
void
chain_hash(const uint8 *prev, const char *data, int len, uint8 *out)
{
	pg_cryptohash_ctx *ctx = ledger->sha;

	if (ctx == NULL)
	{
		ResourceOwner save = CurrentResourceOwner;

		CurrentResourceOwner = TopTransactionResourceOwner;
		ctx = pg_cryptohash_create(PG_SHA256);
		CurrentResourceOwner = save;
		ledger->sha = ctx;
	}
	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, prev, PG_SHA256_DIGEST_LENGTH) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0 ||
		pg_cryptohash_final(ctx, out, PG_SHA256_DIGEST_LENGTH) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256 of a ledger entry: %s",
						pg_cryptohash_error(ctx))));
}

/*
 * Record a chain's state before the current subtransaction changes it.
 */
void
chain_will_change(ChainEntry *e)
{
	SubTransactionId cur = GetCurrentSubTransactionId();

	if (e->subid != cur)
	{
		ChainUndo  *u = MemoryContextAlloc(ledger->cxt, sizeof(ChainUndo));

		u->next = e->undo;
		u->subid = e->subid;
		u->exists = true;
		u->state = e->cur;
		e->undo = u;
		e->subid = cur;
	}
}

/*
 * Connect to SPI and become the owner of rare_trace.flow; chain_sql_end
 * undoes both.  (An error undoes both too: aborting a (sub)transaction
 * restores the user.)
 */
static void
chain_sql_begin(Oid *save_userid, int *save_sec_context)
{
	GetUserIdAndSecContext(save_userid, save_sec_context);
	SetUserIdAndSecContext(ledger->owner,
						   *save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
}

/*
 * See chain_sql_begin.
 */
static void
chain_sql_end(Oid save_userid, int save_sec_context)
{
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/*
 * A chain's hash table key: the code, zero-filled.
 */
static void
chain_key(const char *enterprise, int len, char *key)
{
	Assert(len < CHAIN_KEY_LEN);
	memset(key, 0, CHAIN_KEY_LEN);
	memcpy(key, enterprise, len);
}

/*
 * Lock the version of the chain's row this backend wrote last (see
 * tid_hints), if it knows one.  If that version is no longer visible
 * (another transaction's head replaced it, or it was pruned and its slot
 * reused) no row comes back and the caller goes by key; if another
 * transaction is replacing it now, FOR UPDATE waits and follows the
 * update to the newest version, as by key.  Connected to SPI; true if
 * the row is locked, its head in SPI_tuptable.
 */
static bool
chain_lock_by_hint(const char *key, Datum enterprise)
{
	Oid			types[2] = {TEXTOID, TIDOID};
	Datum		values[2];
	TidHint    *hint;
	SPIPlanPtr	plan;

	hint = tid_hints ? (TidHint *) hash_search(tid_hints, key, HASH_FIND, NULL) : NULL;
	if (hint == NULL)
		return false;
	plan = rt_saved_plan(&plan_lock_tid,
						 "SELECT c.seq, c.head, c.ctid FROM rare_trace.flow_chain AS c"
						 " WHERE c.ctid OPERATOR(pg_catalog.=) $2"
						 " AND c.enterprise OPERATOR(pg_catalog.=) $1 FOR UPDATE",
						 2, types);
	values[0] = enterprise;
	values[1] = PointerGetDatum(&hint->tid);
	if (SPI_execute_plan(plan, values, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: ledger chain lock failed");
	return SPI_processed == 1;
}

/*
 * Lock the chain's row by its key; connected to SPI.  The number of rows
 * (0 or 1) is in SPI_processed, the head in SPI_tuptable.
 */
static void
chain_lock_by_key(Datum enterprise)
{
	Oid			types[1] = {TEXTOID};
	SPIPlanPtr	plan;

	plan = rt_saved_plan(&plan_lock,
						 "SELECT c.seq, c.head, c.ctid FROM rare_trace.flow_chain AS c"
						 " WHERE c.enterprise OPERATOR(pg_catalog.=) $1 FOR UPDATE",
						 1, types);
	if (SPI_execute_plan(plan, &enterprise, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: ledger chain lock failed");
}

/*
 * Create the row of a new chain (seq 0, 32 zero bytes) unless a concurrent
 * transaction has just done so; connected to SPI.
 */
static void
chain_create_row(Datum enterprise)
{
	Oid			types[2] = {TEXTOID, BYTEAOID};
	Datum		values[2];
	SPIPlanPtr	plan;
	bytea	   *zero = palloc0(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	plan = rt_saved_plan(&plan_create,
						 "INSERT INTO rare_trace.flow_chain (enterprise, seq, head)"
						 " VALUES ($1, 0, $2) ON CONFLICT (enterprise) DO NOTHING",
						 2, types);
	SET_VARSIZE(zero, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	values[0] = enterprise;
	values[1] = PointerGetDatum(zero);
	if (SPI_execute_plan(plan, values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "rare_trace: ledger chain creation failed");
}

/*
 * The head in the row a lock returned (SPI_tuptable), checked.
 */
static void
chain_head_from_row(const char *key, ChainHead *head)
{
	HeapTuple	row = SPI_tuptable->vals[0];
	TupleDesc	desc = SPI_tuptable->tupdesc;
	bool		isnull;
	bytea	   *h;

	memset(head, 0, sizeof(ChainHead));
	head->seq = DatumGetInt64(SPI_getbinval(row, desc, 1, &isnull));
	h = DatumGetByteaPP(SPI_getbinval(row, desc, 2, &isnull));
	if (VARSIZE_ANY_EXHDR(h) != PG_SHA256_DIGEST_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("the ledger chain head of %s is not 32 bytes long", key)));
	memcpy(head->head, VARDATA_ANY(h), PG_SHA256_DIGEST_LENGTH);
	ItemPointerCopy((ItemPointer) DatumGetPointer(SPI_getbinval(row, desc, 3,
																&isnull)),
					&head->tid);
	head->dirty = false;
}

/*
 * Lock a chain's flow_chain row (creating it if missing) and read its
 * head, as the owner of rare_trace.flow.  The caller is not connected to
 * SPI.  May fail (lock_timeout, deadlock, serialization failure): the
 * transaction's chains are untouched then.
 */
static void
chain_lock_head(const char *key, int len, ChainHead *head)
{
	Oid			save_userid;
	int			save_sec_context;
	Datum		enterprise;

	chain_sql_begin(&save_userid, &save_sec_context);
	enterprise = PointerGetDatum(cstring_to_text_with_len(key, len));
	if (!chain_lock_by_hint(key, enterprise))
		chain_lock_by_key(enterprise);
	if (SPI_processed == 0)
	{
		chain_create_row(enterprise);
		chain_lock_by_key(enterprise);
	}
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("could not lock the ledger chain of %s", key)));
	chain_head_from_row(key, head);
	chain_sql_end(save_userid, save_sec_context);
}

/*
 * The chain of an enterprise if the transaction has locked it, else NULL.
 */
ChainEntry *
chain_find(const char *enterprise, int len)
{
	char		key[CHAIN_KEY_LEN];
	ChainEntry *e;

	if (ledger == NULL || len >= CHAIN_KEY_LEN)
		return NULL;
	chain_key(enterprise, len, key);
	e = (ChainEntry *) hash_search(ledger->chains, key, HASH_FIND, NULL);
	return e != NULL && e->exists ? e : NULL;
}

/*
 * The chain of an enterprise, locked for the transaction; owner is the
 * owner of rare_trace.flow, legacy true under the 0.3.0 schema (see
 * chain_pre_commit).  The first time the transaction touches it,
 * lock its flow_chain row and read the head (chain_lock_head); only then
 * does the chain enter the transaction's table, with an undo record that
 * makes aborting the current subtransaction forget it again.  The caller
 * is not connected to SPI.
 */
ChainEntry *
chain_entry(Oid owner, bool legacy, const char *enterprise, int len)
{
	char		key[CHAIN_KEY_LEN];
	ChainEntry *e;
	ChainUndo  *u;
	ChainHead	head;
	bool		found;

	ledger_state()->owner = owner;
	ledger->legacy |= legacy;
	chain_key(enterprise, len, key);
	e = (ChainEntry *) hash_search(ledger->chains, key, HASH_FIND, NULL);
	if (e != NULL && e->exists)
		return e;

	chain_lock_head(key, len, &head);

	e = (ChainEntry *) hash_search(ledger->chains, key, HASH_ENTER, &found);
	if (!found)
	{
		e->exists = false;
		e->subid = InvalidSubTransactionId;
		memset(&e->cur, 0, sizeof(ChainHead));
		e->undo = NULL;
	}
	u = MemoryContextAlloc(ledger->cxt, sizeof(ChainUndo));
	u->next = e->undo;
	u->subid = e->subid;
	u->exists = false;
	memset(&u->state, 0, sizeof(ChainHead));
	e->undo = u;
	e->subid = GetCurrentSubTransactionId();
	e->cur = head;
	e->exists = true;
	return e;
}

/*
 * Remember where this backend wrote a chain's head row (see tid_hints).
 */
static void
remember_tid(const char *enterprise, ItemPointer tid)
{
	TidHint    *hint;

	if (tid_hints == NULL || hash_get_num_entries(tid_hints) >= TID_HINTS_MAX)
	{
		HASHCTL		ctl;

		if (tid_hints != NULL)
			hash_destroy(tid_hints);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = CHAIN_KEY_LEN;
		ctl.entrysize = sizeof(TidHint);
		ctl.hcxt = TopMemoryContext;
		tid_hints = hash_create("rare_trace ledger head rows", 64, &ctl,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	/* enterprise is a zero-filled key already */
	hint = (TidHint *) hash_search(tid_hints, enterprise, HASH_ENTER, NULL);
	ItemPointerCopy(tid, &hint->tid);
}

/*
 * Write a chain's head to flow_chain (from the trigger flow_write_head).
 * The row is locked by the transaction since it read it, so it is still
 * the version whose ctid the chain holds; the new version's ctid replaces
 * it, and the head is clean again (a subtransaction that aborts undoes
 * both, as it undoes the UPDATE).
 */
void
chain_write_head(ChainEntry *e)
{
	Oid			types[4] = {TIDOID, TEXTOID, INT8OID, BYTEAOID};
	Datum		values[4];
	Oid			save_userid;
	int			save_sec_context;
	SPIPlanPtr	plan;
	bytea	   *h;
	bool		isnull;

	chain_sql_begin(&save_userid, &save_sec_context);
	plan = rt_saved_plan(&plan_write,
						 "UPDATE rare_trace.flow_chain AS c SET seq = $3, head = $4"
						 " WHERE c.ctid OPERATOR(pg_catalog.=) $1"
						 " AND c.enterprise OPERATOR(pg_catalog.=) $2"
						 " RETURNING c.ctid",
						 4, types);
	h = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(h, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(h), e->cur.head, PG_SHA256_DIGEST_LENGTH);
	values[0] = PointerGetDatum(&e->cur.tid);
	values[1] = CStringGetTextDatum(e->enterprise);
	values[2] = Int64GetDatum(e->cur.seq);
	values[3] = PointerGetDatum(h);
	if (SPI_execute_plan(plan, values, NULL, false, 0) != SPI_OK_UPDATE_RETURNING)
		elog(ERROR, "rare_trace: ledger chain head update failed");
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("the ledger chain head row of %s changed behind the ledger trigger",
						e->enterprise),
				 errdetail("The transaction was rolled back."),
				 errhint("Only the ledger trigger may write rare_trace.flow_chain.")));
	chain_will_change(e);
	ItemPointerCopy((ItemPointer) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[0],
																SPI_tuptable->tupdesc,
																1, &isnull)),
					&e->cur.tid);
	e->cur.dirty = false;
	e->cur.due_seq = 0;
	remember_tid(e->enterprise, &e->cur.tid);
	chain_sql_end(save_userid, save_sec_context);
}

/*
 * Reject an invalid correction: the corrected entry must exist, belong to
 * the same chain and not be corrected already (corrections of an entry
 * form a chain; correct its last link).  The chain is locked, so no
 * concurrent correction of the same entry can slip in.
 *
 * With want_date (the table has happened_on, 0.6.0), *happened_on is set
 * to the day the corrected flow happened: its happened_on, or the UTC date
 * of its recorded_at for an entry made before 0.6.0 (as flow_current
 * shows it); a correction given no happened_on inherits it.
 */
void
chain_check_correction(const char *enterprise, int64 id, int64 corrects,
					   bool want_date, DateADT *happened_on)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(corrects)};
	SPIPlanPtr	plan;
	Oid			save_userid;
	int			save_sec_context;
	char	   *owner;
	bool		isnull;
	int64		by = 0;
	bool		corrected;

	chain_sql_begin(&save_userid, &save_sec_context);
	if (want_date)
		plan = rt_saved_plan(&plan_correction_date,
							 "SELECT f.enterprise, (SELECT c.id FROM rare_trace.flow AS c"
							 " WHERE c.corrects OPERATOR(pg_catalog.=) f.id"
							 " ORDER BY c.id LIMIT 1),"
							 " COALESCE(f.happened_on, pg_catalog.date(pg_catalog.timezone('UTC', f.recorded_at)))"
							 " FROM rare_trace.flow AS f WHERE f.id OPERATOR(pg_catalog.=) $1",
							 1, types);
	else
		plan = rt_saved_plan(&plan_correction,
							 "SELECT f.enterprise, (SELECT c.id FROM rare_trace.flow AS c"
							 " WHERE c.corrects OPERATOR(pg_catalog.=) f.id"
							 " ORDER BY c.id LIMIT 1)"
							 " FROM rare_trace.flow AS f WHERE f.id OPERATOR(pg_catalog.=) $1",
							 1, types);
	/* not read-only: the rows of this statement so far must be seen */
	if (SPI_execute_plan(plan, values, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: correction lookup failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_INVALID_CORRECTION),
				 errmsg("flow entry %lld cannot correct entry %lld: there is no such entry",
						(long long) id, (long long) corrects)));
	owner = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	by = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
									 SPI_tuptable->tupdesc, 2, &isnull));
	corrected = !isnull;
	if (want_date)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0],
									  SPI_tuptable->tupdesc, 3, &isnull);

		/* recorded_at is NOT NULL, so the date is never NULL */
		if (isnull)
			elog(ERROR, "rare_trace: corrected entry without a date");
		*happened_on = DatumGetDateADT(d);
	}
	if (strcmp(owner, enterprise) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_INVALID_CORRECTION),
				 errmsg("flow entry %lld of %s cannot correct entry %lld of %s",
						(long long) id, enterprise, (long long) corrects, owner),
				 errdetail("A correction belongs to the chain of the entry it corrects."),
				 errhint("Record the correction as %s.", owner)));
	if (corrected)
		ereport(ERROR,
				(errcode(ERRCODE_RT_INVALID_CORRECTION),
				 errmsg("flow entry %lld cannot correct entry %lld: entry %lld already corrects it",
						(long long) id, (long long) corrects, (long long) by),
				 errdetail("An entry is corrected at most once; the last correction in a chain of corrections is the one in force."),
				 errhint("Correct entry %lld instead.", (long long) by)));
	chain_sql_end(save_userid, save_sec_context);
}
