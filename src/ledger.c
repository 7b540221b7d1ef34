/*-------------------------------------------------------------------------
 *
 * ledger.c
 *	  The flow ledger: rare_trace.flow is append-only and tamper-evident.
 *
 * Every recording enterprise has one hash chain.  Its entries are numbered
 * seq = 1, 2, 3, ... and each carries
 *
 *	hash = SHA-256(hash of the previous entry of the chain, or 32 zero bytes
 *				   for seq 1, || canonical bytes of the entry)
 *
 * computed with PostgreSQL's SHA-256 (common/cryptohash.h).  The canonical
 * bytes (flow_canonical, documented in doc/ledger.md) are built here only,
 * for the trigger and for rare_trace.flow_canonical(), which
 * rare_trace.verify_ledger() uses.
 *
 * rare_trace.flow_append(), the BEFORE INSERT FOR EACH ROW trigger of
 * rare_trace.flow, assigns seq, recorded_at (the transaction's start) and
 * hash.  The head (seq and hash of the last entry) of each chain the
 * transaction appends to is kept in memory.  The first time a transaction
 * touches a chain it locks the chain's row in rare_trace.flow_chain
 * (SELECT ... FOR UPDATE, creating the row first if missing) and reads
 * the head.  Under READ COMMITTED the lock waits for a concurrent appender
 * to commit and then returns its head, so every chain stays linear;
 * appends to different chains lock different rows and never wait on each
 * other.
 *
 * Just before the transaction commits (or is prepared), every head it
 * changed is written to flow_chain: one UPDATE per chain and transaction,
 * addressed by the ctid of the version the lock returned.  Updating the
 * head once per row would be quadratic (each update walks the versions
 * before it); once per statement still is, for a transaction of many
 * single-row statements: past a page of versions each update inserts an
 * index entry whose uniqueness check visits every earlier version.  The
 * price is that inside the appending transaction flow_chain still shows
 * the heads as they were when it began; everyone else sees entries and
 * heads change together, at its commit.
 *
 * The heads live for the transaction (in TopTransactionContext) and follow
 * its subtransactions: a change made in a subtransaction is undone when it
 * aborts, along with the rows it rolled back.
 *
 * The function is not SECURITY DEFINER: recorders may not write
 * flow_chain, so the ledger runs its own statements on flow_chain as the
 * owner of rare_trace.flow (the extension's owner), switching user only
 * around them, as PostgreSQL's foreign-key triggers do.  Those statements
 * name every object and operator with its schema.
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
 *	  src/ledger.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rt_internal.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "storage/itemptr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

/* Longest enterprise code CC-ENTERPRISE, terminator included. */
#define CHAIN_KEY_LEN	(3 + RT_ENTERPRISE_MAX + 1)

/* Columns of rare_trace.flow the ledger reads, by name. */
enum
{
	FA_ID,
	FA_RECORDED_AT,
	FA_ENTERPRISE,
	FA_PARENT,
	FA_CHILD,
	FA_KG,
	FA_KIND,
	FA_DOCS,
	FA_CORRECTS,
	FA_SEQ,
	FA_HASH,
	FA_COUNT
};

static const char *const flow_column[FA_COUNT] = {
	"id", "recorded_at", "enterprise", "parent", "child", "kg", "kind",
	"docs", "corrects", "seq", "hash"
};

/* Attribute numbers of those columns in the row type of rare_trace.flow. */
typedef struct FlowAtts
{
	Oid			typid;			/* row type they were found in */
	TupleDesc	desc;			/* descriptor last checked, and its */
	int			natts;			/* number of attributes */
	Oid			types[FA_COUNT];	/* the type each must have */
	AttrNumber	att[FA_COUNT];
} FlowAtts;

static FlowAtts flow_atts_cache;

/* One ledger entry, as the canonical bytes need it. */
typedef struct FlowEntry
{
	int64		seq;
	int64		id;
	text	   *enterprise;
	TimestampTz recorded_at;
	Datum		parent;
	Datum		child;
	Datum		kg;
	text	   *kind;
	Datum		docs;
	bool		has_corrects;
	int64		corrects;
} FlowEntry;

