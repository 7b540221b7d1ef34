/*-------------------------------------------------------------------------
 *
 * provenance_type.c
 *	  The provenance type: the result of the provenance aggregate.  It is
 *	  stored as jsonb (so the cast to jsonb is binary) and its input checks
 *	  that the value has the shape the aggregate produces: an object with a
 *	  "sinks" array and an "issues" array.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/provenance_type.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "rare_trace.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

/* Is key in the top-level object and an array? */
static bool
has_array(Jsonb *jb, const char *key)
{
	JsonbValue	k;
	JsonbValue *v;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	v = findJsonbValueFromContainer(&jb->root, JB_FOBJECT, &k);
	return v != NULL && v->type == jbvBinary &&
		JsonContainerIsArray(v->val.binary.data);
}

/*
 * Raise an error unless jb has the shape of a provenance value.
 */
static void
check_shape(Jsonb *jb, int sqlstate)
{
	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb) ||
		!has_array(jb, "sinks") || !has_array(jb, "issues"))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid provenance value"),
				 errdetail("A provenance value is a JSON object with a \"sinks\" array and an \"issues\" array, as the provenance aggregate returns.")));
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_in);
/*
 * Text input: JSON, checked for the provenance shape.
 */
Datum
rare_trace_provenance_in(PG_FUNCTION_ARGS)
{
	Datum		d = DirectFunctionCall1(jsonb_in, PG_GETARG_DATUM(0));

	check_shape(DatumGetJsonbP(d), ERRCODE_INVALID_TEXT_REPRESENTATION);
	return d;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_out);
/*
 * Text output: the JSON text.
 */
Datum
rare_trace_provenance_out(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(jsonb_out, PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_recv);
/*
 * Binary input: jsonb's binary form, checked like text input.
 */
Datum
rare_trace_provenance_recv(PG_FUNCTION_ARGS)
{
	Datum		d = DirectFunctionCall1(jsonb_recv, PG_GETARG_DATUM(0));

	check_shape(DatumGetJsonbP(d), ERRCODE_INVALID_BINARY_REPRESENTATION);
	return d;
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_send);
/*
 * Binary output: jsonb's binary form.
 */
Datum
rare_trace_provenance_send(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(jsonb_send, PG_GETARG_DATUM(0));
}
