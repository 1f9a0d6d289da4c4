// Tests for feed/kline_fast_path: the one-pass reader must give exactly what the simdjson DOM
// path gives (the reference: KlineFrameParser(false)) on every frame it accepts, and decline
// everything else so that the DOM path reports the same error as before. Checked on the real
// payloads in tests/data/binance, hand-made variants, and many thousands of random mutations.
#include "feed/kline_fast_path.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "feed/binance_kline_parser.hpp"
#include "support/binance_samples.hpp"

namespace alphapulse::feed {
namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Every field the feed reads, compared exactly (doubles bit for bit).
void expect_same(const ParsedFrame& fast, const ParsedFrame& dom, const std::string& frame) {
  SCOPED_TRACE(frame);
  ASSERT_EQ(to_string(fast.type), to_string(dom.type));
  EXPECT_EQ(fast.error, dom.error);
  EXPECT_EQ(fast.event_time, dom.event_time);
  EXPECT_EQ(fast.stream, dom.stream);
  if (dom.type != FrameType::kKline) return;
  const core::Candle& a = fast.kline.candle;
  const core::Candle& b = dom.kline.candle;
  EXPECT_EQ(fast.kline.symbol.view(), dom.kline.symbol.view());
  EXPECT_EQ(fast.kline.timeframe, dom.kline.timeframe);
  EXPECT_EQ(fast.kline.closed, dom.kline.closed);
  EXPECT_EQ(fast.kline.event_time, dom.kline.event_time);
  EXPECT_EQ(a.open_time, b.open_time);
  EXPECT_EQ(a.close_time, b.close_time);
  EXPECT_TRUE(same_bits(a.open, b.open));
  EXPECT_TRUE(same_bits(a.high, b.high));
  EXPECT_TRUE(same_bits(a.low, b.low));
  EXPECT_TRUE(same_bits(a.close, b.close));
  EXPECT_TRUE(same_bits(a.volume, b.volume));
  EXPECT_TRUE(same_bits(a.quote_volume, b.quote_volume));
  EXPECT_TRUE(same_bits(a.taker_buy_base_volume, b.taker_buy_base_volume));
  EXPECT_TRUE(same_bits(a.taker_buy_quote_volume, b.taker_buy_quote_volume));
  EXPECT_EQ(a.trades, b.trades);
  EXPECT_EQ(a.has_exchange_extras, b.has_exchange_extras);
  EXPECT_EQ(a.received_time, b.received_time);
}

void expect_paths_agree(const std::string& frame) {
  KlineFrameParser with_fast_path(true);
  KlineFrameParser dom_only(false);
  const ParsedFrame fast = with_fast_path.parse(frame);  // copies: each parser reuses its result
  const ParsedFrame dom = dom_only.parse(frame);
  expect_same(fast, dom, frame);
}

std::vector<std::string> real_frames() {
  std::vector<std::string> frames{test::read_binance_sample("combined_stream_kline.json"),
                                  test::read_binance_sample("kline_event.json")};
  std::istringstream lines(test::read_binance_sample("kline_update_sequence_1d.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) frames.push_back(line);
  }
  return frames;
}

TEST(KlineFastPath, ReadsBinancesLayoutAndAgreesWithTheDomPath) {
  for (const std::string& frame : real_frames()) {
    ParsedFrame out;
    EXPECT_TRUE(read_kline_fast_path(frame, out)) << frame;  // the layout Binance sends
    expect_paths_agree(frame);
  }
}

TEST(KlineFastPath, ReadsTheValuesOfTheSample) {
  ParsedFrame out;
  const std::string frame = test::read_binance_sample("combined_stream_kline.json");
  ASSERT_TRUE(read_kline_fast_path(frame, out));
  EXPECT_EQ(out.stream, "btcusdt@kline_5m");
  EXPECT_EQ(out.kline.symbol.view(), "BTCUSDT");
  EXPECT_EQ(out.kline.timeframe, core::Timeframe::k5m);
  EXPECT_EQ(out.kline.candle.open_time.ms, 1631636700000);
  EXPECT_EQ(out.kline.candle.close, 46673.53);  // the nearest double, as from_chars gives
  EXPECT_EQ(out.kline.candle.trades, 582);
  EXPECT_FALSE(out.kline.closed);
}

TEST(KlineFastPath, DeclinesOtherLayoutsWhichTheDomPathStillReads) {
  const std::string frame = test::read_binance_sample("kline_event.json");
  const std::vector<std::string> variants{
      test::replace_once(frame, R"("E":)", R"( "E" : )"),                       // whitespace
      test::replace_once(frame, R"("o":"46686.15000000")", R"("o":46686.15)"),  // a JSON number
      test::replace_once(frame, R"("s":"BTCUSDT","k")", R"("s":"BTC\u0055SDT","k")"),  // an escape
      test::replace_once(frame, R"("B":"0")", R"("B":"0","extra":1)"),  // another key
  };
  for (const std::string& variant : variants) {
    ParsedFrame out;
    EXPECT_FALSE(read_kline_fast_path(variant, out)) << variant;
    KlineFrameParser parser;
    EXPECT_EQ(parser.parse(variant).type, FrameType::kKline) << variant;
    expect_paths_agree(variant);
  }
}

TEST(KlineFastPath, AgreesOnDecimalSpellingsAndLimits) {
  const std::string frame = test::read_binance_sample("kline_event.json");
  // Around the fast conversion's limits (19 digits, 2^53, trailing dot, exponent, zeros).
  const std::vector<std::string> volumes{"0",
                                         "0.00000001",
                                         "12.26168000",
                                         "9007199254740992",
                                         "9007199254740993",
                                         "900719925474099.3",
                                         "1234567890123456789",
                                         "12345678901234567890",
                                         "2940181959.97141612",
                                         "0.1000000000000000000000000001",
                                         "1.",
                                         ".5",
                                         "1e3",
                                         "-1",
                                         "00012.5",
                                         "1.7976931348623157e308",
                                         "1e400",
                                         "",
                                         "12.3.4",
                                         "nan"};
  for (const std::string& v : volumes) {
    expect_paths_agree(test::replace_once(frame, R"("v":"12.26168000")", "\"v\":\"" + v + "\""));
    expect_paths_agree(
        test::replace_once(frame, R"("q":"572337.21655380")", "\"q\":\"" + v + "\""));
  }
  for (const char* n : {"0", "-1", "007", "123456789012345678", "1234567890123456789"}) {
    expect_paths_agree(test::replace_once(frame, R"("f":1054217725)", std::string("\"f\":") + n));
    expect_paths_agree(test::replace_once(frame, R"("n":582)", std::string("\"n\":") + n));
  }
}

// Digits are read eight at a time: every byte next to the digit range ('/' and ':', and bytes
// whose low nibble is a digit's: ' ', 'p', 0x90, 0xB5), at every position of an eight-digit
// run, must end the number exactly where the DOM path ends it (here: decline the frame).
TEST(KlineFastPath, AgreesAroundEightDigitRuns) {
  const std::string frame = test::read_binance_sample("kline_event.json");
  const std::vector<std::string> runs{"12345678", "99999999", "00000000", "90000009"};
  const std::string intruders = std::string("/: p") + static_cast<char>(0x90) +
                                static_cast<char>(0xB5) + static_cast<char>(0x3A);
  for (const std::string& run : runs) {
    expect_paths_agree(
        test::replace_once(frame, R"("v":"12.26168000")", "\"v\":\"1." + run + "\""));
    expect_paths_agree(
        test::replace_once(frame, R"("v":"12.26168000")", "\"v\":\"" + run + run + ".5\""));
    for (std::size_t at = 0; at < run.size(); ++at) {
      for (const char intruder : intruders) {
        std::string damaged = run;
        damaged[at] = intruder;
        expect_paths_agree(
            test::replace_once(frame, R"("v":"12.26168000")", "\"v\":\"3." + damaged + "\""));
        expect_paths_agree(test::replace_once(frame, R"("n":582)", "\"n\":1" + damaged));
      }
    }
    expect_paths_agree(test::replace_once(frame, R"("f":1054217725)", "\"f\":1" + run + run));
  }
}

// Random damage to real frames: whatever the fast path accepts must be what the DOM path
// reads, and whatever it declines must come out of the parser exactly as from the DOM path.
TEST(KlineFastPath, AgreesWithTheDomPathOnRandomMutations) {
  const std::vector<std::string> frames = real_frames();
  const std::string alphabet = R"({}[]":,.-0123456789eExtrufalsn\ )";
  std::mt19937_64 random(20261124);
  int accepted_by_fast_path = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string frame = frames[random() % frames.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !frame.empty(); ++e) {
      const std::size_t at = random() % frame.size();
      switch (random() % 4) {
        case 0:
          frame[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          frame.erase(at, 1 + random() % 3);
          break;
        case 2:
          frame.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          frame.insert(at, frame.substr(at, 1 + random() % 8));
          break;
      }
    }
    ParsedFrame out;
    if (read_kline_fast_path(frame, out)) ++accepted_by_fast_path;
    expect_paths_agree(frame);
    if (HasFailure()) return;  // one mutation's report is enough
  }
  // Digit changes keep the layout: the fast path must have been exercised, not just declined.
  EXPECT_GT(accepted_by_fast_path, 1000);
}

}  // namespace
}  // namespace alphapulse::feed
