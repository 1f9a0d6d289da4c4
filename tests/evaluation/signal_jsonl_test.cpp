// Tests for evaluation/signal_jsonl: the exact line for a full signal (field names, order,
// number and timestamp formats), round trips, escaping, null for non-finite numbers, and
// the reader's errors.
#include "evaluation/signal_jsonl.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "evaluation/candle_path.hpp"
#include "evaluation/interned_names.hpp"
#include "evaluation/json_text.hpp"

namespace alphapulse::evaluation {
namespace {

core::Signal full_signal() {
  core::Signal s;
  s.signal_id.assign("BTCUSDT-15m-1709294400000-long");
  s.symbol.assign("BTCUSDT");
  s.timeframe = core::Timeframe::k15m;
  s.direction = core::Direction::kLong;
  s.confidence = 0.73;
  s.entry_price = 61234.5;
  s.take_profits = {61500.25, 61800, 62100.125, 62500};
  s.stop_loss = 60900.1;
  s.risk_reward_ratio = 1.7;
  s.pattern_type = "bullish_engulfing";
  s.volume_confirmation = true;
  s.trend_alignment = false;
  s.market_regime = core::MarketRegime::kStrongTrendBull;
  s.indicators.add("rsi_14", 61.25);
  s.indicators.add("macd", -0.1);
  s.validation_metrics.add("ml_score", 0.8);
  s.timestamp = {1'709'295'300'000};
  s.outcome = core::SignalOutcome::kWin;
  s.candle_open_time = {1'709'294'400'000};  // 2024-03-01T12:00:00Z
  return s;
}

TEST(SignalJsonl, WritesTheContractFieldsInOrder) {
  EXPECT_EQ(to_jsonl(full_signal()),
            R"({"signal_id":"BTCUSDT-15m-1709294400000-long","symbol":"BTCUSDT",)"
            R"("timeframe":"15m","direction":"long","confidence":0.73,"entry_price":61234.5,)"
            R"("tp1":61500.25,"tp2":61800,"tp3":62100.125,"tp4":62500,"stop_loss":60900.1,)"
            R"("risk_reward_ratio":1.7,"pattern_type":"bullish_engulfing",)"
            R"("volume_confirmation":true,"trend_alignment":false,)"
            R"("market_regime":"strong_trend_bull","indicators":{"rsi_14":61.25,"macd":-0.1},)"
            R"("validation_metrics":{"ml_score":0.8},"timestamp":"2024-03-01T12:15:00.000Z",)"
            R"("outcome":"win","candle_open_time_ms":1709294400000})");
}

TEST(SignalJsonl, FieldNamesAreExactlyTheContractList) {
  // EVALUATION.md, "Signal export format", in its order.
  const std::vector<std::string> contract = {"signal_id",
                                             "symbol",
                                             "timeframe",
                                             "direction",
                                             "confidence",
                                             "entry_price",
                                             "tp1",
                                             "tp2",
                                             "tp3",
                                             "tp4",
                                             "stop_loss",
                                             "risk_reward_ratio",
                                             "pattern_type",
                                             "volume_confirmation",
                                             "trend_alignment",
                                             "market_regime",
                                             "indicators",
                                             "validation_metrics",
                                             "timestamp",
                                             "outcome",
                                             "candle_open_time_ms"};
  ASSERT_EQ(std::size(kSignalJsonlFields), contract.size());
  for (std::size_t i = 0; i < contract.size(); ++i) EXPECT_EQ(kSignalJsonlFields[i], contract[i]);

  // The top-level keys of a written line, in order.
  const std::string line = to_jsonl(full_signal());
  JsonCursor in(line);
  ASSERT_TRUE(in.consume('{'));
  std::vector<std::string> keys;
  do {
    auto key = in.read_string();
    ASSERT_TRUE(key && in.consume(':'));
    keys.push_back(*key);
    ASSERT_TRUE(in.skip_value());
  } while (in.consume(','));
  EXPECT_EQ(keys, contract);
}

TEST(SignalJsonl, TimestampIsTheCloseInstantOfTheCandle) {
  auto s = full_signal();
  s.timeframe = core::Timeframe::k1h;
  EXPECT_NE(to_jsonl(s).find(R"("timestamp":"2024-03-01T13:00:00.000Z")"), std::string::npos);
  EXPECT_EQ(candle_close_instant(s).ms, 1'709'294'400'000 + 3'600'000);
}

TEST(SignalJsonl, RoundTrips) {
  const core::Signal original = full_signal();
  std::string error;
  const auto parsed = parse_signal_jsonl(to_jsonl(original), &error);
  ASSERT_TRUE(parsed.has_value()) << error;
  const core::Signal& s = *parsed;
  EXPECT_EQ(s.signal_id, original.signal_id);
  EXPECT_EQ(s.symbol, original.symbol);
  EXPECT_EQ(s.timeframe, original.timeframe);
  EXPECT_EQ(s.direction, original.direction);
  EXPECT_EQ(s.confidence, original.confidence);
  EXPECT_EQ(s.entry_price, original.entry_price);
  EXPECT_EQ(s.take_profits, original.take_profits);
  EXPECT_EQ(s.stop_loss, original.stop_loss);
  EXPECT_EQ(s.risk_reward_ratio, original.risk_reward_ratio);
  EXPECT_EQ(s.pattern_type, original.pattern_type);
  EXPECT_EQ(s.volume_confirmation, original.volume_confirmation);
  EXPECT_EQ(s.trend_alignment, original.trend_alignment);
  EXPECT_EQ(s.market_regime, original.market_regime);
  ASSERT_EQ(s.indicators.size(), 2u);
  EXPECT_EQ(s.indicators.find("rsi_14"), 61.25);
  EXPECT_EQ(s.indicators.find("macd"), -0.1);
  EXPECT_EQ(s.validation_metrics.find("ml_score"), 0.8);
  EXPECT_EQ(s.timestamp, candle_close_instant(original));
  EXPECT_EQ(s.outcome, original.outcome);
  EXPECT_EQ(s.candle_open_time, original.candle_open_time);
  EXPECT_EQ(to_jsonl(s), to_jsonl(original));
}

TEST(SignalJsonl, ShortestRoundTripNumbers) {
  auto s = full_signal();
  s.entry_price = 0.1 + 0.2;  // 0.30000000000000004
  s.take_profits = {1e-9, 123456789.123456789, 5e300, std::nextafter(1.0, 2.0)};
  const auto parsed = parse_signal_jsonl(to_jsonl(s));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->entry_price, s.entry_price);
  EXPECT_EQ(parsed->take_profits, s.take_profits);
  EXPECT_NE(to_jsonl(s).find(R"("entry_price":0.30000000000000004)"), std::string::npos);
}

TEST(SignalJsonl, NonFiniteNumbersAreNull) {
  auto s = full_signal();
  s.confidence = std::numeric_limits<double>::quiet_NaN();
  s.risk_reward_ratio = std::numeric_limits<double>::infinity();
  s.indicators.add("adx", -std::numeric_limits<double>::infinity());
  const std::string line = to_jsonl(s);
  EXPECT_NE(line.find(R"("confidence":null)"), std::string::npos);
  EXPECT_NE(line.find(R"("risk_reward_ratio":null)"), std::string::npos);
  EXPECT_NE(line.find(R"("adx":null)"), std::string::npos);
  const auto parsed = parse_signal_jsonl(line);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(std::isnan(parsed->confidence));
  EXPECT_TRUE(std::isnan(*parsed->indicators.find("adx")));
}

TEST(SignalJsonl, StringsAreEscaped) {
  auto s = full_signal();
  s.signal_id.assign("a\"b\\c\n\x01\xc3\xa9");
  const std::string line = to_jsonl(s);
  EXPECT_NE(line.find(R"("signal_id":"a\"b\\c\n\u0001)"), std::string::npos);
  const auto parsed = parse_signal_jsonl(line);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->signal_id, s.signal_id);
  // \u escapes, including a surrogate pair, decode to UTF-8.
  std::string with_escapes = line;
  with_escapes.replace(with_escapes.find("\"symbol\":\"BTCUSDT\""), 18,
                       R"("symbol":"BTC\u0055SDT")");
  const auto escaped = parse_signal_jsonl(with_escapes);
  ASSERT_TRUE(escaped);
  EXPECT_EQ(escaped->symbol, std::string_view("BTCUSDT"));
  std::string pattern = line;
  pattern.replace(pattern.find("bullish_engulfing"), 17, R"(x\ud83d\ude00)");
  const auto emoji = parse_signal_jsonl(pattern);
  ASSERT_TRUE(emoji);
  EXPECT_EQ(emoji->pattern_type, "x\xf0\x9f\x98\x80");
}

