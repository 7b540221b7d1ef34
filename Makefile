# rare_trace: PostgreSQL extension for rare-earth lots, quotas and provenance.

EXTENSION = rare_trace
EXTVERSION = 0.3.0

MODULE_big = rare_trace
OBJS = \
	src/module.o \
	src/element_data.o \
	src/lot_parse.o \
	src/lot_format.o \
	src/lot_io.o \
	src/lot_ops.o \
	src/lot_funcs.o \
	src/ledger.o \
	src/provenance.o \
	src/provenance_eval.o \
	src/provenance_type.o \
	src/quota_resolve.o \
	src/quota_trigger.o

HEADERS = src/rare_trace.h src/lot_parse.h
DATA = $(wildcard rare_trace--*.sql)
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

# pgTAP catalog-contract tests (needs pgtap installed and pg_prove on PATH).
.PHONY: prove fuzz
prove:
	pg_prove --failures test/pgtap/*.sql

# libFuzzer harness for the lot parser (pure C, linked without the backend).
FUZZ_RUNS ?= 200000
FUZZ_FLAGS ?=
test/fuzz/fuzz_lot: test/fuzz/fuzz_lot.c src/lot_parse.c src/lot_format.c src/element_data.c src/lot_parse.h
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Isrc -o $@ test/fuzz/fuzz_lot.c src/lot_parse.c src/lot_format.c src/element_data.c

fuzz: test/fuzz/fuzz_lot
	mkdir -p test/fuzz/corpus.run
	./test/fuzz/fuzz_lot -runs=$(FUZZ_RUNS) -max_len=256 -seed=1 $(FUZZ_FLAGS) \
		test/fuzz/corpus.run test/fuzz/corpus
