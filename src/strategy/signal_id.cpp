#include "strategy/signal_id.hpp"

#include <array>
#include <charconv>

namespace alphapulse::strategy {

core::FixedString<32> make_signal_id(std::string_view symbol, core::Timeframe timeframe,
                                     core::TimestampMs candle_open_time,
                                     core::Direction direction) {
  // Built in a stack buffer: this runs on the hot path whenever a signal is emitted.
  std::array<char, 96> key{};
  std::size_t n = 0;
  auto append = [&](std::string_view part) {
    const std::size_t len = std::min(part.size(), key.size() - n);
    std::copy_n(part.data(), len, key.data() + n);
    n += len;
  };
  append(symbol);
  append("|");
  append(core::to_string(timeframe));
  append("|");
  std::array<char, 24> digits{};
  const auto [end, ec] =
      std::to_chars(digits.data(), digits.data() + digits.size(), candle_open_time.ms);
  append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  append("|");
  append(core::to_string(direction));

  // "ap-%016llx" spelled out: snprintf's format parser cost more than the hash, and its code
  // and tables evicted the pipeline's from the caches on every emitted signal.
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::uint64_t hash = stable_hash(std::string_view(key.data(), n));
  std::array<char, 19> id{'a', 'p', '-'};
  for (std::size_t i = id.size(); i-- > 3;) {
    id[i] = kHexDigits[hash & 0xf];
    hash >>= 4;
  }
  return core::FixedString<32>(std::string_view(id.data(), id.size()));
}

}  // namespace alphapulse::strategy
