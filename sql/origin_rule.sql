--
-- origin_rule: origin rules over provenance (0.4.0): rare_trace.origin_rule,
-- rare_trace.origin_rule_view, origin_check() and lot_origin_check().
--   - the shipped rules and their word-to-view mappings;
--   - the US magnet rule (10 U.S.C. 4872 / DFARS 225.7018) hand-worked on
--     small graphs: a magnet with Chinese separation passes on 2026-12-31
--     (melted and produced elsewhere) and fails from 2027-01-01; melted in
--     China it fails on both; an unknown stage fails with the
--     record-stops-short reason; forms other than magnet are not covered;
--   - the EU CRMA Art. 29 disclosure: the recycled share of Nd, Dy, Pr, Tb,
--     Sm (no pass/fail), the unknown origin as a lower bound, magnets of
--     0.2 kg (not over) and 0.201 kg, from 2027-05-24;
--   - the CRMA 65 % benchmark over several lots: exactly 65 % passes, a
--     gram more fails, member states and recycled are no third country;
--   - every date boundary: the day before, of and after 2027-01-01 (US),
--     2027-05-24 (Art. 29), 2024-05-23 (CRMA);
--   - lot_origin_check() from the ledger equals origin_check() of the
--     aggregate; an unknown lot gives no rows;
--   - a user's rule added with one INSERT, and used;
--   - every class of bad input, with its SQLSTATE, and none changes the
--     tables; shipped rows cannot be changed or deleted.
-- Everything written here is removed at the end.
--
SET search_path = rare_trace, public;

-- the tables as they are, to show that refused writes change nothing
CREATE FUNCTION pg_temp.rules_digest() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT md5(coalesce((SELECT string_agg(r::text, '|' ORDER BY r.rule) FROM rare_trace.origin_rule AS r), '')
               || '#' ||
               coalesce((SELECT string_agg(v::text, '|' ORDER BY v.rule, v.word, v.view, v.effective_from)
                           FROM rare_trace.origin_rule_view AS v), ''))
$$;
CREATE TEMP TABLE digest AS SELECT pg_temp.rules_digest() AS before;

--
-- The shipped rules
--
SELECT rule, kind, countries, elements, forms, min_mass_kg, max_share, recycled_passes, effective_from,
       effective_until, shipped
  FROM rare_trace.origin_rule ORDER BY rule;
SELECT rule, word, view, effective_from, effective_until, shipped,
       reading LIKE 'READING, not a source%' AS flagged_reading
  FROM rare_trace.origin_rule_view ORDER BY rule, effective_from NULLS FIRST, word, view;
-- every shipped row cites a source, and says where it is a reading
SELECT count(*) AS rules_without_source FROM rare_trace.origin_rule WHERE btrim(source) = '';
SELECT count(*) AS views_not_saying_reading FROM rare_trace.origin_rule_view
 WHERE reading NOT ILIKE '%reading%' AND reading NOT LIKE '%(magneticsmag.com)%'
   AND reading NOT LIKE 'where the ore was extracted%' AND reading NOT LIKE 'where the rare earths were separated%';

--
-- Small graphs.  flows(g, parent, child, kg); chk(g, rule, day) runs the
-- provenance aggregate over graph g and origin_check on its result.
--
CREATE TEMP TABLE flows (g text, parent rare_trace.rare_lot, child rare_trace.rare_lot, kg numeric);
CREATE FUNCTION pg_temp.chk(g text, rule text, day date)
RETURNS TABLE (sink text, element text, view text, country text, kg numeric, share numeric,
               pass boolean, reason text)
LANGUAGE sql STABLE AS $$
    SELECT c.sink, c.element, c.view, c.country, c.kg, c.share, c.pass, c.reason
      FROM (SELECT rare_trace.provenance(f.parent, f.child, f.kg) AS p FROM flows AS f WHERE f.g = $1) AS a,
           rare_trace.origin_check(a.p, $2, $3) AS c
