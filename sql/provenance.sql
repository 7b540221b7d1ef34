--
-- provenance: the provenance aggregate (0.3.0), its result type and the
-- two row functions, on small flow graphs whose answers are worked out by
-- hand in the comments below; then the checks (issues), the errors, the
-- type's I/O and casts, and parallel aggregation (partial states,
-- combine, serialize/deserialize).
--
-- Rules (src/provenance_eval.c):
--   * a flow (parent, child, kg): kg of the parent went into the child;
--     it supplies kg x (the parent's fraction of e) of each element e;
--   * a sink is a child that is nobody's parent;
--   * origin: a root (a lot with no inputs) of form ore or concentrate is
--     mined in its country, a root scrap lot is "recycled", any other root
--     "unknown";
--   * stages: mining (ore, concentrate), separation (compound, oxide),
--     refining (metal), melting (alloy), magnet (magnet).  The mass of e a
--     lot receives from an input of ANOTHER form counts as processed in the
--     lot's country for the stage of the lot's form; mass from an input of
--     the same form keeps the input's attribution.  A root performs mining
--     (ore, concentrate: its country; scrap: "recycled"), nothing else;
--   * a sink reports the stages up to its own (a scrap sink: all five);
--   * kg per element and view are the element's micrograms in the sink
--     split by largest remainder (ties: "unknown", "recycled", then the
--     country codes in alphabetical order), listed by kg descending;
--     share = kg / element kg rounded half up to 6 decimals.
--
SET search_path = rare_trace, public;

--
-- The lots (by short name) and the flows of each graph ("dag"); n is the
-- order in which the aggregate sees the flows of a graph.
--
CREATE TABLE prov_lot (name text PRIMARY KEY, lot rare_lot NOT NULL);
CREATE TABLE prov_flow (
    dag    text NOT NULL,
    n      int NOT NULL,
    parent text REFERENCES prov_lot,
    child  text REFERENCES prov_lot,
    kg     numeric,
    PRIMARY KEY (dag, n)
);

INSERT INTO prov_lot VALUES
    -- chain: AU ore -> MY oxide -> CN metal -> JP alloy -> DE magnet
    ('c_ore',   'AU-LYNAS-C1 ore 10000kg Nd=2% Pr=0.5%'),
    ('c_ox',    'MY-LYNAS-C2 oxide 250kg Nd=80% Pr=20%'),
    ('c_met',   'CN-BAOTOU-C3 metal 250kg Nd=80% Pr=20%'),
    ('c_alloy', 'JP-SHINETSU-C4 alloy 600kg Nd=30% Pr=7.5%'),
    ('c_mag',   'DE-VAC-C5 magnet 600kg Nd=30% Pr=7.5%'),
    -- diamond: two mines -> one separator -> two metal lots -> one magnet
    ('d_mine1', 'AU-LYNAS-D1 ore 1000kg Nd=10%'),
    ('d_mine2', 'US-MPM-D2 ore 3000kg Nd=10%'),
    ('d_sep',   'MY-LYNAS-D3 oxide 400kg Nd=100%'),
    ('d_met1',  'CN-BAOTOU-D4 metal 100kg Nd=100%'),
    ('d_met2',  'VN-VTRE-D5 metal 300kg Nd=100%'),
    ('d_mag',   'JP-SHINETSU-D6 magnet 1000kg Nd=40%'),
    -- dysprosium: Dy from two of the three inputs of an alloy, none from iron
    ('y_dyore', 'VN-VTRE-Y1 ore 2000kg Dy=0.5%'),
    ('y_dymet', 'VN-VTRE-Y2 metal 10kg Dy=100%'),
    ('y_ndmet', 'CN-BAOTOU-Y3 metal 300kg Nd=96% Dy=2%'),
    ('y_iron',  'DE-THYSSEN-Y4 metal 700kg'),
    ('y_alloy', 'JP-SHINETSU-Y5 alloy 1000kg Nd=28.8% Dy=1.6%'),
    -- recycled: primary ore and scrap into one oxide
    ('r_ore',   'AU-LYNAS-R1 ore 3000kg Nd=2%'),
    ('r_scrap', 'JP-RECYCLE-R2 scrap 100kg Nd=20% Dy=5%'),
    ('r_ox',    'MY-LYNAS-R3 oxide 100kg Nd=80% Dy=5%'),
    -- root oxide: origin unknown
    ('o_ox',    'CN-NRE-O1 oxide 100kg Nd=50%'),
    ('o_met',   'KR-KMET-O2 metal 40kg Nd=100%'),
    -- transshipment: repackaged in CN, re-labelled in VN, refined in KR
    ('t_ore',   'CN-BAYAN-T1 ore 10000kg Nd=1%'),
    ('t_ox',    'CN-NRE-T2 oxide 100kg Nd=80%'),
    ('t_pack',  'CN-NRE-T3 oxide 100kg Nd=80%'),
    ('t_conc',  'VN-VTRE-T6 concentrate 500kg Nd=4%'),
    ('t_trade', 'VN-TRADE-T4 oxide 100kg Nd=80%'),
    ('t_met',   'KR-KMET-T5 metal 80kg Nd=100%'),
    -- multiple sinks, in two unconnected parts
    ('s_ore',   'AU-LYNAS-S1 ore 5000kg Nd=2%'),
    ('s_ox',    'MY-LYNAS-S2 oxide 100kg Nd=100%'),
    ('s_met1',  'VN-VTRE-S3 metal 60kg Nd=100%'),
    ('s_met2',  'CN-BAOTOU-S4 metal 40kg Nd=100%'),
    ('s_mag',   'JP-TDK-S5 magnet 10kg Nd=30%'),
    ('s_scrap', 'JP-RECYCLE-S6 scrap 10kg Nd=30%'),
    -- double counting
    ('x_ox',    'CN-NRE-X1 oxide 100kg Nd=100%'),
    ('x_met1',  'CN-BAOTOU-X2 metal 60kg Nd=100%'),
    ('x_met2',  'MY-LYNAS-X3 metal 60kg Nd=100%'),
    -- assay tolerance (1 %)
    ('u_ox1',   'CN-NRE-U1 oxide 100kg Nd=100%'),
    ('u_in',    'JP-SHINETSU-U2 metal 101kg Nd=100%'),
    ('u_ox2',   'CN-NRE-U3 oxide 100kg Nd=100%'),
    ('u_out',   'JP-SHINETSU-U4 metal 101.001kg Nd=100%'),
    ('u_ox3',   'CN-NRE-U5 oxide 10kg Nd=100%'),
    ('u_dy',    'JP-SHINETSU-U6 metal 10kg Nd=99% Dy=1%'),
    -- conflicting declarations of one lot code (same code, other Nd %)
    ('k_ore1',  'CN-BAYAN-K1 ore 1000kg Nd=10%'),
    ('k_ore2',  'CN-BAYAN-K1 ore 1000kg Nd=12%'),
    ('k_ox1',   'CN-NRE-K2 oxide 50kg Nd=100%'),
    ('k_ox2',   'CN-NRE-K3 oxide 55kg Nd=100%'),
    -- thirds: rounding matters
    ('h_au',    'AU-LYNAS-H1 ore 200kg Nd=0.5%'),
    ('h_cn',    'CN-BAYAN-H2 ore 200kg Nd=0.5%'),
    ('h_us',    'US-MPM-H3 ore 200kg Nd=0.5%'),
    ('h_ox',    'MY-LYNAS-H4 oxide 1kg Nd=100%'),
    ('h_ox2',   'VN-VTRE-H5 oxide 1kg Nd=50%'),
    ('h_met',   'JP-SHINETSU-H6 metal 1.5kg Nd=100%'),
    ('h_one',   'DE-VAC-H7 metal 1kg Nd=100%'),
    -- ore concentrated abroad: a form change within the mining stage
    ('m_ore',   'MM-KACHIN-M1 ore 1000kg Dy=0.1% Tb=0.01%'),
    ('m_conc',  'CN-GANZHOU-M2 concentrate 10kg Dy=10% Tb=1%'),
    -- shares that end in a 5 at the 7th decimal: 1/128 and 127/128
    ('q_au',    'AU-LYNAS-Q1 ore 100kg Nd=1%'),
    ('q_cn',    'CN-BAYAN-Q2 ore 12700kg Nd=1%'),
    ('q_ox',    'MY-LYNAS-Q3 oxide 128kg Nd=100%');

INSERT INTO prov_flow VALUES
    ('chain', 1, 'c_ore', 'c_ox', 10000),
    ('chain', 2, 'c_ox', 'c_met', 250),
    ('chain', 3, 'c_met', 'c_alloy', 250),
    ('chain', 4, 'c_alloy', 'c_mag', 600),

    ('diamond', 1, 'd_mine1', 'd_sep', 1000),
    ('diamond', 2, 'd_mine2', 'd_sep', 3000),
    ('diamond', 3, 'd_sep', 'd_met1', 100),
    ('diamond', 4, 'd_sep', 'd_met2', 300),
    ('diamond', 5, 'd_met1', 'd_mag', 100),
    ('diamond', 6, 'd_met2', 'd_mag', 300),

    ('dysprosium', 1, 'y_dyore', 'y_dymet', 2000),
    ('dysprosium', 2, 'y_dymet', 'y_alloy', 10),
    ('dysprosium', 3, 'y_ndmet', 'y_alloy', 300),
    ('dysprosium', 4, 'y_iron', 'y_alloy', 690),

    ('recycled', 1, 'r_ore', 'r_ox', 3000),
    ('recycled', 2, 'r_scrap', 'r_ox', 100),

    ('root_oxide', 1, 'o_ox', 'o_met', 80),

    ('transship', 1, 't_ore', 't_ox', 10000),
    ('transship', 2, 't_ox', 't_pack', 100),
    ('transship', 3, 't_pack', 't_trade', 100),
    ('transship', 4, 't_conc', 't_trade', 500),
    ('transship', 5, 't_trade', 't_met', 100),

    ('sinks', 1, 's_ore', 's_ox', 5000),
    ('sinks', 2, 's_ox', 's_met1', 60),
    ('sinks', 3, 's_ox', 's_met2', 40),
    ('sinks', 4, 's_mag', 's_scrap', 10),

    ('double', 1, 'x_ox', 'x_met1', 60),
    ('double', 2, 'x_ox', 'x_met2', 60),

    ('tolerance', 1, 'u_ox1', 'u_in', 100),
    ('tolerance', 2, 'u_ox2', 'u_out', 100),
    ('tolerance', 3, 'u_ox3', 'u_dy', 10),

    ('conflict', 1, 'k_ore1', 'k_ox1', 500),
    ('conflict', 2, 'k_ore2', 'k_ox2', 500),

    ('thirds', 1, 'h_au', 'h_ox', 100),
    ('thirds', 2, 'h_cn', 'h_ox', 100),
    ('thirds', 3, 'h_us', 'h_ox', 100),
    ('thirds', 4, 'h_ox', 'h_met', 1),
    ('thirds', 5, 'h_ox2', 'h_met', 1),
    ('thirds', 6, 'h_au', 'h_one', 100),
    ('thirds', 7, 'h_cn', 'h_one', 100),
    ('thirds', 8, 'h_us', 'h_one', 100),

    ('concentrate', 1, 'm_ore', 'm_conc', 1000),

    ('halves', 1, 'q_au', 'q_ox', 100),
    ('halves', 2, 'q_cn', 'q_ox', 12700);

-- one provenance value per graph, in the flows' order
CREATE TABLE prov_out AS
SELECT f.dag, provenance(p.lot, c.lot, f.kg ORDER BY f.n) AS prov
  FROM prov_flow f
  JOIN prov_lot p ON p.name = f.parent
  JOIN prov_lot c ON c.name = f.child
 GROUP BY f.dag;

SELECT dag, pg_typeof(prov), (prov::jsonb ->> 'lots')::int AS lots,
       (prov::jsonb ->> 'flows')::int AS flows,
       jsonb_array_length(prov::jsonb -> 'sinks') AS sinks,
       jsonb_array_length(prov::jsonb -> 'issues') AS issues
  FROM prov_out ORDER BY dag;

--
-- Chain.  Nd: the ore holds 200 kg, the oxide 200 kg (10000 kg x 2 %),
-- the metal 200 kg (250 kg x 80 %), the alloy 180 kg (600 kg x 30 %) of
-- the 200 supplied (a loss is not an issue), the magnet 180 kg.  Pr: 50,
-- 50, 50, 45, 45.  Every form change is a stage, so for both elements:
--   origin AU, mining AU (the ore), separation MY (ore -> oxide),
--   refining CN (oxide -> metal), melting JP (metal -> alloy),
--   magnet DE (alloy -> magnet); each 100 % of 180 kg Nd and 45 kg Pr.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'chain';
SELECT prov FROM prov_out WHERE dag = 'chain';

--
-- Diamond.  The separator receives 100 kg Nd from AU and 300 kg from US:
-- origin and mining AU 25 %, US 75 %.  It splits into 100 kg (CN metal)
-- and 300 kg (VN metal), both 25/75 AU/US.  The magnet gets 100 + 300 =
-- 400 kg Nd (holds 1000 kg x 40 % = 400): the shared ancestors count once,
--   origin     US 300 (0.75), AU 100 (0.25)
--   mining     US 300 (0.75), AU 100 (0.25)
--   separation MY 400 (1)
--   refining   VN 300 (0.75), CN 100 (0.25)
--   melting    unknown 400 (1)   (metal straight into a magnet: no alloy)
--   magnet     JP 400 (1)
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'diamond';

--
-- Dysprosium.  Into the alloy (1000 kg, Nd 288 kg, Dy 16 kg):
--   10 kg VN Dy metal (from a VN ore: 2000 kg x 0.5 % = 10 kg Dy),
--   300 kg CN metal, a root (Nd 300 x 96 % = 288 kg, Dy 300 x 2 % = 6 kg),
--   690 kg iron (no rare earth: 69 % of the mass, none of the Dy).
-- Dy is traced through the Dy-bearing inputs, 10 : 6, not 10 : 300 : 690:
--   origin     VN 10 (0.625), unknown 6 (0.375)
--   mining     VN 10 (0.625), unknown 6 (0.375)
--   separation unknown 16 (1)        (ore straight to metal; root metal)
--   refining   VN 10 (0.625), unknown 6 (0.375)   (ore -> metal in VN)
--   melting    JP 16 (1)
-- Nd only comes from the root CN metal: unknown 288 kg in every view but
-- melting (JP 288).  An alloy sink reports no magnet stage.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'dysprosium';

--
-- Recycled.  The oxide (Nd 80 kg, Dy 5 kg) gets Nd 3000 x 2 % = 60 kg
-- from the AU ore and 100 x 20 % = 20 kg from the scrap, Dy 5 kg from the
-- scrap only.  A root scrap lot is "recycled" for origin and mining:
--   Nd origin AU 60 (0.75), recycled 20 (0.25); mining the same;
--      separation MY 80 (1)
--   Dy origin recycled 5 (1); mining recycled 5 (1); separation MY 5 (1)
-- An oxide sink reports mining and separation only.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'recycled';

--
-- Root oxide.  The record does not reach the mine: the metal's 40 kg Nd
-- (80 kg x 50 % supplied) are unknown for origin, mining and separation;
-- refining KR 40 (1).
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'root_oxide';

--
-- Transshipment.  CN ore (100 kg Nd) -> CN oxide T2 (80 kg Nd) ->
-- repackaged as CN oxide T3 (same form, same country: no stage, no issue)
-- -> VN oxide T4 (same form, new country: no stage, a transshipment
-- issue).  T4 also gets 500 kg of VN concentrate (20 kg Nd), which it does
-- separate.  T4 gets 80 + 20 = 100 kg Nd, holds 80: CN 80 %, VN 20 %:
--   origin     CN 80 %, VN 20 %     mining     CN 80 %, VN 20 %
--   separation CN 80 % (T2, not T3 or T4), VN 20 % (T4, from concentrate)
-- and the KR metal (80 kg Nd from 100 kg of T4) refines 100 %:
--   origin CN 64 (0.8), VN 16 (0.2); mining the same;
--   separation CN 64 (0.8), VN 16 (0.2); refining KR 80 (1)
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'transship';
SELECT i.* FROM prov_out, provenance_issues(prov) i WHERE dag = 'transship';

--
-- Multiple sinks, sorted by code: CN-BAOTOU-S4, JP-RECYCLE-S6,
-- VN-VTRE-S3.  The AU ore's 100 kg Nd go to the MY oxide (100 kg Nd),
-- 40 kg to CN and 60 kg to VN:
--   CN-BAOTOU-S4 Nd 40: AU, AU, MY, CN (origin, mining, separation, refining)
--   VN-VTRE-S3   Nd 60: AU, AU, MY, VN
-- The scrap from a root magnet (Nd 10 x 30 % = 3 kg) reports every stage,
-- all unknown (scrapping performs no stage).
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'sinks';
SELECT s.value ->> 'code' AS code, s.value ->> 'form' AS form,
       s.value ->> 'country' AS country, s.value -> 'mass_kg' AS mass_kg,
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(s.value -> 'elements' -> 0 -> 'stages') k) AS stages
  FROM prov_out, jsonb_array_elements(prov::jsonb -> 'sinks') WITH ORDINALITY s(value, n)
 WHERE dag = 'sinks' ORDER BY n;

