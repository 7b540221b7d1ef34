/*-------------------------------------------------------------------------
 *
 * export_rules.h
 *	  The export-control rules in memory and the one decision over them,
 *	  shared by export_rules.c (reading, caching, deciding, reasons),
 *	  export_check.c (export_check, licence_required, rt_licence_need) and
 *	  export_reexport.c (reexport_check).  Not installed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_rules.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_EXPORT_RULES_H
#define RARE_TRACE_EXPORT_RULES_H

#include "export.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/date.h"

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

extern ExpRules *exp_rules_in(void **cache, MemoryContext mcxt);
extern ExpRules *exp_rules(FunctionCallInfo fcinfo);
extern void exp_materialize(FunctionCallInfo fcinfo, ExpRules *rs);
extern void exp_shipment_args(FunctionCallInfo fcinfo, ExpShipment *s);
extern ExpWhy exp_decide_export(const ExpRule *r, const ExpShipment *s,
							uint32 present, int64 content_ppm);
extern ExpWhy exp_decide_scope(const ExpRule *r, const ExpShipment *s);
extern ExpWhy exp_decide_dates(const ExpRule *r, const ExpShipment *s);
extern ExpWhy exp_decide_value(const ExpRule *r, const ExpShipment *s);
extern int	exp_outcome(ExpWhy why);
extern bool exp_in_force_on(const ExpRule *r, DateADT d);
extern int	exp_suspension_on(const ExpRule *r, DateADT d);
extern Datum exp_reason(ExpRules *rs, ExpRule *r, ExpWhy why,
							const ExpShipment *s, int64 content_ppm,
							const char *view);
extern bool exp_has_country(const char *codes, int n, const char *cc);
extern char *exp_spi_text(HeapTuple tup, TupleDesc desc, int col);

#endif							/* RARE_TRACE_EXPORT_RULES_H */
