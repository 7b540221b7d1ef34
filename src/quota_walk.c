/*-------------------------------------------------------------------------
 *
 * quota_walk.c
 *	  The walk up the groups, the one implementation: an enterprise (depth
 *	  0) and every group above it, read from rare_trace.enterprise by
 *	  probes of its primary key, and the quotas those holders keep, read by
 *	  probes of rare_trace.quota's unique index quota_key.  The quota
 *	  trigger, applicable_quotas(), approval_problem(), enterprise_chain()
 *	  and the parent check all read the registry here.
 *
 * The walk follows enterprise.parent from the enterprise up.  It stops at
 * the top (a NULL parent), at a parent that has no row, or at a group it
 * has already met (a circle, written with the triggers disabled: each
 * group counts once).  It looks one level past RT_GROUP_DEPTH_MAX, and a
 * registry that deep is rt_chain_guard's error (23000), so the groups
 * above the limit are never silently left uncharged.
 *
 * Every read is an index scan under a snapshot the caller chooses: the
 * active snapshot (what a read-only query of the statement would see) for
 * the trigger and the check functions, a fresh one for the parent check.
 * Nothing is cached across statements, so no registry change can be
 * missed: a statement sees exactly the registry its snapshot sees.  The
 * tables are looked up by name in the schema rare_trace (the extension's
 * schema, fixed by its control file) for every statement, their indexes
 * by what they are (open_index), and are scanned under AccessShareLock.
 * Row-level security on them is refused (open_table), as are unfit
 * indexes.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota_walk.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "quota.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_opfamily.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

/* The schema of the registry (rare_trace.control: schema = rare_trace). */
#define RT_SCHEMA	"rare_trace"

/*
 * Open table name of the schema nsp under AccessShareLock.  Its rows are
 * read without the executor, so without row-level security: a table on
 * which a policy would apply to the current user is refused (a query
 * would have filtered the rows, and silently reading them all would show
 * what the policy hides).
 */
static Relation
open_table(Oid nsp, const char *name)
{
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist", RT_SCHEMA, name)));
	if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("row-level security on %s.%s is not supported", RT_SCHEMA, name),
				 errdetail("rare_trace reads the registry by its indexes, which apply no policies; the policies would apply to the current user."),
				 errhint("Disable row-level security on %s.%s, or grant or revoke SELECT on it instead.",
						 RT_SCHEMA, name)));
	return table_open(relid, AccessShareLock);
}

/*
 * Can index serve the probes of columns atts[0..n) of its table, compared
 * with the btree operator families families[0..n)?  It must be a valid,
 * live btree index whose leading key columns are those columns, with
 * those families, without expressions or a predicate (a partial index
 * would hide rows), and unique when unique is true.
 */
static bool
index_fits(Relation index, const AttrNumber *atts, const Oid *families,
		   int n, bool unique)
{
	Form_pg_index form = index->rd_index;

	if (index->rd_rel->relam != BTREE_AM_OID || !form->indisvalid ||
		!form->indisready || !form->indislive ||
		(unique && !form->indisunique) || form->indnkeyatts < n ||
		!heap_attisnull(index->rd_indextuple, Anum_pg_index_indexprs, NULL) ||
		!heap_attisnull(index->rd_indextuple, Anum_pg_index_indpred, NULL))
		return false;
	for (int i = 0; i < n; i++)
		if (form->indkey.values[i] != atts[i] ||
			index->rd_opfamily[i] != families[i])
			return false;
	return true;
}

/*
 * Open (AccessShareLock) an index of table rel that can serve the probes
 * (index_fits), found by what it is, not by its name, so that a renamed or
 * rebuilt index still serves and an unfit one is never used.  An index
 * built after the transaction's snapshot was taken may lack the row
 * versions that snapshot sees (pg_index.indcheckxmin, as the planner
 * tests it): it is skipped, and when only such an index fits the
 * transaction must be retried (40001).
 */
