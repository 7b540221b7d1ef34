/*-------------------------------------------------------------------------
 *
 * lot_parse_nofast.h
 *	  The lot parser built without its fast paths, under other names.
 *
 * lot_parse_nofast.c compiles src/lot_parse.c a second time with
 * RT_LOT_PARSE_NO_FAST_PATHS defined and every external symbol of that
 * file renamed with a nofast_ prefix (the renames below), so the harness
 * can link both builds and compare them input by input.  The tables in
 * element_data.c and lot_format.c are shared: they are not part of what
 * the switch changes.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  test/fuzz/lot_parse_nofast.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_LOT_PARSE_NOFAST_H
#define RARE_TRACE_LOT_PARSE_NOFAST_H

#include "lot_parse.h"

/* Whole text form, fast paths compiled out (lot_parse() otherwise). */
extern int	nofast_lot_parse(const char *s, size_t len, LotParsed *out,
							 LotError *err);

#endif							/* RARE_TRACE_LOT_PARSE_NOFAST_H */
