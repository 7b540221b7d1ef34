/*-------------------------------------------------------------------------
 *
 * export_check.c
 *	  Export-control rules as dated data: the one implementation of the
 *	  decision "does this shipment need a licence under this rule on this
 *	  day", used by rare_trace.export_check(), rare_trace.licence_required()
 *	  and rare_trace.reexport_check(), and the validating trigger of the
 *	  rule tables.
 *
 * The rules (rare_trace.export_control and export_control_suspension) are
 * read through SPI once per statement into memory hung off fn_extra, and
 * tagged with the snapshot they were read under: a later statement (even
 * one reusing the same expression, as PL/pgSQL does within a transaction)
 * has another snapshot and reads them again, so a rule INSERTed by the
 * previous statement is seen.
 *
 * Dates: a rule is in force from effective_from through effective_until
 * (both inclusive; NULL until = no end); a suspension covers
 * suspended_from through suspended_until (inclusive).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_check.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/lsyscache.h"
#include "catalog/namespace.h"
#include "utils/datum.h"
#include "utils/tuplestore.h"


#define EXP_SCOPE_EXPORT	0
#define EXP_SCOPE_REEXPORT	1

/* One suspension of a rule. */
typedef struct ExpSusp
{
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
	char	   *reference;
	char		from_s[11];
	char		until_s[11];
} ExpSusp;

/* Why a rule does or does not require a licence; the first that holds. */
typedef enum ExpWhy
{
	WHY_NO_ELEMENT,				/* the lot declares none of the elements */
	WHY_FORM,					/* form not covered */
	WHY_NOT_GOVERNED,			/* exporting country not governed */
	WHY_DESTINATION,			/* destination not governed */
	WHY_BELOW,					/* below the content threshold */
	WHY_NOT_YET,				/* before effective_from */
	WHY_ENDED,					/* after effective_until */
	WHY_SUSPENDED,				/* a suspension covers the day */
	WHY_UNKNOWN_STAGE,			/* record stops short (re-export) */
	WHY_NO_VALUE,				/* value test, no value given */
	WHY_VALUE_BELOW,			/* value share below the test */
	WHY_NO_MATERIAL,			/* nothing processed in the country (re-export) */
	WHY_REQUIRED,				/* licence required */
	WHY_COUNT
} ExpWhy;

/* One rule, preprocessed for the hot loop. */
typedef struct ExpRule
{
	char	   *reference;
	Datum		reference_d;	/* as text */
	int			scope;
	uint32		elements;		/* bit per element index */
	uint32		forms;			/* bit per LotForm */
	uint32		views;			/* bit per rt_prov_views entry (re-export) */
	int			ncountries;
	char	   *countries;		/* 2 bytes each */
	int			ndest;			/* -1: every destination */
	char	   *dest;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
	int32		min_ppm;		/* -1: no content threshold */
	Datum		min_value;		/* numeric percent, 0 when none */
	bool		has_value_test;
	Datum		code_d[RT_NUM_ELEMENTS];	/* text, 0 when none */
	int			nsusp;
	ExpSusp    *susp;
	/* text for the reasons */
	char		from_s[11];
	char		until_s[11];
	char	   *elements_s;
	char	   *forms_s;
	char	   *countries_s;
	char	   *dest_s;
	char	   *min_content_s;
	char	   *min_value_s;
	char	   *views_s;
	/* reasons that depend on the shipment only, for the last one seen */
	bool		rc_valid;
	DateADT		rc_date;
	char		rc_from[2];
	char		rc_dest[2];
	Datum		rc[WHY_COUNT];
	Datum		rc_form[RT_NUM_FORMS];
} ExpRule;

/* What the rules were read under. */
typedef struct ExpSnapKey
{
	LocalTransactionId lxid;
	CommandId	curcid;
	TransactionId xmin;
	TransactionId xmax;
	uint64		completions;
} ExpSnapKey;

/* The rules of one statement (fn_extra). */
typedef struct ExpRules
{
	MemoryContext cxt;
	ExpSnapKey	key;
	bool		valid;
	int			nrules;
	ExpRule    *rules;
	Datum		element_d[RT_NUM_ELEMENTS];
	Datum		form_d[RT_NUM_FORMS];
	TupleDesc	tupdesc;		/* the result row type, in fn_mcxt */
} ExpRules;

/* One shipment as the decision sees it. */
typedef struct ExpShipment
{
	int			form;
	char		from[2];
	char		dest[2];
	DateADT		date;
	Datum		value;			/* numeric percent; 0 when not given */
	bool		has_value;
} ExpShipment;

/* Outcome of a decision: true, false or undetermined (NULL). */
#define EXP_YES		1
#define EXP_NO		0
#define EXP_UNDET	2

static const char rules_sql[] =
"SELECT c.reference, c.scope, c.elements, c.forms, c.countries, c.destinations,"
" c.stages, c.effective_from, c.effective_until,"
" (c.min_content_pct OPERATOR(pg_catalog.*) 10000)::pg_catalog.int4,"
" c.min_value_share_pct,"
" ARRAY(SELECT c.control_codes OPERATOR(pg_catalog.->>) u.e"
"       FROM pg_catalog.unnest(c.elements) WITH ORDINALITY AS u(e, n) ORDER BY u.n),"
" (c.min_value_share_pct OPERATOR(pg_catalog.*) 10000)::pg_catalog.int4"
" FROM rare_trace.export_control AS c"
" ORDER BY c.effective_from, c.reference COLLATE \"C\"";

