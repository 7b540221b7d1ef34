--
-- ledger_provenance: rare_trace.ledger_provenance(lot_code) and
-- rare_trace.lot_provenance(lot_code) (0.3.0), the provenance of one lot
-- from the corrected ledger rare_trace.flow_current.
--   - a small supply chain recorded by several enterprises: two mines, a
--     separator, two refiners feeding one magnet maker (a diamond: the
--     oxide reaches the magnet on two paths), and a sibling branch through
--     a third refiner to another magnet maker;
--   - the result equals the provenance aggregate computed directly over the
--     flows into the lot and into its ancestors, listed by hand;
--   - the code is case-insensitive;
--   - corrections are honoured: a corrected flow's new kg is used, a kg = 0
--     correction removes the flow;
--   - only ancestors are taken: the sibling branch is not, so the double
--     counting it causes in the whole ledger is not the lot's issue;
--   - a lot without flows into it gives NULL / no rows;
--   - a cycle in the ledger among the ancestors gives the aggregate's cycle
--     error (the walk itself ends);
--   - flow_current finds the flows into a lot through flow_child_code_idx;
--   - who may call it: rare_trace_reader members (it reads flow_current as
--     the caller).
-- The ledger is empty when this file starts (sql/ledger.sql removes its
-- chains); ids start at 1 and everything recorded here is removed at the
-- end, behind the append-only triggers' back, so the next files find the
-- ledger as it was.
--
SET search_path = rare_trace, public;

SELECT count(*) AS entries_before FROM rare_trace.flow;
SELECT count(*) AS chains_before FROM rare_trace.flow_chain;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;

-- the provenance aggregate computed directly over the flows in force into
-- the given lots
CREATE FUNCTION pg_temp.direct(codes text[]) RETURNS rare_trace.provenance
LANGUAGE sql STABLE AS $$
    SELECT rare_trace.provenance(f.parent, f.child, f.kg)
      FROM rare_trace.flow_current AS f
     WHERE f.child_code = ANY (codes)
$$;

-- size of a provenance value: lots, flows, sinks, issues
CREATE FUNCTION pg_temp.size(p rare_trace.provenance,
    OUT lots int, OUT flows int, OUT sinks text, OUT issues int)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (p::jsonb ->> 'lots')::int, (p::jsonb ->> 'flows')::int,
           (SELECT string_agg(s ->> 'code', ' ' ORDER BY n)
              FROM jsonb_array_elements(p::jsonb -> 'sinks') WITH ORDINALITY AS x(s, n)),
           jsonb_array_length(p::jsonb -> 'issues')
$$;

--
-- The supply chain, as the enterprises record it.  Two mistakes are in it:
-- MY-LYNAS recorded 2500 kg of the US ore instead of 5000, and JP-SHINETSU
-- recorded the CN metal into the magnet twice.
--
--   AU-LYNAS-A1 ore 10000 kg (Nd 200, Pr 50) --10000 kg--+
--                                                        +--> MY-LYNAS-X3 oxide 375 kg (Nd 300, Pr 75)
--   US-MPM-A2   ore  5000 kg (Nd 100, Pr 25) --5000 kg---+     |  200 kg  |  100 kg  |  100 kg
--                                                              v          v          v
--                                     CN-BAOTOU-M4 metal 200  VN-VTRE-M5 metal 100  KR-KMET-M7 metal 100
--                                              |  200 kg          |  100 kg          |  100 kg
--                                              v                  v                  v
--                                     JP-SHINETSU-G6 magnet 1000 kg (Nd 240, Pr 60)  DE-VAC-G8 magnet 500 kg
--                                                                                    (Nd 80, Pr 20)
--
-- The oxide X3 sends 400 kg in all but weighs 375: the sibling branch
-- through KR-KMET-M7 makes the whole ledger count 25 kg twice.
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES
    ('MY-LYNAS', 'AU-LYNAS-A1 ore 10000kg Nd=2% Pr=0.5%', 'MY-LYNAS-X3 oxide 375kg Nd=80% Pr=20%',
     10000, 'transform', '{"invoice": "MY-1"}'),
    ('MY-LYNAS', 'US-MPM-A2 ore 5000kg Nd=2% Pr=0.5%', 'MY-LYNAS-X3 oxide 375kg Nd=80% Pr=20%',
     2500, 'transform', '{"invoice": "MY-2"}');
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('CN-BAOTOU', 'MY-LYNAS-X3 oxide 375kg Nd=80% Pr=20%', 'CN-BAOTOU-M4 metal 200kg Nd=80% Pr=20%', 200, 'transform'),
    ('VN-VTRE', 'MY-LYNAS-X3 oxide 375kg Nd=80% Pr=20%', 'VN-VTRE-M5 metal 100kg Nd=80% Pr=20%', 100, 'transform'),
    ('JP-SHINETSU', 'CN-BAOTOU-M4 metal 200kg Nd=80% Pr=20%', 'JP-SHINETSU-G6 magnet 1000kg Nd=24% Pr=6%', 200, 'transform'),
    ('JP-SHINETSU', 'VN-VTRE-M5 metal 100kg Nd=80% Pr=20%', 'JP-SHINETSU-G6 magnet 1000kg Nd=24% Pr=6%', 100, 'transform'),
    ('JP-SHINETSU', 'CN-BAOTOU-M4 metal 200kg Nd=80% Pr=20%', 'JP-SHINETSU-G6 magnet 1000kg Nd=24% Pr=6%', 200, 'transform'),
    ('KR-KMET', 'MY-LYNAS-X3 oxide 375kg Nd=80% Pr=20%', 'KR-KMET-M7 metal 100kg Nd=80% Pr=20%', 100, 'transform'),
    ('DE-VAC', 'KR-KMET-M7 metal 100kg Nd=80% Pr=20%', 'DE-VAC-G8 magnet 500kg Nd=16% Pr=4%', 100, 'transform');

