--
-- lot_errors: malformed rare_lot literals.  Every class of parser error
-- (every LotErrCode of src/lot_parse.h) is exercised at least twice, with
-- its SQLSTATE, message and detail.
--
SET search_path = rare_trace, public;

-- One literal as the server reports it, with the error position.
SELECT 'XX-NRE-B1 oxide 1000kg Nd=85.3%'::rare_lot;
SELECT 'CN-NRE-B1 oxide 1000kg Nd=85.3% Pr=15%'::rare_lot;

-- Parse lit as rare_lot (through the text -> rare_lot cast, i.e. the type's
-- input function) and report the outcome.  msg_ok checks that the message
-- is exactly 'invalid input syntax for type rare_lot: "<literal>"'.
CREATE FUNCTION pg_temp.try_lot(lit text, OUT state text, OUT msg_ok bool,
                                OUT detail text)
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
BEGIN
    PERFORM lit::rare_trace.rare_lot;
    state := 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE,
                            msg = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
    msg_ok := msg = format('invalid input syntax for type rare_lot: "%s"', lit);
END;
$$;

-- code: empty, missing form or mass, shape, country, enterprise, lot number
-- (the literal is shown as JSON so that control characters stay readable)
SELECT n, class, to_json(lit) AS lit, (pg_temp.try_lot(lit)).*
FROM (VALUES
    (1, 'empty', ''),
    (2, 'empty', '    '),
    (3, 'empty', E'\t\n\r\f'),
    (4, 'missing form', 'CN-NRE-B1'),
    (5, 'missing form', '  CN-NRE-B1  '),
    (6, 'missing mass', 'CN-NRE-B1 oxide'),
    (7, 'missing mass', 'CN-NRE-B1 oxide   '),
    (8, 'code shape', 'CNNREB1 oxide 1kg'),
    (9, 'code shape', 'CN-NREB1 oxide 1kg'),
    (10, 'code shape', 'oxide 1kg Nd=5%'),
    (11, 'country syntax', 'CHN-NRE-B1 oxide 1kg'),
    (12, 'country syntax', 'C1-NRE-B1 oxide 1kg'),
    (13, 'country syntax', '-NRE-B1 oxide 1kg'),
    (14, 'country unassigned', 'XX-NRE-B1 oxide 1kg'),
    (15, 'country unassigned', 'eu-NRE-B1 oxide 1kg'),
    (16, 'country unassigned', 'UK-NRE-B1 oxide 1kg'),
    (17, 'country unassigned', 'ZZ-NRE-B1 oxide 1kg'),
    (18, 'enterprise length', 'CN-N-B1 oxide 1kg'),
    (19, 'enterprise length', 'CN--B1 oxide 1kg'),
    (20, 'enterprise length', 'CN-ABCDEFGHIJKLMNOPQ-B1 oxide 1kg'),
    (21, 'enterprise char', 'CN-NR_E-B1 oxide 1kg'),
    (22, 'enterprise char', 'CN-NR.E-B1 oxide 1kg'),
    (23, 'lot length', 'CN-NRE- oxide 1kg'),
    (24, 'lot length', 'CN-NRE-ABCDEFGHIJ01234567890 oxide 1kg'),
    (25, 'lot char', 'CN-NRE-B#1 oxide 1kg'),
    (26, 'lot char', 'CN-NRE-B-1 oxide 1kg'),
    (27, 'lot char', 'CN-NRE-B/1 oxide 1kg')
) AS t(n, class, lit)
ORDER BY n;

-- form and mass
SELECT n, class, lit, (pg_temp.try_lot(lit)).*
FROM (VALUES
    (30, 'form unknown', 'CN-NRE-B1 powder 1kg'),
    (31, 'form unknown', 'CN-NRE-B1 oxides 1kg'),
    (32, 'form unknown', 'CN-NRE-B1 1kg oxide'),
    (33, 'mass syntax', 'CN-NRE-B1 oxide kg'),
    (34, 'mass syntax', 'CN-NRE-B1 oxide -5kg'),
    (35, 'mass syntax', 'CN-NRE-B1 oxide 1,5kg'),
    (36, 'mass syntax', 'CN-NRE-B1 oxide 1.2.3kg'),
    (37, 'mass unit', 'CN-NRE-B1 oxide 5'),
    (38, 'mass unit', 'CN-NRE-B1 oxide 5 kg'),
    (39, 'mass unit', 'CN-NRE-B1 oxide 5lb'),
    (40, 'mass unit', 'CN-NRE-B1 oxide 5kgs'),
    (41, 'mass unit', 'CN-NRE-B1 oxide 5mg'),
    (42, 'mass unit', 'CN-NRE-B1 oxide 1e3kg'),
    (43, 'mass zero', 'CN-NRE-B1 oxide 0kg'),
    (44, 'mass zero', 'CN-NRE-B1 oxide 0.000t'),
    (45, 'mass zero', 'CN-NRE-B1 oxide 0g'),
    (46, 'mass below gram', 'CN-NRE-B1 oxide 0.5g'),
    (47, 'mass below gram', 'CN-NRE-B1 oxide 0.0001kg'),
    (48, 'mass below gram', 'CN-NRE-B1 oxide 0.0000001t'),
    (49, 'mass finer than gram', 'CN-NRE-B1 oxide 1.5g'),
    (50, 'mass finer than gram', 'CN-NRE-B1 oxide 1.0001kg'),
    (51, 'mass finer than gram', 'CN-NRE-B1 oxide 2.0000005t'),
    (52, 'mass too large', 'CN-NRE-B1 oxide 1000000000000.001kg'),
    (53, 'mass too large', 'CN-NRE-B1 oxide 1000000001t'),
    (54, 'mass too large', 'CN-NRE-B1 oxide 1000000000000001g'),
    (55, 'mass too large', 'CN-NRE-B1 oxide 99999999999999999999999999kg')
) AS t(n, class, lit)
ORDER BY n;

