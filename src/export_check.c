/*-------------------------------------------------------------------------
 *
 * export_check.c
 *	  rare_trace.export_check() and rare_trace.licence_required(): a lot's
 *	  own composition against the export rules (export_rules.c), and
 *	  rt_licence_need, the licence decision the export-licence trigger
 *	  (export_licence.c) shares with licence_required().
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
#include "export_rules.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

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

/*
 * Summed ppm of the lot's elements that rule r controls, as its content
 * threshold reads it; 0 when r has no threshold (nothing reads it then).
 */
static int64
lot_content(const RareLot *lot, const ExpRule *r)
{
	int64		sum = 0;

	if (r->min_ppm < 0)
		return 0;
	for (int k = 0; k < lot->ncomp; k++)
	{
		uint32		c = rare_lot_comp(lot, k);

		if (r->elements & (UINT32_C(1) << RARE_LOT_COMP_IDX(c)))
			sum += RARE_LOT_COMP_PPM(c);
	}
	return sum;
}

/*
 * The export rules of the current statement, for rt_licence_need: read
 * once per statement and cached in *cache (allocated in mcxt when NULL; see
 * exp_rules_in).  A caller deciding many rows under one snapshot (the
 * export-licence trigger) fetches them once.
 */
void *
rt_licence_rules(void **cache, MemoryContext mcxt)
{
	return exp_rules_in(cache, mcxt);
}

/*
 * The decision of licence_required for a lot shipped from country from
 * (2 letters) to dest on day date under rules (rt_licence_rules), the one
 * implementation (for licence_required() and the export-licence trigger):
 * RT_LICENCE_YES if an export rule requires a licence, RT_LICENCE_UNDET if
 * none does but one cannot be decided, else RT_LICENCE_NO.  *elements gets
 * the bits of the lot's elements that the deciding rules control,
 * *reference the first deciding rule (NULL for RT_LICENCE_NO).
 */
int
rt_licence_need(void *rules, const RareLot *lot, const char *from,
				const char *dest, DateADT date, uint32 *elements,
				const char **reference)
{
	ExpRules   *rs = (ExpRules *) rules;
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
		o = exp_outcome(exp_decide_export(r, &s, present, lot_content(lot, r)));
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

	exp_shipment_args(fcinfo, &s);
	o = rt_licence_need(rt_licence_rules(&fcinfo->flinfo->fn_extra,
										 fcinfo->flinfo->fn_mcxt),
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
	int64		content = lot_content(lot, r);
	ExpWhy		why = exp_decide_export(r, s, present, content);
	int			o = exp_outcome(why);
	uint32		mine = present & r->elements;
	Datum		values[8];
	bool		nulls[8] = {false};

	values[0] = r->reference_d;
	values[3] = rs->form_d[s->form];
	values[4] = BoolGetDatum(exp_in_force_on(r, s->date));
	values[5] = BoolGetDatum(exp_suspension_on(r, s->date) >= 0);
	values[6] = BoolGetDatum(o == EXP_YES);
	nulls[6] = (o == EXP_UNDET);
	values[7] = exp_reason(rs, r, why, s, content, NULL);
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

	exp_shipment_args(fcinfo, &s);
	s.form = lot->form;
	rs = exp_rules(fcinfo);
	exp_materialize(fcinfo, rs);
	present = lot_present(lot);
	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].scope == EXP_SCOPE_EXPORT)
			export_rows(rsinfo, rs, &rs->rules[i], lot, &s, present);
	return (Datum) 0;
}