$$;

-- Graph sep_cn: ore mined and concentrated in AU, separated in CN, reduced
-- to metal in JP, melted into an alloy in JP (with iron), made into a
-- magnet in the US.
--   AU concentrate 1000 kg, Nd 20 % = 200 kg Nd --> CN oxide 200 kg Nd 80 % (holds 160)
--   CN oxide 200 kg --> JP metal 150 kg Nd 99 % (holds 148.5)
--   JP metal 150 kg + DE iron 350 kg --> JP alloy 500 kg Nd 29.7 % (148.5)
--   JP alloy 500 kg --> US magnet 500 kg Nd 29.7 % (148.5 kg Nd)
-- Nd in the magnet, 148.5 kg: origin AU, mining AU, separation CN,
-- refining JP, melting JP, magnet US, all with share 1.
INSERT INTO flows VALUES
    ('sep_cn', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'CN-SEP-OX1 oxide 200kg Nd=80%', 1000),
    ('sep_cn', 'CN-SEP-OX1 oxide 200kg Nd=80%', 'JP-MET-M1 metal 150kg Nd=99%', 200),
    ('sep_cn', 'JP-MET-M1 metal 150kg Nd=99%', 'JP-ALY-A1 alloy 500kg Nd=29.7%', 150),
    ('sep_cn', 'DE-FE-F1 metal 350kg', 'JP-ALY-A1 alloy 500kg Nd=29.7%', 350),
    ('sep_cn', 'JP-ALY-A1 alloy 500kg Nd=29.7%', 'US-MAG-N1 magnet 500kg Nd=29.7%', 500);

-- US rule, "melted or produced" until 2026-12-31: melting JP and magnet US
-- pass; separation in CN is not looked at yet
SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', '2026-12-30');
SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', '2026-12-31');
-- from 2027-01-01 "mined, refined, separated, melted or produced": the
-- separation in CN fails, the other stages pass
SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', '2027-01-01');
SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', '2027-01-02');
-- the verdict per magnet: every row passes
SELECT d AS day, bool_and(c.pass) AS passes, count(*) AS rows
  FROM unnest(ARRAY['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']::date[]) AS d,
       pg_temp.chk('sep_cn', 'us_dfars_magnet', d) AS c
 GROUP BY d ORDER BY d;

-- Graph melt_cn: the same chain, melted in CN (the alloy and magnet in CN,
-- exported to the US as a magnet lot: magnet CN too): fails on 2026-12-31.
INSERT INTO flows VALUES
    ('melt_cn', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'MY-SEP-OX1 oxide 200kg Nd=80%', 1000),
    ('melt_cn', 'MY-SEP-OX1 oxide 200kg Nd=80%', 'VN-MET-M1 metal 150kg Nd=99%', 200),
    ('melt_cn', 'VN-MET-M1 metal 150kg Nd=99%', 'CN-ALY-A1 alloy 500kg Nd=29.7%', 150),
    ('melt_cn', 'CN-ALY-A1 alloy 500kg Nd=29.7%', 'JP-MAG-N1 magnet 500kg Nd=29.7%', 500);
SELECT * FROM pg_temp.chk('melt_cn', 'us_dfars_magnet', '2026-12-31');

-- Graph gap: metal made straight into a magnet (no alloy lot: melting is
-- unknown), and an oxide root with no history (origin, mining, separation
-- unknown).  The record stops short; unknown never passes.
--   KR oxide root 100 kg Nd 100 % --> KR metal 90 kg Nd 100 % (holds 90) --> KR magnet 300 kg Nd 30 % (90)
INSERT INTO flows VALUES
    ('gap', 'KR-OXT-X1 oxide 100kg Nd=100%', 'KR-MET-M2 metal 90kg Nd=100%', 100),
    ('gap', 'KR-MET-M2 metal 90kg Nd=100%', 'KR-MAG-N2 magnet 300kg Nd=30%', 90);