TEST(SignalJsonl, ReaderToleratesSpacingOrderAndUnknownFields) {
  const std::string line =
      R"( { "candle_open_time_ms" : 1709294400000 , "extra": [1, {"a": null}, "x"],)"
      R"( "stop_loss": 98, "tp4": 108, "tp3": 106, "tp2": 104, "tp1": 102, "entry_price": 100,)"
      R"( "direction": "short", "timeframe": "1h", "symbol": "ETHUSDT", "signal_id": "x",)"
      R"( "market_regime": "CHOPPY", "indicators": {} } )";
  std::string error;
  const auto parsed = parse_signal_jsonl(line, &error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->direction, core::Direction::kShort);
  EXPECT_EQ(parsed->timeframe, core::Timeframe::k1h);
  EXPECT_EQ(parsed->market_regime, core::MarketRegime::kChoppy);
  EXPECT_EQ(parsed->outcome, core::SignalOutcome::kPending);
  EXPECT_EQ(parsed->timestamp.ms, 1'709'294'400'000 + 3'600'000);  // defaulted to close instant
}

TEST(SignalJsonl, ReaderRejectsBadLinesAndSaysWhy) {
  const std::string good = to_jsonl(full_signal());
  auto rejects = [](const std::string& line, const std::string& expected_in_error) {
    std::string error;
    EXPECT_FALSE(parse_signal_jsonl(line, &error).has_value()) << line;
    EXPECT_NE(error.find(expected_in_error), std::string::npos) << error;
  };
  rejects("", "expected '{'");
  rejects(good + "x", "text after");
  rejects(good.substr(0, good.size() - 1), "expected ',' or '}'");
  std::string bad_direction = good;
  bad_direction.replace(bad_direction.find("\"long\""), 6, "\"buy\"");
  rejects(bad_direction, "direction");
  std::string missing = good;
  missing.replace(missing.find("\"tp3\""), 5, "\"tp9\"");
  rejects(missing, "missing field 'tp3'");
  std::string bad_time = good;
  bad_time.replace(bad_time.find("1709294400000}"), 13, "1.5");
  rejects(bad_time, "candle_open_time_ms");
  std::string too_many = R"({"signal_id":"x","symbol":"BTCUSDT","indicators":{)";
  for (int i = 0; i < 25; ++i) too_many += (i ? ",\"" : "\"") + std::to_string(i) + "\":1";
  too_many += "}}";
  rejects(too_many, "more than 24");
  std::string long_id = good;
  long_id.replace(long_id.find("BTCUSDT-15m"), 11, std::string(40, 'z'));
  rejects(long_id, "signal_id");
}

TEST(SignalJsonl, ReadNamesOutliveTheLine) {
  std::optional<core::Signal> parsed;
  {
    std::string line = to_jsonl(full_signal());
    parsed = parse_signal_jsonl(line);
    std::fill(line.begin(), line.end(), '#');
  }
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->pattern_type, "bullish_engulfing");
  EXPECT_EQ(parsed->indicators.begin()->name, "rsi_14");
  const std::size_t before = interned_name_count();
  const auto again = parse_signal_jsonl(to_jsonl(full_signal()));
  EXPECT_EQ(interned_name_count(), before);
  EXPECT_EQ(again->pattern_type.data(), parsed->pattern_type.data());
}

}  // namespace
}  // namespace alphapulse::evaluation
