#!/bin/sh
# run_case.sh CAPCAT CASE_DIR DATA_DIR - run one end-to-end CLI case.
#
# A case is a folder with:
#   cmd           a shell script; $CAPCAT is the binary, $DATA the test data,
#                 $TMP a fresh scratch folder (also the working directory);
#                 the catalog is $TMP/catalog.db through $CAPCAT_CATALOG
#   expected.out  its standard output
#   expected.err  its standard error (compared only when the file exists)
#   expected.rc   its exit code (0 when the file does not exist)
# A cmd that exits 77 is skipped (what it printed on stderr says why).
# Output is compared after replacing $TMP and $DATA with those names, so
# goldens do not depend on where the tests run.  CAPCAT_UPDATE_GOLDEN=1
# rewrites the expected files instead, for review in the diff.
set -u
CAPCAT=$1
CASE=$2
DATA=$(cd "$3" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/capcat-case.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export CAPCAT DATA TMP
export LC_ALL=C TZ=UTC CAPCAT_NOW=2026-01-01T00:00:00Z
export CAPCAT_CATALOG="$TMP/catalog.db"
unset XDG_DATA_HOME
# the gazetteer index: shared by all cases (ctest sets XDG_CACHE_HOME)
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$TMP/cache}"

cd "$TMP" || exit 1
sh "$CASE/cmd" >"$TMP/.out" 2>"$TMP/.err"
rc=$?
if [ "$rc" = 77 ]; then
	echo "SKIPPED: $(cat "$TMP/.err")"
	exit 77
fi
normalize() { sed -e "s#$TMP#\$TMP#g" -e "s#$DATA#\$DATA#g" "$1"; }

if [ "${CAPCAT_UPDATE_GOLDEN:-}" = 1 ]; then
	normalize "$TMP/.out" >"$CASE/expected.out"
	if [ -s "$TMP/.err" ] || [ -f "$CASE/expected.err" ]; then
		normalize "$TMP/.err" >"$CASE/expected.err"
	fi
	if [ "$rc" != 0 ]; then echo "$rc" >"$CASE/expected.rc"; else rm -f "$CASE/expected.rc"; fi
	exit 0
fi

status=0
want_rc=0
[ -f "$CASE/expected.rc" ] && want_rc=$(cat "$CASE/expected.rc")
if [ "$rc" != "$want_rc" ]; then
	echo "exit code $rc, expected $want_rc"
	status=1
fi
normalize "$TMP/.out" >"$TMP/.out.n"
if ! diff -u "$CASE/expected.out" "$TMP/.out.n"; then
	status=1
fi
if [ -f "$CASE/expected.err" ]; then
	normalize "$TMP/.err" >"$TMP/.err.n"
	diff -u "$CASE/expected.err" "$TMP/.err.n" || status=1
elif [ $status != 0 ]; then
	echo "--- stderr:"; cat "$TMP/.err"
fi
exit $status
