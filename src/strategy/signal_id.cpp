#include "strategy/signal_id.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace alphapulse::strategy {
namespace {

// stable_hash of the key "symbol|timeframe|open_ms|direction" (cut at 96 characters, as the
// key buffer once was), hashed part by part: FNV-1a over the parts in order is FNV-1a over
// their concatenation, so no key is assembled. Runs whenever a signal is emitted; kept small
// so that it does not push the per-candle code out of the instruction cache.
class KeyHash {
 public:
  void append(std::string_view part) noexcept {
    const std::size_t len = std::min(part.size(), room_);
    for (std::size_t i = 0; i < len; ++i) {
      hash_ ^= static_cast<unsigned char>(part[i]);
      hash_ *= 0x100000001b3ULL;
    }
    room_ -= len;
  }
  std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = stable_hash({});
  std::size_t room_ = 96;
};

}  // namespace

core::FixedString<32> make_signal_id(std::string_view symbol, core::Timeframe timeframe,
                                     core::TimestampMs candle_open_time,
                                     core::Direction direction) {
  KeyHash key;
  key.append(symbol);
  key.append("|");
  key.append(core::to_string(timeframe));
  key.append("|");
  std::array<char, 24> digits{};
  const auto [end, ec] =
      std::to_chars(digits.data(), digits.data() + digits.size(), candle_open_time.ms);
  key.append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  key.append("|");
  key.append(core::to_string(direction));

  // "ap-%016llx" spelled out: snprintf's format parser cost more than the hash, and its code
  // and tables evicted the pipeline's from the caches on every emitted signal.
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::uint64_t hash = key.value();
  std::array<char, 19> id{'a', 'p', '-'};
  for (std::size_t i = id.size(); i-- > 3;) {
    id[i] = kHexDigits[hash & 0xf];
    hash >>= 4;
  }
  return core::FixedString<32>(std::string_view(id.data(), id.size()));
}

}  // namespace alphapulse::strategy
