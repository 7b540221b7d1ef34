/*-------------------------------------------------------------------------
 *
 * ledger_canon.c
 *	  The canonical bytes of a flow ledger entry, which its hash covers.
 *
 * Built here only, for the ledger trigger (ledger_trigger.c) and for
 * rare_trace.flow_canonical(), which rare_trace.verify_ledger() uses; the
 * layout is documented in doc/ledger.md, whose Python re-check rebuilds
 * it outside the database.  Changing a byte here breaks every chain.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/ledger_canon.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "ledger.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

const char *const flow_column[FA_COUNT] = {
	"id", "recorded_at", "enterprise", "parent", "child", "kg", "kind",
	"docs", "corrects", "seq", "hash",
	"happened_on", "shipment", "consignee", "cut"
};

static FlowAtts flow_atts_cache;

/* recorded_at of the last entry formatted, and its text (backend-wide). */
static TimestampTz ts_cached;
static bool ts_cached_valid = false;
static char ts_text[64];

/*
 * Find the columns the ledger reads in a row type of rare_trace.flow,
 * checking their types; cached per row type.  The types are checked on
 * every call (a value of the wrong type would be misread), the names too
 * whenever the descriptor is not the one last checked (a column dropped
 * and added again moves).
 */
const FlowAtts *
flow_atts(TupleDesc desc)
{
	FlowAtts   *fa = &flow_atts_cache;
	bool		valid = OidIsValid(fa->typid) && fa->typid == desc->tdtypeid;
	bool		same_desc = valid && desc == fa->desc && desc->natts == fa->natts;

	for (int k = 0; valid && k < FA_COUNT; k++)
	{
		Form_pg_attribute attr;

		/* an optional column found absent: look again in a new descriptor */
		if (fa->att[k] == InvalidAttrNumber)
		{
			valid = same_desc;
			continue;
		}
		if (fa->att[k] > desc->natts)
		{
			valid = false;
			break;
		}
		attr = TupleDescAttr(desc, fa->att[k] - 1);
		valid = !attr->attisdropped && attr->atttypid == fa->types[k] &&
			(same_desc || strcmp(NameStr(attr->attname), flow_column[k]) == 0);
	}
	if (valid)
	{
		fa->desc = desc;
		fa->natts = desc->natts;
		return fa;
	}

	fa->typid = InvalidOid;
	fa->types[FA_ID] = INT8OID;
	fa->types[FA_RECORDED_AT] = TIMESTAMPTZOID;
	fa->types[FA_ENTERPRISE] = TEXTOID;
	fa->types[FA_PARENT] = fa->types[FA_CHILD] =
		rare_lot_type_oid();
	fa->types[FA_KG] = NUMERICOID;
	fa->types[FA_KIND] = TEXTOID;
	fa->types[FA_DOCS] = JSONBOID;
	fa->types[FA_CORRECTS] = INT8OID;
	fa->types[FA_SEQ] = INT8OID;
	fa->types[FA_HASH] = BYTEAOID;
	fa->types[FA_HAPPENED_ON] = DATEOID;
	fa->types[FA_SHIPMENT] = TEXTOID;
	fa->types[FA_CONSIGNEE] = TEXTOID;
	fa->types[FA_CUT] = JSONBOID;
	for (int k = 0; k < FA_COUNT; k++)
	{
		fa->att[k] = InvalidAttrNumber;
		for (int i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute attr = TupleDescAttr(desc, i);

			if (!attr->attisdropped &&
				strcmp(NameStr(attr->attname), flow_column[k]) == 0)
			{
				fa->att[k] = attr->attnum;
				if (attr->atttypid != fa->types[k])
					ereport(ERROR,
							(errcode(ERRCODE_DATATYPE_MISMATCH),
							 errmsg("column \"%s\" of a rare_trace.flow row has type %s, not %s",
									flow_column[k], format_type_be(attr->atttypid),
									format_type_be(fa->types[k]))));
				break;
			}
		}
		/* the 0.6.0 columns are absent under the 0.5.0 schema */
		if (fa->att[k] == InvalidAttrNumber && k < FA_FIRST_OPTIONAL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("a rare_trace.flow row has no column \"%s\"",
							flow_column[k])));
	}
	fa->typid = desc->tdtypeid;
	fa->desc = desc;
	fa->natts = desc->natts;
	return fa;
}

