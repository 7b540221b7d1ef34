--
-- ledger: the tamper-evident flow ledger rare_trace.flow (0.3.0).
--   - appends: seq per enterprise, recorded_at = the transaction's start,
--     hash = SHA-256(previous hash || flow_canonical(entry)), checked here
--     against a second implementation of the canonical bytes in SQL
--   - the exact canonical bytes and hash of one hand-checked entry, the same
--     whatever the session's TimeZone, DateStyle and the like
--   - corrections and flow_current (a correction of a correction, kg = 0)
--   - every rejection: UPDATE, DELETE, TRUNCATE, bad kind, docs or kg,
--     bad corrections; none leaves a trace in the chains
--   - seq, hash and recorded_at given by the user are replaced, unless the
--     owner gives all three (that is how pg_restore reloads the ledger)
--   - multi-row INSERT, INSERT ... SELECT and COPY over several chains;
--     savepoints; flow_chain is written as the appending transaction commits
--   - tampering behind the triggers' back (as superuser, triggers
--     disabled): a changed entry, a forged chain head, deleted entries;
--     verify_ledger names them
-- Enterprises here are EE-*; ids start at 1 (the test restarts the
-- identity of the empty ledger) and everything is removed at the end.
--
SET search_path = rare_trace, public;

-- the canonical bytes again, written in SQL from the documented layout
-- (doc/ledger.md), as an outside program would
CREATE FUNCTION pg_temp.field(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT int4send(octet_length(convert_to(t, 'UTF8'))) || convert_to(t, 'UTF8')
$$;
CREATE FUNCTION pg_temp.canon(f rare_trace.flow) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(CASE WHEN num_nonnulls(f.happened_on, f.shipment, f.consignee, f.cut) > 0
                           THEN 'rare_trace.flow.v2' ELSE 'rare_trace.flow.v1' END, 'UTF8')
        || pg_temp.field(f.seq::text)
        || pg_temp.field(f.id::text)
        || pg_temp.field(f.enterprise)
        || pg_temp.field(to_char(f.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || pg_temp.field(f.parent::text)
        || pg_temp.field(f.child::text)
        || pg_temp.field(trim_scale(f.kg)::text)
        || pg_temp.field(f.kind)
        || pg_temp.field(f.docs::text)
        || pg_temp.field(coalesce(f.corrects::text, ''))
        -- version 2 (0.6.0): four more fields, empty when NULL
        || CASE WHEN num_nonnulls(f.happened_on, f.shipment, f.consignee, f.cut) > 0
                THEN pg_temp.field(coalesce(to_char(f.happened_on, 'YYYY-MM-DD'), ''))
                     || pg_temp.field(coalesce(f.shipment, ''))
                     || pg_temp.field(coalesce(f.consignee, ''))
                     || pg_temp.field(coalesce(f.cut::text, ''))
                ELSE '' END
$$;

-- every entry against both: the SQL canonical bytes equal flow_canonical,
-- and the stored hash equals SHA-256 of the previous stored hash (32 zero
-- bytes for seq 1) and the SQL canonical bytes
CREATE VIEW pg_temp.recheck AS
SELECT f.enterprise,
       count(*) AS entries,
       min(f.seq) AS first_seq, max(f.seq) AS last_seq,
       bool_and(pg_temp.canon(f) = flow_canonical(f)) AS canonical_same,
       bool_and(f.hash = sha256(coalesce(p.hash, decode(repeat('00', 32), 'hex')) || pg_temp.canon(f))) AS hashes_hold,
       bool_and(f.seq = coalesce(p.seq, 0) + 1) AS seq_contiguous
FROM rare_trace.flow AS f
LEFT JOIN rare_trace.flow AS p ON p.enterprise = f.enterprise AND p.seq = f.seq - 1
WHERE f.enterprise LIKE 'EE-%'
GROUP BY f.enterprise
ORDER BY f.enterprise;

-- the heads against the last entries
CREATE VIEW pg_temp.heads AS
SELECT c.enterprise, c.seq, c.head = l.hash AS head_is_last_hash
FROM rare_trace.flow_chain AS c
LEFT JOIN rare_trace.flow AS l ON l.enterprise = c.enterprise AND l.seq = c.seq
WHERE c.enterprise LIKE 'EE-%'
ORDER BY c.enterprise;

-- the ledger is empty: restart its ids so that they are known below
SELECT count(*) AS entries_before FROM rare_trace.flow;
SELECT count(*) AS chains_before FROM rare_trace.flow_chain;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;

--
-- Appends.  A multi-row INSERT over two chains: seq counts per enterprise,
-- recorded_at is the transaction's start, the hash is 32 bytes.
--
INSERT INTO flow (enterprise, parent, child, kg, kind, docs) VALUES
    ('EE-MINE', 'EE-MINE-ORE1 ore 10t Nd=1% Pr=0.3%', 'EE-MINE-CON1 concentrate 2t Nd=5% Pr=1.5%', 10000, 'transform', '{"licence": "L-2025-7"}'),
    ('EE-MINE', 'EE-MINE-CON1 concentrate 2t Nd=5% Pr=1.5%', 'EE-SEP-CON1 concentrate 2t Nd=5% Pr=1.5%', 2000, 'ship', '{"invoice": "INV-1", "bill_of_lading": "BL-9"}'),
    ('EE-SEP', 'EE-MINE-CON1 concentrate 2t Nd=5% Pr=1.5%', 'EE-SEP-CON1 concentrate 2t Nd=5% Pr=1.5%', 2000, 'receive', '{"invoice": "INV-1"}')
RETURNING id, enterprise, seq, kind, kg, recorded_at = now() AS at_xact_start, octet_length(hash) AS hash_bytes;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-SEP', 'EE-SEP-CON1 concentrate 2t Nd=5% Pr=1.5%', 'EE-SEP-OX1 oxide 100.500kg Nd=70% Pr=21%', 2000, 'transform')
RETURNING id, enterprise, seq, kg, docs, corrects;
SELECT * FROM pg_temp.recheck;
SELECT * FROM pg_temp.heads;
SELECT * FROM verify_ledger();

-- two statements of one transaction share recorded_at; the chain goes on
BEGIN;
SELECT now() AS xact_start \gset
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-SEP', 'EE-SEP-OX1 oxide 100.5kg Nd=70% Pr=21%', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 50, 'transform');
SELECT pg_sleep(0.01);
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-SEP', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 'EE-MAG-OX2 oxide 50kg Nd=70% Pr=21%', 50, 'export');
SELECT id, seq, recorded_at = :'xact_start' AS at_xact_start FROM flow WHERE id > 4 ORDER BY id;
-- flow_chain is written as the transaction commits: until then it shows
-- the head the transaction started from, and verify_ledger says so
SELECT * FROM pg_temp.heads;
SELECT * FROM verify_ledger('EE-SEP');
COMMIT;
SELECT * FROM pg_temp.heads;
SELECT * FROM verify_ledger();

--
-- The canonical bytes of one entry, checked by hand (doc/ledger.md has the
-- same example): the tag, then each field as a 4-byte big-endian length
-- and UTF-8 text.  recorded_at is UTC with microseconds, kg loses its
-- trailing zeros, docs is printed as jsonb prints it (keys by length, then
-- bytes), corrects is empty when NULL.
--
CREATE TEMP TABLE example AS
SELECT ROW(42, '2025-03-01 09:30:00.25+01', 'CN-BAOTOU',
           'CN-BAOTOU-B7 oxide 1000kg Nd=75% Pr=25%', 'CN-BAOTOU-M7 metal 750kg Nd=75% Pr=25%',
           750.000, 'transform', '{"licence": "CN-L-0042", "invoice": "F-2025-001"}',
           NULL, 1, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow AS f;
SELECT encode(flow_canonical(f), 'hex') AS canonical FROM example;
SELECT octet_length(flow_canonical(f)) AS canonical_bytes FROM example;
SELECT encode(flow_canonical(f), 'escape') AS canonical_escaped FROM example;
SELECT encode(sha256(decode(repeat('00', 32), 'hex') || flow_canonical(f)), 'hex') AS hash FROM example;
SELECT flow_canonical(f) = pg_temp.canon(f) AS sql_layout_same FROM example;
-- non-ASCII text is UTF-8; corrects is a decimal
SELECT encode(flow_canonical(ROW(43, '2025-03-01 09:30:00+00', 'DE-VAC', 'DE-VAC-A1 alloy 10kg Dy=4%',
           'DE-VAC-M1 magnet 9.5kg Dy=4%', 0.5, 'recycle', '{"note": "Öl, 5 µm"}', 41, 2, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow),
       'escape') AS canonical_escaped;
-- the session's settings change nothing
SET TimeZone = 'Pacific/Chatham';
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'sql_standard';
SET extra_float_digits = -3;
SET bytea_output = 'escape';
SELECT encode(sha256(decode(repeat('00', 32), 'hex') || flow_canonical(f)), 'hex') AS hash FROM example;
RESET TimeZone; RESET DateStyle; RESET IntervalStyle; RESET extra_float_digits; RESET bytea_output;
-- and every entry so far, appended under other settings
SET TimeZone = 'America/St_Johns';
SET DateStyle = 'German';
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-MINE', 'EE-MINE-ORE2 ore 5t Nd=1%', 'EE-MINE-CON2 concentrate 1t Nd=5%', 5000, 'transform');
RESET TimeZone; RESET DateStyle;
SELECT * FROM pg_temp.recheck;
-- a whole entry may be NULL; a field the hash covers may not
SELECT flow_canonical(NULL::rare_trace.flow) IS NULL AS null_entry;
SELECT * FROM regress_util.try($$SELECT rare_trace.flow_canonical(ROW(1, now(), 'EE-YY', 'EE-YY-A ore 1kg', 'EE-YY-B ore 1kg', 1, 'ship', '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow)$$, hide_row => true);
SELECT * FROM regress_util.try($$SELECT rare_trace.flow_canonical(ROW(1, now(), 'EE-YY', 'EE-YY-A ore 1kg', NULL, 1, 'ship', '{}', NULL, 1, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow)$$, hide_row => true);
-- infinite and far timestamps have a text too (only a tampered entry has them)
-- (the field starts at byte 38: tag 18, seq 4 + 1, id 4 + 1, enterprise 4 + 5)
SELECT t AT TIME ZONE 'UTC' AS recorded_at_utc,
       (get_byte(c, 37) << 24) | (get_byte(c, 38) << 16) | (get_byte(c, 39) << 8) | get_byte(c, 40) AS len,
       convert_from(substr(c, 42, (get_byte(c, 39) << 8) | get_byte(c, 40)), 'UTF8') AS recorded_at_text
FROM unnest(ARRAY['infinity', '-infinity', '0001-01-01 00:00:00+00', '0001-12-31 23:00:00+00 BC',
                  '9999-12-31 23:59:59.999999+00']::timestamptz[]) AS t,
     LATERAL (SELECT flow_canonical(ROW(1, t, 'EE-YY', 'EE-YY-A ore 1kg', 'EE-YY-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow)) AS x(c);

--
-- Corrections.  An entry is corrected at most once, so the corrections of
-- an entry form a chain whose last link is in force; kg = 0 says the flow
-- did not happen.
--
INSERT INTO flow (enterprise, parent, child, kg, kind, docs) VALUES
    ('EE-MAG', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 'EE-MAG-M1 metal 40kg Nd=75% Pr=22%', 50, 'transform', '{}'),
    ('EE-MAG', 'EE-MAG-M1 metal 40kg Nd=75% Pr=22%', 'EE-MAG-N1 magnet 38kg Nd=29% Pr=9%', 40, 'transform', '{}')
RETURNING id, seq;
-- entry 8 said 50 kg; it was 48 (9 corrects 8)
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects) VALUES
    ('EE-MAG', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 'EE-MAG-M1 metal 40kg Nd=75% Pr=22%', 48, 'transform', 8)
RETURNING id, seq, corrects;
SELECT id, seq, kind, parent_code, child_code, kg, corrects FROM flow_current WHERE enterprise = 'EE-MAG' ORDER BY id;
-- 9 is cancelled (11 corrects 9 with kg = 0): the flow did not happen
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects) VALUES
    ('EE-MAG', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 'EE-MAG-M1 metal 40kg Nd=75% Pr=22%', 0, 'transform', 9)
RETURNING id, seq, kg, corrects;
SELECT id, seq, kg, corrects FROM flow_current WHERE enterprise = 'EE-MAG' ORDER BY id;
-- ... after all it did, with 47 kg (12 corrects the cancellation 11)
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects) VALUES
    ('EE-MAG', 'EE-SEP-OX2 oxide 50kg Nd=70% Pr=21%', 'EE-MAG-M1 metal 40kg Nd=75% Pr=22%', 47, 'transform', 11)
RETURNING id, seq, kg, corrects;
SELECT id, seq, kg, corrects FROM flow_current WHERE enterprise = 'EE-MAG' ORDER BY id;
-- a correction in the same statement as the entry it corrects
INSERT INTO flow (enterprise, parent, child, kg, kind)
SELECT 'EE-MAG', 'EE-MAG-N1 magnet 38kg Nd=29% Pr=9%', 'EE-OEM-N1 magnet 38kg Nd=29% Pr=9%', 38, 'export'
RETURNING id;
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects) VALUES
    ('EE-MAG', 'EE-MAG-N1 magnet 38kg Nd=29% Pr=9%', 'EE-OEM-N1 magnet 38kg Nd=29% Pr=9%', 38, 'ship', NULL),
    ('EE-MAG', 'EE-MAG-N1 magnet 38kg Nd=29% Pr=9%', 'EE-OEM-N1 magnet 38kg Nd=29% Pr=9%', 38, 'export', 14)
RETURNING id, seq, kind, corrects;
SELECT id, seq, kind, kg, corrects FROM flow_current WHERE enterprise = 'EE-MAG' ORDER BY id;
-- the BI columns are plain text
SELECT attname, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = 'rare_trace.flow_current'::regclass AND attnum > 0 ORDER BY attnum;

--
-- Rejections.  None leaves a trace: the chains go on without a gap.
--
SELECT * FROM regress_util.try($$UPDATE rare_trace.flow SET kg = 1 WHERE id = 1$$, hide_row => true);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.flow WHERE id = 2$$, hide_row => true);
SELECT * FROM regress_util.try($$TRUNCATE rare_trace.flow$$, hide_row => true);
-- INSERT ... ON CONFLICT DO UPDATE turns into an UPDATE (only the
-- superuser can name an existing id)
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (id, enterprise, parent, child, kg, kind) OVERRIDING SYSTEM VALUE VALUES (1, 'EE-MINE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship') ON CONFLICT (id) DO UPDATE SET kg = 2$$, hide_row => true);
-- kind, docs, kg
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'Transform')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', '["INV-1"]')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', '"INV-1"')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', NULL)$$, hide_row => true);
SELECT kg, t.*
FROM unnest(ARRAY['0', '-1', '0.000', 'NaN', 'Infinity']::numeric[]) AS kg,
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', %L, 'ship')$$, kg), hide_row => true) AS t
WHERE t NOT LIKE 'DETAIL%';
-- a correction may say 0 kg, but not less
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', -1, 'ship', 10)$$, hide_row => true);
-- enterprise codes
SELECT e, t.*
FROM unnest(ARRAY['EE-M', 'ee-mag', 'EEM-MAG', 'EE-ABCDEFGHIJKLMNOPQ', 'EE-ABCDEFGHIJKLMNOP', 'EE_MAG', 'EE-MAG ']) AS e,
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES (%L, 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship')$$, e), hide_row => true) AS t;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES (NULL, 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-MAG', NULL, 'EE-AA-2 ore 1kg', 1, 'ship')$$, hide_row => true);
-- corrections: of another chain, of an entry corrected already, of an
-- entry that does not exist (itself, say)
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 1)$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 9)$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 99999)$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) OVERRIDING SYSTEM VALUE VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', (SELECT max(id) + 1 FROM rare_trace.flow))$$, hide_row => true);
-- two corrections of one entry in one statement
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 10), ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 2, 'ship', 10)$$, hide_row => true);
-- a bad row spoils its statement, good rows before it included
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship'), ('EE-SEP', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship'), ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'shipped')$$, hide_row => true);
SELECT count(*) AS entries, max(id) AS last_id FROM flow;
SELECT * FROM pg_temp.heads;
-- the chains go on where they were
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-MAG', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship')
RETURNING enterprise, seq;
SELECT * FROM pg_temp.recheck;
SELECT * FROM verify_ledger();

