--
-- 01_functions.sql: the contract of every function in schema rare_trace.
--
-- Data-driven: rt_fn lists each function once (name, argument types, return
-- type, language, volatility, strictness, parallel safety, SECURITY DEFINER,
-- the pinned search_path and the kind: plain function or aggregate); every
-- row gets the same nine assertions, and set comparisons check that the
-- list and the schema agree both ways (signatures and kinds), so a new
-- function fails here until it is listed (and thus tested).
--
-- Argument and return types are spelled as regtype prints them with
-- search_path = rare_trace, public (e.g. bigint, not int8): pgTAP's
-- function_returns/volatility_is/is_strict compare those strings literally.
--
-- Why the 0.2.0 functions are declared as they are:
--   * enterprise_check_parent, quota_check_delete, enforce_quota: trigger
--     functions (VOLATILE, PARALLEL UNSAFE: they run inside a write).  enforce_quota writes
--     quota.used_t, which the roles inserting production rows may not touch,
--     hence SECURITY DEFINER with a pinned search_path ending in pg_temp.
--   * attach_quota (INSERT + CREATE TRIGGER) and quota_reconcile (UPDATE,
--     SELECT ... FOR UPDATE when repairing) write: VOLATILE PARALLEL UNSAFE.
--   * enterprise_chain, approval_problem, applicable_quotas, quota_check,
--     quota_check_detail, quota_remaining only read tables, enforced_columns
--     only the system catalogs: STABLE (they depend on table contents, so
--     not IMMUTABLE) and PARALLEL SAFE.
--   * approval_problem and applicable_quotas are C (src/quota_resolve.c,
--     the code the trigger runs); since 0.3.1 so are enterprise_chain and
--     enterprise_check_parent (src/quota_registry.c: the one walk up the
--     groups and its depth limit) and enforced_columns (src/quota_args.c:
--     the trigger's column rule).  Neither of the first two is STRICT: approval_problem's
--     NULL result means "approved", so it must not be what a NULL argument
--     produces -- a NULL enterprise gives 'no enterprise given', a NULL
--     activity or day raises 22004 (tested at the end of this file);
--     applicable_quotas reads a NULL category as "no category".
--   * enforced_columns skips the columns whose name is NULL (attach_quota
--     passes NULL for a literal activity or category), so it is not STRICT.
--   * Every function written in SQL or PL/pgSQL, and every C function that
--     is not IMMUTABLE (those read the registry through SPI), pins
--     search_path = pg_catalog, pg_temp (enforce_quota: rare_trace,
--     pg_catalog, pg_temp), so callers' search paths cannot redirect it.
--
-- Why the 0.3.1 functions are declared as they are:
--   * activities (the one activity list) and production_year (the one
--     production-date rule) read nothing: IMMUTABLE STRICT PARALLEL SAFE C.
--   * enforce_quota_args parses pg_trigger.tgargs with the trigger's own
--     parser and names the table in its errors (a catalog lookup): STABLE
--     STRICT C with a pinned search_path.
--
-- Why the 0.3.0 functions are declared as they are:
--   * provenance_in/out/recv/send: the provenance type's I/O, like
--     rare_lot's (C IMMUTABLE STRICT PARALLEL SAFE).
--   * The aggregate provenance(parent rare_lot, child rare_lot, kg numeric)
--     is the only aggregate (prokind 'a'; its pg_proc row says LANGUAGE
--     internal, IMMUTABLE, not STRICT, PARALLEL SAFE as CREATE AGGREGATE
--     writes it).  Its support functions are C IMMUTABLE PARALLEL SAFE:
--     provenance_accum and provenance_combine are not STRICT (over an
--     internal state without an initial value CREATE AGGREGATE refuses
--     that), nor is provenance_final (they handle NULL states and skip NULL
--     rows themselves); provenance_serialize and provenance_deserialize
--     are STRICT.
--   * provenance_rows (C) and provenance_issues (SQL, so its search_path is
--     pinned) expand a provenance value: IMMUTABLE STRICT PARALLEL SAFE.
--   * flow_canonical(flow): the canonical bytes of a ledger entry, computed
--     from the row alone and independent of session settings: C IMMUTABLE
--     STRICT PARALLEL SAFE.
--   * verify_ledger(text) reads the ledger: SQL STABLE PARALLEL SAFE, not
--     STRICT (a NULL enterprise, the default, means every chain).
--   * flow_append() and flow_reject() are the ledger's triggers: C VOLATILE
--     PARALLEL UNSAFE, not SECURITY DEFINER.  flow_reject pins search_path
--     like every C function that is not IMMUTABLE (it only raises, so the
--     clause costs nothing that matters); flow_append does not: a SET
--     clause on a row trigger is paid on every row, and its own statements
--     (on flow_chain, and on flow for a correction, run as the table owner
--     like a foreign-key trigger's) are fully qualified -- it is the one
--     exemption from the search_path rule, listed with its reason in
--     09_catalog_completeness.sql.
--   * 0.3.1: flow_write_head() is the deferred constraint trigger that
--     writes the chain heads at commit (C VOLATILE PARALLEL UNSAFE, pins
--     search_path: it fires once per chain and transaction); its WHEN
--     condition flow_head_pending(text, bigint) reads only the backend's
--     transaction state (C VOLATILE STRICT PARALLEL UNSAFE) and, evaluated
--     on every row, is the second search_path exemption.
--   * ledger_provenance(text) and lot_provenance(text) read the ledger (the
--     view flow_current): SQL STABLE STRICT PARALLEL SAFE, search_path
--     pinned (a NULL code gives NULL / no rows).
--   * 0.4.0, origin rules: origin_check and lot_origin_check (SQL STABLE
--     STRICT PARALLEL SAFE, they read the rules), origin_rule_lookup and
--     origin_rule_validate (PL/pgSQL STABLE), the table-free helpers
--     (IMMUTABLE), the trigger function origin_rule_guard (PARALLEL
--     UNSAFE), country_assigned (C IMMUTABLE); search_path pinned on all
--     but the C one.  Their catalog contract is 11_origin_rule.sql.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(976);

CREATE TEMP TABLE rt_fn (
    ord         int PRIMARY KEY,
    name        name NOT NULL,
    args        name[] NOT NULL,
    returns     text NOT NULL,
    lang        name NOT NULL DEFAULT 'c',
    volatility  text NOT NULL DEFAULT 'immutable'
                CHECK (volatility IN ('immutable', 'stable', 'volatile')),
    strict      bool NOT NULL DEFAULT true,
    parallel    "char" NOT NULL DEFAULT 's' CHECK (parallel IN ('s', 'r', 'u')),
    secdef      bool NOT NULL DEFAULT false,
    config      text[],         -- pg_proc.proconfig; NULL = no SET clause
    kind        "char" NOT NULL DEFAULT 'f' CHECK (kind IN ('f', 'a'))
                                -- pg_proc.prokind: function or aggregate
);

-- 0.1.0: the rare_lot type, all LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
INSERT INTO rt_fn (ord, name, args, returns) VALUES
    -- type I/O
    ( 1, 'rare_lot_in',            '{cstring}',                 'rare_lot'),
    ( 2, 'rare_lot_out',           '{rare_lot}',                'cstring'),
    ( 3, 'rare_lot_recv',          '{internal}',                'rare_lot'),
    ( 4, 'rare_lot_send',          '{rare_lot}',                'bytea'),
    -- comparison and hashing (operator and opclass support)
    ( 5, 'rare_lot_cmp',           '{rare_lot,rare_lot}',       'integer'),
    ( 6, 'rare_lot_lt',            '{rare_lot,rare_lot}',       'boolean'),
    ( 7, 'rare_lot_le',            '{rare_lot,rare_lot}',       'boolean'),
    ( 8, 'rare_lot_eq',            '{rare_lot,rare_lot}',       'boolean'),
    ( 9, 'rare_lot_ne',            '{rare_lot,rare_lot}',       'boolean'),
    (10, 'rare_lot_ge',            '{rare_lot,rare_lot}',       'boolean'),
    (11, 'rare_lot_gt',            '{rare_lot,rare_lot}',       'boolean'),
    (12, 'rare_lot_hash',          '{rare_lot}',                'integer'),
    (13, 'rare_lot_hash_extended', '{rare_lot,bigint}',         'bigint'),
    -- constructor and accessors
    (14, 'rare_lot',               '{text,text,numeric,jsonb}', 'rare_lot'),
    (15, 'lot_code',               '{rare_lot}',                'text'),
    (16, 'lot_country',            '{rare_lot}',                'text'),
    (17, 'lot_enterprise',         '{rare_lot}',                'text'),
    (18, 'lot_number',             '{rare_lot}',                'text'),
    (19, 'lot_form',               '{rare_lot}',                'text'),
    (20, 'lot_stage',              '{rare_lot}',                'text'),
    (21, 'lot_mass_kg',            '{rare_lot}',                'numeric'),
    (22, 'element_kg',             '{rare_lot,text}',           'numeric'),
    (23, 'element_pct',            '{rare_lot,text}',           'numeric'),
    (24, 'elements',               '{rare_lot}',                'text[]'),
    (25, 'composition',            '{rare_lot}',                'jsonb'),
    (26, 'reo_kg',                 '{rare_lot}',                'numeric'),
    (27, 'reo_kg',                 '{rare_lot,text}',           'numeric'),
    -- cast function and element catalog
    (28, 'rare_lot_jsonb',         '{rare_lot}',                'jsonb'),
    (29, 'element_catalog',        '{}',                        'setof record');

-- 0.2.0: enterprises and quotas
INSERT INTO rt_fn VALUES
    -- ord name                     args                                                         returns         lang       volatility  strict parallel secdef config
    -- 0.3.1: the parent check and the walk up the groups are C
    (30, 'enterprise_check_parent', '{}',                                                        'trigger',      'c',       'volatile', false, 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
    (31, 'enterprise_chain',        '{text}',                                                    'setof record', 'c',       'stable',   true,  's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (32, 'approval_problem',        '{text,text,date,date}',                                     'text',         'c',       'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (33, 'applicable_quotas',       '{text,integer,text,text}',                                  'setof quota',  'c',       'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (34, 'enforce_quota',           '{}',                                                        'trigger',      'c',       'volatile', false, 'u', true,  '{"search_path=rare_trace, pg_catalog, pg_temp"}'),
    (35, 'attach_quota',            '{regclass,text,text,text,text,boolean,boolean}',            'void',         'plpgsql', 'volatile', false, 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
    (36, 'quota_check_detail',      '{rare_lot,date,text,text}',                                 'setof record', 'plpgsql', 'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (37, 'quota_check',             '{rare_lot,date,text,text}',                                 'boolean',      'sql',     'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (38, 'quota_remaining',         '{text,integer,text,text}',                                  'numeric',      'sql',     'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (39, 'quota_reconcile',         '{boolean}',                                                 'setof record', 'plpgsql', 'volatile', false, 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
    -- hardening: the column check shared by attach_quota and quota_reconcile,
    -- and the trigger refusing to delete a charged quota
    (40, 'enforced_columns',        '{regclass,text,text,text,text}',                            'void',         'c',       'stable',   false, 's', false, '{"search_path=pg_catalog, pg_temp"}'),
    (41, 'quota_check_delete',      '{}',                                                        'trigger',      'plpgsql', 'volatile', false, 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
    -- registration: only tables owned by rare_trace_admin members
    (42, 'quota_table_check',       '{}',                                                        'trigger',      'plpgsql', 'volatile', false, 'u', false, '{"search_path=pg_catalog, pg_temp"}');

-- 0.3.0: provenance, the flow ledger, provenance of one lot from the ledger
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    -- the provenance type's I/O
    (43, 'provenance_in',           '{cstring}',                            'provenance',   'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (44, 'provenance_out',          '{provenance}',                         'cstring',      'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (45, 'provenance_recv',         '{internal}',                           'provenance',   'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (46, 'provenance_send',         '{provenance}',                         'bytea',        'c',        'immutable', true,  's', false, NULL,                                  'f'),
    -- the aggregate and its support functions
    (47, 'provenance_accum',        '{internal,rare_lot,rare_lot,numeric}', 'internal',     'c',        'immutable', false, 's', false, NULL,                                  'f'),
    (48, 'provenance_combine',      '{internal,internal}',                  'internal',     'c',        'immutable', false, 's', false, NULL,                                  'f'),
    (49, 'provenance_serialize',    '{internal}',                           'bytea',        'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (50, 'provenance_deserialize',  '{bytea,internal}',                     'internal',     'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (51, 'provenance_final',        '{internal}',                           'provenance',   'c',        'immutable', false, 's', false, NULL,                                  'f'),
    (52, 'provenance',              '{rare_lot,rare_lot,numeric}',          'provenance',   'internal', 'immutable', false, 's', false, NULL,                                  'a'),
    -- a provenance value as rows
    (53, 'provenance_rows',         '{provenance}',                         'setof record', 'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (54, 'provenance_issues',       '{provenance}',                         'setof record', 'sql',      'immutable', true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    -- the flow ledger
    (55, 'flow_canonical',          '{flow}',                               'bytea',        'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (56, 'verify_ledger',           '{text}',                               'setof record', 'sql',      'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (57, 'flow_append',             '{}',                                   'trigger',      'c',        'volatile',  false, 'u', false, NULL,                                  'f'),
    (58, 'flow_reject',             '{}',                                   'trigger',      'c',        'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    -- provenance of one lot from the ledger
    (59, 'ledger_provenance',       '{text}',                               'provenance',   'sql',      'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (60, 'lot_provenance',          '{text}',                               'setof record', 'sql',      'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    -- 0.3.1: the ledger writes the chain heads by a deferred constraint trigger
    (61, 'flow_head_pending',       '{text,bigint}',                        'boolean',      'c',        'volatile',  true,  'u', false, NULL,                                  'f'),
    (62, 'flow_write_head',         '{}',                                   'trigger',      'c',        'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.3.1: the quota side's rules kept once in C and called from SQL
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (71, 'activities',              '{}',                                   'text[]',       'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (72, 'production_year',         '{rare_lot,date}',                      'integer',      'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (73, 'enforce_quota_args',      '{regclass,bytea}',                     'record',       'c',        'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.4.0: export controls and declarations (see 10_export_control.sql),
-- ords 101-108.
-- The checks are not STRICT: a NULL argument is an error (22004), never
-- silence.  export_check and licence_required have no SET clause (the
-- per-lot hot path; exempt in 09_catalog_completeness.sql).
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (101, 'export_control_guard',    '{}',                                   'trigger',      'c',        'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (102, 'export_check',            '{rare_lot,text,text,date}',            'setof record', 'c',        'stable',    false, 's', false, NULL,                                  'f'),
    (103, 'licence_required',        '{rare_lot,text,text,date}',            'boolean',      'c',        'stable',    false, 's', false, NULL,                                  'f'),
    (104, 'reexport_check',          '{provenance,text,text,date,numeric}',  'setof record', 'c',        'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (105, 'lot_reexport_check',      '{text,text,text,date,numeric}',        'setof record', 'plpgsql',  'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (106, 'declaration_issues',      '{rare_lot,text,numeric,jsonb}',        'setof record', 'plpgsql',  'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (107, 'lot_declaration_issues',  '{text,text,numeric,jsonb}',            'setof record', 'plpgsql',  'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (108, 'declaration_guard',       '{}',                                   'trigger',      'plpgsql',  'volatile',  false, 'u', true,  '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.4.0: origin rules (the catalog contract in 11_origin_rule.sql)
INSERT INTO rt_fn VALUES
    (111, 'country_assigned',          '{text}',                  'boolean',      'c',       'immutable', true,  's', false, NULL,                                  'f'),
    (112, 'origin_rule_check_list',    '{text,text,text[]}',      'void',         'plpgsql', 'immutable', false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (113, 'origin_rule_validate',      '{origin_rule}',           'void',         'plpgsql', 'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (114, 'origin_rule_check_dates',   '{text,date,date}',        'void',         'plpgsql', 'immutable', false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (115, 'origin_rule_view_validate', '{origin_rule_view}',      'void',         'plpgsql', 'immutable', false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (116, 'origin_rule_guard',         '{}',                      'trigger',      'plpgsql', 'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (117, 'origin_rule_lookup',        '{text,date}',             'origin_rule',  'plpgsql', 'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (118, 'origin_check',              '{provenance,text,date}',  'setof record', 'sql',     'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (119, 'lot_origin_check',          '{text,text,date}',        'setof record', 'sql',     'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.4.0: export licences (see 12_export_licence.sql), ords 121-124.  The
-- enforcement trigger is SECURITY DEFINER (it writes used_kg) with the
-- quota trigger's search_path.
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (121, 'export_licence_guard',    '{}',                                   'trigger',      'c',        'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (122, 'enforce_export_licence',  '{}',                                   'trigger',      'c',        'volatile',  false, 'u', true,  '{"search_path=rare_trace, pg_catalog, pg_temp"}', 'f'),
    (123, 'licence_columns',         '{regclass,text,text,text,text}',       'void',         'c',        'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (124, 'attach_export_licence',   '{regclass,text,text,text,text}',       'void',         'plpgsql',  'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.5.0: licence drift, ords 131-132: the trigger-argument parser (C,
-- shared with the trigger) and licence_reconcile (as quota_reconcile:
-- PL/pgSQL, VOLATILE, PARALLEL UNSAFE since it may UPDATE).
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (131, 'enforce_export_licence_args', '{regclass,bytea}',                'record',       'c',        'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (132, 'licence_reconcile',       '{boolean}',                            'setof record', 'plpgsql',  'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.5.0: min(rare_lot) and max(rare_lot), ords 141-144.  The support
-- functions are C IMMUTABLE STRICT PARALLEL SAFE (src/lot_ops.c, the btree
-- comparison); each is its aggregate's transition and combine function.
-- The aggregates' pg_proc rows say LANGUAGE internal, IMMUTABLE, not
-- STRICT, PARALLEL SAFE, as CREATE AGGREGATE writes them.
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (141, 'rare_lot_smaller',        '{rare_lot,rare_lot}',                  'rare_lot',     'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (142, 'rare_lot_larger',         '{rare_lot,rare_lot}',                  'rare_lot',     'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (143, 'min',                     '{rare_lot}',                           'rare_lot',     'internal', 'immutable', false, 's', false, NULL,                                  'a'),
    (144, 'max',                     '{rare_lot}',                           'rare_lot',     'internal', 'immutable', false, 's', false, NULL,                                  'a');

-- 0.5.0: flat views for BI tools (see 13_flat_views.sql), ords 151-160.
-- The check wrappers call the 0.4.0 checks (one implementation per rule)
-- and take their strictness: flat_export_check and flat_reexport_check
-- are not STRICT (a NULL argument is the check's 22004), flat_origin_check
-- is, like lot_origin_check.  create_flat_view_in and create_flat_view
-- make a view (DDL: VOLATILE PARALLEL UNSAFE); create_flat_view has no SET
-- clause, as it reads the caller's creation schema (exempt in
-- 09_catalog_completeness.sql).
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns                          lang        volatility   strict parallel secdef config                                 kind
    (151, 'flat_numeric',            '{numeric,integer}',                    'numeric',                       'plpgsql',  'immutable', true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (152, 'flat_export_check',       '{text,text,text,date}',                'setof record',                  'sql',      'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (153, 'flat_reexport_check',     '{text,text,text,date,numeric}',        'setof flat_reexport_check_row', 'sql',      'stable',    false, 's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (154, 'flat_origin_check',       '{text,text,date}',                     'setof flat_origin_check_row',   'sql',      'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (155, 'create_flat_view_in',     '{name,regclass,text,text}',            'regclass',                      'plpgsql',  'volatile',  false, 'u', false, '{"search_path=pg_catalog, pg_temp"}', 'f'),
    (156, 'create_flat_view',        '{regclass,text,text}',                 'regclass',                      'sql',      'volatile',  false, 'u', false, NULL,                                  'f');

-- 0.5.0: pictures of the supply chain as Graphviz DOT, ords 145-148
-- (src/provenance_dot.c).  The aggregate provenance_dot(parent, child, kg)
-- shares the provenance aggregate's transition, combine, serialize and
-- deserialize functions; its final function is C IMMUTABLE, not STRICT
-- (a NULL state is no flows: NULL).  provenance_dot(provenance) is C
-- IMMUTABLE STRICT; provenance_dot(text) reads the ledger (SQL STABLE
-- STRICT, search_path pinned, like ledger_provenance).
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (145, 'provenance_dot_final',    '{internal}',                           'text',         'c',        'immutable', false, 's', false, NULL,                                  'f'),
    (146, 'provenance_dot',          '{rare_lot,rare_lot,numeric}',          'text',         'internal', 'immutable', false, 's', false, NULL,                                  'a'),
    (147, 'provenance_dot',          '{provenance}',                         'text',         'c',        'immutable', true,  's', false, NULL,                                  'f'),
    (148, 'provenance_dot',          '{text}',                               'text',         'sql',      'stable',    true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- 0.6.0: the flow ledger's new columns (ledger), ords 171-179.
-- flow_cut_valid is the CHECK flow_cut_check of rare_trace.flow: SQL
-- IMMUTABLE STRICT PARALLEL SAFE (it reads only its arguments; STRICT, so
-- rows without a cut never call it and pay nothing for its SET clause).
INSERT INTO rt_fn VALUES
    -- ord name                     args                                    returns         lang        volatility   strict parallel secdef config                                 kind
    (171, 'flow_cut_valid',          '{jsonb,numeric}',                      'boolean',      'sql',      'immutable', true,  's', false, '{"search_path=pg_catalog, pg_temp"}', 'f');

-- "name(arg,arg)" for descriptions and to_regprocedure()
CREATE TEMP VIEW rt_fn_sig AS
SELECT f.*,
       name || '(' || array_to_string(args, ',') || ')' AS sig,
       pg_catalog.to_regprocedure(
           'rare_trace.' || name || '(' || array_to_string(args, ',') || ')') AS oid
  FROM rt_fn f;

--
-- The list is exactly the set of functions in schema rare_trace.
--
SELECT is((SELECT count(*)::int FROM rt_fn), 103, 'the expectation list has 103 functions (four of them aggregates: provenance, and 0.5.0''s min, max and provenance_dot; 9 of 0.4.0''s origin rules, 4 of its export licences; 6 of 0.5.0''s flat views; 4 of its DOT pictures, 2 of its licence drift; 1 of 0.6.0''s ledger columns)');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace$$,
    $$SELECT sig FROM rt_fn_sig$$,
    'functions in schema rare_trace are exactly the listed signatures (no extra, none missing)');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prokind
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace$$,
    $$SELECT sig, kind FROM rt_fn_sig$$,
    'every listed function is of the listed kind (plain function or aggregate)');

--
-- Nine assertions per function
--
SELECT has_function('rare_trace', name, args, sig || ' exists')
  FROM rt_fn_sig ORDER BY ord;

SELECT function_returns('rare_trace', name, args, returns, sig || ' returns ' || returns)
  FROM rt_fn_sig ORDER BY ord;

SELECT function_lang_is('rare_trace', name, args, lang, sig || ' is LANGUAGE ' || lang)
  FROM rt_fn_sig ORDER BY ord;

SELECT volatility_is('rare_trace', name, args, volatility,
                     sig || ' is ' || upper(volatility))
  FROM rt_fn_sig ORDER BY ord;

SELECT CASE WHEN strict THEN is_strict('rare_trace', name, args, sig || ' is STRICT')
            ELSE isnt_strict('rare_trace', name, args, sig || ' is not STRICT') END
  FROM rt_fn_sig ORDER BY ord;

-- pgTAP 1.2 has no parallel-safety assertion: read pg_proc.proparallel.
SELECT is((SELECT p.proparallel FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          f.parallel,
          f.sig || ' is PARALLEL '
          || CASE f.parallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END)
  FROM rt_fn_sig f ORDER BY ord;

SELECT CASE WHEN secdef THEN is_definer('rare_trace', name, args, sig || ' is SECURITY DEFINER')
            ELSE isnt_definer('rare_trace', name, args, sig || ' is SECURITY INVOKER') END
  FROM rt_fn_sig ORDER BY ord;

SELECT is((SELECT p.proconfig FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          f.config,
          f.sig || CASE WHEN f.config IS NULL THEN ' has no SET clause'
                        ELSE ' has exactly SET ' || array_to_string(f.config, '; ') END)
  FROM rt_fn_sig f ORDER BY ord;

SELECT isnt(pg_catalog.obj_description(f.oid, 'pg_proc'), NULL,
            f.sig || ' has a COMMENT')
  FROM rt_fn_sig f ORDER BY ord;

--
-- Signature details that callers rely on
--
SELECT is(
    (SELECT proargnames::text[] FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.rare_lot(text,text,numeric,jsonb)'::regprocedure),
    ARRAY['code', 'form', 'mass_kg', 'composition'],
    'rare_lot() parameters are named code, form, mass_kg, composition');

SELECT is(
    (SELECT pronargdefaults::int || ':' || pg_catalog.pg_get_expr(proargdefaults, 0)
       FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.rare_lot(text,text,numeric,jsonb)'::regprocedure),
    '1:''{}''::jsonb',
    'rare_lot() composition defaults to ''{}''::jsonb');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND p.proargnames = ARRAY['', 'element']$$,
    ARRAY['element_kg(rare_lot,text)', 'element_pct(rare_lot,text)',
          'reo_kg(rare_lot,text)'],
    'element_kg, element_pct and reo_kg(rare_lot, text) name their second parameter "element"');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.element_catalog()'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$VALUES ('z', 'integer'), ('symbol', 'text'), ('name', 'text'),
             ('group_2way', 'text'), ('group_3way', 'text'), ('oxide', 'text'),
             ('oxide_factor', 'numeric')$$,
    'element_catalog() OUT columns: z, symbol, name, group_2way, group_3way, oxide, oxide_factor');

SELECT is(
    (SELECT prorows::int FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.element_catalog()'::regprocedure),
    17,
    'element_catalog() is declared ROWS 17');

--
-- 0.2.0: parameter names (callers use named notation), modes and defaults
--
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 30 AND 42)$$,
    $$VALUES
      ('enterprise_check_parent()', NULL::text[], '{}'::text[]),
      ('enterprise_chain(text)', '{enterprise,code,depth}', '{i,o,o}'),
      ('approval_problem(text,text,date,date)', '{enterprise,activity,first_day,last_day}', '{}'),
      ('applicable_quotas(text,integer,text,text)', '{enterprise,year,activity,category}', '{}'),
      ('enforce_quota()', NULL, '{}'),
      ('attach_quota(regclass,text,text,text,text,boolean,boolean)',
       '{tab,lot_column,date_column,activity,category,activity_is_column,category_is_column}', '{}'),
      ('quota_check_detail(rare_lot,date,text,text)',
       '{lot,on_date,activity,category,holder,limit_t,used_t,requested_t,ok,reason}', '{i,i,i,i,o,o,o,o,o,o}'),
      ('quota_check(rare_lot,date,text,text)', '{lot,on_date,activity,category}', '{}'),
      ('quota_remaining(text,integer,text,text)', '{holder,year,activity,category}', '{}'),
      ('quota_reconcile(boolean)',
       '{repair,quota_id,holder,year,activity,category,used_t,actual_t,drift_t}', '{i,o,o,o,o,o,o,o,o}'),
      ('enforced_columns(regclass,text,text,text,text)',
       '{tab,lot_column,date_column,activity_column,category_column}', '{}'),
      ('quota_check_delete()', NULL, '{}'),
      ('quota_table_check()', NULL, '{}')$$,
    '0.2.0 functions: parameter names and modes');

-- 0.3.0: parameter names and modes.  verify_ledger's input and its first
-- output column are both called enterprise (RETURNS TABLE: mode t).
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 43 AND 70)$$,
    $$VALUES
      ('provenance_in(cstring)', NULL::text[], '{}'::text[]),
      ('provenance_out(provenance)', NULL, '{}'),
      ('provenance_recv(internal)', NULL, '{}'),
      ('provenance_send(provenance)', NULL, '{}'),
      ('provenance_accum(internal,rare_lot,rare_lot,numeric)', NULL, '{}'),
      ('provenance_combine(internal,internal)', NULL, '{}'),
      ('provenance_serialize(internal)', NULL, '{}'),
      ('provenance_deserialize(bytea,internal)', NULL, '{}'),
      ('provenance_final(internal)', NULL, '{}'),
      ('provenance(rare_lot,rare_lot,numeric)', '{parent,child,kg}', '{}'),
      ('provenance_rows(provenance)', '{p,sink_code,element,view,country,kg,share}', '{i,o,o,o,o,o,o}'),
      ('provenance_issues(provenance)', '{p,kind,lot_code,element,kg,detail}', '{i,o,o,o,o,o}'),
      ('flow_canonical(flow)', '{entry}', '{}'),
      ('verify_ledger(text)', '{enterprise,enterprise,id,seq,problem}', '{i,t,t,t,t}'),
      ('flow_append()', NULL, '{}'),
      ('flow_reject()', NULL, '{}'),
      ('ledger_provenance(text)', '{lot_code}', '{}'),
      ('lot_provenance(text)', '{lot_code,sink_code,element,view,country,kg,share}', '{i,o,o,o,o,o,o}'),
      ('flow_head_pending(text,bigint)', '{enterprise,seq}', '{}'),
      ('flow_write_head()', NULL, '{}')$$,
    '0.3.0 and 0.3.1 functions: parameter names and modes');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 71 AND 100)$$,
    $$VALUES
      ('activities()', NULL::text[], '{}'::text[]),
      ('production_year(rare_lot,date)', '{lot,on_date}', '{}'),
      ('enforce_quota_args(regclass,bytea)',
       '{tab,tgargs,lot_column,date_column,activity,activity_column,category,category_column}',
       '{i,i,o,o,o,o,o,o}')$$,
    '0.3.1 functions: parameter names and modes');

-- 0.4.0: parameter names and modes
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 101 AND 108)$$,
    $$VALUES
      ('export_control_guard()', NULL::text[], '{}'::text[]),
      ('export_check(rare_lot,text,text,date)',
       '{lot,from_country,destination,ship_date,reference,control_code,element,form,in_force,suspended,licence_required,reason}',
       '{i,i,i,i,o,o,o,o,o,o,o,o}'),
      ('licence_required(rare_lot,text,text,date)', '{lot,from_country,destination,ship_date}', '{}'),
      ('reexport_check(provenance,text,text,date,numeric)',
       '{p,from_country,destination,ship_date,value_share_pct,sink_code,reference,control_code,element,view,country,kg,share,in_force,suspended,licence_required,result,reason}',
       '{i,i,i,i,i,o,o,o,o,o,o,o,o,o,o,o,o,o}'),
      ('lot_reexport_check(text,text,text,date,numeric)',
       '{code,from_country,destination,ship_date,value_share_pct,sink_code,reference,control_code,element,view,country,kg,share,in_force,suspended,licence_required,result,reason}',
       '{i,i,i,i,i,o,o,o,o,o,o,o,o,o,o,o,o,o}'),
      ('declaration_issues(rare_lot,text,numeric,jsonb)',
       '{lot,declared_form,declared_mass_kg,declared_composition,kind,element,declared,actual,detail}',
       '{i,i,i,i,o,o,o,o,o}'),
      ('lot_declaration_issues(text,text,numeric,jsonb)',
       '{code,declared_form,declared_mass_kg,declared_composition,kind,element,declared,actual,detail}',
       '{i,i,i,i,o,o,o,o,o}'),
      ('declaration_guard()', NULL, '{}')$$,
    '0.4.0 functions: parameter names and modes');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.pronargdefaults::int,
             pg_catalog.pg_get_expr(p.proargdefaults, 0)
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND p.pronargdefaults > 0$$,
    $$VALUES ('rare_lot(text,text,numeric,jsonb)', 1, '''{}''::jsonb'),
             ('attach_quota(regclass,text,text,text,text,boolean,boolean)', 3,
              'NULL::text, false, false'),
             ('quota_check_detail(rare_lot,date,text,text)', 1, 'NULL::text'),
             ('quota_check(rare_lot,date,text,text)', 1, 'NULL::text'),
             ('quota_remaining(text,integer,text,text)', 1, 'NULL::text'),
             ('quota_reconcile(boolean)', 1, 'false'),
             ('licence_reconcile(boolean)', 1, 'false'),
             ('verify_ledger(text)', 1, 'NULL::text'),
             ('reexport_check(provenance,text,text,date,numeric)', 1, 'NULL::numeric'),
             ('lot_reexport_check(text,text,text,date,numeric)', 1, 'NULL::numeric'),
             ('flat_reexport_check(text,text,text,date,numeric)', 1, 'NULL::numeric')$$,
    'parameter defaults (all functions): rare_lot composition ''{}'', category NULL, repair false, attach_quota''s *_is_column false, verify_ledger''s enterprise NULL (every chain)');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.enterprise_chain(text)'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$VALUES ('code', 'text'), ('depth', 'integer')$$,
    'enterprise_chain() OUT columns: code text, depth integer');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.quota_check_detail(rare_lot,date,text,text)'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$VALUES ('holder', 'text'), ('limit_t', 'numeric'), ('used_t', 'numeric'),
             ('requested_t', 'numeric'), ('ok', 'boolean'), ('reason', 'text')$$,
    'quota_check_detail() OUT columns: holder, limit_t, used_t, requested_t, ok, reason');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.quota_reconcile(boolean)'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$VALUES ('quota_id', 'bigint'), ('holder', 'text'), ('year', 'integer'),
             ('activity', 'text'), ('category', 'text'), ('used_t', 'numeric'),
             ('actual_t', 'numeric'), ('drift_t', 'numeric')$$,
    'quota_reconcile() OUT columns: quota_id, holder, year, activity, category, used_t, actual_t, drift_t');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.verify_ledger(text)'::regprocedure
         AND a.mode = 't'
       ORDER BY a.n$$,
    $$VALUES ('enterprise', 'text'), ('id', 'bigint'), ('seq', 'bigint'), ('problem', 'text')$$,
    'verify_ledger() columns: enterprise text, id bigint, seq bigint, problem text');

-- lot_provenance(code) is provenance_rows(ledger_provenance(code)): the
-- same columns, names and types
SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.lot_provenance(text)'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.provenance_rows(provenance)'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    'lot_provenance() OUT columns are provenance_rows()''s: sink_code, element, view, country, kg, share');

--
-- Schema-wide properties (SECURITY DEFINER and search_path rules are in
-- 09_catalog_completeness.sql, over the extension's members)
--
SELECT is_empty(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND (p.prokind NOT IN ('f', 'a') OR p.proleakproof)$$,
    'no function in rare_trace is LEAKPROOF, a procedure or a window function');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND p.prokind = 'a'$$,
    $$VALUES ('provenance(rare_lot,rare_lot,numeric)'::text), ('min(rare_lot)'), ('max(rare_lot)'),
             ('provenance_dot(rare_lot,rare_lot,numeric)')$$,
    'exactly four functions in rare_trace are aggregates: provenance(rare_lot,rare_lot,numeric), min(rare_lot), max(rare_lot), provenance_dot(rare_lot,rare_lot,numeric)');

-- 0.5.0: min and max follow the btree order (the comparison of
-- rare_lot_ops), combine in parallel plans with their transition function,
-- keep a rare_lot state (no serialization) and declare their sort
-- operators, so the planner can read them off a btree index
SELECT set_eq(
    $$SELECT a.aggfnoid::regprocedure::text, a.aggkind::text, a.aggtransfn::regproc::text,
             a.aggcombinefn::regproc::text, a.aggtranstype::regtype::text,
             a.aggsortop::regoperator::text, a.aggfinalfn::oid::int, a.aggserialfn::oid::int,
             a.aggdeserialfn::oid::int, a.agginitval IS NULL
        FROM pg_catalog.pg_aggregate a
       WHERE a.aggfnoid IN ('rare_trace.min(rare_lot)'::regprocedure, 'rare_trace.max(rare_lot)'::regprocedure)$$,
    $$VALUES ('min(rare_lot)', 'n', 'rare_lot_smaller', 'rare_lot_smaller', 'rare_lot', '<(rare_lot,rare_lot)', 0, 0, 0, true),
             ('max(rare_lot)', 'n', 'rare_lot_larger',  'rare_lot_larger',  'rare_lot', '>(rare_lot,rare_lot)', 0, 0, 0, true)$$,
    'min(rare_lot) and max(rare_lot): transition = combine function rare_lot_smaller / rare_lot_larger, state rare_lot, sort operators < and >, no final or serialization function, no initial value');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 141 AND 144 AND lang = 'c')$$,
    $$VALUES ('rare_lot_smaller(rare_lot,rare_lot)', 'rare_lot_smaller'),
             ('rare_lot_larger(rare_lot,rare_lot)', 'rare_lot_larger')$$,
    'the 0.5.0 support functions of min and max and their symbols (src/lot_ops.c)');

-- 0.5.0: provenance_dot over flows is the provenance aggregate with another
-- final function
SELECT set_eq(
    $$SELECT a.aggfnoid::regprocedure::text, a.aggkind::text, a.aggtransfn::regproc::text,
             a.aggfinalfn::regproc::text, a.aggcombinefn::regproc::text,
             a.aggserialfn::regproc::text, a.aggdeserialfn::regproc::text,
             a.aggtranstype::regtype::text, a.aggfinalmodify::text
        FROM pg_catalog.pg_aggregate a
       WHERE a.aggfnoid IN ('rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure,
                            'rare_trace.provenance_dot(rare_lot,rare_lot,numeric)'::regprocedure)$$,
    $$VALUES ('provenance(rare_lot,rare_lot,numeric)', 'n', 'provenance_accum', 'provenance_final',
              'provenance_combine', 'provenance_serialize', 'provenance_deserialize', 'internal', 'r'),
             ('provenance_dot(rare_lot,rare_lot,numeric)', 'n', 'provenance_accum', 'provenance_dot_final',
              'provenance_combine', 'provenance_serialize', 'provenance_deserialize', 'internal', 'r')$$,
    'provenance_dot(parent, child, kg) shares the provenance aggregate''s transition, combine, serialize and deserialize functions; its final function provenance_dot_final (read-only, like provenance_final)');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[], p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 145 AND 148 AND lang = 'c')$$,
    $$VALUES ('provenance_dot_final(internal)', NULL::text[], 'rare_trace_provenance_dot_final'),
             ('provenance_dot(provenance)', '{p}', 'rare_trace_provenance_dot')$$,
    'the 0.5.0 DOT C functions, their parameter names and symbols (src/provenance_dot.c)');

SELECT is(
    (SELECT p.proargnames::text[] FROM pg_catalog.pg_proc p
      WHERE p.oid = 'rare_trace.provenance_dot(text)'::regprocedure),
    ARRAY['code'],
    'provenance_dot(text) names its parameter code');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND l.lanname = 'c'
         AND p.probin IS DISTINCT FROM '$libdir/rare_trace'$$,
    'every LANGUAGE C function in rare_trace is loaded from $libdir/rare_trace (MODULE_PATHNAME)');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 30 AND 42 AND lang = 'c')$$,
    $$VALUES ('enterprise_check_parent()', 'rare_trace_enterprise_check_parent'),
             ('enterprise_chain(text)', 'rare_trace_enterprise_chain'),
             ('approval_problem(text,text,date,date)', 'rare_trace_approval_problem'),
             ('applicable_quotas(text,integer,text,text)', 'rare_trace_applicable_quotas'),
             ('enforce_quota()', 'rare_trace_enforce_quota'),
             ('enforced_columns(regclass,text,text,text,text)', 'rare_trace_enforced_columns')$$,
    'the 0.2.0 C functions (three of them C since 0.3.1) and their symbols: enterprise_check_parent, enterprise_chain, approval_problem, applicable_quotas, enforce_quota, enforced_columns');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 43 AND 70 AND lang = 'c')$$,
    $$VALUES ('provenance_in(cstring)', 'rare_trace_provenance_in'),
             ('provenance_out(provenance)', 'rare_trace_provenance_out'),
             ('provenance_recv(internal)', 'rare_trace_provenance_recv'),
             ('provenance_send(provenance)', 'rare_trace_provenance_send'),
             ('provenance_accum(internal,rare_lot,rare_lot,numeric)', 'rare_trace_provenance_accum'),
             ('provenance_combine(internal,internal)', 'rare_trace_provenance_combine'),
             ('provenance_serialize(internal)', 'rare_trace_provenance_serialize'),
             ('provenance_deserialize(bytea,internal)', 'rare_trace_provenance_deserialize'),
             ('provenance_final(internal)', 'rare_trace_provenance_final'),
             ('provenance_rows(provenance)', 'rare_trace_provenance_rows'),
             ('flow_canonical(flow)', 'rare_trace_flow_canonical'),
             ('flow_append()', 'rare_trace_flow_append'),
             ('flow_reject()', 'rare_trace_flow_reject'),
             ('flow_head_pending(text,bigint)', 'rare_trace_flow_head_pending'),
             ('flow_write_head()', 'rare_trace_flow_write_head')$$,
    'the 0.3.0 and 0.3.1 C functions and their symbols: the provenance type''s I/O, the aggregate''s support functions, provenance_rows, flow_canonical, flow_append, flow_reject, flow_head_pending, flow_write_head');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 71 AND 100 AND lang = 'c')$$,
    $$VALUES ('activities()', 'rare_trace_activities'),
             ('production_year(rare_lot,date)', 'rare_trace_production_year'),
             ('enforce_quota_args(regclass,bytea)', 'rare_trace_enforce_quota_args')$$,
    'the 0.3.1 C functions and their symbols: activities, production_year, enforce_quota_args');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 101 AND 108 AND lang = 'c')$$,
    $$VALUES ('export_control_guard()', 'rare_trace_export_control_guard'),
             ('export_check(rare_lot,text,text,date)', 'rare_trace_export_check'),
             ('licence_required(rare_lot,text,text,date)', 'rare_trace_licence_required'),
             ('reexport_check(provenance,text,text,date,numeric)', 'rare_trace_reexport_check')$$,
    'the 0.4.0 C functions and their symbols (src/export_guard.c, export_check.c, export_reexport.c): the guard, export_check, licence_required, reexport_check');

-- 0.4.0: origin rules.  origin_check's input rule and its output column
-- rule share a name (SQL functions allow it; the body uses $1, $2, $3).
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 111 AND 120)$$,
    $$VALUES
      ('country_assigned(text)', '{code}'::text[], '{}'::text[]),
      ('origin_rule_check_list(text,text,text[])', '{rule,list,vals}', '{}'),
      ('origin_rule_validate(origin_rule)', '{r}', '{}'),
      ('origin_rule_check_dates(text,date,date)', '{what,effective_from,effective_until}', '{}'),
      ('origin_rule_view_validate(origin_rule_view)', '{v}', '{}'),
      ('origin_rule_guard()', NULL, '{}'),
      ('origin_rule_lookup(text,date)', '{rule,on_date}', '{}'),
      ('origin_check(provenance,text,date)', '{p,rule,on_date,sink,rule,element,view,country,kg,share,pass,reason}',
       '{i,i,i,o,o,o,o,o,o,o,o,o}'),
      ('lot_origin_check(text,text,date)', '{code,rule,on_date,sink,rule,element,view,country,kg,share,pass,reason}',
       '{i,i,i,o,o,o,o,o,o,o,o,o}')$$,
    '0.4.0 origin-rule functions: parameter names and modes');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 111 AND 120 AND lang = 'c')$$,
    $$VALUES ('country_assigned(text)', 'rare_trace_country_assigned')$$,
    'the 0.4.0 origin-rule C function and its symbol: country_assigned');

-- 0.4.0: export licences
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 121 AND 130)$$,
    $$VALUES
      ('export_licence_guard()', NULL::text[], '{}'::text[]),
      ('enforce_export_licence()', NULL, '{}'),
      ('licence_columns(regclass,text,text,text,text)',
       '{tab,lot_column,destination_column,date_column,licence_column}', '{}'),
      ('attach_export_licence(regclass,text,text,text,text)',
       '{tab,lot_column,destination_column,date_column,licence_column}', '{}')$$,
    '0.4.0 export-licence functions: parameter names and modes');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 121 AND 130 AND lang = 'c')$$,
    $$VALUES ('export_licence_guard()', 'rare_trace_export_licence_guard'),
             ('enforce_export_licence()', 'rare_trace_enforce_export_licence'),
             ('licence_columns(regclass,text,text,text,text)', 'rare_trace_licence_columns')$$,
    'the 0.4.0 export-licence C functions and their symbols (src/export_licence.c)');

-- 0.5.0: flat views
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 151 AND 160)$$,
    $$VALUES
      ('flat_numeric(numeric,integer)', '{value,scale}'::text[], '{}'::text[]),
      ('flat_export_check(text,text,text,date)',
       '{lot,from_country,destination,ship_date,lot_code,reference,control_code,element,form,in_force,suspended,licence_required,reason}',
       '{i,i,i,i,o,o,o,o,o,o,o,o,o}'),
      ('flat_reexport_check(text,text,text,date,numeric)',
       '{code,from_country,destination,ship_date,value_share_pct}', '{}'),
      ('flat_origin_check(text,text,date)', '{code,rule,on_date}', '{}'),
      ('create_flat_view_in(name,regclass,text,text)', '{creation_schema,tab,lot_column,view_name}', '{}'),
      ('create_flat_view(regclass,text,text)', '{tab,lot_column,view_name}', '{}')$$,
    '0.5.0 flat-view functions: parameter names and modes');

-- 0.5.0: licence drift
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.proargnames::text[],
             COALESCE(p.proargmodes::text[], '{}')
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 131 AND 140)$$,
    $$VALUES
      ('enforce_export_licence_args(regclass,bytea)',
       '{tab,tgargs,lot_column,destination_column,date_column,licence_column}'::text[],
       '{i,i,o,o,o,o}'::text[]),
      ('licence_reconcile(boolean)',
       '{repair,licence_id,licence_no,used_kg,actual_kg,drift_kg}', '{i,o,o,o,o,o}')$$,
    '0.5.0 licence-drift functions: parameter names and modes');
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN (SELECT oid FROM rt_fn_sig WHERE ord BETWEEN 131 AND 140 AND lang = 'c')$$,
    $$VALUES ('enforce_export_licence_args(regclass,bytea)', 'rare_trace_enforce_export_licence_args')$$,
    'the 0.5.0 licence-drift C function and its symbol (src/export_licence_args.c)');

SELECT is(
    (SELECT prorows::int FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.applicable_quotas(text,integer,text,text)'::regprocedure),
    3,
    'applicable_quotas() is declared ROWS 3 (an enterprise, its group, a category)');

--
-- NULL arguments.  approval_problem's NULL result means "approved", so the
-- function is not STRICT and no NULL argument may produce it: a NULL
-- enterprise gives 'no enterprise given', a NULL activity or day raises
-- 22004 (null_value_not_allowed).  quota_check_detail (and so quota_check)
-- refuses a NULL lot, day or activity itself, with 22004 and its own
-- message (0.2.0 hardening, as in expected/quota_guards.out), so a NULL
-- there does not make a lot acceptable either -- nor "not acceptable": a
-- NULL lot is an error, not false.  One approved enterprise with room in
-- its quota makes every call acceptable without its NULL (the controls,
-- ord 1 and 7).
--
INSERT INTO rare_trace.enterprise (code, name, activities, approved_from)
VALUES ('CN-TAPNULL', 'Tap NULL checks', '{mining}', '2024-01-01');
INSERT INTO rare_trace.quota (holder, year, activity, limit_t)
VALUES ('CN-TAPNULL', 2025, 'mining', 100);

CREATE TEMP TABLE rt_null_call (
    ord      int PRIMARY KEY,
    call     text NOT NULL,     -- SELECT of one text value
    sqlstate text,              -- NULL: the call returns want
    want     text,              -- the value (NULL = SQL NULL) or the error message
    what     text NOT NULL
);
INSERT INTO rt_null_call VALUES
    ( 1, $$SELECT approval_problem('CN-TAPNULL', 'mining', '2025-03-01', '2025-03-01')$$,
         NULL, NULL,
         'control: approval_problem() of an approved enterprise, activity and day is NULL (approved)'),
    ( 2, $$SELECT approval_problem(NULL, 'mining', '2025-03-01', '2025-03-01')$$,
         NULL, 'no enterprise given',
         'approval_problem(NULL enterprise) is ''no enterprise given'', not NULL (approved)'),
    ( 3, $$SELECT approval_problem(NULL, NULL, NULL, NULL)$$,
         NULL, 'no enterprise given',
         'approval_problem(NULL, NULL, NULL, NULL) is ''no enterprise given'''),
    ( 4, $$SELECT approval_problem('CN-TAPNULL', NULL, '2025-03-01', '2025-03-01')$$,
         '22004', 'approval_problem needs an activity and both days',
         'approval_problem(NULL activity) raises 22004'),
    ( 5, $$SELECT approval_problem('CN-TAPNULL', 'mining', NULL, '2025-03-01')$$,
         '22004', 'approval_problem needs an activity and both days',
         'approval_problem(NULL first_day) raises 22004'),
    ( 6, $$SELECT approval_problem('CN-TAPNULL', 'mining', '2025-03-01', NULL)$$,
         '22004', 'approval_problem needs an activity and both days',
         'approval_problem(NULL last_day) raises 22004'),
    ( 7, $$SELECT quota_check('CN-TAPNULL-1 oxide 1000kg La=100%', '2025-03-01', 'mining')::text$$,
         NULL, 'true',
         'control: quota_check() accepts the lot on an approved day'),
    ( 8, $$SELECT quota_check('CN-TAPNULL-1 oxide 1000kg La=100%', NULL, 'mining')::text$$,
         '22004', 'quota_check_detail needs a lot, a date and an activity',
         'quota_check() with a NULL day raises 22004 (does not accept the lot)'),
    ( 9, $$SELECT quota_check('CN-TAPNULL-1 oxide 1000kg La=100%', '2025-03-01', NULL)::text$$,
         '22004', 'quota_check_detail needs a lot, a date and an activity',
         'quota_check() with a NULL activity raises 22004 (does not accept the lot)'),
    (10, $$SELECT quota_check(NULL, '2025-03-01', 'mining')::text$$,
         '22004', 'quota_check_detail needs a lot, a date and an activity',
         'quota_check() of a NULL lot raises 22004'),
    (11, $$SELECT count(*)::text FROM quota_check_detail(NULL, '2025-03-01', 'mining')$$,
         '22004', 'quota_check_detail needs a lot, a date and an activity',
         'quota_check_detail() of a NULL lot raises 22004 (no row saying why)');

SELECT results_eq(call, format('VALUES (%L::text)', want), what)
  FROM rt_null_call WHERE sqlstate IS NULL ORDER BY ord;

SELECT throws_ok(call, sqlstate, want, what)
  FROM rt_null_call WHERE sqlstate IS NOT NULL ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;
