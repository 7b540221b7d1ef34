/*-------------------------------------------------------------------------
 *
 * export_licence.c
 *	  Export licences drawn down exactly: the validating trigger of
 *	  rare_trace.export_licence and rare_trace.enforce_export_licence(), the
 *	  trigger for users' export tables.
 *
 * enforce_export_licence runs AFTER INSERT, UPDATE or DELETE FOR EACH
 * STATEMENT with transition tables, on the quota trigger's machinery
 * (rt_charge.c): it reads each new row's lot, destination, date and cited
 * licence, decides with rt_licence_need (export_check.c, the rule behind
 * licence_required()) whether the shipment needs a licence, checks the
 * cited licence (exists, valid on the date, covers the exporter, the
 * destination, the controlled elements and the form), sums the lots' mass
 * per licence exactly (grams, as kg with 3 decimals), releases old rows'
 * mass, and applies each licence's net change with one conditional UPDATE
 * in descending id order:
 *
 *	UPDATE export_licence SET used_kg = used_kg + charge - release
 *	 WHERE id = $1 AND (charge <= release OR used_kg + charge - release <= limit_kg)
 *
 * A row that needs no licence passes without one; a row that cites a
 * licence draws it down (and must satisfy it) whether or not it needs one,
 * so that what a row charges never depends on rules added later, and a
 * DELETE releases exactly what the INSERT charged.
 *
 * Trigger arguments: lot=COLUMN (rare_lot), destination=COLUMN (text),
 * date=COLUMN (date), licence=COLUMN (text; NULL = none cited).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_licence.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export.h"
#include "quota.h"
#include "rt_charge.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"


/* Longest licence number (the table's check), terminator excluded. */
#define LICENCE_NO_MAX	64

/* Grams are kilograms x 10^3. */
#define KG_SCALE		3

/* Longest enterprise code CC-ENTERPRISE, terminator included. */
#define ENT_CODE_MAX	(3 + RT_ENTERPRISE_MAX + 1)

/* Slots of the lookup cache in front of the licence hash table. */
#define LIC_RECENT	64

/* One cited licence, as read once per statement, and its row sums. */
typedef struct LicEntry
{
	char		no[LICENCE_NO_MAX + 1]; /* hash key, zero-filled */
	int			nolen;			/* strlen(no) */
	bool		exists;
	int64		id;
	char		exporter[ENT_CODE_MAX];
	int			exporter_len;
	char		dest[2];
	uint32		elements;		/* bit per element index */
	uint32		forms;			/* bit per LotForm */
	DateADT		from;
	DateADT		until;
	char	   *elements_s;
	char	   *forms_s;
	RtChargeSum charge;			/* grams of new rows */
	RtChargeSum release;		/* grams of old rows */
	/* the first charging row, for the no-room message */
	char		first_lot[RT_CODE_MAX + 1];
	const char *first_ref;
	uint32		first_elements;
} LicEntry;

/* Net change of one licence (rt_charge.h). */
typedef struct LicNet
{
	RtNet		net;
	LicEntry   *lic;
} LicNet;

/* Per-statement state of the trigger. */
typedef struct LicState
{
	MemoryContext cxt;
	MemoryContext rowcxt;
	Relation	rel;
	LicArgs		la;
	HTAB	   *licences;
	LicEntry   *recent[LIC_RECENT]; /* direct-mapped cache of licences */
	LicEntry	too_long;		/* any number too long to exist */
	void	   *rules_cache;	/* rt_licence_rules' cache */
	void	   *rules;			/* this statement's rules, once read */
	char		dest_raw[2];	/* the last destination as written */
	char		dest_cc[2];		/* and as a country code */
	bool		dest_valid;
	bool		is_new;
} LicState;

/* What one row needs, for the messages. */
typedef struct LicNeed
{
	int			outcome;		/* RT_LICENCE_NO, _YES or _UNDET */
	uint32		elements;
	const char *reference;
	const RareLot *lotp;		/* the row's lot */
	char		lot[RT_CODE_MAX + 1];	/* its code, written when needed */
	char		from[2];
	char		dest[2];
	DateADT		date;
} LicNeed;

static SPIPlanPtr plan_licence = NULL;
static SPIPlanPtr plan_registered = NULL;
static SPIPlanPtr plan_update = NULL;
static SPIPlanPtr plan_room = NULL;