static Relation
open_index(Relation rel, const AttrNumber *atts, const Oid *families, int n,
		   bool unique)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		too_new = false;

	foreach(lc, indexes)
	{
		Relation	index = index_open(lfirst_oid(lc), AccessShareLock);

		if (index_fits(index, atts, families, n, unique))
		{
			if (!index->rd_index->indcheckxmin ||
				TransactionIdPrecedes(HeapTupleHeaderGetXmin(index->rd_indextuple->t_data),
									  TransactionXmin))
			{
				list_free(indexes);
				return index;
			}
			too_new = true;
		}
		index_close(index, AccessShareLock);
	}
	list_free(indexes);
	if (too_new)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("the index of %s.%s that rare_trace reads was built after this transaction's snapshot",
						RT_SCHEMA, RelationGetRelationName(rel)),
				 errhint("Retry the transaction.")));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("%s.%s has no index rare_trace can read",
					RT_SCHEMA, RelationGetRelationName(rel)),
			 errdetail("rare_trace reads it by a valid btree index on its key columns, without expressions or a predicate, as the extension creates it."),
			 errhint("Restore the extension's constraint on %s.%s.",
					 RT_SCHEMA, RelationGetRelationName(rel))));
	return NULL;				/* keep the compiler quiet */
}

/*
 * Attribute number of column name of rel, which must have it.
 */
static AttrNumber
column_number(Relation rel, const char *name)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return att->attnum;
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("column \"%s\" of relation \"%s.%s\" does not exist",
					name, RT_SCHEMA, RelationGetRelationName(rel))));
	return InvalidAttrNumber;	/* keep the compiler quiet */
}

/*
 * The check a query of rel's columns atts[0..n) would make: SELECT on the
 * table, or else on each of those columns, for the current user.
 */