-- composition
SELECT n, class, lit, (pg_temp.try_lot(lit)).*
FROM (VALUES
    (60, 'composition syntax', 'CN-NRE-B1 oxide 1kg Nd'),
    (61, 'composition syntax', 'CN-NRE-B1 oxide 1kg Nd=5'),
    (62, 'composition syntax', 'CN-NRE-B1 oxide 1kg =5%'),
    (63, 'composition syntax', 'CN-NRE-B1 oxide 1kg Nd=%'),
    (64, 'composition syntax', 'CN-NRE-B1 oxide 1kg Nd:5%'),
    (65, 'composition syntax', 'CN-NRE-B1 oxide 1kg Nd = 5%'),
    (66, 'element unknown', 'CN-NRE-B1 oxide 1kg Xx=5%'),
    (67, 'element unknown', 'CN-NRE-B1 oxide 1kg Fe=5%'),
    (68, 'element unknown', 'CN-NRE-B1 oxide 1kg Neodymium=5%'),
    (69, 'element unknown', 'CN-NRE-B1 oxide 1kg N=5%'),
    (70, 'pct syntax', 'CN-NRE-B1 oxide 1kg Nd=abc%'),
    (71, 'pct syntax', 'CN-NRE-B1 oxide 1kg Nd=-5%'),
    (72, 'pct syntax', 'CN-NRE-B1 oxide 1kg Nd=5%%'),
    (73, 'pct syntax', 'CN-NRE-B1 oxide 1kg Nd=1e1%'),
    (74, 'pct syntax', 'CN-NRE-B1 oxide 1kg Nd=.%'),
    (75, 'pct zero', 'CN-NRE-B1 oxide 1kg Nd=0%'),
    (76, 'pct zero', 'CN-NRE-B1 oxide 1kg Nd=0.0000%'),
    (77, 'pct decimals', 'CN-NRE-B1 oxide 1kg Nd=1.23456%'),
    (78, 'pct decimals', 'CN-NRE-B1 oxide 1kg Nd=0.00001%'),
    (79, 'pct too large', 'CN-NRE-B1 oxide 1kg Nd=100.0001%'),
    (80, 'pct too large', 'CN-NRE-B1 oxide 1kg Nd=101%'),
    (81, 'pct too large', 'CN-NRE-B1 oxide 1kg Nd=100000000000000000000000%'),
    (82, 'duplicate', 'CN-NRE-B1 oxide 1kg Nd=1% Nd=1%'),
    (83, 'duplicate', 'CN-NRE-B1 oxide 1kg Nd=1% Pr=1% nD=2%'),
    (84, 'sum', 'CN-NRE-B1 oxide 1kg Nd=60% Pr=40.0001%'),
    (85, 'sum', 'CN-NRE-B1 oxide 1kg La=50% Ce=50% Pr=0.0001%'),
    (86, 'sum', 'CN-NRE-B1 oxide 1kg Sc=100% Y=100% La=100% Ce=100% Pr=100% Nd=100% Pm=100% Sm=100% Eu=100% Gd=100% Tb=100% Dy=100% Ho=100% Er=100% Tm=100% Yb=100% Lu=100%')
) AS t(n, class, lit)
ORDER BY n;

-- The first bad part, reading left to right, is the one reported.
SELECT n, lit, (pg_temp.try_lot(lit)).*
FROM (VALUES
    (90, 'XX-N-B# powder 0kg Fe=0%'),
    (91, 'CN-N-B# powder 0kg Fe=0%'),
    (92, 'CN-NRE-B# powder 0kg Fe=0%'),
    (93, 'CN-NRE-B1 powder 0kg Fe=0%'),
    (94, 'CN-NRE-B1 oxide 0kg Fe=0%'),
    (95, 'CN-NRE-B1 oxide 1kg Fe=0%'),
    (96, 'CN-NRE-B1 oxide 1kg Nd=0% Fe=1%'),
    (97, 'CN-NRE-B1 oxide 1kg Nd=60% Nd=50% Fe=1%')
) AS t(n, lit)
ORDER BY n;

-- A failing INSERT of a bad literal changes nothing.
CREATE TABLE lot_err (n int PRIMARY KEY, lot rare_lot NOT NULL);
INSERT INTO lot_err VALUES (1, 'CN-NRE-B1 oxide 1kg Nd=1%');
INSERT INTO lot_err VALUES (2, 'CN-NRE-B2 oxide 2kg'), (3, 'CN-NRE-B3 oxide 3kg Nd=101%');
INSERT INTO lot_err SELECT i, ('CN-NRE-B' || i || ' oxide ' || i || 'kg')::rare_lot
FROM generate_series(4, 10) AS i
UNION ALL SELECT 11, 'CN-NRE-B11 oxide 0.5g'::text::rare_lot;
UPDATE lot_err SET lot = ('CN-NRE-B1 oxide 1kg Nd=1% ' || 'Nd=2%')::rare_lot WHERE n = 1;
SELECT n, lot FROM lot_err ORDER BY n;
DROP TABLE lot_err;
