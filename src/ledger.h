/*-------------------------------------------------------------------------
 *
 * ledger.h
 *	  Internal interface of the flow ledger, shared by its three files:
 *
 *	  ledger_canon.c	the canonical bytes of an entry (flow_canonical)
 *	  ledger_chain.c	the chain heads of the transaction: locking,
 *						subtransaction undo, writing them to flow_chain
 *	  ledger_trigger.c	the triggers of rare_trace.flow
 *
 *	  See ledger_trigger.c's header for how an append works and
 *	  doc/ledger.md for the user-facing description.  Not installed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/ledger.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_LEDGER_H
#define RARE_TRACE_LEDGER_H

#include "rt_internal.h"

#include "access/tupdesc.h"
#include "common/sha2.h"
#include "lib/stringinfo.h"
#include "storage/itemptr.h"
#include "utils/relcache.h"
#include "utils/date.h"
#include "utils/timestamp.h"

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
	/* 0.6.0: optional, absent under the 0.5.0 schema (att 0) */
	FA_HAPPENED_ON,
	FA_SHIPMENT,
	FA_CONSIGNEE,
	FA_CUT,
	FA_COUNT
};

/* The first of the columns a row type of rare_trace.flow may lack. */
#define FA_FIRST_OPTIONAL	FA_HAPPENED_ON

/* Attribute numbers of those columns in the row type of rare_trace.flow. */
typedef struct FlowAtts
{
	Oid			typid;			/* row type they were found in */
	TupleDesc	desc;			/* descriptor last checked, and its */
	int			natts;			/* number of attributes */
	Oid			types[FA_COUNT];	/* the type each must have */
	AttrNumber	att[FA_COUNT];
} FlowAtts;

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
	/* 0.6.0 fields; NULL (or absent) unless has_... / non-NULL pointer */
	bool		has_happened_on;
	DateADT		happened_on;
	text	   *shipment;
	text	   *consignee;
	Datum		cut;			/* jsonb, or 0 for NULL */
} FlowEntry;

/* The state of one chain's head. */
typedef struct ChainHead
{
	int64		seq;			/* seq of the last entry, 0 for none */
	uint8		head[PG_SHA256_DIGEST_LENGTH];	/* its hash, or zeros */
	ItemPointerData tid;		/* current version of the flow_chain row */
	bool		dirty;			/* changed since read from flow_chain */
	int64		due_seq;		/* while dirty: the entry whose deferred
								 * flow_write_heads event writes the head */
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

/* ledger_canon.c */
extern const char *const flow_column[FA_COUNT];
extern const FlowAtts *flow_atts(TupleDesc desc);
extern void flow_entry_from_values(const FlowAtts *fa, Datum *values,
								   bool *nulls, Relation rel, FlowEntry *e);
extern void flow_canonical_bytes(StringInfo buf, const FlowEntry *e);

/* ledger_chain.c */
extern ChainEntry *chain_entry(Oid owner, bool legacy, const char *enterprise,
							   int len);
extern ChainEntry *chain_find(const char *enterprise, int len);
extern void chain_will_change(ChainEntry *e);
extern void chain_hash(const uint8 *prev, const char *data, int len,
					   uint8 *out);
extern StringInfo chain_canon_buffer(void);
extern void chain_write_head(ChainEntry *e);
extern void chain_check_correction(const char *enterprise, int64 id,
								   int64 corrects, bool want_date,
								   DateADT *happened_on);

#endif							/* RARE_TRACE_LEDGER_H */
