/*-------------------------------------------------------------------------
 *
 * provenance_eval.c
 *	  The work of the provenance aggregate: where every element of every
 *	  sink lot came from, stage by stage, and what in the record does not
 *	  hold together.
 *
 * The flows form a graph of lots.  It is sorted topologically (Kahn;
 * a cycle is an error) and every lot is visited once, after its inputs,
 * so the work is linear in the number of flows, never in the number of
 * paths.  For each lot and each rare earth it declares, six distributions
 * over labels (a country, "recycled" or "unknown") are computed:
 *
 *	origin: where the element was mined.  A root lot (one with no inputs
 *		in the set) of form ore or concentrate is mined in its country; a
 *		root of form scrap is "recycled"; any other root is "unknown" (the
 *		record does not reach the mine).
 *	mining, separation, refining, melting, magnet: where that stage was
 *		performed.  A stage is performed where the form changes: the mass a
 *		lot receives from an input of another form counts as processed, in
 *		the lot's country, for the stage of the lot's form; mass from an
 *		input of the same form (repackaging, trading, transshipment) keeps
 *		the input's attribution.  So every unit of mass is attributed, per
 *		stage, to the last lot on its path that performed that stage, or to
 *		"unknown" (a root ore or concentrate performs mining; a root scrap
 *		lot's mining is "recycled").
 *
 * A lot's distribution for element e mixes its inputs' distributions for e
 * in proportion to the mass of e each supplied (flow kg x the input's
 * fraction of e), so the dysprosium in a magnet is traced through the
 * dysprosium-bearing inputs, not the iron.  Shares are fixed-point
 * integers (10^18 = 100 %) in 128-bit arithmetic; no floating point.  For
 * each sink the element's mass, in micrograms (grams x ppm), is split over
 * the labels by largest remainder, so the kilograms of one element and
 * view add up exactly to the element's mass in the sink.
 *
 * Checks, reported as issues:
 *	double_counting		a lot's outgoing flows exceed its mass
 *	unexplained_material	a lot holds more of an element than its inputs
 *						supplied, beyond ASSAY_TOLERANCE_PCT
 *	transshipment		a flow changes country but not form
 *	conflicting_lot		one lot code declared with different contents
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/provenance_eval.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "provenance.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/json.h"
#include "utils/memutils.h"

#ifndef HAVE_INT128
#error "rare_trace's provenance aggregate needs a 128-bit integer type"
#endif

/* 100 % as a fixed-point share. */
#define SHARE_ONE		((uint64) 1000000000000000000)

/* Relative tolerance of the material balance, percent. */
#define ASSAY_TOLERANCE_PCT	1

/* Views: origin, then the five stages in value-chain order. */
#define NVIEWS			RT_PROV_NUM_VIEWS
const char *const rt_prov_views[RT_PROV_NUM_VIEWS] = {
	"origin", "mining", "separation", "refining", "melting", "magnet"
};

/* Index of a view name in rt_prov_views, -1 if it is none. */
int
rt_prov_view_index(const char *s, size_t len)
{
	for (int i = 0; i < RT_PROV_NUM_VIEWS; i++)
		if (strlen(rt_prov_views[i]) == len && memcmp(rt_prov_views[i], s, len) == 0)
			return i;
	return -1;
}

/* Labels: a country packed in 16 bits, or one of these. */
#define LABEL_UNKNOWN	0
#define LABEL_RECYCLED	1
#define NLABELS			65536

/* A distribution: labels with shares summing to about SHARE_ONE. */
typedef struct DistItem
{
	uint16		label;
	uint64		share;
} DistItem;

typedef struct Dist
{
	int32		n;
	DistItem	item[FLEXIBLE_ARRAY_MEMBER];
} Dist;

/* Scratch accumulator over labels, reused for every mix. */
typedef struct Mixer
{
	int32	   *slot;			/* label -> position in used[], or -1 */
	uint16	   *used;
	uint128    *sum;
	int32		nused;
} Mixer;

/*
 * Stage (view index 1..5) performed by producing a lot of this form;
 * 0 for scrap, whose recycling is not one of the reported stages.
 */
