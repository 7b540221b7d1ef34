--
-- ledger_columns: the columns 0.6.0 adds to rare_trace.flow (happened_on,
-- shipment, consignee, cut) and what the ledger does with them:
--   - happened_on filled by the trigger (UTC date of recorded_at, whatever
--     the session's TimeZone; a correction: the corrected flow's day),
--     kept when given; its CHECK's edges (2000-01-01; recorded_at's UTC
--     date + 1 day)
--   - shipment only on ship/export/receive/import, its format and length
--   - consignee only on ship/export, an enterprise code
--   - cut: flow_cut_valid's every rule and edge, and NULL
--   - canonical bytes version 2 as soon as one field is not NULL, version
--     1 otherwise (a row given by hand); hashes verify; flow_current shows
--     the columns; a recorder may give them; a restore keeps them
-- Enterprises here are EE-*; everything is removed at the end.
--
SET search_path = rare_trace, public;
SET DateStyle = 'ISO, MDY';

-- happened_on filled in: the UTC date of recorded_at, even where the local
-- date is another (Pacific/Kiritimati is UTC+14)
SET TimeZone = 'Pacific/Kiritimati';
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B1 concentrate 1t Nd=10%', 10000, 'transform')
RETURNING happened_on = (recorded_at AT TIME ZONE 'UTC')::date AS utc_date, shipment, consignee, cut;
RESET TimeZone;
-- given: kept, down to the lower edge; up to recorded_at's UTC date + 1
INSERT INTO flow (enterprise, parent, child, kg, kind, happened_on) VALUES
    ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B2 concentrate 1t Nd=10%', 1, 'transform', '2000-01-01'),
    ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B3 concentrate 1t Nd=10%', 1, 'transform', '2025-03-31')
RETURNING happened_on;
INSERT INTO flow (enterprise, parent, child, kg, kind, happened_on)
VALUES ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B4 concentrate 1t Nd=10%', 1, 'transform',
        (now() AT TIME ZONE 'UTC')::date + 1)
RETURNING happened_on - (recorded_at AT TIME ZONE 'UTC')::date AS days_ahead;
-- refused: before 2000, two days ahead, infinity
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, happened_on) VALUES ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B5 concentrate 1t Nd=10%', 1, 'transform', '1999-12-31')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, happened_on) VALUES ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B5 concentrate 1t Nd=10%', 1, 'transform', (now() AT TIME ZONE 'UTC')::date + 2)$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, happened_on) VALUES ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B5 concentrate 1t Nd=10%', 1, 'transform', 'infinity')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, happened_on) VALUES ('EE-COL', 'EE-COL-A1 ore 10t Nd=1%', 'EE-COL-B5 concentrate 1t Nd=10%', 1, 'transform', '-infinity')$$, hide_row => true);

-- a correction without happened_on inherits the corrected flow's day, one
-- with it keeps its own, and a correction of a correction inherits again
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects)
SELECT enterprise, parent, child, 2, kind, id FROM flow WHERE child = 'EE-COL-B3 concentrate 1t Nd=10%'
RETURNING kg, happened_on;
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects, happened_on)
SELECT enterprise, parent, child, 3, kind, id, '2025-03-30' FROM flow_current WHERE child = 'EE-COL-B3 concentrate 1t Nd=10%'
RETURNING kg, happened_on;
INSERT INTO flow (enterprise, parent, child, kg, kind, corrects)
SELECT enterprise, parent, child, 0, kind, id FROM flow_current WHERE child = 'EE-COL-B3 concentrate 1t Nd=10%'
RETURNING kg, happened_on;

