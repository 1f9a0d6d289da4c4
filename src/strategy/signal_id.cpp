#include "strategy/signal_id.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace alphapulse::strategy {

core::FixedString<32> make_signal_id(std::string_view symbol, core::Timeframe timeframe,
                                     core::TimestampMs candle_open_time, core::Direction direction) {
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
  const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), candle_open_time.ms);
  append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  append("|");
  append(core::to_string(direction));

  std::array<char, 20> id{};
  std::snprintf(id.data(), id.size(), "ap-%016llx",
                static_cast<unsigned long long>(stable_hash(std::string_view(key.data(), n))));
  return core::FixedString<32>(std::string_view(id.data(), 19));
}

}  // namespace alphapulse::strategy