/* A date as text. */
static char *
date_str(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/* The items of kind in mask, ", "-separated, in the kind's order. */
static char *
item_list(ItemKind kind, int nitems, uint32 mask)
{
	StringInfoData b;

	initStringInfo(&b);
	for (int k = 0; k < nitems; k++)
		if (mask & (UINT32_C(1) << k))
			appendStringInfo(&b, "%s%s", b.len > 0 ? ", " : "",
							 rt_item_name(kind, k, NULL));
	return b.data;
}

/* The element symbols of mask, ", "-separated. */
static char *
element_list(uint32 mask)
{
	return item_list(ITEM_ELEMENT, RT_NUM_ELEMENTS, mask);
}

/* Bits of the items of a (canonical, NULL-free) text[] of kind. */
static uint32
item_mask(Datum arr, ItemKind kind)
{
	Datum	   *items;
	bool	   *nulls;
	int			n;
	uint32		mask = 0;

	deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false,
					  TYPALIGN_INT, &items, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		int			k;

		if (nulls[i])
			continue;
		k = rt_item_index(kind, VARDATA_ANY(DatumGetTextPP(items[i])),
						  VARSIZE_ANY_EXHDR(DatumGetTextPP(items[i])));
		if (k >= 0)
			mask |= UINT32_C(1) << k;
	}
	return mask;
}

/* Column text of row tup, as its text form. */
static char *
col_text(HeapTuple tup, TupleDesc desc, int col)
{
	char	   *s = SPI_getvalue(tup, desc, col);

	return s ? s : "";
}

/*
 * Read licence e->no into e (e->exists false when there is none).  The
 * caller is connected to SPI; strings go to cxt.
 */
