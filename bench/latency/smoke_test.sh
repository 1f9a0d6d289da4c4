#!/usr/bin/env bash
# Smoke test of the latency benchmark (ctest latency_bench_smoke): a tiny run over the real
# loopback path (2 symbols x 15m, 50 warm-up + 150 live candles each, paced at 100 closes/s),
# then checks that every report line is there in its format and that the number of closed
# candles decided is what this script expects on its own: symbols x (warm-up + live) =
# 2 x (50 + 150) = 400 when the feed begins on time.
set -euo pipefail
bench="$1"
fail() { echo "smoke test failed: $*" >&2; exit 1; }
status=0
out=$("$bench" --symbols 2 --timeframes 15m --warmup 50 --min-live 300 --mode paced \
  --closes-per-sec 100 --check) || status=$?
echo "$out"
[[ $status -eq 0 ]] || fail "the benchmark's own check failed (exit $status)"
num='[0-9]+(\.[0-9]+)?'
for pattern in \
  "^latency_bench +streams=2 symbols=2 timeframes=15m mode=paced target_closes_per_s=100 " \
  "^machine +nproc=[0-9]+ cpu=\".*\" build=" \
  "^warmup +closed=[0-9]+ seconds=$num " \
  "^live +closed=[0-9]+ measured=[0-9]+ forming_total=[0-9]+ seconds=$num candles_per_s=[0-9]+$" \
  "^decision_us +count=[1-9][0-9]* p50=$num p90=$num p95=$num p99=$num p999=$num max=$num mean=$num$" \
  "^ first_in_read_us +count=[1-9][0-9]* p50=$num p90=$num p95=$num p99=$num p999=$num max=$num mean=$num$" \
  "^ later_in_read_us +count=[0-9]+ p50=$num p90=$num p95=$num p99=$num p999=$num max=$num mean=$num$" \
  "^publish_us +count=[0-9]+ p50=$num p90=$num p95=$num p99=$num p999=$num max=$num mean=$num$" \
  "^memory +peak_rss_mb=$num rss_engine_started_mb=$num rss_after_warmup_mb=$num " \
  "^closed_candles +processed=[0-9]+ expected=[0-9]+ feed_began_base_steps_late=[0-9]+ " \
  "^drops +inbox=0 sink=0 out_of_order=0 store_errors=0 inbox_full_waits=[0-9]+$" \
  "^goals +decision_p99<=10us=(met|missed) decision_max<=100us=(met|missed) peak_rss<=64MB=(met|missed)$"; do
  grep -Eq "$pattern" <<<"$out" || fail "no line matching /$pattern/"
done
# Under load the feed may begin a few candles after the simulator's clock started (then its
# warm-up window starts that much later): every candle from the warm-up start to the end,
# exactly once, is 2 x (50 + 150 - late).
# The two parts of the decision histogram hold every decision it holds.
decisions=$(sed -nE 's/^decision_us +count=([0-9]+) .*/\1/p' <<<"$out")
first=$(sed -nE 's/^ first_in_read_us +count=([0-9]+) .*/\1/p' <<<"$out")
later=$(sed -nE 's/^ later_in_read_us +count=([0-9]+) .*/\1/p' <<<"$out")
[[ $((first + later)) -eq "$decisions" ]] ||
  fail "first_in_read $first + later_in_read $later != decisions $decisions"
late=$(sed -nE 's/^closed_candles .* feed_began_base_steps_late=([0-9]+) .*/\1/p' <<<"$out")
processed=$(sed -nE 's/^closed_candles +processed=([0-9]+) .*/\1/p' <<<"$out")
[[ "$late" -le 100 ]] || fail "the feed began $late candles late: too late to check anything"
want=$((2 * (50 + 150 - late)))
[[ "$processed" -eq "$want" ]] || fail "processed $processed closed candles, expected $want"
# Warm-up and live split them between them: the warm-up phase decided at least the 100
# history candles, and the live histogram holds at most the live candles.
warm=$(sed -nE 's/^warmup +closed=([0-9]+) .*/\1/p' <<<"$out")
live=$(sed -nE 's/^live +closed=([0-9]+) .*/\1/p' <<<"$out")
measured=$(sed -nE 's/^live +closed=[0-9]+ measured=([0-9]+) .*/\1/p' <<<"$out")
[[ $((warm + live)) -eq "$want" ]] || fail "warm-up $warm + live $live != $want"
[[ "$warm" -ge 100 ]] || fail "warm-up decided $warm < 100 history candles"
[[ "$measured" -ge 1 && "$measured" -le "$live" ]] || fail "measured=$measured, expected 1..$live"
echo "smoke test passed"