--
-- Double counting.  The CN oxide (100 kg) sends 60 kg to each metal lot:
-- 120 kg out, 20 kg too many.  Each metal lot still gets 60 kg Nd (the
-- flows are taken as recorded): origin, mining, separation unknown (root
-- oxide), refining CN 60 and MY 60.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'double';
SELECT i.* FROM prov_out, provenance_issues(prov) i WHERE dag = 'double';

--
-- Assay tolerance, 1 %: held x 100 > supplied x 101 is reported.
--   U2 holds 101 kg Nd, supplied 100: exactly 1 % more, inside: no issue.
--   U4 holds 101.001 kg, supplied 100: 1.001 % more, outside: reported,
--      kg = held - supplied = 1.001.
--   U6 holds Nd 9.9 kg of 10 supplied (fine) and Dy 0.1 kg, which no input
--      has: reported (0.1 kg); its Dy history is all unknown.
--
SELECT i.* FROM prov_out, provenance_issues(prov) i WHERE dag = 'tolerance';
SELECT r.* FROM prov_out, provenance_rows(prov) r
 WHERE dag = 'tolerance' AND r.sink_code = 'JP-SHINETSU-U6';
SELECT r.sink_code, r.element, r.view, r.country, r.kg, r.share
  FROM prov_out, provenance_rows(prov) r
 WHERE dag = 'tolerance' AND r.view = 'refining' ORDER BY r.sink_code, r.element;

