--
-- lot_exactness: masses and oxide equivalents are exact decimals (numeric built
-- from integer grams, parts per million and factors x 10^4), never floating
-- point.  Expected figures are worked out by hand in the comments.
--
SET search_path = rare_trace, public;

-- 10,000 lots of 1 g sum to exactly 10 kg.
CREATE TABLE lot_x (id int PRIMARY KEY, lot rare_lot NOT NULL);
INSERT INTO lot_x
SELECT i, ('CN-EXACT-G' || i || ' scrap 0.001kg')::rare_lot
FROM generate_series(1, 10000) AS i;
SELECT count(*) AS lots, sum(lot_mass_kg(lot)) AS total_kg,
       sum(lot_mass_kg(lot)) = 10 AS exactly_10
FROM lot_x;

-- Lots i = 1 .. 10000 of i grams at Sc 0.0001 %: element kg = i x 10^-9,
-- summing to 50005000 x 10^-9 = 0.050005 kg; oxide 0.050005 x 1.5338 =
-- 0.076697669 kg.
TRUNCATE lot_x;
INSERT INTO lot_x
SELECT i, ('CN-EXACT-S' || i || ' oxide ' || i || 'g Sc=0.0001%')::rare_lot
FROM generate_series(1, 10000) AS i;
SELECT sum(element_kg(lot, 'Sc')) AS sc_kg, sum(reo_kg(lot)) AS reo_kg,
       sum(element_kg(lot, 'Sc')) = 0.050005 AS sc_exact,
       sum(reo_kg(lot)) = 0.076697669 AS reo_exact
FROM lot_x;

-- Lots i = 1 .. 1000 of i kg at Nd 1 %: element kg 0.01 x 500500 = 5005;
-- oxide 5005 x 1.1664 = 5837.832.
TRUNCATE lot_x;
INSERT INTO lot_x
SELECT i, ('CN-EXACT-N' || i || ' metal ' || i || 'kg Nd=1%')::rare_lot
FROM generate_series(1, 1000) AS i;
SELECT sum(lot_mass_kg(lot)) AS mass_kg, sum(element_kg(lot, 'Nd')) AS nd_kg,
       sum(reo_kg(lot)) AS reo_kg,
       sum(element_kg(lot, 'Nd')) = 5005 AND sum(reo_kg(lot)) = 5837.832 AS exact
FROM lot_x;

-- 1000 lots of 1 kg with each of the 16 elements that have a factor at 1 %:
-- per lot 0.01 kg x (sum of the 16 factors = 19.0805) = 0.190805 kg, in all
-- 190.805 kg.
TRUNCATE lot_x;
INSERT INTO lot_x
SELECT i, ('CN-EXACT-A' || i || ' alloy 1kg ' || c.comp)::rare_lot
FROM generate_series(1, 1000) AS i,
     (SELECT string_agg(symbol || '=1%', ' ' ORDER BY z) AS comp
      FROM element WHERE oxide_factor IS NOT NULL) AS c;
SELECT (SELECT sum(oxide_factor) FROM element) AS factor_sum,
       min(reo_kg(lot)) AS lot_min, max(reo_kg(lot)) AS lot_max,
       sum(reo_kg(lot)) AS reo_kg, sum(reo_kg(lot)) = 190.805 AS exact
FROM lot_x;

-- 5000 irregular lots: mass (7919 i mod 1000003) + 1 g, two elements with
-- parts per million p1 = (i mod 9999) + 1 and p2 = (37 i mod 500000) + 1.
-- The extension's figures must equal the same sums done in numeric from
-- the generating integers (g x ppm x factor x 10^-9, multiplied rather than
-- divided, as numeric division rounds), and the totals
-- computed outside PostgreSQL: 2485012.934 kg of lots, 236641.627039836 kg
-- of rare earths, 278839.8582268884721 kg of oxides.
CREATE TABLE lot_gen AS
SELECT i, (i::bigint * 7919) % 1000003 + 1 AS g,
       (ARRAY['Sc','Y','La','Ce','Pr','Nd','Sm','Eu','Gd','Tb','Dy','Ho','Er','Tm','Yb','Lu'])[i % 16 + 1] AS e1,
       i % 9999 + 1 AS p1,
       (ARRAY['Sc','Y','La','Ce','Pr','Nd','Sm','Eu','Gd','Tb','Dy','Ho','Er','Tm','Yb','Lu'])[(i + 1 + i % 14) % 16 + 1] AS e2,
       (i::bigint * 37) % 500000 + 1 AS p2