static const char susp_sql[] =
"SELECT s.control_reference, s.reference, s.suspended_from, s.suspended_until"
" FROM rare_trace.export_control_suspension AS s"
" ORDER BY s.suspended_from, s.reference COLLATE \"C\"";

static SPIPlanPtr plan_rules = NULL;
static SPIPlanPtr plan_susp = NULL;

/* ISO date text (YYYY-MM-DD) whatever DateStyle says. */
static void
format_date(DateADT d, char *buf)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, day);
}

/* The snapshot the current statement reads under. */
static void
current_snap_key(ExpSnapKey *key)
{
	Snapshot	snap = GetActiveSnapshot();

	memset(key, 0, sizeof(*key));
	key->lxid = RT_MY_LXID;
	key->curcid = snap->curcid;
	key->xmin = snap->xmin;
	key->xmax = snap->xmax;
	key->completions = snap->snapXactCompletionCount;
}

/* The elements of a text[] (no NULLs: the guard refused them). */
static int
text_items(Datum arr, Datum **items)
{
	bool	   *nulls;
	int			n;

	deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false,
					  TYPALIGN_INT, items, &nulls, &n);
	return n;
}

/* Symbols of the elements whose bits are set, ", "-separated. */
static char *
element_list(uint32 mask)
{
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < RT_NUM_ELEMENTS; i++)
		if (mask & (UINT32_C(1) << i))
			appendStringInfo(&s, "%s%s", s.len ? ", " : "", rt_elements[i].symbol);
	return s.data;
}

/* Country codes, ", "-separated. */
static char *
country_list(const char *codes, int n)
{
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < n; i++)
		appendStringInfo(&s, "%s%.2s", i ? ", " : "", codes + 2 * i);
	return s.data;
}

/* Country codes of a text[] column into *out (2 bytes each). */
static int
read_countries(Datum arr, char **out)
{
	Datum	   *items;
	int			n = text_items(arr, &items);

	*out = palloc(2 * n + 1);
	for (int i = 0; i < n; i++)
		memcpy(*out + 2 * i, VARDATA_ANY(DatumGetPointer(items[i])), 2);
	return n;
}