SELECT id, enterprise, seq, parent_code, child_code, kg, corrects
  FROM rare_trace.flow_current ORDER BY id;

--
-- As recorded.  The magnet's ancestors are M4, M5, X3, A1 and A2: 6 lots;
-- the flows into G6, M4, M5 and X3 are 7 entries, the duplicate included
-- (X3 is reached on two paths, its flows are taken once).  With the US ore at 2500 kg the oxide is supplied Nd
-- 200 (AU) + 50 (US) = 250 kg but holds 300: unexplained 50 kg Nd and
-- 12.5 kg Pr; origin AU 0.8, US 0.2.  The duplicate sends 400 kg out of
-- the 200 kg metal M4 (double counting 200 kg) and weights the CN path
-- twice: refining CN 0.8, VN 0.2.
--
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));
SELECT rare_trace.ledger_provenance('JP-SHINETSU-G6')::text
       = pg_temp.direct(ARRAY['JP-SHINETSU-G6', 'CN-BAOTOU-M4', 'VN-VTRE-M5', 'MY-LYNAS-X3'])::text
       AS same_as_direct;
SELECT * FROM rare_trace.lot_provenance('JP-SHINETSU-G6') WHERE view IN ('origin', 'refining');
SELECT kind, lot_code, element, kg
  FROM rare_trace.provenance_issues(rare_trace.ledger_provenance('JP-SHINETSU-G6'));

--
-- Corrections.  MY-LYNAS corrects the US ore to 5000 kg; JP-SHINETSU
-- cancels the duplicate (kg = 0: the flow did not happen).
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs, corrects)
SELECT enterprise, parent, child, 5000, kind, docs, id FROM rare_trace.flow WHERE id = 2;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects)
SELECT enterprise, parent, child, 0, kind, id FROM rare_trace.flow WHERE id = 7;

SELECT id, enterprise, seq, parent_code, child_code, kg, corrects
  FROM rare_trace.flow_current ORDER BY id;

--
-- Corrected: the oxide is supplied Nd 200 + 100 = 300 kg (it holds 300):
-- origin AU 2/3, US 1/3; G6 gets 160 kg Nd through M4 and 80 through M5:
-- refining CN 2/3, VN 1/3.  Every element and view:
--   Nd 240: origin, mining AU 160 (0.666667), US 80 (0.333333);
--           separation MY 240; refining CN 160, VN 80; melting unknown 240
--           (metal straight into a magnet); magnet JP 240
--   Pr 60:  the same with 40, 20 and 60.
-- 6 flows (the cancelled duplicate and the corrected entry are gone) and
-- no issue.
--
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));
SELECT rare_trace.ledger_provenance('JP-SHINETSU-G6')::text
       = pg_temp.direct(ARRAY['JP-SHINETSU-G6', 'CN-BAOTOU-M4', 'VN-VTRE-M5', 'MY-LYNAS-X3'])::text
       AS same_as_direct;
SELECT * FROM rare_trace.lot_provenance('JP-SHINETSU-G6');
SELECT count(*) AS issues
  FROM rare_trace.provenance_issues(rare_trace.ledger_provenance('JP-SHINETSU-G6'));

