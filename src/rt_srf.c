/*-------------------------------------------------------------------------
 *
 * rt_srf.c
 *	  Set-up of a set-returning function in materialize mode.
 *
 * PostgreSQL has InitMaterializedSRF() for this, but only from 15.1 on
 * (15.0 called it SetSingleFuncCall()), so a library built against a later
 * 15.x would not load into a 15.0 server.  This is the same set-up, with
 * no dependency on the minor release.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_srf.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "rt_internal.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

/*
 * Prepare fcinfo's ReturnSetInfo for materialize mode: an empty tuplestore
 * in rsinfo->setResult and the function's declared row type in
 * rsinfo->setDesc, both in the per-query memory context.  The caller adds
 * rows with tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, ...).
 */
void
rt_materialize_srf(FunctionCallInfo fcinfo)
{
	rt_materialize_srf_desc(fcinfo, NULL);
}

/*
 * The same with the row type given (a copy is made: the executor frees
 * setDesc after each call), or looked up when desc is NULL.  A function
 * called once per row passes the row type it looked up once, which saves
 * get_call_result_type() on every call.
 */
void
rt_materialize_srf_desc(FunctionCallInfo fcinfo, TupleDesc desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	TupleDesc	tupdesc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));

	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (desc != NULL)
		tupdesc = CreateTupleDescCopy(desc);
	else if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult =
		tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
							  false, work_mem);
	rsinfo->setDesc = tupdesc;
	MemoryContextSwitchTo(oldcxt);
}