/* Bits of a text[] of names looked up by find. */
static uint32
read_mask(Datum arr, int (*find) (const char *, size_t))
{
	Datum	   *items;
	int			n = text_items(arr, &items);
	uint32		mask = 0;

	for (int i = 0; i < n; i++)
	{
		text	   *t = DatumGetTextPP(items[i]);
		int			k = find(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

		if (k >= 0)
			mask |= UINT32_C(1) << k;
	}
	return mask;
}

/* Control codes aligned with the elements column. */
static void
read_codes(ExpRule *r, Datum elements, Datum codes)
{
	Datum	   *els;
	Datum	   *cs;
	bool	   *cnulls;
	int			n = text_items(elements, &els);
	int			nc;

	deconstruct_array(DatumGetArrayTypeP(codes), TEXTOID, -1, false,
					  TYPALIGN_INT, &cs, &cnulls, &nc);
	for (int i = 0; i < n && i < nc; i++)
	{
		text	   *t = DatumGetTextPP(els[i]);
		int			k = lot_element_index(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

		if (k >= 0 && !cnulls[i])
			r->code_d[k] = PointerGetDatum(DatumGetTextPCopy(cs[i]));
	}
}

/* A nullable text column as a palloc'd string, or NULL. */
static char *
spi_text(HeapTuple tup, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* One row of rules_sql into r (in the rules' context). */
static void
read_rule(ExpRule *r, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d;
	char	   *scope;

	memset(r, 0, sizeof(*r));
	r->reference = spi_text(tup, desc, 1);
	r->reference_d = CStringGetTextDatum(r->reference);
	scope = spi_text(tup, desc, 2);
	r->scope = strcmp(scope, "re-export") == 0 ? EXP_SCOPE_REEXPORT : EXP_SCOPE_EXPORT;
	r->elements = read_mask(SPI_getbinval(tup, desc, 3, &isnull), lot_element_index);
	r->forms = read_mask(SPI_getbinval(tup, desc, 4, &isnull), lot_form_index);
	r->ncountries = read_countries(SPI_getbinval(tup, desc, 5, &isnull), &r->countries);
	d = SPI_getbinval(tup, desc, 6, &isnull);
	r->ndest = isnull ? -1 : read_countries(d, &r->dest);
	d = SPI_getbinval(tup, desc, 7, &isnull);
	r->views = isnull ? 0 : read_mask(d, rt_prov_view_index);
	r->from = DatumGetDateADT(SPI_getbinval(tup, desc, 8, &isnull));
	d = SPI_getbinval(tup, desc, 9, &isnull);
	r->until = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
	d = SPI_getbinval(tup, desc, 10, &isnull);
	r->min_ppm = isnull ? -1 : DatumGetInt32(d);
	d = SPI_getbinval(tup, desc, 11, &isnull);
	r->has_value_test = !isnull;
	if (!isnull)
		r->min_value = PointerGetDatum(DatumGetNumericCopy(d));
	read_codes(r, SPI_getbinval(tup, desc, 3, &isnull),
			   SPI_getbinval(tup, desc, 12, &isnull));
	if (r->min_ppm >= 0)
	{
		r->min_content_s = palloc(64);
		rt_format_scaled((uint64) r->min_ppm, RT_PCT_DECIMALS, r->min_content_s);
	}
	d = SPI_getbinval(tup, desc, 13, &isnull);
	if (!isnull)
	{
		r->min_value_s = palloc(64);
		rt_format_scaled((uint64) DatumGetInt32(d), RT_PCT_DECIMALS, r->min_value_s);
	}

	format_date(r->from, r->from_s);
	if (r->until != DATEVAL_NOEND)
		format_date(r->until, r->until_s);
	r->elements_s = element_list(r->elements);
	{
		StringInfoData s;

		initStringInfo(&s);
		for (int f = 0; f < RT_NUM_FORMS; f++)
			if (r->forms & (UINT32_C(1) << f))
				appendStringInfo(&s, "%s%s", s.len ? ", " : "", lot_form_name(f));
		r->forms_s = s.data;
	}
	{
		StringInfoData v;

		initStringInfo(&v);
		for (int i = 0; i < RT_PROV_NUM_VIEWS; i++)
			if (r->views & (UINT32_C(1) << i))
				appendStringInfo(&v, "%s%s", v.len ? " or " : "", rt_prov_views[i]);
		r->views_s = v.data;
	}
	r->countries_s = country_list(r->countries, r->ncountries);
	r->dest_s = r->ndest < 0 ? NULL : country_list(r->dest, r->ndest);
}

/* Attach the suspensions (susp_sql rows) to their rules. */
static void
read_suspensions(ExpRules *rs, SPITupleTable *tt, uint64 n)
{
	for (int i = 0; i < rs->nrules; i++)
		rs->rules[i].susp = palloc0(sizeof(ExpSusp) * Max(n, 1));
	for (uint64 j = 0; j < n; j++)
	{
		HeapTuple	tup = tt->vals[j];
		char	   *ctl = spi_text(tup, tt->tupdesc, 1);
		bool		isnull;

		for (int i = 0; i < rs->nrules; i++)
		{
			ExpRule    *r = &rs->rules[i];
			ExpSusp    *s;
			Datum		d;

			if (strcmp(r->reference, ctl) != 0)
				continue;
			s = &r->susp[r->nsusp++];
			s->reference = spi_text(tup, tt->tupdesc, 2);
			s->from = DatumGetDateADT(SPI_getbinval(tup, tt->tupdesc, 3, &isnull));
			d = SPI_getbinval(tup, tt->tupdesc, 4, &isnull);
			s->until = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
			format_date(s->from, s->from_s);
			if (s->until != DATEVAL_NOEND)
				format_date(s->until, s->until_s);
		}
	}
}

/* Read every rule and suspension into rs (its context reset first). */
static void
load_rules(ExpRules *rs)
{
	MemoryContext old;
	uint64		n;

	MemoryContextReset(rs->cxt);
	rs->valid = false;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	if (SPI_execute_plan(rt_saved_plan(&plan_rules, rules_sql, 0, NULL),
						 NULL, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading export_control failed");
	n = SPI_processed;
	old = MemoryContextSwitchTo(rs->cxt);
	rs->nrules = (int) n;
	rs->rules = palloc0(sizeof(ExpRule) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
		read_rule(&rs->rules[i], SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
	for (int e = 0; e < RT_NUM_ELEMENTS; e++)
		rs->element_d[e] = CStringGetTextDatum(rt_elements[e].symbol);
	for (int f = 0; f < RT_NUM_FORMS; f++)
		rs->form_d[f] = CStringGetTextDatum(lot_form_name(f));
	MemoryContextSwitchTo(old);

	if (SPI_execute_plan(rt_saved_plan(&plan_susp, susp_sql, 0, NULL),
						 NULL, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading export_control_suspension failed");
	old = MemoryContextSwitchTo(rs->cxt);
	read_suspensions(rs, SPI_tuptable, SPI_processed);
	MemoryContextSwitchTo(old);
	SPI_finish();
	current_snap_key(&rs->key);
	rs->valid = true;
}

/*
 * The rules cached in *cache (allocated in mcxt when NULL): those read
 * earlier in the same statement (same snapshot), or read now.
 */
static ExpRules *
get_rules_in(void **cache, MemoryContext mcxt)
{
	ExpRules   *rs = (ExpRules *) *cache;
	ExpSnapKey	key;

	if (rs == NULL)
	{
		rs = MemoryContextAllocZero(mcxt, sizeof(ExpRules));
		rs->cxt = AllocSetContextCreate(mcxt, "rare_trace export rules",
										ALLOCSET_SMALL_SIZES);
		*cache = rs;
	}
	current_snap_key(&key);
	if (!rs->valid || memcmp(&key, &rs->key, sizeof(key)) != 0)
		load_rules(rs);
	return rs;
}

/* The rules for this call, cached in fn_extra (get_rules_in). */
static ExpRules *
get_rules(FunctionCallInfo fcinfo)
{
	return get_rules_in(&fcinfo->flinfo->fn_extra, fcinfo->flinfo->fn_mcxt);
}

/*
 * Materialize-mode set-up with the row type looked up once per FmgrInfo
 * (get_call_result_type on every call cost more than the check).
 */
static void
materialize(FunctionCallInfo fcinfo, ExpRules *rs)
{
	if (rs->tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	td;

		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		rs->tupdesc = CreateTupleDescCopy(td);
		MemoryContextSwitchTo(old);
	}
	rt_materialize_srf_desc(fcinfo, rs->tupdesc);
}

/* Is the two-letter code among codes[0..n)? */
static bool
has_country(const char *codes, int n, const char *cc)
{
	for (int i = 0; i < n; i++)
		if (codes[2 * i] == cc[0] && codes[2 * i + 1] == cc[1])
			return true;
	return false;
}

/* Does a suspension of r cover day d?  Its index, or -1. */
static int
suspension_on(const ExpRule *r, DateADT d)
{
	for (int i = 0; i < r->nsusp; i++)
		if (r->susp[i].from <= d && d <= r->susp[i].until)
			return i;
	return -1;
}

/* Is r in force on day d? */
static bool
in_force_on(const ExpRule *r, DateADT d)
{
	return r->from <= d && d <= r->until;
}

/*
 * Form, exporting country and destination: does r govern the shipment?
 * An export rule governs shipments from its countries, a re-export rule
 * shipments from any other country.
 */
static ExpWhy
decide_scope(const ExpRule *r, const ExpShipment *s)
{
	bool		from_listed = has_country(r->countries, r->ncountries, s->from);

	if ((r->forms & (UINT32_C(1) << s->form)) == 0)
		return WHY_FORM;
	if (r->scope == EXP_SCOPE_EXPORT ? !from_listed : from_listed)
		return WHY_NOT_GOVERNED;
	if (r->ndest >= 0 && !has_country(r->dest, r->ndest, s->dest))
		return WHY_DESTINATION;
	return WHY_REQUIRED;
}

/* Dates and suspensions. */
static ExpWhy
decide_dates(const ExpRule *r, const ExpShipment *s)
{
	if (s->date < r->from)
		return WHY_NOT_YET;
	if (s->date > r->until)
		return WHY_ENDED;
	if (suspension_on(r, s->date) >= 0)
		return WHY_SUSPENDED;
	return WHY_REQUIRED;
}

/* The value test: undetermined without a value, never a pass. */
static ExpWhy
decide_value(const ExpRule *r, const ExpShipment *s)
{
	if (!r->has_value_test)
		return WHY_REQUIRED;
	if (!s->has_value)
		return WHY_NO_VALUE;
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, s->value, r->min_value)))
		return WHY_VALUE_BELOW;
	return WHY_REQUIRED;
}

/*
 * The decision of an export rule for a lot declaring the elements in
 * present (bits) with content_ppm of the rule's elements in total.
 */
static ExpWhy
decide_export(const ExpRule *r, const ExpShipment *s, uint32 present,
			  int64 content_ppm)
{
	ExpWhy		why;

	if ((present & r->elements) == 0)
		return WHY_NO_ELEMENT;
	why = decide_scope(r, s);
	if (why != WHY_REQUIRED)
		return why;
	if (r->min_ppm >= 0 && content_ppm < r->min_ppm)
		return WHY_BELOW;
	why = decide_dates(r, s);
	if (why != WHY_REQUIRED)
		return why;
	return decide_value(r, s);
}

/* true, false or undetermined. */
static int
outcome_of(ExpWhy why)
{
	if (why == WHY_REQUIRED)
		return EXP_YES;
	if (why == WHY_NO_VALUE || why == WHY_UNKNOWN_STAGE)
		return EXP_UNDET;
	return EXP_NO;
}

/* The last suspension of r that ended before day d, or -1. */
static int
ended_suspension(const ExpRule *r, DateADT d)
{
	int			best = -1;

	for (int i = 0; i < r->nsusp; i++)
		if (r->susp[i].until < d &&
			(best < 0 || r->susp[i].until > r->susp[best].until))
			best = i;
	return best;
}

/* The reason text of a decision (view: the provenance view of a re-export row). */
static Datum
reason_text(const ExpRule *r, ExpWhy why, const ExpShipment *s,
			int64 content_ppm, const char *view)
{
	StringInfoData b;
	char		num[64];
	int			k;

	initStringInfo(&b);
	switch (why)
	{
		case WHY_NO_ELEMENT:
			appendStringInfo(&b, "no licence under %s: the lot declares none of its elements (%s)",
							 r->reference, r->elements_s);
			break;
		case WHY_FORM:
			appendStringInfo(&b, "no licence under %s: it covers %s, not %s",
							 r->reference, r->forms_s, lot_form_name(s->form));
			break;
		case WHY_NOT_GOVERNED:
			if (r->scope == EXP_SCOPE_EXPORT)
				appendStringInfo(&b, "no licence under %s: it governs exports from %s; this shipment is from %.2s",
								 r->reference, r->countries_s, s->from);
			else
				appendStringInfo(&b, "no licence under %s: it governs shipments from outside %s; this shipment is from %.2s (see export_check)",
								 r->reference, r->countries_s, s->from);
			break;
		case WHY_DESTINATION:
			appendStringInfo(&b, "no licence under %s: it governs shipments to %s, not to %.2s",
							 r->reference, r->dest_s, s->dest);
			break;
		case WHY_BELOW:
			rt_format_scaled((uint64) content_ppm, RT_PCT_DECIMALS, num);
			appendStringInfo(&b, "no licence under %s: the lot's content of its elements, %s %%, is below its threshold of %s %%",
							 r->reference, num, r->min_content_s);
			break;
		case WHY_NOT_YET:
			appendStringInfo(&b, "no licence: %s is not yet in force (in force from %s)",
							 r->reference, r->from_s);
			break;
		case WHY_ENDED:
			appendStringInfo(&b, "no licence: %s is no longer in force (in force until %s)",
							 r->reference, r->until_s);
			break;
		case WHY_SUSPENDED:
			k = suspension_on(r, s->date);
			appendStringInfo(&b, "no licence: %s is in force but suspended by %s from %s %s%s",
							 r->reference, r->susp[k].reference, r->susp[k].from_s,
							 r->susp[k].until == DATEVAL_NOEND ? "until further notice" : "until ",
							 r->susp[k].until_s);
			break;
		case WHY_UNKNOWN_STAGE:
			appendStringInfo(&b, "undetermined under %s: the record stops short of the %s stage, so the material may have been processed in %s",
							 r->reference, view ? view : "?", r->countries_s);
			break;
		case WHY_NO_VALUE:
			appendStringInfo(&b, "undetermined under %s: its test is on value (controlled content worth at least %s %% of the item's value) and no value share is given",
							 r->reference, r->min_value_s);
			break;
		case WHY_VALUE_BELOW:
			appendStringInfo(&b, "no licence under %s: the value share given, %s %%, is below its test of %s %%",
							 r->reference,
							 DatumGetCString(DirectFunctionCall1(numeric_out, s->value)),
							 r->min_value_s);
			break;
		case WHY_NO_MATERIAL:
			appendStringInfo(&b, "no licence under %s: no element of it (%s) in this lot has a %s view in %s on record",
							 r->reference, r->elements_s, r->views_s, r->countries_s);
			break;
		case WHY_REQUIRED:
			appendStringInfo(&b, "licence required under %s (in force from %s", r->reference, r->from_s);
			k = ended_suspension(r, s->date);
			if (k >= 0)
				appendStringInfo(&b, "; the suspension by %s ran until %s", r->susp[k].reference,
								 r->susp[k].until_s);
			appendStringInfoChar(&b, ')');
			break;
		case WHY_COUNT:
			break;
	}
	{
		Datum		t = PointerGetDatum(cstring_to_text_with_len(b.data, b.len));

		pfree(b.data);
		return t;
	}
}

/* Is a reason the same for every lot of one shipment? */
static bool
reason_cacheable(ExpWhy why)
{
	return why != WHY_BELOW && why != WHY_VALUE_BELOW && why != WHY_UNKNOWN_STAGE;
}

/* Forget r's cached reasons unless they are for shipment s. */
static void
reason_cache_key(ExpRule *r, const ExpShipment *s)
{
	if (r->rc_valid && r->rc_date == s->date &&
		memcmp(r->rc_from, s->from, 2) == 0 && memcmp(r->rc_dest, s->dest, 2) == 0)
		return;
	for (int i = 0; i < WHY_COUNT; i++)
		if (r->rc[i] != (Datum) 0)
		{
			pfree(DatumGetPointer(r->rc[i]));
			r->rc[i] = (Datum) 0;
		}
	for (int f = 0; f < RT_NUM_FORMS; f++)
		if (r->rc_form[f] != (Datum) 0)
		{
			pfree(DatumGetPointer(r->rc_form[f]));
			r->rc_form[f] = (Datum) 0;
		}
	r->rc_valid = true;
	r->rc_date = s->date;
	memcpy(r->rc_from, s->from, 2);
	memcpy(r->rc_dest, s->dest, 2);
}

/*
 * The reason of a decision as text: from r's cache when it depends on the
 * shipment only (exporting country, destination, day, and the form for
 * WHY_FORM), so that a statement over many lots formats each once.
 */
static Datum
reason_datum(ExpRules *rs, ExpRule *r, ExpWhy why, const ExpShipment *s,
			 int64 content_ppm, const char *view)
{
	Datum	   *slot;

	if (!reason_cacheable(why))
		return reason_text(r, why, s, content_ppm, view);
	reason_cache_key(r, s);
	slot = why == WHY_FORM ? &r->rc_form[s->form] : &r->rc[why];
	if (*slot == (Datum) 0)
	{
		MemoryContext old = MemoryContextSwitchTo(rs->cxt);

		*slot = reason_text(r, why, s, content_ppm, view);
		MemoryContextSwitchTo(old);
	}
	return *slot;
}

/* A two-letter ISO 3166-1 country argument, upper-cased into cc. */
static void
country_arg(FunctionCallInfo fcinfo, int argno, const char *what, char *cc)
{
	text	   *t;
	const char *s;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
	t = PG_GETARG_TEXT_PP(argno);
	s = VARDATA_ANY(t);
	if (VARSIZE_ANY_EXHDR(t) != 2 ||
		!lot_country_assigned(pg_ascii_toupper((unsigned char) s[0]),
							  pg_ascii_toupper((unsigned char) s[1])))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s \"%s\"", what, text_to_cstring(t)),
				 errdetail("A country is an assigned ISO 3166-1 alpha-2 code such as CN or JP.")));
	cc[0] = pg_ascii_toupper((unsigned char) s[0]);
	cc[1] = pg_ascii_toupper((unsigned char) s[1]);
}

/* from_country, destination and ship_date of argument positions 1..3. */
static void
shipment_args(FunctionCallInfo fcinfo, ExpShipment *s)
{
	memset(s, 0, sizeof(*s));
	country_arg(fcinfo, 1, "from_country", s->from);
	country_arg(fcinfo, 2, "destination", s->dest);
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("ship_date must not be NULL")));
	s->date = PG_GETARG_DATEADT(3);
	if (DATE_NOT_FINITE(s->date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("ship_date must be a finite date"),
				 errdetail("Rules are in force on days; infinity is not a day.")));
}

/* The lot argument (position 0), read without a copy where possible. */
static RareLot *
lot_arg(FunctionCallInfo fcinfo, RareLotBuf *buf)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lot must not be NULL")));
	return rare_lot_from_datum(PG_GETARG_DATUM(0), buf);
}

/* Bits of the elements a lot declares. */
static uint32
lot_present(const RareLot *lot)
{
	uint32		m = 0;

	for (int k = 0; k < lot->ncomp; k++)
		m |= UINT32_C(1) << RARE_LOT_COMP_IDX(rare_lot_comp(lot, k));
	return m;
}

/* Summed ppm of the lot's elements among mask. */
static int64
lot_content(const RareLot *lot, uint32 mask)
{
	int64		sum = 0;

	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);

		if (mask & (UINT32_C(1) << RARE_LOT_COMP_IDX(c)))
			sum += RARE_LOT_COMP_PPM(c);
	}
	return sum;
}

