--
-- provenance_dot: pictures of a supply chain as Graphviz DOT text (0.5.0).
--   - the aggregate provenance_dot(parent, child, kg): lots (code, country,
--     form, mass), flows (kg), sinks outlined (peripheries=2), recycled
--     inputs dashed, the issues of the provenance evaluation on their lots
--     (red border, the detail as tooltip), one colour per country;
--   - the text does not depend on the order of the rows, nor on a
--     parallel plan;
--   - provenance_dot(provenance): a result's sinks, views and issues;
--   - provenance_dot(code): the ledger's flows into the lot and its
--     ancestors;
--   - NULLs, no rows, a cycle, bad flow masses;
--   - hostile text (quotes, backslashes, line breaks, DOT syntax) in a
--     provenance value comes out escaped.
-- test/graphviz/check (scripts/test suite "graphviz") feeds such output to
-- dot(1).
--
SET search_path = rare_trace, public;

-- whether the plan of a query has a node (plans print differently across
-- majors)
CREATE FUNCTION pg_temp.plan_has(query text, node text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF strpos(line, node) > 0 THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END $$;

\pset format unaligned
\pset tuples_only on

--
-- The worked example of doc/provenance.md: two concentrates, a diamond
-- through two refiners, an alloy with scrap (recycled) and iron, a magnet
--
CREATE TABLE public.pd_flow (parent rare_lot NOT NULL, child rare_lot NOT NULL, kg numeric NOT NULL);
INSERT INTO public.pd_flow VALUES
    ('AU-LYNAS-C1 concentrate 2000kg Nd=9%', 'MY-LYNAS-OX1 oxide 375kg Nd=80%', 2000),
    ('US-MPM-C2 concentrate 1000kg Nd=12%',  'MY-LYNAS-OX1 oxide 375kg Nd=80%', 1000),
    ('MY-LYNAS-OX1 oxide 375kg Nd=80%', 'CN-BAOTOU-M1 metal 100kg Nd=99%', 125),
    ('MY-LYNAS-OX1 oxide 375kg Nd=80%', 'VN-VTRE-M2 metal 200kg Nd=99%',   250),
    ('CN-BAOTOU-M1 metal 100kg Nd=99%',    'JP-SHINETSU-A1 alloy 1000kg Nd=32.1% Dy=0.4%', 100),
    ('VN-VTRE-M2 metal 200kg Nd=99%',      'JP-SHINETSU-A1 alloy 1000kg Nd=32.1% Dy=0.4%', 200),
    ('DE-REC-S1 scrap 100kg Nd=24% Dy=4%', 'JP-SHINETSU-A1 alloy 1000kg Nd=32.1% Dy=0.4%', 100),
    ('DE-THYSSEN-FE1 metal 600kg',         'JP-SHINETSU-A1 alloy 1000kg Nd=32.1% Dy=0.4%', 600),
    ('JP-SHINETSU-A1 alloy 1000kg Nd=32.1% Dy=0.4%',
     'JP-SHINETSU-N1 magnet 1000kg Nd=32.1% Dy=0.4%', 1000);
SELECT provenance_dot(parent, child, kg) FROM public.pd_flow;

-- the same text whatever the order of the rows
SELECT count(DISTINCT d) AS distinct_texts
FROM (SELECT provenance_dot(parent, child, kg ORDER BY kg) AS d FROM public.pd_flow
      UNION ALL SELECT provenance_dot(parent, child, kg ORDER BY kg DESC) FROM public.pd_flow
      UNION ALL SELECT provenance_dot(parent, child, kg ORDER BY lot_code(child) DESC, kg) FROM public.pd_flow) AS t;

--
-- Issues on their lots: an oxide traded through Thailand (transshipment),
-- more of it sold on than bought (double counting), a metal that holds
-- more Dy than it was given (unexplained material), a conflicting
-- declaration of a lot; the same flow twice is drawn twice
--
SELECT provenance_dot(f.parent::rare_lot, f.child::rare_lot, f.kg)
FROM (VALUES ('CN-BAOTOU-OX1 oxide 1000kg Nd=80%', 'TH-TRADER-OX2 oxide 1000kg Nd=80%', 1000),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 600),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 600),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M3 metal 10kg Nd=50% Dy=40%', 5),
             ('TH-TRADER-OX2 oxide 999kg Nd=80%', 'KR-KMET-M9 metal 1kg Nd=10%', 1)) AS f(parent, child, kg);