static void
read_licence(LicEntry *e, MemoryContext cxt)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(e->no)};
	SPIPlanPtr	plan = rt_saved_plan(&plan_licence,
									 "SELECT l.id, l.exporter, l.destination, l.elements, l.forms,"
									 " l.valid_from, l.valid_until"
									 " FROM rare_trace.export_licence AS l"
									 " WHERE l.licence_no OPERATOR(pg_catalog.=) $1",
									 1, types);
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	MemoryContext old;

	if (SPI_execute_plan(plan, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading export_licence failed");
	e->exists = SPI_processed == 1;
	if (!e->exists)
		return;
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	e->id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	strlcpy(e->exporter, col_text(tup, desc, 2), ENT_CODE_MAX);
	e->exporter_len = strlen(e->exporter);
	memcpy(e->dest, col_text(tup, desc, 3), 2);
	e->elements = item_mask(SPI_getbinval(tup, desc, 4, &isnull), ITEM_ELEMENT);
	e->forms = item_mask(SPI_getbinval(tup, desc, 5, &isnull), ITEM_FORM);
	e->from = DatumGetDateADT(SPI_getbinval(tup, desc, 6, &isnull));
	e->until = DatumGetDateADT(SPI_getbinval(tup, desc, 7, &isnull));
	old = MemoryContextSwitchTo(cxt);
	e->elements_s = element_list(e->elements);
	e->forms_s = item_list(ITEM_FORM, RT_NUM_FORMS, e->forms);
	MemoryContextSwitchTo(old);
}

/*
 * Slot of licence number no[0..len) in the lookup cache: its length and
 * last four characters (numbers of one series differ at the end), mixed.
 */
static int
recent_slot(const char *no, size_t len)
{
	uint32		h = (uint32) len;

	for (size_t i = len > 4 ? len - 4 : 0; i < len; i++)
		h = h * 31 + (unsigned char) no[i];
	return (int) ((h ^ (h >> 7)) % LIC_RECENT);
}

/*
 * The entry of licence number no[0..len), read on first use.  A statement
 * citing a few licences over many rows finds them in the direct-mapped
 * cache without hashing the full key; the hash table holds them all.  A
 * number longer than any licence's cannot exist (and is not hashed:
 * truncated, it could match another).
 */
static LicEntry *
lookup_licence(LicState *ls, const char *no, size_t len)
{
	char		key[LICENCE_NO_MAX + 1];
	bool		found;
	int			slot;
	LicEntry   *e;

	if (len > LICENCE_NO_MAX)
		return &ls->too_long;	/* (exists is false) */
	slot = recent_slot(no, len);
	e = ls->recent[slot];
	if (e != NULL && e->nolen == (int) len && memcmp(e->no, no, len) == 0)
		return e;
	memset(key, 0, sizeof(key));
	memcpy(key, no, len);
	e = (LicEntry *) hash_search(ls->licences, key, HASH_ENTER, &found);
	if (!found)
	{
		memset((char *) e + sizeof(e->no), 0, sizeof(LicEntry) - sizeof(e->no));
		e->nolen = (int) len;
		read_licence(e, ls->cxt);
	}
	ls->recent[slot] = e;
	return e;
}

/* The code of the row's lot, for messages (written on first use). */
static const char *
lot_code(LicNeed *n)
{
	if (n->lot[0] == '\0')
		n->lot[rare_lot_write_code(n->lotp, true, n->lot)] = '\0';
	return n->lot;
}

/* What a licence is required for, as a clause of a message. */
static char *
need_clause(LicNeed *n)
{
	if (n->outcome == RT_LICENCE_YES)
		return psprintf("lot %s needs a licence under %s for %s", lot_code(n),
						n->reference, element_list(n->elements));
	if (n->outcome == RT_LICENCE_UNDET)
		return psprintf("lot %s may need a licence under %s for %s (undetermined)",
						lot_code(n), n->reference, element_list(n->elements));
	return psprintf("no rule requires a licence for lot %s, but a cited licence must hold",
					lot_code(n));
}

/* The shipment, as errdetail. */
static int
shipment_detail(LicNeed *n, const char *extra)
{
	return errdetail("Lot %s ships from %.2s to %.2s on %s.%s%s", lot_code(n),
					 n->from, n->dest, date_str(n->date),
					 extra ? " " : "", extra ? extra : "");
}

/* Refuse a row that needs a licence and cites none. */
static pg_noreturn void
refuse_uncited(const LicState *ls, LicNeed *n)
{
	ereport(ERROR,
			(errcode(ERRCODE_RT_LICENCE_NOT_CITED),
			 errmsg("no export licence cited: %s", need_clause(n)),
			 shipment_detail(n, n->outcome == RT_LICENCE_UNDET ?
							 "The rule's test cannot be decided for this shipment, and an undetermined test never passes." :
							 NULL),
			 errhint("Cite a licence of rare_trace.export_licence in column \"%s\"; rare_trace.export_check() gives each rule's reason. Nothing of this statement was kept.",
					 ls->la.licence_col)));
}

/* Refuse a cited licence that does not exist. */
static pg_noreturn void
refuse_unknown(const char *no, LicNeed *n)
{
	ereport(ERROR,
			(errcode(ERRCODE_RT_LICENCE_UNKNOWN),
			 errmsg("export licence \"%s\" does not exist: %s", no, need_clause(n)),
			 shipment_detail(n, "rare_trace.export_licence has no licence of that number."),
			 errhint("Check the licence number; rare_trace_admin records licences in rare_trace.export_licence. Nothing of this statement was kept.")));
}

/* Is licence e issued to the lot's enterprise (CC-ENTERPRISE)? */
static bool
same_exporter(const LicEntry *e, const RareLot *lot)
{
	return e->exporter_len == 3 + lot->entlen &&
		memcmp(e->exporter, lot->country, 2) == 0 &&
		memcmp(e->exporter + 3, rare_lot_enterprise(lot), lot->entlen) == 0;
}

/*
 * Check that licence e covers the row described by n; refuse it
 * otherwise.
 */
static void
check_cover(const LicEntry *e, LicNeed *n, const RareLot *lot)
{
	uint32		missing = n->elements & ~e->elements;
	char		ent[ENT_CODE_MAX];

	if (n->date < e->from || n->date > e->until)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_NOT_VALID),
				 errmsg("export licence %s is not valid on %s (valid %s to %s): %s",
						e->no, date_str(n->date), date_str(e->from),
						date_str(e->until), need_clause(n)),
				 shipment_detail(n, "A licence is valid from valid_from through valid_until, both days included."),
				 errhint("Cite a licence valid on the shipping date. Nothing of this statement was kept.")));
	if (!same_exporter(e, lot))
	{
		ent[rare_lot_write_code(lot, false, ent)] = '\0';
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_EXPORTER),
				 errmsg("export licence %s does not cover exporter %s (it is issued to %s): %s",
						e->no, ent, e->exporter, need_clause(n)),
				 shipment_detail(n, "The exporter is the enterprise of the lot's code."),
				 errhint("Cite a licence issued to the exporter. Nothing of this statement was kept.")));
	}
	if (memcmp(e->dest, n->dest, 2) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_DESTINATION),
				 errmsg("export licence %s does not cover destination %.2s (it is for %.2s): %s",
						e->no, n->dest, e->dest, need_clause(n)),
				 shipment_detail(n, NULL),
				 errhint("Cite a licence for the destination country. Nothing of this statement was kept.")));
	if (missing != 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_ELEMENT),
				 errmsg("export licence %s does not cover element %s (it covers %s): %s",
						e->no, element_list(missing & -missing), e->elements_s,
						need_clause(n)),
				 shipment_detail(n, psprintf("Not covered: %s.", element_list(missing))),
				 errhint("Cite a licence that covers every controlled element of the lot. Nothing of this statement was kept.")));
	if ((e->forms & (UINT32_C(1) << lot->form)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_FORM),
				 errmsg("export licence %s does not cover form %s (it covers %s): %s",
						e->no, lot_form_name(lot->form), e->forms_s, need_clause(n)),
				 shipment_detail(n, NULL),
				 errhint("Cite a licence that covers the lot's form. Nothing of this statement was kept.")));
}

