/*-------------------------------------------------------------------------
 *
 * export_rules.c
 *	  Export-control rules as dated data: reading rare_trace.export_control
 *	  and export_control_suspension into memory, and the one implementation
 *	  of the decision "does this shipment need a licence under this rule on
 *	  this day" and of its reason, used by export_check(),
 *	  licence_required() and rt_licence_need (export_check.c; the latter for
 *	  the export-licence trigger), and
 *	  reexport_check() (export_reexport.c).
 *
 * The rules are read through SPI once per statement into memory hung off
 * fn_extra (or the trigger's cache), and tagged with the snapshot they were
 * read under: a later statement (even one reusing the same expression, as
 * PL/pgSQL does within a transaction) has another snapshot and reads them
 * again, so a rule INSERTed by the previous statement is seen.
 *
 * Dates: a rule is in force from effective_from through effective_until
 * (both inclusive; NULL until = no end); a suspension covers
 * suspended_from through suspended_until (inclusive).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export_rules.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/snapmgr.h"

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
char *
exp_spi_text(HeapTuple tup, TupleDesc desc, int col)
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
	r->reference = exp_spi_text(tup, desc, 1);
	r->reference_d = CStringGetTextDatum(r->reference);
	scope = exp_spi_text(tup, desc, 2);
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
		char	   *ctl = exp_spi_text(tup, tt->tupdesc, 1);
		bool		isnull;

		for (int i = 0; i < rs->nrules; i++)
		{
			ExpRule    *r = &rs->rules[i];
			ExpSusp    *s;
			Datum		d;

			if (strcmp(r->reference, ctl) != 0)
				continue;
			s = &r->susp[r->nsusp++];
			s->reference = exp_spi_text(tup, tt->tupdesc, 2);
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
ExpRules *
exp_rules_in(void **cache, MemoryContext mcxt)
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

/* The rules for this call, cached in fn_extra (exp_rules_in). */
ExpRules *
exp_rules(FunctionCallInfo fcinfo)
{
	return exp_rules_in(&fcinfo->flinfo->fn_extra, fcinfo->flinfo->fn_mcxt);
}

/*
 * Materialize-mode set-up with the row type looked up once per FmgrInfo
 * (get_call_result_type on every call cost more than the check).
 */
void
exp_materialize(FunctionCallInfo fcinfo, ExpRules *rs)
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
bool
exp_has_country(const char *codes, int n, const char *cc)
{
	for (int i = 0; i < n; i++)
		if (codes[2 * i] == cc[0] && codes[2 * i + 1] == cc[1])
			return true;
	return false;
}

/* Does a suspension of r cover day d?  Its index, or -1. */
int
exp_suspension_on(const ExpRule *r, DateADT d)
{
	for (int i = 0; i < r->nsusp; i++)
		if (r->susp[i].from <= d && d <= r->susp[i].until)
			return i;
	return -1;
}

/* Is r in force on day d? */
bool
exp_in_force_on(const ExpRule *r, DateADT d)
{
	return r->from <= d && d <= r->until;
}

/*
 * Form, exporting country and destination: does r govern the shipment?
 * An export rule governs shipments from its countries, a re-export rule
 * shipments from any other country.
 */
ExpWhy
exp_decide_scope(const ExpRule *r, const ExpShipment *s)
{
	bool		from_listed = exp_has_country(r->countries, r->ncountries, s->from);

	if ((r->forms & (UINT32_C(1) << s->form)) == 0)
		return WHY_FORM;
	if (r->scope == EXP_SCOPE_EXPORT ? !from_listed : from_listed)
		return WHY_NOT_GOVERNED;
	if (r->ndest >= 0 && !exp_has_country(r->dest, r->ndest, s->dest))
		return WHY_DESTINATION;
	return WHY_REQUIRED;
}

/* Dates and suspensions. */
ExpWhy
exp_decide_dates(const ExpRule *r, const ExpShipment *s)
{
	if (s->date < r->from)
		return WHY_NOT_YET;
	if (s->date > r->until)
		return WHY_ENDED;
	if (exp_suspension_on(r, s->date) >= 0)
		return WHY_SUSPENDED;
	return WHY_REQUIRED;
}

/* The value test: undetermined without a value, never a pass. */
ExpWhy
exp_decide_value(const ExpRule *r, const ExpShipment *s)
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
ExpWhy
exp_decide_export(const ExpRule *r, const ExpShipment *s, uint32 present,
			  int64 content_ppm)
{
	ExpWhy		why;

	if ((present & r->elements) == 0)
		return WHY_NO_ELEMENT;
	why = exp_decide_scope(r, s);
	if (why != WHY_REQUIRED)
		return why;
	if (r->min_ppm >= 0 && content_ppm < r->min_ppm)
		return WHY_BELOW;
	why = exp_decide_dates(r, s);
	if (why != WHY_REQUIRED)
		return why;
	return exp_decide_value(r, s);
}

/* true, false or undetermined. */
int
exp_outcome(ExpWhy why)
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
			k = exp_suspension_on(r, s->date);
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
Datum
exp_reason(ExpRules *rs, ExpRule *r, ExpWhy why, const ExpShipment *s,
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
void
exp_shipment_args(FunctionCallInfo fcinfo, ExpShipment *s)
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