--
-- From a provenance result: the sinks, a node per view and label with the
-- kg of each element, the issues (a lot that is not a sink gets a node of
-- its own)
--
SELECT provenance_dot(provenance(parent, child, kg)) FROM public.pd_flow;
SELECT provenance_dot(provenance(f.parent::rare_lot, f.child::rare_lot, f.kg))
FROM (VALUES ('CN-BAOTOU-OX1 oxide 1000kg Nd=80%', 'TH-TRADER-OX2 oxide 1000kg Nd=80%', 1000),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 1200)) AS f(parent, child, kg);

--
-- Parallel plans: partial states from the workers, the same text
--
CREATE TABLE public.pd_big (parent rare_lot, child rare_lot, kg numeric);
INSERT INTO public.pd_big
SELECT ('AU-MINE-C' || i || ' concentrate 100kg Nd=10%')::rare_lot,
       ('MY-SEP-OX' || (i % 20) || ' oxide 500kg Nd=70%')::rare_lot, 100
FROM generate_series(1, 2000) AS i;
INSERT INTO public.pd_big
SELECT ('MY-SEP-OX' || j || ' oxide 500kg Nd=70%')::rare_lot, 'JP-MAG-N1 magnet 9000kg Nd=30%', 500
FROM generate_series(0, 19) AS j;
ANALYZE public.pd_big;
CREATE TEMP TABLE pd_serial AS SELECT provenance_dot(parent, child, kg) AS d FROM public.pd_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT node, pg_temp.plan_has('SELECT provenance_dot(parent, child, kg) FROM public.pd_big', node) AS in_plan
FROM unnest(ARRAY['Finalize Aggregate', 'Partial Aggregate', 'Parallel Seq Scan on pd_big']) AS node;
SELECT d = (SELECT d FROM pd_serial) AS same_as_serial, length(d) > 0 AS not_empty
FROM (SELECT provenance_dot(parent, child, kg) AS d FROM public.pd_big) AS t;
SET parallel_leader_participation = off;
SELECT d = (SELECT d FROM pd_serial) AS same_as_serial
FROM (SELECT provenance_dot(parent, child, kg) AS d FROM public.pd_big) AS t;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- 2021 lots: the title counts them, the legend has the three countries
SELECT line FROM regexp_split_to_table((SELECT d FROM pd_serial), E'\n') AS line
WHERE line LIKE '%graph [%' OR line LIKE '%legend%';

--
-- NULLs and no rows
--
SELECT provenance_dot(parent, child, kg) IS NULL AS no_rows FROM public.pd_flow WHERE false;
SELECT provenance_dot(f.parent, f.child, f.kg) IS NULL AS only_null_rows
FROM (VALUES (NULL::rare_lot, 'CN-A1-B1 oxide 1t'::rare_lot, 1::numeric),
             ('CN-A1-B1 oxide 1t', NULL, 1), ('CN-A1-B1 oxide 1t', 'CN-A1-B2 metal 1t', NULL)) AS f(parent, child, kg);
SELECT provenance_dot(NULL::provenance) IS NULL AS null_result,
       provenance_dot(NULL::text) IS NULL AS null_code;
-- a result without sinks or issues: an empty picture
SELECT provenance_dot('{"sinks": [], "issues": []}'::provenance);

--
-- Bad input: the provenance aggregate's errors, with their details
--
SELECT * FROM regress_util.try($$
    SELECT rare_trace.provenance_dot(f.parent::rare_trace.rare_lot, f.child::rare_trace.rare_lot, f.kg)
    FROM (VALUES ('CN-NRE-Z1 oxide 10kg Nd=80%', 'CN-NRE-Z2 metal 5kg Nd=99%', 5),
                 ('CN-NRE-Z2 metal 5kg Nd=99%', 'CN-NRE-Z1 oxide 10kg Nd=80%', 5)) AS f(parent, child, kg)$$);
SELECT * FROM regress_util.try($$
    SELECT rare_trace.provenance_dot('CN-NRE-Z1 oxide 10kg'::rare_trace.rare_lot, 'CN-NRE-Z2 metal 5kg', 1.0005)$$);