/*
 * The decision of licence_required for a lot shipped from country from
 * (2 letters) to dest on day date, the one implementation (for
 * licence_required() and the export-licence trigger): RT_LICENCE_YES if an
 * export rule requires a licence, RT_LICENCE_UNDET if none does but one
 * cannot be decided, else RT_LICENCE_NO.  *elements gets the bits of the
 * lot's elements that the deciding rules control, *reference the first
 * deciding rule (NULL for RT_LICENCE_NO).  The rules are cached in *cache
 * (see get_rules_in).
 */
int
rt_licence_need(void **cache, MemoryContext mcxt, const RareLot *lot,
				const char *from, const char *dest, DateADT date,
				uint32 *elements, const char **reference)
{
	ExpRules   *rs = get_rules_in(cache, mcxt);
	ExpShipment s;
	uint32		present = lot_present(lot);
	uint32		yes = 0;
	uint32		undet = 0;
	const char *yes_ref = NULL;
	const char *undet_ref = NULL;

	memset(&s, 0, sizeof(s));
	s.form = lot->form;
	memcpy(s.from, from, 2);
	memcpy(s.dest, dest, 2);
	s.date = date;
	for (int i = 0; i < rs->nrules; i++)
	{
		const ExpRule *r = &rs->rules[i];
		int			o;

		if (r->scope != EXP_SCOPE_EXPORT)
			continue;
		o = outcome_of(decide_export(r, &s, present, lot_content(lot, r->elements)));
		if (o == EXP_YES)
		{
			yes |= present & r->elements;
			if (yes_ref == NULL)
				yes_ref = r->reference;
		}
		else if (o == EXP_UNDET)
		{
			undet |= present & r->elements;
			if (undet_ref == NULL)
				undet_ref = r->reference;
		}
	}
	*elements = yes_ref != NULL ? yes : undet;
	*reference = yes_ref != NULL ? yes_ref : undet_ref;
	if (yes_ref != NULL)
		return RT_LICENCE_YES;
	return undet_ref != NULL ? RT_LICENCE_UNDET : RT_LICENCE_NO;
}

