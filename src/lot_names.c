/*-------------------------------------------------------------------------
 *
 * lot_names.c
 *	  The names the text form of a lot uses, as tables: the assigned ISO
 *	  3166-1 alpha-2 country codes, the element symbols, the form names and
 *	  the stage of each form; and the lookups that only read them.
 *
 * Backend-free, like lot_parse.c, which reads these tables in its fast
 * paths (lot_names.h).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/lot_names.c
 *
 *-------------------------------------------------------------------------
 */
#include "lot_parse.h"
#include "lot_names.h"

/*
 * Officially assigned ISO 3166-1 alpha-2 codes (249), as one bitmap of
 * second letters per first letter: bit (b - 'A') of rt_assigned_countries[a -
 * 'A'] is set when "ab" is assigned.  Read across, a row is the sorted list
 * of the codes starting with that letter.  Reserved and user-assigned codes
 * (XX, EU, UK, AA, QM-QZ, XA-XZ, ZZ ...) are rejected: a lot is produced in
 * a country, not in a customs union or a placeholder.  test/fuzz/fuzz_lot.c
 * checks every pair of bytes against the list written out as strings.
 */
#define C(b)	(UINT32_C(1) << ((b) - 'A'))

const uint32_t rt_assigned_countries[26] = {
	/* A */ C('D') | C('E') | C('F') | C('G') | C('I') | C('L') | C('M') |
		C('O') | C('Q') | C('R') | C('S') | C('T') | C('U') | C('W') | C('X') |
		C('Z'),
	/* B */ C('A') | C('B') | C('D') | C('E') | C('F') | C('G') | C('H') |
		C('I') | C('J') | C('L') | C('M') | C('N') | C('O') | C('Q') | C('R') |
		C('S') | C('T') | C('V') | C('W') | C('Y') | C('Z'),
	/* C */ C('A') | C('C') | C('D') | C('F') | C('G') | C('H') | C('I') |
		C('K') | C('L') | C('M') | C('N') | C('O') | C('R') | C('U') | C('V') |
		C('W') | C('X') | C('Y') | C('Z'),
	/* D */ C('E') | C('J') | C('K') | C('M') | C('O') | C('Z'),
	/* E */ C('C') | C('E') | C('G') | C('H') | C('R') | C('S') | C('T'),
	/* F */ C('I') | C('J') | C('K') | C('M') | C('O') | C('R'),
	/* G */ C('A') | C('B') | C('D') | C('E') | C('F') | C('G') | C('H') |
		C('I') | C('L') | C('M') | C('N') | C('P') | C('Q') | C('R') | C('S') |
		C('T') | C('U') | C('W') | C('Y'),
	/* H */ C('K') | C('M') | C('N') | C('R') | C('T') | C('U'),
	/* I */ C('D') | C('E') | C('L') | C('M') | C('N') | C('O') | C('Q') |
		C('R') | C('S') | C('T'),
	/* J */ C('E') | C('M') | C('O') | C('P'),
	/* K */ C('E') | C('G') | C('H') | C('I') | C('M') | C('N') | C('P') |
		C('R') | C('W') | C('Y') | C('Z'),
	/* L */ C('A') | C('B') | C('C') | C('I') | C('K') | C('R') | C('S') |
		C('T') | C('U') | C('V') | C('Y'),
	/* M */ C('A') | C('C') | C('D') | C('E') | C('F') | C('G') | C('H') |
		C('K') | C('L') | C('M') | C('N') | C('O') | C('P') | C('Q') | C('R') |
		C('S') | C('T') | C('U') | C('V') | C('W') | C('X') | C('Y') | C('Z'),
	/* N */ C('A') | C('C') | C('E') | C('F') | C('G') | C('I') | C('L') |
		C('O') | C('P') | C('R') | C('U') | C('Z'),
	/* O */ C('M'),
	/* P */ C('A') | C('E') | C('F') | C('G') | C('H') | C('K') | C('L') |
		C('M') | C('N') | C('R') | C('S') | C('T') | C('W') | C('Y'),
	/* Q */ C('A'),
	/* R */ C('E') | C('O') | C('S') | C('U') | C('W'),
	/* S */ C('A') | C('B') | C('C') | C('D') | C('E') | C('G') | C('H') |
		C('I') | C('J') | C('K') | C('L') | C('M') | C('N') | C('O') | C('R') |
		C('S') | C('T') | C('V') | C('X') | C('Y') | C('Z'),
	/* T */ C('C') | C('D') | C('F') | C('G') | C('H') | C('J') | C('K') |
		C('L') | C('M') | C('N') | C('O') | C('R') | C('T') | C('V') | C('W') |
		C('Z'),
	/* U */ C('A') | C('G') | C('M') | C('S') | C('Y') | C('Z'),
	/* V */ C('A') | C('C') | C('E') | C('G') | C('I') | C('N') | C('U'),
	/* W */ C('F') | C('S'),
	/* X */ 0,
	/* Y */ C('E') | C('T'),
	/* Z */ C('A') | C('M') | C('W'),
};

