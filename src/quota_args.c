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

/* Hint of the enforce_quota argument errors. */
#define QUOTA_ARGS_HINT \
	"Arguments are 'lot=COLUMN', 'date=COLUMN', 'activity=NAME' or 'activity_column=COLUMN', and optionally 'category=NAME' or 'category_column=COLUMN'."

#define QUOTA_FN	"rare_trace.enforce_quota"

/*
 * Report a bad argument of trigger function fn on table relname; detail
 * is a full sentence, hint lists the arguments.
 */
pg_noreturn void
rt_bad_trigger_argument(const char *fn, const char *relname,
						const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s argument on table \"%s\"", fn, relname),
			 errdetail_internal("%s", detail),
			 errhint("%s", hint)));
}

/* A bad enforce_quota argument. */
static pg_noreturn void
bad_argument(const char *relname, const char *detail)
{
	rt_bad_trigger_argument(QUOTA_FN, relname, detail, QUOTA_ARGS_HINT);
}

/*
 * The one parser of rare_trace's "key=value" trigger arguments: each of
 * args[0..nargs) must name one of keys[0..nkeys), at most once, whose
 * *value (NULL on entry) is set to the string of args; fn, relname and
 * hint are for the errors.
 */
void
rt_parse_trigger_args(const char *fn, const char *hint, int nargs,
					  char **args, const char *relname, const RtArgKey *keys,
					  int nkeys)
{
	for (int i = 0; i < nargs; i++)
	{
		const char *arg = args[i];
		const char *eq = strchr(arg, '=');
		int			k;

		if (eq == NULL)
			rt_bad_trigger_argument(fn, relname,
									psprintf("Argument \"%s\" is not of the form key=value.", arg),
									hint);
		if (eq[1] == '\0')
			rt_bad_trigger_argument(fn, relname,
									psprintf("Argument \"%s\" has an empty value.", arg),
									hint);
		for (k = 0; k < nkeys; k++)
			if (strlen(keys[k].key) == (size_t) (eq - arg) &&
				strncmp(arg, keys[k].key, eq - arg) == 0)
				break;
		if (k == nkeys)
			rt_bad_trigger_argument(fn, relname,
									psprintf("Unknown argument \"%s\".", arg),
									hint);
		if (*keys[k].value != NULL)
			rt_bad_trigger_argument(fn, relname,
									psprintf("Argument \"%s\" is given more than once.",
											 keys[k].key),
									hint);
		*keys[k].value = eq + 1;
	}
}

/*
 * Parse the trigger arguments args[0..nargs) of the trigger on table
 * relname into names; the strings stay those of args.
 */
void
rt_parse_quota_args(int nargs, char **args, const char *relname,
					QuotaArgNames *out)
{
	RtArgKey	keys[] = {
		{"lot", &out->lot},
		{"date", &out->date},
		{"activity", &out->activity},
		{"activity_column", &out->activity_column},
		{"category", &out->category},
		{"category_column", &out->category_column},
	};

	memset(out, 0, sizeof(*out));
	out->activity_index = -1;
	rt_parse_trigger_args(QUOTA_FN, QUOTA_ARGS_HINT, nargs, args, relname,
						  keys, lengthof(keys));
	if (out->activity != NULL)
	{
		out->activity_index = rt_activity_index(out->activity,
												strlen(out->activity));
		if (out->activity_index < 0)
			bad_argument(relname,
						 psprintf("Unknown activity \"%s\": expected %s.",
								  out->activity, rt_activity_list(" or ")));
	}
	if (out->category != NULL && strlen(out->category) >= NAMEDATALEN)
		bad_argument(relname, psprintf("Category \"%s\" is too long.",
									   out->category));
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
 * The rule for a column a rare_trace trigger reads: column name of table relid
 * must exist (no system or dropped column) and, a domain counting as its
 * base type, be of type type (InvalidOid: text or varchar).  Returns its
 * attribute number, or 0 if there is none; *basetype is its base type.
 */
AttrNumber
rt_column_check(Oid relid, const char *name, Oid type, Oid *basetype,
			 bool *type_ok)
{
	AttrNumber	att = get_attnum(relid, name);

	*type_ok = false;
	if (att <= 0)
		return 0;
	*basetype = getBaseType(get_atttype(relid, att));
	*type_ok = type != InvalidOid ? *basetype == type :
		(*basetype == TEXTOID || *basetype == VARCHAROID);
	return att;
}

/*
 * Attribute number of a column named by an argument of trigger function
 * fn (hint: its arguments), by the rule of rt_column_check; the trigger's
 * errors.
 */
AttrNumber
rt_argument_column(const char *fn, const char *hint, Relation rel,
				   const char *name, Oid type, const char *what)
{
	Oid			atttype = InvalidOid;
	bool		type_ok;
	AttrNumber	att = rt_column_check(RelationGetRelid(rel), name, type,
									  &atttype, &type_ok);

	if (att == 0)
		rt_bad_trigger_argument(fn, RelationGetRelationName(rel),
								psprintf("Column \"%s\" does not exist.", name),
								hint);
	if (!type_ok)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("invalid %s argument on table \"%s\"",
						fn, RelationGetRelationName(rel)),
				 errdetail("Column \"%s\" has type %s, but the %s column must be of type %s.",
						   name, format_type_be(atttype), what,
						   type != InvalidOid ? format_type_be(type) : "text")));
	return att;
}

