#!/usr/bin/env bash
# Runs the libFuzzer targets of FuzzTesting/ for a given time each (docs/fuzzing.md).
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]
#   Scripts/fuzz.sh 0            replay the seed and regression inputs only (CI)
#
# SECONDS defaults to 60; TARGET is FuzzYAML, FuzzCELParse, FuzzCELEval or FuzzProfileDecoders
# (all four by default). FUZZ_FLAGS adds libFuzzer flags, e.g. FUZZ_FLAGS=-len_control=0 to try long inputs
# from the start rather than growing them slowly. Each run starts from a seed corpus made from the project's own files, keeps the
# corpus it grows under .build-fuzz/corpus/TARGET, and writes any input that crashes, leaks past
# the memory limit or runs over a second to .build-fuzz/findings/TARGET/. The script exits
# non-zero when a run found something. Add each finding to the regression corpus
# (Tests/*/Fixtures/fuzz-regressions/) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzYAML FuzzCELParse FuzzCELEval FuzzProfileDecoders)
work="$root/.build-fuzz"

# SwiftPM's --sanitize links the runtimes but, for the targets of a dependency package, does not
# pass -sanitize=fuzzer to the compiler; the -Xswiftc flags instrument every module for coverage.
echo "fuzz: building ${targets[*]} with -sanitize=fuzzer,address"
swift build -c release --package-path FuzzTesting --scratch-path "$work/build" \
    --sanitize fuzzer --sanitize address \
    -Xswiftc -parse-as-library -Xswiftc -sanitize=fuzzer,address

seed() {
    local target=$1 corpus=$2 regressions
    mkdir -p "$corpus"
    case $target in
        FuzzYAML)
            regressions=Tests/YAMLNodeTests/Fixtures/fuzz-regressions
            find rules assessments Tests/YAMLNodeTests/Fixtures -name '*.yaml' -size -64k |
                while read -r file; do cp "$file" "$corpus/seed-$(echo "$file" | tr / _)"; done
            ;;
        FuzzProfileDecoders)
            regressions=Tests/ReadinessCoreTests/Fixtures/fuzz-regressions
            find assessments Tests/ReadinessCoreTests/Fixtures Tests/readinessTests/Fixtures \
                -name '*.yaml' -size -64k |
                while read -r file; do cp "$file" "$corpus/seed-$(echo "$file" | tr / _)"; done
            ;;
        FuzzCELParse | FuzzCELEval)
            regressions=Tests/CELTests/Fixtures/fuzz-regressions
            local n=0
            while IFS= read -r line; do
                n=$((n + 1))
                printf '%s' "$line" >"$corpus/seed-$n"
            done <FuzzTesting/Seeds/cel.txt
            ;;
    esac
    if [ -d "$regressions" ]; then
        find "$regressions" -type f ! -name '*.md' -exec cp {} "$corpus/" \;
    fi
}

status=0
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    findings="$work/findings/$target"
    mkdir -p "$findings"
    seed "$target" "$corpus"
    if [ "$seconds" = 0 ]; then
        # Replay: every seed and regression input once, under the sanitizers, then stop.
        length=(-runs=0)
        echo "fuzz: $target replaying $(find "$corpus" -type f | wc -l) inputs"
    else
        length=(-max_total_time="$seconds")
        echo "fuzz: $target for ${seconds}s from $(find "$corpus" -type f | wc -l) inputs"
    fi
    # Leak checking is off: LeakSanitizer cannot see the Swift runtime's references from
    # once-initialised globals whose enum payloads carry tag bits, and reports them.
    if ! ASAN_OPTIONS=detect_leaks=0 "$work/build/release/$target" "$corpus" \
        "${length[@]}" -timeout=1 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_FLAGS:-} 2>"$work/$target.log"; then
        status=1
        echo "fuzz: $target FOUND A PROBLEM; see $work/$target.log and $findings/" >&2
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' \
        "$work/$target.log" || true
    echo "fuzz: $target corpus now $(find "$corpus" -type f | wc -l) inputs"
done
exit $status