#undef C

/*
 * Element index plus one (0: none) by symbol: row = number of the first
 * letter - 1, column = number of the second letter (see letter_no), or 0
 * for a one-letter symbol.  The symbols are those of rt_elements (the
 * source of truth, whose order is part of the stored format);
 * test/fuzz/fuzz_lot.c checks every input of up to two bytes against a
 * linear search of rt_elements.
 */
#define EL(a, b, idx)	[(a) - 'A'][(b) == 0 ? 0 : (b) - 'a' + 1] = (idx) + 1

const uint8_t rt_element_by_symbol[26][27] = {
	EL('S', 'c', 0),
	EL('Y', 0, 1),
	EL('L', 'a', 2),
	EL('C', 'e', 3),
	EL('P', 'r', 4),
	EL('N', 'd', 5),
	EL('P', 'm', 6),
	EL('S', 'm', 7),
	EL('E', 'u', 8),
	EL('G', 'd', 9),
	EL('T', 'b', 10),
	EL('D', 'y', 11),
	EL('H', 'o', 12),
	EL('E', 'r', 13),
	EL('T', 'm', 14),
	EL('Y', 'b', 15),
	EL('L', 'u', 16)
};

#undef EL

/* Form names in value-chain order, and the stage each form belongs to. */
const char *const rt_form_names[RT_NUM_FORMS] = {
	"ore", "concentrate", "compound", "oxide",
	"metal", "alloy", "magnet", "scrap"
};

const char *const rt_form_stages[RT_NUM_FORMS] = {
	"mining", "mining", "separation", "separation",
	"refining", "melting", "magnet", "recycling"
};

/*
 * The forms whose name starts with a letter (indexed by the number of the
 * letter - 1), plus one (0: none).  Only a shortcut: a candidate is accepted
 * after comparing the input with its name in rt_form_names.
 */
const uint8_t rt_form_candidates[26][2] = {
	['a' - 'a'] = {LOT_FORM_ALLOY + 1},
	['c' - 'a'] = {LOT_FORM_CONCENTRATE + 1, LOT_FORM_COMPOUND + 1},
	['m' - 'a'] = {LOT_FORM_METAL + 1, LOT_FORM_MAGNET + 1},
	['o' - 'a'] = {LOT_FORM_ORE + 1, LOT_FORM_OXIDE + 1},
	['s' - 'a'] = {LOT_FORM_SCRAP + 1}
};

/*
 * Is the upper-case pair (a, b) an assigned ISO 3166-1 alpha-2 code?
 * One bit of the table above.
 */
int
lot_country_assigned(char a, char b)
{
	unsigned int i = (unsigned int) (unsigned char) a - 'A';
	unsigned int j = (unsigned int) (unsigned char) b - 'A';

	if (i >= 26 || j >= 26)
		return 0;
	return (int) ((rt_assigned_countries[i] >> j) & 1);
}

/* Name of a form; NULL when out of range. */
const char *
lot_form_name(int form)
{
	return (form >= 0 && form < RT_NUM_FORMS) ? rt_form_names[form] : NULL;
}

/* Value-chain stage of a form; NULL when out of range. */
const char *
lot_stage_name(int form)
{
	return (form >= 0 && form < RT_NUM_FORMS) ? rt_form_stages[form] : NULL;
}
