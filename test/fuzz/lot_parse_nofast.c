/*-------------------------------------------------------------------------
 *
 * lot_parse_nofast.c
 *	  src/lot_parse.c again, with its fast paths compiled out and its
 *	  external symbols renamed (see lot_parse_nofast.h).
 *
 * The renames come before lot_parse.h is first read, so its declarations
 * and lot_parse.c's definitions both get the nofast_ names; the names in
 * element_data.c and lot_format.c (rt_elements, rt_powers_of_10) are not
 * renamed and stay shared with the normal build, as are the name tables and
 * their lookups in lot_names.c (no fast path there).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  test/fuzz/lot_parse_nofast.c
 *
 *-------------------------------------------------------------------------
 */
#define RT_LOT_PARSE_NO_FAST_PATHS 1

#define lot_parse				nofast_lot_parse
#define lot_parse_code			nofast_lot_parse_code
#define lot_parse_form			nofast_lot_parse_form
#define lot_parse_mass			nofast_lot_parse_mass
#define lot_parse_pct			nofast_lot_parse_pct
#define lot_add_element			nofast_lot_add_element
#define lot_check				nofast_lot_check
#define lot_element_index		nofast_lot_element_index
#define lot_form_index			nofast_lot_form_index

#include "lot_parse.c"