--
-- Conflicting declarations.  CN-BAYAN-K1 appears as Nd=10 % (first) and
-- Nd=12 % (second flow): reported once, and the first is used for both
-- flows, so each oxide is supplied 500 x 10 % = 50 kg Nd.  K2 holds 50 kg:
-- fine.  K3 holds 55 kg: 10 % more than supplied, so it is reported as
-- unexplained (5 kg) -- with the second declaration (60 kg) it would not be.
--
SELECT i.* FROM prov_out, provenance_issues(prov) i WHERE dag = 'conflict';
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'conflict' AND r.view = 'origin';

--
-- Thirds.  Three ores (AU, CN, US; 200 kg, 1 kg Nd each) send 100 kg
-- (0.5 kg Nd) each to the MY oxide H4 (holds 1 kg Nd: a third each) and
-- 100 kg each to the DE metal H7 (holds 1 kg Nd).
--   H7: 1 kg = 10^9 ug, a third each = 333333333.33 ug: floors
--       333333333 x 3, 1 ug left, tie on the remainder: AU (alphabetical)
--       gets it: AU 0.333333334, CN 0.333333333, US 0.333333333; shares
--       0.333333 each (they add up to 0.999999; the kg add up exactly).
--       Separation: unknown 1 kg (ore straight to metal); refining DE 1.
--   H6 (1.5 kg Nd): 1 kg from H4 (2/3) and 0.5 kg from the root oxide H5
--       (1/3, unknown): AU, CN, US 2/9 each of 1.5 kg = 333333333.33 ug,
--       unknown 0.5 kg; the 1 ug left goes to AU again:
--       origin and mining unknown 0.5 (0.333333), AU 0.333333334 (0.222222),
--       CN 0.333333333 (0.222222), US 0.333333333 (0.222222);
--       separation MY 1 (0.666667), unknown 0.5 (0.333333); refining JP 1.5.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'thirds';

