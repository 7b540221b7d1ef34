/*-------------------------------------------------------------------------
 *
 * rare_trace.h
 *	  Installed header of rare_trace: the on-disk layout of the rare_lot
 *	  type, its access macros and the functions another extension may call
 *	  on a rare_lot.  Everything else is internal (rt_internal.h).
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rare_trace.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_H
#define RARE_TRACE_H

#include "postgres.h"
#include "fmgr.h"

#include "lot_parse.h"

/*
 * On-disk format of rare_lot (varlena, 4-byte aligned):
 *
 *	int32	vl_len_		varlena header
 *	uint8	version		format version, RARE_LOT_VERSION
 *	uint8	flags		reserved, always zero (recv rejects anything else)
 *	uint8	form		LotForm
 *	uint8	ncomp		number of composition entries, 0..17
 *	char	country[2]	ISO 3166-1 alpha-2, upper case
 *	uint8	entlen		enterprise length, 2..16
 *	uint8	lotlen		lot number length, 1..20
 *	int64	mass_g		net mass in grams (read with memcpy: unaligned)
 *	uint32	comp[ncomp]	(element index << 24) | parts per million,
 *						ascending element index
 *	char	text[]		enterprise then lot number, upper case
 *
 * Every valid value has exactly one representation, so equality and
 * hashing may work on the bytes.
 */
typedef struct RareLot
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;
	uint8		flags;
	uint8		form;
	uint8		ncomp;
	char		country[2];
	uint8		entlen;
	uint8		lotlen;
	char		data[FLEXIBLE_ARRAY_MEMBER];	/* mass, comp, text */
} RareLot;

#define RARE_LOT_VERSION	1

#define RARE_LOT_HDRSZ		offsetof(RareLot, data)
#define RARE_LOT_MASS_SZ	((Size) sizeof(int64))
#define RARE_LOT_COMP_SZ	((Size) sizeof(uint32))
#define RARE_LOT_SIZE(ncomp, entlen, lotlen) \
	(RARE_LOT_HDRSZ + RARE_LOT_MASS_SZ + (ncomp) * RARE_LOT_COMP_SZ + \
	 (entlen) + (lotlen))

#define RARE_LOT_COMP_IDX(c)	((int) ((c) >> 24))
#define RARE_LOT_COMP_PPM(c)	((uint32) ((c) & 0x00FFFFFF))

#define DatumGetRareLotP(x)		((RareLot *) PG_DETOAST_DATUM(x))
#define PG_GETARG_RARE_LOT_P(n)	DatumGetRareLotP(PG_GETARG_DATUM(n))
#define PG_RETURN_RARE_LOT_P(x)	PG_RETURN_POINTER(x)

/* Accessors (lot_io.c). */
extern int64 rare_lot_mass_g(const RareLot *lot);
extern uint32 rare_lot_comp(const RareLot *lot, int k);
extern const char *rare_lot_enterprise(const RareLot *lot);
extern const char *rare_lot_number(const RareLot *lot);
extern uint32 rare_lot_element_ppm(const RareLot *lot, int idx);

/*
 * The lot's code CC-ENTERPRISE-LOT, or with with_lot false its enterprise
 * code CC-ENTERPRISE, into buf (RT_CODE_MAX bytes; 3 + RT_ENTERPRISE_MAX
 * for an enterprise code); writes no terminator; returns the length
 * (lot_io.c).
 */
extern size_t rare_lot_write_code(const RareLot *lot, bool with_lot, char *buf);

/* Conversions between the varlena and the parsed form (lot_io.c). */
extern RareLot *rare_lot_build(const LotParsed *parsed);
extern void rare_lot_unpack(const RareLot *lot, LotParsed *parsed);
extern char *rare_lot_to_cstring(const RareLot *lot);

/*
 * Room for a rare_lot copied out of a short-header (packed) datum, so hot
 * loops can read a value without a palloc per row.
 */
#define RARE_LOT_MAX_SIZE \
	RARE_LOT_SIZE(RT_NUM_ELEMENTS, RT_ENTERPRISE_MAX, RT_LOT_MAX)

typedef union RareLotBuf
{
	RareLot		lot;
	char		bytes[RARE_LOT_MAX_SIZE];
	int64		align;
} RareLotBuf;

extern RareLot *rare_lot_from_datum(Datum d, RareLotBuf *buf);

#endif							/* RARE_TRACE_H */