/*
 * The destination of a row: an assigned country code, upper-cased into
 * cc[0..1].  The last one is remembered (rows of one statement mostly go
 * to few countries).
 */
static void
row_destination(LicState *ls, TupleTableSlot *slot, LicNeed *n, char *cc)
{
	bool		isnull;
	Datum		d = slot_getattr(slot, ls->la.dest_att, &isnull);
	text	   *t;
	int			k;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("export row of lot %s has no destination", lot_code(n)),
				 errhint("rare_trace decides from the destination country whether the shipment needs a licence.")));
	t = DatumGetTextPP(d);
	if (ls->dest_valid && VARSIZE_ANY_EXHDR(t) == 2 &&
		memcmp(VARDATA_ANY(t), ls->dest_raw, 2) == 0)
	{
		memcpy(cc, ls->dest_cc, 2);
		cc[2] = '\0';
		return;
	}
	k = rt_item_index(ITEM_COUNTRY, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid destination \"%s\" of lot %s", text_to_cstring(t), lot_code(n)),
				 errdetail("A country is an assigned ISO 3166-1 alpha-2 code such as CN or JP.")));
	rt_item_name(ITEM_COUNTRY, k, cc);
	if (VARSIZE_ANY_EXHDR(t) == 2)
	{
		memcpy(ls->dest_raw, VARDATA_ANY(t), 2);
		memcpy(ls->dest_cc, cc, 2);
		ls->dest_valid = true;
	}
}

/* The shipping date of a row: present and finite. */
static DateADT
row_date(TupleTableSlot *slot, const LicArgs *la, LicNeed *n)
{
	bool		isnull;
	Datum		d = slot_getattr(slot, la->date_att, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("export row of lot %s has no date", lot_code(n)),
				 errhint("rare_trace decides from the shipping date whether the shipment needs a licence.")));
	if (DATE_NOT_FINITE(DatumGetDateADT(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("shipping date of lot %s is not finite", lot_code(n))));
	return DatumGetDateADT(d);
}

/*
 * Charge a new row to its cited licence after the checks, or let it pass
 * when it cites none and needs none.
 */
