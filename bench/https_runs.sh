#!/usr/bin/env bash
# ES5 over HTTPS against SMS at scale (docs/PERFORMANCE.md, "ES5 over
# HTTPS in runs"): scenarios/export-enable-profile.yaml (the SM-SR's
# scripts over SMS) and scenarios/export-enable-https.yaml (the same
# trackers and campaign over the eUICCs' TLS-PSK sessions) scaled to N
# trackers (default 2 000), each run's wall time and peak memory, and the
# HTTPS run's cost per session against the SMS run measured in the same
# invocation. Usage: bench/https_runs.sh [DEVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
. bench/timed_runs.sh

/usr/bin/python3 - "$n" "$dir" <<'PY'
import re, sys
n, out = int(sys.argv[1]), sys.argv[2]
for name in ["export-enable-profile", "export-enable-https"]:
    s = open("scenarios/%s.yaml" % name).read()
    s = s.replace("count: 500\n", "count: %d\n" % n, 1)
    # The campaign at the same pace per tracker: 10% a minute.
    s = re.sub(r"batch_size: \d+", "batch_size: %d" % max(1, n // 10), s)
    s = s.replace("admission_rate: 20, burst: 100", "admission_rate: %d, burst: %d" % (n, n))
    s = s.replace("admission_rate: 20\n", "admission_rate: %d\n" % n).replace("burst: 100\n", "burst: %d\n" % n)
    s = s.replace("rate: 50, burst: 50", "rate: %d, burst: %d" % (n // 5, n // 5))
    s = s.replace("== 500\"", "== %d\"" % n).replace("== 1000\"", "== %d\"" % (2 * n))
    open("%s/%s.yaml" % (out, name), "w").write(s)
PY

for run in export-enable-profile export-enable-https; do timed_run "$run" 22; done
sessions=$(awk '$1 == "https.sessions" {print $2}' "$dir/export-enable-https.out")
/usr/bin/python3 - "$n" "$sessions" "${wall[export-enable-profile]}" "${wall[export-enable-https]}" <<'PY'
import sys
n, sessions = int(sys.argv[1]), int(sys.argv[2])
sms, https = map(float, sys.argv[3:])
print(f"HTTPS {https / sms:.1f}x the SMS run; {1000 * (https - sms) / sessions:.2f} ms per session ({sessions} sessions, {n} trackers)")
PY
