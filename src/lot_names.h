/*-------------------------------------------------------------------------
 *
 * lot_names.h
 *	  Tables of the names in a lot's text form (lot_names.c), read by the
 *	  parser's lookups and fast paths.  Internal, backend-free.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_names.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_LOT_NAMES_H
#define RARE_TRACE_LOT_NAMES_H

#include "lot_parse.h"

/* Assigned country codes: bit (b - 'A') of [a - 'A'] is set for "ab". */
extern const uint32_t rt_assigned_countries[26];

/* Element index + 1 (0: none) by first letter - 1 and second letter. */
extern const uint8_t rt_element_by_symbol[26][27];

/* Form names in value-chain order, and the stage of each form. */
extern const char *const rt_form_names[RT_NUM_FORMS];
extern const char *const rt_form_stages[RT_NUM_FORMS];

/* Forms whose name starts with a letter (by its number - 1), + 1. */
extern const uint8_t rt_form_candidates[26][2];

#endif							/* RARE_TRACE_LOT_NAMES_H */
