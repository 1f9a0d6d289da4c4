// Tests for core/signal: direction and outcome spellings, NamedValues capacity.
#include "core/signal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace alphapulse::core {
namespace {

TEST(Signal, DirectionRoundTrips) {
  EXPECT_EQ(to_string(Direction::kLong), "long");
  EXPECT_EQ(to_string(Direction::kShort), "short");
  for (Direction d : {Direction::kLong, Direction::kShort}) {
    EXPECT_EQ(parse_direction(to_string(d)), d);
  }
  for (std::string_view bad : {"", "LONG", "Short", "buy", "long "}) {
    EXPECT_FALSE(parse_direction(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Signal, OutcomeRoundTrips) {
  const std::pair<SignalOutcome, std::string_view> all[] = {
      {SignalOutcome::kPending, "pending"}, {SignalOutcome::kWin, "win"},
      {SignalOutcome::kLoss, "loss"},       {SignalOutcome::kExpired, "expired"},
      {SignalOutcome::kOpen, "open"},
  };
  for (const auto& [outcome, name] : all) {
    EXPECT_EQ(to_string(outcome), name);
    EXPECT_EQ(parse_signal_outcome(name), outcome);
  }
  for (std::string_view bad : {"", "WIN", "won", "closed"}) {
    EXPECT_FALSE(parse_signal_outcome(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Signal, NamedValuesKeepsValuesUpToCapacity) {
  NamedValues<3> values;
  EXPECT_EQ(values.size(), 0u);
  EXPECT_FALSE(values.find("rsi").has_value());
  EXPECT_TRUE(values.add("rsi", 55.5));
  EXPECT_TRUE(values.add("atr", 120.0));
  EXPECT_TRUE(values.add("adx", 31.0));
  EXPECT_FALSE(values.add("cci", -80.0));  // full
  EXPECT_EQ(values.size(), 3u);
  EXPECT_EQ(values.find("rsi"), 55.5);
  EXPECT_EQ(values.find("adx"), 31.0);
  EXPECT_FALSE(values.find("cci").has_value());
  std::string names;
  for (const NamedValue& v : values) names += std::string(v.name) + ";";
  EXPECT_EQ(names, "rsi;atr;adx;");
}

TEST(Signal, NamedValuesFindsTheFirstOfRepeatedNames) {
  NamedValues<4> values;
  values.add("rsi", 1);
  values.add("rsi", 2);
  EXPECT_EQ(values.find("rsi"), 1.0);
}

TEST(Signal, SignalCapacitiesMatchTheExportFormat) {
  Signal signal;
  for (int i = 0; i < 24; ++i) EXPECT_TRUE(signal.indicators.add("x", i));
  EXPECT_FALSE(signal.indicators.add("x", 24));
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(signal.validation_metrics.add("y", i));
  EXPECT_FALSE(signal.validation_metrics.add("y", 16));
  EXPECT_EQ(signal.outcome, SignalOutcome::kPending);
  EXPECT_EQ(signal.timeframe, Timeframe::k15m);
}

TEST(Signal, IsCopiedByValue) {
  Signal a;
  a.symbol = Symbol("BTCUSDT");
  a.signal_id = FixedString<32>("BTCUSDT-15m-1720569600000-long");
  a.indicators.add("rsi", 70);
  Signal b = a;
  a.indicators.add("atr", 1);
  EXPECT_EQ(b.symbol, "BTCUSDT");
  EXPECT_EQ(b.signal_id, "BTCUSDT-15m-1720569600000-long");
  EXPECT_EQ(b.indicators.size(), 1u);
}

}  // namespace
}  // namespace alphapulse::core
