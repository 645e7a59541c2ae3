# The front door. Every target installs what is missing first, so a fresh
# Debian 12 machine needs nothing but `make run` or `make test`.
#
#   make run        build and start the all-in-one server (apogee dev)
#   make test       build with warnings as errors, fuzz briefly, run every test
#   make test-asan  the same tests under AddressSanitizer + UBSan
#   make bench      build and run the Google Benchmark suites
#   make fuzz       a longer libFuzzer run of the frame decoder (FUZZ_SECONDS)

JOBS        ?= $(shell nproc)
BUILD_DIR   ?= build/release
ASAN_DIR    ?= build/asan
FUZZ_DIR    ?= build/fuzz
FUZZ_SECONDS ?= 30
CMAKE_COMMON = -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

# ccache keys on paths relative to the checkout, so a fresh clone in another
# folder reuses what an earlier build of the same sources compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: deps run test test-asan bench fuzz fuzz-smoke clean configure

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAPOGEE_WERROR=ON

configure: $(BUILD_DIR)/build.ninja

run: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target apogee
	$(BUILD_DIR)/apps/apogee/apogee dev

test: deps configure fuzz-smoke
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

test-asan: deps
	cmake -S . -B $(ASAN_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DAPOGEE_WERROR=ON -DAPOGEE_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

bench: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target apogee_benchmarks
	$(BUILD_DIR)/bench/apogee_benchmarks $(BENCH_ARGS)

$(FUZZ_DIR)/build.ninja: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAPOGEE_FUZZ=ON

# A bounded fuzz run that is part of `make test`.
fuzz-smoke: $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target frame_decoder_fuzzer
	./scripts/run-fuzzer.sh $(FUZZ_DIR)/fuzz/frame_decoder_fuzzer $(FUZZ_SECONDS)

fuzz: FUZZ_SECONDS = 600
fuzz: fuzz-smoke

clean:
	rm -rf build