--
-- Ore mined in MM, concentrated in CN.  Concentrate is a form of the mining
-- stage, and the form changes, so by the rule the concentrator performs
-- mining: origin MM (where it was mined), mining CN.  Dy 1 kg, Tb 0.1 kg.
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'concentrate';

--
-- Half-up rounding of the shares.  The oxide gets 1 kg Nd from AU and
-- 127 kg from CN: 1/128 = 0.0078125 -> 0.007813, 127/128 = 0.9921875 ->
-- 0.992188 (the rounded shares add up to 1.000001; the kg are exact).
--
SELECT r.* FROM prov_out, provenance_rows(prov) r WHERE dag = 'halves';

--
-- Every graph: per sink, element and view the kg add up exactly to the
-- element's kg in the sink, which is the sink's mass x its percentage; the
-- shares add up to 1 within 10^-6 per country listed.
--
SELECT o.dag, s.value ->> 'code' AS sink, e.value ->> 'element' AS element,
       count(*) AS views,
       bool_and(v.kg_sum = (e.value ->> 'kg')::numeric) AS kg_exact,
       bool_and((e.value ->> 'kg')::numeric
                = element_kg(pl.lot, e.value ->> 'element')) AS element_kg_ok,
       bool_and(abs(v.share_sum - 1) <= v.n * 0.000001) AS shares_ok
  FROM prov_out o,
       jsonb_array_elements(o.prov::jsonb -> 'sinks') s,
       jsonb_array_elements(s.value -> 'elements') e,
       LATERAL (SELECT r.view, sum(r.kg) AS kg_sum, sum(r.share) AS share_sum, count(*) AS n
                  FROM provenance_rows(o.prov) r
                 WHERE r.sink_code = s.value ->> 'code'
                   AND r.element = e.value ->> 'element'
                 GROUP BY r.view) v,
       LATERAL (SELECT DISTINCT l.lot FROM prov_lot l
                 WHERE lot_code(l.lot) = s.value ->> 'code'
                   AND l.name NOT IN ('k_ore2')) pl
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3;

-- no view lists a country twice, and none lists 0 kg
SELECT count(*) AS rows, count(DISTINCT (o.dag, r.sink_code, r.element, r.view, r.country)) AS distinct_rows,
       count(*) FILTER (WHERE r.kg <= 0) AS zero_rows
  FROM prov_out o, provenance_rows(o.prov) r;

-- the issues of every graph, in the order reported
SELECT o.dag, i.kind, i.lot_code, i.element, i.kg
  FROM prov_out o, provenance_issues(o.prov) i
 ORDER BY o.dag;

--
-- The order of the input rows does not matter (reverse flow order): not for
-- the sinks, and not for the whole value (the issues included), since a
-- parallel plan feeds the rows in any order.
--
SELECT f.dag,
       (provenance(p.lot, c.lot, f.kg ORDER BY f.n DESC)::jsonb -> 'sinks')
         = (SELECT o.prov::jsonb -> 'sinks' FROM prov_out o WHERE o.dag = f.dag) AS same_sinks,
       provenance(p.lot, c.lot, f.kg ORDER BY f.n DESC)::jsonb
         = (SELECT o.prov::jsonb FROM prov_out o WHERE o.dag = f.dag) AS identical
  FROM prov_flow f
  JOIN prov_lot p ON p.name = f.parent
  JOIN prov_lot c ON c.name = f.child
 WHERE f.dag <> 'conflict'
 GROUP BY f.dag ORDER BY f.dag;

--
-- Cycle: an error naming a lot on the cycle, not a hang: the smallest code
-- on it, whatever order the flows come in (the same cycle twice, the flows
-- in opposite orders, names the same lot).
--
SELECT * FROM regress_util.try($$
    SELECT provenance(p::rare_lot, c::rare_lot, kg) FROM (VALUES
        ('CN-NRE-Z1 oxide 10kg Nd=100%', 'CN-BAOTOU-Z2 metal 10kg Nd=100%', 10),
        ('CN-BAOTOU-Z2 metal 10kg Nd=100%', 'CN-NRE-Z1 oxide 10kg Nd=100%', 10)) v(p, c, kg)$$);
SELECT * FROM regress_util.try($$
    SELECT provenance(p::rare_lot, c::rare_lot, kg) FROM (VALUES
        ('CN-BAOTOU-Z2 metal 10kg Nd=100%', 'CN-NRE-Z1 oxide 10kg Nd=100%', 10),
        ('CN-NRE-Z1 oxide 10kg Nd=100%', 'CN-BAOTOU-Z2 metal 10kg Nd=100%', 10)) v(p, c, kg)$$);
-- a lot that is its own parent
SELECT * FROM regress_util.try($$
    SELECT provenance('CN-NRE-Z1 oxide 10kg Nd=100%', 'CN-NRE-Z1 oxide 10kg Nd=100%', 1)$$);
-- a longer cycle behind an acyclic part (the lot named is on the cycle)
SELECT * FROM regress_util.try($$
    SELECT provenance(p::rare_lot, c::rare_lot, kg) FROM (VALUES
        ('AU-LYNAS-Z0 ore 100kg Nd=1%', 'MY-LYNAS-Z1 oxide 1kg Nd=100%', 100),
        ('MY-LYNAS-Z1 oxide 1kg Nd=100%', 'CN-BAOTOU-Z2 metal 1kg Nd=100%', 1),
        ('CN-BAOTOU-Z2 metal 1kg Nd=100%', 'JP-SHINETSU-Z3 alloy 1kg Nd=100%', 1),
        ('JP-SHINETSU-Z3 alloy 1kg Nd=100%', 'MY-LYNAS-Z1 oxide 1kg Nd=100%', 1)) v(p, c, kg)$$);
