// core/cpu_affinity: see the header. Linux sched affinity of the calling thread.
#include "core/cpu_affinity.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

namespace alphapulse::core {
namespace {

int cpu_count() noexcept {
  const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 && n < CPU_SETSIZE ? static_cast<int>(n) : 1;
}

bool apply(const cpu_set_t& set) noexcept {
  return ::pthread_setaffinity_np(::pthread_self(), sizeof set, &set) == 0;
}

}  // namespace

bool pin_current_thread_to_cpu(int cpu) noexcept {
  if (cpu < 0) return true;
  if (cpu >= cpu_count()) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return apply(set);
}

bool keep_current_thread_off_cpu(int cpu) noexcept {
  if (cpu < 0) return true;
  const int n = cpu_count();
  if (cpu >= n || n < 2) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c = 0; c < n; ++c) {
    if (c != cpu) CPU_SET(c, &set);
  }
  return apply(set);
}

}  // namespace alphapulse::core
