#!/usr/bin/env bash
# Inventory benchmark: s3clone reading and planning a synthetic S3 Inventory report (CSV) of KEYS
# objects in FILES gzip data files (bench/inventorygen.py), as `--dry-run --inventory` into a
# missing folder (BUDGET sets --memory-budget): every row is read, inflated, parsed, queued (spilling past the budget) and
# printed in size order. No server is involved: a dry run with the default size comparison reads
# nothing from the bucket. Prints wall time, s3clone's own listing time, CPU and peak RSS.
#
#   bench/inventorybench.sh                     # 1,000,000 rows in 10 files
#   KEYS=10000000 FILES=20 bench/inventorybench.sh
#   S3CLONE=path/to/s3clone bench/inventorybench.sh
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
source "$SCRIPT_DIR/lib.sh"

KEYS="${KEYS:-1000000}"
FILES="${FILES:-10}"
RUNS="${RUNS:-1}"
LISTERS="${LISTERS:-8}"
BUDGET="${BUDGET:-}"

WORK="$(mktemp -d /dev/shm/s3clone-invbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
[[ -x /usr/bin/time ]] || apt_install time
resolve_s3clone

log "writing a report of $KEYS rows in $FILES files"
MANIFEST="$(python3 "$SCRIPT_DIR/inventorygen.py" "$WORK/report" --keys "$KEYS" --files "$FILES")"
printf '%s rows in %s data files (%s of gzip CSV), --listers %s, %s run(s)\n' "$KEYS" "$FILES" "$(du -sh "$WORK/report" | cut -f1)" "$LISTERS" "$RUNS"
printf '| rows | planned | wall s | listing alone s | rows/s listed | CPU s | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- |\n'
for run in $(seq "$RUNS"); do
    t0=$(date +%s.%N)
    env AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
        AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
        /usr/bin/time -f "%U %S %M" -o "$WORK/time" \
        "$S3CLONE" --dry-run --quiet -vv --listers "$LISTERS" ${BUDGET:+--memory-budget "$BUDGET"} --inventory "$MANIFEST" --endpoint-url http://127.0.0.1:9 \
        s3://bench "$WORK/none" >"$WORK/out" 2>"$WORK/err" || { log "s3clone failed:"; tail -5 "$WORK/err" >&2; exit 1; }
    t1=$(date +%s.%N)
    planned=$(grep -c . "$WORK/out" || true)
    listing_ms=$(grep -o 'milliseconds=[0-9]*' "$WORK/err" | tail -1 | cut -d= -f2)
    read -r user sys rss <"$WORK/time"
    awk -v n="$KEYS" -v p="$planned" -v t0="$t0" -v t1="$t1" -v lm="$listing_ms" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
        printf "| %d | %d | %.2f | %.2f | %.0f | %.2f | %.0f |\n", n, p, t1 - t0, lm / 1000, n / (lm / 1000), u + s, r / 1024 }'
done
