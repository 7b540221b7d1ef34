--
-- lot_copy: text, CSV and binary COPY round trips, and the checks of the
-- binary receive function (rare_lot_recv), driven through binary COPY FROM
-- files written by the test itself.
--
-- Files go to results/, which pg_regress creates in its working directory
-- (the repository root, where psql's \copy resolves relative paths).
--
SET search_path = rare_trace, public;

-- Source lots: the examples of the specification, boundary values and 1000
-- generated lots covering every country below, every form, masses from 1 g
-- upward and zero to two elements.
CREATE TABLE lot_src (id int PRIMARY KEY, lot rare_lot NOT NULL);
INSERT INTO lot_src VALUES
    (1, 'CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%'),
    (2, 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'),
    (3, 'DE-VAC-M77 magnet 12.5kg Pr=6.1% Nd=22.8% Tb=0.5% Dy=3.9%'),
    (4, 'JP-SHN-X1 scrap 300g'),
    (5, 'CN-ABCDEFGHIJKLMNOP-ABCDEFGHIJ0123456789 ore 1000000000000kg Sc=100%'),
    (6, 'AU-LY-._ alloy 1g Lu=0.0001%'),
    (7, 'CN-AB-1 oxide 1kg Lu=1% Yb=2% Tm=3% Er=4% Ho=5% Dy=6% Tb=7% Gd=8% Eu=9% Sm=10% Pm=0.5% Nd=11% Pr=12% Ce=13% La=1.5% Y=2% Sc=5%');
INSERT INTO lot_src
SELECT 100 + i,
       format('%s-E%s-L%s.%s %s %sg%s%s',
              (ARRAY['CN','US','AU','MY','DE','JP','VN','BR'])[i % 8 + 1],
              i % 13, i, i % 7,
              (ARRAY['ore','concentrate','compound','oxide','metal','alloy','magnet','scrap'])[(i / 8) % 8 + 1],
              (i::bigint * 7919) % 1000003 + 1,
              CASE WHEN i % 5 > 0
                   THEN format(' %s=%s%%', (ARRAY['Sc','Y','La','Ce','Pr','Nd','Pm','Sm','Eu','Gd','Tb','Dy','Ho','Er','Tm','Yb','Lu'])[i % 17 + 1],
                               (i % 4000 + 1) / 100.0)
                   ELSE '' END,
              CASE WHEN i % 3 > 0
                   THEN format(' %s=%s%%', (ARRAY['Sc','Y','La','Ce','Pr','Nd','Pm','Sm','Eu','Gd','Tb','Dy','Ho','Er','Tm','Yb','Lu'])[(i + 1 + i % 15) % 17 + 1],
                               (i % 9999 + 1) / 10000.0)
                   ELSE '' END)::rare_lot
FROM generate_series(1, 1000) AS i;

SELECT count(*) AS lots,
       count(DISTINCT lot_country(lot)) AS countries,
       count(DISTINCT lot_form(lot)) AS forms,
       min(cardinality(elements(lot))) AS min_elements,
       max(cardinality(elements(lot))) AS max_elements,
       min(lot_mass_kg(lot)) AS min_kg,
       max(lot_mass_kg(lot)) AS max_kg
FROM lot_src;

-- a few of the generated lots, to see what they look like
SELECT id, lot FROM lot_src WHERE id IN (101, 102, 103, 105, 115, 1100) ORDER BY id;

--
-- Text format
--
\copy lot_src TO 'results/lot_copy.txt'
CREATE TABLE lot_dst (id int PRIMARY KEY, lot rare_lot NOT NULL);
\copy lot_dst FROM 'results/lot_copy.txt'
SELECT count(*) AS src, count(d.id) AS copied,
       count(*) FILTER (WHERE d.lot = s.lot) AS equal,
       count(*) FILTER (WHERE d.lot::text = s.lot::text) AS same_text
FROM lot_src s LEFT JOIN lot_dst d USING (id);

--
-- CSV
--
TRUNCATE lot_dst;
\copy lot_src TO 'results/lot_copy.csv' WITH (FORMAT csv, HEADER)
\copy lot_dst FROM 'results/lot_copy.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS src, count(d.id) AS copied,
       count(*) FILTER (WHERE d.lot = s.lot) AS equal
FROM lot_src s LEFT JOIN lot_dst d USING (id);

-- A bad line in a text COPY stops it, naming the line; nothing is loaded.
TRUNCATE lot_dst;
\copy (SELECT id, lot::text FROM lot_src WHERE id <= 3 UNION ALL SELECT 4, 'JP-SHN-X1 scrap 0.3g' UNION ALL SELECT 5, 'AU-LY-1 ore 1t' ORDER BY 1) TO 'results/lot_copy_bad.txt'
\copy lot_dst FROM 'results/lot_copy_bad.txt'
SELECT count(*) AS loaded FROM lot_dst;

--
-- Binary format
--
TRUNCATE lot_dst;
\copy lot_src TO 'results/lot_copy.bin' WITH (FORMAT binary)
\copy lot_dst FROM 'results/lot_copy.bin' WITH (FORMAT binary)
SELECT count(*) AS src, count(d.id) AS copied,
       count(*) FILTER (WHERE d.lot = s.lot) AS equal,
       count(*) FILTER (WHERE rare_lot_send(d.lot) = rare_lot_send(s.lot)) AS same_bytes
FROM lot_src s LEFT JOIN lot_dst d USING (id);

-- The binary layout (see rare_lot_recv): version 1, flags 0, country,
-- enterprise length + bytes, lot length + bytes, form, int64 grams, element
-- count, then (atomic number, int32 ppm) pairs.  For lot 1: "CN", 3 "NRE",
-- 11 "B2025000123", form 3 (oxide), 1000000 g = 0x0f4240, 2 elements:
-- Pr (59 = 0x3b) 1000 ppm = 0x3e8 and Nd (60 = 0x3c) 853000 ppm = 0x0d0408.
SELECT rare_lot_send(lot) FROM lot_src WHERE id = 1;

--
-- Binary input is checked as strictly as text input.  Each payload below is
-- written as the single field of a binary COPY file (by COPYing a bytea
-- column) and read back into a rare_lot column, which calls rare_lot_recv on
-- exactly those bytes.
--
CREATE FUNCTION pg_temp.b1(x int) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT set_byte('\x00'::bytea, 0, x) $$;

-- Assemble a payload; cc, ent and lotno are raw bytes.
CREATE FUNCTION pg_temp.lot_bin(cc bytea, ent bytea, lotno bytea, form int,
                                grams bigint, zs int[] DEFAULT '{}',
                                ppms int[] DEFAULT '{}', ver int DEFAULT 1,
                                flags int DEFAULT 0)
RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
SELECT pg_temp.b1(ver) || pg_temp.b1(flags) || cc
       || pg_temp.b1(length(ent)) || ent
       || pg_temp.b1(length(lotno)) || lotno
       || pg_temp.b1(form) || int8send(grams)
       || pg_temp.b1(coalesce(cardinality(zs), 0))
       || coalesce((SELECT string_agg(pg_temp.b1(z) || int4send(p), ''::bytea ORDER BY o)
                    FROM unnest(zs, ppms) WITH ORDINALITY AS u(z, p, o)), ''::bytea)
$$;

-- The assembler agrees with rare_lot_send.
SELECT pg_temp.lot_bin('CN', 'NRE', 'B2025000123', 3, 1000000, '{59,60}', '{1000,853000}')
       = rare_lot_send('CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%') AS same_as_send,
       pg_temp.lot_bin('JP', 'SHN', 'X1', 7, 300)
       = rare_lot_send('JP-SHN-X1 scrap 300g') AS same_as_send_no_elements;

-- Cases 35-37: bytes outside ASCII are refused before the code parser sees
-- them (its details quote the bad part, and must stay valid in the
-- database encoding); a control byte such as a tab is quoted as it is.
CREATE TABLE lot_recv_case (id int PRIMARY KEY, what text NOT NULL, payload bytea NOT NULL);
INSERT INTO lot_recv_case VALUES
    (1, 'version 0', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, ver => 0)),
    (2, 'version 2', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, ver => 2)),
    (3, 'flags 1', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, flags => 1)),
    (4, 'country unassigned', pg_temp.lot_bin('XX', 'NRE', 'B1', 3, 1000)),
    (5, 'country syntax', pg_temp.lot_bin('1N', 'NRE', 'B1', 3, 1000)),
    (6, 'country lower case', pg_temp.lot_bin('cn', 'NRE', 'B1', 3, 1000)),
    (7, 'enterprise lower case', pg_temp.lot_bin('CN', 'nre', 'B1', 3, 1000)),
    (8, 'lot lower case', pg_temp.lot_bin('CN', 'NRE', 'b1', 3, 1000)),
    (9, 'enterprise 17 bytes', pg_temp.lot_bin('CN', 'ABCDEFGHIJKLMNOPQ', 'B1', 3, 1000)),
    (10, 'enterprise 1 byte', pg_temp.lot_bin('CN', 'N', 'B1', 3, 1000)),
    (11, 'enterprise char', pg_temp.lot_bin('CN', 'N_E', 'B1', 3, 1000)),
    (12, 'enterprise with dash', pg_temp.lot_bin('CN', 'NR-E', 'B1', 3, 1000)),
    (13, 'lot 21 bytes', pg_temp.lot_bin('CN', 'NRE', 'ABCDEFGHIJ01234567890', 3, 1000)),
    (14, 'lot 0 bytes', pg_temp.lot_bin('CN', 'NRE', '', 3, 1000)),
    (15, 'lot char', pg_temp.lot_bin('CN', 'NRE', 'B#1', 3, 1000)),
    (16, 'zero byte in lot', pg_temp.lot_bin('CN', 'NRE', '\x420031'::bytea, 3, 1000)),
    (35, 'byte 0xff in enterprise', pg_temp.lot_bin('CN', '\xff5245'::bytea, 'B1', 3, 1000)),
    (36, 'UTF-8 e-acute in lot', pg_temp.lot_bin('CN', 'NRE', '\x42c3a9'::bytea, 3, 1000)),
    (37, 'tab in lot', pg_temp.lot_bin('CN', 'NRE', '\x420931'::bytea, 3, 1000)),
    (17, 'form 8', pg_temp.lot_bin('CN', 'NRE', 'B1', 8, 1000)),
    (18, 'form 255', pg_temp.lot_bin('CN', 'NRE', 'B1', 255, 1000)),
    (19, 'mass 0 g', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 0)),
    (20, 'mass -1000 g', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, -1000)),
    (21, 'mass 10^15 + 1 g', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000000000000001)),
    (22, 'Fe (26)', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{26}', '{10000}')),
    (23, 'atomic number 0', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{0}', '{10000}')),
    (24, '0 ppm', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60}', '{0}')),
    (25, '1000001 ppm', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60}', '{1000001}')),
    (26, '0xffffffff ppm', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60}', '{-1}')),
    (27, 'duplicate Nd', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60,59,60}', '{10000,10000,20000}')),
    (28, 'sum 100.0001 %', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60,59}', '{600000,400001}')),
    (29, '18 entries', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000) || '\x00'::bytea),
    (30, 'truncated entry list', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60}', '{10000}')),
    (31, 'truncated after flags', '\x0100'::bytea),
    (32, 'trailing byte', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000) || '\x00'::bytea),
    (33, 'unsorted elements (accepted)', pg_temp.lot_bin('CN', 'NRE', 'B1', 3, 1000, '{60,57}', '{10000,20000}')),
    (34, 'largest values (accepted)', pg_temp.lot_bin('CN', 'ABCDEFGHIJKLMNOP', 'ABCDEFGHIJ0123456789', 7, 1000000000000000, '{71}', '{1000000}'));
