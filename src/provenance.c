/*-------------------------------------------------------------------------
 *
 * provenance.c
 *	  The provenance(parent rare_lot, child rare_lot, kg numeric) aggregate:
 *	  transition, combine, serialize and deserialize functions.
 *
 * The state collects the distinct lots (identified by their code) and the
 * flows between them; all the work happens once, in the final function
 * (provenance_eval.c), in time linear in the number of flows.  The state
 * is PARALLEL SAFE: partial states are serialized with every lot in its
 * canonical text form, and deserialize re-parses (so re-validates) each
 * lot and checks every flow, so a corrupted state cannot reach the final
 * function.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/provenance.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "provenance.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#define PROV_MAGIC			"RTP1"
#define PROV_MAGIC_LEN		4

/*
 * A new, empty state in cxt.
 */
ProvState *
prov_state_create(MemoryContext cxt)
{
	ProvState  *st = MemoryContextAllocZero(cxt, sizeof(ProvState));
	HASHCTL		ctl;

	st->cxt = cxt;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = PROV_CODE_MAX;
	ctl.entrysize = sizeof(ProvCodeEntry);
	ctl.hcxt = cxt;
	st->codes = hash_create("rare_trace provenance lots", 256, &ctl,
							HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	st->maxnodes = 64;
	st->nodes = MemoryContextAlloc(cxt, sizeof(LotParsed) * st->maxnodes);
	st->conflict = MemoryContextAllocZero(cxt, sizeof(bool) * st->maxnodes);
	st->maxedges = 64;
	st->edges = MemoryContextAlloc(cxt, sizeof(ProvEdge) * st->maxedges);
	return st;
}

/* The code CC-ENTERPRISE-LOT of a parsed lot, zero-padded, as hash key. */
static void
lot_code_key(const LotParsed *lot, char *key)
{
	memset(key, 0, PROV_CODE_MAX);
	lot_code_write(lot->country, lot->enterprise, lot->entlen,
				   lot->lot, lot->lotlen, key);
}

/* Do two parsed lots describe the same lot in every part? */
static bool
lots_equal(const LotParsed *a, const LotParsed *b)
{
	if (a->form != b->form || a->mass_g != b->mass_g || a->ncomp != b->ncomp)
		return false;
	for (int k = 0; k < a->ncomp; k++)
		if (a->comp_idx[k] != b->comp_idx[k] || a->comp_ppm[k] != b->comp_ppm[k])
			return false;
	return true;
}

/*
 * Node index of the lot, adding it when its code is new.  A lot seen
 * with another form, mass or composition is marked as conflicting
 * (reported as an issue) and keeps the declaration whose canonical text
 * sorts first.
 */
int32
prov_state_node(ProvState *st, const LotParsed *lot)
{
	char		key[PROV_CODE_MAX];
	ProvCodeEntry *e;
	bool		found;

	lot_code_key(lot, key);
	e = (ProvCodeEntry *) hash_search(st->codes, key, HASH_ENTER, &found);
	if (found)
	{
		if (!lots_equal(&st->nodes[e->node], lot))
		{
			char		a[RT_FORMAT_MAX];
			char		b[RT_FORMAT_MAX];

			/*
			 * Keep the declaration whose text sorts first, so the result does
			 * not depend on the order rows (or parallel workers) arrive in.
			 */
			lot_format(&st->nodes[e->node], a);
			lot_format(lot, b);
			if (strcmp(b, a) < 0)
				st->nodes[e->node] = *lot;
			st->conflict[e->node] = true;
		}
		return e->node;
	}
	if (st->nnodes >= PG_INT32_MAX / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many lots for one provenance aggregate")));
	if (st->nnodes == st->maxnodes)
	{
		st->maxnodes *= 2;
		st->nodes = repalloc_huge(st->nodes, sizeof(LotParsed) * st->maxnodes);
		st->conflict = repalloc_huge(st->conflict, sizeof(bool) * st->maxnodes);
		memset(st->conflict + st->nnodes, 0,
			   sizeof(bool) * (st->maxnodes - st->nnodes));
	}
	st->nodes[st->nnodes] = *lot;
	e->node = st->nnodes;
	return st->nnodes++;
}

/*
 * Append a flow.
 */
void
prov_state_add_edge(ProvState *st, int32 parent, int32 child, int64 grams)
{
	if (st->nedges == st->maxedges)
	{
		st->maxedges *= 2;
		st->edges = repalloc_huge(st->edges, sizeof(ProvEdge) * st->maxedges);
	}
	st->edges[st->nedges].parent = parent;
	st->edges[st->nedges].child = child;
	st->edges[st->nedges].grams = grams;
	st->nedges++;
}

/*
 * Add one flow: its lots (each once, by code) and the flow between them.
 * The one entry point for the aggregate and the native ledger walk.
 */
void
prov_state_add_flow(ProvState *st, const ProvFlow *flow)
{
	int32		p = prov_state_node(st, flow->parent);
	int32		c = prov_state_node(st, flow->child);

	prov_state_add_edge(st, p, c, flow->grams);
}

/* The aggregate's memory context, or an error outside an aggregate. */
static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fn)));
	return aggcxt;
}

