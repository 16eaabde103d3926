#!/bin/sh
# bench_thumbs.sh BUILD_DIR - thumbnail throughput on 12-megapixel JPEGs
# without embedded thumbnails: capcat thumbnail --all against vipsthumbnail
# (Debian libvips-tools) on the same files in the same run, both on every
# core.  BENCH_THUMBS (default 200) files; the median of BENCH_RUNS (3).
# Prints figures and the ratio; never fails on timings.
set -eu
BUILD=${1:-build}
CAPCAT=$BUILD/capcat
N=${BENCH_THUMBS:-200}
RUNS=${BENCH_RUNS:-3}
JOBS=$(nproc)
DIR=$BUILD/bench/thumbs-12mp
if ! command -v vips >/dev/null || ! command -v vipsthumbnail >/dev/null; then
	echo "bench_thumbs: vips and vipsthumbnail are needed (apt-get install libvips-tools)" >&2
	exit 0
fi
if [ "$(ls "$DIR" 2>/dev/null | grep -c '\.jpg$')" != "$N" ]; then
	rm -rf "$DIR"
	mkdir -p "$DIR"
	# one real photo made 12 MP (4242x2828), no EXIF and so no thumbnail
	vips resize tests/data/corpus/Landscape_1.jpg "$DIR/base.v.jpg[Q=90,strip]" 2.3567
	i=0
	while [ $i -lt "$N" ]; do
		cp "$DIR/base.v.jpg" "$DIR/$(printf 'IMG_%04d.jpg' $i)"
		i=$((i + 1))
	done
	rm "$DIR/base.v.jpg"
fi
echo "files: $N x $(vipsheader -f width "$DIR/IMG_0000.jpg")x$(vipsheader -f height "$DIR/IMG_0000.jpg") JPEG, $JOBS cores"
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
cap=""; vip=""
r=0
while [ $r -lt "$RUNS" ]; do
	cat_db=$BUILD/bench/thumbs.db
	rm -f "$cat_db" "$cat_db"-wal "$cat_db"-shm
	"$CAPCAT" --catalog "$cat_db" --quiet import --no-thumbnails "$DIR" >/dev/null
	t0=$(now)
	"$CAPCAT" --catalog "$cat_db" --quiet thumbnail --all --jobs "$JOBS" >/dev/null
	t1=$(now)
	cap="$cap $(echo "$N / ($t1 - $t0)" | bc -l)"
	out=$(cd "$BUILD" && pwd)/bench/vips-out
	rm -rf "$out"; mkdir -p "$out"
	t0=$(now)
	ls "$DIR"/*.jpg | xargs -P "$JOBS" -n 25 vipsthumbnail --size 256 -o "$out/%s.jpg[Q=80]"
	t1=$(now)
	vip="$vip $(echo "$N / ($t1 - $t0)" | bc -l)"
	r=$((r + 1))
done
c=$(for v in $cap; do echo "$v"; done | median)
v=$(for v in $vip; do echo "$v"; done | median)
printf "capcat thumbnail --all   %8.1f thumbnails/s\n" "$c"
printf "vipsthumbnail            %8.1f thumbnails/s\n" "$v"
printf "capcat / vipsthumbnail   %8.2f  (target: >= 1.00)\n" "$(echo "$c / $v" | bc -l)"