PG_FUNCTION_INFO_V1(rare_trace_licence_required);
/*
 * licence_required(lot, from_country, destination, ship_date): true if an
 * export rule requires a licence, NULL if none does but one cannot be
 * decided, else false (rt_licence_need).
 */
Datum
rare_trace_licence_required(PG_FUNCTION_ARGS)
{
	RareLotBuf	buf;
	RareLot    *lot = lot_arg(fcinfo, &buf);
	ExpShipment s;
	uint32		elements;
	const char *reference;
	int			o;

	shipment_args(fcinfo, &s);
	o = rt_licence_need(&fcinfo->flinfo->fn_extra, fcinfo->flinfo->fn_mcxt,
						lot, s.from, s.dest, s.date, &elements, &reference);
	if (o == RT_LICENCE_UNDET)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(o == RT_LICENCE_YES);
}

/* Append one export_check row per element of r the lot declares. */
static void
export_rows(ReturnSetInfo *rsinfo, ExpRules *rs, ExpRule *r,
			const RareLot *lot, const ExpShipment *s, uint32 present)
{
	int64		content = lot_content(lot, r->elements);
	ExpWhy		why = decide_export(r, s, present, content);
	int			o = outcome_of(why);
	uint32		mine = present & r->elements;
	Datum		values[8];
	bool		nulls[8] = {false};

	values[0] = r->reference_d;
	values[3] = rs->form_d[s->form];
	values[4] = BoolGetDatum(in_force_on(r, s->date));
	values[5] = BoolGetDatum(suspension_on(r, s->date) >= 0);
	values[6] = BoolGetDatum(o == EXP_YES);
	nulls[6] = (o == EXP_UNDET);
	values[7] = reason_datum(rs, r, why, s, content, NULL);
	if (mine == 0)
	{
		nulls[1] = nulls[2] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		return;
	}
	for (int e = 0; e < RT_NUM_ELEMENTS; e++)
	{
		if ((mine & (UINT32_C(1) << e)) == 0)
			continue;
		values[1] = r->code_d[e];
		nulls[1] = (r->code_d[e] == (Datum) 0);
		values[2] = rs->element_d[e];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(rare_trace_export_check);
/*
 * export_check(lot, from_country, destination, ship_date): every export
 * rule, a row per controlled element the lot declares (or one row with
 * element NULL when it declares none), in rule order (effective_from,
 * reference) and atomic-number order.
 */
Datum
rare_trace_export_check(PG_FUNCTION_ARGS)
{
	RareLotBuf	buf;
	RareLot    *lot = lot_arg(fcinfo, &buf);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ExpShipment s;
	ExpRules   *rs;
	uint32		present;

	shipment_args(fcinfo, &s);
	s.form = lot->form;
	rs = get_rules(fcinfo);
	materialize(fcinfo, rs);
	present = lot_present(lot);
	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].scope == EXP_SCOPE_EXPORT)
			export_rows(rsinfo, rs, &rs->rules[i], lot, &s, present);
	return (Datum) 0;
}