-- a cycle with lots downstream of it, seen first: the message must still
-- name a lot on the cycle (CN-NRE-Z1 or CN-BAOTOU-Z2), not one that merely
-- depends on it (JP-SHINETSU-Z3, DE-VAC-Z4)
SELECT max(t) FILTER (WHERE n = 1) AS state,
       bool_and(substring(t FROM 'through lot (\S+)') IN ('CN-NRE-Z1', 'CN-BAOTOU-Z2'))
           FILTER (WHERE n = 2) AS names_a_lot_on_the_cycle
  FROM regress_util.try($$
    SELECT provenance(p::rare_lot, c::rare_lot, kg) FROM (VALUES
        ('JP-SHINETSU-Z3 alloy 1kg Nd=30%', 'DE-VAC-Z4 magnet 1kg Nd=30%', 1),
        ('CN-NRE-Z1 oxide 10kg Nd=100%', 'CN-BAOTOU-Z2 metal 10kg Nd=100%', 1),
        ('CN-BAOTOU-Z2 metal 10kg Nd=100%', 'CN-NRE-Z1 oxide 10kg Nd=100%', 1),
        ('CN-BAOTOU-Z2 metal 10kg Nd=100%', 'JP-SHINETSU-Z3 alloy 1kg Nd=30%', 1)) v(p, c, kg)$$) WITH ORDINALITY AS r(t, n);

--
-- Linear, not per path: 60 diamonds in a row (2^60 paths from the ore to
-- the last lot).  AU ore (200 kg, 2 kg Nd) -> MY oxides L0 .. L60, each
-- L(i) splitting into A(i) and B(i) (1 kg each), which join again in
-- L(i+1).  Same form and country after the ore: no stage, no issue.  The
-- sink L60 holds 2 kg Nd: origin AU, mining AU, separation MY, 2 kg each.
--
SELECT (p::jsonb ->> 'lots')::int AS lots, (p::jsonb ->> 'flows')::int AS flows,
       jsonb_array_length(p::jsonb -> 'issues') AS issues,
       (SELECT array_agg(r.sink_code || ' ' || r.view || ' ' || r.country || ' ' || r.kg || ' ' || r.share
                         ORDER BY r.n)
          FROM provenance_rows(p) WITH ORDINALITY r(sink_code, element, view, country, kg, share, n)) AS sink_rows
  FROM (SELECT provenance(f.parent::rare_lot, f.child::rare_lot, f.kg) AS p
          FROM (SELECT 'AU-LYNAS-L ore 200kg Nd=1%', 'MY-LYNAS-L0 oxide 2kg Nd=100%', 200
                UNION ALL
                SELECT format('MY-LYNAS-L%s oxide 2kg Nd=100%%', i), format('MY-LYNAS-%s%s oxide 1kg Nd=100%%', ab, i), 1
                  FROM generate_series(0, 59) i, unnest(ARRAY['A', 'B']) ab
                UNION ALL
                SELECT format('MY-LYNAS-%s%s oxide 1kg Nd=100%%', ab, i), format('MY-LYNAS-L%s oxide 2kg Nd=100%%', i + 1), 1
                  FROM generate_series(0, 59) i, unnest(ARRAY['A', 'B']) ab) AS f(parent, child, kg)) AS a;

--
-- Empty input and NULLs.
--
SELECT provenance(p.lot, c.lot, f.kg) IS NULL AS empty_is_null
  FROM prov_flow f JOIN prov_lot p ON p.name = f.parent JOIN prov_lot c ON c.name = f.child
 WHERE false;
-- rows with a NULL parent, child or kg are skipped
SELECT provenance(p::rare_lot, c::rare_lot, kg)::jsonb
         = (SELECT prov::jsonb FROM prov_out WHERE dag = 'root_oxide') AS nulls_skipped
  FROM (VALUES ('CN-NRE-O1 oxide 100kg Nd=50%', NULL, 80),
               (NULL, 'KR-KMET-O2 metal 40kg Nd=100%', 80),
               ('CN-NRE-O1 oxide 100kg Nd=50%', 'KR-KMET-O2 metal 40kg Nd=100%', NULL),
               ('CN-NRE-O1 oxide 100kg Nd=50%', 'KR-KMET-O2 metal 40kg Nd=100%', 80),
               (NULL, NULL, NULL)) v(p, c, kg);
-- only rows with a NULL part: every row is skipped, so NULL, as for other
-- aggregates whose rows are all skipped (corr skips a row with a NULL
-- argument)
SELECT provenance(p::rare_lot, c::rare_lot, kg) IS NULL AS all_skipped_is_null,
       corr(kg, lot_mass_kg(c::rare_lot)) IS NULL AS corr_too
  FROM (VALUES ('CN-NRE-O1 oxide 100kg Nd=50%', NULL, 80),
               (NULL, 'KR-KMET-O2 metal 40kg Nd=100%', 80),
               (NULL, NULL, NULL::numeric)) v(p, c, kg);

--
-- Flow masses: positive whole grams up to 10^12 kg.
--
SELECT kg, t
  FROM unnest(ARRAY['0', '-1', '0.0004', '1.0005', '-0.000', 'NaN', 'Infinity',
                    '1000000000000.001', '1000000000001']) AS kg,
       regress_util.try(format($$SELECT provenance('CN-NRE-F1 oxide 10kg Nd=100%%',
                                              'CN-BAOTOU-F2 metal 10kg Nd=100%%', %L::numeric)$$, kg)) AS t;
-- accepted: 1 g, trailing zeros, an exponent, 10^12 kg.  The metal holds
-- 10 kg Nd whatever the flow: 1 g supplies 0.001 kg (9.999 kg unexplained),
-- 1 kg supplies 1 kg (9 kg unexplained), 10 kg is balanced, 10^12 kg is
-- far more than the 10 kg oxide has (double counting, 999999999990 kg).
SELECT flow_kg, (a.p::jsonb -> 'sinks' -> 0 -> 'elements' -> 0 ->> 'kg')::numeric AS nd_kg,
       i.kind, i.kg AS issue_kg
  FROM unnest(ARRAY['0.001', '1.000000', '1e1', '1000000000000']) AS flow_kg,
       LATERAL (SELECT provenance('CN-NRE-F1 oxide 10kg Nd=100%', 'CN-BAOTOU-F2 metal 10kg Nd=100%', x) AS p
                  FROM (VALUES (flow_kg::numeric)) v(x)) a
       LEFT JOIN LATERAL provenance_issues(a.p) i ON true;

