--
-- lot_io: text input and output of rare_lot, the text casts.
--
SET search_path = rare_trace, public;

-- The examples of the specification, in canonical form already.
SELECT 'CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%'::rare_lot;
SELECT 'DE-VAC-M77 magnet 12.5kg Pr=6.1% Nd=22.8% Tb=0.5% Dy=3.9%'::rare_lot;

-- Elements come out by atomic number (La 57, Ce 58, Pr 59, Nd 60), the
-- mass in kg with trailing zeros dropped.
SELECT 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'::rare_lot;

-- No rare earth at all is valid; 300 g is 0.3 kg.
SELECT 'JP-SHN-X1 scrap 300g'::rare_lot;

-- Canonical output: upper-case code, lower-case form, kg, symbols in their
-- normal case, elements ordered, trailing zeros of percentages dropped.
SELECT v AS input, v::rare_lot AS output
FROM (VALUES
    (1, 'cn-nre-b2025000123 OXIDE 1t nd=85.3000% PR=0.1%'),
    (2, 'Us-Mpm-c24 Concentrate 25000000g pR=3.1% nD=9.01% Ce=30.020% LA=18.70%'),
    (3, 'de-vac-m77 magnet 12500g dy=3.9% tb=0.5% nd=22.8% pr=6.1%'),
    (4, 'jp-shn-x1 SCRAP 0.3kg'),
    (5, 'AU-LYN-Q3.2024_07 ore 1.5t Y=0.25% Sc=0.0001%'),
    (6, 'CN-BAOTOU-lot_9.a metal 0.001t Lu=0.0001% Sm=12% Eu=1.5%'),
    (7, 'MY-LAMP-7 compound 07kg Gd=010.5%'),
    (8, 'VN-VTRE-1 alloy 1.000kg Ho=1% Er=2% Tm=3% Yb=4%'),
    (9, 'EE-NPM-01 metal .5kg Pm=0.5%')
) AS t(n, v)
ORDER BY n;

-- Any amount of white space (space, tab, newline, CR, form feed, vertical
-- tab) separates the parts and may surround the value.
SELECT s::rare_lot AS output,
       s::rare_lot = 'CN-NRE-B1 oxide 1000kg Pr=0.1% Nd=85.3%'::rare_lot AS same
FROM (VALUES
    (1, '   CN-NRE-B1    oxide   1000kg   Pr=0.1%    Nd=85.3%   '),
    (2, E'\tCN-NRE-B1\toxide\t1t\tNd=85.3%\tPr=0.1%\t'),
    (3, E'\nCN-NRE-B1\n\noxide\r\n1000000g\fPr=0.1%' || chr(11) || E'Nd=85.3%\n')
) AS t(n, s)
ORDER BY n;

-- Boundaries that are accepted: enterprise of 2 and 16 characters, lot
-- number of 1 and 20 characters (with . and _), 1 g and 10^12 kg (given in
-- each unit), 0.0001 % and 100 %, a composition summing to exactly 100 %,
-- all 17 rare earths at once.
SELECT n, v::rare_lot AS output
FROM (VALUES
    (1, 'CN-AB-1 oxide 1g'),
    (2, 'CN-ABCDEFGHIJKLMNOP-1 oxide 1g'),
    (3, 'CN-AB-ABCDEFGHIJ0123456789 oxide 1g'),
    (4, 'CN-AB-._ oxide 1g'),
    (5, 'CN-AB-1 oxide 0.001kg'),
    (6, 'CN-AB-1 oxide 0.000001t'),
    (7, 'CN-AB-1 oxide 1000000000000kg'),
    (8, 'CN-AB-1 oxide 1000000000t'),
    (9, 'CN-AB-1 oxide 1000000000000000g'),
    (10, 'CN-AB-1 oxide 999999999999.999kg'),
    (11, 'CN-AB-1 oxide 1kg Nd=0.0001%'),
    (12, 'CN-AB-1 oxide 1kg Nd=100%'),
    (13, 'CN-AB-1 oxide 1kg Nd=100.0000%'),
    (14, 'CN-AB-1 oxide 1kg Nd=99.9999% Pr=0.0001%'),
    (15, 'CN-AB-1 oxide 1kg Lu=1% Yb=2% Tm=3% Er=4% Ho=5% Dy=6% Tb=7% Gd=8% Eu=9% Sm=10% Pm=0.5% Nd=11% Pr=12% Ce=13% La=1.5% Y=2% Sc=5%')
) AS t(n, v)
ORDER BY n;

-- Output is canonical: reading it back gives the same value and the same text.
SELECT count(*) AS lots,
       count(*) FILTER (WHERE v::rare_lot::text::rare_lot = v::rare_lot) AS value_round_trips,
       count(*) FILTER (WHERE v::rare_lot::text::rare_lot::text = v::rare_lot::text) AS text_round_trips
FROM (VALUES
    ('CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%'),
    ('US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'),
    ('DE-VAC-M77 magnet 12.5kg Pr=6.1% Nd=22.8% Tb=0.5% Dy=3.9%'),
    ('JP-SHN-X1 scrap 300g'),
    ('jp-shn-x1 SCRAP 0.3KG'),
    ('CN-AB-1 oxide 999999999999.999kg Lu=0.0001%'),
    ('CN-AB-1 oxide 1g Sc=33.3333% Y=33.3333% La=33.3333%')
) AS t(v);

-- Casts to and from text.  rare_lot -> text is an assignment cast, and so
-- (0.5.0) are text and varchar -> rare_lot; all go through the I/O
-- functions.  sql/lot_driver_casts.sql tests the assignment casts.
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod
FROM pg_cast
WHERE castsource = 'rare_lot'::regtype OR casttarget = 'rare_lot'::regtype
ORDER BY castsource::regtype::text, casttarget::regtype::text;

SELECT CAST('cn-nre-b1 oxide 1t nd=1%'::text AS rare_lot) AS from_text,
       CAST('cn-nre-b1 oxide 1t nd=1%'::rare_lot AS text) AS to_text,
       pg_typeof(CAST('cn-nre-b1 oxide 1t nd=1%'::rare_lot AS text)) AS to_text_type;

CREATE TABLE lot_io_text (n int, t text);
-- assignment cast: a rare_lot is stored into a text column as its canonical text
INSERT INTO lot_io_text VALUES (1, 'us-mpm-c24 concentrate 25t nd=9.01% la=18.7%'::rare_lot);
SELECT n, t FROM lot_io_text ORDER BY n;
-- and back: a text column is stored into a rare_lot column (assignment)
CREATE TABLE lot_io_lot (n int, lot rare_lot);
INSERT INTO lot_io_lot SELECT n, t FROM lot_io_text;
INSERT INTO lot_io_lot SELECT n + 1, t::rare_lot FROM lot_io_text;
SELECT n, lot FROM lot_io_lot ORDER BY n;

-- NULL in, NULL out
SELECT NULL::rare_lot AS null_lot, (NULL::text)::rare_lot IS NULL AS null_from_text;

DROP TABLE lot_io_text, lot_io_lot;
