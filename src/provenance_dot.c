/*-------------------------------------------------------------------------
 *
 * provenance_dot.c
 *	  A picture of a supply chain: provenance as Graphviz DOT text.
 *
 * Two renderings:
 *
 *	the flows (the aggregate provenance_dot(parent, child, kg), which
 *		provenance_dot(code text) runs over the ledger): every lot is a
 *		node labelled with its code, country, form and mass, every flow an
 *		edge labelled with its kg; a sink (a lot no flow leaves) is
 *		outlined twice, a recycled input (a root lot of form scrap) is
 *		dashed, and the issues the provenance evaluation finds
 *		(provenance_eval.c: transshipment, unexplained material, double
 *		counting, conflicting lot) are written on their lots, which get a
 *		red border.  The state is the provenance aggregate's (provenance.c);
 *		only the final function differs, and it takes the issues from
 *		prov_evaluate(), so there is one implementation of every check.
 *
 *	a provenance result (provenance_dot(p provenance)): a result holds the
 *		sinks and the issues, not the flows, so each sink is drawn with one
 *		node per view and label (origin AU, separation MY, ...), an edge
 *		from it to the sink with the kg of each element, and the issues on
 *		their lots.
 *
 * Each country gets one fill colour: the countries of a picture, sorted,
 * take the palette's colours in turn (they repeat after PALETTE_SIZE).
 * Nodes and edges are written in a fixed order (lots by code, flows by
 * parent, child and kg), so the text depends only on the input, never on
 * the order of the rows.  Every label and tooltip is escaped for a DOT
 * double-quoted string (dot_escape); node names are generated (n1, n2,
 * ...), never taken from the data.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/provenance_dot.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "provenance.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* Fill colours of countries (ColorBrewer Set3 and Paired, light tones). */
static const char *const palette[] = {
	"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
	"#b3de69", "#fccde5", "#bc80bd", "#ffed6f", "#a6cee3", "#cab2d6"
};

#define PALETTE_SIZE	lengthof(palette)
#define COLOR_RECYCLED	"#ccebc5"
#define COLOR_UNKNOWN	"#f0f0f0"
#define COLOR_ISSUE		"#d62728"

/* One issue of a provenance result, as text (NULL where absent). */
typedef struct DotIssue
{
	int			ord;			/* position in the result */
	char	   *kind;
	char	   *lot;
	char	   *element;
	char	   *kg;
	char	   *detail;
} DotIssue;

/* The distinct countries (or labels) of a picture, sorted. */
typedef struct DotColors
{
	int			n;
	char	  **names;
} DotColors;

/*
 * Append s[0..len) to buf as the inside of a DOT double-quoted string:
 * a quote and a backslash are escaped, a line break (LF, CR or CR LF)
 * becomes \n (a centred line in a label), any other control character a
 * space.  Other bytes (UTF-8 included) pass unchanged.
 */
static void
dot_escape_len(StringInfo buf, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
		{
			appendStringInfoChar(buf, '\\');
			appendStringInfoChar(buf, (char) c);
		}
		else if (c == '\n')
			appendStringInfoString(buf, "\\n");
		else if (c == '\r')
		{
			appendStringInfoString(buf, "\\n");
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		else if (c < 0x20 || c == 0x7f)
			appendStringInfoChar(buf, ' ');
		else
			appendStringInfoChar(buf, (char) c);
	}
}

/* dot_escape_len() of a NUL-terminated string, in double quotes. */
static void
dot_quoted(StringInfo buf, const char *s)
{
	appendStringInfoChar(buf, '"');
	dot_escape_len(buf, s, strlen(s));
	appendStringInfoChar(buf, '"');
}

/* qsort comparator of C strings. */
static int
cmp_cstring(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Add name to the set of countries (no duplicates; sorted by colors_done). */
static void
colors_add(DotColors *c, const char *name, int max)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return;
	Assert(c->n < max);
	c->names[c->n++] = pstrdup(name);
}

/* Sort the countries, which fixes their colours. */
static void
colors_done(DotColors *c)
{
	if (c->n > 1)
		qsort(c->names, c->n, sizeof(char *), cmp_cstring);
}