--
-- The type: jsonb inside, binary cast to jsonb (assignment), text I/O.
--
SELECT prov::jsonb -> 'sinks' -> 0 -> 'elements' -> 0 -> 'stages' -> 'refining' AS refining,
       pg_typeof(prov::jsonb)
  FROM prov_out WHERE dag = 'root_oxide';
-- the row functions are STRICT, and a value without sinks or issues has no rows
SELECT (SELECT count(*) FROM provenance_rows(NULL)) AS rows_of_null,
       (SELECT count(*) FROM provenance_issues(NULL)) AS issues_of_null,
       (SELECT count(*) FROM provenance_rows('{"sinks": [], "issues": []}')) AS rows_of_empty,
       (SELECT count(*) FROM provenance_issues('{"sinks": [], "issues": []}')) AS issues_of_empty;
-- assignment cast: a provenance value stored in a jsonb column
CREATE TEMP TABLE prov_json (dag text, j jsonb);
INSERT INTO prov_json SELECT dag, prov FROM prov_out;
SELECT count(*) AS stored, count(*) FILTER (WHERE j = (SELECT prov::jsonb FROM prov_out o WHERE o.dag = prov_json.dag)) AS equal
  FROM prov_json;
-- but not implicit: no jsonb operator applies to provenance directly
SELECT prov -> 'sinks' FROM prov_out WHERE dag = 'chain';
-- text round trip, and jsonb text into provenance
SELECT count(*) AS values,
       count(*) FILTER (WHERE prov::text::provenance::jsonb = prov::jsonb) AS text_round_trip,
       count(*) FILTER (WHERE (prov::jsonb)::text::provenance::jsonb = prov::jsonb) AS from_jsonb_text
  FROM prov_out;
SELECT '{"sinks": [], "issues": []}'::provenance;
SELECT '{"sinks": [], "issues": [], "extra": 1}'::provenance;
-- input rejects anything that is not an object with "sinks" and "issues" arrays
SELECT v, t
  FROM unnest(ARRAY['{}', '[]', '1', 'null', '"sinks"', '{"sinks": []}', '{"issues": []}',
                    '{"sinks": {}, "issues": []}', '{"sinks": [], "issues": null}',
                    '[{"sinks": [], "issues": []}]', '{"x": {"sinks": [], "issues": []}}',
                    '{"sinks": [], "issues": [}']) AS v,
       regress_util.try(format('SELECT %L::rare_trace.provenance', v)) AS t;
SELECT '{"sinks": []}'::provenance;
-- no cast from jsonb (only text input is checked)
SELECT '{"sinks": [], "issues": []}'::jsonb::provenance;

-- binary COPY: provenance_send / provenance_recv round trip
CREATE TABLE prov_copy (dag text, prov provenance);
\copy (SELECT dag, prov FROM prov_out) TO 'results/provenance.bin' WITH (FORMAT binary)
\copy prov_copy FROM 'results/provenance.bin' WITH (FORMAT binary)
SELECT count(*) AS copied,
       count(*) FILTER (WHERE c.prov::jsonb = o.prov::jsonb) AS equal
  FROM prov_copy c JOIN prov_out o USING (dag);
-- recv checks the shape like text input (22P03): a jsonb without "issues"
CREATE TEMP TABLE prov_badbin (j jsonb);
INSERT INTO prov_badbin VALUES ('{"sinks": []}');
\copy prov_badbin TO 'results/provenance_bad.bin' WITH (FORMAT binary)
\copy prov_copy (prov) FROM 'results/provenance_bad.bin' WITH (FORMAT binary)

--
-- The support functions.  Their internal arguments keep them out of reach
-- of SQL: provenance_deserialize(bytea, internal) cannot even be called.
-- Which error refuses it depends on the minor release, so the test accepts
-- exactly those two: 15.20, 17.12 and 18.6 find no matching function, as no
-- literal converts to internal (42883); 15.18 (Debian 12's point release,
-- what a fresh Debian 12 machine without security updates installs) coerces
-- the NULL and fails in internal_in with 0A000 "cannot accept a value of
-- type internal".  Either way the function never runs.
--
SELECT r IN ('SQLSTATE 42883', 'SQLSTATE 0A000') AS refused_before_running
  FROM regress_util.try($$SELECT rare_trace.provenance_deserialize('\x'::bytea, NULL)$$) AS r
 WHERE r = 'ok' OR r LIKE 'SQLSTATE %';
-- Bound to the same C symbols with SQL-callable types (test-only pg_temp
-- functions), each refuses to run outside an aggregate (0A000) before it
-- touches its arguments.
CREATE FUNCTION pg_temp.c_accum(bytea, rare_lot, rare_lot, numeric) RETURNS bigint
    AS '$libdir/rare_trace', 'rare_trace_provenance_accum' LANGUAGE C;
CREATE FUNCTION pg_temp.c_combine(bytea, bytea) RETURNS bigint
    AS '$libdir/rare_trace', 'rare_trace_provenance_combine' LANGUAGE C;
CREATE FUNCTION pg_temp.c_serialize(bytea) RETURNS bytea
    AS '$libdir/rare_trace', 'rare_trace_provenance_serialize' LANGUAGE C STRICT;
CREATE FUNCTION pg_temp.c_deserialize(bytea) RETURNS bigint
    AS '$libdir/rare_trace', 'rare_trace_provenance_deserialize' LANGUAGE C STRICT;
CREATE FUNCTION pg_temp.c_final(bytea) RETURNS bigint
    AS '$libdir/rare_trace', 'rare_trace_provenance_final' LANGUAGE C;
SELECT * FROM regress_util.try($$SELECT pg_temp.c_accum(NULL, 'CN-NRE-A1 oxide 10kg', 'CN-BAOTOU-B1 metal 10kg', 1)$$);
SELECT * FROM regress_util.try($$SELECT pg_temp.c_combine(NULL, NULL)$$);
SELECT * FROM regress_util.try($$SELECT pg_temp.c_serialize('\x00')$$);
SELECT * FROM regress_util.try($$SELECT pg_temp.c_deserialize('\x')$$);
SELECT * FROM regress_util.try($$SELECT pg_temp.c_final(NULL)$$);

--
-- Serialize and deserialize inside aggregates (test-only pg_temp
-- aggregates): prov_ser runs the real transition function and returns the
-- serialized state; prov_deser collects a bytea and deserializes it in its
-- final function (returning the state's address as a bigint, shown only
-- as NOT NULL).
--
CREATE AGGREGATE pg_temp.prov_ser(rare_lot, rare_lot, numeric) (
    SFUNC = rare_trace.provenance_accum, STYPE = internal,
    FINALFUNC = rare_trace.provenance_serialize);
