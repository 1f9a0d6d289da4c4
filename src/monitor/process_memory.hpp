// monitor/process_memory: the process's resident memory as the kernel reports it
// (/proc/self/status: VmHWM is the peak resident set size, VmRSS the current one). Read off the
// hot path (status lines, benchmarks); 0 where /proc is not available.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace alphapulse::monitor {

// Bytes of the /proc/self/status field `key` ("VmHWM", "VmRSS"), 0 when absent.
inline std::uint64_t proc_status_bytes(const char* key) noexcept {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  std::uint64_t bytes = 0;
  const std::size_t key_length = std::strlen(key);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, key, key_length) == 0 && line[key_length] == ':') {
      unsigned long long kb = 0;
      if (std::sscanf(line + key_length + 1, "%llu", &kb) == 1) bytes = kb * 1024;
      break;
    }
  }
  std::fclose(f);
  return bytes;
}

inline std::uint64_t peak_rss_bytes() noexcept {
  return proc_status_bytes("VmHWM");
}
inline std::uint64_t current_rss_bytes() noexcept {
  return proc_status_bytes("VmRSS");
}

}  // namespace alphapulse::monitor
