/* rare_trace--0.5.0--0.6.0.sql: flows as the industry records them (both sides of a shipment, co-products, mass balance, monthly reporting) and provenance that scales */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.6.0'" to load this file. \quit
