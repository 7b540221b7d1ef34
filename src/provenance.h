/*-------------------------------------------------------------------------
 *
 * provenance.h
 *	  Internal declarations of the provenance aggregate: its transition
 *	  state (shared by provenance.c, which builds, combines and serializes
 *	  it, and provenance_eval.c, which computes the result).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/provenance.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_PROVENANCE_H
#define RARE_TRACE_PROVENANCE_H

#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/hsearch.h"

#include "rt_internal.h"

/* Longest lot code CC-ENTERPRISE-LOT, terminator included. */
#define PROV_CODE_MAX	(RT_CODE_MAX + 1)

/* One flow: grams of lot parent went into lot child (node indexes). */
typedef struct ProvEdge
{
	int32		parent;
	int32		child;
	int64		grams;
} ProvEdge;

/* Hash entry: lot code -> node index. */
typedef struct ProvCodeEntry
{
	char		code[PROV_CODE_MAX];	/* zero-padded key */
	int32		node;
} ProvCodeEntry;

/*
 * The transition state: the distinct lots (by code) and the flows between
 * them.  Everything lives in the aggregate's memory context.
 */
typedef struct ProvState
{
	MemoryContext cxt;
	HTAB	   *codes;			/* lot code -> node index */
	int32		nnodes;
	int32		maxnodes;
	LotParsed  *nodes;			/* the lots, as first seen */
	bool	   *conflict;		/* a later flow declared the lot differently */
	int64		nedges;
	int64		maxedges;
	ProvEdge   *edges;
} ProvState;

/*
 * One flow as it is handed to the state, by the aggregate's transition
 * function and by the native ledger walk alike (0.6.0).  Only parent,
 * child and grams are required; the other fields say what part of the
 * parent the flow carries and which side of a shipment recorded it.
 */
typedef struct ProvFlow
{
	const LotParsed *parent;
	const LotParsed *child;
	int64		grams;
	struct Jsonb *cut;			/* element -> kg or "N%"; NULL: pro rata */
	const char *kind;			/* ship/export, receive/import, other; NULL */
	const char *shipment;		/* shipment reference; NULL: none */
	const char *consignee;		/* enterprise the shipper names; NULL */
} ProvFlow;

/* provenance.c */
extern ProvState *prov_state_create(MemoryContext cxt);
extern void prov_state_add_flow(ProvState *st, const ProvFlow *flow);
extern int32 prov_state_node(ProvState *st, const LotParsed *lot);
extern void prov_state_add_edge(ProvState *st, int32 parent, int32 child,
								int64 grams);

/* provenance_eval.c: the result as jsonb text (see the file header) */
extern char *prov_evaluate(const ProvState *st);

#endif							/* RARE_TRACE_PROVENANCE_H */
