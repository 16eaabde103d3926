# Thin wrapper around CMake: install what is missing, build, then run.
#   make demo    import tests/data into the default catalog, show it, search it
#                and list its credits
#   make check   the whole test suite, then again under ASan + UBSan
#   make bench   import speed against exiv2, ExifTool and the read limit
#                (tests/bench/bench_import.sh); not part of check

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CAPCAT     := $(BUILD)/capcat

# Debian packages the build and the tests need.
DEBS := build-essential cmake pkg-config clang chromium libmagic-dev libexif-dev \
        libturbojpeg0-dev libsqlite3-dev libexpat1-dev zlib1g-dev libcmocka-dev \
        libimage-exiftool-perl exiv2 time sqlite3

.PHONY: all deps build build-asan demo check clean

all: build

deps:
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAPCAT_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DCAPCAT_SANITIZE=ON -DCAPCAT_WERROR=ON
	cmake --build $(BUILD_ASAN) -j $(JOBS)

demo: build
	@echo; echo "== capcat import tests/data/corpus"
	$(CAPCAT) import tests/data/corpus || true
	@echo; echo "== capcat stats"
	$(CAPCAT) stats
	@echo; echo "== capcat show tests/data/corpus/2021-02-13-1929.heic"
	$(CAPCAT) show tests/data/corpus/2021-02-13-1929.heic
	@echo; echo "== the captions of docs/product.md as JPEGs (tests/data/five-photos.sh)"
	rm -rf $(BUILD)/demo && mkdir -p $(BUILD)/demo && cd $(BUILD)/demo && \
		DATA=$(CURDIR)/tests/data MKPHOTO=$(CURDIR)/$(BUILD)/tests/mkphoto \
		sh $(CURDIR)/tests/data/five-photos.sh
	$(CAPCAT) import $(BUILD)/demo/p || true
	@echo; echo "== capcat search --place Iraq"
	$(CAPCAT) search --place Iraq
	@echo; echo "== capcat credits 'AFP OR AP'"
	$(CAPCAT) credits 'AFP OR AP'

check: build build-asan
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory fuzz FUZZ_RUNS=$(CHECK_FUZZ_RUNS)

# make check fuzzes each target briefly (a fixed seed: the same inputs on
# every run); make fuzz FUZZ_SECONDS=600 is the real thing.
CHECK_FUZZ_RUNS ?= 3000

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)

# libFuzzer targets (clang): each runs FUZZ_SECONDS on its seeds; new
# inputs go to build-fuzz/corpus_<name>, crashes to build-fuzz/crash-*.
# FUZZ_RUNS=N instead runs N inputs from a fixed seed (make check: brief
# and repeatable).  FUZZ_ONLY=name runs one target.
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_ONLY    ?=
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=1,-max_total_time=$(FUZZ_SECONDS))
BUILD_FUZZ   ?= build-fuzz
.PHONY: fuzz fuzz-build
fuzz-build: deps
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCAPCAT_BUILD_FUZZERS=ON -DCAPCAT_BUILD_TESTS=OFF
	cmake --build $(BUILD_FUZZ) -j $(JOBS)
fuzz: fuzz-build
	@for f in $(BUILD_FUZZ)/tests/fuzz/fuzz_*; do \
		[ -x "$$f" ] || continue; n=$$(basename $$f); n=$${n#fuzz_}; \
		[ -z "$(FUZZ_ONLY)" ] || [ "$(FUZZ_ONLY)" = "$$n" ] || continue; \
		mkdir -p $(BUILD_FUZZ)/corpus_$$n; \
		seeds=tests/fuzz/corpus_$$n; \
		case $$n in read|embed) seeds=tests/data/corpus;; esac; \
		echo "== fuzz_$$n: $(FUZZ_LIMIT)"; \
		$$f $(FUZZ_LIMIT) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(BUILD_FUZZ)/ $(BUILD_FUZZ)/corpus_$$n $$seeds \
			>$(BUILD_FUZZ)/fuzz_$$n.log 2>&1; st=$$?; tail -3 $(BUILD_FUZZ)/fuzz_$$n.log; \
		[ $$st = 0 ] || { echo "fuzz_$$n found a crash: see $(BUILD_FUZZ)/fuzz_$$n.log"; exit 1; }; \
	done

# Benchmarks print timings and targets; they never fail on a slow machine.
#   make bench         BENCH_PHOTOS (20000), BENCH_RUNS (3), BENCH_SKIP_5N=1,
#                      BENCH_JOBS, BENCH_EXIFTOOL_FILES: see bench_import.sh
#   make bench-search  search on a 1,000,000-photo catalog (takes minutes)
#   make bench-thumbs  thumbnails of 12 MP JPEGs against vipsthumbnail
.PHONY: bench bench-search bench-thumbs
bench: build
	sh tests/bench/bench_import.sh $(BUILD)
bench-thumbs: build
	@command -v vipsthumbnail >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q libvips-tools bc; }
	sh tests/bench/bench_thumbs.sh $(BUILD)
bench-search: build
	mkdir -p $(BUILD)/bench
	$(BUILD)/tests/bench/bench_search --catalog $(BUILD)/bench/search.db
