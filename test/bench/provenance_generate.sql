-- test/bench/provenance_generate.sql: a deterministic 5-layer supply-chain
-- DAG of exactly :flows flows, for test/bench/provenance_bench.sh.
-- Creates schema rt_pb (dropped first) with:
--   rt_pb.node  one row per lot (layer, code, form, country, mass, element %)
--   rt_pb.flow  the ledger the benchmark reads: (parent rare_lot,
--               child rare_lot, kg numeric) plus the two codes as stored
--               generated columns (COLLATE "C"), indexed on child_code
--   rt_pb.info  the counts per layer and the magnet of the one-magnet case
--
-- No random(): every "random" figure is hashint8() of (id, purpose), so the
-- data do not depend on the seed, the plan or parallelism.
--
-- Shape (fan-in dg, da, dt = 5, 5, 4 unless set with psql -v; G magnets,
-- G = round(flows / (2 (dg + dg da / 2 + dg da dt / 4))), flows / 85 by default):
--   layer 4  G magnet lots (JP, DE), 2-20 t, each made from dg alloy lots
--   layer 3  A = ceil(dg G / 2) alloy lots (CN, JP, VN), each from da metal lots
--   layer 2  T = ceil(da A / 2) NdPr metal lots (CN, VN), each from dt oxide lots
--   layer 1  S = 12 separation oxide lots (CN, MY), each from thousands of
--            mine lots: the "few separators" where everything mixes
--   layer 0  mine lots (ore / concentrate; CN, AU, US, MM, LA, BR, VN, IN),
--            two thirds ship to one separator, one third to two; their
--            number is what is left of the flow budget (about half of it)
-- Parents are picked by slot arithmetic (slot * 1000003 mod count), so every
-- lot of layers 0-3 feeds at least one child (no stray sinks), no pair is
-- linked twice, and alloy and metal lots feed about 2 children each.  So a
-- magnet reaches the separators through dg da dt (100) paths, every
-- separator input through dg da dt / S (about 8) of them: root-to-magnet
-- paths grow like flows / S per magnet, like flows^2 over all magnets.
--
-- Masses are set from the magnets backwards (each lot's inputs supply what
-- it needs: alloy -> magnet 1/0.97 of the magnet, metal -> alloy 31 % of the
-- alloy (the rest is Fe and B, not traced), oxide -> metal 1.17x, mine ->
-- oxide 4.5x; every lot's mass is 1-10 % above its outflows, mines 1-50 %),
-- then element percentages forwards (a processed lot holds 98 % of the Pr,
-- Nd, Tb, Dy its inputs supplied; La, Ce and Y are separated out at layer
-- 1), so there is no double counting, no unexplained material and no
-- transshipment: the aggregate reports no issue.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS rt_pb CASCADE;
CREATE SCHEMA rt_pb;

-- a deterministic number in [0, 1) for key k
CREATE FUNCTION rt_pb.r(k bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (hashint8(k)::float8 + 2147483648.0) / 4294967296.0;

-- fan-in (inputs per lot): magnet <- alloy, alloy <- metal, metal <- oxide;
-- psql -v dg=.. -v da=.. -v dt=.. overrides the default 5, 5, 4
\if :{?dg}
\else
\set dg 5
\endif
\if :{?da}
\else
\set da 5
\endif
\if :{?dt}
\else
\set dt 4
\endif
-- G magnets so that about half of the flows are mine -> separator flows
SELECT greatest(1, round(:flows / (2.0 * (:dg + :da * :dg / 2.0 + :dt * :da * :dg / 4.0))))::int AS g \gset
SELECT ceil(:dg * :g / 2.0)::int AS a \gset
SELECT ceil(:da * :a / 2.0)::int AS t, 12 AS s \gset
SELECT :flows - :dg * :g - :da * :a - :dt * :t AS em \gset
SELECT ceil(2 * :em / 3.0)::int AS mn \gset
SELECT :em - :mn AS two \gset
SELECT set_config('rt_pb.shape_ok', (:em >= :s AND :two >= 0 AND :dt <= :s
                                     AND least(:dg, :da, :dt) >= 1)::text, false) AS shape_ok \gset
DO $$BEGIN
    IF NOT current_setting('rt_pb.shape_ok')::bool THEN
        RAISE EXCEPTION 'provenance bench: too few flows for the DAG''s shape, or a fan-in out of range (1..12 oxide lots per metal lot)';
    END IF;
END$$;

-- node ids: mines 1..mn, separators, metals, alloys, magnets (in that order)
SELECT :mn AS o1, :mn + :s AS o2, :mn + :s + :t AS o3, :mn + :s + :t + :a AS o4 \gset

CREATE UNLOGGED TABLE rt_pb.node (
    id      int PRIMARY KEY,
    layer   int NOT NULL,
    idx     int NOT NULL,           -- position within the layer, from 0
    country text NOT NULL,
    ent     text NOT NULL,
    form    text NOT NULL,
    lotno   text NOT NULL,
    mass    numeric,                -- kg, 3 decimals
    la numeric, ce numeric, pr numeric, nd numeric, tb numeric, dy numeric, y numeric
);
CREATE UNLOGGED TABLE rt_pb.edge (parent int NOT NULL, child int NOT NULL, kg numeric NOT NULL);

-- lots: country and enterprise by layer, weighted
INSERT INTO rt_pb.node (id, layer, idx, country, ent, form, lotno)
SELECT 1 + i, 0, i, c.country, c.ent,
       CASE WHEN rt_pb.r(i * 64 + 2) < 0.2 THEN 'ore' ELSE 'concentrate' END,
       CASE WHEN rt_pb.r(i * 64 + 2) < 0.2 THEN 'O' ELSE 'C' END || (2019 + i % 6) || lpad(i::text, 7, '0')
FROM generate_series(0, :mn - 1) AS i,
     LATERAL (SELECT (ARRAY['CN','CN','CN','CN','CN','CN','AU','AU','AU','AU','US','US','US',
                            'MM','MM','MM','LA','BR','VN','IN'])[1 + floor(rt_pb.r(i * 64 + 1) * 20)::int] AS country) AS k,
     LATERAL (SELECT k.country,
                     CASE k.country
                         WHEN 'CN' THEN (ARRAY['BAOTOU','GANZHOU','SICHUAN'])[1 + i % 3]
                         WHEN 'AU' THEN (ARRAY['LYNAS','ILUKA','ARAFURA'])[1 + i % 3]
                         WHEN 'US' THEN 'MPMAT'
                         WHEN 'MM' THEN 'KACHIN' || (1 + i % 9)
                         WHEN 'LA' THEN 'LAOREE'
                         WHEN 'BR' THEN 'SERRAV'
                         WHEN 'VN' THEN 'DONGPAO'
                         ELSE 'IREL' END AS ent) AS c;
INSERT INTO rt_pb.node (id, layer, idx, country, ent, form, lotno)
SELECT :o1 + 1 + i, 1, i, (ARRAY['CN','CN','MY'])[1 + i % 3],
       (ARRAY['NRE','CHINALCO','LYNASMY'])[1 + i % 3], 'oxide', 'S' || lpad(i::text, 7, '0')
FROM generate_series(0, :s - 1) AS i;
INSERT INTO rt_pb.node (id, layer, idx, country, ent, form, lotno)
SELECT :o2 + 1 + i, 2, i, x.country, x.ent, 'metal', 'T' || lpad(i::text, 7, '0')
FROM generate_series(0, :t - 1) AS i,
     LATERAL (SELECT CASE WHEN rt_pb.r(i * 64 + 1) < 0.7 THEN 'CN' ELSE 'VN' END AS country) AS k,
     LATERAL (SELECT k.country, CASE k.country WHEN 'CN' THEN 'BAOTOUMET' ELSE 'VTRE' END AS ent) AS x;
INSERT INTO rt_pb.node (id, layer, idx, country, ent, form, lotno)
SELECT :o3 + 1 + i, 3, i, x.country, x.ent, 'alloy', 'A' || lpad(i::text, 7, '0')
FROM generate_series(0, :a - 1) AS i,
     LATERAL (SELECT (ARRAY['CN','CN','JP','VN'])[1 + floor(rt_pb.r(i * 64 + 1) * 4)::int] AS country) AS k,
     LATERAL (SELECT k.country, CASE k.country WHEN 'CN' THEN 'JLMAG' WHEN 'JP' THEN 'SANTOKU' ELSE 'VTRE' END AS ent) AS x;
INSERT INTO rt_pb.node (id, layer, idx, country, ent, form, lotno, mass)
SELECT :o4 + 1 + i, 4, i, x.country, x.ent, 'magnet', 'G' || lpad(i::text, 7, '0'),
       round((2000 + 18000 * rt_pb.r(i * 64 + 3))::numeric, 3)
FROM generate_series(0, :g - 1) AS i,
     LATERAL (SELECT CASE WHEN rt_pb.r(i * 64 + 1) < 0.6 THEN 'JP' ELSE 'DE' END AS country) AS k,
     LATERAL (SELECT k.country, CASE k.country WHEN 'JP' THEN (ARRAY['SHINETSU','TDK','PROTERIAL'])[1 + i % 3]
                                               ELSE 'VAC' END AS ent) AS x;

-- One layer of flows, backwards: the inputs of every lot of layer :cl,
-- :d of them from layer :pl (:pn lots from id :po + 1), supplying :need
-- times the child's mass, split by weights 0.5-1.5; then the parents'
-- masses: their outflows plus 1-10 %.
\set cl 4
\set pl 3
\set pn :a
\set po :o3
\set d :dg
\set need 1.0 / 0.97
\ir provenance_layer.sql
\set cl 3
\set pl 2
\set pn :t
\set po :o2
\set d :da
\set need 0.31
\ir provenance_layer.sql
\set cl 2
\set pl 1
\set pn :s
\set po :o1
\set d :dt
\set need 1.17
\ir provenance_layer.sql

-- mines -> separators: mine i ships to separator i mod S, and the first
-- :two mines also to a second one; each separator's need (4.5x its mass)
-- is split over its mines by weight
INSERT INTO rt_pb.edge
WITH me AS (
    SELECT 1 + i AS parent, :o1 + 1 + i % :s AS child, rt_pb.r(i * 64 + 10) AS w
    FROM generate_series(0, :mn - 1) AS i
    UNION ALL
    SELECT 1 + i, :o1 + 1 + (i + 1 + (i / :s) % (:s - 1)) % :s, rt_pb.r(i * 64 + 11)
    FROM generate_series(0, :two - 1) AS i
)
SELECT me.parent, me.child,
       greatest(round((n.mass * 4.5 * (0.5 + me.w) / sum(0.5 + me.w) OVER (PARTITION BY me.child))::numeric, 3), 0.001)
FROM me JOIN rt_pb.node AS n ON n.id = me.child;
UPDATE rt_pb.node AS n
SET mass = round(o.out_kg * (1.01 + 0.49 * rt_pb.r(n.id::bigint * 64 + 5))::numeric, 3)
FROM (SELECT parent, sum(kg) AS out_kg FROM rt_pb.edge GROUP BY parent) AS o
WHERE n.layer = 0 AND o.parent = n.id;

-- mine compositions: hard rock (bastnaesite / monazite) is La-Ce rich; the
-- ionic clays of MM, LA and CN-GANZHOU carry Dy, Tb and Y; ore is a third
-- as rich as concentrate
UPDATE rt_pb.node AS n
SET la = trunc((q.f * q.la)::numeric, 4), ce = trunc((q.f * q.ce)::numeric, 4),
    pr = trunc((q.f * q.pr)::numeric, 4), nd = trunc((q.f * q.nd)::numeric, 4),
    tb = nullif(trunc((q.f * q.tb)::numeric, 4), 0), dy = nullif(trunc((q.f * q.dy)::numeric, 4), 0),
    y = nullif(trunc((q.f * q.y)::numeric, 4), 0)
FROM (
    SELECT id,
           CASE form WHEN 'ore' THEN 0.33 ELSE 1.0 END AS f,
           20 + 10 * rt_pb.r(id * 64 + 20) AS la,
           CASE WHEN clay THEN 1 + 4 * rt_pb.r(id * 64 + 21) ELSE 38 + 10 * rt_pb.r(id * 64 + 21) END AS ce,
           4 + 1.5 * rt_pb.r(id * 64 + 22) AS pr,
           CASE WHEN clay THEN 15 + 5 * rt_pb.r(id * 64 + 23) ELSE 11 + 5 * rt_pb.r(id * 64 + 23) END AS nd,
           CASE WHEN clay THEN 0.3 + 0.5 * rt_pb.r(id * 64 + 24) ELSE 0 END AS tb,
           CASE WHEN clay THEN 2 + 3 * rt_pb.r(id * 64 + 25) ELSE 0 END AS dy,
           CASE WHEN clay THEN 15 + 15 * rt_pb.r(id * 64 + 26) ELSE 0 END AS y
    FROM (SELECT id, form, country IN ('MM', 'LA') OR ent = 'GANZHOU' AS clay
          FROM rt_pb.node WHERE layer = 0) AS m
) AS q
WHERE n.id = q.id;

-- compositions forwards, layer by layer: 98 % of the Pr, Nd, Tb, Dy the
-- inputs supplied, scaled down if the sum would pass 99.9 %
\set cl 1
\ir provenance_comp.sql
\set cl 2
\ir provenance_comp.sql
\set cl 3
\ir provenance_comp.sql
\set cl 4
\ir provenance_comp.sql

-- the ledger
CREATE FUNCTION rt_pb.lot_text(n rt_pb.node) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN n.country || '-' || n.ent || '-' || n.lotno || ' ' || n.form || ' ' || n.mass || 'kg'
       || coalesce(' La=' || nullif(n.la, 0) || '%', '') || coalesce(' Ce=' || nullif(n.ce, 0) || '%', '')
       || coalesce(' Pr=' || nullif(n.pr, 0) || '%', '') || coalesce(' Nd=' || nullif(n.nd, 0) || '%', '')
       || coalesce(' Tb=' || nullif(n.tb, 0) || '%', '') || coalesce(' Dy=' || nullif(n.dy, 0) || '%', '')
       || coalesce(' Y=' || nullif(n.y, 0) || '%', '');

CREATE TABLE rt_pb.flow (
    parent      rare_trace.rare_lot NOT NULL,
    child       rare_trace.rare_lot NOT NULL,
    kg          numeric NOT NULL,
    -- codes are ASCII identifiers: byte order (COLLATE "C") is the right
    -- one, and makes the joins and the index on them cheaper
    parent_code text COLLATE "C" GENERATED ALWAYS AS (rare_trace.lot_code(parent)) STORED,
    child_code  text COLLATE "C" GENERATED ALWAYS AS (rare_trace.lot_code(child)) STORED
) WITH (autovacuum_enabled = off);
-- in ledger order: upstream flows first
INSERT INTO rt_pb.flow (parent, child, kg)
SELECT rt_pb.lot_text(p)::rare_trace.rare_lot, rt_pb.lot_text(c)::rare_trace.rare_lot, e.kg
FROM rt_pb.edge AS e
JOIN rt_pb.node AS p ON p.id = e.parent
JOIN rt_pb.node AS c ON c.id = e.child
ORDER BY c.layer, e.child, e.parent;
CREATE INDEX ON rt_pb.flow (child_code);     -- walking upstream
DROP TABLE rt_pb.edge;

-- the magnets, and the one the single-magnet case follows (the middle one)
CREATE TABLE rt_pb.magnet AS
SELECT n.id, n.country || '-' || n.ent || '-' || n.lotno AS code
FROM rt_pb.node AS n WHERE n.layer = 4;
SELECT code AS one_magnet FROM rt_pb.magnet ORDER BY id OFFSET (:g / 2) LIMIT 1 \gset
CREATE TABLE rt_pb.info AS
SELECT :flows::bigint AS flows, (SELECT count(*) FROM rt_pb.flow) AS flow_rows,
       (SELECT count(*) FROM rt_pb.node) AS lots, :mn AS mines, :s AS separators,
       :t AS metals, :a AS alloys, :g AS magnets, :'one_magnet'::text AS one_magnet;
VACUUM ANALYZE rt_pb.flow;
ANALYZE rt_pb.node;
ANALYZE rt_pb.magnet;