/*
 * A flow's kg as exact grams: positive, whole grams, at most 10^12 kg.
 */
static int64
flow_grams(Datum kg)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, kg));
	int64		grams = 0;
	LotError	err;

	if (lot_parse_mass(s, strlen(s), 3, &grams, &err) != LOT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid flow mass %s kg", s),
				 errdetail("A flow moves a positive mass of whole grams, at most 10^12 kg.")));
	return grams;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_accum);
/*
 * Transition function: add one flow (parent, child, kg).  Rows with a
 * NULL part are skipped, like NULLs in other aggregates.
 */
Datum
rare_trace_provenance_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "provenance_accum");
	ProvState  *st = PG_ARGISNULL(0) ? NULL : (ProvState *) PG_GETARG_POINTER(0);
	LotParsed	parent;
	LotParsed	child;
	ProvFlow	flow = {0};

	/* a flow with a NULL part is skipped; no flows at all give NULL */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (st == NULL)
		st = prov_state_create(aggcxt);

	rare_lot_unpack(PG_GETARG_RARE_LOT_P(1), &parent);
	rare_lot_unpack(PG_GETARG_RARE_LOT_P(2), &child);
	flow.parent = &parent;
	flow.child = &child;
	flow.grams = flow_grams(PG_GETARG_DATUM(3));
	prov_state_add_flow(st, &flow);
	PG_RETURN_POINTER(st);
}

/*
 * Merge the lots and flows of src into dst.
 */
static void
merge_state(ProvState *dst, const ProvState *src)
{
	int32	   *map = palloc(sizeof(int32) * Max(src->nnodes, 1));

	for (int32 i = 0; i < src->nnodes; i++)
	{
		map[i] = prov_state_node(dst, &src->nodes[i]);
		if (src->conflict[i])
			dst->conflict[map[i]] = true;
	}
	for (int64 j = 0; j < src->nedges; j++)
		prov_state_add_edge(dst, map[src->edges[j].parent],
							map[src->edges[j].child], src->edges[j].grams);
	pfree(map);
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_combine);
/*
 * Combine function: merge two partial states.  A state adopted from the
 * right is copied into the aggregate's context (a deserialized state
 * lives in short-lived memory).
 */
Datum
rare_trace_provenance_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "provenance_combine");
	ProvState  *left = PG_ARGISNULL(0) ? NULL : (ProvState *) PG_GETARG_POINTER(0);
	ProvState  *right = PG_ARGISNULL(1) ? NULL : (ProvState *) PG_GETARG_POINTER(1);

	if (right == NULL)
	{
		if (left == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(left);
	}
	if (left == NULL)
		left = prov_state_create(aggcxt);
	merge_state(left, right);
	PG_RETURN_POINTER(left);
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_serialize);
/*
 * Serialize function.  Layout (integers in network byte order):
 *	"RTP1", int32 lots, int64 flows,
 *	per lot: int8 conflict (0/1), int16 length, canonical text,
 *	per flow: int32 parent, int32 child, int64 grams.
 */