SELECT * FROM pg_temp.chk('gap', 'us_dfars_magnet', '2026-12-31');
SELECT * FROM pg_temp.chk('gap', 'us_dfars_magnet', '2027-01-01');

-- the rule covers magnets only: the alloy and oxide sinks are not covered
-- (one row each, pass NULL); the magnet sink of the same result is checked
INSERT INTO flows VALUES
    ('forms', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'CN-SEP-OX9 oxide 100kg Nd=80%', 500),
    ('forms', 'CN-SEP-OX1 oxide 200kg Nd=80%', 'JP-ALY-A9 alloy 100kg Nd=30%', 40),
    ('forms', 'JP-ALY-A1 alloy 500kg Nd=29.7%', 'US-MAG-N9 magnet 100kg Nd=29.7%', 100);
SELECT * FROM pg_temp.chk('forms', 'us_dfars_magnet', '2027-01-01');

--
-- EU CRMA Art. 29: the recycled share, a disclosure.
-- Graph rec: a magnet made of an alloy of
--   post-consumer scrap (root) DE 100 kg: Nd 20 kg, Pr 5 kg, Dy 4 kg
--   metal from an oxide root with no history, CN 60 kg Nd 100 %: Nd 60 kg (origin unknown)
--   metal from AU concentrate via MY oxide: MY oxide 25 kg Nd 80 % = 20 kg Nd -> JP metal 20 kg Nd 100 %
-- alloy DE 1000 kg Nd 10 % Pr 0.5 % Dy 0.4 % (Nd 100, Pr 5, Dy 4 = supplied)
-- magnet DE 1000 kg, the same composition.
-- Nd 100 kg: origin recycled 20 (0.2), unknown 60, AU 20;  Pr 5 kg: recycled 5 (1);  Dy 4: recycled 4 (1).
-- Elements of the rule the magnet lacks (Tb, Sm) give no row.
INSERT INTO flows VALUES
    ('rec', 'DE-REC-S1 scrap 100kg Nd=20% Pr=5% Dy=4%', 'DE-ALY-A3 alloy 1000kg Nd=10% Pr=0.5% Dy=0.4%', 100),
    ('rec', 'CN-OXT-X2 oxide 60kg Nd=100%', 'CN-MET-M3 metal 60kg Nd=100%', 60),
    ('rec', 'CN-MET-M3 metal 60kg Nd=100%', 'DE-ALY-A3 alloy 1000kg Nd=10% Pr=0.5% Dy=0.4%', 60),
    ('rec', 'AU-MINE-C3 concentrate 200kg Nd=10%', 'MY-SEP-OX3 oxide 25kg Nd=80%', 200),
    ('rec', 'MY-SEP-OX3 oxide 25kg Nd=80%', 'JP-MET-M4 metal 20kg Nd=100%', 25),
    ('rec', 'JP-MET-M4 metal 20kg Nd=100%', 'DE-ALY-A3 alloy 1000kg Nd=10% Pr=0.5% Dy=0.4%', 20),
    ('rec', 'DE-FE-F2 metal 811kg', 'DE-ALY-A3 alloy 1000kg Nd=10% Pr=0.5% Dy=0.4%', 811),
    ('rec', 'DE-ALY-A3 alloy 1000kg Nd=10% Pr=0.5% Dy=0.4%', 'DE-MAG-N3 magnet 1000kg Nd=10% Pr=0.5% Dy=0.4%', 1000);
