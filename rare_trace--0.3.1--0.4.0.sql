/* rare_trace--0.3.1--0.4.0.sql: compliance as date-effective data (export controls, licences, declarations, origin rules) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.4.0'" to load this file. \quit