-- lot_provenance is provenance_rows of ledger_provenance, row for row
SELECT (SELECT array_agg(r ORDER BY n) FROM rare_trace.lot_provenance('JP-SHINETSU-G6')
                                            WITH ORDINALITY AS r(a, b, c, d, e, f, n))
     = (SELECT array_agg(r ORDER BY n)
          FROM rare_trace.provenance_rows(rare_trace.ledger_provenance('JP-SHINETSU-G6'))
               WITH ORDINALITY AS r(a, b, c, d, e, f, n)) AS same_rows;

--
-- A flow recorded by mistake into a new magnet lot, then cancelled: while
-- it stands, the lot has a provenance; once cancelled, it has none.
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('JP-SHINETSU', 'CN-BAOTOU-M4 metal 200kg Nd=80% Pr=20%', 'JP-SHINETSU-G9 magnet 100kg Nd=24% Pr=6%', 30, 'transform');
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G9'));
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects)
SELECT enterprise, parent, child, 0, kind, id FROM rare_trace.flow
 WHERE rare_trace.lot_code(child) = 'JP-SHINETSU-G9';
SELECT rare_trace.ledger_provenance('JP-SHINETSU-G9') IS NULL AS cancelled_is_null,
       (SELECT count(*) FROM rare_trace.lot_provenance('JP-SHINETSU-G9')) AS cancelled_rows;
-- and G6 is as before (the cancelled flow out of M4 is not counted)
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));

--
-- Case-insensitive codes
--
SELECT rare_trace.ledger_provenance('jp-shinetsu-g6')::text
       = rare_trace.ledger_provenance('JP-SHINETSU-G6')::text AS lower_case,
       rare_trace.ledger_provenance('Jp-ShinEtsu-g6')::text
       = rare_trace.ledger_provenance('JP-SHINETSU-G6')::text AS mixed_case,
       (SELECT count(*) FROM rare_trace.lot_provenance('jp-shinetsu-g6')) AS rows;

--
-- Only ancestors.  The whole ledger counts the oxide twice: X3 sends
-- 200 + 100 + 100 = 400 kg out of 375 (25 kg too many).  The magnet G6
-- does not see the flow to KR-KMET-M7, nor DE-VAC-G8 the flows to M4 and
-- M5, so neither reports it; each one's sink is the same as in the whole
-- ledger's result.
--
SELECT * FROM pg_temp.size((SELECT provenance(parent, child, kg) FROM rare_trace.flow_current));
SELECT kind, lot_code, element, kg
  FROM rare_trace.provenance_issues((SELECT provenance(parent, child, kg) FROM rare_trace.flow_current));

SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('DE-VAC-G8'));
SELECT rare_trace.ledger_provenance('DE-VAC-G8')::text
       = pg_temp.direct(ARRAY['DE-VAC-G8', 'KR-KMET-M7', 'MY-LYNAS-X3'])::text AS same_as_direct;
SELECT * FROM rare_trace.lot_provenance('DE-VAC-G8') WHERE element = 'Nd';

SELECT s.code,
       (SELECT s2.value FROM jsonb_array_elements(
            (SELECT provenance(parent, child, kg) FROM rare_trace.flow_current)::jsonb -> 'sinks') AS s2
         WHERE s2.value ->> 'code' = s.code)
       = (rare_trace.ledger_provenance(s.code)::jsonb -> 'sinks' -> 0) AS same_sink_as_whole_ledger
  FROM (VALUES ('JP-SHINETSU-G6'), ('DE-VAC-G8')) AS s(code);

-- an intermediate lot: its own sink, its own ancestors only
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('MY-LYNAS-X3'));
SELECT * FROM rare_trace.lot_provenance('my-lynas-x3') WHERE element = 'Nd';

--
-- No flows into the lot: NULL, and no rows.  An unknown code, a lot that
-- is only ever a parent (the mine), a text that is no lot code, NULL.
--
SELECT c AS code, rare_trace.ledger_provenance(c) IS NULL AS is_null,
       (SELECT count(*) FROM rare_trace.lot_provenance(c)) AS rows
  FROM (VALUES ('XX-NONE-1'), ('AU-LYNAS-A1'), ('not a lot'), (NULL)) AS v(c);