/* One row of a provenance result, for the re-export check. */
typedef struct ProvRow
{
	char	   *sink;
	int			form;
	int			element;
	int			view;
	char		country[16];	/* a code, "unknown" or "recycled" */
	Datum		kg;
	Datum		share;
} ProvRow;

static const char prov_rows_sql[] =
"SELECT r.sink_code, s.form, r.element, r.view, r.country, r.kg, r.share"
" FROM rare_trace.provenance_rows($1) WITH ORDINALITY AS r(sink_code, element, view, country, kg, share, n)"
" JOIN (SELECT x OPERATOR(pg_catalog.->>) 'code' AS code, x OPERATOR(pg_catalog.->>) 'form' AS form"
"       FROM pg_catalog.jsonb_array_elements(($1::pg_catalog.jsonb) OPERATOR(pg_catalog.->) 'sinks') AS x) AS s"
"   ON s.code OPERATOR(pg_catalog.=) r.sink_code"
" ORDER BY r.n";

/* OID of rare_trace.provenance (not cached: the extension can be re-created). */
static Oid
provenance_type_oid(void)
{
	Oid			nsp = get_namespace_oid("rare_trace", false);

	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						   CStringGetDatum("provenance"), ObjectIdGetDatum(nsp));
}

/*
 * The rows of provenance p, copied into the caller's context.  Planned per
 * call (the check is not a hot loop, and the type's OID may change).
 */