/* The state of one chain's head. */
typedef struct ChainHead
{
	int64		seq;			/* seq of the last entry, 0 for none */
	uint8		head[PG_SHA256_DIGEST_LENGTH];	/* its hash, or zeros */
	ItemPointerData tid;		/* current version of the flow_chain row */
	bool		dirty;			/* changed since read from flow_chain */
} ChainHead;

/* A head as it was before a subtransaction changed it. */
typedef struct ChainUndo
{
	struct ChainUndo *next;
	SubTransactionId subid;		/* level the saved state belongs to */
	bool		exists;			/* false: the entry did not exist */
	ChainHead	state;
} ChainUndo;

/* A chain the transaction has locked (hash table entry). */
typedef struct ChainEntry
{
	char		enterprise[CHAIN_KEY_LEN];	/* key, zero-filled */
	bool		exists;			/* false once its creation is undone */
	SubTransactionId subid;		/* level that last changed it */
	ChainHead	cur;
	ChainUndo  *undo;			/* earlier states, innermost first */
} ChainEntry;

/* What the ledger keeps for the current transaction. */
typedef struct LedgerState
{
	MemoryContext cxt;			/* child of TopTransactionContext */
	Oid			owner;			/* owner of rare_trace.flow */
	HTAB	   *chains;
	pg_cryptohash_ctx *sha;		/* reused for every entry */
	StringInfoData canon;		/* canonical bytes of the current entry */
} LedgerState;

static LedgerState *ledger = NULL;
static bool callbacks_registered = false;

static void chain_write_back(void);

/* recorded_at of the last entry formatted, and its text (backend-wide). */
static TimestampTz ts_cached;
static bool ts_cached_valid = false;
static char ts_text[64];

/* Oid of rare_trace.flow, as last found. */
static Oid	flow_relid = InvalidOid;

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

/*
 * Find the columns the ledger reads in a row type of rare_trace.flow,
 * checking their types; cached per row type.  The types are checked on
 * every call (a value of the wrong type would be misread), the names too
 * whenever the descriptor is not the one last checked (a column dropped
 * and added again moves).
 */
static const FlowAtts *
flow_atts(TupleDesc desc)
{
	FlowAtts   *fa = &flow_atts_cache;
	bool		valid = OidIsValid(fa->typid) && fa->typid == desc->tdtypeid;
	bool		same_desc = valid && desc == fa->desc && desc->natts == fa->natts;

	for (int k = 0; valid && k < FA_COUNT; k++)
	{
		Form_pg_attribute attr;

		if (fa->att[k] > desc->natts)
		{
			valid = false;
			break;
		}
		attr = TupleDescAttr(desc, fa->att[k] - 1);
		valid = !attr->attisdropped && attr->atttypid == fa->types[k] &&
			(same_desc || strcmp(NameStr(attr->attname), flow_column[k]) == 0);
	}
	if (valid)
	{
		fa->desc = desc;
		fa->natts = desc->natts;
		return fa;
	}

	fa->typid = InvalidOid;
	fa->types[FA_ID] = INT8OID;
	fa->types[FA_RECORDED_AT] = TIMESTAMPTZOID;
	fa->types[FA_ENTERPRISE] = TEXTOID;
	fa->types[FA_PARENT] = fa->types[FA_CHILD] =
		rare_lot_type_oid();
	fa->types[FA_KG] = NUMERICOID;
	fa->types[FA_KIND] = TEXTOID;
	fa->types[FA_DOCS] = JSONBOID;
	fa->types[FA_CORRECTS] = INT8OID;
	fa->types[FA_SEQ] = INT8OID;
	fa->types[FA_HASH] = BYTEAOID;
	for (int k = 0; k < FA_COUNT; k++)
	{
		fa->att[k] = InvalidAttrNumber;
		for (int i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute attr = TupleDescAttr(desc, i);

			if (!attr->attisdropped &&
				strcmp(NameStr(attr->attname), flow_column[k]) == 0)
			{
				fa->att[k] = attr->attnum;
				if (attr->atttypid != fa->types[k])
					ereport(ERROR,
							(errcode(ERRCODE_DATATYPE_MISMATCH),
							 errmsg("column \"%s\" of a rare_trace.flow row has type %s, not %s",
									flow_column[k], format_type_be(attr->atttypid),
									format_type_be(fa->types[k]))));
				break;
			}
		}
		if (fa->att[k] == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("a rare_trace.flow row has no column \"%s\"",
							flow_column[k])));
	}
	fa->typid = desc->tdtypeid;
	fa->desc = desc;
	fa->natts = desc->natts;
	return fa;
}