static int
form_stage(int form)
{
	switch (form)
	{
		case LOT_FORM_ORE:
		case LOT_FORM_CONCENTRATE:
			return 1;
		case LOT_FORM_COMPOUND:
		case LOT_FORM_OXIDE:
			return 2;
		case LOT_FORM_METAL:
			return 3;
		case LOT_FORM_ALLOY:
			return 4;
		case LOT_FORM_MAGNET:
			return 5;
		default:
			return 0;
	}
}

/* The label of a lot's country. */
static uint16
country_label(const LotParsed *lot)
{
	return (uint16) (((unsigned char) lot->country[0] << 8) |
					 (unsigned char) lot->country[1]);
}

/* A label as text. */
static const char *
label_text(uint16 label, char *buf)
{
	if (label == LABEL_UNKNOWN)
		return "unknown";
	if (label == LABEL_RECYCLED)
		return "recycled";
	buf[0] = (char) (label >> 8);
	buf[1] = (char) (label & 0xFF);
	buf[2] = '\0';
	return buf;
}

/* A distribution with all of the mass on one label. */
static Dist *
dist_single(uint16 label)
{
	Dist	   *d = palloc(offsetof(Dist, item) + sizeof(DistItem));

	d->n = 1;
	d->item[0].label = label;
	d->item[0].share = SHARE_ONE;
	return d;
}

/* Add weight to a label in the mixer. */
static inline void
mix_add(Mixer *m, uint16 label, uint128 weight)
{
	int32		s = m->slot[label];

	if (s < 0)
	{
		s = m->nused++;
		m->slot[label] = s;
		m->used[s] = label;
		m->sum[s] = 0;
	}
	m->sum[s] += weight;
}

/* The mixer's content as a distribution (shares in SHARE_ONE units); resets it. */
static Dist *
mix_take(Mixer *m)
{
	Dist	   *d = palloc(offsetof(Dist, item) + sizeof(DistItem) * Max(m->nused, 1));

	d->n = m->nused;
	for (int32 i = 0; i < m->nused; i++)
	{
		d->item[i].label = m->used[i];
		d->item[i].share = (uint64) (m->sum[i] / SHARE_ONE);
		m->slot[m->used[i]] = -1;
	}
	m->nused = 0;
	return d;
}

/* Position of element idx in a lot's composition, or -1. */
static int
comp_pos(const LotParsed *lot, int idx)
{
	for (int k = 0; k < lot->ncomp; k++)
		if (lot->comp_idx[k] == idx)
			return k;
	return -1;
}

/* The code of a lot, into buf (PROV_CODE_MAX bytes). */
static char *
lot_code(const LotParsed *lot, char *buf)
{
	size_t		n = lot_code_write(lot->country, lot->enterprise, lot->entlen,
								   lot->lot, lot->lotlen, buf);

	buf[n] = '\0';
	return buf;
}

/* Append a decimal of value / 10^scale (exact) to buf. */
static void
append_scaled(StringInfo buf, uint128 value, int scale)
{
	RtAcc		acc;
	char		tmp[RT_ACC_FORMAT_MAX];

	rt_acc_from_uint128(&acc, value);
	rt_acc_format(&acc, scale, tmp);
	appendStringInfoString(buf, tmp);
}

/* Graph of the flows, in compressed form. */
typedef struct Graph
{
	int32		n;
	int64		m;
	int64	   *in_start;		/* n + 1 offsets into in_edge */
	int64	   *in_edge;		/* edge numbers, grouped by child */
	int64	   *outdeg;
	uint128    *out_grams;
	int32	   *order;			/* topological order */
} Graph;

/*
 * One step back along the lots a topological sort left over: the first
 * input of lot v that is itself left (indeg > 0).  Every left lot has one.
 */
static int32
cycle_step(const ProvState *st, const Graph *g, const int64 *indeg, int32 v)
{
	for (int64 k = g->in_start[v]; k < g->in_start[v + 1]; k++)
	{
		int32		p = st->edges[g->in_edge[k]].parent;

		if (indeg[p] > 0)
			return p;
	}
	return v;
}

/*
 * Build the graph and sort it topologically; a cycle is an error naming
 * one of its lots.
 */