SELECT * FROM pg_temp.chk('rec', 'eu_crma_art29_recycled', '2027-05-23');
SELECT * FROM pg_temp.chk('rec', 'eu_crma_art29_recycled', '2027-05-24');
SELECT * FROM pg_temp.chk('rec', 'eu_crma_art29_recycled', '2027-05-25');
-- the same magnet and the US rule: recycled does not pass by itself there
-- (recycled_passes false: where the scrap was first mined is not on the
-- record; the statute's exception for recycled NdFeB is the user's)
SELECT * FROM pg_temp.chk('rec', 'us_dfars_magnet', '2027-01-01') WHERE view IN ('origin', 'mining') AND element = 'Nd';
-- and the CRMA benchmark: recycled passes (recycled_passes true)
SELECT * FROM pg_temp.chk('rec', 'eu_crma_65pct', '2027-06-01') WHERE view = 'origin' AND element = 'Nd';
-- a user's covered_nations rule that lets recycled pass (rolled back)
BEGIN;
WITH r AS (
    INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, forms, recycled_passes)
    VALUES ('t_recycled_ok', 'covered_nations', 'a', 'r', 's', ARRAY['CN'], ARRAY['magnet'], true)
    RETURNING rule)
INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading)
SELECT rule, 'mined', 'origin', 'x' FROM r;
SELECT * FROM pg_temp.chk('rec', 't_recycled_ok', '2027-01-01') WHERE element = 'Nd';
ROLLBACK;

-- the 0.2 kg threshold: "over 0.2 kg", so 0.2 kg is not disclosed, 0.201 kg is
INSERT INTO flows VALUES
    ('small', 'DE-REC-S4 scrap 1kg Nd=30%', 'DE-MAG-N4 magnet 0.2kg Nd=30%', 0.2),
    ('small', 'DE-REC-S4 scrap 1kg Nd=30%', 'DE-MAG-N5 magnet 0.201kg Nd=30%', 0.201),
    ('small', 'DE-REC-S4 scrap 1kg Nd=30%', 'DE-MAG-N6 magnet 0.199kg Nd=30%', 0.199);
SELECT * FROM pg_temp.chk('small', 'eu_crma_art29_recycled', '2027-06-01');

-- no recycled input: the share is 0 (kg 0), still disclosed; a magnet
-- holding none of the rule's elements (Ce only) gets one row saying so;
-- an alloy sink is not covered
INSERT INTO flows VALUES
    ('norec', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'MY-SEP-OX7 oxide 100kg Nd=80%', 400),
    ('norec', 'MY-SEP-OX7 oxide 100kg Nd=80%', 'JP-MAG-N7 magnet 200kg Nd=40%', 100),
    ('norec', 'US-MINE-C8 concentrate 100kg Ce=50%', 'US-MAG-N8 magnet 100kg Ce=50%', 100),
    ('norec', 'MY-SEP-OX7 oxide 100kg Nd=80%', 'JP-ALY-A7 alloy 100kg Nd=10%', 10);
SELECT * FROM pg_temp.chk('norec', 'eu_crma_art29_recycled', '2027-06-01');

--
-- CRMA 65 % benchmark over many lots (the sinks of one provenance result).
-- Graph bench: Nd separated in CN (65 kg), FR (25 kg) and MY (10 kg) into
-- three oxide lots from AU and BR concentrates; one more lot, a metal
-- made from an oxide root, whose separation is unknown.
--   AU concentrate 650 kg Nd 10 % --> CN oxide 65 kg Nd 100 %
--   AU concentrate 250 kg Nd 10 % --> FR oxide 25 kg Nd 100 %
--   BR concentrate 100 kg Nd 10 % --> MY oxide 10 kg Nd 100 %
-- Over the three oxides, Nd 100 kg: origin AU 90 (0.9: above), BR 10;
-- separation CN 65 (exactly 0.65: within), FR 25 (member state), MY 10.
INSERT INTO flows VALUES
    ('bench', 'AU-MINE-C5 concentrate 650kg Nd=10%', 'CN-SEP-OX5 oxide 65kg Nd=100%', 650),
    ('bench', 'AU-MINE-C6 concentrate 250kg Nd=10%', 'FR-SEP-OX6 oxide 25kg Nd=100%', 250),
    ('bench', 'BR-MINE-C7 concentrate 100kg Nd=10%', 'MY-SEP-OX8 oxide 10kg Nd=100%', 100);
