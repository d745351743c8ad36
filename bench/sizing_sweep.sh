#!/usr/bin/env bash
# The sizing study of a mass OTA number-writing campaign (docs/SIZING.md):
# campaign size x SMSC rate x PSM periodic TAU timer (T3412). Each point's
# scenario is bench/sizing_template.yaml filled in; each run's tail metrics
# come from its printed summary. Writes a CSV and a plain-text curve
# (completion time against size, per rate and T3412) to $OUT_DIR (default
# bench-out/sizing), and prints both.
#
#   bench/sizing_sweep.sh                       (from the repository root)
#   SIZES="10000 50000" RATES="20 100" T3412S="1h 4h" bench/sizing_sweep.sh
#
# Defaults: SIZES="10000 50000 200000", RATES="20 100 500", T3412S="1h 4h 12h".
# T3412 values are scenario durations (Nh or Nmin). The meters power up
# over one T3412 and the campaign starts at T3412 + 10 min; the stop time
# leaves room for the slower of the two limits: the start + T3412 +
# 2 x size / rate + 1 h.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 50000 200000"}
RATES=${RATES:-"20 100 500"}
T3412S=${T3412S:-"1h 4h 12h"}
out=${OUT_DIR:-bench-out/sizing}
bin=${ESIMTWIN:-build/app/esimtwin}
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
mkdir -p "$out"
csv=$out/sizing.csv

seconds_of() {  # 4h -> 14400, 30min -> 1800
  case $1 in
    *min) echo $((${1%min} * 60)) ;;
    *h) echo $((${1%h} * 3600)) ;;
    *) echo "T3412 $1: write Nh or Nmin" >&2; exit 2 ;;
  esac
}
metric() { awk -v m="$1" '$1 == m { print $2 }' "$2"; }

echo "size,rate,t3412_s,done,p50_s,p90_s,p99_s,max_s,attempts_per_order,sms_expired,ota_retries,wall_s,peak_mb" >"$csv"
for t3412 in $T3412S; do
  tau=$(seconds_of "$t3412")
  for rate in $RATES; do
    for size in $SIZES; do
      at=$((tau + 600))
      stop=$((at + tau + 2 * size / rate + 3600))
      name=s$size-r$rate-t$t3412
      sed -e "s/@SIZE@/$size/g" -e "s/@RATE@/$rate/g" -e "s/@T3412@/$t3412/g" -e "s/@AT@/$((at / 60))min/g" -e "s/@STOP@/$((stop / 60))min/g" \
        bench/sizing_template.yaml >"$out/$name.yaml"
      status=0
      /usr/bin/time -f "%e %M" -o "$out/$name.time" "$bin" run "$out/$name.yaml" --no-progress -o "$out/$name.h5" \
        >"$out/$name.out" 2>&1 || status=$?
      [ "$status" -eq 0 ] || { echo "$name: exit $status"; grep -E "FAIL|error" "$out/$name.out" || true; exit 1; }
      read -r wall kb <"$out/$name.time"
      s=$out/$name.out
      echo "$size,$rate,$tau,$(metric ota.done "$s"),$(metric ota.done_p50_s "$s"),$(metric ota.done_p90_s "$s"),$(metric ota.done_p99_s "$s"),$(metric ota.done_max_s "$s"),$(metric ota.attempts_per_order "$s"),$(metric sms.expired "$s"),$(metric ota.retries "$s"),$wall,$((kb / 1024))" >>"$csv"
      tail -n 1 "$csv"
      rm -f "$out/$name.h5"
    done
  done
done

# The curve: the time to the last meter done (and the p90) against size,
# one line per T3412 and rate, with size / rate (the SMSC's time for one
# attempt each) beside it.
{
  echo "completion time (max; p90 in brackets) in hours, against campaign size, per T3412 and SMSC rate"
  echo "size/rate: the SMSC's time for one attempt per meter, hours; * not every meter done by the stop"
  awk -F, 'NR > 1 {
      key = sprintf("T3412 %5.1f h, rate %4d/s", $3 / 3600, $2)
      if (!(key in seen)) { seen[key] = 1; keys[++n] = key }
      line[key] = line[key] sprintf("  %7d: %5.2f%s(%5.2f) [size/rate %5.2f]", $1, $8 / 3600, $4 < $1 ? "*" : " ", $6 / 3600, $1 / $2 / 3600)
    }
    END { for (i = 1; i <= n; ++i) print keys[i] ":" line[keys[i]] }' "$csv"
} | tee "$out/sizing-curve.txt"
echo "CSV: $csv"
