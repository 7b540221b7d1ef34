--
-- Shared helpers for the pg_regress suite (runs first; the database is
-- kept for the whole run).  Not part of the extension.
--
CREATE SCHEMA IF NOT EXISTS regress_util;
-- the suites call it as other roles too
GRANT USAGE ON SCHEMA regress_util TO PUBLIC;

-- errors as rows: SQLSTATE, message, detail and hint
CREATE OR REPLACE FUNCTION regress_util.try(stmt text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text; hnt text;
BEGIN
    EXECUTE stmt;
    RETURN NEXT 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    RETURN NEXT 'SQLSTATE ' || st;
    RETURN NEXT 'MESSAGE  ' || msg;
    -- a failing quota row starts with its generated id: hide it
    det := regexp_replace(det, '^Failing row contains \(\d+, ', 'Failing row contains (<id>, ');
    IF det <> '' THEN RETURN NEXT 'DETAIL   ' || det; END IF;
    IF hnt <> '' THEN RETURN NEXT 'HINT     ' || hnt; END IF;
END
$$;
