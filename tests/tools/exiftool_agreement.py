#!/usr/bin/env python3
"""Measure how often capcat agrees with ExifTool on a folder of photos.

Usage:
    tests/tools/exiftool_agreement.py --capcat PATH_TO_CAPCAT [--catalog FILE]
                                      [--list-disagreements] DIR

Runs ExifTool (-n -json) over DIR, imports DIR into a capcat catalog (a
temporary one unless --catalog FILE is given, in which case FILE is used and
kept), then runs `capcat show --json` for every image ExifTool found and
compares Make, Model, DateTimeOriginal, Orientation, GPSLatitude,
GPSLongitude, ThumbnailImage, ImageWidth and ImageHeight.

Where a file holds the same tag in several places (EXIF and XMP, or an
embedded CIFF record), ExifTool's default output may pick the non-EXIF copy;
for the EXIF fields (all but ImageWidth/ImageHeight and the signed GPS
coordinates) the value in ExifTool's
EXIF groups (IFD0, ExifIFD, GPS, IFD1) is preferred when there is one, since
that is what capcat reads.  ImageWidth/ImageHeight are ExifTool's default.

A field ExifTool does not report is not counted, except ThumbnailImage, which
is counted for every image (presence vs. absence).  A file capcat did not
catalog counts every one of its ExifTool values as a disagreement.

Prints a per-field table and a final line `agreement: A/B = P%`.  With
--list-disagreements, also prints `FILE\tFIELD\texiftool=X\tcapcat=Y` lines.
Exits 0 whatever the agreement; 2 if it cannot run.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

FIELDS = ["Make", "Model", "DateTimeOriginal", "Orientation", "GPSLatitude",
          "GPSLongitude", "ThumbnailImage", "ImageWidth", "ImageHeight"]
EXIFTOOL_ARGS = ["-n", "-json", "-q", "-q", "-r", "-Make", "-Model",
                 "-DateTimeOriginal", "-Orientation", "-GPSLatitude",
                 "-GPSLongitude", "-ThumbnailImage", "-ImageWidth",
                 "-ImageHeight", "-FileType", "-MIMEType"]
RAW_TYPES = {"3FR", "ARW", "CR2", "CR3", "CRW", "DCR", "DNG", "ERF", "IIQ",
             "K25", "KDC", "MEF", "MOS", "MRW", "NEF", "NRW", "ORF", "PEF",
             "RAF", "RAW", "RW2", "RWL", "SR2", "SRF", "SRW", "X3F"}
NOT_CATALOGED = "not cataloged"
EXIF_GROUPS = ("IFD0", "ExifIFD", "GPS", "IFD1")


def prefer_exif_groups(default, grouped):
    """Replace default picks by the EXIF-group value where ExifTool has one."""
    by_file = {g["SourceFile"]: g for g in grouped}
    for info in default:
        g = by_file.get(info["SourceFile"], {})
        for field in FIELDS:
            # the GPS group's -n values are unsigned (the sign is in the
            # Ref tags); ExifTool's default GPS values are the signed ones
            if field in ("ImageWidth", "ImageHeight", "GPSLatitude",
                         "GPSLongitude"):
                continue
            for group in EXIF_GROUPS:
                if group + ":" + field in g:
                    info[field] = g[group + ":" + field]
                    break
    return default


def die(msg):
    print("exiftool_agreement: " + msg, file=sys.stderr)
    sys.exit(2)


def run(cmd, timeout=600):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        die("cannot run %s: %s" % (cmd[0], e))


def as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def as_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def norm_exif_date(v):
    """'YYYY:MM:DD HH:MM:SS[...]' -> 'YYYY-MM-DDTHH:MM:SS'."""
    s = str(v)[:19]
    if len(s) == 19:
        s = s[:10].replace(":", "-") + "T" + s[11:]
    return s


def capcat_value(field, rec):
    """The capcat value for a field, in comparable/printable form."""
    if field in ("Make", "Model"):
        v = rec.get(field.lower())
        return None if v is None else str(v).strip()
    if field == "DateTimeOriginal":
        v = rec.get("taken")
        return None if v is None else str(v)[:19]
    if field == "Orientation":
        return as_int(rec.get("orientation"))
    if field in ("GPSLatitude", "GPSLongitude"):
        gps = rec.get("gps") or {}
        return as_float(gps.get("lat" if field == "GPSLatitude" else "lon"))
    if field == "ThumbnailImage":
        # the thumbnail the file embeds, not one capcat made
        t = rec.get("thumbnail") or {}
        return "present" if t.get("source") == "exif" else "absent"
    return as_int(rec.get("width" if field == "ImageWidth" else "height"))


def exif_value(field, info):
    """The ExifTool value for a field (None: not reported, not counted)."""
    if field == "ThumbnailImage":
        return "present" if "ThumbnailImage" in info else "absent"
    if field not in info:
        return None
    v = info[field]
    if field in ("Make", "Model"):
        return str(v).strip()
    if field == "DateTimeOriginal":
        return norm_exif_date(v)
    if field in ("GPSLatitude", "GPSLongitude"):
        f = as_float(v)
        return f if f is not None else str(v)
    i = as_int(v)
    return i if i is not None else str(v)


def agrees(field, ev, cv):
    if cv is None:
        return False
    if field in ("GPSLatitude", "GPSLongitude"):
        return isinstance(ev, float) and abs(ev - cv) <= 1e-5
    return ev == cv


def fmt(v):
    return "null" if v is None else str(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capcat", required=True, help="capcat binary")
    ap.add_argument("--catalog", help="catalog file to use and keep "
                    "(default: a temporary one)")
    ap.add_argument("--list-disagreements", action="store_true")
    ap.add_argument("dir", metavar="DIR")
    args = ap.parse_args()

    if not os.path.isdir(args.dir):
        die("not a directory: %s" % args.dir)
    capcat = os.path.abspath(args.capcat)
    if not (os.path.isfile(capcat) and os.access(capcat, os.X_OK)):
        die("capcat binary not found or not executable: %s" % args.capcat)
    if shutil.which("exiftool") is None:
        die("exiftool not found in PATH")
    top = os.path.realpath(args.dir)

    r = run(["exiftool"] + EXIFTOOL_ARGS + [top])
    try:
        entries = json.loads(r.stdout) if r.stdout.strip() else []
    except json.JSONDecodeError as e:
        die("cannot parse exiftool output: %s" % e)
    r = run(["exiftool", "-G1", "-a"] + EXIFTOOL_ARGS + [top])
    try:
        grouped = json.loads(r.stdout) if r.stdout.strip() else []
    except json.JSONDecodeError as e:
        die("cannot parse exiftool output: %s" % e)
    entries = prefer_exif_groups(entries, grouped)
    images = [e for e in entries
              if str(e.get("MIMEType", "")).startswith("image/")
              or str(e.get("FileType", "")).upper() in RAW_TYPES]
    images.sort(key=lambda e: e["SourceFile"])

    tmpdir = None
    if args.catalog:
        catalog = os.path.abspath(args.catalog)
    else:
        tmpdir = tempfile.mkdtemp(prefix="capcat-agreement-")
        catalog = os.path.join(tmpdir, "catalog.db")
    try:
        base = [capcat, "--catalog", catalog]
        r = run(base + ["--quiet", "import", top], timeout=3600)
        if r.returncode not in (0, 1):
            die("capcat import failed (exit %d): %s"
                % (r.returncode, r.stderr.strip()))
        stats = {f: [0, 0] for f in FIELDS}   # field -> [compared, agreed]
        disagreements = []
        for info in images:
            path = os.path.abspath(info["SourceFile"])
            r = run(base + ["show", "--json", path], timeout=120)
            rec = None
            if r.returncode == 0:
                try:
                    rec = json.loads(r.stdout)
                except json.JSONDecodeError:
                    rec = None
            for field in FIELDS:
                ev = exif_value(field, info)
                if ev is None:
                    continue
                stats[field][0] += 1
                if not isinstance(rec, dict):
                    disagreements.append((path, field, ev, NOT_CATALOGED))
                    continue
                cv = capcat_value(field, rec)
                if agrees(field, ev, cv):
                    stats[field][1] += 1
                else:
                    disagreements.append((path, field, ev, cv))
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)

    if args.list_disagreements:
        for path, field, ev, cv in disagreements:
            print("%s\t%s\texiftool=%s\tcapcat=%s"
                  % (path, field, fmt(ev), fmt(cv)))
    pct = lambda a, b: 100.0 * a / b if b else 0.0
    print("%-18s %9s %7s %8s" % ("field", "compared", "agreed", "percent"))
    for f in FIELDS:
        n, a = stats[f]
        print("%-18s %9d %7d %7.1f%%" % (f, n, a, pct(a, n)))
    total = sum(s[0] for s in stats.values())
    agreed = sum(s[1] for s in stats.values())
    print("images: %d" % len(images))
    print("agreement: %d/%d = %.1f%%" % (agreed, total, pct(agreed, total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