static void
build_graph(const ProvState *st, Graph *g)
{
	int32		n = st->nnodes;
	int64		m = st->nedges;
	int64	   *fill;
	int64	   *indeg;
	int32	   *queue;
	int64		head = 0,
				tail = 0;
	int64	   *out_start;
	int64	   *out_edge;

	g->n = n;
	g->m = m;
	g->in_start = palloc0_array(int64, n + 1);
	g->in_edge = palloc_array(int64, Max(m, 1));
	g->outdeg = palloc0_array(int64, Max(n, 1));
	g->out_grams = palloc0_array(uint128, Max(n, 1));
	g->order = palloc_array(int32, Max(n, 1));
	out_start = palloc0_array(int64, n + 1);
	out_edge = palloc_array(int64, Max(m, 1));

	for (int64 j = 0; j < m; j++)
	{
		g->in_start[st->edges[j].child + 1]++;
		out_start[st->edges[j].parent + 1]++;
		g->outdeg[st->edges[j].parent]++;
		g->out_grams[st->edges[j].parent] += (uint128) st->edges[j].grams;
	}
	for (int32 i = 0; i < n; i++)
	{
		g->in_start[i + 1] += g->in_start[i];
		out_start[i + 1] += out_start[i];
	}
	fill = palloc_array(int64, Max(n, 1));
	for (int32 i = 0; i < n; i++)
		fill[i] = g->in_start[i];
	for (int64 j = 0; j < m; j++)
		g->in_edge[fill[st->edges[j].child]++] = j;
	for (int32 i = 0; i < n; i++)
		fill[i] = out_start[i];
	for (int64 j = 0; j < m; j++)
		out_edge[fill[st->edges[j].parent]++] = j;

	/* Kahn: repeatedly take a lot whose inputs are all placed */
	indeg = fill;
	queue = g->order;
	for (int32 i = 0; i < n; i++)
	{
		indeg[i] = g->in_start[i + 1] - g->in_start[i];
		if (indeg[i] == 0)
			queue[tail++] = i;
	}
	while (head < tail)
	{
		int32		v = queue[head++];

		for (int64 k = out_start[v]; k < out_start[v + 1]; k++)
		{
			int32		c = st->edges[out_edge[k]].child;

			if (--indeg[c] == 0)
				queue[tail++] = c;
		}
	}
	if (tail < n)
	{
		char		code[PROV_CODE_MAX];
		char		other[PROV_CODE_MAX];
		int32		v = 0;
		int32		u;

		/*
		 * Every lot left has an input that is also left; walking back n
		 * such steps from any of them must end on the cycle itself.
		 */
		while (indeg[v] == 0)
			v++;
		for (int32 step = 0; step < n; step++)
			v = cycle_step(st, g, indeg, v);

		/*
		 * Name the cycle's smallest code, so that the message does not
		 * depend on the order the flows arrived in.
		 */
		lot_code(&st->nodes[v], code);
		for (u = cycle_step(st, g, indeg, v); u != v;
			 u = cycle_step(st, g, indeg, u))
		{
			lot_code(&st->nodes[u], other);
			if (strcmp(other, code) < 0)
				memcpy(code, other, PROV_CODE_MAX);
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the flows form a cycle through lot %s", code),
				 errdetail("Provenance follows material from inputs to outputs; a lot cannot be its own ancestor."),
				 errhint("Look for a flow recorded in the wrong direction, or a lot code reused for a new lot.")));
	}
	pfree(fill);
	pfree(out_start);
	pfree(out_edge);
}

/*
 * The label a root lot (one without inputs) gives its mass in view v:
 * origin and mining from its form and country, the other stages unknown.
 * Roots get no distributions of their own: most lots are roots, and
 * their records would all be alive at once.
 */
static uint16
root_label(const LotParsed *lot, int v)
{
	if (v > 1)
		return LABEL_UNKNOWN;
	if (lot->form == LOT_FORM_ORE || lot->form == LOT_FORM_CONCENTRATE)
		return country_label(lot);
	if (lot->form == LOT_FORM_SCRAP)
		return LABEL_RECYCLED;
	return LABEL_UNKNOWN;
}

/*
 * Distributions of a lot with inputs: mix the inputs' distributions of each
 * element by the mass of it they supplied; the stage of the lot's form is
 * performed here for the mass coming from inputs of another form.
 */