CREATE AGGREGATE pg_temp.prov_deser(bytea) (
    SFUNC = byteacat, STYPE = bytea, INITCOND = '',
    FINALFUNC = pg_temp.c_deserialize);

-- a state by hand: "RTP1", int32 lots, int64 flows; per lot int8 conflict,
-- int16 length, text; per flow int32 parent, int32 child, int64 grams
CREATE FUNCTION pg_temp.state(lots text[], flows bigint[], conflict int[] DEFAULT NULL)
RETURNS bytea LANGUAGE sql AS $$
    SELECT 'RTP1'::bytea || int4send(coalesce(cardinality(lots), 0))
           || int8send(coalesce(cardinality(flows), 0) / 3)
           || coalesce((SELECT string_agg(set_byte('\x00'::bytea, 0, coalesce(conflict[n], 0))
                                          || int2send(length(l)::smallint) || convert_to(l, 'UTF8'),
                                          ''::bytea ORDER BY n)
                          FROM unnest(lots) WITH ORDINALITY AS u(l, n)), '')
           || coalesce((SELECT string_agg(int4send(flows[3 * k + 1]::int) || int4send(flows[3 * k + 2]::int)
                                          || int8send(flows[3 * k + 3]), ''::bytea ORDER BY k)
                          FROM generate_series(0, coalesce(cardinality(flows), 0) / 3 - 1) k), '')
$$;

-- The serializer writes exactly this layout (the lots in the order the
-- transition function met them: which of parent and child comes first is
-- up to the compiler), with the conflict flag of a lot seen twice set.
SELECT ser IN (pg_temp.state('{CN-NRE-A1 oxide 10kg Nd=100%,CN-BAOTOU-B1 metal 10kg Nd=100%}', '{0,1,10000}'),
               pg_temp.state('{CN-BAOTOU-B1 metal 10kg Nd=100%,CN-NRE-A1 oxide 10kg Nd=100%}', '{1,0,10000}'))
         AS layout_ok,
       length(ser) AS bytes
  FROM (SELECT pg_temp.prov_ser(p::rare_lot, c::rare_lot, kg) AS ser
          FROM (VALUES ('CN-NRE-A1 oxide 10kg Nd=100%', 'CN-BAOTOU-B1 metal 10kg Nd=100%', 10)) v(p, c, kg)) s;
SELECT position('\x01001c'::bytea || convert_to('CN-NRE-A1 oxide 10kg Nd=100%', 'UTF8') IN ser) > 0 AS conflict_flag_set,
       position('\x01001f'::bytea || convert_to('CN-BAOTOU-B1 metal 10kg Nd=100%', 'UTF8') IN ser) > 0 AS other_flag_set
  FROM (SELECT pg_temp.prov_ser(p::rare_lot, c::rare_lot, kg) AS ser
          FROM (VALUES ('CN-NRE-A1 oxide 10kg Nd=100%', 'CN-BAOTOU-B1 metal 10kg Nd=100%', 10),
                       ('CN-NRE-A1 oxide 12kg Nd=100%', 'CN-BAOTOU-B1 metal 10kg Nd=100%', 1)) v(p, c, kg)) s;
-- the serializer's output deserializes
SELECT pg_temp.prov_deser(ser) IS NOT NULL AS deserialized
  FROM (SELECT pg_temp.prov_ser(p.lot, c.lot, f.kg ORDER BY f.n) AS ser
          FROM prov_flow f JOIN prov_lot p ON p.name = f.parent JOIN prov_lot c ON c.name = f.child
         WHERE f.dag = 'transship') s;

