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
#include "rt_internal.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

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

/* Value of key in an object container, or NULL. */
static JsonbValue *
get_key(JsonbContainer *obj, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	return findJsonbValueFromContainer(obj, JB_FOBJECT, &k);
}

/* A string value as a text datum (NULL when absent or not a string). */
static Datum
string_datum(JsonbValue *v, bool *isnull)
{
	*isnull = (v == NULL || v->type != jbvString);
	if (*isnull)
		return (Datum) 0;
	return PointerGetDatum(cstring_to_text_with_len(v->val.string.val,
													v->val.string.len));
}

/* A numeric value as a numeric datum (NULL when absent or not a number). */
static Datum
numeric_datum(JsonbValue *v, bool *isnull)
{
	*isnull = (v == NULL || v->type != jbvNumeric);
	return *isnull ? (Datum) 0 : NumericGetDatum(v->val.numeric);
}

/* The container of an array or object value, or NULL. */
static JsonbContainer *
container_of(JsonbValue *v)
{
	return (v != NULL && v->type == jbvBinary) ? v->val.binary.data : NULL;
}

/* Number of elements of an array container; 0 for NULL or an object. */
static int
array_size(JsonbContainer *c)
{
	return (c != NULL && JsonContainerIsArray(c)) ? JsonContainerSize(c) : 0;
}

/* Is c an object container? */
static bool
is_object(JsonbContainer *c)
{
	return c != NULL && JsonContainerIsObject(c);
}

/*
 * Emit one row per {"country", "kg", "share"} item of a view's list.
 */
static void
emit_view(ReturnSetInfo *rsinfo, Datum sink, Datum element, const char *view,
		  JsonbContainer *list)
{
	int			n = array_size(list);

	for (int i = 0; i < n; i++)
	{
		JsonbValue *item = getIthJsonbValueFromContainer(list, i);
		JsonbContainer *obj = container_of(item);
		Datum		values[6];
		bool		nulls[6] = {false};

		if (obj == NULL || !JsonContainerIsObject(obj))
			continue;
		values[0] = sink;
		values[1] = element;
		values[2] = CStringGetTextDatum(view);
		values[3] = string_datum(get_key(obj, "country"), &nulls[3]);
		values[4] = numeric_datum(get_key(obj, "kg"), &nulls[4]);
		values[5] = numeric_datum(get_key(obj, "share"), &nulls[5]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(rare_trace_provenance_rows);
/*
 * provenance_rows(provenance): one row per sink, element, view (origin,
 * then the stages in value-chain order) and country, in the result's
 * order.
 */
Datum
rare_trace_provenance_rows(PG_FUNCTION_ARGS)
{
	static const char *const stages[] = {
		"mining", "separation", "refining", "melting", "magnet"
	};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	JsonbContainer *sinks;
	int			nsinks;

	rt_materialize_srf(fcinfo);
	sinks = container_of(get_key(&jb->root, "sinks"));
	nsinks = array_size(sinks);
	for (int s = 0; s < nsinks; s++)
	{
		JsonbContainer *sink = container_of(getIthJsonbValueFromContainer(sinks, s));
		JsonbContainer *elements;
		Datum		code;
		bool		code_null;

		if (!is_object(sink))
			continue;
		code = string_datum(get_key(sink, "code"), &code_null);
		elements = container_of(get_key(sink, "elements"));
		for (int e = 0; e < array_size(elements); e++)
		{
			JsonbContainer *el = container_of(getIthJsonbValueFromContainer(elements, e));
			JsonbContainer *st;
			Datum		sym;
			bool		sym_null;

			if (!is_object(el) || code_null)
				continue;
			sym = string_datum(get_key(el, "element"), &sym_null);
			if (sym_null)
				continue;
			emit_view(rsinfo, code, sym, "origin",
					  container_of(get_key(el, "origin")));
			st = container_of(get_key(el, "stages"));
			for (int v = 0; is_object(st) && v < lengthof(stages); v++)
				emit_view(rsinfo, code, sym, stages[v],
						  container_of(get_key(st, stages[v])));
		}
	}
	return (Datum) 0;
}