/*
 * Append one field: its length as 4 bytes, big-endian, then the bytes.
 */
static void
append_field(StringInfo buf, const char *data, int len)
{
	uint32		n = pg_hton32((uint32) len);

	appendBinaryStringInfo(buf, (const char *) &n, sizeof(n));
	appendBinaryStringInfo(buf, data, len);
}

/*
 * Append a field given in the database encoding, converted to UTF-8.
 */
static void
append_text_field(StringInfo buf, const char *data, int len)
{
	char	   *utf8 = pg_server_to_any(data, len, PG_UTF8);

	if (utf8 != data)
		len = strlen(utf8);
	append_field(buf, utf8, len);
	if (utf8 != data)
		pfree(utf8);
}

/*
 * Append an int8 as decimal digits.
 */
static void
append_int8_field(StringInfo buf, int64 v)
{
	char		digits[MAXINT8LEN + 1];
	int			len = pg_lltoa(v, digits);

	append_field(buf, digits, len);
}

/*
 * recorded_at as text: UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (the year as
 * %04d of astronomical numbering outside 1-9999; "infinity" and
 * "-infinity" as such).  The last value is cached: a statement's entries
 * share their transaction's timestamp.
 */
static const char *
timestamp_text(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (ts_cached_valid && ts == ts_cached)
		return ts_text;
	if (TIMESTAMP_IS_NOBEGIN(ts))
		strlcpy(ts_text, "-infinity", sizeof(ts_text));
	else if (TIMESTAMP_IS_NOEND(ts))
		strlcpy(ts_text, "infinity", sizeof(ts_text));
	else
	{
		/* no time zone argument: the fields are UTC */
		if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		snprintf(ts_text, sizeof(ts_text), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
				 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
				 tm.tm_sec, (int) fsec);
	}
	ts_cached = ts;
	ts_cached_valid = true;
	return ts_text;
}

/*
 * kg as text: numeric_out of trim_scale(kg), i.e. without trailing zeros
 * after the decimal point (and without the point if none remain).
 */
static void
append_kg_field(StringInfo buf, Datum kg)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, kg));
	int			len = strlen(s);

	if (strchr(s, '.') != NULL)
	{
		while (len > 0 && s[len - 1] == '0')
			len--;
		if (len > 0 && s[len - 1] == '.')
			len--;
	}
	append_field(buf, s, len);
	pfree(s);
}

/*
 * The canonical bytes of an entry (see doc/ledger.md):
 *
 *	"rare_trace.flow.v1" (18 bytes), then for each of seq, id, enterprise,
 *	recorded_at, parent, child, kg, kind, docs, corrects a 4-byte
 *	big-endian length and the field's text in UTF-8: integers in decimal,
 *	recorded_at in UTC as 2025-03-01T09:30:00.000000Z, lots in their
 *	canonical text form, kg as trim_scale(kg)::text, docs as jsonb prints
 *	it, corrects empty when NULL.
 */