-- Deserialize validates everything it reads.
CREATE TEMP TABLE prov_bad (id int PRIMARY KEY, what text, payload bytea);
INSERT INTO prov_bad VALUES
    ( 1, 'valid: two lots, one flow',
         pg_temp.state('{CN-NRE-A1 oxide 10kg Nd=100%,CN-BAOTOU-B1 metal 10kg Nd=100%}', '{0,1,10000}')),
    ( 2, 'valid: empty state', pg_temp.state('{}', '{}')),
    ( 3, 'valid: lot text in lower case (re-parsed)',
         pg_temp.state('{cn-nre-a1 OXIDE 10KG nd=100%,CN-BAOTOU-B1 metal 10kg Nd=100%}', '{0,1,10000}')),
    ( 4, 'valid: a cycle (the final function rejects it, not deserialize)',
         pg_temp.state('{CN-NRE-A1 oxide 10kg Nd=100%}', '{0,0,1}')),
    ( 5, 'nothing', '\x'),
    ( 6, 'magic only', 'RTP1'),
    ( 7, 'other magic', 'RTP2'::bytea || int4send(0) || int8send(0)),
    ( 8, 'more lots than bytes', 'RTP1'::bytea || int4send(1000) || int8send(0)),
    ( 9, 'more flows than bytes', 'RTP1'::bytea || int4send(0) || int8send(1000)),
    (10, 'lot count negative', 'RTP1'::bytea || int4send(-1) || int8send(0)),
    (11, 'lot that does not parse', pg_temp.state('{XX-NRE-A1 oxide 10kg}', '{}')),
    (12, 'empty lot text', pg_temp.state('{""}', '{}')),
    (13, 'lot text ending in a zero byte', 'RTP1'::bytea || int4send(1) || int8send(0) || '\x000015'::bytea
                                      || convert_to('CN-NRE-A1 oxide 10kg', 'UTF8') || '\x00'::bytea),
    (14, 'same lot twice', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-NRE-A1 oxide 10kg}', '{}')),
    (15, 'same code, other contents', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-NRE-A1 oxide 11kg}', '{}')),
    (16, 'flow to lot 2 of 2', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,2,1000}')),
    (17, 'flow from lot -1', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{-1,1,1000}')),
    (18, 'flow of 0 g', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,0}')),
    (19, 'flow of -1 g', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,-1}')),
    (20, 'flow of 10^15 + 1 g', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,1000000000000001}')),
    (21, 'valid: flow of 10^15 g', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,1000000000000000}')),
    (22, 'trailing byte', pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,1000}') || '\x00'::bytea),
    (23, 'last byte missing', substring(pg_temp.state('{CN-NRE-A1 oxide 10kg,CN-BAOTOU-B1 metal 10kg}', '{0,1,1000}')
                                        FROM 1 FOR 80)),
    (24, 'lot length past the end', 'RTP1'::bytea || int4send(1) || int8send(0) || '\x0000ff'::bytea
                                    || convert_to('CN-NRE-A1 oxide 10kg', 'UTF8')),
    (25, 'valid: conflict flag 1', pg_temp.state('{CN-NRE-A1 oxide 10kg}', '{}', '{1}'));
SELECT id, what, length(payload) AS bytes, t
  FROM prov_bad,
       regress_util.try(format('SELECT pg_temp.prov_deser(%L::bytea) IS NOT NULL', payload)) AS t
 ORDER BY id;

--
-- Parallel aggregation: partial states built by the workers, serialized,
-- deserialized (and so validated) and combined by the leader.  The core
-- graphs (not the conflicting one: which declaration comes first is a
-- matter of scan order) are spread over a table padded with unrelated
-- two-lot chains and NULL rows.  CREATE TABLE AS may run in parallel
-- (INSERT ... SELECT may not).
--
CREATE TABLE prov_big (
    id     int PRIMARY KEY,
    pad    bool NOT NULL,
    parent rare_lot,
    child  rare_lot,
    kg     numeric
) WITH (parallel_workers = 2);
-- 3000 padding flows (every 97th with a NULL parent), and the core flows
-- in between, one every 70 rows (the rows go in in id order)
INSERT INTO prov_big
SELECT id, pad, parent, child, kg FROM (
    SELECT i * 10 AS id, true AS pad,
           CASE WHEN i % 97 = 0 THEN NULL
                ELSE format('%s-PAD-O%s ore 100kg Nd=1%% Pr=0.25%%',
                            (ARRAY['AU', 'CN', 'US', 'MM', 'BR'])[i % 5 + 1], i)::rare_lot END AS parent,
           format('%s-PAD-X%s oxide 1kg Nd=80%% Pr=20%%',
                  (ARRAY['MY', 'CN', 'VN'])[i % 3 + 1], i)::rare_lot AS child,
           100::numeric AS kg
      FROM generate_series(1, 3000) AS i
    UNION ALL
    SELECT row_number() OVER (ORDER BY f.dag, f.n) * 700 + 5, false, p.lot, c.lot, f.kg
      FROM prov_flow f
      JOIN prov_lot p ON p.name = f.parent
      JOIN prov_lot c ON c.name = f.child
     WHERE f.dag <> 'conflict') AS t
 ORDER BY id;
ANALYZE prov_big;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
CREATE TABLE prov_par_all AS SELECT provenance(parent, child, kg) AS prov FROM prov_big;
CREATE TABLE prov_par_all AS SELECT provenance(parent, child, kg) AS prov FROM prov_big;
-- most rows filtered out: some workers' partial states stay NULL
EXPLAIN (COSTS OFF)
CREATE TABLE prov_par_core AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE NOT pad;
CREATE TABLE prov_par_core AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE NOT pad;
EXPLAIN (COSTS OFF)
CREATE TABLE prov_par_few AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE id + 0 <= 20;
CREATE TABLE prov_par_few AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE id + 0 <= 20;
CREATE TABLE prov_par_none AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE id + 0 < 0;
-- only rows with a NULL part (all skipped)
CREATE TABLE prov_par_nulls AS SELECT provenance(parent, child, kg) AS prov FROM prov_big WHERE parent IS NULL;
-- the workers alone, so that two partial states are combined
SET parallel_leader_participation = off;
CREATE TABLE prov_par_workers AS SELECT provenance(parent, child, kg) AS prov FROM prov_big;
RESET parallel_leader_participation;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT provenance(parent, child, kg) FROM prov_big;
CREATE TABLE prov_ser (q text, prov provenance);
INSERT INTO prov_ser SELECT 'all', provenance(parent, child, kg) FROM prov_big;
INSERT INTO prov_ser SELECT 'core', provenance(parent, child, kg) FROM prov_big WHERE NOT pad;
INSERT INTO prov_ser SELECT 'few', provenance(parent, child, kg) FROM prov_big WHERE id + 0 <= 20;
INSERT INTO prov_ser SELECT 'none', provenance(parent, child, kg) FROM prov_big WHERE id + 0 < 0;
INSERT INTO prov_ser SELECT 'nulls', provenance(parent, child, kg) FROM prov_big WHERE parent IS NULL;
INSERT INTO prov_ser SELECT 'workers', provenance(parent, child, kg) FROM prov_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

CREATE VIEW prov_par AS
          SELECT 'all' AS q, prov FROM prov_par_all
UNION ALL SELECT 'core', prov FROM prov_par_core
UNION ALL SELECT 'few', prov FROM prov_par_few
UNION ALL SELECT 'none', prov FROM prov_par_none
UNION ALL SELECT 'nulls', prov FROM prov_par_nulls
UNION ALL SELECT 'workers', prov FROM prov_par_workers;

-- all: 3000 padding flows less 30 with a NULL parent, and the 42 core
-- flows: 2970 x 2 + 54 lots, 2970 + 42 flows, 2970 + 18 sinks; issues:
-- 1 double counting, 2 unexplained, 1 transshipment.  few: ids 10 and 20.
-- none: no row, NULL.  nulls: the 30 rows with a NULL parent, all skipped,
-- so NULL too.  workers: as all.
SELECT q, (s.prov::jsonb ->> 'lots')::int AS lots, (s.prov::jsonb ->> 'flows')::int AS flows,
       jsonb_array_length(s.prov::jsonb -> 'sinks') AS sinks,
       jsonb_array_length(s.prov::jsonb -> 'issues') AS issues,
       s.prov::jsonb -> 'sinks' = p.prov::jsonb -> 'sinks' AS same_sinks,
       s.prov::jsonb = p.prov::jsonb AS identical,
       s.prov IS NULL AS serial_null, p.prov IS NULL AS parallel_null
  FROM prov_ser s JOIN prov_par p USING (q)
 ORDER BY q;
-- the core graphs, aggregated together, give each graph's own sinks
SELECT count(*) AS sinks,
       count(*) FILTER (WHERE s.value IN (SELECT x FROM prov_out o, jsonb_array_elements(o.prov::jsonb -> 'sinks') x)) AS as_alone
  FROM prov_ser, jsonb_array_elements(prov::jsonb -> 'sinks') s
 WHERE q = 'core';
-- two padding chains: CN ore -> CN oxide, US ore -> VN oxide; the oxide
-- (1 kg) holds 0.8 kg Nd and 0.2 kg Pr of the 1 kg and 0.25 kg supplied
SELECT r.* FROM prov_ser, provenance_rows(prov) r WHERE q = 'few';

DROP VIEW prov_par;
DROP TABLE prov_big, prov_par_all, prov_par_core, prov_par_few, prov_par_none, prov_par_nulls,
    prov_par_workers, prov_ser, prov_copy, prov_out, prov_flow, prov_lot;