Datum
rare_trace_provenance_serialize(PG_FUNCTION_ARGS)
{
	ProvState  *st = (ProvState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	char		text[RT_FORMAT_MAX];

	aggregate_context(fcinfo, "provenance_serialize");
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, PROV_MAGIC, PROV_MAGIC_LEN);
	pq_sendint32(&buf, st->nnodes);
	pq_sendint64(&buf, st->nedges);
	for (int32 i = 0; i < st->nnodes; i++)
	{
		size_t		n = lot_format(&st->nodes[i], text);

		pq_sendint8(&buf, st->conflict[i] ? 1 : 0);
		pq_sendint16(&buf, (uint16) n);
		pq_sendbytes(&buf, text, n);
	}
	for (int64 j = 0; j < st->nedges; j++)
	{
		pq_sendint32(&buf, st->edges[j].parent);
		pq_sendint32(&buf, st->edges[j].child);
		pq_sendint64(&buf, st->edges[j].grams);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Raise a deserialization error. */
static pg_noreturn void
bad_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid serialized provenance state"),
			 errdetail_internal("%s", detail)));
}

/* Read n bytes at *pos of data[0..len), or fail. */
static const char *
take(const char *data, size_t len, size_t *pos, size_t n)
{
	const char *p = data + *pos;

	if (n > len - *pos)
		bad_state("The state is truncated.");
	*pos += n;
	return p;
}

/* Read a big-endian unsigned integer of n bytes. */
static uint64
take_uint(const char *data, size_t len, size_t *pos, int n)
{
	const unsigned char *p = (const unsigned char *) take(data, len, pos, n);
	uint64		v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_deserialize);
/*
 * Deserialize function: validates everything it reads (lots are parsed
 * again, flows must name existing lots and carry a valid mass).
 */
Datum
rare_trace_provenance_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const char *data = VARDATA_ANY(b);
	size_t		len = VARSIZE_ANY_EXHDR(b);
	size_t		pos = 0;
	ProvState  *st;
	uint64		nnodes;
	uint64		nedges;

	aggregate_context(fcinfo, "provenance_deserialize");
	st = prov_state_create(CurrentMemoryContext);
	if (memcmp(take(data, len, &pos, PROV_MAGIC_LEN), PROV_MAGIC,
			   PROV_MAGIC_LEN) != 0)
		bad_state("Unknown format.");
	nnodes = take_uint(data, len, &pos, 4);
	nedges = take_uint(data, len, &pos, 8);
	if (nnodes > (uint64) (len / 3) || nedges > (uint64) (len / 16))
		bad_state("The counts do not fit the state's size.");

	for (uint64 i = 0; i < nnodes; i++)
	{
		uint64		conflict = take_uint(data, len, &pos, 1);
		size_t		n = take_uint(data, len, &pos, 2);
		const char *text = take(data, len, &pos, n);
		LotParsed	lot;
		LotError	err;

		if (conflict > 1)
			bad_state("A lot's conflict flag is neither 0 nor 1.");
		if (lot_parse(text, n, &lot, &err) != LOT_OK)
			bad_state("A lot does not parse.");
		if (prov_state_node(st, &lot) != (int32) i)
			bad_state("A lot appears twice.");
		st->conflict[i] = (conflict == 1);
	}
	for (uint64 j = 0; j < nedges; j++)
	{
		int64		parent = (int32) take_uint(data, len, &pos, 4);
		int64		child = (int32) take_uint(data, len, &pos, 4);
		int64		grams = (int64) take_uint(data, len, &pos, 8);

		if (parent < 0 || parent >= st->nnodes || child < 0 ||
			child >= st->nnodes)
			bad_state("A flow names a lot that is not in the state.");
		if (grams < RT_MASS_MIN_G || grams > RT_MASS_MAX_G)
			bad_state("A flow's mass is out of range.");
		prov_state_add_edge(st, (int32) parent, (int32) child, grams);
	}
	if (pos != len)
		bad_state("The state has trailing bytes.");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_final);
/*
 * Final function: evaluate the flows (see provenance_eval.c) and return
 * the result, a provenance value (jsonb inside).
 */
Datum
rare_trace_provenance_final(PG_FUNCTION_ARGS)
{
	ProvState  *st;

	aggregate_context(fcinfo, "provenance_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (ProvState *) PG_GETARG_POINTER(0);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(prov_evaluate(st)));
}