static void
flow_canonical_bytes(StringInfo buf, const FlowEntry *e)
{
	RareLotBuf	lotbuf;
	char	   *s;
	Jsonb	   *docs;

	appendBinaryStringInfo(buf, RT_FLOW_CANONICAL_TAG,
						   sizeof(RT_FLOW_CANONICAL_TAG) - 1);
	append_int8_field(buf, e->seq);
	append_int8_field(buf, e->id);
	append_text_field(buf, VARDATA_ANY(e->enterprise),
					  VARSIZE_ANY_EXHDR(e->enterprise));
	s = (char *) timestamp_text(e->recorded_at);
	append_field(buf, s, strlen(s));

	s = rare_lot_to_cstring(rare_lot_from_datum(e->parent, &lotbuf));
	append_text_field(buf, s, strlen(s));
	pfree(s);
	s = rare_lot_to_cstring(rare_lot_from_datum(e->child, &lotbuf));
	append_text_field(buf, s, strlen(s));
	pfree(s);

	append_kg_field(buf, e->kg);
	append_text_field(buf, VARDATA_ANY(e->kind), VARSIZE_ANY_EXHDR(e->kind));

	docs = DatumGetJsonbP(e->docs);
	s = JsonbToCString(NULL, &docs->root, VARSIZE(docs));
	append_text_field(buf, s, strlen(s));
	pfree(s);

	if (e->has_corrects)
		append_int8_field(buf, e->corrects);
	else
		append_field(buf, "", 0);
}

/*
 * Fill a FlowEntry from a deformed row.  A NULL in a column the hash
 * covers (all but corrects) is an error naming the column.
 */
static void
flow_entry_from_values(const FlowAtts *fa, Datum *values, bool *nulls,
					   Relation rel, FlowEntry *e)
{
	static const int required[] = {
		FA_ID, FA_ENTERPRISE, FA_PARENT, FA_CHILD, FA_KG, FA_KIND, FA_DOCS
	};

	for (int i = 0; i < lengthof(required); i++)
	{
		AttrNumber	att = fa->att[required[i]];

		if (!nulls[att - 1])
			continue;
		if (rel != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
							flow_column[required[i]], RelationGetRelationName(rel)),
					 errtablecol(rel, att)));
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("column \"%s\" of a rare_trace.flow entry is null",
						flow_column[required[i]])));
	}
	e->id = DatumGetInt64(values[fa->att[FA_ID] - 1]);
	e->enterprise = DatumGetTextPP(values[fa->att[FA_ENTERPRISE] - 1]);
	e->parent = values[fa->att[FA_PARENT] - 1];
	e->child = values[fa->att[FA_CHILD] - 1];
	e->kg = values[fa->att[FA_KG] - 1];
	e->kind = DatumGetTextPP(values[fa->att[FA_KIND] - 1]);
	e->docs = values[fa->att[FA_DOCS] - 1];
	e->has_corrects = !nulls[fa->att[FA_CORRECTS] - 1];
	e->corrects = e->has_corrects ?
		DatumGetInt64(values[fa->att[FA_CORRECTS] - 1]) : 0;
}

PG_FUNCTION_INFO_V1(rare_trace_flow_canonical);
/*
 * rare_trace.flow_canonical(rare_trace.flow): the canonical bytes of an
 * entry, as the trigger hashes them.
 */
Datum
rare_trace_flow_canonical(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	TupleDesc	desc;
	HeapTupleData tuple;
	Datum	   *values;
	bool	   *nulls;
	const FlowAtts *fa;
	FlowEntry	e;
	StringInfoData buf;
	bytea	   *result;

	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row),
								  HeapTupleHeaderGetTypMod(row));
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	values = palloc(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	heap_deform_tuple(&tuple, desc, values, nulls);
	fa = flow_atts(desc);
	flow_entry_from_values(fa, values, nulls, NULL, &e);
	if (nulls[fa->att[FA_SEQ] - 1] || nulls[fa->att[FA_RECORDED_AT] - 1])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("column \"%s\" of a rare_trace.flow entry is null",
						nulls[fa->att[FA_SEQ] - 1] ? "seq" : "recorded_at")));
	e.seq = DatumGetInt64(values[fa->att[FA_SEQ] - 1]);
	e.recorded_at = DatumGetTimestampTz(values[fa->att[FA_RECORDED_AT] - 1]);
	ReleaseTupleDesc(desc);

	initStringInfo(&buf);
	appendStringInfoSpaces(&buf, VARHDRSZ);
	flow_canonical_bytes(&buf, &e);
	result = (bytea *) buf.data;
	SET_VARSIZE(result, buf.len);
	PG_RETURN_BYTEA_P(result);
}

/*
 * End of a transaction: just before it commits or is prepared, write the
 * heads it changed to flow_chain (an error there aborts it); then the
 * heads go with it.
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
			chain_write_back();
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
 * SHA-256(prev || data) with the transaction's hash context.  The context
 * belongs to the top transaction's resource owner and is freed at its end.
 */
