// core/prefetch: asks for the cache lines of a byte range, for state that will be read soon
// (the next close's stream, predicted by the engine and the feed). Into L2 (prefetcht1 on x86),
// not L1: a stream's state is larger than the decision path's own L1 working set. Never faults,
// reads nothing, changes nothing.
#pragma once

#include <cstdint>

namespace alphapulse::core {

// Every line holding a byte of [begin, end).
inline void prefetch_lines(const void* begin, const void* end) noexcept {
  auto line = reinterpret_cast<std::uintptr_t>(begin) & ~std::uintptr_t{63};
  const auto stop = reinterpret_cast<std::uintptr_t>(end);
  for (; line < stop; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(line), 0, 2);
}

}  // namespace alphapulse::core
