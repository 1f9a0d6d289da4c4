// regime/lane_vectors: four doubles as one vector, and its lane masks, for the detector's
// lane-parallel arithmetic (the window features' four window lanes, the change point's two
// vectors of runs). GCC vector extensions: one AVX register in the AVX2 clones, two SSE2
// registers in the baseline build; lane-wise IEEE arithmetic and bitwise selects, so both give
// the same bits. Loaded and stored through memcpy by reference (a function returning a 32-byte
// vector would have a different ABI per clone).
#pragma once

#include <cstdint>
#include <cstring>

namespace alphapulse::regime {

using Doubles4 = double __attribute__((vector_size(32)));
using LaneBits4 = std::int64_t __attribute__((vector_size(32)));  // all ones or zero per lane

// Four doubles from / to `lanes` (four consecutive doubles); a LaneBits4 load reads their bits.
inline void load4(Doubles4& v, const double* lanes) noexcept {
  std::memcpy(&v, lanes, sizeof v);
}
inline void load4(LaneBits4& v, const double* lanes) noexcept {
  std::memcpy(&v, lanes, sizeof v);
}
inline void store4(double* lanes, const Doubles4& v) noexcept {
  std::memcpy(lanes, &v, sizeof v);
}

}  // namespace alphapulse::regime
