/*-------------------------------------------------------------------------
 *
 * rt_errcodes.h
 *	  Every SQLSTATE of rare_trace's own (class RT); the standard ones come
 *	  from utils/errcodes.h.  The documentation lists each with its meaning.
 *
 * Copyright (c) 2026, rare_trace developers
 *
 * IDENTIFICATION
 *	  src/rt_errcodes.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef RARE_TRACE_RT_ERRCODES_H
#define RARE_TRACE_RT_ERRCODES_H

/* Quotas (doc/quotas.md). */
#define ERRCODE_RT_QUOTA_EXCEEDED		MAKE_SQLSTATE('R','T','Q','0','1')
#define ERRCODE_RT_NOT_APPROVED			MAKE_SQLSTATE('R','T','Q','0','2')
#define ERRCODE_RT_NO_QUOTA				MAKE_SQLSTATE('R','T','Q','0','3')
#define ERRCODE_RT_NOT_ENFORCED			MAKE_SQLSTATE('R','T','Q','0','4')

/* Export licences (doc/export_licences.md). */
#define ERRCODE_RT_LICENCE_NOT_CITED	MAKE_SQLSTATE('R','T','X','0','1')
#define ERRCODE_RT_LICENCE_UNKNOWN		MAKE_SQLSTATE('R','T','X','0','2')
#define ERRCODE_RT_LICENCE_NOT_VALID	MAKE_SQLSTATE('R','T','X','0','3')
#define ERRCODE_RT_LICENCE_EXPORTER		MAKE_SQLSTATE('R','T','X','0','4')
#define ERRCODE_RT_LICENCE_DESTINATION	MAKE_SQLSTATE('R','T','X','0','5')
#define ERRCODE_RT_LICENCE_ELEMENT		MAKE_SQLSTATE('R','T','X','0','6')
#define ERRCODE_RT_LICENCE_FORM			MAKE_SQLSTATE('R','T','X','0','7')
#define ERRCODE_RT_LICENCE_NO_ROOM		MAKE_SQLSTATE('R','T','X','0','8')
#define ERRCODE_RT_LICENCE_NOT_ENFORCED	MAKE_SQLSTATE('R','T','X','0','9')

/* Flow ledger (doc/ledger.md). */
#define ERRCODE_RT_LEDGER_APPEND_ONLY	MAKE_SQLSTATE('R','T','L','0','1')
#define ERRCODE_RT_INVALID_CORRECTION	MAKE_SQLSTATE('R','T','L','0','2')
#define ERRCODE_RT_LEDGER_STATE			MAKE_SQLSTATE('R','T','L','0','3')

/*
 * Declarations (doc/export_controls.md): raised by the PL/pgSQL trigger
 * function declaration_guard(), listed here with the others.
 */
#define ERRCODE_RT_FALSE_DECLARATION	MAKE_SQLSTATE('R','T','D','0','1')

#endif							/* RARE_TRACE_RT_ERRCODES_H */
