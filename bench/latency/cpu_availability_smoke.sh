#!/usr/bin/env bash
# Smoke test of alphapulse_cpu_availability (ctest cpu_availability_smoke): a short run prints
# every line in its format with counts that agree with each other (a gap of 1 ms is also one of
# 100 us and of 10 us, so the counts cannot grow with the threshold; time off the CPU is a
# share), and a CPU the machine does not have is refused with a message naming it.
set -euo pipefail
tool="$1"
fail() { echo "smoke test failed: $*" >&2; exit 1; }
out=$("$tool" --cpu 0 --seconds 0.3)
echo "$out"
num='[0-9]+(\.[0-9]+)?'
for pattern in \
  "^cpu_availability cpu=0 seconds=$num$" \
  "^gaps +>=10us=[0-9]+ >=100us=[0-9]+ >=1ms=[0-9]+ >=10ms=[0-9]+ max_us=$num$" \
  "^time_off_cpu +$num% \(in gaps >= 10us\)$"; do
  grep -Eq "$pattern" <<<"$out" || fail "no line matching /$pattern/"
done
read -r g10 g100 g1m g10m < <(sed -nE 's/^gaps +>=10us=([0-9]+) >=100us=([0-9]+) >=1ms=([0-9]+) >=10ms=([0-9]+).*/\1 \2 \3 \4/p' <<<"$out")
((g10 >= g100 && g100 >= g1m && g1m >= g10m)) || fail "gap counts grow with the threshold: $g10 $g100 $g1m $g10m"
off=$(sed -nE 's/^time_off_cpu +([0-9.]+)%.*/\1/p' <<<"$out")
awk -v off="$off" 'BEGIN { exit !(off >= 0 && off <= 100) }' || fail "time off CPU $off% is not a share"
seconds=$(sed -nE 's/^cpu_availability cpu=0 seconds=([0-9.]+)$/\1/p' <<<"$out")
awk -v s="$seconds" 'BEGIN { exit !(s >= 0.3 && s < 5) }' || fail "ran $seconds s for --seconds 0.3"

status=0
err=$("$tool" --cpu 4096 --seconds 0.1 2>&1) || status=$?
[[ $status -eq 2 ]] || fail "--cpu 4096 exited $status, not 2"
grep -q -- "--cpu 4096" <<<"$err" || fail "the error does not name the CPU: $err"
echo "cpu_availability smoke test passed"
