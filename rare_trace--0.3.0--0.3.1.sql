/* rare_trace--0.3.0--0.3.1.sql: hardening release (defects found by attacking 0.3.0) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.3.1'" to load this file. \quit