static void
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
static void
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
 * The chain of an enterprise, locked for the transaction.  The first time
 * the transaction touches it, lock its flow_chain row (creating it if
 * missing) and read the head.  The caller is not connected to SPI.
 */
static ChainEntry *
chain_entry(const char *enterprise, int len)
{
	char		key[CHAIN_KEY_LEN];
	ChainEntry *e;
	bool		found;
	Oid			types[2] = {TEXTOID, BYTEAOID};
	Datum		values[2];
	SPIPlanPtr	lock;
	Oid			save_userid;
	int			save_sec_context;
	ChainUndo  *u;
	ChainHead	head;
	bool		isnull;
	bytea	   *h;
	TidHint    *hint;

	Assert(len < CHAIN_KEY_LEN);
	memset(key, 0, sizeof(key));
	memcpy(key, enterprise, len);
	e = (ChainEntry *) hash_search(ledger->chains, key, HASH_ENTER, &found);
	if (found && e->exists)
		return e;
	if (!found)
	{
		e->exists = false;
		e->undo = NULL;
	}

	chain_sql_begin(&save_userid, &save_sec_context);
	values[0] = PointerGetDatum(cstring_to_text_with_len(enterprise, len));
	hint = tid_hints ? (TidHint *) hash_search(tid_hints, key, HASH_FIND, NULL) : NULL;
	if (hint != NULL)
	{
		/*
		 * The version this backend wrote last.  If it is no longer visible
		 * (another transaction's head replaced it, or it was pruned and its
		 * slot reused) no row comes back and the key decides; if another
		 * transaction is replacing it now, FOR UPDATE waits and follows
		 * the update to the newest version, as by key.
		 */
		Oid			tid_types[2] = {TEXTOID, TIDOID};

		lock = rt_saved_plan(&plan_lock_tid,
							 "SELECT c.seq, c.head, c.ctid FROM rare_trace.flow_chain AS c"
							 " WHERE c.ctid OPERATOR(pg_catalog.=) $2"
							 " AND c.enterprise OPERATOR(pg_catalog.=) $1 FOR UPDATE",
							 2, tid_types);
		values[1] = PointerGetDatum(&hint->tid);
		if (SPI_execute_plan(lock, values, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "rare_trace: ledger chain lock failed");
	}
	lock = rt_saved_plan(&plan_lock,
						 "SELECT c.seq, c.head, c.ctid FROM rare_trace.flow_chain AS c"
						 " WHERE c.enterprise OPERATOR(pg_catalog.=) $1 FOR UPDATE",
						 1, types);
	if (hint == NULL || SPI_processed != 1)
	{
		if (SPI_execute_plan(lock, values, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "rare_trace: ledger chain lock failed");
	}
	if (SPI_processed == 0)
	{
		SPIPlanPtr	create = rt_saved_plan(&plan_create,
										   "INSERT INTO rare_trace.flow_chain (enterprise, seq, head)"
										   " VALUES ($1, 0, $2) ON CONFLICT (enterprise) DO NOTHING",
										   2, types);
		bytea	   *zero = palloc0(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

		SET_VARSIZE(zero, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
		values[1] = PointerGetDatum(zero);
		if (SPI_execute_plan(create, values, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "rare_trace: ledger chain creation failed");
		if (SPI_execute_plan(lock, values, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "rare_trace: ledger chain lock failed");
	}
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("could not lock the ledger chain of %s", key)));

	head.seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
										   SPI_tuptable->tupdesc, 1, &isnull));
	h = DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[0],
									  SPI_tuptable->tupdesc, 2, &isnull));
	if (VARSIZE_ANY_EXHDR(h) != PG_SHA256_DIGEST_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LEDGER_STATE),
				 errmsg("the ledger chain head of %s is not 32 bytes long", key)));
	memcpy(head.head, VARDATA_ANY(h), PG_SHA256_DIGEST_LENGTH);
	ItemPointerCopy((ItemPointer) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[0],
													  SPI_tuptable->tupdesc,
													  3, &isnull)),
					&head.tid);
	head.dirty = false;
	chain_sql_end(save_userid, save_sec_context);

	/* aborting the current subtransaction forgets the chain again */
	u = MemoryContextAlloc(ledger->cxt, sizeof(ChainUndo));
	u->next = e->undo;
	u->subid = InvalidSubTransactionId;
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
 * Write every head the transaction changed to flow_chain, as it commits
 * (from ledger_xact_callback).  The rows are locked by the transaction
 * since it read them, so each is still the version whose ctid it holds.
 */