-- case 29: overwrite the element count (last byte) with 18
UPDATE lot_recv_case SET payload = overlay(payload PLACING '\x12'::bytea FROM length(payload) - 1 FOR 1) WHERE id = 29;
-- case 30: claim two entries, give one
UPDATE lot_recv_case SET payload = overlay(payload PLACING '\x02'::bytea FROM length(payload) - 5 FOR 1) WHERE id = 30;
SELECT id, what, payload FROM lot_recv_case ORDER BY id;

CREATE TABLE lot_recv (lot rare_lot);

\copy (SELECT payload FROM lot_recv_case WHERE id = 1) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 2) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 3) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 4) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 5) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 6) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 7) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 8) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 9) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 10) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 11) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 12) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 13) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 14) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 15) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 16) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 35) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 36) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 37) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 17) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 18) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 19) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 20) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 21) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 22) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 23) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 24) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 25) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 26) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 27) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 28) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 29) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 30) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 31) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 32) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
-- nothing has been loaded so far
SELECT count(*) AS loaded FROM lot_recv;

-- The accepted payloads: the composition is stored in atomic-number order,
-- so the value equals (and sends the same bytes as) its text form.
\copy (SELECT payload FROM lot_recv_case WHERE id = 33) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 34) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
SELECT lot,
       lot = lot::text::rare_lot AS equals_text_form,
       rare_lot_send(lot) = rare_lot_send(lot::text::rare_lot) AS same_bytes
FROM lot_recv ORDER BY lot;

-- SQLSTATEs of the binary errors, one case per code path: checks of the
-- receive function (22P03), checks shared with the text parser (22P03), a
-- payload that ends early (08P01, from the message reader) and one with
-- bytes left over (22P03, from COPY).  psql does not set SQLSTATE after
-- \copy, so these use VERBOSITY sqlstate.
\set VERBOSITY sqlstate
\copy (SELECT payload FROM lot_recv_case WHERE id = 2) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 4) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 28) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 30) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\copy (SELECT payload FROM lot_recv_case WHERE id = 32) TO 'results/lot_recv.bin' WITH (FORMAT binary)
\copy lot_recv FROM 'results/lot_recv.bin' WITH (FORMAT binary)
\set VERBOSITY default

DROP TABLE lot_src, lot_dst, lot_recv_case, lot_recv;
