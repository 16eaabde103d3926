#!/bin/sh
# bench_import.sh - capcat import speed against the header-read limit, exiv2
# and ExifTool, and capcat's peak memory at N and 5N photos.  It also
# measures the parse limit (read_limit --parse): capcat's readers alone, as
# many threads as the import has, storing nothing; what the import adds to
# it is the catalog's cost.
#
#   sh tests/bench/bench_import.sh [BUILD_DIR]         (what `make bench` runs)
#
# Environment:
#   BENCH_PHOTOS=20000       N, the photos in the generated folder
#   BENCH_RUNS=3             runs of each measurement; the median is shown
#   BENCH_SKIP_5N=1          skip the 5N folder (peak RSS at 5N)
#   BENCH_FULL=5000          photos in a folder of camera-size files (the
#                            1,800 x 1,200 images of the corpus, as the issue
#                            measured: its 25% target is shown for them too);
#                            0 skips it
#   BENCH_JOBS=              capcat import --jobs (default: capcat's, all CPUs)
#   BENCH_EXIFTOOL_FILES=1000  ExifTool reads this many files when N is more
#                            (it is slow); its files/s is scaled from those
#   BENCH_SEED=1             make_photos seed
#
# Folders are generated under BUILD_DIR/bench by make_photos and reused while
# they hold the same files.  The page cache is warm: that is the measured
# condition.  Nothing is dropped from it, and every measurement comes right
# after an untimed read of the files it reads, since some machines page out
# cache unused for a minute (DAMON reclaim), e.g. during the long 5N import,
# and after a sync.
# Each round runs every tool once, in turn, so that a noisy moment hurts them
# all alike.  Targets are printed as met or not met, but timings are never
# pass/fail: exit 0.

build=${1:-build}
n=${BENCH_PHOTOS:-20000}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}
et_max=${BENCH_EXIFTOOL_FILES:-1000}
jobs=${BENCH_JOBS:+--jobs $BENCH_JOBS}
# the parse limit's threads: as many as the import's --jobs (its default is
# the online CPUs, sysconf's count; at most 64)
threads=${BENCH_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)}
[ "$threads" -gt 64 ] 2>/dev/null && threads=64
work=$build/bench
capcat=$build/capcat
make_photos=$build/tests/bench/make_photos
read_limit=$build/tests/bench/read_limit
gnu_time=/usr/bin/time

for f in "$capcat" "$make_photos" "$read_limit"; do
	[ -x "$f" ] || { echo "bench_import: '$f' is not built (make build)" >&2; exit 1; }
