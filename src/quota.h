/*-------------------------------------------------------------------------
 *
 * quota.h
 *	  Internal declarations of the quota side: the walk up the groups and
 *	  its depth limit (quota_walk.c), quota resolution, the activity list,
 *	  the production-date rule and the trigger-argument parser.  Not
 *	  installed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/quota.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_QUOTA_H
#define RARE_TRACE_QUOTA_H

#include "compat.h"
#include "rt_internal.h"

#include "executor/tuptable.h"
#include "utils/date.h"
#include "utils/relcache.h"
#include "utils/snapshot.h"

/*
 * Groups nest at most this deep: an enterprise may have at most
 * RT_GROUP_DEPTH_MAX groups above it.  enterprise_check_parent refuses
 * registry rows that would go deeper, and the walk up the groups
 * (rt_walk) fails (rt_chain_guard) rather than stop short on a registry
 * written around that check.
 */
#define RT_GROUP_DEPTH_MAX	64

/*
 * The registry relations a statement's walks read (quota_walk.c), open
 * under AccessShareLock with index scans under one snapshot.
 */
typedef struct RtRegistry
{
	Snapshot	snapshot;
	Relation	enterprise;
	Relation	enterprise_pkey;
	struct IndexScanDescData *ent_scan;
	TupleTableSlot *ent_slot;
	AttrNumber	att_code;
	AttrNumber	att_parent;
	AttrNumber	att_activities;
	AttrNumber	att_from;
	AttrNumber	att_until;
	/* with RT_REG_QUOTAS */
	Relation	quota;
	Relation	quota_key;
	struct IndexScanDescData *quota_scan;
	TupleTableSlot *quota_slot;
	AttrNumber	att_qid;
	AttrNumber	att_qcategory;
	Oid			qcategory_coll;
	/* with RT_REG_TABLES */
	Relation	quota_table;
	Relation	quota_table_pkey;
	bool		registered_known;	/* registered is the answer for */
	Oid			registered_relid;	/* ... this table */
	bool		registered;
} RtRegistry;

/* What rt_registry_open opens and checks. */
#define RT_REG_QUOTAS		0x01	/* rare_trace.quota and quota_key */
#define RT_REG_TABLES		0x02	/* rare_trace.quota_table */
/*
 * The caller's SELECT privileges, checked as the queries the walk
 * replaced checked them: on the quota rows' columns, on the columns of
 * the walk (code, parent), on those of the approval (code, activities,
 * approved_from, approved_until).
 */
#define RT_REG_ACL_QUOTAS	0x04
#define RT_REG_ACL_WALK		0x08
#define RT_REG_ACL_APPROVAL	0x10

/*
 * A walk up the groups: codes[0] is the enterprise (n = 0 when it has no
 * row), codes[i] the group i levels above it; the approval columns are
 * those of the enterprise's own row.
 */
typedef struct RtChain
{
	int			n;
	char	   *codes[RT_GROUP_DEPTH_MAX + 1];
	Datum		activities;		/* activity[], or 0 */
	DateADT		approved_from;
	DateADT		approved_until;
	bool		open_ended;		/* approved_until is NULL */
} RtChain;

/* Called for each quota row of a chain (in reg->quota_slot). */
typedef void (*RtQuotaFn) (RtRegistry *reg, TupleTableSlot *slot, void *arg);

/* The walk (quota_walk.c). */
extern void rt_registry_open(RtRegistry *reg, int what, Snapshot snapshot);
extern void rt_registry_close(RtRegistry *reg);
extern bool rt_registry_enterprise(RtRegistry *reg, const char *code,
								   RtChain *chain);
extern void rt_walk(RtRegistry *reg, const char *enterprise, RtChain *chain);
extern int	rt_chain_quotas(RtRegistry *reg, const RtChain *chain, int32 year,
							const char *activity, const char *category,
							RtQuotaFn fn, void *arg);
extern bool rt_table_registered(RtRegistry *reg, Oid relid);

/* What rt_resolve finds out about one charge key (quota_resolve.c). */
typedef struct RtResolution
{
	bool		registered;		/* the firing table is in quota_table */
	char	   *problem;		/* why not approved, or NULL */
	int			nquotas;
	int64	   *ids;			/* quota ids, ascending */
} RtResolution;

extern void rt_resolve(RtRegistry *reg, const char *enterprise, int32 year,
					   const char *activity, const char *category,
					   DateADT first_day, DateADT last_day,
					   bool check_approval, Oid relid,
					   MemoryContext result_cxt, RtResolution *out);

/* Registry (quota_registry.c). */
extern void rt_chain_guard(const char *enterprise, int32 deepest);
extern int	rt_activity_index(const char *s, size_t len);
extern const char *rt_activity_name(int index);
extern const char *rt_activity_list(const char *last_sep);

/* Production rows (quota_trigger.c). */
extern int32 rt_production_year(DateADT day, const RareLot *lot);

/* The "key=value" trigger-argument parser (quota_args.c). */
typedef struct RtArgKey
{
	const char *key;
	const char **value;			/* set to the argument's value */
} RtArgKey;

pg_noreturn extern void rt_bad_trigger_argument(const char *fn, const char *relname,
									const char *detail, const char *hint);
extern void rt_parse_trigger_args(const char *fn, const char *hint,
								  int nargs, char **args, const char *relname,
								  const RtArgKey *keys, int nkeys);
extern AttrNumber rt_column_check(Oid relid, const char *name, Oid type,
								  Oid *basetype, bool *type_ok);
extern AttrNumber rt_argument_column(const char *fn, const char *hint,
									 struct RelationData *rel,
									 const char *name, Oid type,
									 const char *what);
extern int	rt_split_tgargs(bytea *raw, char ***args);
extern void rt_check_columns(Oid relid, int n, char *const *names,
							 const Oid *types, const char *const *what);

/* Trigger arguments: the column names and constants (quota_args.c). */
typedef struct QuotaArgNames
{
	const char *lot;			/* lot=COLUMN */
	const char *date;			/* date=COLUMN */
	const char *activity;		/* activity=NAME, or NULL */
	const char *activity_column;	/* activity_column=COLUMN, or NULL */
	const char *category;		/* category=NAME, or NULL */
	const char *category_column;	/* category_column=COLUMN, or NULL */
	int			activity_index; /* of activity, or -1 */
} QuotaArgNames;

extern void rt_parse_quota_args(int nargs, char **args, const char *relname,
								QuotaArgNames *out);

/* Trigger arguments resolved against the table (quota_args.c). */
typedef struct QuotaArgs
{
	AttrNumber	lot_att;
	AttrNumber	date_att;
	AttrNumber	activity_att;	/* 0 when activity is a constant */
	AttrNumber	category_att;	/* 0 when category is constant or absent */
	int			activity;		/* activity index when constant, or -1 */
	char		category[NAMEDATALEN];
	bool		has_category;	/* constant category given */
} QuotaArgs;

extern void rt_quota_args(struct RelationData *rel, int nargs, char **args,
						  Oid lot_type, QuotaArgs *qa);

#endif							/* RARE_TRACE_QUOTA_H */
