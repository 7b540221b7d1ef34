--
-- test/graphviz/cases.sql: the pictures test/graphviz/check renders with
-- dot(1), one row each (the cases of sql/provenance_dot.sql).
--
CREATE TABLE pictures (name text PRIMARY KEY, dot text NOT NULL);

CREATE TABLE flows (parent rare_trace.rare_lot, child rare_trace.rare_lot, kg numeric);
-- the worked example of doc/provenance.md: a diamond, scrap and iron
INSERT INTO flows VALUES
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
INSERT INTO pictures SELECT 'worked', rare_trace.provenance_dot(parent, child, kg) FROM flows;
INSERT INTO pictures SELECT 'worked_result', rare_trace.provenance_dot(rare_trace.provenance(parent, child, kg)) FROM flows;

-- every kind of issue, a flow twice
INSERT INTO pictures
SELECT 'issues', rare_trace.provenance_dot(f.parent::rare_trace.rare_lot, f.child::rare_trace.rare_lot, f.kg)
FROM (VALUES ('CN-BAOTOU-OX1 oxide 1000kg Nd=80%', 'TH-TRADER-OX2 oxide 1000kg Nd=80%', 1000),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 600),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 600),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M3 metal 10kg Nd=50% Dy=40%', 5),
             ('TH-TRADER-OX2 oxide 999kg Nd=80%', 'KR-KMET-M9 metal 1kg Nd=10%', 1)) AS f(parent, child, kg);
INSERT INTO pictures
SELECT 'issues_result', rare_trace.provenance_dot(rare_trace.provenance(f.parent::rare_trace.rare_lot, f.child::rare_trace.rare_lot, f.kg))
FROM (VALUES ('CN-BAOTOU-OX1 oxide 1000kg Nd=80%', 'TH-TRADER-OX2 oxide 1000kg Nd=80%', 1000),
             ('TH-TRADER-OX2 oxide 1000kg Nd=80%', 'VN-VTRE-M1 metal 700kg Nd=99%', 1200)) AS f(parent, child, kg);

-- more countries than the palette has colours
INSERT INTO pictures
SELECT 'many_countries', rare_trace.provenance_dot(('' || c || '-MINE-C1 concentrate 100kg Nd=10%')::rare_trace.rare_lot,
                                                   'JP-MAG-N1 magnet 500kg Nd=30%', 100)
FROM unnest(ARRAY['AU', 'BR', 'CA', 'CN', 'DE', 'FR', 'GB', 'IN', 'KR', 'MM', 'MY', 'RU', 'US', 'VN']) AS c;

-- an empty result
INSERT INTO pictures VALUES ('empty', rare_trace.provenance_dot('{"sinks": [], "issues": []}'::rare_trace.provenance));

-- hostile text in a provenance value (as in sql/provenance_dot.sql)
INSERT INTO pictures
SELECT 'hostile', rare_trace.provenance_dot(jsonb_build_object(
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
        jsonb_build_object('kind', 'no lot: skipped')))::text::rare_trace.provenance);
