#!/bin/sh
# replay-corpus.sh - `make check` test: run each fuzz target once over its
# committed corpus, tests/fuzz/corpus/<target>/ (CI fuzzes nothing, it
# only replays). Run by the parallel test harness from the build
# directory, with $srcdir set and $FUZZ_NAMES from AM_TESTS_ENVIRONMENT.
# Under --enable-sanitizers the binaries carry ASan and UBSan, so a
# corpus input that crashes, leaks or hits undefined behaviour fails here.
set -u

: "${srcdir:=.}"
: "${FUZZ_NAMES:?FUZZ_NAMES is not set; run through make check}"
status=0
for name in $FUZZ_NAMES; do
	bin=./tests/fuzz/$name
	corpus=$srcdir/tests/fuzz/corpus/$name
	if [ ! -x "$bin" ] || [ ! -d "$corpus" ]; then
		echo "FAIL $name: missing $bin or $corpus"
		status=1
		continue
	fi
	if "$bin" "$corpus"; then
		echo "PASS $name"
	else
		echo "FAIL $name (replay a single file: $bin $corpus/<file>)"
		status=1
	fi
done
# Every corpus directory must belong to a target that is built.
for dir in "$srcdir"/tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	case " $FUZZ_NAMES " in
	*" $name "*) ;;
	*) echo "FAIL corpus $name has no target in FUZZ_NAMES"; status=1 ;;
	esac
done
exit $status
