// exchange_sim/fault_injector: turns a FaultSpec into per-message decisions, deterministically
// from a seed (each connection gets its own stream of draws, so one connection's traffic does
// not change another's faults), and counts what it did.
#pragma once

#include <atomic>
#include <cstdint>

#include "exchange_sim/fault_spec.hpp"

namespace alphapulse::exchange_sim {

// splitmix64: tiny, good enough for fault dice, identical on every platform.
class DeterministicRandom {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();  // [0, 1)

 private:
  std::uint64_t state_;
};

enum class MessageFault : std::uint8_t { kNone, kDrop, kDuplicate, kReorder, kMalformed };

// Counters shared by all connections; read from any thread.
struct FaultCounters {
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> duplicated{0};
  std::atomic<std::uint64_t> reordered{0};
  std::atomic<std::uint64_t> malformed{0};
  std::atomic<std::uint64_t> disconnects{0};
  std::atomic<std::uint64_t> stalls{0};
  std::atomic<std::uint64_t> rest_429{0};
};

class FaultInjector {
 public:
  FaultInjector(const FaultSpec& spec, std::uint64_t seed) : spec_(spec), random_(seed) {}

  const FaultSpec& spec() const { return spec_; }
  // One draw per kline message; the shares are mutually exclusive.
  MessageFault message_fault();
  bool malformed_truncates();  // which kind of malformed frame: truncated JSON or wrong types
  bool start_stall();          // true: stop sending for spec().stall_ms before this message
  bool rest_429();

 private:
  FaultSpec spec_;
  DeterministicRandom random_;
};

// Seed of the n-th connection's injector (n from 0), decorrelated from the others.
std::uint64_t connection_seed(std::uint64_t seed, std::uint64_t connection_index);

}  // namespace alphapulse::exchange_sim
