# Shared helpers of the benchmark scripts (sourced, not run). Expects `set -euo pipefail`.

log() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Installs Debian packages that are missing (needs root or sudo).
apt_install() {
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { log "not root and no sudo: cannot install $*"; return 1; }
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null || { log "no apt-get: cannot install $*"; return 1; }
    log "installing: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# CPU ticks all processes have spent busy so far (from /proc/stat).
busy_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9; exit}' /proc/stat 2>/dev/null || echo 0; }

# CPU ticks (user + system) a process has spent so far, itself only (see getconf CLK_TCK).
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Prints the busy share of all CPUs over one second, in percent.
other_cpu() {
    local a b
    a=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat 2>/dev/null) || { echo '?'; return; }
    sleep 1
    b=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat 2>/dev/null) || { echo '?'; return; }
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
        busy = y[1] - x[1]; all = busy + y[2] - x[2];
        printf "%.0f", (all > 0 ? 100 * busy / all : 0) }'
}

# Sets S3CLONE to an absolute path and S3CLONE_ORIGIN to where it came from: the binary given in
# S3CLONE, or a release build in REPO_ROOT.
resolve_s3clone() {
    if [[ -n "${S3CLONE:-}" ]]; then
        [[ -x "$S3CLONE" ]] || die "S3CLONE='$S3CLONE' is not an executable file"
        S3CLONE="$(cd "$(dirname "$S3CLONE")" && pwd)/$(basename "$S3CLONE")"
        S3CLONE_ORIGIN="given in S3CLONE"
    else
        command -v swift >/dev/null || die "swift not found: install the toolchain or set S3CLONE=path/to/binary"
        log "building s3clone (release) in the repository root ..."
        (cd "$REPO_ROOT" && swift build -c release --static-swift-stdlib --product s3clone >&2)
        S3CLONE="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/s3clone"
        [[ -x "$S3CLONE" ]] || die "build did not produce $S3CLONE"
        S3CLONE_ORIGIN="built with swift build -c release --static-swift-stdlib"
    fi
}

# Starts listserver.py (with the arguments after the first) and, in front of it, delayproxy.c
# adding $1 ms of round trip, both in $WORK. Sets SERVER and PROXY (their pids, also added to
# PIDS, which the caller's cleanup kills) and EP (the proxy's URL).
start_listing_rig() {   # latency, listserver arguments...
    local latency="$1"; shift
    python3 "$SCRIPT_DIR/listserver.py" "$WORK/server.port" "$@" 2>"$WORK/server.log" &
    SERVER=$!; PIDS+=("$SERVER")
    for _ in $(seq 300); do [[ -s "$WORK/server.port" ]] && break; sleep 0.1; done
    [[ -s "$WORK/server.port" ]] || die "the listing server did not start: $(tail -3 "$WORK/server.log")"
    cc -O2 -o "$WORK/delayproxy" "$SCRIPT_DIR/delayproxy.c"
    "$WORK/delayproxy" -r "$latency" -f "$WORK/proxy.port" "127.0.0.1:$(cat "$WORK/server.port")" 2>"$WORK/proxy.log" &
    PROXY=$!; PIDS+=("$PROXY")
    for _ in $(seq 50); do [[ -s "$WORK/proxy.port" ]] && break; sleep 0.1; done
    [[ -s "$WORK/proxy.port" ]] || die "the delay proxy did not start"
    EP="http://127.0.0.1:$(cat "$WORK/proxy.port")"
}