static void
mixed_dists(const ProvState *st, const Graph *g, Dist ***attr, int32 c,
			Mixer *mx, Dist **d)
{
	const LotParsed *lot = &st->nodes[c];
	int			stage = form_stage(lot->form);
	int64		nin = g->in_start[c + 1] - g->in_start[c];
	uint128    *w = palloc_array(uint128, Max(nin, 1));
	uint64	   *f = palloc_array(uint64, Max(nin, 1));
	const LotParsed **par = palloc_array(const LotParsed *, Max(nin, 1));
	Dist	 ***pdist = palloc_array(Dist **, Max(nin, 1));	/* NULL: a root */

	for (int k = 0; k < lot->ncomp; k++)
	{
		int			idx = lot->comp_idx[k];
		uint128		total = 0;
		int			shift = 0;

		/* the mass of the element each input supplied, in micrograms */
		for (int64 i = 0; i < nin; i++)
		{
			const ProvEdge *e = &st->edges[g->in_edge[g->in_start[c] + i]];
			int			pk = comp_pos(&st->nodes[e->parent], idx);

			par[i] = &st->nodes[e->parent];
			pdist[i] = (pk >= 0 && attr[e->parent] != NULL) ?
				attr[e->parent] + pk * NVIEWS : NULL;
			w[i] = pk < 0 ? 0 : (uint128) e->grams * par[i]->comp_ppm[pk];
			total += w[i];
		}
		if (total == 0)
		{
			/* nothing supplied this element: its history is unknown */
			for (int v = 0; v < NVIEWS; v++)
				d[k * NVIEWS + v] = dist_single(LABEL_UNKNOWN);
			continue;
		}
		/* each input's fraction, as a fixed-point share */
		while ((total >> shift) >= ((uint128) 1 << 64))
			shift++;
		for (int64 i = 0; i < nin; i++)
			f[i] = (uint64) (((w[i] >> shift) * (uint128) SHARE_ONE) /
							 (total >> shift));

		for (int v = 0; v < NVIEWS; v++)
		{
			for (int64 i = 0; i < nin; i++)
			{
				const Dist *pd;

				if (w[i] == 0)
					continue;
				if (v > 0 && v == stage && par[i]->form != lot->form)
				{
					mix_add(mx, country_label(lot), (uint128) f[i] * SHARE_ONE);
					continue;
				}
				if (pdist[i] == NULL)
				{
					/* a root: all of its mass carries one label */
					mix_add(mx, root_label(par[i], v), (uint128) f[i] * SHARE_ONE);
					continue;
				}
				pd = pdist[i][v];
				for (int32 j = 0; j < pd->n; j++)
					mix_add(mx, pd->item[j].label,
							(uint128) pd->item[j].share * f[i]);
			}
			d[k * NVIEWS + v] = mix_take(mx);
		}
	}
	pfree(w);
	pfree(f);
	pfree(par);
	pfree(pdist);
}

/* Free a lot's distributions. */
static void
free_dists(const LotParsed *lot, Dist **d)
{
	for (int k = 0; k < lot->ncomp * NVIEWS; k++)
		pfree(d[k]);
	pfree(d);
}

/* Order of output items: more mass first, then label text. */
typedef struct OutItem
{
	uint16		label;
	uint128		amount;			/* micrograms */
	uint128		rem;			/* remainder for largest-remainder rounding */
	char		name[9];
} OutItem;

/* qsort comparator: largest remainder first, then label. */
static int
by_remainder(const void *a, const void *b)
{
	const OutItem *x = a;
	const OutItem *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (int) x->label - (int) y->label;
}

