/* rare_trace--0.3.0--0.3.1.sql: hardening release (defects found by attacking 0.3.0) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.3.1'" to load this file. \quit

-- Flow ledger
--
-- The chain heads are written at commit by a deferred constraint trigger
-- instead of an SPI UPDATE in the pre-commit callback (which runs after
-- the point where PostgreSQL stops running user code).  See
-- src/sql/ledger.sql.
COMMENT ON FUNCTION @extschema@.flow_append() IS
    'BEFORE INSERT FOR EACH ROW trigger of rare_trace.flow: assigns seq, recorded_at and hash (flow_write_head writes the chain heads at commit)';

CREATE FUNCTION @extschema@.flow_head_pending(enterprise pg_catalog.text, seq pg_catalog.int8)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_trace_flow_head_pending'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.flow_head_pending(pg_catalog.text, pg_catalog.int8) IS
    'WHEN condition of the trigger flow_write_head: true for the entry of this transaction whose event writes the chain''s head';

CREATE FUNCTION @extschema@.flow_write_head()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_write_head'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.flow_write_head() IS
    'deferred AFTER INSERT FOR EACH ROW constraint trigger of rare_trace.flow: writes the head of the entry''s chain to flow_chain at commit';
REVOKE ALL ON FUNCTION @extschema@.flow_write_head() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER flow_write_head
    AFTER INSERT ON @extschema@.flow
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (@extschema@.flow_head_pending(NEW.enterprise, NEW.seq))
    EXECUTE FUNCTION @extschema@.flow_write_head();
COMMENT ON TRIGGER flow_write_head ON @extschema@.flow IS
    'writes each chain head the transaction changed to flow_chain, once, at commit';