/* A column named by an enforce_quota argument. */
static AttrNumber
argument_column(Relation rel, const char *name, Oid type, const char *what)
{
	return rt_argument_column(QUOTA_FN, QUOTA_ARGS_HINT, rel, name, type, what);
}

/*
 * Raise an error unless every column names[i] (NULL: skipped) of table
 * relid follows the rule of rt_column_check for types[i] (the what[i]
 * column): for the SQL functions that check a table before attaching a
 * trigger (enforced_columns, licence_columns).
 */
void
rt_check_columns(Oid relid, int n, char *const *names, const Oid *types,
				 const char *const *what)
{
	for (int i = 0; i < n; i++)
	{
		char	   *tab;
		Oid			atttype = InvalidOid;
		bool		type_ok;

		if (names[i] == NULL)
			continue;
		tab = OidIsValid(relid) ?
			DatumGetCString(DirectFunctionCall1(regclassout,
												ObjectIdGetDatum(relid))) :
			"<NULL>";
		if (!OidIsValid(relid) ||
			rt_column_check(relid, names[i], types[i], &atttype, &type_ok) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of table %s does not exist",
							names[i], tab)));
		if (!type_ok)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("the %s column \"%s\" of table %s has type %s, not %s",
							what[i], names[i], tab, format_type_be(atttype),
							format_type_be(OidIsValid(types[i]) ?
										   types[i] : TEXTOID))));
	}
}

PG_FUNCTION_INFO_V1(rare_trace_enforced_columns);
/*
 * enforced_columns(tab, lot_column, date_column, activity_column,
 * category_column) -> void: raise an error unless every named column
 * follows the rule of rt_column_check (NULL names are skipped), for
 * attach_quota and quota_reconcile.
 */
Datum
rare_trace_enforced_columns(PG_FUNCTION_ARGS)
{
	static const char *const what[4] = {"lot", "date", "activity", "category"};
	Oid			types[4] = {rare_lot_type_oid(), DATEOID, InvalidOid, InvalidOid};
	char	   *names[4];

	for (int i = 0; i < 4; i++)
		names[i] = PG_ARGISNULL(i + 1) ? NULL :
			text_to_cstring(PG_GETARG_TEXT_PP(i + 1));
	rt_check_columns(PG_ARGISNULL(0) ? InvalidOid : PG_GETARG_OID(0), 4,
					 names, types, what);
	PG_RETURN_VOID();
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

/*
 * The arguments of a trigger as pg_trigger.tgargs stores them (each one
 * followed by a NUL), split into *args; returns their number.  For the
 * SQL-callable argument parsers of enforce_quota and
 * enforce_export_licence.
 */
int
rt_split_tgargs(bytea *raw, char ***args)
{
	char	   *buf = VARDATA_ANY(raw);
	int			len = VARSIZE_ANY_EXHDR(raw);
	int			nargs = 0;

	*args = palloc(sizeof(char *) * (len + 1));
	for (int start = 0, i = 0; i < len; i++)
		if (buf[i] == '\0')
		{
			(*args)[nargs++] = pnstrdup(buf + start, i - start);
			start = i + 1;
		}
	return nargs;
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
	char	  **args;
	int			nargs = rt_split_tgargs(PG_GETARG_BYTEA_PP(1), &args);
	char	   *relname = get_rel_name(relid);
	QuotaArgNames names;
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6];
	const char *v[6];

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
