#!/usr/bin/env bash
# Disk-to-disk mirror benchmark: s3clone vs rsync -a vs cp -r on one seeded tree.
# See bench/README.md. Prints figures only; it asserts nothing about speed.
set -euo pipefail

# ---------------------------------------------------------------- settings
FILES="${FILES:-20000}"          # number of files in the generated tree
RUNS="${RUNS:-3}"                # timed runs per tool
SEED="${SEED:-42}"               # seed of the tree generator
EXTRA_JOBS="${EXTRA_JOBS-8}"     # extra "s3clone --workers N" rows (space separated; empty: none)
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
WARMUP="${WARMUP:-1}"            # untimed (but verified) rounds before the timed ones
KEEP="${KEEP:-0}"                # 1: keep the work dir (tree + last destination)

MIN_SIZE=1024                    # 1 KiB
MAX_SIZE=65536                   # 64 KiB
FANOUT=20                        # folders per level, 2 levels

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
OUT_DIR="${OUT_DIR:-$SCRIPT_DIR/out}"


[[ "$FILES" =~ ^[1-9][0-9]*$ ]] || die "FILES must be a positive integer (got '$FILES')"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer (got '$SEED')"
for j in $EXTRA_JOBS; do
    [[ "$j" =~ ^[1-9][0-9]*$ ]] || die "EXTRA_JOBS must list positive integers (got '$j')"
done

# ---------------------------------------------------------------- tools

missing=()
command -v rsync   >/dev/null || missing+=(rsync)
command -v python3 >/dev/null || missing+=(python3)
command -v diff    >/dev/null || missing+=(diffutils)
[[ -x /usr/bin/time ]]        || missing+=(time)
if ((${#missing[@]})); then
    apt_install "${missing[@]}" || log "warning: could not install all of: ${missing[*]}"
fi
for c in rsync python3 diff cp; do
    command -v "$c" >/dev/null || die "'$c' is required and missing"
done
if /usr/bin/time -f '%U' -o /dev/null true 2>/dev/null; then
    HAVE_TIME=1
else
    HAVE_TIME=0
    log "warning: GNU time (/usr/bin/time) unavailable: CPU and peak RSS columns will be n/a"
fi

# ---------------------------------------------------------------- s3clone
resolve_s3clone
GIT_REV="$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"

# ---------------------------------------------------------------- work dir
mkdir -p "$BENCH_DIR"
WORK="$(mktemp -d "$BENCH_DIR/s3clone-mirror.XXXXXX")"
SRC="$WORK/src"
DST="$WORK/dst"
cleanup() {
    if [[ "$KEEP" == 1 ]]; then log "kept work dir: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Room for the source and one copy: mean size of the log-uniform 1..64 KiB is ~15.4 KiB.
need_kb=$(( FILES * 16 * 23 / 10 + 10240 ))
avail_kb=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
(( avail_kb > need_kb )) || die "$BENCH_DIR has ${avail_kb} KiB free, about ${need_kb} KiB needed"

# ---------------------------------------------------------------- the tree
# Sizes: log-uniform between 1 KiB and 64 KiB (size = round(1024 * 64**u), u uniform in [0,1)).
# Folders: root, 20 level-1 folders d00..d19, each with 20 level-2 folders d00..d19
# (421 folders); every file goes to one of them chosen uniformly.
# Contents: random bytes. All drawn from one random.Random(SEED), so the same
# FILES and SEED give the same tree (the fingerprint printed shows it).
log "generating $FILES files (seed $SEED) in $SRC ..."
TREE_INFO="$(python3 - "$SRC" "$FILES" "$SEED" "$MIN_SIZE" "$MAX_SIZE" "$FANOUT" <<'PY'
import hashlib, os, random, sys
root, count, seed, lo, hi, fan = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(seed)
folders = [""]
for a in range(fan):
    folders.append(f"d{a:02d}")
    folders.extend(f"d{a:02d}/d{b:02d}" for b in range(fan))
for f in folders:
    os.makedirs(os.path.join(root, f), exist_ok=True)
ratio = hi / lo
total = 0
h = hashlib.sha256()
for i in range(count):
    rel = os.path.join(rng.choice(folders), f"f{i:06d}.bin")
    size = min(hi, max(lo, round(lo * ratio ** rng.random())))
    data = rng.randbytes(size)
    with open(os.path.join(root, rel), "wb") as fh:
        fh.write(data)
    total += size
    h.update(rel.encode() + b"\0" + str(size).encode() + b"\0" + data)
print(total, len(folders), h.hexdigest()[:16])
PY
)"
read -r TOTAL_BYTES N_FOLDERS FINGERPRINT <<<"$TREE_INFO"
log "tree: $FILES files, $TOTAL_BYTES bytes, $N_FOLDERS folders, fingerprint $FINGERPRINT"

# ---------------------------------------------------------------- the runs
LABELS=("s3clone")
for j in $EXTRA_JOBS; do LABELS+=("s3clone --workers $j"); done
LABELS+=("rsync -a" "cp -r")

tool_cmd() {   # label -> CMD array
    case "$1" in
        "s3clone")       CMD=("$S3CLONE" --quiet "$SRC" "$DST") ;;
        "s3clone --workers "*) CMD=("$S3CLONE" --quiet --workers "${1#s3clone --workers }" "$SRC" "$DST") ;;
        "rsync -a")      CMD=(rsync -a "$SRC/" "$DST/") ;;
        "cp -r")         CMD=(cp -r "$SRC/." "$DST/") ;;
        *)               die "unknown tool '$1'" ;;
    esac
}