static int
read_provenance(Datum p, ProvRow **out)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			argtype = provenance_type_oid();
	int			n;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	if (SPI_execute_with_args(prov_rows_sql, 1, &argtype, &p, NULL, true, 0)
		!= SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading the provenance rows failed");
	n = (int) SPI_processed;
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);
		TupleDesc	desc = SPI_tuptable->tupdesc;

		*out = palloc0(sizeof(ProvRow) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			ProvRow    *row = &(*out)[i];
			char	   *form = spi_text(tup, desc, 2);
			char	   *el = spi_text(tup, desc, 3);
			char	   *view = spi_text(tup, desc, 4);
			char	   *country = spi_text(tup, desc, 5);
			bool		isnull;

			row->sink = spi_text(tup, desc, 1);
			row->form = form ? lot_form_index(form, strlen(form)) : -1;
			row->element = lot_element_index(el, strlen(el));
			row->view = rt_prov_view_index(view, strlen(view));
			strlcpy(row->country, country, sizeof(row->country));
			row->kg = datumCopy(SPI_getbinval(tup, desc, 6, &isnull), false, -1);
			row->share = datumCopy(SPI_getbinval(tup, desc, 7, &isnull), false, -1);
		}
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	return n;
}

/* Is a provenance row controlled material of r (or of unknown place)? */
static bool
row_matches(const ExpRule *r, const ProvRow *row, bool *unknown)
{
	if (row->element < 0 || (r->elements & (UINT32_C(1) << row->element)) == 0)
		return false;
	if (row->view < 0 || (r->views & (UINT32_C(1) << row->view)) == 0)
		return false;
	*unknown = strcmp(row->country, "unknown") == 0;
	return *unknown ||
		(strlen(row->country) == 2 &&
		 has_country(r->countries, r->ncountries, row->country));
}

