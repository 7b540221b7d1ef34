-- test/bench/generate.sql: generate :rows realistic lots into the unlogged
-- staging table rt_bench.src (i, line).  scripts/bench then writes them to
-- the data files (text form, and a jsonb rendering of the same lots) and
-- drops the table.  Deterministic for a given :seed.
--
-- A line is "CODE form mass [El=P% ...]":
--   CODE  country (assigned ISO codes, weighted towards CN) - enterprise
--         (a known-looking name, half of them with a 1-99 suffix) - lot
--         number (prefix, year, optional "." or "_", 7-digit sequence)
--   form  one of the 8 forms, weighted towards oxide/concentrate/metal
--   mass  35% in t (0-3 decimals), 45% in kg (0-3 decimals), 20% in g
--   comp  0-6 distinct elements (Pm excluded), in random order, mostly
--         starting at the light rare earths; each percentage has 0-4
--         decimals and is at most 100/n, so the sum never exceeds 100 %.
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;   -- keep random() reproducible
SELECT setseed(:seed) AS seeded \gset

CREATE UNLOGGED TABLE rt_bench.src AS
WITH k AS (
    SELECT ARRAY['CN','CN','CN','CN','CN','CN','CN','CN','US','US','AU','AU',
                 'MY','VN','JP','DE','MM','MM','IN','BR','RU','ZA','KR','EE',
                 'FR','GB','TH','LA','CA','TZ','MG','GL'] AS countries,
           ARRAY['NRE','BAOTOU','CHINALCO','CNRE','GRIREM','JLMAG','NINGBO',
                 'MPMAT','LYNAS','ILUKA','ARAFURA','HASTINGS','IREL','SOLVAY',
                 'NEOPERF','VAC','SHINETSU','TDK','HITACHI','UCORE','ENERGYF',
                 'RAINBOW','SARECO','KENMARE'] AS enterprises,
           ARRAY['B','L','H','R','LOT'] AS prefixes,
           ARRAY['ore','concentrate','concentrate','compound','oxide','oxide',
                 'oxide','metal','metal','alloy','magnet','scrap'] AS forms,
           -- by atomic number, without Pm; indexes 3..6 are La, Ce, Pr, Nd
           ARRAY['Sc','Y','La','Ce','Pr','Nd','Sm','Eu','Gd','Tb','Dy','Ho',
                 'Er','Tm','Yb','Lu'] AS syms
),
p AS (
    SELECT i,
           random() AS r_c, random() AS r_e, random() AS r_e2, random() AS r_l,
           random() AS r_y, random() AS r_sep, random() AS r_f, random() AS r_u,
           random() AS r_m, random() AS r_d, random() AS r_n, random() AS r_s0,
           random() AS r_st
    FROM generate_series(1, :rows) AS i
),
q AS (
    SELECT p.*,
           floor(r_n * 7)::int AS n,
           CASE WHEN r_s0 < 0.7 THEN 2 + floor(r_s0 / 0.7 * 4)::int
                ELSE floor((r_s0 - 0.7) / 0.3 * 16)::int END AS st,
           CASE WHEN r_st < 0.5 THEN 1 ELSE 1 + 2 * floor((r_st - 0.5) * 16)::int END AS stride,
           floor(r_d * 4)::int AS md
    FROM p
)
SELECT q.i,
       k.countries[1 + floor(r_c * array_length(k.countries, 1))::int]
       || '-' || k.enterprises[1 + floor(r_e * array_length(k.enterprises, 1))::int]
       || CASE WHEN r_e2 < 0.5 THEN (1 + floor(r_e2 * 198))::int::text ELSE '' END
       || '-' || k.prefixes[1 + floor(r_l * array_length(k.prefixes, 1))::int]
       || (2018 + floor(r_y * 8))::int::text
       || CASE WHEN r_sep < 0.4 THEN '.' WHEN r_sep < 0.6 THEN '_' ELSE '' END
       || lpad(q.i::text, 7, '0')
       || ' ' || k.forms[1 + floor(r_f * array_length(k.forms, 1))::int]
       || ' ' || CASE
            WHEN r_u < 0.35 THEN trunc((1 + r_m * 499)::numeric, md)::text || 't'
            WHEN r_u < 0.80 THEN trunc((1 + r_m * 49999)::numeric, md)::text || 'kg'
            ELSE (1 + floor(r_m * 999999))::bigint::text || 'g' END
       || coalesce(c.comp, '') AS line
FROM q CROSS JOIN k
LEFT JOIN LATERAL (
    SELECT string_agg(' ' || k.syms[1 + (q.st + j * q.stride) % 16] || '='
                      || greatest(trunc((random() * 100.0 / q.n)::numeric,
                                        floor(random() * 5)::int),
                                  0.0001)::text || '%',
                      '' ORDER BY j) AS comp
    FROM generate_series(0, q.n - 1) AS j
) AS c ON true;