SELECT * FROM pg_temp.chk('bench', 'eu_crma_65pct', '2024-05-22');
SELECT * FROM pg_temp.chk('bench', 'eu_crma_65pct', '2024-05-23');
SELECT * FROM pg_temp.chk('bench', 'eu_crma_65pct', '2024-05-24');
-- one gram more of Nd separated in CN: 65.001 / 100.001 > 0.65 fails
INSERT INTO flows
SELECT 'bench_plus', f.parent, f.child, f.kg FROM flows AS f WHERE f.g = 'bench' AND rare_trace.lot_country(f.child) <> 'CN';
INSERT INTO flows VALUES
    ('bench_plus', 'AU-MINE-C5 concentrate 650.01kg Nd=10%', 'CN-SEP-OX5 oxide 65.001kg Nd=100%', 650.01);
SELECT * FROM pg_temp.chk('bench_plus', 'eu_crma_65pct', '2030-01-01') WHERE view = 'separation';
-- a lot whose separation is not recorded: unknown never passes
INSERT INTO flows
SELECT 'bench_gap', f.parent, f.child, f.kg FROM flows AS f WHERE f.g = 'bench';
INSERT INTO flows VALUES
    ('bench_gap', 'VN-OXT-X9 oxide 20kg Nd=100%', 'VN-MET-M9 metal 20kg Nd=100%', 20);
SELECT * FROM pg_temp.chk('bench_gap', 'eu_crma_65pct', '2030-01-01') WHERE view IN ('separation', 'refining');
-- the share is rounded half up to 6 decimals, the pass on exact kg: CN
-- 2 of 3 kg is 0.666667 (above), printed shares are those of the kg
INSERT INTO flows VALUES
    ('thirds', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'CN-SEP-OXA oxide 1kg Nd=100%', 10),
    ('thirds', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'CN-SEP-OXB oxide 1kg Nd=100%', 10),
    ('thirds', 'AU-MINE-C1 concentrate 1000kg Nd=20%', 'KR-SEP-OXC oxide 1kg Nd=100%', 10);
SELECT * FROM pg_temp.chk('thirds', 'eu_crma_65pct', '2030-01-01') WHERE view = 'separation';

-- a NULL argument gives no rows (STRICT)
SELECT count(*) AS null_rows FROM rare_trace.origin_check(NULL, 'us_dfars_magnet', '2027-01-01');
SELECT count(*) AS null_rows FROM (SELECT rare_trace.provenance(parent, child, kg) AS p FROM flows WHERE g = 'sep_cn') AS a,
       rare_trace.origin_check(a.p, NULL, '2027-01-01');
SELECT count(*) AS null_rows FROM (SELECT rare_trace.provenance(parent, child, kg) AS p FROM flows WHERE g = 'sep_cn') AS a,
       rare_trace.origin_check(a.p, 'us_dfars_magnet', NULL);

-- bad arguments: an unknown rule (22023, the detail lists the rules), an
-- infinite date (22008)
SELECT * FROM regress_util.try($$SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars', '2027-01-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM pg_temp.chk('sep_cn', 'US_DFARS_MAGNET', '2027-01-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', 'infinity')$$);
SELECT * FROM regress_util.try($$SELECT * FROM pg_temp.chk('sep_cn', 'us_dfars_magnet', '-infinity')$$);

--
-- lot_origin_check: the same graph from the ledger gives the same rows as
-- origin_check over the aggregate.
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
SELECT rare_trace.lot_enterprise(f.child), f.parent, f.child, f.kg, 'transform'
  FROM flows AS f WHERE f.g = 'sep_cn' ORDER BY 1;