--
-- A cycle among the ancestors: KR-LOOP records its metal going back into
-- the oxide it came from.  The walk ends (each lot once); the aggregate
-- raises its cycle error, the same as over the flows directly.  Lots whose
-- ancestors are not on the cycle are not affected.
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('KR-LOOP', 'KR-LOOP-C1 oxide 10kg Nd=100%', 'KR-LOOP-C2 metal 10kg Nd=100%', 10, 'transform'),
    ('KR-LOOP', 'KR-LOOP-C2 metal 10kg Nd=100%', 'KR-LOOP-C1 oxide 10kg Nd=100%', 2, 'recycle'),
    ('KR-LOOP', 'KR-LOOP-C2 metal 10kg Nd=100%', 'KR-LOOP-C3 magnet 30kg Nd=33%', 8, 'transform');
SELECT * FROM regress_util.try($$SELECT rare_trace.ledger_provenance('KR-LOOP-C3')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_provenance('kr-loop-c3')$$);
SELECT * FROM regress_util.try($$SELECT pg_temp.direct(ARRAY['KR-LOOP-C3', 'KR-LOOP-C2', 'KR-LOOP-C1'])$$);
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));

--
-- The flows into a lot are found through flow_child_code_idx (the
-- expression index on lot_code(child), which flow_current's child_code
-- is).  On a ledger of a dozen entries any plan will do, so first 2000
-- flows of another enterprise (between lots of their own) make it a
-- ledger where scanning all of it would cost; no planner setting is
-- changed.  The magnet's provenance does not change.  Whether the index
-- is scanned with an index or a bitmap scan, and how the corrections are
-- anti-joined, is the planner's choice: only "the flows into the lot come
-- from flow_child_code_idx, not from a sequential scan" is checked.
--
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        RETURN NEXT line;
    END LOOP;
END
$$;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
SELECT 'NO-FILLER', format('NO-FILLER-P%s ore 100kg Nd=1%%', i)::rare_trace.rare_lot,
       format('NO-FILLER-C%s oxide 1kg Nd=100%%', i)::rare_trace.rare_lot, 100, 'transform'
  FROM generate_series(1, 2000) AS i;
ANALYZE rare_trace.flow;
SELECT bool_or(line LIKE '%Scan%flow_child_code_idx%') AS scans_child_code_idx,
       bool_or(line LIKE '%Seq Scan on flow f%') AS seq_scans_flow
  FROM pg_temp.plan($$SELECT * FROM rare_trace.flow_current WHERE child_code = 'JP-SHINETSU-G6'$$) AS p(line);
-- (the check sees the difference: without the index, rolled back)
BEGIN;
DROP INDEX rare_trace.flow_child_code_idx;
SELECT bool_or(line LIKE '%Scan%flow_child_code_idx%') AS scans_child_code_idx,
       bool_or(line LIKE '%Seq Scan on flow f%') AS seq_scans_flow
  FROM pg_temp.plan($$SELECT * FROM rare_trace.flow_current WHERE child_code = 'JP-SHINETSU-G6'$$) AS p(line);
ROLLBACK;
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));

--
-- Who may call it: EXECUTE is PUBLIC's, but the function reads
-- flow_current as its caller, which rare_trace_reader may read and others
-- may not.
--
CREATE ROLE regress_lp_reader NOLOGIN IN ROLE rare_trace_reader;
CREATE ROLE regress_lp_nobody NOLOGIN;
SET ROLE regress_lp_reader;
SELECT * FROM pg_temp.size(rare_trace.ledger_provenance('JP-SHINETSU-G6'));
SELECT count(*) AS rows FROM rare_trace.lot_provenance('JP-SHINETSU-G6');
RESET ROLE;
SET ROLE regress_lp_nobody;
SELECT * FROM regress_util.try($$SELECT rare_trace.ledger_provenance('JP-SHINETSU-G6')$$);
RESET ROLE;
DROP ROLE regress_lp_reader;
DROP ROLE regress_lp_nobody;

-- the chains hold, corrections included
SELECT * FROM rare_trace.verify_ledger();

--
-- Clean up: the ledger is append-only, so remove this file's chains behind
-- the triggers' back and restart the ids.
--
SET session_replication_role = replica;
DELETE FROM rare_trace.flow
 WHERE enterprise IN ('MY-LYNAS', 'CN-BAOTOU', 'VN-VTRE', 'JP-SHINETSU', 'KR-KMET', 'DE-VAC', 'KR-LOOP',
                      'NO-FILLER');
DELETE FROM rare_trace.flow_chain
 WHERE enterprise IN ('MY-LYNAS', 'CN-BAOTOU', 'VN-VTRE', 'JP-SHINETSU', 'KR-KMET', 'DE-VAC', 'KR-LOOP',
                      'NO-FILLER');
RESET session_replication_role;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;
SELECT count(*) AS entries_after FROM rare_trace.flow;
SELECT count(*) AS chains_after FROM rare_trace.flow_chain;
