--
-- ledger_nonfinite: NaN, Infinity and -Infinity, wherever the ledger and the
-- provenance aggregate store or take a kg (issue 7, defect 2), each
-- refused with an error that names the value:
--   - rare_trace.flow.kg, in an original entry and in a correction
--     (23514, the CHECK flow_kg_check named; the chain is unchanged)
--   - the kg of a row given to rare_trace.flow_canonical() (22023)
--   - the kg argument of the provenance aggregate (22023)
-- 0.3.0 refused the stored kg only through the CHECK's generic message,
-- and flow_canonical() returned canonical bytes with "NaN" in them; the
-- aggregate refused them already (its kg must be positive whole grams),
-- checked here so that it stays so.
-- Enterprises here are EE-NF*; everything is removed at the end.
--
SET search_path = rare_trace, public;

INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-NF', 'EE-NF-A1 ore 1t Nd=1%', 'EE-NF-B1 concentrate 100kg Nd=10%', 1000, 'transform');

-- the stored kg: an original entry, and a correction of entry 1
SELECT kg, t.*
FROM unnest(ARRAY['NaN', 'Infinity', '-Infinity']::numeric[]) AS kg,
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-NF', 'EE-NF-A1 ore 1t Nd=1%%', 'EE-NF-B1 concentrate 100kg Nd=10%%', %L, 'ship')$$, kg), hide_row => true) AS t;
SELECT kg, t.*
FROM unnest(ARRAY['NaN', 'Infinity', '-Infinity']::numeric[]) AS kg,
     LATERAL regress_util.try(format($$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) SELECT 'EE-NF', 'EE-NF-A1 ore 1t Nd=1%%', 'EE-NF-B1 concentrate 100kg Nd=10%%', %L, 'ship', min(id) FROM rare_trace.flow WHERE enterprise = 'EE-NF'$$, kg), hide_row => true) AS t;
-- nothing of them is left: the chain holds its one entry
SELECT seq, kg FROM flow WHERE enterprise = 'EE-NF' ORDER BY seq;
SELECT * FROM verify_ledger('EE-NF');

-- flow_canonical() of a row with such a kg (a finite one as the control)
SELECT kg, t.*
FROM unnest(ARRAY['1.5', 'NaN', 'Infinity', '-Infinity']::numeric[]) AS kg,
     LATERAL regress_util.try(format($$SELECT rare_trace.flow_canonical(ROW(1, '2025-03-01 09:30:00+00', 'EE-NF', 'EE-NF-A1 ore 1t Nd=1%%', 'EE-NF-B1 concentrate 100kg Nd=10%%', %L, 'ship', '{}', NULL, 1, '\x00', NULL, NULL, NULL, NULL)::rare_trace.flow)$$, kg)) AS t;

-- the provenance aggregate's kg (a finite one as the control)
SELECT kg, t.*
FROM unnest(ARRAY['1.5', 'NaN', 'Infinity', '-Infinity']::numeric[]) AS kg,
     LATERAL regress_util.try(format($$SELECT rare_trace.provenance(p, c, k) FROM (VALUES ('EE-NF-A1 ore 1t Nd=1%%'::rare_trace.rare_lot, 'EE-NF-B1 concentrate 100kg Nd=10%%'::rare_trace.rare_lot, %L::numeric)) AS v(p, c, k)$$, kg)) AS t;

--
-- Clean up.
--
SET session_replication_role = replica;
DELETE FROM flow WHERE enterprise LIKE 'EE-NF%';
DELETE FROM flow_chain WHERE enterprise LIKE 'EE-NF%';
RESET session_replication_role;
SELECT count(*) AS entries_after FROM rare_trace.flow WHERE enterprise LIKE 'EE-NF%';