--
-- shipment: on the four shipment kinds, not on transform or recycle;
-- 1 to 100 characters, no control characters, no leading or trailing
-- white space (inner spaces and any script are fine)
--
INSERT INTO flow (enterprise, parent, child, kg, kind, shipment) VALUES
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B1 concentrate 1t Nd=10%', 100, 'ship', 'BL 2025/0042'),
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B2 concentrate 1t Nd=10%', 100, 'export', 'X'),
    ('EE-DST', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B1 concentrate 1t Nd=10%', 100, 'receive', 'BL 2025/0042'),
    ('EE-DST', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B3 concentrate 1t Nd=10%', 100, 'import', '运单 «7»'),
    ('EE-DST', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B4 concentrate 1t Nd=10%', 100, 'import', repeat('W', 100))
RETURNING kind, length(shipment) AS len;
SELECT k, quote_literal(left(s, 8)) AS shipment_start, length(s) AS len, t.r
FROM (VALUES ('transform', 'BL-1'), ('recycle', 'BL-1'), ('ship', ''), ('ship', ' BL-1'), ('ship', 'BL-1 '),
             ('ship', E'BL\t1'), ('ship', E'BL-1\n'), ('ship', repeat('W', 101))) AS x(k, s),
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, shipment) VALUES ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%%', 'EE-DST-B9 concentrate 1t Nd=10%%', 1, %L, %L)$$, k, s), hide_row => true) AS t(r)
WHERE t.r LIKE 'SQLSTATE%' OR t.r LIKE 'CONSTRAINT%' OR t.r = 'ok';

--
-- consignee: ship and export only, an enterprise code
--
INSERT INTO flow (enterprise, parent, child, kg, kind, consignee) VALUES
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B5 concentrate 1t Nd=10%', 10, 'ship', 'EE-DST'),
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B6 concentrate 1t Nd=10%', 10, 'export', 'JP-ABCDEFGHIJKLMNOP')
RETURNING kind, consignee;
SELECT k, c, t.r
FROM (VALUES ('receive', 'EE-DST'), ('import', 'EE-DST'), ('transform', 'EE-DST'), ('ship', 'ee-dst'),
             ('ship', 'EE-D'), ('ship', 'EE-ABCDEFGHIJKLMNOPQ'), ('ship', 'EED-ST'), ('ship', 'EE-DST '), ('ship', '')) AS x(k, c),
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, consignee) VALUES ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%%', 'EE-DST-B9 concentrate 1t Nd=10%%', 1, %L, %L)$$, k, c), hide_row => true) AS t(r)
WHERE t.r LIKE 'SQLSTATE%' OR t.r LIKE 'CONSTRAINT%' OR t.r = 'ok';

--
-- cut: flow_cut_valid(cut, kg), directly, on every rule and edge
--
SELECT c, kg, flow_cut_valid(c::jsonb, kg) AS valid
FROM (VALUES
    ('{"Nd": 10}', 100), ('{"Nd": 100}', 100), ('{"Nd": 100.001}', 100),       -- up to the flow's kg
    ('{"Nd": 60, "Pr": 40}', 100), ('{"Nd": 60, "Pr": 40.001}', 100),          -- in all
    ('{"Nd": "100%"}', 100), ('{"Nd": "100.000000000001%"}', 100), ('{"Nd": "101%"}', 100),
    ('{"Nd": "60%", "Pr": 40}', 100), ('{"Nd": "60%", "Pr": 40.001}', 100),   -- % and kg together
    ('{"Nd": 0}', 100), ('{"Nd": "0%"}', 100), ('{"Nd": 0.001}', 100), ('{"Nd": 0.0001}', 100),
    ('{"Nd": -1}', 100), ('{"Nd": "-1%"}', 100), ('{"Nd": "1"}', 100), ('{"Nd": "1 %"}', 100),
    ('{"Nd": "%"}', 100), ('{"Nd": ".5%"}', 100), ('{"Nd": "0.5%"}', 100), ('{"Nd": "1000%"}', 100),
    ('{"Nd": null}', 100), ('{"Nd": true}', 100), ('{"Nd": [1]}', 100), ('{"Nd": {"kg": 1}}', 100),
    ('{"nd": 1}', 100), ('{"ND": 1}', 100), ('{"Ndx": 1}', 100), ('{"": 1}', 100), ('{"N": 1}', 100),
    ('{}', 100), ('[]', 100), ('[{"Nd": 1}]', 100), ('1', 100), ('"Nd"', 100), ('null', 100),
    ('{"Nd": 1}', 0), ('{"Nd": 0}', 0), ('{"Nd": 1e3}', 1000), ('{"Nd": 1e-4}', 1000)
) AS x(c, kg);
SELECT flow_cut_valid(NULL, 1) IS NULL AS null_cut, flow_cut_valid('{"Nd": 1}', NULL) IS NULL AS null_kg;
-- in the ledger: kept as given (jsonb normalises it), NULL is pro rata
INSERT INTO flow (enterprise, parent, child, kg, kind, cut) VALUES
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-COL-N1 oxide 100kg Nd=99%', 100, 'transform', '{"Nd": 99.000, "Pr": "1%"}'),
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-COL-N2 oxide 1kg Nd=99%', 1, 'transform', NULL)
RETURNING cut;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, cut) VALUES ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-COL-N3 oxide 100kg Nd=99%', 100, 'transform', '{"Nd": 101}')$$, hide_row => true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, cut) VALUES ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-COL-N3 oxide 100kg Nd=99%', 100, 'transform', '[]')$$, hide_row => true);
-- a cancellation (kg = 0) carries no element: a cut of 0 kg only
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects, cut) SELECT enterprise, parent, child, 0, kind, id, '{"Nd": 1}' FROM rare_trace.flow WHERE child = 'EE-COL-N2 oxide 1kg Nd=99%'$$, hide_row => true);

