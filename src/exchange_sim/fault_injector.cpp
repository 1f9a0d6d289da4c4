// exchange_sim/fault_injector: see the header.
#include "exchange_sim/fault_injector.hpp"

namespace alphapulse::exchange_sim {

std::uint64_t DeterministicRandom::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double DeterministicRandom::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

MessageFault FaultInjector::message_fault() {
  if (spec_.drop + spec_.duplicate + spec_.reorder + spec_.malformed <= 0)
    return MessageFault::kNone;
  double u = random_.uniform();
  if ((u -= spec_.drop) < 0) return MessageFault::kDrop;
  if ((u -= spec_.duplicate) < 0) return MessageFault::kDuplicate;
  if ((u -= spec_.reorder) < 0) return MessageFault::kReorder;
  if ((u -= spec_.malformed) < 0) return MessageFault::kMalformed;
  return MessageFault::kNone;
}

bool FaultInjector::malformed_truncates() {
  return (random_.next() & 1U) == 0;
}

bool FaultInjector::start_stall() {
  return spec_.stall_ms > 0 && random_.uniform() < spec_.stall_rate;
}

bool FaultInjector::rest_429() {
  return spec_.rest_429 > 0 && random_.uniform() < spec_.rest_429;
}

std::uint64_t connection_seed(std::uint64_t seed, std::uint64_t connection_index) {
  DeterministicRandom mix(seed ^ (connection_index * 0xD1B54A32D192ED03ULL));
  return mix.next();
}

}  // namespace alphapulse::exchange_sim