/*
 * Append one field: its length as 4 bytes, big-endian, then the bytes.
 */
static void
append_field(StringInfo buf, const char *data, int len)
{
	uint32		n = pg_hton32((uint32) len);

	appendBinaryStringInfo(buf, (const char *) &n, sizeof(n));
	appendBinaryStringInfo(buf, data, len);
}

/*
 * Append a field given in the database encoding, converted to UTF-8.
 */
static void
append_text_field(StringInfo buf, const char *data, int len)
{
	char	   *utf8 = pg_server_to_any(data, len, PG_UTF8);

	if (utf8 != data)
		len = strlen(utf8);
	append_field(buf, utf8, len);
	if (utf8 != data)
		pfree(utf8);
}

/*
 * Append an int8 as decimal digits.
 */
static void
append_int8_field(StringInfo buf, int64 v)
{
	char		digits[MAXINT8LEN + 1];
	int			len = pg_lltoa(v, digits);

	append_field(buf, digits, len);
}

/*
 * recorded_at as text: UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (the year as
 * %04d of astronomical numbering outside 1-9999; "infinity" and
 * "-infinity" as such).  The last value is cached: a statement's entries
 * share their transaction's timestamp.
 */
static const char *
timestamp_text(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (ts_cached_valid && ts == ts_cached)
		return ts_text;
	if (TIMESTAMP_IS_NOBEGIN(ts))
		strlcpy(ts_text, "-infinity", sizeof(ts_text));
	else if (TIMESTAMP_IS_NOEND(ts))
		strlcpy(ts_text, "infinity", sizeof(ts_text));
	else
	{
		/* no time zone argument: the fields are UTC */
		if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		snprintf(ts_text, sizeof(ts_text), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
				 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
				 tm.tm_sec, (int) fsec);
	}
	ts_cached = ts;
	ts_cached_valid = true;
	return ts_text;
}

/*
 * kg as text: numeric_out of trim_scale(kg), i.e. without trailing zeros
 * after the decimal point (and without the point if none remain).
 */
static void
append_kg_field(StringInfo buf, Datum kg)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, kg));
	int			len = strlen(s);

	if (strchr(s, '.') != NULL)
	{
		while (len > 0 && s[len - 1] == '0')
			len--;
		if (len > 0 && s[len - 1] == '.')
			len--;
	}
	append_field(buf, s, len);
	pfree(s);
}

/*
 * A date as text: YYYY-MM-DD (ISO 8601, whatever DateStyle says; the year
 * as %04d of astronomical numbering outside 1-9999; "infinity" and
 * "-infinity" as such).
 */
static void
append_date_field(StringInfo buf, DateADT d)
{
	char		s[32];
	int			y,
				m,
				day;

	if (DATE_IS_NOBEGIN(d))
		strlcpy(s, "-infinity", sizeof(s));
	else if (DATE_IS_NOEND(d))
		strlcpy(s, "infinity", sizeof(s));
	else
	{
		j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
		snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, day);
	}
	append_field(buf, s, strlen(s));
}

/*
 * A nullable text field: its text, or empty when NULL (the CHECKs of
 * rare_trace.flow make shipment and consignee non-empty).
 */