--
-- the hash covers the new fields: version 2 as soon as one is not NULL
-- (the ledger fills happened_on, so every new entry), version 1 for a
-- row with none (as every entry made before 0.6.0)
--
SELECT k, convert_from(substr(flow_canonical(f), 1, 18), 'UTF8') AS tag, octet_length(flow_canonical(f)) AS bytes
FROM (VALUES
    ('none', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, NULL, NULL, NULL, NULL)::rare_trace.flow),
    ('happened_on', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', NULL, NULL, NULL)::rare_trace.flow),
    ('shipment', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, NULL, 'S', NULL, NULL)::rare_trace.flow),
    ('consignee', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, NULL, NULL, 'EE-Y', NULL)::rare_trace.flow),
    ('cut', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, NULL, NULL, NULL, '{"La": 1}')::rare_trace.flow),
    ('all', ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'S', 'EE-Y', '{"La": 1}')::rare_trace.flow)
) AS x(k, f);
-- each field changes the hash
SELECT count(DISTINCT flow_canonical(f)) AS distinct_bytes
FROM (VALUES
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'S', 'EE-Y', '{"La": 1}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-30', 'S', 'EE-Y', '{"La": 1}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'T', 'EE-Y', '{"La": 1}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'S', 'EE-Z', '{"La": 1}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'S', 'EE-Y', '{"La": 2}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', 'S', NULL, '{"La": 1}')::rare_trace.flow),
    (ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', NULL, 'EE-Y', '{"La": 1}')::rare_trace.flow)
) AS x(f);
-- happened_on is written YYYY-MM-DD whatever DateStyle says
SET DateStyle = 'German';
SELECT encode(substr(c, 130, 4), 'hex') AS happened_on_length, convert_from(substr(c, 134, 10), 'UTF8') AS happened_on_text
FROM flow_canonical(ROW(1, '2025-04-01 00:00:00+00', 'EE-XX', 'EE-XX-A ore 1kg', 'EE-XX-B ore 1kg', 1, 'ship', '{}', NULL, 1, NULL, '2025-03-31', NULL, NULL, NULL)::rare_trace.flow) AS c;
SET DateStyle = 'ISO, MDY';
-- every entry here is version 2, and the chains hold
SELECT enterprise, count(*) AS entries,
       bool_and(convert_from(substr(flow_canonical(f), 1, 18), 'UTF8') = 'rare_trace.flow.v2') AS all_v2,
       bool_and(happened_on IS NOT NULL) AS all_dated
FROM flow AS f WHERE enterprise LIKE 'EE-%' GROUP BY enterprise ORDER BY enterprise;
SELECT * FROM verify_ledger();

-- flow_current shows them at its end
SELECT child_code, kind, kg, happened_on IS NOT NULL AS dated, left(shipment, 12) AS shipment, consignee, cut
FROM flow_current WHERE enterprise LIKE 'EE-%' AND (shipment IS NOT NULL OR consignee IS NOT NULL OR cut IS NOT NULL)
ORDER BY id;

-- a recorder may give the new columns
CREATE ROLE regress_col_recorder NOLOGIN IN ROLE rare_trace_recorder;
SET ROLE regress_col_recorder;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, happened_on, shipment, consignee, cut) VALUES
    ('EE-COL', 'EE-COL-B1 concentrate 1t Nd=10%', 'EE-DST-B7 concentrate 1t Nd=10%', 5, 'ship', '2025-01-31', 'BL-R', 'EE-DST', '{"Nd": "10%"}');
RESET ROLE;
DROP ROLE regress_col_recorder;
SELECT * FROM verify_ledger('EE-COL');

-- a restore by the owner keeps them as given, version 1 or 2
CREATE TEMP TABLE restored AS
SELECT ROW(990 + n, '2025-04-01 00:00:00+00', 'EE-RSC', 'EE-RSC-A ore 1t Ce=10%', 'EE-RSC-B concentrate 200kg Ce=50%',
           100, 'ship', '{}', NULL, n, NULL, CASE WHEN n = 2 THEN '2025-03-31'::date END,
           CASE WHEN n = 2 THEN 'BL-RS' END, NULL, NULL)::rare_trace.flow AS f, n
FROM generate_series(1, 2) AS n;
UPDATE restored SET f.hash = sha256(decode(repeat('00', 32), 'hex') || flow_canonical(f)) WHERE n = 1;
UPDATE restored SET f.hash = sha256((SELECT (r.f).hash FROM restored AS r WHERE r.n = 1) || flow_canonical(f)) WHERE n = 2;
INSERT INTO flow OVERRIDING SYSTEM VALUE SELECT (f).* FROM restored ORDER BY n
RETURNING seq, happened_on, shipment, convert_from(substr(flow_canonical(flow), 1, 18), 'UTF8') AS tag;
INSERT INTO flow_chain SELECT 'EE-RSC', 2, (f).hash FROM restored WHERE n = 2;
SELECT * FROM verify_ledger('EE-RSC');
-- flow_current shows the restored version 1 entry's recorded_at's UTC date
SELECT seq, happened_on FROM flow_current WHERE enterprise = 'EE-RSC' ORDER BY seq;

-- clean up behind the append-only triggers' back
SET session_replication_role = replica;
DELETE FROM rare_trace.flow WHERE enterprise LIKE 'EE-%';
DELETE FROM rare_trace.flow_chain WHERE enterprise LIKE 'EE-%';
RESET session_replication_role;