SELECT * FROM rare_trace.lot_origin_check('US-MAG-N1', 'us_dfars_magnet', '2027-01-01');
SELECT (SELECT array_agg(c ORDER BY c::text) FROM rare_trace.lot_origin_check('us-mag-n1', 'us_dfars_magnet', d) AS c)
       IS NOT DISTINCT FROM
       (SELECT array_agg(c ORDER BY c::text)
          FROM (SELECT rare_trace.provenance(parent, child, kg) AS p FROM flows WHERE g = 'sep_cn') AS a,
               rare_trace.origin_check(a.p, 'us_dfars_magnet', d) AS c) AS same_as_aggregate, d AS day
  FROM unnest(ARRAY['2026-12-31', '2027-01-01']::date[]) AS d;
-- an alloy of the ledger is not covered; a lot the ledger does not know gives no rows
SELECT * FROM rare_trace.lot_origin_check('JP-ALY-A1', 'us_dfars_magnet', '2027-01-01');
SELECT count(*) AS unknown_lot_rows FROM rare_trace.lot_origin_check('US-MAG-NOPE', 'us_dfars_magnet', '2027-01-01');
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_origin_check('US-MAG-N1', 'nope', '2027-01-01')$$);

--
-- A rule of the user's own: one INSERT (rule and mapping together).  Here:
-- a buyer's policy that no rare earth of a magnet was separated or refined
-- in CN or MM from 2026-06-01.
--
WITH r AS (
    INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, forms,
                                        effective_from, note)
    VALUES ('buyer_no_cn_mm_processing', 'covered_nations', 'Example buyer',
            'Purchasing policy P-7 (2026)', 'the buyer''s policy document', ARRAY['CN', 'MM'],
            ARRAY['magnet'], '2026-06-01', 'separation and refining outside CN and MM')
    RETURNING rule)
INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading)
SELECT r.rule, w.word, w.view, 'the policy''s own words'
  FROM r, (VALUES ('separated', 'separation'), ('refined', 'refining')) AS w(word, view);
SELECT * FROM pg_temp.chk('sep_cn', 'buyer_no_cn_mm_processing', '2026-05-31');
SELECT * FROM pg_temp.chk('sep_cn', 'buyer_no_cn_mm_processing', '2026-06-01');
-- a user's row is changed and deleted freely; its mappings go with it
UPDATE rare_trace.origin_rule SET effective_until = '2026-12-31' WHERE rule = 'buyer_no_cn_mm_processing';
SELECT * FROM pg_temp.chk('sep_cn', 'buyer_no_cn_mm_processing', '2027-01-01');
DELETE FROM rare_trace.origin_rule WHERE rule = 'buyer_no_cn_mm_processing';
SELECT count(*) AS views_left FROM rare_trace.origin_rule_view WHERE rule = 'buyer_no_cn_mm_processing';
SELECT pg_temp.rules_digest() = (SELECT before FROM digest) AS tables_as_shipped;

-- a mapping of the user's own added to a shipped rule, and taken out again
INSERT INTO rare_trace.origin_rule_view (rule, word, view, effective_from, reading)
VALUES ('eu_crma_65pct', 'processing', 'melting', '2030-01-01', 'the user reads alloying as processing too');
SELECT count(*) AS melting_rows FROM pg_temp.chk('sep_cn', 'eu_crma_65pct', '2029-12-31') WHERE view = 'melting';
SELECT count(*) AS melting_rows FROM pg_temp.chk('sep_cn', 'eu_crma_65pct', '2030-01-01') WHERE view = 'melting';
DELETE FROM rare_trace.origin_rule_view WHERE rule = 'eu_crma_65pct' AND view = 'melting';

--
-- Bad input: each class with its SQLSTATE.  A template of a valid rule,
-- changed one column at a time.
--
CREATE FUNCTION pg_temp.bad_rule(col text, val text) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT regress_util.try(format(
        $q$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, elements,
                                               forms, min_mass_kg, max_share, effective_from, effective_until)
           SELECT rule, kind, authority, reference, source, countries, elements, forms, min_mass_kg,
                  max_share, effective_from, effective_until
             FROM jsonb_populate_record(NULL::rare_trace.origin_rule,
                  '{"rule": "t_rule", "kind": "covered_nations", "authority": "a", "reference": "r",
                    "source": "s", "countries": ["CN"], "forms": ["magnet"]}'::jsonb
                  || jsonb_build_object(%L, %s))$q$, col, val))