/* Text of an outcome, for reexport_check's result column. */
static Datum
result_text(int o)
{
	return CStringGetTextDatum(o == EXP_YES ? "licence_required" :
							   o == EXP_UNDET ? "undetermined" : "no_licence");
}

/*
 * The reexport_check rows of rule r for one sink (rows[0..n) share the
 * sink): one per controlled element, view and country (or unknown), or a
 * single row with element NULL when the record shows none.
 */
static void
reexport_sink_rows(ReturnSetInfo *rsinfo, ExpRules *rs, ExpRule *r,
				   const ExpShipment *ship, const ProvRow *rows, int n)
{
	ExpShipment s = *ship;
	ExpWhy		base;
	Datum		values[13];
	bool		nulls[13] = {false};
	bool		any = false;

	s.form = rows[0].form < 0 ? 0 : rows[0].form;
	base = decide_scope(r, &s);
	if (base == WHY_REQUIRED)
		base = decide_dates(r, &s);
	values[0] = CStringGetTextDatum(rows[0].sink);
	values[1] = r->reference_d;
	values[8] = BoolGetDatum(in_force_on(r, s.date));
	values[9] = BoolGetDatum(suspension_on(r, s.date) >= 0);
	for (int i = 0; i < n; i++)
	{
		bool		unknown = false;
		ExpWhy		why = base;
		int			o;

		if (!row_matches(r, &rows[i], &unknown))
			continue;
		if (why == WHY_REQUIRED)
			why = (unknown && !(r->has_value_test && s.has_value)) ?
				WHY_UNKNOWN_STAGE : decide_value(r, &s);
		o = outcome_of(why);
		values[2] = r->code_d[rows[i].element];
		nulls[2] = (values[2] == (Datum) 0);
		values[3] = rs->element_d[rows[i].element];
		values[4] = CStringGetTextDatum(rt_prov_views[rows[i].view]);
		values[5] = CStringGetTextDatum(rows[i].country);
		values[6] = rows[i].kg;
		values[7] = rows[i].share;
		values[10] = BoolGetDatum(o == EXP_YES);
		nulls[10] = (o == EXP_UNDET);
		values[11] = result_text(o);
		values[12] = reason_datum(rs, r, why, &s, 0, rt_prov_views[rows[i].view]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		any = true;
	}
	if (!any)
	{
		ExpWhy		why = base == WHY_REQUIRED ? WHY_NO_MATERIAL : base;

		for (int c = 2; c <= 7; c++)
			nulls[c] = true;
		values[10] = BoolGetDatum(false);
		nulls[10] = false;
		values[11] = result_text(EXP_NO);
		values[12] = reason_datum(rs, r, why, &s, 0, NULL);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* The value_share_pct argument (position 4), if given. */
static void
value_arg(FunctionCallInfo fcinfo, ExpShipment *s)
{
	Numeric		v;

	if (PG_NARGS() < 5 || PG_ARGISNULL(4))
		return;
	v = PG_GETARG_NUMERIC(4);
	if (numeric_is_nan(v) || numeric_is_inf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_share_pct must be a finite number"),
				 errdetail("NaN and Infinity are not shares of a value.")));
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(v),
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(0)))) ||
		DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(v),
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(100)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_share_pct must be between 0 and 100"),
				 errdetail("It is the controlled content's share of the item's value, in percent.")));
	s->value = NumericGetDatum(v);
	s->has_value = true;
}

PG_FUNCTION_INFO_V1(rare_trace_reexport_check);
/*
 * reexport_check(p provenance, from_country, destination, ship_date
 * [, value_share_pct]): every re-export rule against every sink of p, in
 * rule order, then provenance_rows() order.
 */
Datum
rare_trace_reexport_check(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ExpShipment s;
	ExpRules   *rs;
	ProvRow    *rows;
	int			n;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("provenance must not be NULL"),
				 errdetail("Without a provenance result nothing can be checked.")));
	shipment_args(fcinfo, &s);
	value_arg(fcinfo, &s);
	rs = get_rules(fcinfo);
	n = read_provenance(PG_GETARG_DATUM(0), &rows);
	materialize(fcinfo, rs);
	for (int k = 0; k < rs->nrules; k++)
	{
		ExpRule    *r = &rs->rules[k];

		if (r->scope != EXP_SCOPE_REEXPORT)
			continue;
		for (int i = 0; i < n;)
		{
			int			j = i + 1;

			while (j < n && strcmp(rows[j].sink, rows[i].sink) == 0)
				j++;
			reexport_sink_rows(rsinfo, rs, r, &s, rows + i, j - i);
			i = j;
		}
	}
	return (Datum) 0;
}