# Other work on the machine skews the figures. While this script is idle,
# sample for one second how busy the CPUs are; the result goes in the report.
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
BUSY_BEFORE="$(other_cpu)"
if [[ "$BUSY_BEFORE" =~ ^[0-9]+$ ]] && ((BUSY_BEFORE > 10)); then
    log "warning: the CPUs are ${BUSY_BEFORE}% busy with other work: figures will be noisy"
fi

RESULTS="$WORK/results.tsv"
: >"$RESULTS"
n=${#LABELS[@]}
for ((r = -WARMUP; r < RUNS; r++)); do
    # Rounds interleave the tools, each round starting one tool later,
    # so no tool always runs first or right after the same neighbour.
    for ((k = 0; k < n; k++)); do
        label="${LABELS[$(( (r + WARMUP + k) % n ))]}"
        if ((r < 0)); then what="warm-up"; else what="run $((r + 1))/$RUNS"; fi
        rm -rf "$DST"
        mkdir -p "$DST"
        tf="$WORK/time.out"
        out="$WORK/tool.log"
        rc=0
        b0=$(busy_ticks)
        t0=$(date +%s%N)
        tool_cmd "$label"
        if ((HAVE_TIME)); then
            /usr/bin/time -f '%U %S %M' -o "$tf" -- "${CMD[@]}" >"$out" 2>&1 </dev/null || rc=$?
        else
            "${CMD[@]}" >"$out" 2>&1 </dev/null || rc=$?
        fi
        t1=$(date +%s%N)
        b1=$(busy_ticks)
        if ((rc != 0)); then
            cat "$out" >&2
            die "'$label' exited with status $rc ($what)"
        fi
        # Verification is outside the timed part.
        if ! diff -r -q "$SRC" "$DST" >"$WORK/diff.out" 2>&1; then
            head -20 "$WORK/diff.out" >&2
            die "'$label' ($what): destination differs from source"
        fi
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        if ((HAVE_TIME)); then
            read -r usr sys rss < <(tail -1 "$tf")
        else
            usr=nan sys=nan rss=nan
        fi
        if ((r < 0)); then
            log "$(printf '%-8s %-20s' "$what" "$label") ${wall}s  (verified, not counted)"
            continue
        fi
        # CPU time the whole machine spent during the run (the tool's own included).
        machine=$(awk -v a="$b0" -v b="$b1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
        printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\n' "$label" "$((r + 1))" "$wall" "$usr" "$sys" "$rss" "$machine" >>"$RESULTS"
        log "$(printf '%-8s %-20s' "$what" "$label") ${wall}s  (verified)"
    done
done

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
MD="$OUT_DIR/mirror-$STAMP.md"

tool_version() { "$@" 2>/dev/null | head -1 || true; }
export R_RESULTS="$RESULTS" R_MD="$MD" R_FILES="$FILES" R_TOTAL="$TOTAL_BYTES" \
    R_LABELS="$(printf '%s\n' "${LABELS[@]}")" R_RUNS="$RUNS" R_WARMUP="$WARMUP" R_SEED="$SEED" \
    R_FOLDERS="$N_FOLDERS" R_FINGERPRINT="$FINGERPRINT" R_REV="$GIT_REV" \
    R_BUSY="$BUSY_BEFORE" R_BUSY_AFTER="$(other_cpu)" \
    R_S3CLONE_ORIGIN="$S3CLONE_ORIGIN" R_HAVE_TIME="$HAVE_TIME" \
    R_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')" \
    R_FS="$(df -PT "$WORK" | awk 'NR==2 {print $2}')" \
    R_CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)" \
    R_NPROC="$(nproc)" R_KERNEL="$(uname -sr)" \
    R_MEM="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)" \
    R_RSYNC="$(tool_version rsync --version)" R_CP="$(tool_version cp --version)"

PYTHONPATH="$SCRIPT_DIR" python3 - <<'PY'
import math, os, statistics
from report import render
from collections import OrderedDict

E = os.environ
labels = E["R_LABELS"].strip("\n").split("\n")
files, total = int(E["R_FILES"]), int(E["R_TOTAL"])
rows = OrderedDict((l, []) for l in labels)
with open(E["R_RESULTS"]) as fh:
    for line in fh:
        l, _run, wall, usr, sys_, rss, machine = line.rstrip("\n").split("\t")
        cpu = float(usr) + float(sys_)
        # Other work during the run: the machine's CPU time less the tool's own.
        other = max(0.0, float(machine) - cpu)
        rows[l].append((float(wall), cpu, float(rss), other))

def num(x, p):
    return "n/a" if math.isnan(x) else f"{x:.{p}f}"

med, table = {}, []
for l, runs in rows.items():
    walls = [w for w, *_ in runs]
    m = med[l] = statistics.median(walls)
    cpu = statistics.median(r[1] for r in runs)
    other = max(r[3] for r in runs)
    rss = max(r[2] for r in runs) / 1024          # GNU time %M is KiB
    table.append([l, f"{m:.3f} ({min(walls):.3f}-{max(walls):.3f})",
                  f"{files / m:,.0f}", f"{total / 1e6 / m:.1f}",
                  num(cpu, 2), num(rss, 1), num(other, 2)])
ref = labels[0]
for t in table:
    t.append("-" if t[0] == ref else f"{med[t[0]] / med[ref]:.2f}x")
head = ["tool", "median wall s (min-max)", "files/s", "MB/s", "CPU s", "peak RSS MiB",
        "other CPU s", "s3clone speedup"]

sentences = []
for l in labels[1:]:
    q = med[l] / med[ref]
    word, q = ("faster", q) if q >= 1 else ("slower", 1 / q)
    if f"{q:.2f}" == "1.00":
        sentences.append(f"s3clone is as fast as {l} (median wall times within 0.5%)")
    else:
        sentences.append(f"s3clone is {q:.2f}x {word} than {l} (median wall time)")

info = [
    ("date", E["R_DATE"]),
    ("machine", f"{E['R_CPU'] or 'unknown CPU'}, {E['R_NPROC']} cores, {E['R_MEM']}, {E['R_KERNEL']}"),
    ("busy", f"CPUs {E['R_BUSY']}% busy with other work in the second before the runs, "
             f"{E['R_BUSY_AFTER']}% in the second after (above a few % means noisy figures)"),
    ("s3clone", f"{E['R_S3CLONE_ORIGIN']}, repository at {E['R_REV']}"),
    ("tools", f"{E['R_RSYNC']}; {E['R_CP']}"),
    ("tree", f"{files:,} files, {total:,} bytes ({total / 1e6:.1f} MB), {E['R_FOLDERS']} folders "
             f"(2 levels x 20), sizes log-uniform 1-64 KiB, random bytes, "
             f"seed {E['R_SEED']}, fingerprint {E['R_FINGERPRINT']}"),
    ("storage", f"source and destination on {E['R_FS']}; page cache warm for every tool "
                f"(the source was just written there); destination removed and recreated before every run"),
    ("runs", f"{E['R_WARMUP']} untimed warm-up round(s), then {E['R_RUNS']} timed runs per tool, interleaved; each run verified with diff -r (not timed)"),
    ("columns", "wall = date +%s%N around the command; files/s and MB/s (10^6 bytes) from the median; "
                "CPU s = user+sys (median), peak RSS = max over runs, both from GNU time"
                + ("" if E["R_HAVE_TIME"] == "1" else " (unavailable here)")
                + "; other CPU s = most CPU time used by anything else during one run "
                "(from /proc/stat; near 0 on a quiet machine, includes process start)"
                + "; s3clone speedup = tool's median / s3clone's median"),
]

render("s3clone mirror benchmark (disk to disk)", info, head, table, sentences, E["R_MD"])
PY
log ""
log "markdown: $MD"
