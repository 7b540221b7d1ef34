--
-- ledger_commit: how the ledger writes the chain heads at commit (0.3.1).
--   - by the deferred constraint trigger flow_write_head, which PostgreSQL
--     fires with the other deferred triggers: a trigger someone adds to
--     flow_chain fires, and so does a deferred constraint trigger on
--     flow_chain, which can veto the commit.  (0.3.0 wrote the heads from
--     its pre-commit callback, after the deferred triggers had run: the
--     deferred trigger on flow_chain never fired and its veto was lost.)
--   - one UPDATE of flow_chain per chain and transaction, however many
--     rows and statements
--   - SET CONSTRAINTS ... IMMEDIATE writes the head at the end of each
--     statement; rolling back a savepoint after such a write puts the head
--     back, and the commit writes it again
--   - a head left unwritten (the trigger disabled) fails the commit (RTL03)
-- Enterprises here are EE-CM*; everything is removed at the end.
--
SET search_path = rare_trace, public;
\set SHOW_CONTEXT never

CREATE TABLE public.head_log (n serial, enterprise text, seq int8, trigger_name text);
CREATE FUNCTION public.log_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.enterprise = 'EE-CMV' THEN
        RAISE EXCEPTION 'chain % is frozen', NEW.enterprise;
    END IF;
    INSERT INTO public.head_log (enterprise, seq, trigger_name) VALUES (NEW.enterprise, NEW.seq, TG_NAME);
    RETURN NULL;
END
$$;
CREATE TRIGGER head_logged AFTER UPDATE ON rare_trace.flow_chain
    FOR EACH ROW EXECUTE FUNCTION public.log_head();
CREATE CONSTRAINT TRIGGER head_checked AFTER UPDATE ON rare_trace.flow_chain
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.log_head();

-- the ledger's trigger: deferred, after insert, for each row, with a WHEN
SELECT t.tgname, t.tgdeferrable, t.tginitdeferred, t.tgconstraint <> 0 AS is_constraint,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition
FROM pg_catalog.pg_trigger AS t
WHERE t.tgrelid = 'rare_trace.flow'::regclass AND t.tgname = 'flow_write_head';

-- five rows over two chains in three statements: one UPDATE per chain,
-- at commit, and both triggers on flow_chain see it
BEGIN;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMA', 'EE-CMA-A1 ore 1t Nd=1%', 'EE-CMA-B1 concentrate 100kg Nd=10%', 1, 'transform'),
    ('EE-CMB', 'EE-CMB-A1 ore 1t Nd=1%', 'EE-CMB-B1 concentrate 100kg Nd=10%', 2, 'transform');
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMA', 'EE-CMA-A1 ore 1t Nd=1%', 'EE-CMA-B1 concentrate 100kg Nd=10%', 3, 'transform');
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMA', 'EE-CMA-A1 ore 1t Nd=1%', 'EE-CMA-B1 concentrate 100kg Nd=10%', 4, 'transform'),
    ('EE-CMB', 'EE-CMB-A1 ore 1t Nd=1%', 'EE-CMB-B1 concentrate 100kg Nd=10%', 5, 'transform');
SELECT count(*) AS logged_before_commit FROM public.head_log;
COMMIT;
SELECT enterprise, seq, trigger_name FROM public.head_log ORDER BY enterprise, trigger_name;
SELECT enterprise, seq FROM flow_chain WHERE enterprise LIKE 'EE-CM%' ORDER BY enterprise;
SELECT * FROM verify_ledger() WHERE enterprise LIKE 'EE-CM%';

-- the deferred trigger on flow_chain vetoes the commit: the entry is gone
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMV', 'EE-CMV-A1 ore 1t Nd=1%', 'EE-CMV-B1 concentrate 100kg Nd=10%', 1, 'transform');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT count(*) AS vetoed_entries FROM flow WHERE enterprise = 'EE-CMV';
SELECT seq AS vetoed_head FROM flow_chain WHERE enterprise = 'EE-CMV';

