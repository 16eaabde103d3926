# Thin wrapper around CMake: install what is missing, build, then run.
#   make demo    import tests/data into the default catalog and show it
#   make check   the whole test suite, then again under ASan + UBSan
#   make bench   (see tests/bench) not part of check

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CAPCAT     := $(BUILD)/capcat

# Debian packages the build and the tests need.
DEBS := build-essential cmake pkg-config libmagic-dev libexif-dev \
        libturbojpeg0-dev libsqlite3-dev libexpat1-dev zlib1g-dev libcmocka-dev \
        libimage-exiftool-perl

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

check: build build-asan
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