/*
 * Fill colour of a label: recycled and unknown have their own, a country
 * the palette colour of its rank.
 */
static const char *
color_of(const DotColors *c, const char *name)
{
	if (strcmp(name, "recycled") == 0)
		return COLOR_RECYCLED;
	if (strcmp(name, "unknown") == 0)
		return COLOR_UNKNOWN;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return palette[i % PALETTE_SIZE];
	return COLOR_UNKNOWN;
}

/* The graph's header: layout and default node and edge attributes. */
static void
dot_header(StringInfo buf, const char *title)
{
	appendStringInfoString(buf, "digraph provenance {\n");
	appendStringInfoString(buf, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=");
	dot_quoted(buf, title);
	appendStringInfoString(buf, "];\n");
	appendStringInfoString(buf, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n");
	appendStringInfoString(buf, "  edge [fontname=\"Helvetica\", fontsize=9];\n");
}

/* The legend: one node per label, in its colour; then the closing brace. */
static void
dot_footer(StringInfo buf, const DotColors *c)
{
	if (c->n > 0)
	{
		appendStringInfoString(buf, "  subgraph cluster_legend {\n");
		appendStringInfoString(buf, "    label=\"countries\"; fontsize=10; style=dashed;\n");
		for (int i = 0; i < c->n; i++)
		{
			appendStringInfo(buf, "    legend%d [label=", i + 1);
			dot_quoted(buf, c->names[i]);
			appendStringInfo(buf, ", fillcolor=\"%s\"];\n", color_of(c, c->names[i]));
		}
		appendStringInfoString(buf, "  }\n");
	}
	appendStringInfoString(buf, "}\n");
}

/* "s" if n is not 1, for "1 lot" / "2 lots". */
static const char *
plural(int64 n)
{
	return n == 1 ? "" : "s";
}

/* Value of key in an object container, or NULL. */
static JsonbValue *
jb_get(JsonbContainer *obj, const char *key)
{
	JsonbValue	k;

	if (obj == NULL || !JsonContainerIsObject(obj))
		return NULL;
	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	return findJsonbValueFromContainer(obj, JB_FOBJECT, &k);
}

/* The container of an array or object value, or NULL. */
static JsonbContainer *
jb_container(JsonbValue *v)
{
	return (v != NULL && v->type == jbvBinary) ? v->val.binary.data : NULL;
}

/* Number of elements of an array container; 0 for NULL or an object. */
static int
jb_size(JsonbContainer *c)
{
	return (c != NULL && JsonContainerIsArray(c)) ? JsonContainerSize(c) : 0;
}

/*
 * A string or number value as a C string; NULL when absent, null or of
 * another type.
 */
static char *
jb_text(JsonbValue *v)
{
	if (v == NULL)
		return NULL;
	if (v->type == jbvString)
		return pnstrdup(v->val.string.val, v->val.string.len);
	if (v->type == jbvNumeric)
		return DatumGetCString(DirectFunctionCall1(numeric_out,
												   NumericGetDatum(v->val.numeric)));
	return NULL;
}

/* qsort comparator of issues: by lot, then in the result's order. */
static int
cmp_issue(const void *a, const void *b)
{
	const DotIssue *x = a;
	const DotIssue *y = b;
	int			r = strcmp(x->lot, y->lot);

	if (r != 0)
		return r;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

/*
 * The issues of a provenance result (jsonb) that name a lot, sorted by lot
 * and, for one lot, in the result's order (so a lot's issues are found by
 * binary search).
 */
static DotIssue *
read_issues(Jsonb *jb, int *n)
{
	JsonbContainer *list = jb_container(jb_get(&jb->root, "issues"));
	int			size = jb_size(list);
	DotIssue   *out = palloc0(sizeof(DotIssue) * Max(size, 1));

	*n = 0;
	for (int i = 0; i < size; i++)
	{
		JsonbContainer *obj = jb_container(getIthJsonbValueFromContainer(list, i));
		DotIssue   *is = &out[*n];

		if (obj == NULL || !JsonContainerIsObject(obj))
			continue;
		is->lot = jb_text(jb_get(obj, "lot"));
		if (is->lot == NULL)
			continue;
		is->kind = jb_text(jb_get(obj, "kind"));
		is->element = jb_text(jb_get(obj, "element"));
		is->kg = jb_text(jb_get(obj, "kg"));
		is->detail = jb_text(jb_get(obj, "detail"));
		is->ord = i;
		(*n)++;
	}
	if (*n > 1)
		qsort(out, *n, sizeof(DotIssue), cmp_issue);
	return out;
}

/* Index of the first issue of lot code (issues sorted), nissues if none. */
static int
first_issue(const DotIssue *issues, int nissues, const char *code)
{
	int			lo = 0;
	int			hi = nissues;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(issues[mid].lot, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The lines an issue adds to its lot's label ("! transshipment 1000 kg")
 * and to its tooltip (the detail); tells whether the lot has any.
 */
static bool
append_issue_lines(StringInfo label, StringInfo tooltip, const DotIssue *issues,
				   int nissues, const char *code)
{
	bool		any = false;

	for (int i = first_issue(issues, nissues, code);
		 i < nissues && strcmp(issues[i].lot, code) == 0; i++)
	{
		const DotIssue *is = &issues[i];

		any = true;
		appendStringInfo(label, "\n! %s", is->kind ? is->kind : "issue");
		if (is->element)
			appendStringInfo(label, " %s", is->element);
		if (is->kg)
			appendStringInfo(label, " %s kg", is->kg);
		if (is->detail)
		{
			if (tooltip->len > 0)
				appendStringInfoChar(tooltip, '\n');
			appendStringInfoString(tooltip, is->detail);
		}
	}
	return any;
}

/* Write the attributes that mark a lot with issues. */
static void
append_issue_attrs(StringInfo buf, const StringInfo tooltip)
{
	appendStringInfo(buf, ", color=\"%s\", penwidth=2", COLOR_ISSUE);
	if (tooltip->len > 0)
	{
		appendStringInfoString(buf, ", tooltip=\"");
		dot_escape_len(buf, tooltip->data, tooltip->len);
		appendStringInfoChar(buf, '"');
	}
}

/* One lot of the flows, with its code, for sorting. */
typedef struct DotLot
{
	int32		node;			/* index in ProvState.nodes */
	char		code[PROV_CODE_MAX];
	int32		id;				/* n<id> in the DOT text */
	bool		has_in;
	bool		has_out;
} DotLot;

/* qsort comparator of DotLot by code. */
static int
cmp_lot(const void *a, const void *b)
{
	return strcmp(((const DotLot *) a)->code, ((const DotLot *) b)->code);
}

/* qsort comparator of flows (ids of parent and child, then grams). */
static int
cmp_edge(const void *a, const void *b)
{
	const ProvEdge *x = a;
	const ProvEdge *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	if (x->grams != y->grams)
		return x->grams < y->grams ? -1 : 1;
	return 0;
}

/*
 * DOT text of the flows in st: lots by code, flows by parent, child and
 * kg, the issues of prov_evaluate() on their lots.  Raises the
 * evaluation's errors (a cycle).
 */
static char *
dot_of_state(const ProvState *st)
{
	Jsonb	   *result;
	DotIssue   *issues;
	int			nissues;
	DotLot	   *lots = palloc0(sizeof(DotLot) * Max(st->nnodes, 1));
	int32	   *id_of = palloc(sizeof(int32) * Max(st->nnodes, 1));
	ProvEdge   *edges = palloc(sizeof(ProvEdge) * Max(st->nedges, 1));
	DotColors	colors = {0, palloc(sizeof(char *) * Max(st->nnodes, 1))};
	StringInfoData buf;
	StringInfoData title;

	result = DatumGetJsonbP(DirectFunctionCall1(jsonb_in,
												CStringGetDatum(prov_evaluate(st))));
	issues = read_issues(result, &nissues);

	for (int32 i = 0; i < st->nnodes; i++)
	{
		const LotParsed *l = &st->nodes[i];
		char		cc[3] = {l->country[0], l->country[1], '\0'};

		lots[i].node = i;
		lot_code_write(l->country, l->enterprise, l->entlen, l->lot, l->lotlen,
					   lots[i].code);
		colors_add(&colors, cc, st->nnodes);
	}
	colors_done(&colors);
	qsort(lots, st->nnodes, sizeof(DotLot), cmp_lot);
	for (int32 i = 0; i < st->nnodes; i++)
	{
		lots[i].id = i + 1;
		id_of[lots[i].node] = i;
	}
	/* flows in terms of the sorted lots */
	for (int64 j = 0; j < st->nedges; j++)
	{
		edges[j].parent = id_of[st->edges[j].parent];
		edges[j].child = id_of[st->edges[j].child];
		edges[j].grams = st->edges[j].grams;
		lots[edges[j].parent].has_out = true;
		lots[edges[j].child].has_in = true;
	}
	if (st->nedges > 1)
		qsort(edges, st->nedges, sizeof(ProvEdge), cmp_edge);

	initStringInfo(&title);
	appendStringInfo(&title, "rare_trace provenance: %d lot%s, " INT64_FORMAT " flow%s, %d issue%s",
					 st->nnodes, plural(st->nnodes), st->nedges, plural(st->nedges),
					 nissues, plural(nissues));
	initStringInfo(&buf);
	dot_header(&buf, title.data);

	for (int32 i = 0; i < st->nnodes; i++)
	{
		const LotParsed *l = &st->nodes[lots[i].node];
		char		cc[3] = {l->country[0], l->country[1], '\0'};
		const char *form = lot_form_name(l->form);
		char		kg[64];
		bool		recycled = (l->form == LOT_FORM_SCRAP && !lots[i].has_in);
		bool		sink = !lots[i].has_out;
		StringInfoData label;
		StringInfoData tooltip;
		bool		flagged;

		rt_format_scaled((uint64) l->mass_g, 3, kg);
		initStringInfo(&label);
		initStringInfo(&tooltip);
		appendStringInfo(&label, "%s\n%s %s\n%s kg", lots[i].code, cc,
						 form ? form : "?", kg);
		if (recycled)
			appendStringInfoString(&label, "\nrecycled input");
		if (sink)
			appendStringInfoString(&label, "\nsink");
		flagged = append_issue_lines(&label, &tooltip, issues, nissues, lots[i].code);

		appendStringInfo(&buf, "  n%d [label=", lots[i].id);
		dot_quoted(&buf, label.data);
		appendStringInfo(&buf, ", fillcolor=\"%s\"", color_of(&colors, cc));
		if (recycled)
			appendStringInfoString(&buf, ", style=\"rounded,filled,dashed\"");
		if (sink)
			appendStringInfoString(&buf, ", peripheries=2");
		if (flagged)
			append_issue_attrs(&buf, &tooltip);
		appendStringInfoString(&buf, "];\n");
	}
	for (int64 j = 0; j < st->nedges; j++)
	{
		char		kg[64];
		const DotLot *p = &lots[edges[j].parent];
		const LotParsed *pl = &st->nodes[p->node];

		rt_format_scaled((uint64) edges[j].grams, 3, kg);
		appendStringInfo(&buf, "  n%d -> n%d [label=\"%s kg\"%s];\n",
						 p->id, lots[edges[j].child].id, kg,
						 (pl->form == LOT_FORM_SCRAP && !p->has_in) ? ", style=dashed" : "");
	}
	dot_footer(&buf, &colors);
	return buf.data;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_dot_final);
/*
 * Final function of the aggregate provenance_dot(parent, child, kg): the
 * DOT text of the flows; NULL for no flows.
 */
Datum
rare_trace_provenance_dot_final(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "provenance_dot_final called in non-aggregate context");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(dot_of_state((const ProvState *) PG_GETARG_POINTER(0))));
}

/* The views of a result, origin first, and where each one is kept. */
static const char *const dot_views[] = {
	"origin", "mining", "separation", "refining", "melting", "magnet"
};

/* One (view, label) node of a sink: the kg of each element it carries. */
typedef struct DotSource
{
	int			view;
	char	   *label;
	StringInfoData kg;			/* "Nd 178.2 kg\nDy 4 kg" */
} DotSource;

/* The {"country", "kg"} list of one view of one element of a sink. */
static JsonbContainer *
view_list(JsonbContainer *element, int view)
{
	if (view == 0)
		return jb_container(jb_get(element, "origin"));
	return jb_container(jb_get(jb_container(jb_get(element, "stages")), dot_views[view]));
}

/*
 * Add the items of one view of one element to the sink's sources, in the
 * result's order (kg descending), merging a label seen before.
 */
static void
add_sources(DotSource **src, int *nsrc, int *maxsrc, JsonbContainer *list,
			int view, const char *element, DotColors *colors, int maxcolors)
{
	for (int i = 0; i < jb_size(list); i++)
	{
		JsonbContainer *item = jb_container(getIthJsonbValueFromContainer(list, i));
		char	   *label = jb_text(jb_get(item, "country"));
		char	   *kg = jb_text(jb_get(item, "kg"));
		DotSource  *s = NULL;

		if (label == NULL)
			continue;
		for (int k = 0; k < *nsrc; k++)
			if ((*src)[k].view == view && strcmp((*src)[k].label, label) == 0)
				s = &(*src)[k];
		if (s == NULL)
		{
			if (*nsrc == *maxsrc)
			{
				*maxsrc *= 2;
				*src = repalloc(*src, sizeof(DotSource) * *maxsrc);
			}
			s = &(*src)[(*nsrc)++];
			s->view = view;
			s->label = label;
			initStringInfo(&s->kg);
		}
		else
			appendStringInfoChar(&s->kg, '\n');
		appendStringInfo(&s->kg, "%s %s kg", element, kg ? kg : "?");
		if (strcmp(label, "recycled") != 0 && strcmp(label, "unknown") != 0 &&
			colors->n < maxcolors)
			colors_add(colors, label, maxcolors);
	}
}

/* qsort comparator of DotSource: view, then the order of first appearance. */
static int
cmp_source_view(const void *a, const void *b)
{
	const DotSource *x = a;
	const DotSource *y = b;

	if (x->view != y->view)
		return x->view < y->view ? -1 : 1;
	return x < y ? -1 : (x > y);
}

/*
 * The sources of one sink of a result: a (view, label) entry per view and
 * label over its elements, each with the kg of every element; their
 * labels (and the sink's country) are added to colors.
 */
static DotSource *
sink_sources(JsonbContainer *sink, int *nsrc, DotColors *colors, int maxcolors)
{
	JsonbContainer *elements = jb_container(jb_get(sink, "elements"));
	char	   *country = jb_text(jb_get(sink, "country"));
	int			maxsrc = 16;
	DotSource  *src = palloc(sizeof(DotSource) * maxsrc);

	*nsrc = 0;
	if (country != NULL && colors->n < maxcolors)
		colors_add(colors, country, maxcolors);
	for (int e = 0; e < jb_size(elements); e++)
	{
		JsonbContainer *el = jb_container(getIthJsonbValueFromContainer(elements, e));
		char	   *sym = jb_text(jb_get(el, "element"));

		if (sym == NULL)
			continue;
		for (int v = 0; v < lengthof(dot_views); v++)
			add_sources(&src, nsrc, &maxsrc, view_list(el, v), v, sym,
						colors, maxcolors);
	}
	if (*nsrc > 1)
		qsort(src, *nsrc, sizeof(DotSource), cmp_source_view);
	return src;
}

/* Most distinct labels one result picture colours (then: no colour). */
#define MAX_RESULT_COLORS	1024

/* Is code the lot of a sink of the result? */
static bool
is_sink_code(JsonbContainer *sinks, const char *code)
{
	for (int s = 0; s < jb_size(sinks); s++)
	{
		char	   *c = jb_text(jb_get(jb_container(getIthJsonbValueFromContainer(sinks, s)),
									   "code"));

		if (c != NULL && strcmp(c, code) == 0)
			return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_dot);
/*
 * provenance_dot(p provenance): the DOT text of a provenance result.  A
 * result has no flows: each sink is drawn with a node per view and label
 * and an edge to the sink with the kg of each element; the issues are
 * written on their lots (a sink, or a node of its own for another lot).
 * Parts of the value that do not have the aggregate's layout are skipped,
 * as in provenance_rows().
 */
Datum
rare_trace_provenance_dot(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	JsonbContainer *sinks = jb_container(jb_get(&jb->root, "sinks"));
	int			nsinks = jb_size(sinks);
	DotIssue   *issues;
	int			nissues;
	DotColors	colors = {0, palloc(sizeof(char *) * MAX_RESULT_COLORS)};
	StringInfoData buf;
	StringInfoData title;
	int			drawn = 0;
	int			others = 0;

	issues = read_issues(jb, &nissues);
	/* first pass: the labels, which fix the colours */
	for (int s = 0; s < nsinks; s++)
	{
		JsonbContainer *sink = jb_container(getIthJsonbValueFromContainer(sinks, s));
		int			nsrc;

		if (jb_text(jb_get(sink, "code")) != NULL)
		{
			sink_sources(sink, &nsrc, &colors, MAX_RESULT_COLORS);
			drawn++;
		}
	}
	colors_done(&colors);

	initStringInfo(&title);
	appendStringInfo(&title, "rare_trace provenance result: %d sink%s, %d issue%s",
					 drawn, plural(drawn), nissues, plural(nissues));
	initStringInfo(&buf);
	dot_header(&buf, title.data);

	drawn = 0;
	for (int s = 0; s < nsinks; s++)
	{
		JsonbContainer *sink = jb_container(getIthJsonbValueFromContainer(sinks, s));
		char	   *code = jb_text(jb_get(sink, "code"));
		char	   *country = jb_text(jb_get(sink, "country"));
		char	   *form = jb_text(jb_get(sink, "form"));
		char	   *mass = jb_text(jb_get(sink, "mass_kg"));
		DotSource  *src;
		int			nsrc;
		StringInfoData label;
		StringInfoData tooltip;
		bool		flagged;

		if (code == NULL)
			continue;
		drawn++;
		src = sink_sources(sink, &nsrc, &colors, 0);
		initStringInfo(&label);
		initStringInfo(&tooltip);
		appendStringInfo(&label, "%s\n%s %s\n%s kg\nsink", code,
						 country ? country : "?", form ? form : "?",
						 mass ? mass : "?");
		flagged = append_issue_lines(&label, &tooltip, issues, nissues, code);
		appendStringInfo(&buf, "  s%d [label=", drawn);
		dot_quoted(&buf, label.data);
		appendStringInfoString(&buf, ", fillcolor=");
		dot_quoted(&buf, color_of(&colors, country ? country : "unknown"));
		appendStringInfoString(&buf, ", peripheries=2");
		if (flagged)
			append_issue_attrs(&buf, &tooltip);
		appendStringInfoString(&buf, "];\n");
		for (int k = 0; k < nsrc; k++)
		{
			StringInfoData l;

			initStringInfo(&l);
			appendStringInfo(&l, "%s\n%s", dot_views[src[k].view], src[k].label);
			appendStringInfo(&buf, "  s%d_%d [label=", drawn, k + 1);
			dot_quoted(&buf, l.data);
			appendStringInfoString(&buf, ", fillcolor=");
			dot_quoted(&buf, color_of(&colors, src[k].label));
			appendStringInfoString(&buf, "];\n");
			appendStringInfo(&buf, "  s%d_%d -> s%d [label=", drawn, k + 1, drawn);
			dot_quoted(&buf, src[k].kg.data);
			appendStringInfoString(&buf, "];\n");
		}
	}

	/* the lots with issues that are not sinks, each once, by code */
	for (int i = 0; i < nissues; i++)
	{
		StringInfoData label;
		StringInfoData tooltip;
		if ((i > 0 && strcmp(issues[i - 1].lot, issues[i].lot) == 0) ||
			is_sink_code(sinks, issues[i].lot))
			continue;
		others++;
		initStringInfo(&label);
		initStringInfo(&tooltip);
		appendStringInfoString(&label, issues[i].lot);
		append_issue_lines(&label, &tooltip, issues, nissues, issues[i].lot);
		appendStringInfo(&buf, "  i%d [label=", others);
		dot_quoted(&buf, label.data);
		appendStringInfo(&buf, ", fillcolor=\"#ffffff\"");
		append_issue_attrs(&buf, &tooltip);
		appendStringInfoString(&buf, "];\n");
	}
	dot_footer(&buf, &colors);
	PG_RETURN_TEXT_P(cstring_to_text(buf.data));
}
