/*-------------------------------------------------------------------------
 *
 * export.h
 *	  Internal declarations of the export side shared by export_check.c
 *	  (the licence decision; the rules themselves are in export_rules.h),
 *	  export_guard.c (validation of
 *	  rule and licence arrays) and export_licence.c (licences and their
 *	  enforcement trigger).  Not installed.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/export.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_EXPORT_H
#define RARE_TRACE_EXPORT_H

#include "rt_internal.h"

#include "utils/relcache.h"

/* Kinds of the items of rule and licence arrays. */
typedef enum ItemKind
{
	ITEM_ELEMENT,
	ITEM_FORM,
	ITEM_COUNTRY,
	ITEM_VIEW
} ItemKind;

extern int	rt_item_index(ItemKind kind, const char *s, size_t len);
extern void rt_bad_item(ItemKind kind, const char *col, const char *s);
extern const char *rt_item_name(ItemKind kind, int k, char *cc);
extern Datum rt_normalize_items(Datum arr, const char *col, ItemKind kind,
								uint32 *mask);

/* Outcomes of rt_licence_need. */
#define RT_LICENCE_NO		0
#define RT_LICENCE_YES		1
#define RT_LICENCE_UNDET	2

extern void *rt_licence_rules(void **cache, MemoryContext mcxt);
extern int	rt_licence_need(void *rules,
							const RareLot *lot, const char *from,
							const char *dest, DateADT date,
							uint32 *elements, const char **reference);

/* The enforcement trigger and its arguments (export_licence_args.c). */
#define LIC_FN		"rare_trace.enforce_export_licence"
#define LIC_HINT	"Arguments are 'lot=COLUMN', 'destination=COLUMN', 'date=COLUMN' and 'licence=COLUMN'."

/* The columns the trigger reads. */
typedef struct LicArgs
{
	AttrNumber	lot_att;
	AttrNumber	dest_att;
	AttrNumber	date_att;
	AttrNumber	licence_att;
	char	   *licence_col;
} LicArgs;

extern void rt_licence_args(Relation rel, int nargs, char **args,
							LicArgs *la);

#endif							/* RARE_TRACE_EXPORT_H */
