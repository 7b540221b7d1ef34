--
-- Shared helpers for the pg_regress suite (runs first; the database is
-- kept for the whole run).  Not part of the extension.
--
CREATE SCHEMA IF NOT EXISTS regress_util;
-- the suites call it as other roles too
GRANT USAGE ON SCHEMA regress_util TO PUBLIC;

-- errors as rows: SQLSTATE, message, detail and hint.  Generated ids and
-- oids are masked so the output is stable: "quota <id> of", the id that
-- starts a failing row, "Key (relid)=(<oid>)".  hide_row => true cuts the
-- whole "Failing row contains (...)" detail (ledger rows carry a timestamp
-- and a hash) and names the violated constraint instead.
CREATE OR REPLACE FUNCTION regress_util.try(stmt text, hide_row boolean DEFAULT false)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text; hnt text; con text;
BEGIN
    EXECUTE stmt;
    RETURN NEXT 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT,
                            con = CONSTRAINT_NAME;
    RETURN NEXT 'SQLSTATE ' || st;
    msg := regexp_replace(msg, '^quota \d+ of ', 'quota <id> of ');
    RETURN NEXT 'MESSAGE  ' || msg;
    IF hide_row THEN
        det := regexp_replace(det, '^Failing row contains .*$', 'Failing row contains (...)');
    ELSE
        det := regexp_replace(det, '^Failing row contains \(\d+, ', 'Failing row contains (<id>, ');
    END IF;
    det := regexp_replace(det, '^Key \(relid\)=\(\d+\)', 'Key (relid)=(<oid>)');
    IF det <> '' THEN RETURN NEXT 'DETAIL   ' || det; END IF;
    IF hnt <> '' THEN RETURN NEXT 'HINT     ' || hnt; END IF;
    IF hide_row AND con <> '' THEN RETURN NEXT 'CONSTRAINT ' || con; END IF;
END
$$;
