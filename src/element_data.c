/*-------------------------------------------------------------------------
 *
 * element_data.c
 *	  The 17 rare-earth elements: the one source of truth for symbols,
 *	  groups, oxides and oxide factors.
 *
 * The SQL table rare_trace.element is filled from this array at install
 * time (rare_trace.element_catalog()), and a regression test compares the
 * two, so the C code and the table cannot disagree.
 *
 * Sources (see ../shared/domain.md, section 5):
 *	- the 17 REE are the lanthanides Z 57-71 plus Sc and Y (CRS IF11226);
 *	- China's two-way grouping: light = La, Ce, Pr, Nd, Pm, Sm, Eu; heavy =
 *	  Gd, Tb, Dy, Ho, Er, Tm, Yb, Lu, Sc, Y (zjhuanhong.com 2024 report);
 *	- the three-way grouping by P204 extraction: light = La-Nd; medium =
 *	  Sm, Eu, Gd, Tb, Dy; heavy = Ho, Er, Tm, Yb, Lu, Y; Sc and Pm belong
 *	  to none (wodefinance.com);
 *	- element->oxide factor = M(oxide) / (n * Ar(E)), 4 decimals, from the
 *	  IUPAC 2021 standard atomic weights (Prohaska et al., Pure Appl. Chem.
 *	  2022; O = 15.999).  Cerium is counted as CeO2, as quota statistics
 *	  do.  Promethium has no standard atomic weight and no traded oxide: it
 *	  has no factor.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/element_data.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"

const RtElement rt_elements[RT_NUM_ELEMENTS] = {
	{21, "Sc", "Scandium", "heavy", NULL, "Sc2O3", 15338},
	{39, "Y", "Yttrium", "heavy", "heavy", "Y2O3", 12699},
	{57, "La", "Lanthanum", "light", "light", "La2O3", 11728},
	{58, "Ce", "Cerium", "light", "light", "CeO2", 12284},
	{59, "Pr", "Praseodymium", "light", "light", "Pr6O11", 12082},
	{60, "Nd", "Neodymium", "light", "light", "Nd2O3", 11664},
	{61, "Pm", "Promethium", "light", NULL, NULL, 0},
	{62, "Sm", "Samarium", "light", "medium", "Sm2O3", 11596},
	{63, "Eu", "Europium", "light", "medium", "Eu2O3", 11579},
	{64, "Gd", "Gadolinium", "heavy", "medium", "Gd2O3", 11526},
	{65, "Tb", "Terbium", "heavy", "medium", "Tb4O7", 11762},
	{66, "Dy", "Dysprosium", "heavy", "medium", "Dy2O3", 11477},
	{67, "Ho", "Holmium", "heavy", "heavy", "Ho2O3", 11455},
	{68, "Er", "Erbium", "heavy", "heavy", "Er2O3", 11435},
	{69, "Tm", "Thulium", "heavy", "heavy", "Tm2O3", 11421},
	{70, "Yb", "Ytterbium", "heavy", "heavy", "Yb2O3", 11387},
	{71, "Lu", "Lutetium", "heavy", "heavy", "Lu2O3", 11372},
};
