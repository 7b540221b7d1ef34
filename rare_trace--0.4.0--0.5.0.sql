/* rare_trace--0.4.0--0.5.0.sql: what BI tools and drivers see (flat views, driver-friendly casts and aggregates, supply-chain pictures) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.5.0'" to load this file. \quit