static void
charge_row(LicState *ls, TupleTableSlot *slot, const RareLot *lot,
		   LicNeed *n)
{
	char		cc[3];
	bool		isnull;
	Datum		d;
	text	   *t;
	LicEntry   *e;

	row_destination(ls, slot, n, cc);
	memcpy(n->dest, cc, 2);
	n->date = row_date(slot, &ls->la, n);
	memcpy(n->from, lot->country, 2);
	/* one snapshot for the whole statement: the rules are read once */
	if (ls->rules == NULL)
		ls->rules = rt_licence_rules(&ls->rules_cache, ls->cxt);
	n->outcome = rt_licence_need(ls->rules, lot, n->from, n->dest,
								 n->date, &n->elements, &n->reference);
	d = slot_getattr(slot, ls->la.licence_att, &isnull);
	if (isnull)
	{
		if (n->outcome != RT_LICENCE_NO)
			refuse_uncited(ls, n);
		return;
	}
	t = DatumGetTextPP(d);
	e = lookup_licence(ls, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (!e->exists)
		refuse_unknown(text_to_cstring(t), n);
	check_cover(e, n, lot);
	if (e->first_lot[0] == '\0')
	{
		strlcpy(e->first_lot, lot_code(n), sizeof(e->first_lot));
		/* copied: re-reading the rules resets the memory it points into */
		e->first_ref = n->reference ?
			MemoryContextStrdup(ls->cxt, n->reference) : NULL;
		e->first_elements = n->elements;
	}
	RT_CHARGE_ADD(e->charge, (uint64) rare_lot_mass_g(lot), 1);
}

/* Release an old row's mass from the licence it cites (if it exists). */
static void
release_row(LicState *ls, TupleTableSlot *slot, const RareLot *lot)
{
	bool		isnull;
	Datum		d = slot_getattr(slot, ls->la.licence_att, &isnull);
	text	   *t;
	LicEntry   *e;

	if (isnull)
		return;
	t = DatumGetTextPP(d);
	e = lookup_licence(ls, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (e->exists)
		RT_CHARGE_ADD(e->release, (uint64) rare_lot_mass_g(lot), 1);
}

/* One row of a transition table (rt_scan_rows callback). */
static void
licence_row(TupleTableSlot *slot, void *arg)
{
	LicState   *ls = (LicState *) arg;
	RareLotBuf	buf;
	RareLot    *lot;
	LicNeed		n;
	bool		isnull;
	Datum		d = slot_getattr(slot, ls->la.lot_att, &isnull);
	MemoryContext old;

	if (isnull)
		return;					/* no lot, nothing shipped */
	old = MemoryContextSwitchTo(ls->rowcxt);
	lot = rare_lot_from_datum(d, &buf);
	n.lotp = lot;
	n.lot[0] = '\0';
	if (ls->is_new)
		charge_row(ls, slot, lot, &n);
	else
		release_row(ls, slot, lot);
	MemoryContextSwitchTo(old);
	MemoryContextReset(ls->rowcxt); /* returns at once when nothing was allocated */
}

/* Refuse a table that is not in export_licence_table. */
static void
check_registered(Relation rel)
{
	Oid			types[1] = {OIDOID};
	Datum		values[1] = {ObjectIdGetDatum(RelationGetRelid(rel))};
	SPIPlanPtr	plan = rt_saved_plan(&plan_registered,
									 "SELECT FROM rare_trace.export_licence_table AS t"
									 " WHERE t.relid OPERATOR(pg_catalog.=) $1",
									 1, types);

	if (SPI_execute_plan(plan, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "rare_trace: reading export_licence_table failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_NOT_ENFORCED),
				 errmsg("table \"%s\" is not registered for export-licence enforcement",
						RelationGetRelationName(rel)),
				 errdetail("Only tables listed in rare_trace.export_licence_table may draw down or release licences."),
				 errhint("rare_trace_admin registers tables with rare_trace.attach_export_licence().")));
}

/* Report that licence n has no room for charge - release (rt_net_apply). */
static void
report_no_room(const RtNet *net, Datum charge, Datum release,
			   const void *arg)
{
	const LicEntry *e = ((const LicNet *) net)->lic;
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(net->id)};
	SPIPlanPtr	plan = rt_saved_plan(&plan_room,
									 "SELECT limit_kg::text, used_kg::text, (limit_kg - used_kg)::text"
									 " FROM rare_trace.export_licence WHERE id = $1",
									 1, types);
	char	   *requested = DatumGetCString(DirectFunctionCall1(numeric_out,
																DirectFunctionCall2(numeric_sub, charge, release)));
	HeapTuple	row;
	TupleDesc	desc;

	/* not read-only: a fresh snapshot shows what the waiter lost to */
	if (SPI_execute_plan(plan, values, NULL, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_RT_LICENCE_NO_ROOM),
				 errmsg("export licence %s vanished while it was drawn down", e->no)));
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	ereport(ERROR,
			(errcode(ERRCODE_RT_LICENCE_NO_ROOM),
			 errmsg("export licence %s has no room: limit %s kg, used %s kg, requested %s kg (lot %s%s%s%s%s)",
					e->no, SPI_getvalue(row, desc, 1), SPI_getvalue(row, desc, 2),
					requested, e->first_lot,
					e->first_ref ? ", under " : "", e->first_ref ? e->first_ref : "",
					e->first_ref ? " for " : "",
					e->first_ref ? element_list(e->first_elements) : ""),
			 errdetail("This statement's rows citing the licence weigh %s kg net; the licence has %s kg left.",
					   requested, SPI_getvalue(row, desc, 3)),
			 errhint("Nothing of this statement was kept. Ship less, or ask rare_trace_admin to raise limit_kg.")));
}