static void
require_select(Relation rel, const AttrNumber *atts, int n)
{
	Oid			relid = RelationGetRelid(rel);
	Oid			user = GetUserId();

	if (pg_class_aclcheck(relid, user, ACL_SELECT) == ACLCHECK_OK)
		return;
	for (int i = 0; i < n; i++)
		if (pg_attribute_aclcheck(relid, atts[i], user, ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE,
						   RelationGetRelationName(rel));
}

/* See quota.h. */
void
rt_registry_open(RtRegistry *reg, int what, Snapshot snapshot)
{
	static const Oid text_family = TEXT_BTREE_FAM_OID;
	Oid			nsp = get_namespace_oid(RT_SCHEMA, false);
	AttrNumber	key[4];

	memset(reg, 0, sizeof(*reg));
	reg->snapshot = snapshot;

	if (what & RT_REG_QUOTAS)
	{
		static const Oid quota_families[3] = {
			TEXT_BTREE_FAM_OID, INTEGER_BTREE_FAM_OID, TEXT_BTREE_FAM_OID
		};

		reg->quota = open_table(nsp, "quota");
		reg->att_qid = column_number(reg->quota, "id");
		reg->att_qcategory = column_number(reg->quota, "category");
		key[0] = column_number(reg->quota, "holder");
		key[1] = column_number(reg->quota, "year");
		key[2] = column_number(reg->quota, "activity");
		key[3] = reg->att_qcategory;
		/* the probes compare holder, year and activity (quota_key) */
		reg->quota_key = open_index(reg->quota, key, quota_families, 3, false);
		reg->qcategory_coll =
			TupleDescAttr(RelationGetDescr(reg->quota),
						  reg->att_qcategory - 1)->attcollation;
		if (what & RT_REG_ACL_QUOTAS)
		{
			/* applicable_quotas() returns every column of its rows */
			TupleDesc	desc = RelationGetDescr(reg->quota);
			AttrNumber *all = palloc(sizeof(AttrNumber) * desc->natts);
			int			n = 0;

			for (int i = 0; i < desc->natts; i++)
				if (!TupleDescAttr(desc, i)->attisdropped)
					all[n++] = TupleDescAttr(desc, i)->attnum;
			require_select(reg->quota, all, n);
			pfree(all);
		}
		reg->quota_slot = table_slot_create(reg->quota, NULL);
		reg->quota_scan = rt_index_beginscan(reg->quota, reg->quota_key,
											 snapshot, 3, 0);
	}

	reg->enterprise = open_table(nsp, "enterprise");
	reg->att_code = column_number(reg->enterprise, "code");
	reg->att_parent = column_number(reg->enterprise, "parent");
	reg->att_activities = column_number(reg->enterprise, "activities");
	reg->att_from = column_number(reg->enterprise, "approved_from");
	reg->att_until = column_number(reg->enterprise, "approved_until");
	reg->enterprise_pkey = open_index(reg->enterprise, &reg->att_code,
									  &text_family, 1, true);
	if (what & (RT_REG_ACL_WALK | RT_REG_ACL_APPROVAL))
	{
		AttrNumber	atts[5];
		int			n = 0;

		atts[n++] = reg->att_code;
		if (what & RT_REG_ACL_WALK)
			atts[n++] = reg->att_parent;
		if (what & RT_REG_ACL_APPROVAL)
		{
			atts[n++] = reg->att_activities;
			atts[n++] = reg->att_from;
			atts[n++] = reg->att_until;
		}
		require_select(reg->enterprise, atts, n);
	}
	reg->ent_slot = table_slot_create(reg->enterprise, NULL);
	reg->ent_scan = rt_index_beginscan(reg->enterprise,
									   reg->enterprise_pkey, snapshot, 1, 0);

	if (what & RT_REG_TABLES)
	{
		static const Oid oid_family = OID_BTREE_FAM_OID;
		AttrNumber	relid_att;

		reg->quota_table = open_table(nsp, "quota_table");
		relid_att = column_number(reg->quota_table, "relid");
		reg->quota_table_pkey = open_index(reg->quota_table, &relid_att,
										   &oid_family, 1, true);
	}
}

/* See quota.h. */
void
rt_registry_close(RtRegistry *reg)
{
	/* the locks are kept until the end of the transaction */
	if (reg->quota != NULL)
	{
		index_endscan(reg->quota_scan);
		ExecDropSingleTupleTableSlot(reg->quota_slot);
		index_close(reg->quota_key, NoLock);
		table_close(reg->quota, NoLock);
	}
	index_endscan(reg->ent_scan);
	ExecDropSingleTupleTableSlot(reg->ent_slot);
	index_close(reg->enterprise_pkey, NoLock);
	table_close(reg->enterprise, NoLock);
	if (reg->quota_table != NULL)
	{
		index_close(reg->quota_table_pkey, NoLock);
		table_close(reg->quota_table, NoLock);
	}
	memset(reg, 0, sizeof(*reg));
}

/*
 * Probe the enterprise primary key for code: true, with the row in
 * reg->ent_slot, if the snapshot sees one.
 */
static bool
probe_enterprise(RtRegistry *reg, const char *code)
{
	ScanKeyData key;

	ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid,
						   reg->enterprise_pkey->rd_indcollation[0],
						   F_TEXTEQ, CStringGetTextDatum(code));
	index_rescan(reg->ent_scan, &key, 1, NULL, 0);
	/* the primary key: at most one row is visible */
	return index_getnext_slot(reg->ent_scan, ForwardScanDirection,
							  reg->ent_slot);
}

/*
 * Copy the approval columns of the enterprise row in reg->ent_slot into
 * chain (the array is copied into the current memory context).
 */
static void
keep_approval(RtRegistry *reg, RtChain *chain)
{
	TupleTableSlot *slot = reg->ent_slot;
	bool		isnull;
	Datum		d;

	d = slot_getattr(slot, reg->att_activities, &isnull);
	/* NOT NULL; should one be missing, it approves nothing */
	chain->activities = isnull ? (Datum) 0 : datumCopy(d, false, -1);
	d = slot_getattr(slot, reg->att_from, &isnull);
	chain->approved_from = isnull ? 0 : DatumGetDateADT(d);
	d = slot_getattr(slot, reg->att_until, &chain->open_ended);
	chain->approved_until = chain->open_ended ? 0 : DatumGetDateADT(d);
}

