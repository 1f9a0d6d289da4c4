// bench/latency/cpu_availability: how much of one CPU a thread really gets on this machine.
// A thread pinned to the CPU spins reading the monotonic clock; every gap between two reads
// longer than 10 us is time the thread was kept off its CPU (another thread or process, an
// interrupt, the hypervisor running another guest). No decision on that CPU can be faster
// than such a gap when one falls inside it, so the largest gaps bound what the live engine's
// decision max can be on this machine whatever its code does; the latency benchmark's figures
// should be read next to these (docs/performance.md, "Live latency").
//
//   alphapulse_cpu_availability [--cpu N] [--seconds S]
//
// Also prints the CPU's steal time over the run (/proc/stat: time the hypervisor gave the
// virtual CPU's slot to someone else), which tells a VM's own interruptions from local load.
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::int64_t monotonic_ns() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// The steal column of `cpuN` in /proc/stat, in clock ticks; -1 when unreadable.
long long steal_ticks(int cpu) {
  std::ifstream stat("/proc/stat");
  const std::string wanted = "cpu" + std::to_string(cpu);
  std::string line;
  while (std::getline(stat, line)) {
    std::istringstream fields(line);
    std::string name;
    fields >> name;
    if (name != wanted) continue;
    // user nice system idle iowait irq softirq steal
    std::array<long long, 8> v{};
    for (long long& x : v) fields >> x;
    return fields ? v[7] : -1;
  }
  return -1;
}

struct Options {
  int cpu = -1;  // default: the last CPU, the one scripts/bench_latency.sh pins decisions to
  double seconds = 10;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    if (arg == "--cpu") {
      o.cpu = std::atoi(argv[++i]);
    } else if (arg == "--seconds") {
      o.seconds = std::atof(argv[++i]);
    } else {
      return false;
    }
  }
  return o.seconds > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: alphapulse_cpu_availability [--cpu N] [--seconds S]\n");
    return 2;
  }
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (o.cpu < 0) o.cpu = static_cast<int>(cpus - 1);
  if (o.cpu >= cpus) {
    std::fprintf(stderr, "cpu_availability: --cpu %d: this machine has CPUs 0..%ld\n", o.cpu,
                 cpus - 1);
    return 2;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(o.cpu, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
    std::fprintf(stderr, "cpu_availability: cannot pin to CPU %d\n", o.cpu);
    return 1;
  }

  constexpr std::array<std::int64_t, 4> kThresholdsNs = {10'000, 100'000, 1'000'000, 10'000'000};
  std::array<long, kThresholdsNs.size()> gaps_over{};
  std::int64_t largest_gap = 0;
  std::int64_t lost = 0;
  const long long steal_before = steal_ticks(o.cpu);
  const std::int64_t start = monotonic_ns();
  const std::int64_t end = start + static_cast<std::int64_t>(o.seconds * 1e9);
  std::int64_t previous = start;
  while (previous < end) {
    const std::int64_t now = monotonic_ns();
    const std::int64_t gap = now - previous;
    previous = now;
    if (gap < kThresholdsNs[0]) continue;
    lost += gap;
    if (gap > largest_gap) largest_gap = gap;
    for (std::size_t k = 0; k < kThresholdsNs.size(); ++k) gaps_over[k] += gap >= kThresholdsNs[k];
  }
  const long long steal_after = steal_ticks(o.cpu);
  const double elapsed = static_cast<double>(previous - start);
  std::printf("cpu_availability cpu=%d seconds=%.1f\n", o.cpu, elapsed / 1e9);
  std::printf("gaps            >=10us=%ld >=100us=%ld >=1ms=%ld >=10ms=%ld max_us=%.1f\n",
              gaps_over[0], gaps_over[1], gaps_over[2], gaps_over[3],
              static_cast<double>(largest_gap) / 1e3);
  std::printf("time_off_cpu    %.3f%% (in gaps >= 10us)\n",
              100.0 * static_cast<double>(lost) / elapsed);
  if (steal_before >= 0 && steal_after >= 0) {
    const double tick_ms = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    std::printf("steal           %.1f ms (hypervisor, /proc/stat)\n",
                static_cast<double>(steal_after - steal_before) * tick_ms);
  }
  return 0;
}