$$;
-- the template itself is accepted (rolled back)
BEGIN;
SELECT * FROM pg_temp.bad_rule('note', '''ok''');
ROLLBACK;
SELECT t.col, t.val, r
  FROM (VALUES
    ('rule', '''T_Rule'''), ('rule', '''1rule'''), ('rule', '''''::text'), ('rule', 'repeat(''x'', 64)'),
    ('kind', '''pass_fail'''),
    ('authority', ''' '''), ('reference', ''''''), ('source', ''' '''),
    ('countries', 'ARRAY[''CN'', NULL]'), ('elements', 'ARRAY[NULL]::text[]'), ('forms', 'ARRAY[''magnet'', NULL]'),
    ('countries', 'ARRAY[]::text[]'), ('elements', 'ARRAY[]::text[]'), ('forms', 'ARRAY[]::text[]'),
    ('countries', 'ARRAY[ARRAY[''CN'']]'),
    ('countries', 'ARRAY[''cn'']'), ('countries', 'ARRAY[''XX'']'), ('countries', 'ARRAY[''CHN'']'),
    ('countries', 'ARRAY[''EU'']'),
    ('elements', 'ARRAY[''Fe'']'), ('elements', 'ARRAY[''nd'']'), ('elements', 'ARRAY[''B'']'),
    ('forms', 'ARRAY[''powder'']'), ('forms', 'ARRAY[''Magnet'']'),
    ('min_mass_kg', '''NaN''::numeric'), ('min_mass_kg', '''Infinity''::numeric'),
    ('min_mass_kg', '''-Infinity''::numeric'), ('min_mass_kg', '-1'),
    ('effective_from', '''infinity''::date'), ('effective_from', '''-infinity''::date'),
    ('effective_until', '''infinity''::date')) AS t(col, val),
       pg_temp.bad_rule(t.col, t.val) AS r;
-- kinds and the columns they need
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, max_share)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}', 0.5)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('t_rule', 'recycled_share', 'a', 'r', 's', '{CN}')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, recycled_passes)
    VALUES ('t_rule', 'recycled_share', 'a', 'r', 's', true)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('t_rule', 'country_concentration', 'a', 'r', 's', '{FR}')$$);
SELECT t.val, r
  FROM unnest(ARRAY['NaN', 'Infinity', '-Infinity', '0', '-0.1', '1.000001']) AS t(val),
       regress_util.try(format($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, max_share)
                                 VALUES ('t_rule', 'country_concentration', 'a', 'r', 's', '{FR}', %L)$$, t.val)) AS r;
-- the end before the start; a one-day period is fine (rolled back)
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, effective_from, effective_until)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}', '2027-01-02', '2027-01-01')$$);
BEGIN;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, effective_from, effective_until)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}', '2027-01-01', '2027-01-01')$$);
SELECT count(*) AS rows_on_the_day FROM pg_temp.chk('sep_cn', 't_rule', '2027-01-01');
ROLLBACK;
-- NULL in a NOT NULL column, a duplicate name
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('t_rule', 'covered_nations', NULL, 'r', 's', '{CN}')$$, true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('us_dfars_magnet', 'covered_nations', 'a', 'r', 's', '{CN}')$$, true);
-- an UPDATE is validated like an INSERT (a user's rule, rolled back)
BEGIN;
INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}');
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET countries = '{CN,ZZ}' WHERE rule = 't_rule'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET effective_until = 'infinity' WHERE rule = 't_rule'$$);
ROLLBACK;

-- mappings
SELECT t.what, r
  FROM (VALUES
    ('bad view', $$('us_dfars_magnet', 'smelted', 'smelting', NULL, NULL, 'x')$$),
    ('view in upper case', $$('us_dfars_magnet', 'separated', 'Separation', NULL, NULL, 'x')$$),
    ('empty word', $$('us_dfars_magnet', ' ', 'separation', NULL, NULL, 'x')$$),
    ('empty reading', $$('us_dfars_magnet', 'separated', 'separation', '2030-01-01', NULL, '')$$),
    ('infinite start', $$('us_dfars_magnet', 'separated', 'separation', '-infinity', NULL, 'x')$$),
    ('infinite end', $$('us_dfars_magnet', 'separated', 'separation', NULL, 'infinity', 'x')$$),
    ('end before start', $$('us_dfars_magnet', 'separated', 'separation', '2030-01-02', '2030-01-01', 'x')$$)
  ) AS t(what, vals),
       regress_util.try('INSERT INTO rare_trace.origin_rule_view (rule, word, view, effective_from, effective_until, reading) VALUES '
                        || t.vals) AS r;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading)
    VALUES ('no_such_rule', 'separated', 'separation', 'x')$$, true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading)
    VALUES ('us_dfars_magnet', 'separated', 'separation', NULL)$$, true);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule_view (rule, word, view, effective_from, reading)
    VALUES ('us_dfars_magnet', 'separated', 'separation', '2027-01-01', 'again')$$, true);

-- shipped rows: not changed, not deleted, not written by users (42501)
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET effective_from = '2028-01-01' WHERE rule = 'eu_crma_art29_recycled'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET shipped = false WHERE rule = 'us_dfars_magnet'$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.origin_rule WHERE rule = 'eu_crma_65pct'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule_view SET view = 'separation' WHERE rule = 'us_dfars_magnet' AND view = 'refining'$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.origin_rule_view WHERE rule = 'us_dfars_magnet' AND word = 'refined'$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, shipped)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}', true)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading, shipped)
    VALUES ('us_dfars_magnet', 'separated', 'separation', 'x', true)$$);
BEGIN;
INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
    VALUES ('t_rule', 'covered_nations', 'a', 'r', 's', '{CN}');
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET shipped = true WHERE rule = 't_rule'$$);
ROLLBACK;
-- a rename of a shipped rule would cascade to its mappings: refused too
SELECT * FROM regress_util.try($$UPDATE rare_trace.origin_rule SET rule = 'us_magnet' WHERE rule = 'us_dfars_magnet'$$);

-- none of it changed anything
SELECT pg_temp.rules_digest() = (SELECT before FROM digest) AS tables_as_shipped;
SELECT count(*) AS rules, count(*) FILTER (WHERE shipped) AS shipped FROM rare_trace.origin_rule;
SELECT count(*) AS views, count(*) FILTER (WHERE shipped) AS shipped FROM rare_trace.origin_rule_view;

--
-- country_assigned(): the lot parser's table, upper case only
--
SELECT c, rare_trace.country_assigned(c) AS assigned
  FROM unnest(ARRAY['CN', 'KP', 'GR', 'DE', 'cn', 'Cn', 'XX', 'EL', 'UK', 'EU', 'C', 'CHN', '', 'C1']) AS c;

--
-- Clean up: remove this file's ledger entries behind the triggers' back.
--
SET session_replication_role = replica;
DELETE FROM rare_trace.flow WHERE enterprise IN ('CN-SEP', 'JP-MET', 'JP-ALY', 'US-MAG');
DELETE FROM rare_trace.flow_chain WHERE enterprise IN ('CN-SEP', 'JP-MET', 'JP-ALY', 'US-MAG');
RESET session_replication_role;
ALTER TABLE rare_trace.flow ALTER COLUMN id RESTART WITH 1;
SELECT count(*) AS entries_after FROM rare_trace.flow;
