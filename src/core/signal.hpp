// core/signal: a trade signal with every field of the seed's Signal model
// (shared/docs/EVALUATION.md "Signal export format"). Fixed-capacity and trivially
// copyable: a signal is built on the hot path and handed to sinks through rings.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "core/fixed_string.hpp"
#include "core/market_regime.hpp"
#include "core/symbol.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::core {

enum class Direction : std::uint8_t { kLong, kShort };
std::string_view to_string(Direction d);  // "long" | "short"
std::optional<Direction> parse_direction(std::string_view text);

// Levels that make a trade: a positive stop away from entry and a finite last target (targets
// are computed in order, so a non-finite one shows in TP4). The one test behind the validator's
// invalid_levels rule, the model's choice of outcomes to learn and the filter check's.
inline bool levels_make_a_trade(double entry, double stop_loss, double last_target) noexcept {
  return stop_loss > 0 && stop_loss != entry && std::isfinite(last_target);
}

// EVALUATION.md outcome rules: pending until judged; open = too close to the data's end.
enum class SignalOutcome : std::uint8_t { kPending, kWin, kLoss, kExpired, kOpen };
std::string_view to_string(SignalOutcome o);
std::optional<SignalOutcome> parse_signal_outcome(std::string_view text);

// A named number. Names are static strings (indicator and metric names are a fixed vocabulary).
struct NamedValue {
  std::string_view name;
  double value = 0;
};

template <std::size_t Capacity>
class NamedValues {
 public:
  // Returns false (and keeps the existing values) when full.
  constexpr bool add(std::string_view name, double value) {
    if (size_ == Capacity) return false;
    items_[size_++] = {name, value};
    return true;
  }
  constexpr std::optional<double> find(std::string_view name) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if (items_[i].name == name) return items_[i].value;
    }
    return std::nullopt;
  }
  // Empties the list for reuse (slots past size() are never read, so they are left as they are).
  constexpr void clear() { size_ = 0; }
  constexpr const NamedValue* begin() const { return items_.data(); }
  constexpr const NamedValue* end() const { return items_.data() + size_; }
  constexpr std::size_t size() const { return size_; }

 private:
  std::array<NamedValue, Capacity> items_{};
  std::size_t size_ = 0;
};

struct Signal {
  FixedString<32> signal_id;  // deterministic from symbol, timeframe, candle time, direction
  Symbol symbol;              // exchange spelling, "BTCUSDT"
  Timeframe timeframe = Timeframe::k15m;
  Direction direction = Direction::kLong;
  double confidence = 0;  // 0..1
  double entry_price = 0;
  std::array<double, 4> take_profits{};  // TP1..TP4, moving away from entry
  double stop_loss = 0;
  double risk_reward_ratio = 0;
  std::string_view pattern_type;  // static name, e.g. "bullish_engulfing"
  bool volume_confirmation = false;
  bool trend_alignment = false;
  MarketRegime market_regime = MarketRegime::kRanging;
  NamedValues<24> indicators;
  NamedValues<16> validation_metrics;
  TimestampMs timestamp;  // close time of the signal's candle
  SignalOutcome outcome = SignalOutcome::kPending;
  TimestampMs candle_open_time;  // open time of the candle whose close produced it
};
static_assert(std::is_trivially_copyable_v<Signal>);

}  // namespace alphapulse::core