-- immediate: the head is written at the end of each statement; a
-- savepoint rolled back after a write puts the head back
TRUNCATE public.head_log;
BEGIN;
SET CONSTRAINTS rare_trace.flow_write_head IMMEDIATE;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMI', 'EE-CMI-A1 ore 1t Nd=1%', 'EE-CMI-B1 concentrate 100kg Nd=10%', 1, 'transform');
SELECT seq AS head_after_statement_1 FROM flow_chain WHERE enterprise = 'EE-CMI';
SAVEPOINT s;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMI', 'EE-CMI-A1 ore 1t Nd=1%', 'EE-CMI-B1 concentrate 100kg Nd=10%', 2, 'transform');
SELECT seq AS head_in_savepoint FROM flow_chain WHERE enterprise = 'EE-CMI';
ROLLBACK TO s;
SELECT seq AS head_after_rollback_to FROM flow_chain WHERE enterprise = 'EE-CMI';
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMI', 'EE-CMI-A1 ore 1t Nd=1%', 'EE-CMI-B1 concentrate 100kg Nd=10%', 3, 'transform');
SELECT * FROM verify_ledger('EE-CMI');
COMMIT;
SELECT seq, kg FROM flow WHERE enterprise = 'EE-CMI' ORDER BY seq;
SELECT enterprise, seq FROM flow_chain WHERE enterprise = 'EE-CMI';
SELECT * FROM verify_ledger('EE-CMI');

-- deferred, then made immediate inside a savepoint that is rolled back:
-- PostgreSQL fires the event again at commit, and the head is written
BEGIN;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMD', 'EE-CMD-A1 ore 1t Nd=1%', 'EE-CMD-B1 concentrate 100kg Nd=10%', 1, 'transform');
SAVEPOINT s;
SET CONSTRAINTS rare_trace.flow_write_head IMMEDIATE;
SELECT seq AS head_written_in_savepoint FROM flow_chain WHERE enterprise = 'EE-CMD';
ROLLBACK TO s;
SELECT count(*) AS head_rows_after_rollback_to FROM flow_chain WHERE enterprise = 'EE-CMD' AND seq > 0;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMD', 'EE-CMD-A1 ore 1t Nd=1%', 'EE-CMD-B1 concentrate 100kg Nd=10%', 2, 'transform');
COMMIT;
SELECT enterprise, seq FROM flow_chain WHERE enterprise = 'EE-CMD';
SELECT * FROM verify_ledger('EE-CMD');

-- with the trigger disabled the head would be lost: the commit fails
-- instead, and nothing of the transaction remains
ALTER TABLE rare_trace.flow DISABLE TRIGGER flow_write_head;
INSERT INTO flow (enterprise, parent, child, kg, kind) VALUES
    ('EE-CMX', 'EE-CMX-A1 ore 1t Nd=1%', 'EE-CMX-B1 concentrate 100kg Nd=10%', 1, 'transform');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
ALTER TABLE rare_trace.flow ENABLE TRIGGER flow_write_head;
SELECT count(*) AS entries_of_failed_commit FROM flow WHERE enterprise = 'EE-CMX';
SELECT count(*) AS heads_of_failed_commit FROM flow_chain WHERE enterprise = 'EE-CMX';

-- the WHEN function is harmless to call: it only reads this transaction's
-- state (no chain touched here: false)
SELECT rare_trace.flow_head_pending('EE-CMA', 2) AS pending_outside_append;

--
-- Clean up.
--
DROP TRIGGER head_logged ON rare_trace.flow_chain;
DROP TRIGGER head_checked ON rare_trace.flow_chain;
DROP FUNCTION public.log_head();
DROP TABLE public.head_log;
SET session_replication_role = replica;
DELETE FROM flow WHERE enterprise LIKE 'EE-CM%';
DELETE FROM flow_chain WHERE enterprise LIKE 'EE-CM%';
RESET session_replication_role;
SELECT count(*) AS entries_after FROM rare_trace.flow WHERE enterprise LIKE 'EE-CM%';