done
mkdir -p "$work/cache" "$work/m"
rm -f "$work"/m/*
# the gazetteer cache of capcat goes here, not into the user's home
XDG_CACHE_HOME=$(cd "$work/cache" && pwd)
export XDG_CACHE_HOME LC_ALL=C
[ -x "$gnu_time" ] && "$gnu_time" -f %M true >/dev/null 2>&1 || gnu_time=

# ---- helpers ----

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }                       # calc 'EXPR'
fmt() { awk -v x="$1" -v d="${2:-0}" 'BEGIN { if (x == "") print "n/a"; else printf("%." d "f\n", x) }'; }
jget() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$2"; }    # jget KEY FILE (one-line JSON)
record() { echo "$2" >>"$work/m/$1"; }                      # record METRIC VALUE
median() {
	[ -s "$work/m/$1" ] || return 0
	sort -g "$work/m/$1" | awk '{ a[NR] = $1 }
		END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
count_jpg() { find "$1" -name '*.jpg' -type f | wc -l; }
# warm DIR...: read every file (and capcat's place index) once, untimed;
# first write out what earlier runs left dirty (their catalogs: hundreds of
# MiB), so that the kernel's writeback does not take a core from this one
warm() {
	sync
	find "$@" -type f -print0 | xargs -0 cat >/dev/null
	cat "$XDG_CACHE_HOME"/capcat/* >/dev/null 2>&1
}

# photos DIR COUNT [--full-size]: make the folder unless it holds COUNT
# files of this generator
photos() {
	stamp="$("$make_photos" --version) files=$2 seed=$seed $3"
	if [ -f "$1.stamp" ] && [ "$(cat "$1.stamp")" = "$stamp" ] && [ "$(count_jpg "$1")" -eq "$2" ]; then
		echo "reusing $1 ($2 photos, $(du -sh "$1" | cut -f1))"
		return 0
	fi
	rm -rf "$1" "$1.stamp"
	printf 'generating %s: ' "$1"
	# shellcheck disable=SC2086  # $3 is empty or one word
	"$make_photos" $3 "$1" "$2" "$seed" || { echo "bench_import: make_photos failed" >&2; exit 1; }
	echo "$stamp" >"$1.stamp"
}

# import NAME DIR CATALOG: one capcat import, recording files/s, wall, RSS
import() {
	out=$work/$1.json
	t0=$(now)
	if [ -n "$gnu_time" ]; then
		# shellcheck disable=SC2086  # $jobs is empty or two words
		"$gnu_time" -f %M -o "$work/rss" "$capcat" --catalog "$3" --quiet import --json $jobs "$2" >"$out"
	else
		# shellcheck disable=SC2086
		"$capcat" --catalog "$3" --quiet import --json $jobs "$2" >"$out"
	fi
	t1=$(now)
	record "$1" "$(jget files_per_s "$out")"
	record "$1.wall" "$(calc "$t1 - $t0")"
	[ -n "$gnu_time" ] && record "$1.rss" "$(tail -n 1 "$work/rss")"
	[ -f "$work/$1.first" ] || cp "$out" "$work/$1.first"
}

fresh_import() {
	rm -f "$3" "$3-wal" "$3-shm" "$3-journal"
	import "$@"
}

# exiv2_run NAME DIR COUNT: exiv2 -pa over the folder, recording files/s
exiv2_run() {
	warm "$2"
	t0=$(now)
	find "$2" -name '*.jpg' -print0 | xargs -0 -n 500 exiv2 -pa >/dev/null 2>&1
	t1=$(now)
	record "$1" "$(calc "$3 / ($t1 - $t0)")"
}

# ---- the folders, and an untimed warm-up ----

dir=$work/photos-$n
photos "$dir" "$n"
dir5=
if [ "${BENCH_SKIP_5N:-0}" != 1 ]; then
	dir5=$work/photos-$((5 * n))
	photos "$dir5" $((5 * n))
fi
nfull=${BENCH_FULL:-5000}
dirf=
if [ "$nfull" -gt 0 ]; then
	dirf=$work/photos-full-$nfull
	photos "$dirf" "$nfull" --full-size
fi
have_exiv2=$(command -v exiv2)
have_exiftool=$(command -v exiftool)
# ExifTool reads whole subfolders of 100 files
et_dirs=$dir
et_files=$n
if [ "$et_max" -gt 0 ] && [ "$n" -gt "$et_max" ]; then
	et_dirs=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | sort | head -n $(((et_max + 99) / 100)))
	et_files=$(for d in $et_dirs; do count_jpg "$d"; done | awk '{ s += $1 } END { print s }')
fi
bytes=$(find "$dir" -name '*.jpg' -type f -print0 | xargs -0 cat | wc -c)
"$capcat" --catalog "$work/warmup.db" --quiet import --json "$dir/0000" >/dev/null  # builds the place index
rm -f "$work/warmup.db"*
[ -n "$have_exiv2" ] && exiv2 -pa "$dir"/0000/*.jpg >/dev/null 2>&1
[ -n "$have_exiftool" ] && exiftool -json -fast "$dir/0000" >/dev/null 2>&1

echo "N=$n photos ($(fmt "$(calc "$bytes / $n / 1024")" 1) KiB average), $runs runs each," \
     "median shown; $(nproc) CPUs; capcat ${jobs:---jobs default (all CPUs)}"

# ---- the rounds: every tool once per round ----

rm -f "$work"/*.first
r=1
while [ "$r" -le "$runs" ]; do
	printf 'round %d/%d:' "$r" "$runs"
	warm "$dir"
	"$read_limit" "$dir" >"$work/limit1.json" && record limit1 "$(jget files_per_s "$work/limit1.json")"
	"$read_limit" --threads 2 "$dir" >"$work/limit2.json" &&
		record limit2 "$(jget files_per_s "$work/limit2.json")"
	printf ' limit'
	warm "$dir"
	"$read_limit" --threads "$threads" --parse "$dir" >"$work/parse.json" &&
		record parse "$(jget files_per_s "$work/parse.json")"
	printf ' parse'
	warm "$dir"
	fresh_import new "$dir" "$work/catalog.db"
	warm "$dir"
	import unchanged "$dir" "$work/catalog.db"
	printf ' capcat'
	if [ -n "$have_exiv2" ]; then
		exiv2_run exiv2 "$dir" "$n"
		printf ' exiv2'
	fi
	if [ -n "$have_exiftool" ]; then
		# shellcheck disable=SC2086
		warm $et_dirs
		t0=$(now)
		# shellcheck disable=SC2086  # one argument per subfolder
		exiftool -r -json -fast $et_dirs >"$work/exiftool.json" 2>/dev/null
		t1=$(now)
		got=$(grep -c '"SourceFile"' "$work/exiftool.json")
		record exiftool "$(calc "$got / ($t1 - $t0)")"
		printf ' exiftool'
	fi
	if [ -n "$dir5" ]; then
		warm "$dir5"
		fresh_import new5 "$dir5" "$work/catalog5.db"
		printf ' capcat-5N'
	fi
	if [ -n "$dirf" ]; then
		warm "$dirf"
		"$read_limit" "$dirf" >"$work/limitf.json" &&
			record limitf "$(jget files_per_s "$work/limitf.json")"
		warm "$dirf"
		"$read_limit" --threads "$threads" --parse "$dirf" >"$work/parsef.json" &&
			record parsef "$(jget files_per_s "$work/parsef.json")"
		warm "$dirf"
		fresh_import newf "$dirf" "$work/catalogf.db"
		[ -n "$have_exiv2" ] && exiv2_run exiv2f "$dirf" "$nfull"
		printf ' camera-size'
	fi
	echo
	r=$((r + 1))
done
rm -f "$work/catalog.db"* "$work/catalog5.db"* "$work/catalogf.db"*

# ---- the report ----

new=$(median new)
exiv2=$(median exiv2)
exiftool=$(median exiftool)
limit1=$(median limit1)
limit2=$(median limit2)
parse=$(median parse)
unchanged=$(median unchanged)
ratio() { [ -n "$1" ] && [ -n "$2" ] && [ "$(calc "($2 != 0) ? 1 : 0")" = 1 ] && calc "$1 / $2"; }
pct() { if [ -n "$1" ]; then echo "$(fmt "$(calc "100 * $1")")%"; else echo n/a; fi; }
row() { printf '%-40s %12s %12s %14s\n' "$1" "$(fmt "$2")" "$(fmt "$3" 2)" "$(fmt "$(ratio "$new" "$2")" 2)"; }

echo
s=$(jget new "$work/new.first")
f=$(jget failed "$work/new.first")
w=$(jget warnings "$work/new.first")
echo "capcat first import: $s new, $f failed, $w warnings (of $n files)"
[ "$s" = "$n" ] && [ "$f" = 0 ] || echo "WARNING: capcat did not import every file as new"
u=$(jget unchanged "$work/unchanged.first")
[ "$u" = "$n" ] || echo "WARNING: capcat re-import: $u unchanged of $n"
echo
printf '%-40s %12s %12s %14s\n' "tool" "files/s" "wall s" "capcat/tool"
row "read limit, open+read 64K+close, 1 thread" "$limit1" "$(calc "$n / $limit1")"
row "read limit, 2 threads" "$limit2" "$(calc "$n / $limit2")"
[ -n "$parse" ] && row "parse limit, capcat without its catalog" "$parse" "$(calc "$n / $parse")"
row "capcat import, empty catalog" "$new" "$(median new.wall)"
row "capcat import, unchanged" "$unchanged" "$(median unchanged.wall)"
[ -n "$exiv2" ] && row "exiv2 -pa (xargs -n 500)" "$exiv2" "$(calc "$n / $exiv2")"
if [ -n "$exiftool" ]; then
	if [ "$et_files" -lt "$n" ]; then
		row "exiftool -r -json -fast ($et_files files)*" "$exiftool" "$(calc "$n / $exiftool")"
		echo "* ExifTool read $et_files of the $n files; its wall time is scaled to $n"
	else
		row "exiftool -r -json -fast" "$exiftool" "$(calc "$n / $exiftool")"
	fi
fi
echo "files/s of capcat: its JSON summary; wall s: the whole process (median)"

# target LABEL VALUE OP LIMIT SHOWN GOAL: "met" when VALUE OP LIMIT
target() {
	if [ -z "$2" ]; then verdict="n/a"
	elif [ "$(calc "($2 $3 $4) ? 1 : 0")" = 1 ]; then verdict="met"
	else verdict="NOT MET"; fi
	printf '%-36s %16s   target %-12s %s\n' "$1" "$5" "$6" "$verdict"
}

echo
echo "targets (timings are reported, never pass/fail):"
v=$(ratio "$new" "$exiv2")
target "capcat new / exiv2" "$v" ">=" 3 "$(fmt "$v" 2)x" ">= 3x"
# the peers are timed as whole processes: capcat too, for comparison
neww=$(median new.wall)
[ -n "$neww" ] && v=$(ratio "$(calc "$n / $neww")" "$exiv2") &&
	printf '%-36s %16s   (for information)
' "capcat new / exiv2, process wall" "$(fmt "$v" 2)x"
v=$(ratio "$new" "$exiftool")
target "capcat new / ExifTool" "$v" ">=" 50 "$(fmt "$v" 1)x" ">= 50x"
v=$(ratio "$new" "$limit1")
target "capcat new / limit (1 thread)" "$v" ">=" 0.25 "$(pct "$v")" ">= 25%"
v=$(ratio "$new" "$limit2")
printf '%-36s %16s   (for information)\n' "capcat new / limit (2 threads)" "$(pct "$v")"
# the share the import would have if its catalog cost nothing, and the
# share of its time the catalog takes (1/new - 1/parse of 1/new)
v=$(ratio "$parse" "$limit1")
printf '%-36s %16s   (for information)\n' "parse limit / limit (1 thread)" "$(pct "$v")"
v=$(ratio "$new" "$parse") && v=$(calc "1 - $v") &&
	printf '%-36s %16s   (for information)\n' "import time in the catalog" "$(pct "$v")"
target "capcat unchanged re-import" "$unchanged" ">=" 100000 "$(fmt "$unchanged") files/s" ">= 100,000"
rss=$(median new.rss)
rss5=$(median new5.rss)
if [ -z "$gnu_time" ]; then
	echo "peak RSS: n/a (GNU time is not installed: apt-get install time)"
else
	printf '%-36s %16s\n' "capcat peak RSS at N=$n" "$(fmt "$(calc "$rss / 1024")" 1) MiB"
	if [ -n "$dir5" ]; then
		printf '%-36s %16s\n' "capcat peak RSS at 5N=$((5 * n))" "$(fmt "$(calc "$rss5 / 1024")" 1) MiB"
		v=$(ratio "$rss5" "$rss")
		target "peak RSS 5N / N" "$v" "<=" 1.10 "$(fmt "$v" 2)" "<= 1.10"
		printf '%-36s %16s   (for information)\n' "capcat new at 5N" "$(fmt "$(median new5)") files/s"
	else
		echo "peak RSS at 5N: skipped (BENCH_SKIP_5N=1)"
	fi
fi
if [ -n "$dirf" ]; then
	newf=$(median newf)
	limitf=$(median limitf)
	parsef=$(median parsef)
	exiv2f=$(median exiv2f)
	fbytes=$(find "$dirf" -name '*.jpg' -type f -print0 | xargs -0 cat | wc -c)
	echo
	echo "camera-size photos (1,800 x 1,200 images, $nfull files, $(fmt "$(calc "$fbytes / $nfull / 1024")") KiB" \
	     "average), the kind the issue measured:"
	printf '%-36s %16s\n' "read limit, 1 thread" "$(fmt "$limitf") files/s"
	printf '%-36s %16s   %s of the limit\n' "parse limit" "$(fmt "$parsef") files/s" \
	       "$(pct "$(ratio "$parsef" "$limitf")")"
	printf '%-36s %16s   %s of the limit\n' "capcat import, empty catalog" "$(fmt "$newf") files/s" \
	       "$(pct "$(ratio "$newf" "$limitf")")"
	# the issue's own measurement: 5,000 photos of this kind, 64 KiB read of each
	v=$(ratio "$newf" "$limitf")
	target "capcat new / limit, camera-size" "$v" ">=" 0.25 "$(pct "$v")" ">= 25%"
	[ -n "$exiv2f" ] && printf '%-36s %16s   capcat/exiv2 %sx\n' "exiv2 -pa" "$(fmt "$exiv2f") files/s" \
				   "$(fmt "$(ratio "$newf" "$exiv2f")" 2)"
fi
exit 0
