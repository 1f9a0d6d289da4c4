// Tests for feed/binance_kline_parser and feed/binance_stream_name: every WebSocket sample in
// tests/data/binance (copied from the shared protocol folder), malformed variants (each must
// name the field and the problem), and stream name round trips.
#include "feed/binance_kline_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>

#include "feed/binance_stream_name.hpp"
#include "support/binance_samples.hpp"

// Counts every operator new in this test binary, to prove the parser stops allocating once
// warm. Plain malloc/free underneath, so sanitizers still see every block.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size) {
  if (void* p = operator new(size, std::nothrow)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // free() pairs with the malloc above
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace alphapulse::feed {
namespace {

using ::testing::HasSubstr;

TEST(KlineFrameParser, RawKlineEvent) {
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(test::read_binance_sample("kline_event.json"));
  ASSERT_EQ(f.type, FrameType::kKline) << f.error;
  EXPECT_TRUE(f.stream.empty());
  EXPECT_EQ(f.kline.symbol, "BTCUSDT");
  EXPECT_EQ(f.kline.timeframe, core::Timeframe::k5m);
  EXPECT_FALSE(f.kline.closed);
  EXPECT_EQ(f.kline.event_time.ms, 1631636735735);
  const core::Candle& c = f.kline.candle;
  EXPECT_EQ(c.open_time.ms, 1631636700000);
  EXPECT_EQ(c.close_time.ms, 1631636999999);
  EXPECT_DOUBLE_EQ(c.open, 46686.15);
  EXPECT_DOUBLE_EQ(c.high, 46686.15);
  EXPECT_DOUBLE_EQ(c.low, 46668.45);
  EXPECT_DOUBLE_EQ(c.close, 46673.53);
  EXPECT_DOUBLE_EQ(c.volume, 12.26168);
  EXPECT_DOUBLE_EQ(c.quote_volume, 572337.2165538);
  EXPECT_DOUBLE_EQ(c.taker_buy_base_volume, 3.29093);
  EXPECT_DOUBLE_EQ(c.taker_buy_quote_volume, 153606.3159233);
  EXPECT_EQ(c.trades, 582);
  EXPECT_TRUE(c.has_exchange_extras);
  EXPECT_EQ(c.received_time.ms, 0);
}

TEST(KlineFrameParser, CombinedEnvelopeGivesTheSameCandle) {
  KlineFrameParser parser;
  const core::Candle raw = parser.parse(test::read_binance_sample("kline_event.json")).kline.candle;
  const ParsedFrame& f = parser.parse(test::read_binance_sample("combined_stream_kline.json"));
  ASSERT_EQ(f.type, FrameType::kKline) << f.error;
  EXPECT_EQ(f.stream, "btcusdt@kline_5m");
  EXPECT_EQ(f.kline.candle.open_time, raw.open_time);
  EXPECT_EQ(f.kline.candle.close, raw.close);
  EXPECT_EQ(f.kline.candle.trades, raw.trades);
}

TEST(KlineFrameParser, DocumentationKlineEventIsAnInconsistentCandle) {
  // The docs' example is illustrative, not real: low 0.0015 is above min(open 0.0010,
  // close 0.0020). The parser reads every field and then rejects the candle, naming why.
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(test::read_binance_sample("doc_kline_event.json"));
  EXPECT_EQ(f.type, FrameType::kMalformed);
  EXPECT_EQ(f.error, "field 'k.l': candle rejected: low is above min(open, close) (low)");
  // With a consistent low it is a normal 1m BNBBTC kline.
  const ParsedFrame& fixed = parser.parse(test::replace_once(
      test::read_binance_sample("doc_kline_event.json"), R"("l": "0.0015")", R"("l": "0.0010")"));
  ASSERT_EQ(fixed.type, FrameType::kKline) << fixed.error;
  EXPECT_EQ(fixed.kline.symbol, "BNBBTC");
  EXPECT_EQ(fixed.kline.timeframe, core::Timeframe::k1m);
  EXPECT_EQ(fixed.kline.candle.close_time.ms, 1672515839999);
  EXPECT_DOUBLE_EQ(fixed.kline.candle.high, 0.0025);
  EXPECT_EQ(fixed.kline.candle.trades, 100);
}

TEST(KlineFrameParser, CommentedJsonIsMalformedNotACrash) {
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(test::read_binance_sample("doc_kline_event.jsonc"));
  EXPECT_EQ(f.type, FrameType::kMalformed);
  EXPECT_THAT(f.error, HasSubstr("invalid JSON"));
}

TEST(KlineFrameParser, UpdateSequenceOfOneOpenDailyCandle) {
  KlineFrameParser parser;
  std::istringstream lines(test::read_binance_sample("kline_update_sequence_1d.jsonl"));
  std::string line;
  int count = 0;
  std::int64_t previous_event = 0;
  std::int64_t previous_trades = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const ParsedFrame& f = parser.parse(line);
    ASSERT_EQ(f.type, FrameType::kKline) << f.error;
    EXPECT_EQ(f.kline.timeframe, core::Timeframe::k1d);
    EXPECT_EQ(f.kline.candle.open_time.ms, 1616112000000);
    EXPECT_FALSE(f.kline.closed);
    EXPECT_GT(f.kline.event_time.ms, previous_event);
    EXPECT_GE(f.kline.candle.trades, previous_trades);
    previous_event = f.kline.event_time.ms;
    previous_trades = f.kline.candle.trades;
    ++count;
  }
  EXPECT_EQ(count, 10);
}

TEST(KlineFrameParser, ServerShutdownInBothEnvelopes) {
  KlineFrameParser parser;
  const ParsedFrame& raw = parser.parse(test::read_binance_sample("server_shutdown_raw.json"));
  EXPECT_EQ(raw.type, FrameType::kServerShutdown) << raw.error;
  EXPECT_EQ(raw.event_time.ms, 1770123456789);
  const ParsedFrame& combined =
      parser.parse(test::read_binance_sample("server_shutdown_combined.json"));
  EXPECT_EQ(combined.type, FrameType::kServerShutdown) << combined.error;
  EXPECT_EQ(combined.stream, "!serverShutdown");
  EXPECT_EQ(combined.event_time.ms, 1770123456789);
}

TEST(KlineFrameParser, ControlReplyAndControlError) {
  KlineFrameParser parser;
  EXPECT_EQ(parser.parse(test::read_binance_sample("ws_subscribe_response.json")).type,
            FrameType::kControlReply);
  EXPECT_EQ(parser.parse(R"({"result":["btcusdt@kline_1m"],"id":"abc"})").type,
            FrameType::kControlReply);
  const ParsedFrame& error = parser.parse(R"({"code":2,"msg":"Invalid request: bad"})");
  EXPECT_EQ(error.type, FrameType::kControlError);
  EXPECT_EQ(error.error, "code 2: Invalid request: bad");
}

TEST(KlineFrameParser, OtherSamplesAreNotFrames) {
  KlineFrameParser parser;
  // A SUBSCRIBE request is something we send, never receive: no "e" field.
  const ParsedFrame& request = parser.parse(test::read_binance_sample("ws_subscribe_request.json"));
  EXPECT_EQ(request.type, FrameType::kMalformed);
  EXPECT_EQ(request.error, "field 'e': missing");
  const ParsedFrame& array = parser.parse(test::read_binance_sample("rest_klines_response.json"));
  EXPECT_EQ(array.type, FrameType::kMalformed);
  EXPECT_EQ(array.error, "expected a JSON object, got array");
}

struct MalformedCase {
  std::string name;
  std::string from;
  std::string to;
  std::string error;
};

class MalformedKline : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedKline, GivesAClearError) {
  const MalformedCase& c = GetParam();
  const std::string frame =
      test::replace_once(test::read_binance_sample("combined_stream_kline.json"), c.from, c.to);
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(frame);
  EXPECT_EQ(f.type, FrameType::kMalformed);
  EXPECT_EQ(f.error, c.error);
  // The parser recovers: the next good frame parses.
  EXPECT_EQ(parser.parse(test::read_binance_sample("kline_event.json")).type, FrameType::kKline);
}

INSTANTIATE_TEST_SUITE_P(
    Variants, MalformedKline,
    ::testing::Values(
        MalformedCase{"PriceAsObject", R"("h":"46686.15000000")", R"("h":{})",
                      "field 'data.k.h': expected a decimal string or number, got object"},
        MalformedCase{"PriceNotANumber", R"("o":"46686.15000000")", R"("o":"46686.1x")",
                      "field 'data.k.o': not a decimal number: \"46686.1x\""},
        MalformedCase{"EmptyPrice", R"("c":"46673.53000000")", R"("c":"")",
                      "field 'data.k.c': not a decimal number: \"\""},
        MalformedCase{"NaNPrice", R"("c":"46673.53000000")", R"("c":"NaN")",
                      "field 'data.k.c': candle rejected: value is NaN or infinite (close)"},
        MalformedCase{"NegativePrice", R"("l":"46668.45000000")", R"("l":"-1")",
                      "field 'data.k.l': candle rejected: price is zero or negative (low)"},
        MalformedCase{"HighBelowBody", R"("h":"46686.15000000")", R"("h":"46000")",
                      "field 'data.k.h': candle rejected: high is below max(open, close) (high)"},
        MalformedCase{"NegativeVolume", R"("v":"12.26168000")", R"("v":"-12")",
                      "field 'data.k.v': candle rejected: volume is negative (volume)"},
        MalformedCase{"NegativeQuoteVolume", R"("q":"572337.21655380")", R"("q":"-1")",
                      "field 'data.k.q': negative"},
        MalformedCase{"InfiniteTakerVolume", R"("V":"3.29093000")", R"("V":"inf")",
                      "field 'data.k.V': value is NaN or infinite"},
        MalformedCase{"OpenTimeAsBool", R"("t":1631636700000)", R"("t":true)",
                      "field 'data.k.t': expected an integer, got bool"},
        MalformedCase{"MissingCloseTime", R"("T":1631636999999,)", "", "field 'data.k.T': missing"},
        MalformedCase{"WrongCloseTime", R"("T":1631636999999)", R"("T":1631636999998)",
                      "field 'data.k.T': close time 1631636999998 is not t + 5m - 1 ms "
                      "(1631636999999)"},
        MalformedCase{"ClosedFlagAsString", R"("x":false)", R"("x":"false")",
                      "field 'data.k.x': expected true or false, got string"},
        MalformedCase{"MissingTrades", R"("n":582,)", "", "field 'data.k.n': missing"},
        MalformedCase{"UnsupportedInterval", R"("i":"5m")", R"("i":"1w")",
                      "field 'data.k.i': unsupported interval \"1w\""},
        MalformedCase{"LowerCaseSymbol", R"("s":"BTCUSDT","i")", R"("s":"btcusdt","i")",
                      "field 'data.k.s': not an exchange symbol (2..20 of A-Z, 0-9)"},
        MalformedCase{"OtherEventType", R"("e":"kline")", R"("e":"trade")",
                      "field 'data.e': unexpected event type \"trade\" (only kline and "
                      "serverShutdown are subscribed)"},
        MalformedCase{"MissingEventTime", R"("E":1631636735735,)", "", "field 'data.E': missing"},
        MalformedCase{"DataNotAnObject", R"("data":{"e")", R"("data":7,"x":{"e")",
                      "field 'data': expected an object, got integer"}),
    [](const ::testing::TestParamInfo<MalformedCase>& param) { return param.param.name; });

TEST(KlineFrameParser, KlineNotAnObject) {
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(R"({"e":"kline","E":1,"s":"BTCUSDT","k":5})");
  EXPECT_EQ(f.type, FrameType::kMalformed);
  EXPECT_EQ(f.error, "field 'k': expected an object, got integer");
}

TEST(KlineFrameParser, TruncatedFramesAreMalformed) {
  const std::string frame = test::read_binance_sample("combined_stream_kline.json");
  KlineFrameParser parser;
  for (std::size_t length : {std::size_t{0}, std::size_t{1}, frame.size() / 2, frame.size() - 3}) {
    const ParsedFrame& f = parser.parse(std::string_view(frame).substr(0, length));
    EXPECT_EQ(f.type, FrameType::kMalformed) << length;
    EXPECT_THAT(f.error, HasSubstr("invalid JSON")) << length;
  }
}

TEST(KlineFrameParser, ClosedFlagAndNumericPrices) {
  std::string frame = test::replace_once(test::read_binance_sample("kline_event.json"),
                                         R"("x":false)", R"("x":true)");
  frame = test::replace_once(frame, R"("o":"46686.15000000")", R"("o":46686.15)");
  KlineFrameParser parser;
  const ParsedFrame& f = parser.parse(frame);
  ASSERT_EQ(f.type, FrameType::kKline) << f.error;
  EXPECT_TRUE(f.kline.closed);
  EXPECT_DOUBLE_EQ(f.kline.candle.open, 46686.15);
}

TEST(KlineFrameParser, NoAllocationPerFrameOnceWarm) {
  const std::string raw = test::read_binance_sample("kline_event.json");
  const std::string combined = test::read_binance_sample("combined_stream_kline.json");
  const std::string shutdown = test::read_binance_sample("server_shutdown_combined.json");
  KlineFrameParser parser;
  for (int i = 0; i < 3; ++i) {  // warm-up
    parser.parse(raw);
    parser.parse(combined);
    parser.parse(shutdown);
  }
  const std::uint64_t before = g_allocations.load();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(parser.parse(i % 2 ? raw : combined).type, FrameType::kKline);
    ASSERT_EQ(parser.parse(shutdown).type, FrameType::kServerShutdown);
  }
  EXPECT_EQ(g_allocations.load(), before);
}

