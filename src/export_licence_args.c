/*-------------------------------------------------------------------------
 *
 * export_licence_args.c
 *	  The arguments of rare_trace.enforce_export_licence: the one parser of
 *	  'lot=COLUMN', 'destination=COLUMN', 'date=COLUMN' and 'licence=COLUMN'
 *	  (on the quota trigger's rt_parse_trigger_args), used by the trigger,
 *	  by attach_export_licence (licence_columns) and by licence_reconcile
 *	  (enforce_export_licence_args).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export_licence_args.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "export.h"
#include "quota.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

/*
 * Parse the arguments of an enforce_export_licence trigger on relname into
 * the four column names (names[0..3]: lot, destination, date, licence),
 * every one required: the one parser, for the trigger and for
 * enforce_export_licence_args().
 */
static void
licence_arg_names(int nargs, char **args, const char *relname,
				  const char **names)
{
	RtArgKey	keys[] = {
		{"lot", &names[0]}, {"destination", &names[1]}, {"date", &names[2]},
		{"licence", &names[3]},
	};

	for (int i = 0; i < 4; i++)
		names[i] = NULL;
	rt_parse_trigger_args(LIC_FN, LIC_HINT, nargs, args, relname, keys,
						  lengthof(keys));
	for (int i = 0; i < (int) lengthof(keys); i++)
		if (*keys[i].value == NULL)
			rt_bad_trigger_argument(LIC_FN, relname,
									psprintf("The %s=COLUMN argument is missing.",
											 keys[i].key),
									LIC_HINT);
}

/* Parse the trigger's arguments and resolve the columns of rel. */
void
rt_licence_args(Relation rel, int nargs, char **args, LicArgs *la)
{
	const char *names[4];
	const char *lot;
	const char *dest;
	const char *date;
	const char *licence;

	licence_arg_names(nargs, args, RelationGetRelationName(rel), names);
	lot = names[0];
	dest = names[1];
	date = names[2];
	licence = names[3];
	la->lot_att = rt_argument_column(LIC_FN, LIC_HINT, rel, lot,
									 rare_lot_type_oid(), "lot");
	la->dest_att = rt_argument_column(LIC_FN, LIC_HINT, rel, dest,
									  InvalidOid, "destination");
	la->date_att = rt_argument_column(LIC_FN, LIC_HINT, rel, date, DATEOID,
									  "date");
	la->licence_att = rt_argument_column(LIC_FN, LIC_HINT, rel, licence,
										 InvalidOid, "licence");
	la->licence_col = pstrdup(licence);
}

PG_FUNCTION_INFO_V1(rare_trace_licence_columns);
/*
 * licence_columns(tab, lot_column, destination_column, date_column,
 * licence_column) -> void: raise an error unless the named columns exist
 * with the types enforce_export_licence reads (rt_check_columns, the
 * trigger's own rule), for attach_export_licence.
 */
Datum
rare_trace_licence_columns(PG_FUNCTION_ARGS)
{
	static const char *const what[4] = {"lot", "destination", "date", "licence"};
	Oid			types[4] = {rare_lot_type_oid(), InvalidOid, DATEOID, InvalidOid};
	char	   *names[4];

	for (int i = 0; i < 4; i++)
	{
		if (PG_ARGISNULL(i + 1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the %s column must be named", what[i])));
		names[i] = text_to_cstring(PG_GETARG_TEXT_PP(i + 1));
	}
	rt_check_columns(PG_ARGISNULL(0) ? InvalidOid : PG_GETARG_OID(0), 4,
					 names, types, what);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(rare_trace_enforce_export_licence_args);
/*
 * enforce_export_licence_args(tab, tgargs) -> (lot_column,
 * destination_column, date_column, licence_column): the arguments of an
 * enforce_export_licence trigger on tab, from pg_trigger.tgargs, parsed as
 * the trigger parses them (licence_arg_names).
 */
Datum
rare_trace_enforce_export_licence_args(PG_FUNCTION_ARGS)
{
	char	  **args;
	int			nargs = rt_split_tgargs(PG_GETARG_BYTEA_PP(1), &args);
	char	   *relname = get_rel_name(PG_GETARG_OID(0));
	const char *names[4];
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	licence_arg_names(nargs, args, relname ? relname : "?", names);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	for (int i = 0; i < 4; i++)
		values[i] = CStringGetTextDatum(names[i]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc),
													  values, nulls)));
}