static void
append_opt_text_field(StringInfo buf, text *t)
{
	if (t == NULL)
		append_field(buf, "", 0);
	else
		append_text_field(buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/*
 * A jsonb field as jsonb prints it.
 */
static void
append_jsonb_field(StringInfo buf, Datum value)
{
	Jsonb	   *j = DatumGetJsonbP(value);
	char	   *s = JsonbToCString(NULL, &j->root, VARSIZE(j));

	append_text_field(buf, s, strlen(s));
	pfree(s);
}

/*
 * The canonical bytes of an entry (see doc/ledger.md):
 *
 *	"rare_trace.flow.v1" (18 bytes), then for each of seq, id, enterprise,
 *	recorded_at, parent, child, kg, kind, docs, corrects a 4-byte
 *	big-endian length and the field's text in UTF-8: integers in decimal,
 *	recorded_at in UTC as 2025-03-01T09:30:00.000000Z, lots in their
 *	canonical text form, kg as trim_scale(kg)::text, docs as jsonb prints
 *	it, corrects empty when NULL.
 *
 *	Version 2 (0.6.0), for an entry with any of happened_on, shipment,
 *	consignee or cut not NULL: the tag "rare_trace.flow.v2", the same ten
 *	fields, then happened_on (YYYY-MM-DD), shipment, consignee and cut
 *	(as jsonb prints it), each empty when NULL.  An entry with none of
 *	them keeps version 1, so that every entry made before 0.6.0 keeps its
 *	hash.
 */
void
flow_canonical_bytes(StringInfo buf, const FlowEntry *e)
{
	RareLotBuf	lotbuf;
	char	   *s;
	bool		v2 = e->has_happened_on || e->shipment != NULL ||
		e->consignee != NULL || e->cut != (Datum) 0;

	StaticAssertStmt(sizeof(RT_FLOW_CANONICAL_TAG) ==
					 sizeof(RT_FLOW_CANONICAL_TAG_V2),
					 "canonical tags differ in length");
	appendBinaryStringInfo(buf, v2 ? RT_FLOW_CANONICAL_TAG_V2 : RT_FLOW_CANONICAL_TAG,
						   sizeof(RT_FLOW_CANONICAL_TAG) - 1);
	append_int8_field(buf, e->seq);
	append_int8_field(buf, e->id);
	append_text_field(buf, VARDATA_ANY(e->enterprise),
					  VARSIZE_ANY_EXHDR(e->enterprise));
	s = (char *) timestamp_text(e->recorded_at);
	append_field(buf, s, strlen(s));

	s = rare_lot_to_cstring(rare_lot_from_datum(e->parent, &lotbuf));
	append_text_field(buf, s, strlen(s));
	pfree(s);
	s = rare_lot_to_cstring(rare_lot_from_datum(e->child, &lotbuf));
	append_text_field(buf, s, strlen(s));
	pfree(s);

	append_kg_field(buf, e->kg);
	append_text_field(buf, VARDATA_ANY(e->kind), VARSIZE_ANY_EXHDR(e->kind));

	append_jsonb_field(buf, e->docs);

	if (e->has_corrects)
		append_int8_field(buf, e->corrects);
	else
		append_field(buf, "", 0);
	if (!v2)
		return;

	if (e->has_happened_on)
		append_date_field(buf, e->happened_on);
	else
		append_field(buf, "", 0);
	append_opt_text_field(buf, e->shipment);
	append_opt_text_field(buf, e->consignee);
	if (e->cut != (Datum) 0)
		append_jsonb_field(buf, e->cut);
	else
		append_field(buf, "", 0);
}

/*
 * Refuse a kg that is NaN or +-Infinity: for a row being inserted (rel
 * given) as the CHECK flow_kg_check would, but naming the value; for a row
 * handed to flow_canonical as a bad argument.
 */
static void
check_kg_finite(Datum kg, Relation rel)
{
	Numeric		n = DatumGetNumeric(kg);
	const char *what;

	if (!numeric_is_nan(n) && !numeric_is_inf(n))
		return;
	what = DatumGetCString(DirectFunctionCall1(numeric_out, kg));
	if (rel != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("kg of a rare_trace.flow entry must be a finite number, not %s", what),
				 errdetail("A flow moves more than 0 and at most 10^12 kg in whole grams (0 only in a correction)."),
				 errtableconstraint(rel, "flow_kg_check")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("kg of a rare_trace.flow entry must be a finite number, not %s", what)));
}

/*
 * The value of an optional (0.6.0) column of a deformed row, or NULL when
 * the column is absent or SQL NULL.
 */
static Datum *
opt_value(const FlowAtts *fa, int k, Datum *values, bool *nulls)
{
	AttrNumber	att = fa->att[k];

	if (att == InvalidAttrNumber || nulls[att - 1])
		return NULL;
	return &values[att - 1];
}

/*
 * Fill a FlowEntry from a deformed row.  A NULL in a column the hash
 * covers (all but corrects) is an error naming the column, and so is a kg
 * that is not a finite number.
 */
void
flow_entry_from_values(const FlowAtts *fa, Datum *values, bool *nulls,
					   Relation rel, FlowEntry *e)
{
	static const int required[] = {
		FA_ID, FA_ENTERPRISE, FA_PARENT, FA_CHILD, FA_KG, FA_KIND, FA_DOCS
	};

	for (int i = 0; i < lengthof(required); i++)
	{
		AttrNumber	att = fa->att[required[i]];

		if (!nulls[att - 1])
			continue;
		if (rel != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
							flow_column[required[i]], RelationGetRelationName(rel)),
					 errtablecol(rel, att)));
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("column \"%s\" of a rare_trace.flow entry is null",
						flow_column[required[i]])));
	}
	e->id = DatumGetInt64(values[fa->att[FA_ID] - 1]);
	e->enterprise = DatumGetTextPP(values[fa->att[FA_ENTERPRISE] - 1]);
	e->parent = values[fa->att[FA_PARENT] - 1];
	e->child = values[fa->att[FA_CHILD] - 1];
	e->kg = values[fa->att[FA_KG] - 1];
	check_kg_finite(e->kg, rel);
	e->kind = DatumGetTextPP(values[fa->att[FA_KIND] - 1]);
	e->docs = values[fa->att[FA_DOCS] - 1];
	e->has_corrects = !nulls[fa->att[FA_CORRECTS] - 1];
	e->corrects = e->has_corrects ?
		DatumGetInt64(values[fa->att[FA_CORRECTS] - 1]) : 0;

	/* the 0.6.0 fields: NULL when NULL or absent */
	e->has_happened_on = false;
	e->happened_on = 0;
	e->shipment = e->consignee = NULL;
	e->cut = (Datum) 0;
	if (opt_value(fa, FA_HAPPENED_ON, values, nulls) != NULL)
	{
		e->has_happened_on = true;
		e->happened_on = DatumGetDateADT(*opt_value(fa, FA_HAPPENED_ON, values, nulls));
	}
	if (opt_value(fa, FA_SHIPMENT, values, nulls) != NULL)
		e->shipment = DatumGetTextPP(*opt_value(fa, FA_SHIPMENT, values, nulls));
	if (opt_value(fa, FA_CONSIGNEE, values, nulls) != NULL)
		e->consignee = DatumGetTextPP(*opt_value(fa, FA_CONSIGNEE, values, nulls));
	if (opt_value(fa, FA_CUT, values, nulls) != NULL)
		e->cut = *opt_value(fa, FA_CUT, values, nulls);
}

