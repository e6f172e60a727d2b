#!/usr/bin/env bash
# Fleet benchmark: N processes with `--shard auto` clone one generated bucket between them, as N
# machines of an array job would, and the union of their folders is checked against the bucket.
#
# `listserver.py --bodies` serves KEYS generated keys (each object's body is its key, with its
# true MD5 ETag) behind delayproxy.c at LATENCY ms of round trip. For each N in FLEET, N
# s3clone processes start at once with the variables of ENGINE (batch: AWS_BATCH_JOB_ARRAY_*,
# slurm: SLURM_ARRAY_TASK_*, k8s: JOB_COMPLETION_INDEX and `--shard auto/N`), each into its own
# folder. Prints the wall time from the first start to the last exit, objects/s, the processes'
# CPU and largest peak RSS, the server's and the proxy's CPU, and the check: every key exactly
# once over all folders, each file's bytes equal to its object's. The server is Python (one
# lock): on 2 shared cores it, not the clients, sets the pace; read its CPU column.
#
#   bench/fleetbench.sh                          # 200,000 keys, 25 ms, fleets of 1, 2 and 4
#   KEYS=1000000 FLEET="1 4" ENGINE=k8s bench/fleetbench.sh
#   S3CLONE=path/to/s3clone SHAPE=counter bench/fleetbench.sh
#   S3CLONE=old/s3clone PLAIN=1 FLEET=1 bench/fleetbench.sh   # no --shard: a build without it
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
source "$SCRIPT_DIR/lib.sh"

KEYS="${KEYS:-200000}"
FOLDERS="${FOLDERS:-200}"
SHAPE="${SHAPE:-nested}"
LATENCY="${LATENCY:-25}"
FLEET="${FLEET:-1 2 4}"
ENGINE="${ENGINE:-batch}"
EXTRA=(${EXTRA_ARGS:-})   # more s3clone arguments for every process, e.g. EXTRA_ARGS="-j 50"
case "$ENGINE" in batch|slurm|k8s) ;; *) die "ENGINE must be batch, slurm or k8s (got '$ENGINE')" ;; esac
[[ "${PLAIN:-}" != 1 || "$FLEET" == 1 ]] || die "PLAIN=1 (no --shard) runs one process: set FLEET=1"

WORK="$(mktemp -d /dev/shm/s3clone-fleetbench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[[ -x /usr/bin/time ]] || apt_install time
resolve_s3clone

start_listing_rig "$LATENCY" --keys "$KEYS" --folders "$FOLDERS" --shape "$SHAPE" --bodies --events "$WORK/events"

TICK="$(getconf CLK_TCK)"
BASE_ENV=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_S3 -u AWS_CA_BUNDLE
          -u JOB_COMPLETION_INDEX -u AWS_BATCH_JOB_ARRAY_INDEX -u AWS_BATCH_JOB_ARRAY_SIZE
          -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_STEP -u SLURM_ARRAY_TASK_COUNT
          AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
          AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null)

# The variables and the --shard value of process K of N under ENGINE.
shard_env() {   # k n -> SHARD_ENV array, SHARD_ARG
    case "$ENGINE" in
        batch) SHARD_ENV=(AWS_BATCH_JOB_ARRAY_INDEX="$1" AWS_BATCH_JOB_ARRAY_SIZE="$2"); SHARD_ARG=auto ;;
        slurm) SHARD_ENV=(SLURM_ARRAY_TASK_ID="$((10 + 2 * $1))" SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_STEP=2
                          SLURM_ARRAY_TASK_COUNT="$2"); SHARD_ARG=auto ;;
        k8s) SHARD_ENV=(JOB_COMPLETION_INDEX="$1"); SHARD_ARG="auto/$2" ;;
    esac
    if [[ "${PLAIN:-}" == 1 ]]; then SHARD_ENV=(); SHARD_ARG=; fi
}

printf '%s keys (%s), %s ms round trip, shards from %s variables; each object is its key (%s)\n' \
    "$KEYS" "$SHAPE" "$LATENCY" "$ENGINE" "$(basename "$S3CLONE")"
printf '| processes | wall s | objects/s | first object s | CPU s (all) | largest peak RSS MiB | server CPU s | proxy CPU s | exit statuses | check |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for n in $FLEET; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "FLEET holds process counts (got '$n')"
    run="$WORK/fleet-$n"; mkdir -p "$run"; : >"$WORK/events"
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/_events/reset")' \
        "http://127.0.0.1:$(cat "$WORK/server.port")"
    s0=$(cpu_of "$SERVER"); p0=$(cpu_of "$PROXY"); t0=$(date +%s.%N)
    children=()
    for k in $(seq 0 $((n - 1))); do
        shard_env "$k" "$n"
        "${BASE_ENV[@]}" "${SHARD_ENV[@]}" /usr/bin/time -f "%U %S %M" -o "$run/time-$k" \
            "$S3CLONE" --quiet ${SHARD_ARG:+--shard "$SHARD_ARG"} "${EXTRA[@]}" --endpoint-url "$EP" s3://bench "$run/shard-$k" \
            >"$run/out-$k" 2>"$run/err-$k" &
        children+=($!)
    done
    statuses=()
    for child in "${children[@]}"; do status=0; wait "$child" || status=$?; statuses+=("$status"); done
    t1=$(date +%s.%N); s1=$(cpu_of "$SERVER"); p1=$(cpu_of "$PROXY")
    cpu=$(cat "$run"/time-* | awk '{c += $1 + $2; if ($3 > m) m = $3} END {printf "%.2f %.0f", c, m / 1024}')
    first=$(awk -v t0="$t0" '$1 == "first-get" {printf "%.3f", $2 - t0}' "$WORK/events")
    check=$(python3 "$SCRIPT_DIR/fleetcheck.py" "$run" --keys "$KEYS" --folders "$FOLDERS" --shape "$SHAPE" 2>&1 | tail -1)
    awk -v n="$n" -v k="$KEYS" -v t0="$t0" -v t1="$t1" -v f="${first:--}" -v c="$cpu" -v sc="$((s1 - s0))" -v pc="$((p1 - p0))" \
        -v tk="$TICK" -v st="$(IFS=,; echo "${statuses[*]}")" -v ck="$check" 'BEGIN {
        split(c, cm, " "); w = t1 - t0
        printf "| %d | %.2f | %.0f | %s | %.2f | %s | %.2f | %.2f | %s | %s |\n", n, w, k / w, f, cm[1], cm[2], sc / tk, pc / tk, st, ck }'
    for k in $(seq 0 $((n - 1))); do
        [[ "${statuses[$k]}" == 0 ]] || { log "process $k of $n:"; tail -3 "$run/err-$k" >&2; }
    done
    rm -rf "$run"
done