TEST(StreamName, RoundTrips) {
  for (core::Timeframe tf :
       {core::Timeframe::k1m, core::Timeframe::k15m, core::Timeframe::k4h, core::Timeframe::k1d}) {
    StreamSpec spec;
    spec.symbol = core::Symbol("BTCUSDT");
    spec.timeframe = tf;
    const std::string name = kline_stream_name(spec);
    const auto back = parse_kline_stream_name(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(back->symbol, "BTCUSDT");
    EXPECT_EQ(back->timeframe, tf);
  }
  StreamSpec spec;
  spec.symbol = core::Symbol("1000SATSUSDT");
  spec.timeframe = core::Timeframe::k15m;
  EXPECT_EQ(kline_stream_name(spec), "1000satsusdt@kline_15m");
  EXPECT_EQ(parse_kline_stream_name("1000satsusdt@kline_15m")->symbol, "1000SATSUSDT");
}

TEST(StreamName, RejectsWhatIsNotAKlineStream) {
  EXPECT_FALSE(parse_kline_stream_name("BTCUSDT@kline_15m"));  // payload spelling
  EXPECT_FALSE(parse_kline_stream_name("btcusdt@aggTrade"));
  EXPECT_FALSE(parse_kline_stream_name("btcusdt@kline_1M"));  // months: not traded
  EXPECT_FALSE(parse_kline_stream_name("btcusdt@kline_1s"));
  EXPECT_FALSE(parse_kline_stream_name("btcusdt@kline_1d@+08:00"));
  EXPECT_FALSE(parse_kline_stream_name("@kline_1m"));
  EXPECT_FALSE(parse_kline_stream_name("btc-usdt@kline_1m"));
  EXPECT_FALSE(parse_kline_stream_name(""));
}

}  // namespace
}  // namespace alphapulse::feed