FROM generate_series(1, 5000) AS i;
TRUNCATE lot_x;
INSERT INTO lot_x
SELECT i, format('BR-EXACT-R%s compound %sg %s=%s%% %s=%s%%',
                 i, g, e1, p1 * 0.0001, e2, p2 * 0.0001)::rare_lot
FROM lot_gen;
SELECT sum(lot_mass_kg(lot)) AS mass_kg,
       sum(element_kg(lot, e1) + element_kg(lot, e2)) AS element_kg,
       sum(reo_kg(lot)) AS reo_kg
FROM lot_x JOIN lot_gen ON lot_gen.i = lot_x.id;
SELECT sum(lot_mass_kg(x.lot)) = sum(g.g) * 0.001 AS mass_ok,
       sum(lot_mass_kg(x.lot)) = 2485012.934 AS mass_total_ok,
       sum(element_kg(x.lot, g.e1) + element_kg(x.lot, g.e2))
           = sum(g.g * (g.p1 + g.p2)) * 0.000000001 AS element_ok,
       sum(element_kg(x.lot, g.e1) + element_kg(x.lot, g.e2)) = 236641.627039836 AS element_total_ok,
       sum(reo_kg(x.lot)) = sum(g.g * (g.p1 * f1.oxide_factor + g.p2 * f2.oxide_factor)) * 0.000000001
           AS reo_ok,
       sum(reo_kg(x.lot)) = 278839.8582268884721 AS reo_total_ok,
       count(*) FILTER (WHERE reo_kg(x.lot) <> (g.g * (g.p1 * f1.oxide_factor + g.p2 * f2.oxide_factor)) * 0.000000001)
           AS lots_off
FROM lot_x x
JOIN lot_gen g ON g.i = x.id
JOIN element f1 ON f1.symbol = g.e1
JOIN element f2 ON f2.symbol = g.e2;

--
-- Extremes.
--
SELECT l AS lot, lot_mass_kg(l), element_kg(l, e), element_pct(l, e), reo_kg(l, e), reo_kg(l)
FROM (VALUES
    -- 10^12 kg of pure Sc: 10^12 x 1.5338 = 1533800000000 kg of Sc2O3
    (1, 'CN-MAX-1 metal 1000000000000kg Sc=100%'::rare_lot, 'Sc'),
    -- (10^15 - 1) g at 1 ppm Lu: 999999.999999999 kg, x 1.1372 =
    -- (10^15 - 1) x 11372 / 10^13 = 1137199.9999999988628 kg
    (2, 'CN-MAX-2 metal 999999999999.999kg Lu=0.0001%', 'Lu'),
    -- 10^12 kg, the 16 elements with a factor at 6.25 % each:
    -- 10^12 x 0.0625 x 19.0805 = 1192531250000 kg of oxides; Nd alone
    -- 62500000000 kg x 1.1664 = 72900000000
    (3, ('CN-MAX-3 metal 1000000000000kg '
         || (SELECT string_agg(symbol || '=6.25%', ' ' ORDER BY z) FROM element
             WHERE oxide_factor IS NOT NULL))::rare_lot, 'Nd'),
    -- 1 g at 0.0001 %: 10^-9 kg of the element, 1.5338 x 10^-9 kg of oxide
    (4, 'CN-MIN-1 oxide 1g Sc=0.0001%', 'Sc'),
    (5, 'CN-MIN-2 oxide 1g Lu=0.0001%', 'Lu')
) AS t(n, l, e)
ORDER BY n;
SELECT element_kg('CN-MIN-1 oxide 1g Sc=0.0001%', 'Sc') = 0.000000001 AS one_ng_exact,
       reo_kg('CN-MIN-1 oxide 1g Sc=0.0001%') = 0.0000000015338 AS reo_exact,
       reo_kg('CN-MAX-1 metal 1000000000000kg Sc=100%') = 1533800000000 AS max_reo_exact;

-- Sums beyond 10^12 kg stay exact: 1000 lots of 999999999999.999 kg are
-- 999999999999999 kg.
TRUNCATE lot_x;
INSERT INTO lot_x
SELECT i, ('CN-EXACT-M' || i || ' ore 999999999999.999kg Sc=100%')::rare_lot
FROM generate_series(1, 1000) AS i;
SELECT sum(lot_mass_kg(lot)) AS mass_kg, sum(reo_kg(lot)) AS reo_kg
FROM lot_x;

DROP TABLE lot_x, lot_gen;