PG_FUNCTION_INFO_V1(rare_trace_flow_canonical);
/*
 * rare_trace.flow_canonical(rare_trace.flow): the canonical bytes of an
 * entry, as the trigger hashes them.
 */
Datum
rare_trace_flow_canonical(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	TupleDesc	desc;
	HeapTupleData tuple;
	Datum	   *values;
	bool	   *nulls;
	const FlowAtts *fa;
	FlowEntry	e;
	StringInfoData buf;
	bytea	   *result;

	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row),
								  HeapTupleHeaderGetTypMod(row));
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	values = palloc(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	heap_deform_tuple(&tuple, desc, values, nulls);
	fa = flow_atts(desc);
	flow_entry_from_values(fa, values, nulls, NULL, &e);
	if (nulls[fa->att[FA_SEQ] - 1] || nulls[fa->att[FA_RECORDED_AT] - 1])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("column \"%s\" of a rare_trace.flow entry is null",
						nulls[fa->att[FA_SEQ] - 1] ? "seq" : "recorded_at")));
	e.seq = DatumGetInt64(values[fa->att[FA_SEQ] - 1]);
	e.recorded_at = DatumGetTimestampTz(values[fa->att[FA_RECORDED_AT] - 1]);
	ReleaseTupleDesc(desc);

	initStringInfo(&buf);
	appendStringInfoSpaces(&buf, VARHDRSZ);
	flow_canonical_bytes(&buf, &e);
	result = (bytea *) buf.data;
	SET_VARSIZE(result, buf.len);
	PG_RETURN_BYTEA_P(result);
}