/* qsort comparator: largest amount first, then label text. */
static int
by_amount(const void *a, const void *b)
{
	const OutItem *x = a;
	const OutItem *y = b;

	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Append one view of one element as a JSON array of
 * {"country", "kg", "share"}: the element's total micrograms split by
 * largest remainder, so the kg add up exactly.
 */
static void
append_view(StringInfo buf, const Dist *d, uint128 total)
{
	OutItem    *items = palloc_array(OutItem, Max(d->n, 1));
	uint128		sum = 0;
	uint128		given = 0;

	for (int32 i = 0; i < d->n; i++)
		sum += d->item[i].share;
	for (int32 i = 0; i < d->n; i++)
	{
		/*
		 * floor(total * share / sum) and its remainder, without forming
		 * total * share (which can pass 2^128): with total = q * sum + r,
		 * it is q * share + (r * share) / sum.
		 */
		uint64		share = d->item[i].share;
		uint128		q = sum ? total / sum : 0;
		uint128		r = sum ? total % sum : 0;
		char		tmp[3];

		items[i].label = d->item[i].label;
		items[i].amount = sum ? q * share + (r * share) / sum : 0;
		items[i].rem = sum ? (r * share) % sum : 0;
		strlcpy(items[i].name, label_text(items[i].label, tmp),
				sizeof(items[i].name));
		given += items[i].amount;
	}
	qsort(items, d->n, sizeof(OutItem), by_remainder);
	for (int32 i = 0; given < total && i < d->n; i++, given++)
		items[i].amount++;
	qsort(items, d->n, sizeof(OutItem), by_amount);

	appendStringInfoChar(buf, '[');
	for (int32 i = 0, out = 0; i < d->n; i++)
	{
		if (items[i].amount == 0)
			continue;
		if (out++ > 0)
			appendStringInfoString(buf, ", ");
		appendStringInfo(buf, "{\"country\": \"%s\", \"kg\": ", items[i].name);
		append_scaled(buf, items[i].amount, 9);
		appendStringInfoString(buf, ", \"share\": ");
		/* share rounded half up to 6 decimals */
		append_scaled(buf, (items[i].amount * 2000000 + total) / (2 * total), 6);
		appendStringInfoChar(buf, '}');
	}
	appendStringInfoChar(buf, ']');
	pfree(items);
}

/* The issues found, kept sorted for a result independent of row order. */
typedef struct Issue
{
	char	   *key;			/* lot code, kind, element */
	char	   *json;
} Issue;

typedef struct IssueList
{
	Issue	   *items;
	int			n;
	int			max;
} IssueList;

/* qsort comparator of issues: by lot, kind, element, then text. */
static int
issue_cmp(const void *a, const void *b)
{
	const Issue *x = a;
	const Issue *y = b;
	int			r = strcmp(x->key, y->key);

	return r != 0 ? r : strcmp(x->json, y->json);
}

/* Add an issue object to the list. */
static void
append_issue(IssueList *list, const char *kind, const char *code,
			 const char *element, const uint128 *ug, const char *detail)
{
	StringInfoData b;
	StringInfo	buf = &b;

	if (list->n == list->max)
	{
		list->max = Max(16, list->max * 2);
		list->items = list->items ?
			repalloc_huge(list->items, sizeof(Issue) * list->max) :
			palloc(sizeof(Issue) * list->max);
	}
	list->items[list->n].key = psprintf("%s|%s|%s", code, kind,
										element ? element : "");
	initStringInfo(buf);
	appendStringInfo(buf, "{\"kind\": \"%s\", \"lot\": \"%s\", \"element\": ",
					 kind, code);
	if (element)
		appendStringInfo(buf, "\"%s\"", element);
	else
		appendStringInfoString(buf, "null");
	appendStringInfoString(buf, ", \"kg\": ");
	if (ug)
		append_scaled(buf, *ug, 9);
	else
		appendStringInfoString(buf, "null");
	appendStringInfoString(buf, ", \"detail\": ");
	escape_json(buf, detail);
	appendStringInfoChar(buf, '}');
	list->items[list->n++].json = buf->data;
}

/*
 * The checks: double counting, unexplained material, transshipment,
 * conflicting declarations.
 */
static void
append_issues(StringInfo buf, const ProvState *st, const Graph *g)
{
	IssueList	list = {NULL, 0, 0};
	char		code[PROV_CODE_MAX];
	char		other[PROV_CODE_MAX];

	appendStringInfoString(buf, "\"issues\": [");
	for (int32 ci = 0; ci < g->n; ci++)
	{
		int32		c = g->order[ci];
		const LotParsed *lot = &st->nodes[c];
		int64		nin = g->in_start[c + 1] - g->in_start[c];

		lot_code(lot, code);
		if (st->conflict[c])
			append_issue(&list, "conflicting_lot", code, NULL, NULL,
						 "This lot code appears with different form, mass or composition; the declaration whose text sorts first was used.");
		if (g->out_grams[c] > (uint128) lot->mass_g)
		{
			uint128		excess = (g->out_grams[c] - lot->mass_g) * 1000000;

			StringInfoData msg;

			initStringInfo(&msg);
			appendStringInfoString(&msg, "Flows out of this lot total ");
			append_scaled(&msg, g->out_grams[c], 3);
			appendStringInfoString(&msg, " kg, more than its mass of ");
			append_scaled(&msg, (uint128) lot->mass_g, 3);
			appendStringInfoString(&msg, " kg: some of it is counted twice.");
			append_issue(&list, "double_counting", code, NULL, &excess,
						 msg.data);
		}
		for (int64 i = 0; i < nin; i++)
		{
			const ProvEdge *e = &st->edges[g->in_edge[g->in_start[c] + i]];
			const LotParsed *p = &st->nodes[e->parent];

			if (p->form == lot->form &&
				(p->country[0] != lot->country[0] || p->country[1] != lot->country[1]))
			{
				uint128		ug = (uint128) e->grams * 1000000;

				lot_code(p, other);
				append_issue(&list, "transshipment", code, NULL, &ug,
							 psprintf("Lot %s (%.2s) became this lot (%.2s) without a change of form (%s).",
									  other, p->country, lot->country,
									  lot_form_name(lot->form)));
			}
		}
		if (nin == 0)
			continue;
		for (int k = 0; k < lot->ncomp; k++)
		{
			int			idx = lot->comp_idx[k];
			uint128		held = (uint128) lot->mass_g * lot->comp_ppm[k];
			uint128		supplied = 0;

			for (int64 i = 0; i < nin; i++)
			{
				const ProvEdge *e = &st->edges[g->in_edge[g->in_start[c] + i]];
				int			pk = comp_pos(&st->nodes[e->parent], idx);

				if (pk >= 0)
					supplied += (uint128) e->grams * st->nodes[e->parent].comp_ppm[pk];
			}
			if (held * 100 > supplied * (100 + ASSAY_TOLERANCE_PCT))
			{
				uint128		excess = held - supplied;

				append_issue(&list, "unexplained_material", code,
							 rt_elements[idx].symbol, &excess,
							 "The lot holds more of this element than its inputs supplied (beyond the assay tolerance): a false declaration or a concealed input.");
			}
		}
	}
	if (list.n > 1)
		qsort(list.items, list.n, sizeof(Issue), issue_cmp);
	for (int i = 0; i < list.n; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		appendStringInfoString(buf, list.items[i].json);
	}
	appendStringInfoChar(buf, ']');
}

/* qsort_arg comparator of sink nodes by their codes (arg: code per node). */
static int
sink_cmp(const void *a, const void *b, void *arg)
{
	char	  **codes = (char **) arg;

	return strcmp(codes[*(const int32 *) a], codes[*(const int32 *) b]);
}

/*
 * Propagate the distributions: visit every lot after its inputs, mixing
 * them into attr[lot] (mixed_dists); an input's distributions are freed
 * once every lot it feeds has been visited.  Roots keep attr NULL (see
 * root_label()); sinks keep theirs, which the output reads.
 */
static Dist ***
propagate(const ProvState *st, const Graph *g)
{
	Dist	 ***attr = palloc0_array(Dist **, Max(g->n, 1));
	int64	   *refs = palloc_array(int64, Max(g->n, 1));
	Mixer		mx;

	for (int32 i = 0; i < g->n; i++)
		refs[i] = g->outdeg[i];
	mx.slot = palloc_array(int32, NLABELS);
	memset(mx.slot, -1, sizeof(int32) * NLABELS);
	mx.used = palloc_array(uint16, NLABELS);
	mx.sum = palloc_array(uint128, NLABELS);
	mx.nused = 0;

	for (int32 ci = 0; ci < g->n; ci++)
	{
		int32		c = g->order[ci];
		const LotParsed *lot = &st->nodes[c];

		CHECK_FOR_INTERRUPTS();
		if (g->in_start[c + 1] == g->in_start[c])
			continue;			/* a root: see root_label() */
		attr[c] = palloc_array(Dist *, Max(lot->ncomp * NVIEWS, 1));
		mixed_dists(st, g, attr, c, &mx, attr[c]);
		for (int64 i = g->in_start[c]; i < g->in_start[c + 1]; i++)
		{
			int32		p = st->edges[g->in_edge[i]].parent;

			if (--refs[p] == 0 && attr[p] != NULL)
			{
				free_dists(&st->nodes[p], attr[p]);
				attr[p] = NULL;
			}
		}
	}
	return attr;
}

/*
 * The sinks (lots that feed no other), ordered by code; their codes go to
 * *codes, in the same order.  Returns their number.
 */
static int32
sorted_sinks(const ProvState *st, const Graph *g, int32 **sinks_out,
			 char ***codes_out)
{
	int32	   *sinks = palloc_array(int32, Max(g->n, 1));
	int32		nsinks = 0;
	char	  **codes_by_node = palloc0_array(char *, Max(g->n, 1));
	char	  **codes;

	for (int32 i = 0; i < g->n; i++)
		if (g->outdeg[i] == 0)
			sinks[nsinks++] = i;
	for (int32 s = 0; s < nsinks; s++)
	{
		codes_by_node[sinks[s]] = palloc(PROV_CODE_MAX);
		lot_code(&st->nodes[sinks[s]], codes_by_node[sinks[s]]);
	}
	qsort_arg(sinks, nsinks, sizeof(int32), sink_cmp, codes_by_node);
	codes = palloc_array(char *, Max(nsinks, 1));
	for (int32 s = 0; s < nsinks; s++)
		codes[s] = codes_by_node[sinks[s]];
	*sinks_out = sinks;
	*codes_out = codes;
	return nsinks;
}

/*
 * One element of a sink as JSON: its kg, its origin and the stages up to
 * last; d holds the element's NVIEWS distributions.
 */
static void
append_element(StringInfo buf, const LotParsed *lot, int k, Dist **d,
			   int last)
{
	uint128		total = (uint128) lot->mass_g * lot->comp_ppm[k];

	appendStringInfo(buf, "{\"element\": \"%s\", \"kg\": ",
					 rt_elements[lot->comp_idx[k]].symbol);
	append_scaled(buf, total, 9);
	appendStringInfoString(buf, ", \"origin\": ");
	append_view(buf, d[0], total);
	appendStringInfoString(buf, ", \"stages\": {");
	for (int v = 1; v <= last; v++)
	{
		if (v > 1)
			appendStringInfoString(buf, ", ");
		appendStringInfo(buf, "\"%s\": ", rt_prov_views[v]);
		append_view(buf, d[v], total);
	}
	appendStringInfoString(buf, "}}");
}

/*
 * One sink as JSON: code, form, country, mass and its elements; d holds
 * its distributions, NVIEWS per element.
 */
static void
append_sink(StringInfo buf, const LotParsed *lot, const char *code, Dist **d)
{
	int			last = form_stage(lot->form);

	if (last == 0)
		last = NVIEWS - 1;		/* scrap: every stage before it */
	appendStringInfo(buf, "{\"code\": \"%s\", \"form\": \"%s\", \"country\": \"%.2s\", \"mass_kg\": ",
					 code, lot_form_name(lot->form), lot->country);
	append_scaled(buf, (uint128) lot->mass_g, 3);
	appendStringInfoString(buf, ", \"elements\": [");
	for (int k = 0; k < lot->ncomp; k++)
	{
		if (k > 0)
			appendStringInfoString(buf, ", ");
		append_element(buf, lot, k, d + k * NVIEWS, last);
	}
	appendStringInfoString(buf, "]}");
}

/*
 * Evaluate the state; returns the result as JSON text (see the file
 * header and doc/provenance.md for its layout): build the graph,
 * propagate the distributions, then write the sinks in code order and the
 * issues.
 */
char *
prov_evaluate(const ProvState *st)
{
	MemoryContext work = AllocSetContextCreate(CurrentMemoryContext,
											   "rare_trace provenance",
											   ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(work);
	Graph		g;
	Dist	 ***attr;
	int32	   *sinks;
	char	  **codes;
	int32		nsinks;
	StringInfoData buf;
	char	   *result;

	build_graph(st, &g);
	attr = propagate(st, &g);
	nsinks = sorted_sinks(st, &g, &sinks, &codes);

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"lots\": %d, \"flows\": " INT64_FORMAT
					 ", \"assay_tolerance_pct\": %d, \"sinks\": [",
					 g.n, g.m, ASSAY_TOLERANCE_PCT);
	for (int32 s = 0; s < nsinks; s++)
	{
		if (s > 0)
			appendStringInfoString(&buf, ", ");
		append_sink(&buf, &st->nodes[sinks[s]], codes[s], attr[sinks[s]]);
	}
	appendStringInfoString(&buf, "], ");
	append_issues(&buf, st, &g);
	appendStringInfoChar(&buf, '}');

	MemoryContextSwitchTo(old);
	result = pstrdup(buf.data);
	MemoryContextDelete(work);
	return result;
}