SELECT * FROM regress_util.try($$
    SELECT rare_trace.provenance_dot('CN-NRE-Z1 oxide 10kg'::rare_trace.rare_lot, 'CN-NRE-Z2 metal 5kg', 'NaN')$$);
SELECT * FROM regress_util.try($$
    SELECT rare_trace.provenance_dot('CN-NRE-Z1 oxide 10kg'::rare_trace.rare_lot, 'CN-NRE-Z2 metal 5kg', -1)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.provenance_dot('{"sinks": []}'::rare_trace.provenance)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.provenance_dot('CN-NRE-Z1 oxide 10kg'::rare_trace.rare_lot)$$);

--
-- Hostile text in a provenance value (its input checks only the shape):
-- quotes, backslashes (also before n, N and G, which DOT would expand),
-- LF, CR LF, CR, a tab, and DOT syntax trying to close the label and add
-- an edge.  Every string comes out inside one quoted label, escaped; node
-- names are generated.  Parts without the aggregate's layout are skipped.
--
SELECT provenance_dot(jsonb_build_object(
    'sinks', jsonb_build_array(
        jsonb_build_object(
            'code', E'EVIL"]; x -> y [label="pwn',
            'country', E'C\\N',
            'form', E'line1\nline2\r\nline3\rline4\tend',
            'mass_kg', 12.5,
            'elements', jsonb_build_array(
                jsonb_build_object('element', E'Nd\\', 'kg', 1,
                    'origin', jsonb_build_array(jsonb_build_object('country', E'back\\slash "q"', 'kg', 1)),
                    'stages', jsonb_build_object('mining', jsonb_build_array(jsonb_build_object('country', E'\\G\\l', 'kg', 1)))),
                'not an object',
                jsonb_build_object('kg', 5))),
        jsonb_build_object('country', 'no code: skipped'),
        42),
    'issues', jsonb_build_array(
        jsonb_build_object('kind', E'kind"\\', 'lot', E'EVIL"]; x -> y [label="pwn', 'element', NULL, 'kg', 1,
                           'detail', E'detail with "quotes", \\ and\na line break'),
        jsonb_build_object('kind', 'transshipment', 'lot', E'OTHER\\"LOT', 'detail', E'}\n digraph {'),
        jsonb_build_object('kind', 'no lot: skipped')))::text::provenance);

--
-- From the ledger: the flows into the lot and into each of its ancestors
-- (not a sibling's), the code case-insensitive; NULL for a lot no flow goes
-- into
--
SELECT count(*) AS entries_before FROM rare_trace.flow;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
SELECT lot_enterprise(child), parent, child, kg, 'transform' FROM public.pd_flow;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('KR-KMET', 'MY-LYNAS-OX1 oxide 375kg Nd=80%', 'KR-KMET-M7 metal 10kg Nd=99%', 10, 'import');
SELECT provenance_dot('jp-shinetsu-n1') = (SELECT provenance_dot(parent, child, kg) FROM public.pd_flow)
       AS same_as_the_flows;
SELECT strpos(provenance_dot('JP-SHINETSU-N1'), 'KR-KMET') = 0 AS sibling_left_out,
       strpos(provenance_dot('KR-KMET-M7'), 'JP-SHINETSU') = 0 AS other_sink_left_out;
SELECT provenance_dot('KR-KMET-M7');
SELECT provenance_dot('JP-NOSUCH-LOT') IS NULL AS unknown_lot, provenance_dot('') IS NULL AS empty_code;

-- clean up behind the append-only triggers' back
SET session_replication_role = replica;
DELETE FROM rare_trace.flow WHERE enterprise IN ('MY-LYNAS', 'CN-BAOTOU', 'VN-VTRE', 'JP-SHINETSU', 'KR-KMET');
DELETE FROM rare_trace.flow_chain WHERE enterprise IN ('MY-LYNAS', 'CN-BAOTOU', 'VN-VTRE', 'JP-SHINETSU', 'KR-KMET');
RESET session_replication_role;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;
SELECT count(*) AS entries_after FROM rare_trace.flow;

DROP TABLE public.pd_flow, public.pd_big;
\pset format aligned
\pset tuples_only off