/* See quota.h. */
bool
rt_registry_enterprise(RtRegistry *reg, const char *code, RtChain *chain)
{
	memset(chain, 0, sizeof(*chain));
	if (!probe_enterprise(reg, code))
		return false;
	chain->n = 1;
	chain->codes[0] = pstrdup(code);
	keep_approval(reg, chain);
	return true;
}

/* See quota.h. */
void
rt_walk(RtRegistry *reg, const char *enterprise, RtChain *chain)
{
	const char *code = enterprise;

	memset(chain, 0, sizeof(*chain));
	for (int depth = 0; depth <= RT_GROUP_DEPTH_MAX + 1; depth++)
	{
		bool		isnull;
		Datum		parent;

		if (!probe_enterprise(reg, code))
			break;				/* not registered, or a parent without a row */
		for (int i = 0; i < chain->n; i++)
			if (strcmp(chain->codes[i], code) == 0)
				return;			/* met again: a circle, each group once */
		if (depth > RT_GROUP_DEPTH_MAX)
			rt_chain_guard(enterprise, depth);
		chain->codes[chain->n++] = pstrdup(code);
		if (depth == 0)
			keep_approval(reg, chain);
		parent = slot_getattr(reg->ent_slot, reg->att_parent, &isnull);
		if (isnull)
			break;				/* the top */
		code = TextDatumGetCString(parent);
	}
}

/* See quota.h. */
int
rt_chain_quotas(RtRegistry *reg, const RtChain *chain, int32 year,
				const char *activity, const char *category,
				RtQuotaFn fn, void *arg)
{
	Datum		act = CStringGetTextDatum(activity);
	Datum		cat = category ? CStringGetTextDatum(category) : (Datum) 0;
	int			count = 0;

	Assert(reg->quota != NULL);
	for (int i = 0; i < chain->n; i++)
	{
		ScanKeyData keys[3];
		Oid		   *coll = reg->quota_key->rd_indcollation;

		ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber,
							   InvalidOid, coll[0], F_TEXTEQ,
							   CStringGetTextDatum(chain->codes[i]));
		ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber,
							   InvalidOid, coll[1], F_INT4EQ,
							   Int32GetDatum(year));
		ScanKeyEntryInitialize(&keys[2], 0, 3, BTEqualStrategyNumber,
							   InvalidOid, coll[2], F_TEXTEQ, act);
		index_rescan(reg->quota_scan, keys, 3, NULL, 0);
		while (index_getnext_slot(reg->quota_scan, ForwardScanDirection,
								  reg->quota_slot))
		{
			bool		isnull;
			Datum		c = slot_getattr(reg->quota_slot, reg->att_qcategory,
										 &isnull);

			/* a quota of any category, or of the row's */
			if (!isnull &&
				(category == NULL ||
				 !DatumGetBool(DirectFunctionCall2Coll(texteq,
													   reg->qcategory_coll,
													   c, cat))))
				continue;
			fn(reg, reg->quota_slot, arg);
			count++;
		}
	}
	return count;
}

/* See quota.h. */
bool
rt_table_registered(RtRegistry *reg, Oid relid)
{
	ScanKeyData key;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	bool		found;

	Assert(reg->quota_table != NULL);
	if (reg->registered_known && reg->registered_relid == relid)
		return reg->registered;
	ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid,
						   reg->quota_table_pkey->rd_indcollation[0],
						   F_OIDEQ, ObjectIdGetDatum(relid));
	slot = table_slot_create(reg->quota_table, NULL);
	scan = rt_index_beginscan(reg->quota_table, reg->quota_table_pkey,
							  reg->snapshot, 1, 0);
	index_rescan(scan, &key, 1, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	/* one snapshot for the statement: the answer cannot change */
	reg->registered_known = true;
	reg->registered_relid = relid;
	reg->registered = found;
	return found;
}
