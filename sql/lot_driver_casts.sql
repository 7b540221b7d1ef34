--
-- lot_driver_casts: text and varchar -> rare_lot are assignment casts
-- (0.5.0), so a string parameter typed by the driver (pgjdbc's setString
-- sends varchar, psycopg's binary mode text) can be INSERTed or UPDATEd
-- into a rare_lot column; they are not implicit, so operators and
-- functions do not silently turn text into lots.
--
-- Runs with the default search_path on purpose: a driver does not set it.
--
SET search_path = "$user", public;

CREATE TABLE public.ldc_lots (id int PRIMARY KEY, lot rare_trace.rare_lot);

-- the catalog rows
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod,
       obj_description(oid, 'pg_cast') AS comment
FROM pg_cast
WHERE casttarget = 'rare_trace.rare_lot'::regtype
ORDER BY castsource::regtype::text;

-- a parameter typed varchar (pgjdbc setString), text (psycopg binary), and
-- one left unknown (psqlODBC, libpq without types)
PREPARE ldc_varchar(int, varchar) AS INSERT INTO public.ldc_lots VALUES ($1, $2);
PREPARE ldc_text(int, text) AS INSERT INTO public.ldc_lots VALUES ($1, $2);
PREPARE ldc_unknown(int, unknown) AS INSERT INTO public.ldc_lots VALUES ($1, $2);
EXECUTE ldc_varchar(1, 'cn-nre-b1 OXIDE 1t nd=85.3%');
EXECUTE ldc_text(2, 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7%');
EXECUTE ldc_unknown(3, 'JP-SHN-X1 scrap 300g');
-- NULL parameters store NULL
EXECUTE ldc_varchar(4, NULL);
EXECUTE ldc_text(5, NULL);
SELECT id, lot, lot IS NULL AS is_null FROM public.ldc_lots ORDER BY id;

-- UPDATE ... SET lot = $1, and INSERT ... SELECT from text and varchar(n)
-- columns
PREPARE ldc_update(int, varchar) AS UPDATE public.ldc_lots SET lot = $2 WHERE id = $1;
EXECUTE ldc_update(4, 'DE-VAC-M77 magnet 12.5kg Nd=22.8% Dy=3.9%');
CREATE TABLE public.ldc_src (id int, t text, v varchar(80));
INSERT INTO public.ldc_src VALUES (10, 'CN-NRE-B10 oxide 2t', 'CN-NRE-B11 metal 1t Nd=99%');
INSERT INTO public.ldc_lots SELECT id, t FROM public.ldc_src;
INSERT INTO public.ldc_lots SELECT id + 1, v FROM public.ldc_src;
SELECT id, lot FROM public.ldc_lots WHERE id IN (4, 10, 11) ORDER BY id;

-- a domain over text or varchar goes through its base type's cast
CREATE DOMAIN public.ldc_code_text AS varchar(100);
INSERT INTO public.ldc_lots VALUES (12, 'CN-NRE-B12 oxide 1t'::public.ldc_code_text);
SELECT lot FROM public.ldc_lots WHERE id = 12;

-- a PL/pgSQL assignment and RETURN use assignment casts too
CREATE FUNCTION public.ldc_parse(s varchar) RETURNS rare_trace.rare_lot
LANGUAGE plpgsql AS $$
DECLARE
    l rare_trace.rare_lot;
BEGIN
    l := s;
    RETURN l;
END $$;
SELECT public.ldc_parse('cn-nre-b13 oxide 500kg');

--
-- Bad input through the cast: the type's own error, 22P02 with a detail,
-- for text, varchar and a domain alike; nothing is stored
--
SELECT * FROM regress_util.try($$EXECUTE ldc_varchar(20, 'CN-NRE-B1 oxide 1t Nd=50% Pr=51%')$$);
SELECT * FROM regress_util.try($$EXECUTE ldc_text(21, 'EU-NRE-B1 oxide 1t')$$);
SELECT * FROM regress_util.try($$EXECUTE ldc_varchar(22, '')$$);
SELECT * FROM regress_util.try($$EXECUTE ldc_text(23, 'CN-NRE-B1 oxide')$$);
SELECT * FROM regress_util.try($$EXECUTE ldc_update(1, 'CN-NRE-B1 oxide 1.0001kg')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.ldc_lots VALUES (24, 'CN-NRE-B1 powder 1t'::public.ldc_code_text)$$);
SELECT * FROM regress_util.try($$SELECT public.ldc_parse('CN-NRE-B1 oxide 1t Xe=5%')$$);
SELECT count(*) AS rows_after_errors, count(*) FILTER (WHERE id >= 20) AS bad_rows_stored
FROM public.ldc_lots;
-- the lot in row 1 is unchanged by the failed UPDATE
SELECT lot FROM public.ldc_lots WHERE id = 1;

--
-- Not implicit: a string is never turned into a lot behind the caller's back
--
-- char(n) has no cast of its own (an assignment cast is one step, bpchar ->
-- text -> rare_lot would be two): it needs an explicit cast
SELECT * FROM regress_util.try($$INSERT INTO public.ldc_lots VALUES (30, 'CN-NRE-B30 oxide 1t'::char(40))$$);
INSERT INTO public.ldc_lots VALUES (30, 'CN-NRE-B30 oxide 1t'::char(40)::text);
-- an accessor does not accept a text argument
SELECT * FROM regress_util.try($$SELECT rare_trace.lot_code('CN-NRE-B1 oxide 1t'::text)$$);
-- a comparison with a text value finds no operator, even qualified
SELECT * FROM regress_util.try($$SELECT lot OPERATOR(rare_trace.=) 'CN-NRE-B1 oxide 1t'::text FROM public.ldc_lots$$);
SELECT * FROM regress_util.try($$SELECT lot OPERATOR(rare_trace.=) 'CN-NRE-B1 oxide 1t'::varchar FROM public.ldc_lots$$);
-- UNION and CASE resolve types through implicit casts only
SELECT * FROM regress_util.try($$SELECT lot FROM public.ldc_lots UNION ALL SELECT t FROM public.ldc_src$$);
SELECT * FROM regress_util.try($$SELECT CASE WHEN id > 0 THEN lot ELSE 'x'::text END FROM public.ldc_lots$$);
-- an explicit cast, or a comparison on the text form, still works
SELECT id FROM public.ldc_lots
WHERE lot OPERATOR(rare_trace.=) CAST('CN-NRE-B1 oxide 1000kg Nd=85.3%'::varchar AS rare_trace.rare_lot);
SELECT id FROM public.ldc_lots WHERE lot::text = 'CN-NRE-B1 oxide 1000kg Nd=85.3%';

DEALLOCATE ALL;
DROP FUNCTION public.ldc_parse(varchar);
DROP TABLE public.ldc_lots, public.ldc_src;
DROP DOMAIN public.ldc_code_text;
RESET search_path;