static void
chain_write_back(void)
{
	Oid			types[4] = {TIDOID, TEXTOID, INT8OID, BYTEAOID};
	HASH_SEQ_STATUS seq;
	ChainEntry *e;
	bool		connected = false;
	Oid			save_userid = InvalidOid;
	int			save_sec_context = 0;

	hash_seq_init(&seq, ledger->chains);
	while ((e = (ChainEntry *) hash_seq_search(&seq)) != NULL)
	{
		SPIPlanPtr	plan;
		Datum		values[4];
		bytea	   *h;
		bool		isnull;

		if (!e->exists || !e->cur.dirty)
			continue;
		if (!connected)
		{
			/* no portal runs at commit: SPI needs a snapshot to start from */
			PushActiveSnapshot(GetTransactionSnapshot());
			chain_sql_begin(&save_userid, &save_sec_context);
			connected = true;
		}
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
		{
			hash_seq_term(&seq);
			ereport(ERROR,
					(errcode(ERRCODE_RT_LEDGER_STATE),
					 errmsg("the ledger chain head row of %s changed behind the ledger trigger",
							e->enterprise),
					 errdetail("The transaction was rolled back."),
					 errhint("Only the ledger trigger may write rare_trace.flow_chain.")));
		}
		e->cur.dirty = false;
		remember_tid(e->enterprise,
					 (ItemPointer) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[0],
																 SPI_tuptable->tupdesc,
																 1, &isnull)));
	}
	if (connected)
	{
		chain_sql_end(save_userid, save_sec_context);
		PopActiveSnapshot();
	}
}

/*
 * Reject an invalid correction: the corrected entry must exist, belong to
 * the same chain and not be corrected already (corrections of an entry
 * form a chain; correct its last link).  The chain is locked, so no
 * concurrent correction of the same entry can slip in.
 */
static void
check_correction(const char *enterprise, int64 id,
				 int64 corrects)
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
	bytea	   *hash_datum;
	HeapTuple	newtuple;

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

	ledger_state()->owner = rel->rd_rel->relowner;
	chain = chain_entry(ent, entlen);
	if (e.has_corrects)
		check_correction(chain->enterprise, e.id, e.corrects);

	e.seq = chain->cur.seq + 1;
	e.recorded_at = GetCurrentTransactionStartTimestamp();
	resetStringInfo(&ledger->canon);
	flow_canonical_bytes(&ledger->canon, &e);
	chain_hash(chain->cur.head, ledger->canon.data, ledger->canon.len, hash);

	hash_datum = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(hash_datum, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(hash_datum), hash, PG_SHA256_DIGEST_LENGTH);
	/* the new row from the values deformed already */
	values[fa->att[FA_SEQ] - 1] = Int64GetDatum(e.seq);
	nulls[fa->att[FA_SEQ] - 1] = false;
	values[fa->att[FA_RECORDED_AT] - 1] = TimestampTzGetDatum(e.recorded_at);
	nulls[fa->att[FA_RECORDED_AT] - 1] = false;
	values[fa->att[FA_HASH] - 1] = PointerGetDatum(hash_datum);
	nulls[fa->att[FA_HASH] - 1] = false;
	newtuple = heap_form_tuple(desc, values, nulls);
	newtuple->t_data->t_ctid = tuple->t_data->t_ctid;
	newtuple->t_self = tuple->t_self;
	newtuple->t_tableOid = tuple->t_tableOid;

	chain_will_change(chain);
	chain->cur.seq = e.seq;
	memcpy(chain->cur.head, hash, PG_SHA256_DIGEST_LENGTH);
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
