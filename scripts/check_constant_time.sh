#!/usr/bin/env bash
# Checks that secret-dependent values (MACs, cryptograms, RES/XRES,
# receipts, tokens, PINs and PUKs, checksums) are compared only with
# cardcore::equal_constant_time (card-core/cardcore/util/constant_time.hpp;
# docs/RELIABILITY.md, "Constant-time comparisons"). Fails, naming the
# lines, on: any memcmp but OpenSSL's CRYPTO_memcmp; a std::equal on a line
# that names such a value; == or != between such values. A review aid, not
# a proof: it reads the code as text. Run by the test suite (ctest
# ConstantTimeComparisons).
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=(card-core/cardcore models/twinmodels sim/twinsim analysis viz app)
status=0
report() {  # what, then the grep lines
  local what=$1
  shift
  if [ -n "$*" ]; then
    echo "check_constant_time: $what:" >&2
    printf '%s\n' "$@" >&2
    status=1
  fi
}
mapfile -t raw < <(grep -rnE '(^|[^_A-Za-z])(std::)?memcmp\(' "${dirs[@]}" || true)
report "memcmp (use equal_constant_time)" "${raw[@]}"
# A line names a secret-dependent value when one of its identifiers has a
# snake_case part (or the whole camelCase name) among these words.
names_secret='{ code = $0; sub(/^[^:]*:[^:]*:/, "", code); n = split(tolower(code), ids, /[^a-z0-9_]+/);
  for (i = 1; i <= n; ++i) { m = split(ids[i], parts, "_");
    for (j = 1; j <= m; ++j) if (parts[j] ~ /^(mac|macs|xmac|cryptogram|receipt|token|res|xres|pin|puk|checksum|signature|auts|cc)$/) { print; next } } }'
mapfile -t equal < <(grep -rnE 'std::equal\(' "${dirs[@]}" | awk "$names_secret" || true)
report "std::equal on a secret-dependent value (use equal_constant_time)" "${equal[@]}"
mapfile -t ops < <(grep -rnE "\b(x?res|[a-z_]*mac|cryptogram|receipt|token|pin|puk)\b\s*(==|!=)\s*[A-Za-z_(]" "${dirs[@]}" |
  grep -vE 'nullptr|\.size\(\)|::k|std::nullopt' || true)
report "== or != between secret-dependent values (use equal_constant_time)" "${ops[@]}"
exit "$status"
