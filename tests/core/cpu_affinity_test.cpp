// core/cpu_affinity: the calling thread's affinity as the kernel reports it afterwards.
#include "core/cpu_affinity.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <thread>
#include <vector>

namespace alphapulse::core {
namespace {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(::pthread_getaffinity_np(::pthread_self(), sizeof set, &set), 0);
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  return cpus;
}

int online_cpus() {
  return static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
}

// Each case runs in its own thread so the test runner's affinity is never changed.
template <typename F>
void in_thread(F f) {
  std::thread t(f);
  t.join();
}

TEST(CpuAffinity, PinnedThreadRunsOnlyThere) {
  in_thread([] {
    ASSERT_TRUE(pin_current_thread_to_cpu(0));
    EXPECT_EQ(allowed_cpus(), std::vector<int>{0});
  });
}

TEST(CpuAffinity, KeepingOffACpuAllowsAllTheOthers) {
  if (online_cpus() < 2) GTEST_SKIP() << "needs two CPUs";
  in_thread([] {
    const int before = static_cast<int>(allowed_cpus().size());
    ASSERT_TRUE(keep_current_thread_off_cpu(0));
    const std::vector<int> after = allowed_cpus();
    EXPECT_EQ(static_cast<int>(after.size()), before - 1);
    for (const int c : after) EXPECT_NE(c, 0);
  });
}

TEST(CpuAffinity, NegativeMeansLeaveAloneAndMissingCpusAreRefused) {
  in_thread([] {
    const std::vector<int> before = allowed_cpus();
    EXPECT_TRUE(pin_current_thread_to_cpu(-1));
    EXPECT_TRUE(keep_current_thread_off_cpu(-1));
    EXPECT_FALSE(pin_current_thread_to_cpu(online_cpus()));
    EXPECT_FALSE(keep_current_thread_off_cpu(online_cpus() + 3));
    EXPECT_EQ(allowed_cpus(), before);  // refused calls change nothing
  });
}

}  // namespace
}  // namespace alphapulse::core