/* Apply every licence's net change, in descending id order. */
static void
apply_licences(LicState *ls)
{
	Oid			types[3] = {INT8OID, NUMERICOID, NUMERICOID};
	SPIPlanPtr	plan = rt_saved_plan(&plan_update,
									 "UPDATE rare_trace.export_licence"
									 " SET used_kg = trim_scale(used_kg + $2 - $3)"
									 " WHERE id = $1 AND ($2 <= $3 OR used_kg + $2 - $3 <= limit_kg)",
									 3, types);
	HTAB	   *net = rt_net_create("rare_trace licence changes", sizeof(LicNet),
									ls->cxt);
	HASH_SEQ_STATUS seq;
	LicEntry   *e;

	hash_seq_init(&seq, ls->licences);
	while ((e = (LicEntry *) hash_seq_search(&seq)) != NULL)
	{
		bool		found;
		LicNet	   *n;

		if (!e->exists)
			continue;
		n = (LicNet *) rt_net_add(net, e->id, &e->charge, &e->release, &found);
		n->lic = e;
	}
	rt_net_apply(net, plan, KG_SCALE, report_no_room, ls);
}

PG_FUNCTION_INFO_V1(rare_trace_enforce_export_licence);
/*
 * The trigger function; see the file header.
 */
Datum
rare_trace_enforce_export_licence(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Tuplestorestate *newrows;
	Tuplestorestate *oldrows;
	LicState	ls;
	HASHCTL		ctl;
	MemoryContext old;

	rt_statement_tables(fcinfo, LIC_FN "()", "rare_trace.attach_export_licence()",
						&newrows, &oldrows);
	memset(&ls, 0, sizeof(ls));
	ls.rel = td->tg_relation;
	rt_licence_args(ls.rel, td->tg_trigger->tgnargs, td->tg_trigger->tgargs,
					&ls.la);
	if ((newrows == NULL || tuplestore_tuple_count(newrows) == 0) &&
		(oldrows == NULL || tuplestore_tuple_count(oldrows) == 0))
		return PointerGetDatum(NULL);

	ls.cxt = AllocSetContextCreate(CurrentMemoryContext, "rare_trace licences",
								   ALLOCSET_DEFAULT_SIZES);
	ls.rowcxt = AllocSetContextCreate(ls.cxt, "rare_trace licence row",
									  ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(ls.cxt);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = LICENCE_NO_MAX + 1;
	ctl.entrysize = sizeof(LicEntry);
	ctl.hcxt = ls.cxt;
	ls.licences = hash_create("rare_trace licences", 16, &ctl,
							  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rare_trace: SPI_connect failed");
	check_registered(ls.rel);
	ls.is_new = true;
	if (newrows != NULL)
		rt_scan_rows(newrows, RelationGetDescr(ls.rel), licence_row, &ls);
	ls.is_new = false;
	if (oldrows != NULL)
		rt_scan_rows(oldrows, RelationGetDescr(ls.rel), licence_row, &ls);
	apply_licences(&ls);
	SPI_finish();

	MemoryContextSwitchTo(old);
	MemoryContextDelete(ls.cxt);
	return PointerGetDatum(NULL);
}

/*
 * The guard: validation of rare_trace.export_licence rows.
 */

/* A text[] column of the row, checked and made canonical (non-empty). */
static Datum
licence_items(HeapTuple tup, TupleDesc desc, const char *col, ItemKind kind)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, col), desc, &isnull);
	uint32		mask;

	if (isnull)
		return (Datum) 0;		/* NOT NULL: the constraint says so */
	if (ArrayGetNItems(ARR_NDIM(DatumGetArrayTypeP(d)),
					   ARR_DIMS(DatumGetArrayTypeP(d))) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of an export licence must not be empty", col)));
	return rt_normalize_items(d, col, kind, &mask);
}

