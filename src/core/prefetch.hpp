// core/prefetch: asks for the cache lines of a byte range, for state that will be read soon
// (the next close's stream, predicted by the engine and the feed). Into L2 (prefetcht1 on x86),
// not L1: a stream's state is larger than the decision path's own L1 working set. Never faults,
// reads nothing, changes nothing.
#pragma once

#include <cstdint>

namespace alphapulse::core {

// One line into L2. On x86 an asm statement rather than __builtin_prefetch: GCC 12 treats the
// builtin as free of side effects, so a function that only prefetches (a member's
// prefetch_next_candle, say) can be judged pure by its interprocedural analysis and its calls
// deleted; it did so to the pipeline's prefetch while it was written (session 10). An asm
// volatile is never removed. The "m" operand names the line's address; nothing is loaded.
inline void prefetch_line(const void* address) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht1 %0" : : "m"(*static_cast<const char*>(address)));
#else
  __builtin_prefetch(address, 0, 2);
#endif
}

// Every line holding a byte of [begin, end).
inline void prefetch_lines(const void* begin, const void* end) noexcept {
  auto line = reinterpret_cast<std::uintptr_t>(begin) & ~std::uintptr_t{63};
  const auto stop = reinterpret_cast<std::uintptr_t>(end);
  for (; line < stop; line += 64) prefetch_line(reinterpret_cast<const void*>(line));
}

}  // namespace alphapulse::core
