# rare_trace: PostgreSQL extension for rare-earth lots, quotas and provenance.

EXTENSION = rare_trace
EXTVERSION = 0.6.0

MODULE_big = rare_trace
OBJS = \
	src/module.o \
	src/element_data.o \
	src/lot_parse.o \
	src/lot_names.o \
	src/lot_format.o \
	src/rt_acc.o \
	src/rt_srf.o \
	src/lot_io.o \
	src/lot_ops.o \
	src/lot_funcs.o \
	src/ledger_canon.o \
	src/ledger_chain.o \
	src/ledger_trigger.o \
	src/provenance.o \
	src/provenance_eval.o \
	src/provenance_type.o \
	src/provenance_dot.o \
	src/quota_registry.o \
	src/quota_args.o \
	src/quota_walk.o \
	src/quota_resolve.o \
	src/rt_charge.o \
	src/quota_trigger.o \
	src/export_check.o \
	src/export_reexport.o \
	src/export_rules.o \
	src/export_guard.o \
	src/export_licence.o \
	src/export_licence_args.o

HEADERS = src/rare_trace.h src/lot_parse.h
# Released scripts (frozen) are committed at the top; the current version's
# full install script is built from the per-concern sources in src/sql/,
# in dependency order.
SQL_SOURCES = \
	src/sql/rare_lot.sql \
	src/sql/element.sql \
	src/sql/quota.sql \
	src/sql/provenance.sql \
	src/sql/ledger.sql \
	src/sql/ledger_provenance.sql \
	src/sql/export_control.sql \
	src/sql/export_licence.sql \
	src/sql/origin_rule.sql \
	src/sql/flat_views.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))
# The documentation pages, installed under share/doc/extension/.
DOCS = $(sort $(wildcard doc/*.md))
PGFILEDESC = "rare_trace - rare-earth lot type, quotas and provenance"

# pg_regress suite: every sql/*.sql, in name order.
REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)

# Isolation specs: test/isolation/specs/*.spec, expected output in
# test/isolation/expected/ (the later --inputdir overrides PGXS's).
ISOLATION = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --load-extension=$(EXTENSION) --inputdir=test/isolation

EXTRA_CLEAN = test/fuzz/fuzz_lot test/fuzz/corpus.run results regression.diffs regression.out output_iso

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The full install script of the current version: a header, then each
# concern's source file.
$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) Makefile
	{ printf '/* %s: full install script of rare_trace %s, built by make from src/sql/ (do not edit) */\n\n' '$@' '$(EXTVERSION)'; \
	  printf -- '-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n'; \
	  printf '\\echo Use "CREATE EXTENSION rare_trace" to load this file. \\quit\n'; \
	  for f in $(SQL_SOURCES); do printf '\n'; cat $$f; done; } > $@

# pgTAP catalog-contract tests (needs pgtap installed and pg_prove on PATH).
.PHONY: prove fuzz
prove:
	pg_prove --failures test/pgtap/*.sql

# libFuzzer harness for the lot parser (pure C, linked without the backend).
FUZZ_RUNS ?= 200000
FUZZ_FLAGS ?=
# lot_parse_nofast.c is lot_parse.c again without its fast paths (renamed
# symbols): the harness requires the same result from both on every input.
FUZZ_SRCS = test/fuzz/fuzz_lot.c test/fuzz/lot_parse_nofast.c \
	src/lot_parse.c src/lot_names.c src/lot_format.c src/rt_acc.c src/element_data.c
test/fuzz/fuzz_lot: $(FUZZ_SRCS) src/lot_parse.h src/lot_names.h src/rt_acc.h test/fuzz/lot_parse_nofast.h
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Isrc -Itest/fuzz -o $@ $(FUZZ_SRCS)

fuzz: test/fuzz/fuzz_lot
	mkdir -p test/fuzz/corpus.run
	./test/fuzz/fuzz_lot -runs=$(FUZZ_RUNS) -max_len=256 -seed=1 $(FUZZ_FLAGS) \
		test/fuzz/corpus.run test/fuzz/corpus