--
-- seq, hash and recorded_at come from the trigger.  A recorder may not
-- give them at all (no INSERT privilege on them); the superuser's are
-- replaced unless all three are given ...
--
INSERT INTO flow (enterprise, parent, child, kg, kind, seq, hash) VALUES
    ('EE-MINE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 999, sha256('forged'))
RETURNING seq, hash = sha256('forged') AS forged_hash_kept;
INSERT INTO flow (enterprise, parent, child, kg, kind, recorded_at, hash) VALUES
    ('EE-MINE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', '2000-01-01', sha256('forged'))
RETURNING seq, recorded_at = now() AS at_xact_start, hash = sha256('forged') AS forged_hash_kept;
INSERT INTO flow (enterprise, parent, child, kg, kind, seq, recorded_at) VALUES
    ('EE-MINE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 1, '2000-01-01')
RETURNING seq, recorded_at = now() AS at_xact_start;
SELECT * FROM verify_ledger('EE-MINE');
-- a recorder appends, to a new chain too (the ledger writes flow_chain for
-- it), but gives none of them, changes nothing and cannot write flow_chain
CREATE ROLE regress_ledger_recorder NOLOGIN IN ROLE rare_trace_recorder;
SET ROLE regress_ledger_recorder;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-REC', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship')
RETURNING enterprise, seq;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, seq) VALUES ('EE-REC', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship', 2)$$, hide_row => true);
SELECT * FROM regress_util.try($$UPDATE rare_trace.flow SET kg = 2 WHERE enterprise = 'EE-REC'$$, hide_row => true);
SELECT * FROM regress_util.try($$UPDATE rare_trace.flow_chain SET seq = 0 WHERE enterprise = 'EE-REC'$$, hide_row => true);
SELECT * FROM verify_ledger('EE-REC');
RESET ROLE;
DROP ROLE regress_ledger_recorder;
-- ... by the table's owner (here the superuser): then the row is kept as
-- given and the chain heads are left alone.  That is what a restore from
-- pg_dump does: it loads flow and flow_chain as they were.  Here a chain is
-- "restored" by hand: entries 1 and 2, then its head.
CREATE TEMP TABLE restored AS
SELECT ROW(900 + n, '2024-12-31 23:00:00+00', 'EE-RST', 'EE-RST-A ore 1t Ce=10%', 'EE-RST-B concentrate 200kg Ce=50%',
           100 * n, 'transform', '{}', NULL, n, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow AS f, n
FROM generate_series(1, 2) AS n;
UPDATE restored SET f.hash = sha256(decode(repeat('00', 32), 'hex') || flow_canonical(f)) WHERE n = 1;
UPDATE restored SET f.hash = sha256((SELECT (r.f).hash FROM restored AS r WHERE r.n = 1) || flow_canonical(f)) WHERE n = 2;
INSERT INTO flow OVERRIDING SYSTEM VALUE SELECT (f).* FROM restored ORDER BY n
RETURNING id, seq, recorded_at, hash = (SELECT (r.f).hash FROM restored AS r WHERE (r.f).id = flow.id) AS hash_kept;
SELECT * FROM verify_ledger('EE-RST');
INSERT INTO flow_chain SELECT 'EE-RST', 2, (f).hash FROM restored WHERE n = 2;
SELECT * FROM verify_ledger('EE-RST');
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-RST', 'EE-RST-B concentrate 200kg Ce=50%', 'EE-RST-C oxide 100kg Ce=99%', 200, 'transform')
RETURNING seq;
SELECT * FROM verify_ledger('EE-RST');

--
-- Several chains in one INSERT ... SELECT, and COPY.
--
INSERT INTO flow (enterprise, parent, child, kg, kind, docs)
SELECT 'EE-BULK' || (i % 3), format('EE-BULK%s-P%s ore 1t Nd=1%%', i % 3, i)::rare_lot,
       format('EE-BULK%s-C%s concentrate 100kg Nd=10%%', i % 3, i)::rare_lot,
       i * 1.5, (ARRAY['transform', 'ship', 'receive', 'export', 'import', 'recycle'])[1 + i % 6],
       jsonb_build_object('invoice', 'INV-' || i)
FROM generate_series(1, 300) AS i;
COPY flow (enterprise, parent, child, kg, kind, docs) FROM stdin;
EE-BULK1	EE-BULK1-P301 ore 1t Nd=1%	EE-BULK1-C301 concentrate 100kg Nd=10%	301	ship	{"invoice": "INV-301"}
EE-BULK2	EE-BULK2-P302 ore 1t Nd=1%	EE-BULK2-C302 concentrate 100kg Nd=10%	302	ship	{}
EE-BULK0	EE-BULK0-P303 ore 1t Nd=1%	EE-BULK0-C303 concentrate 100kg Nd=10%	303	import	{}
\.
SELECT * FROM pg_temp.recheck WHERE enterprise LIKE 'EE-BULK%';
SELECT * FROM pg_temp.heads WHERE enterprise LIKE 'EE-BULK%';

--
-- Savepoints and exception blocks: what is rolled back leaves no gap.
--
BEGIN;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES ('EE-SAVE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship');
SAVEPOINT a;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES ('EE-SAVE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 2, 'ship');
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES ('EE-SAVF', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 2, 'ship');
SAVEPOINT b;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES ('EE-SAVE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 3, 'ship');
RELEASE b;
ROLLBACK TO a;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES ('EE-SAVE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 4, 'ship');
DO $$
BEGIN
    FOR i IN 5 .. 10 LOOP
        BEGIN
            INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
            VALUES ('EE-SAVE', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', i, CASE WHEN i % 2 = 0 THEN 'ship' ELSE 'sail' END);
            IF i = 10 THEN
                RAISE EXCEPTION 'undo the last one';
            END IF;
        EXCEPTION WHEN check_violation OR raise_exception THEN
            NULL;
        END;
    END LOOP;
END
$$;
COMMIT;
SELECT seq, kg FROM flow WHERE enterprise IN ('EE-SAVE', 'EE-SAVF') ORDER BY seq;
SELECT * FROM pg_temp.heads WHERE enterprise LIKE 'EE-SAV%';
SELECT * FROM verify_ledger();

--
-- Tampering, as the superuser, behind the triggers' back.
--
-- an entry's kg is changed: verify_ledger names exactly that entry
ALTER TABLE flow DISABLE TRIGGER flow_append_only;
UPDATE flow SET kg = 20000 WHERE id = 1;
ALTER TABLE flow ENABLE TRIGGER flow_append_only;
SELECT * FROM verify_ledger();
SELECT * FROM verify_ledger('EE-SEP');
-- its hash recomputed too: then the next entry's link breaks
ALTER TABLE flow DISABLE TRIGGER flow_append_only;
UPDATE flow SET hash = sha256(decode(repeat('00', 32), 'hex') || flow_canonical(flow)) WHERE id = 1;
ALTER TABLE flow ENABLE TRIGGER flow_append_only;
SELECT * FROM verify_ledger('EE-MINE');
-- put back: the chain holds again
ALTER TABLE flow DISABLE TRIGGER flow_append_only;
UPDATE flow SET kg = 10000 WHERE id = 1;
UPDATE flow SET hash = sha256(decode(repeat('00', 32), 'hex') || flow_canonical(flow)) WHERE id = 1;
ALTER TABLE flow ENABLE TRIGGER flow_append_only;
SELECT * FROM verify_ledger();
-- a forged chain head
UPDATE flow_chain SET head = sha256('forged') WHERE enterprise = 'EE-MAG';
SELECT * FROM verify_ledger();
UPDATE flow_chain SET head = (SELECT hash FROM flow WHERE enterprise = 'EE-MAG' ORDER BY seq DESC LIMIT 1) WHERE enterprise = 'EE-MAG';
-- the last entry deleted (seq 4 of EE-SEP): the head no longer matches
CREATE TEMP TABLE removed AS SELECT * FROM flow WHERE enterprise = 'EE-SEP' AND seq IN (2, 4);
ALTER TABLE flow DISABLE TRIGGER flow_append_only;
DELETE FROM flow WHERE enterprise = 'EE-SEP' AND seq = 4;
SELECT * FROM verify_ledger();
-- an entry deleted in the middle (seq 2): a sequence gap at the entry after it
DELETE FROM flow WHERE enterprise = 'EE-SEP' AND seq = 2;
SELECT * FROM verify_ledger('EE-SEP');
ALTER TABLE flow ENABLE TRIGGER flow_append_only;
-- put back as they were (the owner's complete rows are kept as given)
INSERT INTO flow OVERRIDING SYSTEM VALUE SELECT * FROM removed ORDER BY seq;
SELECT * FROM verify_ledger();
-- a chain head without entries must be empty; entries without a head are
-- reported too
INSERT INTO flow_chain VALUES ('EE-EMPTY', 0, decode(repeat('00', 32), 'hex')),
                              ('EE-GHOST', 3, sha256('x'));
DELETE FROM flow_chain WHERE enterprise = 'EE-RST';
SELECT * FROM verify_ledger();
SELECT * FROM verify_ledger('EE-GHOST');
SELECT * FROM verify_ledger('EE-NONE');
DELETE FROM flow_chain WHERE enterprise IN ('EE-EMPTY', 'EE-GHOST');
-- with its head gone, a chain would start again at seq 1, which is taken:
-- appends fail until the head is back
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-RST', 'EE-AA-1 ore 1kg', 'EE-AA-2 ore 1kg', 1, 'ship')$$, hide_row => true);
INSERT INTO flow_chain SELECT enterprise, seq, hash FROM flow WHERE enterprise = 'EE-RST' ORDER BY seq DESC LIMIT 1;
SELECT * FROM verify_ledger();
SELECT * FROM pg_temp.recheck;

-- the triggers; flow_append fires on rare_trace.flow only, and only as a
-- trigger
SELECT tgname, tgtype, tgenabled FROM pg_trigger WHERE tgrelid = 'rare_trace.flow'::regclass AND NOT tgisinternal ORDER BY tgname;
CREATE TABLE public.not_flow (LIKE rare_trace.flow);
CREATE TRIGGER misplaced BEFORE INSERT ON public.not_flow FOR EACH ROW EXECUTE FUNCTION rare_trace.flow_append();
SELECT * FROM regress_util.try($$INSERT INTO public.not_flow SELECT * FROM rare_trace.flow LIMIT 1$$, hide_row => true);
DROP TABLE public.not_flow;
SELECT * FROM regress_util.try($$SELECT rare_trace.flow_append()$$, hide_row => true);

--
-- Clean up: remove the test's chains behind the triggers' back and
-- restart the ids.
--
SET session_replication_role = replica;
DELETE FROM flow WHERE enterprise LIKE 'EE-%';
DELETE FROM flow_chain WHERE enterprise LIKE 'EE-%';
RESET session_replication_role;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;
SELECT count(*) AS entries_after FROM rare_trace.flow;
SELECT count(*) AS chains_after FROM rare_trace.flow_chain;
