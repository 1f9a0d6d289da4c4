// tests/store/store_test_support: a temporary directory per test and fully populated
// signals, shared by the store tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/signal.hpp"

namespace alphapulse::store::test {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("alphapulse_store_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Every field set, none at its default; `i` varies ids, times and prices.
inline core::Signal make_full_signal(std::int64_t i, std::string_view id_prefix = "sig-") {
  core::Signal s;
  s.signal_id.assign(std::string(id_prefix) + std::to_string(i));
  s.symbol.assign("ETHUSDT");
  s.timeframe = core::Timeframe::k1h;
  s.direction = i % 2 == 0 ? core::Direction::kShort : core::Direction::kLong;
  s.confidence = 0.8125 + static_cast<double>(i % 7) * 1e-3;
  s.entry_price = 3012.125 + static_cast<double>(i);
  s.take_profits = {3050.5, 3070.25, 3090.125, 3110.0625};
  s.stop_loss = 2990.1 + 1.0 / 3.0;
  s.risk_reward_ratio = 1.7320508075688772;
  s.pattern_type = "bullish_engulfing";
  s.volume_confirmation = true;
  s.trend_alignment = i % 3 == 0;
  s.market_regime = core::MarketRegime::kVolatileBreakout;
  s.indicators.add("rsi_14", 61.234567890123);
  s.indicators.add("macd_hist", -0.000123456789);
  s.indicators.add("atr_14", 1e-300);
  s.validation_metrics.add("ml_score", 0.7071067811865476);
  s.validation_metrics.add("edge_bps", -12.5);
  s.candle_open_time = {1'709'294'400'000 + i * 3'600'000};
  s.timestamp = {s.candle_open_time.ms + 3'600'000};
  s.outcome = core::SignalOutcome::kPending;
  return s;
}

inline void expect_same_named_values(const auto& a, const auto& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a.begin()[k].name, b.begin()[k].name);
    EXPECT_EQ(a.begin()[k].value, b.begin()[k].value);  // exact: shortest round-trip text
  }
}

inline void expect_same_signal(const core::Signal& a, const core::Signal& b) {
  EXPECT_EQ(a.signal_id, b.signal_id.view());
  EXPECT_EQ(a.symbol, b.symbol.view());
  EXPECT_EQ(a.timeframe, b.timeframe);
  EXPECT_EQ(a.direction, b.direction);
  EXPECT_EQ(a.confidence, b.confidence);
  EXPECT_EQ(a.entry_price, b.entry_price);
  EXPECT_EQ(a.take_profits, b.take_profits);
  EXPECT_EQ(a.stop_loss, b.stop_loss);
  EXPECT_EQ(a.risk_reward_ratio, b.risk_reward_ratio);
  EXPECT_EQ(a.pattern_type, b.pattern_type);
  EXPECT_EQ(a.volume_confirmation, b.volume_confirmation);
  EXPECT_EQ(a.trend_alignment, b.trend_alignment);
  EXPECT_EQ(a.market_regime, b.market_regime);
  expect_same_named_values(a.indicators, b.indicators);
  expect_same_named_values(a.validation_metrics, b.validation_metrics);
  EXPECT_EQ(a.timestamp, b.timestamp);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.candle_open_time, b.candle_open_time);
}

}  // namespace alphapulse::store::test
