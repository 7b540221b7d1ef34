/*-------------------------------------------------------------------------
 *
 * quota_args.c
 *	  The arguments of rare_trace.enforce_quota(): the one parser, used by
 *	  the trigger (rt_quota_args) and, through
 *	  rare_trace.enforce_quota_args(), by rare_trace.quota_reconcile().
 *
 * Arguments, each "key=value":
 *	lot=COLUMN				rare_lot column (required)
 *	date=COLUMN				date column (required)
 *	activity=NAME | activity_column=COLUMN		(one required)
 *	category=NAME | category_column=COLUMN		(optional)
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota_args.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "quota.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

/*
 * Report a bad trigger argument of the trigger on table relname; detail
 * is a full sentence.
 */
static pg_noreturn void
bad_argument(const char *relname, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rare_trace.enforce_quota argument on table \"%s\"",
					relname),
			 errdetail_internal("%s", detail),
			 errhint("Arguments are 'lot=COLUMN', 'date=COLUMN', 'activity=NAME' or 'activity_column=COLUMN', and optionally 'category=NAME' or 'category_column=COLUMN'.")));
}

/*
 * Parse one "key=value" argument into out.
 */
static void
parse_one(const char *arg, const char *relname, QuotaArgNames *out)
{
	const char *eq = strchr(arg, '=');
	const char *val;
	size_t		klen;

	if (eq == NULL)
		bad_argument(relname, psprintf("Argument \"%s\" is not of the form key=value.", arg));
	klen = eq - arg;
	val = eq + 1;
	if (*val == '\0')
		bad_argument(relname, psprintf("Argument \"%s\" has an empty value.", arg));

	if (klen == 3 && strncmp(arg, "lot", 3) == 0)
		out->lot = val;
	else if (klen == 4 && strncmp(arg, "date", 4) == 0)
		out->date = val;
	else if (klen == 8 && strncmp(arg, "activity", 8) == 0)
	{
		out->activity_index = rt_activity_index(val, strlen(val));
		if (out->activity_index < 0)
			bad_argument(relname,
						 psprintf("Unknown activity \"%s\": expected %s.",
								  val, rt_activity_list(" or ")));
		out->activity = val;
	}
	else if (klen == 15 && strncmp(arg, "activity_column", 15) == 0)
		out->activity_column = val;
	else if (klen == 8 && strncmp(arg, "category", 8) == 0)
	{
		if (strlen(val) >= NAMEDATALEN)
			bad_argument(relname, psprintf("Category \"%s\" is too long.", val));
		out->category = val;
	}
	else if (klen == 15 && strncmp(arg, "category_column", 15) == 0)
		out->category_column = val;
	else
		bad_argument(relname, psprintf("Unknown argument \"%s\".", arg));
}

/*
 * Parse the trigger arguments args[0..nargs) of the trigger on table
 * relname into names; the strings stay those of args.
 */
void
rt_parse_quota_args(int nargs, char **args, const char *relname,
					QuotaArgNames *out)
{
	memset(out, 0, sizeof(*out));
	out->activity_index = -1;
	for (int i = 0; i < nargs; i++)
		parse_one(args[i], relname, out);
	if (out->lot == NULL)
		bad_argument(relname, "The lot=COLUMN argument is missing.");
	if (out->date == NULL)
		bad_argument(relname, "The date=COLUMN argument is missing.");
	if (out->activity == NULL && out->activity_column == NULL)
		bad_argument(relname, "Give activity=NAME or activity_column=COLUMN.");
	if (out->activity != NULL && out->activity_column != NULL)
		bad_argument(relname, "Give activity=NAME or activity_column=COLUMN, not both.");
	if (out->category != NULL && out->category_column != NULL)
		bad_argument(relname, "Give category=NAME or category_column=COLUMN, not both.");
}

/*
 * Attribute number of a column named by a trigger argument; it must exist
 * and have the expected type (InvalidOid: text-like, any string type).
 */
static AttrNumber
argument_column(Relation rel, const char *name, Oid type, const char *what)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			att = SPI_fnumber(desc, name);
	Oid			atttype;

	if (att <= 0)
		bad_argument(RelationGetRelationName(rel),
					 psprintf("Column \"%s\" does not exist.", name));
	/* a domain counts as its base type (e.g. rare_trace.activity) */
	atttype = getBaseType(TupleDescAttr(desc, att - 1)->atttypid);
	if (type != InvalidOid ? atttype != type :
		(atttype != TEXTOID && atttype != VARCHAROID))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("invalid rare_trace.enforce_quota argument on table \"%s\"",
						RelationGetRelationName(rel)),
				 errdetail("Column \"%s\" has type %s, but the %s column must be of type %s.",
						   name, format_type_be(atttype), what,
						   type != InvalidOid ? format_type_be(type) : "text")));
	return (AttrNumber) att;
}

/*
 * Parse the trigger's arguments and resolve the columns against its table.
 */
void
rt_quota_args(Relation rel, int nargs, char **args, Oid lot_type,
			  QuotaArgs *qa)
{
	QuotaArgNames names;

	rt_parse_quota_args(nargs, args, RelationGetRelationName(rel), &names);
	memset(qa, 0, sizeof(*qa));
	qa->lot_att = argument_column(rel, names.lot, lot_type, "lot");
	qa->date_att = argument_column(rel, names.date, DATEOID, "date");
	qa->activity = names.activity_index;
	if (names.activity_column != NULL)
		qa->activity_att = argument_column(rel, names.activity_column,
										   InvalidOid, "activity");
	if (names.category != NULL)
	{
		strlcpy(qa->category, names.category, NAMEDATALEN);
		qa->has_category = true;
	}
	if (names.category_column != NULL)
		qa->category_att = argument_column(rel, names.category_column,
										   InvalidOid, "category");
}

PG_FUNCTION_INFO_V1(rare_trace_enforce_quota_args);
/*
 * enforce_quota_args(tab, tgargs) -> (lot_column, date_column, activity,
 * activity_column, category, category_column): the arguments of an
 * enforce_quota trigger on tab, from pg_trigger.tgargs (NUL-terminated
 * strings), parsed by rt_parse_quota_args.  Absent ones are NULL.
 */
Datum
rare_trace_enforce_quota_args(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	bytea	   *raw = PG_GETARG_BYTEA_PP(1);
	char	   *buf = VARDATA_ANY(raw);
	int			len = VARSIZE_ANY_EXHDR(raw);
	char	  **args = palloc(sizeof(char *) * (len + 1));
	int			nargs = 0;
	char	   *relname = get_rel_name(relid);
	QuotaArgNames names;
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6];
	const char *v[6];

	/* tgargs holds each argument followed by a NUL */
	for (int start = 0, i = 0; i < len; i++)
		if (buf[i] == '\0')
		{
			args[nargs++] = pnstrdup(buf + start, i - start);
			start = i + 1;
		}
	rt_parse_quota_args(nargs, args, relname ? relname : "?", &names);

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	v[0] = names.lot;
	v[1] = names.date;
	v[2] = names.activity;
	v[3] = names.activity_column;
	v[4] = names.category;
	v[5] = names.category_column;
	for (int i = 0; i < 6; i++)
	{
		nulls[i] = v[i] == NULL;
		values[i] = nulls[i] ? (Datum) 0 : CStringGetTextDatum(v[i]);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc),
													  values, nulls)));
}