/* The destination column, checked and upper-cased. */
static Datum
licence_destination(HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, "destination"), desc, &isnull);
	char		cc[3];
	char	   *s;
	int			k;

	if (isnull)
		return (Datum) 0;
	s = TextDatumGetCString(d);
	k = rt_item_index(ITEM_COUNTRY, s, strlen(s));
	if (k < 0)
		rt_bad_item(ITEM_COUNTRY, "destination", s);
	return CStringGetTextDatum(rt_item_name(ITEM_COUNTRY, k, cc));
}

/* A date column: NULL (the constraint says so) or finite. */
static void
licence_date(HeapTuple tup, TupleDesc desc, const char *col)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, col), desc, &isnull);

	if (!isnull && DATE_NOT_FINITE(DatumGetDateADT(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s of an export licence must be a finite date", col),
				 errdetail("A licence is valid on days; infinity is not a day.")));
}

/* A numeric column: NULL (the constraint says so) or finite. */
static void
licence_number(HeapTuple tup, TupleDesc desc, const char *col)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, col), desc, &isnull);

	if (!isnull && (numeric_is_nan(DatumGetNumeric(d)) ||
					numeric_is_inf(DatumGetNumeric(d))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of an export licence must be a finite number of kg", col),
				 errdetail("NaN and Infinity are not quantities.")));
}

/* A validated, canonical licence row. */
static HeapTuple
validate_licence(HeapTuple tup, TupleDesc desc)
{
	int			attnums[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			n = 0;

	values[n] = licence_items(tup, desc, "elements", ITEM_ELEMENT);
	if (values[n] != (Datum) 0)
		attnums[n++] = SPI_fnumber(desc, "elements");
	values[n] = licence_items(tup, desc, "forms", ITEM_FORM);
	if (values[n] != (Datum) 0)
		attnums[n++] = SPI_fnumber(desc, "forms");
	values[n] = licence_destination(tup, desc);
	if (values[n] != (Datum) 0)
		attnums[n++] = SPI_fnumber(desc, "destination");
	licence_number(tup, desc, "limit_kg");
	licence_number(tup, desc, "used_kg");
	licence_date(tup, desc, "valid_from");
	licence_date(tup, desc, "valid_until");
	return heap_modify_tuple_by_cols(tup, desc, n, attnums, values, nulls);
}

/* used_kg of a row is not zero. */
static bool
has_charges(HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, "used_kg"), desc, &isnull);

	return !isnull &&
		DatumGetBool(DirectFunctionCall2(numeric_ne, d,
										 DirectFunctionCall1(int4_numeric,
															 Int32GetDatum(0))));
}

/* licence_no of a row. */
static char *
licence_no(HeapTuple tup, TupleDesc desc)
{
	char	   *s = SPI_getvalue(tup, desc, SPI_fnumber(desc, "licence_no"));

	return s ? s : "";
}

PG_FUNCTION_INFO_V1(rare_trace_export_licence_guard);
/*
 * BEFORE row trigger of export_licence: every written row is validated
 * and its arrays and destination stored canonically; a licence with
 * charges keeps its number and cannot be deleted (the rows citing it
 * would no longer release it).
 */
Datum
rare_trace_export_licence_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("export_licence_guard must be a BEFORE ... FOR EACH ROW trigger")));
	desc = RelationGetDescr(td->tg_relation);
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) &&
		has_charges(td->tg_trigtuple, desc) &&
		(TRIGGER_FIRED_BY_DELETE(td->tg_event) ||
		 strcmp(licence_no(td->tg_trigtuple, desc),
				licence_no(td->tg_newtuple, desc)) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
				 errmsg("export licence %s has kg drawn down; it cannot be %s",
						licence_no(td->tg_trigtuple, desc),
						TRIGGER_FIRED_BY_DELETE(td->tg_event) ? "deleted" : "renumbered"),
				 errdetail("Rows of enforced export tables cite it by number and release it when they are deleted or changed."),
				 errhint("Delete or change the export rows citing it first.")));
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		return PointerGetDatum(td->tg_trigtuple);
	return PointerGetDatum(validate_licence(TRIGGER_FIRED_BY_INSERT(td->tg_event) ?
											td->tg_trigtuple : td->tg_newtuple,
											desc));
}
