/*-------------------------------------------------------------------------
 *
 * quota.h
 *	  Internal declarations of the quota side: the walk up the groups and
 *	  its depth limit, the activity list, the production-date rule and the
 *	  trigger-argument parser.  Not installed.
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

/*
 * Groups nest at most this deep: an enterprise may have at most
 * RT_GROUP_DEPTH_MAX groups above it.  enterprise_check_parent refuses
 * registry rows that would go deeper, and every walk up the groups fails
 * (rt_chain_guard) rather than stop short on a registry written around
 * that check.
 */
#define RT_GROUP_DEPTH_MAX	64

/*
 * The walk up the groups, the one implementation (quota_registry.c checks
 * its result): a recursive CTE "up(code, parent, depth, cyc, path)" of the
 * enterprise $1 (depth 0) and every group above it.  It goes one level past
 * the limit, so that a walk can tell a registry that is too deep; a group
 * reached twice (a circle written with the triggers off) ends the walk and
 * is marked cyc, and its rows must be skipped.
 */
#define RT_CHAIN_CTE \
	"WITH RECURSIVE up(code, parent, depth) AS (" \
	" SELECT e.code, e.parent, 0 FROM rare_trace.enterprise AS e" \
	"  WHERE e.code OPERATOR(pg_catalog.=) $1" \
	" UNION ALL" \
	" SELECT e.code, e.parent, up.depth OPERATOR(pg_catalog.+) 1" \
	"  FROM rare_trace.enterprise AS e JOIN up" \
	"  ON e.code OPERATOR(pg_catalog.=) up.parent" \
	"  WHERE up.depth OPERATOR(pg_catalog.<=) " \
	CppAsString2(RT_GROUP_DEPTH_MAX) ")" \
	" CYCLE code SET cyc USING path "

/* Depth of the deepest (non-repeated) row of the walk, as a column. */
#define RT_CHAIN_DEEPEST \
	"(SELECT pg_catalog.max(up.depth) FROM up WHERE NOT up.cyc)"

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
