/*
 * src/sql/ledger.sql: the tamper-evident flow ledger.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

-- ======================================================================
-- Flow ledger (tamper-evident, append-only).  Everything from here to the
-- "end of the flow ledger" line belongs to it; see doc/ledger.md for the
-- canonical byte layout and the SQLSTATEs RTL01-RTL03.
-- ======================================================================

--
-- Role.  Created only where missing, like the 0.2.0 roles.
--
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_recorder') THEN
        CREATE ROLE rare_trace_recorder NOLOGIN;
        COMMENT ON ROLE rare_trace_recorder IS 'rare_trace: may append flows to the ledger (rare_trace.flow) and read it';
    END IF;
    IF NOT pg_catalog.pg_has_role('rare_trace_recorder', 'rare_trace_reader', 'MEMBER') THEN
        GRANT rare_trace_reader TO rare_trace_recorder;
    END IF;
    IF NOT pg_catalog.pg_has_role('rare_trace_admin', 'rare_trace_recorder', 'MEMBER') THEN
        GRANT rare_trace_recorder TO rare_trace_admin;
    END IF;
END
$roles$;

--
-- A flow's cut (0.6.0): the element-resolved part of the parent it
-- carries (src/provenance.h, ProvFlow.cut), a jsonb object element ->
-- kg (a number, whole grams) or "N%" (a string: that share of the flow's
-- kg).  Valid when it names at least one element, every key is an element
-- symbol, every value a kg >= 0 in whole grams or a percentage 0-100, and
-- the kg it claims in all add up to at most the flow's kg (a cut cannot
-- carry more of the elements than the flow moves).  The CHECK
-- flow_cut_check of rare_trace.flow calls it (only for a cut: it is STRICT,
-- so rows without one pay nothing for its SET clause).
--
CREATE FUNCTION @extschema@.flow_cut_valid(cut pg_catalog.jsonb, kg pg_catalog.numeric)
RETURNS pg_catalog.bool
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pg_catalog.jsonb_typeof($1) OPERATOR(pg_catalog.=) 'object'
       AND $1 OPERATOR(pg_catalog.<>) '{}'::pg_catalog.jsonb
       AND (SELECT pg_catalog.bool_and(c.ok) AND pg_catalog.sum(c.claim) OPERATOR(pg_catalog.<=) $2
            FROM (SELECT e.key OPERATOR(pg_catalog.~) '^[A-Z][a-z]?$'
                         AND CASE pg_catalog.jsonb_typeof(e.value)
                             WHEN 'number' THEN
                                 (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric OPERATOR(pg_catalog.>=) 0
                                 AND (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric
                                     OPERATOR(pg_catalog.=) pg_catalog.round((e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric, 3)
                             WHEN 'string' THEN
                                 (e.value OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{1,3}(\.[0-9]{1,12})?%$'
                                 AND pg_catalog.rtrim(e.value OPERATOR(pg_catalog.#>>) '{}', '%')::pg_catalog.numeric
                                     OPERATOR(pg_catalog.<=) 100
                             ELSE false END AS ok,
                         CASE pg_catalog.jsonb_typeof(e.value)
                             WHEN 'number' THEN (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric
                             WHEN 'string' THEN CASE WHEN (e.value OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{1,3}(\.[0-9]{1,12})?%$'
                                 THEN $2 OPERATOR(pg_catalog.*) pg_catalog.rtrim(e.value OPERATOR(pg_catalog.#>>) '{}', '%')::pg_catalog.numeric
                                      OPERATOR(pg_catalog./) 100 END
                         END AS claim
                  FROM pg_catalog.jsonb_each($1) AS e) AS c)
$fn$;
COMMENT ON FUNCTION @extschema@.flow_cut_valid(pg_catalog.jsonb, pg_catalog.numeric) IS
    'is this a valid cut of a flow of kg: a non-empty jsonb object element -> kg (number >= 0, whole grams) or "N%" (string, 0-100), claiming at most kg in all';

--
-- The ledger.  One hash chain per recording enterprise: seq numbers its
-- entries 1, 2, 3, ... and hash = SHA-256(hash of the previous entry of
-- the chain, or 32 zero bytes, || flow_canonical(entry)).  seq, hash and
-- recorded_at are set by the trigger flow_hash.
--
CREATE TABLE @extschema@.flow (
    id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at pg_catalog.timestamptz NOT NULL,
    enterprise pg_catalog.text NOT NULL
        CONSTRAINT flow_enterprise_check
        CHECK (enterprise OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$'),
    parent @extschema@.rare_lot NOT NULL,
    child @extschema@.rare_lot NOT NULL,
    kg pg_catalog.numeric NOT NULL,
    kind pg_catalog.text NOT NULL
        CONSTRAINT flow_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY[
            'transform', 'ship', 'receive', 'export', 'import', 'recycle']::pg_catalog.text[])),
    docs pg_catalog.jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT flow_docs_check CHECK (pg_catalog.jsonb_typeof(docs) OPERATOR(pg_catalog.=) 'object'),
    corrects pg_catalog.int8
        CONSTRAINT flow_corrects_fkey REFERENCES @extschema@.flow (id),
    seq pg_catalog.int8 NOT NULL
        CONSTRAINT flow_seq_check CHECK (seq OPERATOR(pg_catalog.>=) 1),
    hash pg_catalog.bytea NOT NULL
        CONSTRAINT flow_hash_check CHECK (pg_catalog.octet_length(hash) OPERATOR(pg_catalog.=) 32),
    -- kg > 0 (and finite: NaN and Infinity sort above every number); 0 only
    -- in a correction, where it means "this flow did not happen"
    CONSTRAINT flow_kg_check CHECK (
        (kg OPERATOR(pg_catalog.>) 0 AND kg OPERATOR(pg_catalog.<=) 1000000000000)
        OR (kg OPERATOR(pg_catalog.=) 0 AND corrects IS NOT NULL)),
    -- whole grams, as lot masses: provenance adds flows up exactly in grams
    CONSTRAINT flow_kg_grams_check CHECK (
        kg OPERATOR(pg_catalog.=) pg_catalog.round(kg, 3)),
    CONSTRAINT flow_chain_position UNIQUE (enterprise, seq),
    -- 0.6.0: the day the flow happened (the trigger fills NULL: see
    -- flow_append), the shipment reference and the consignee the shipper
    -- names (both sides of a shipment), the element-resolved cut
    happened_on pg_catalog.date,
    shipment pg_catalog.text
        CONSTRAINT flow_shipment_check CHECK (shipment IS NULL OR (
            kind OPERATOR(pg_catalog.=) ANY (ARRAY['ship', 'receive', 'export', 'import']::pg_catalog.text[])
            AND pg_catalog.length(shipment) OPERATOR(pg_catalog.<=) 100
            AND shipment OPERATOR(pg_catalog.~) '^[^[:space:][:cntrl:]]([^[:cntrl:]]*[^[:space:][:cntrl:]])?$')),
    consignee pg_catalog.text
        CONSTRAINT flow_consignee_check CHECK (consignee IS NULL OR (
            kind OPERATOR(pg_catalog.=) ANY (ARRAY['ship', 'export']::pg_catalog.text[])
            AND consignee OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$')),
    cut pg_catalog.jsonb
        CONSTRAINT flow_cut_check CHECK (@extschema@.flow_cut_valid(cut, kg)),
    -- a flow is entered after it happened (Order No. 71: by the 10th of
    -- the next month, domain.md section 2), so not after the day it is
    -- recorded: recorded_at's UTC date, + 1 day for the time zones ahead
    -- of UTC (up to +14:00); and not before 2000 (a typing error)
    CONSTRAINT flow_happened_on_check CHECK (
        happened_on OPERATOR(pg_catalog.>=) '2000-01-01'::pg_catalog.date
        AND happened_on OPERATOR(pg_catalog.<=)
            (pg_catalog.date(pg_catalog.timezone('UTC', recorded_at)) OPERATOR(pg_catalog.+) 1))
);
-- an entry is corrected at most once, so corrections form simple chains
-- (the trigger checks it with a clear message; this is the backstop)
CREATE UNIQUE INDEX flow_corrects_key ON @extschema@.flow (corrects) WHERE corrects IS NOT NULL;
COMMENT ON INDEX @extschema@.flow_corrects_key IS
    'an entry is corrected at most once; also serves flow_current';

COMMENT ON TABLE @extschema@.flow IS
    'the flow ledger: append-only, one SHA-256 hash chain per recording enterprise (see rare_trace.verify_ledger)';
COMMENT ON COLUMN @extschema@.flow.id IS 'entry id, global over all chains (covered by the hash)';
COMMENT ON COLUMN @extschema@.flow.recorded_at IS 'start of the recording transaction, set by the ledger trigger';
COMMENT ON COLUMN @extschema@.flow.enterprise IS 'recording enterprise CC-ENTERPRISE, whose chain the entry joins (need not be in rare_trace.enterprise)';
COMMENT ON COLUMN @extschema@.flow.parent IS 'lot the material came from';
COMMENT ON COLUMN @extschema@.flow.child IS 'lot the material went to';
COMMENT ON COLUMN @extschema@.flow.kg IS 'kg moved from parent to child (> 0; 0 only in a correction: the corrected flow did not happen)';
COMMENT ON COLUMN @extschema@.flow.kind IS 'transform, ship, receive, export, import or recycle';
COMMENT ON COLUMN @extschema@.flow.docs IS 'document references as a jsonb object (invoice, bill of lading, licence number, ...)';
COMMENT ON COLUMN @extschema@.flow.corrects IS 'id of the entry of the same chain this entry replaces; NULL for an original entry';
COMMENT ON COLUMN @extschema@.flow.seq IS 'position in the enterprise''s chain: 1, 2, 3, ... (set by the ledger trigger)';
COMMENT ON COLUMN @extschema@.flow.hash IS 'SHA-256(hash of entry seq - 1, or 32 zero bytes, || flow_canonical(entry)) (set by the ledger trigger)';
COMMENT ON COLUMN @extschema@.flow.happened_on IS 'the day the flow happened; NULL given: the corrected entry''s day for a correction, else the UTC date of recorded_at (set by the ledger trigger); NULL only on entries made before 0.6.0';
COMMENT ON COLUMN @extschema@.flow.shipment IS 'shipment reference (waybill, bill of lading) matching the shipper''s side (ship, export) with the receiver''s (receive, import); NULL: one-sided';
COMMENT ON COLUMN @extschema@.flow.consignee IS 'ship and export only: enterprise code CC-ENTERPRISE of the receiver the shipper names';
COMMENT ON COLUMN @extschema@.flow.cut IS 'element-resolved part of the parent the flow carries: element -> kg or "N%" of the flow''s kg (rare_trace.flow_cut_valid); NULL: the parent''s composition pro rata';

--
-- Head of every chain: the last entry's seq and hash.  Its row is the lock
-- that serialises appends to one chain; it also anchors the chain, so that
-- losing the last entries is detected.  The ledger writes it as the
-- appending transaction commits.  (No CHECK constraints: only the ledger
-- writes it, and verify_ledger compares it with the entries.)
--
CREATE TABLE @extschema@.flow_chain (
    enterprise pg_catalog.text PRIMARY KEY,
    seq pg_catalog.int8 NOT NULL,
    head pg_catalog.bytea NOT NULL
);
COMMENT ON TABLE @extschema@.flow_chain IS
    'head of each enterprise''s ledger chain; maintained by the ledger trigger only';
COMMENT ON COLUMN @extschema@.flow_chain.enterprise IS 'recording enterprise CC-ENTERPRISE';
COMMENT ON COLUMN @extschema@.flow_chain.seq IS 'seq of the chain''s last entry (0: none yet)';
COMMENT ON COLUMN @extschema@.flow_chain.head IS 'hash of the chain''s last entry (32 zero bytes: none yet)';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow_chain', '');

--
-- Canonical bytes of an entry (C; the one implementation the trigger and
-- verify_ledger share).  Layout in doc/ledger.md.
--
CREATE FUNCTION @extschema@.flow_canonical(entry @extschema@.flow)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'rare_trace_flow_canonical'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.flow_canonical(@extschema@.flow) IS
    'canonical bytes of a ledger entry, which its hash covers: "rare_trace.flow.v1", then seq, id, enterprise, recorded_at, parent, child, kg, kind, docs, corrects, each as a 4-byte big-endian length and UTF-8 text; "rare_trace.flow.v2" and happened_on, shipment, consignee, cut after them when any of these is not NULL';

--
-- The ledger trigger (C, src/ledger_trigger.c).  It assigns seq,
-- recorded_at and hash, keeping each chain's head in memory for the
-- transaction (src/ledger_chain.c); the deferred constraint trigger
-- flow_write_head writes each changed head to flow_chain once, as the
-- transaction commits.
-- Not SECURITY DEFINER: it runs its own statements on flow_chain as the
-- owner of rare_trace.flow and only those, as PostgreSQL's foreign-key
-- triggers do.  No SET search_path: on a row trigger a SET clause is paid
-- for every row (measured: about 5 us per row, a 100,000-row INSERT ...
-- SELECT taking 2.00 s -> 2.56 s of backend CPU), and the function depends
-- on no setting: every name and operator in its SQL is schema-qualified,
-- and the canonical bytes ignore TimeZone, DateStyle and the like.
--
CREATE FUNCTION @extschema@.flow_append()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_append'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.flow_append() IS
    'BEFORE INSERT FOR EACH ROW trigger of rare_trace.flow: assigns seq, recorded_at and hash (flow_write_head writes the chain heads at commit)';

CREATE TRIGGER flow_hash
    BEFORE INSERT ON @extschema@.flow
    FOR EACH ROW EXECUTE FUNCTION @extschema@.flow_append();
COMMENT ON TRIGGER flow_hash ON @extschema@.flow IS 'assigns seq, recorded_at and hash';

--
-- Writing the heads at commit: a deferred constraint trigger, fired by
-- PostgreSQL with the other deferred triggers as the transaction commits
-- (before the point after which no user code runs).  Its WHEN condition
-- holds for one entry per chain and transaction (the one that made the
-- head dirty), so one event is queued per chain, not per row.  The WHEN
-- function only reads the session's own transaction state (PARALLEL
-- UNSAFE: a worker has none); inserting roles need EXECUTE on it, so it
-- keeps PostgreSQL's default grant; no SET search_path (it runs no SQL,
-- and a SET clause would be paid on every row, as for flow_append).
--
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

CREATE CONSTRAINT TRIGGER flow_write_head
    AFTER INSERT ON @extschema@.flow
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (@extschema@.flow_head_pending(NEW.enterprise, NEW.seq))
    EXECUTE FUNCTION @extschema@.flow_write_head();
COMMENT ON TRIGGER flow_write_head ON @extschema@.flow IS
    'writes each chain head the transaction changed to flow_chain, once, at commit';

CREATE FUNCTION @extschema@.flow_reject()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_reject'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.flow_reject() IS
    'trigger function: rejects UPDATE, DELETE and TRUNCATE of the append-only rare_trace.flow (SQLSTATE RTL01)';

CREATE TRIGGER flow_append_only
    BEFORE UPDATE OR DELETE ON @extschema@.flow
    FOR EACH ROW EXECUTE FUNCTION @extschema@.flow_reject();
CREATE TRIGGER flow_no_truncate
    BEFORE TRUNCATE ON @extschema@.flow
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.flow_reject();
COMMENT ON TRIGGER flow_append_only ON @extschema@.flow IS 'rejects UPDATE and DELETE: record a correction instead';
COMMENT ON TRIGGER flow_no_truncate ON @extschema@.flow IS 'rejects TRUNCATE';

--
-- The corrected view.  Every entry is corrected at most once, so the
-- corrections of an entry form a chain and its last link is the one in
-- force: an entry counts unless a later entry corrects it, and an entry
-- with kg = 0 (a correction saying the flow did not happen) never counts.
--
CREATE VIEW @extschema@.flow_current AS
SELECT f.id,
       f.recorded_at,
       f.enterprise,
       f.seq,
       f.kind,
       f.parent,
       f.child,
       @extschema@.lot_code(f.parent) AS parent_code,
       @extschema@.lot_code(f.child) AS child_code,
       f.kg,
       f.docs,
       f.corrects,
       COALESCE(f.happened_on, pg_catalog.date(pg_catalog.timezone('UTC', f.recorded_at))) AS happened_on,
       f.shipment,
       f.consignee,
       f.cut
FROM @extschema@.flow AS f
WHERE f.kg OPERATOR(pg_catalog.<>) 0
  AND NOT EXISTS (SELECT FROM @extschema@.flow AS c WHERE c.corrects OPERATOR(pg_catalog.=) f.id);
COMMENT ON VIEW @extschema@.flow_current IS
    'flows in force: ledger entries not corrected by a later entry, without kg = 0 cancellations';
COMMENT ON COLUMN @extschema@.flow_current.id IS 'entry id (the last correction in force, or the original entry)';
COMMENT ON COLUMN @extschema@.flow_current.recorded_at IS 'when the entry was recorded';
COMMENT ON COLUMN @extschema@.flow_current.enterprise IS 'recording enterprise';
COMMENT ON COLUMN @extschema@.flow_current.seq IS 'position in the enterprise''s chain';
COMMENT ON COLUMN @extschema@.flow_current.kind IS 'transform, ship, receive, export, import or recycle';
COMMENT ON COLUMN @extschema@.flow_current.parent IS 'lot the material came from';
COMMENT ON COLUMN @extschema@.flow_current.child IS 'lot the material went to';
COMMENT ON COLUMN @extschema@.flow_current.parent_code IS 'code of the parent lot, as text for BI tools';
COMMENT ON COLUMN @extschema@.flow_current.child_code IS 'code of the child lot, as text for BI tools';
COMMENT ON COLUMN @extschema@.flow_current.kg IS 'kg moved from parent to child (> 0)';
COMMENT ON COLUMN @extschema@.flow_current.docs IS 'document references';
COMMENT ON COLUMN @extschema@.flow_current.corrects IS 'id of the entry this one replaced; NULL for an original entry';
COMMENT ON COLUMN @extschema@.flow_current.happened_on IS 'the day the flow happened (for an entry made before 0.6.0: the UTC date of recorded_at)';
COMMENT ON COLUMN @extschema@.flow_current.shipment IS 'shipment reference matching the two sides of a shipment; NULL: one-sided';
COMMENT ON COLUMN @extschema@.flow_current.consignee IS 'ship and export: the receiving enterprise the shipper names';
COMMENT ON COLUMN @extschema@.flow_current.cut IS 'element-resolved part of the parent the flow carries; NULL: pro rata';

--
-- Verification: every entry's hash against its predecessor's stored hash
-- (set-based: each link is checked on its own), the seq numbering, and
-- the head in flow_chain against the chain's last entry.
--
CREATE FUNCTION @extschema@.verify_ledger(enterprise pg_catalog.text DEFAULT NULL)
RETURNS TABLE (enterprise pg_catalog.text, id pg_catalog.int8, seq pg_catalog.int8, problem pg_catalog.text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH entry AS (
        SELECT f.enterprise, f.id, f.seq, f.hash,
               f.seq OPERATOR(pg_catalog.<>)
                   (COALESCE(pg_catalog.lag(f.seq) OVER w, 0) OPERATOR(pg_catalog.+) 1) AS gap,
               f.hash OPERATOR(pg_catalog.<>) pg_catalog.sha256(
                   COALESCE(pg_catalog.lag(f.hash) OVER w,
                            pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
                   OPERATOR(pg_catalog.||) @extschema@.flow_canonical(f)) AS bad,
               pg_catalog.lead(f.seq) OVER w IS NULL AS last
        FROM @extschema@.flow AS f
        WHERE $1 IS NULL OR f.enterprise OPERATOR(pg_catalog.=) $1
        WINDOW w AS (PARTITION BY f.enterprise ORDER BY f.seq)
    ), problem AS (
        SELECT e.enterprise, e.id, e.seq,
               CASE WHEN e.gap THEN 'sequence gap' ELSE 'hash mismatch' END AS problem, 0 AS rank
        FROM entry AS e
        WHERE e.gap OR e.bad
        UNION ALL
        SELECT COALESCE(l.enterprise, c.enterprise), l.id, l.seq,
               CASE WHEN c.enterprise IS NULL THEN 'chain head missing' ELSE 'chain head mismatch' END, 1
        FROM (SELECT * FROM entry WHERE entry.last) AS l
        FULL JOIN (SELECT * FROM @extschema@.flow_chain AS h
                   WHERE $1 IS NULL OR h.enterprise OPERATOR(pg_catalog.=) $1) AS c
               ON c.enterprise OPERATOR(pg_catalog.=) l.enterprise
        WHERE c.enterprise IS NULL
           OR (l.enterprise IS NULL
               AND (c.seq OPERATOR(pg_catalog.<>) 0
                    OR c.head OPERATOR(pg_catalog.<>) pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex')))
           OR (l.enterprise IS NOT NULL
               AND (c.seq OPERATOR(pg_catalog.<>) l.seq OR c.head OPERATOR(pg_catalog.<>) l.hash))
    )
    SELECT DISTINCT ON (p.enterprise COLLATE pg_catalog."C") p.enterprise, p.id, p.seq, p.problem
    FROM problem AS p
    ORDER BY p.enterprise COLLATE pg_catalog."C", p.rank, p.seq
$fn$;
COMMENT ON FUNCTION @extschema@.verify_ledger(pg_catalog.text) IS
    'the first broken link of every ledger chain (or of the one named): sequence gap, hash mismatch, chain head mismatch or chain head missing; no row when every chain holds';

--
-- Privileges: readers read; recorders append, giving only the columns a
-- flow is made of; nobody writes seq, hash, recorded_at or flow_chain but
-- the ledger trigger.
--
REVOKE ALL ON TABLE @extschema@.flow, @extschema@.flow_chain, @extschema@.flow_current FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.flow, @extschema@.flow_chain, @extschema@.flow_current TO rare_trace_reader;
GRANT INSERT (enterprise, parent, child, kg, kind, docs, corrects, happened_on, shipment, consignee, cut)
    ON TABLE @extschema@.flow TO rare_trace_recorder;
-- triggers fire without EXECUTE
REVOKE ALL ON FUNCTION @extschema@.flow_append() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.flow_reject() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.flow_write_head() FROM PUBLIC;

-- ======================================================================
-- End of the flow ledger.
-- ======================================================================
