// Tests for feed/candle_csv: both formats and their header variations, every row rule in
// strict and lenient mode, gap reporting, timeframe inference, the real sample file and the
// write -> read round trip.
#include "feed/candle_csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cfloat>
#include <cstdint>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace alphapulse::feed {
namespace {

using core::Candle;
using core::Timeframe;
using core::TimestampMs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::int64_t kStep15m = 900'000;
constexpr std::int64_t kT0 = 1720569600000;  // 2024-07-10T00:00:00Z, first row of the sample
constexpr std::string_view kHeader = "open_time_ms,open,high,low,close,volume\n";

std::int64_t t(int index) {
  return kT0 + index * kStep15m;
}

std::string project_row(std::int64_t open_time, std::string_view ohlcv = "100,110,90,105,5") {
  return std::to_string(open_time) + "," + std::string(ohlcv) + "\n";
}

// A Binance row; close_time defaults to the consistent open_time + 15m - 1.
std::string binance_row(std::int64_t open_time, std::string_view ohlcv = "100,110,90,105,5",
                        std::optional<std::int64_t> close_time = std::nullopt,
                        std::string_view extras = "512.5,42,2.5,256.25,0") {
  return std::to_string(open_time) + "," + std::string(ohlcv) + "," +
         std::to_string(close_time.value_or(open_time + kStep15m - 1)) + "," + std::string(extras) +
         "\n";
}

CandleFileOptions strict() {
  CandleFileOptions options;
  options.mode = ValidationMode::kStrict;
  return options;
}

void expect_same_candles(const std::vector<Candle>& a, const std::vector<Candle>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a[i].open_time, b[i].open_time);
    EXPECT_EQ(a[i].close_time, b[i].close_time);
    // Exact: the writer promises bit-identical values after reading back.
    EXPECT_EQ(a[i].open, b[i].open);
    EXPECT_EQ(a[i].high, b[i].high);
    EXPECT_EQ(a[i].low, b[i].low);
    EXPECT_EQ(a[i].close, b[i].close);
    EXPECT_EQ(a[i].volume, b[i].volume);
    EXPECT_EQ(a[i].has_exchange_extras, b[i].has_exchange_extras);
  }
}

// --- Project format -------------------------------------------------------------------------

TEST(CandleCsv, ReadsProjectFormat) {
  const std::string text = std::string(kHeader) +
                           "1720569600000,58050.0,58050.0,57843.0,57874.01,"
                           "99.66577\n" +
                           project_row(t(1), "57874.01,57888.0,57578.57,57620.01,229.0093");
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kProject);
  EXPECT_EQ(result.symbol, "BTCUSDT");
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  ASSERT_EQ(result.candles.size(), 2u);
  const Candle& c = result.candles[0];
  EXPECT_EQ(c.open_time, TimestampMs{kT0});
  EXPECT_EQ(c.close_time, TimestampMs{kT0 + kStep15m - 1});
  EXPECT_EQ(c.open, 58050.0);
  EXPECT_EQ(c.high, 58050.0);
  EXPECT_EQ(c.low, 57843.0);
  EXPECT_EQ(c.close, 57874.01);
  EXPECT_EQ(c.volume, 99.66577);
  EXPECT_FALSE(c.has_exchange_extras);
  EXPECT_EQ(c.trades, 0);
  EXPECT_EQ(c.received_time, TimestampMs{0});
  EXPECT_EQ(result.candles[1].close, 57620.01);
  EXPECT_EQ(result.stats.rows_read, 2u);
  EXPECT_EQ(result.stats.rows_accepted, 2u);
  EXPECT_EQ(result.stats.rows_rejected(), 0u);
  EXPECT_EQ(result.stats.gap_count, 0u);
}

// --- Binance format -------------------------------------------------------------------------

TEST(CandleCsv, ReadsBinanceKlinesWithExchangeExtras) {
  const std::string text = binance_row(t(0)) + binance_row(t(1), "105,106,104,104.5,7.25");
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT-15m-2024-07.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kBinanceKlines);
  EXPECT_EQ(result.symbol, "BTCUSDT");
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  ASSERT_EQ(result.candles.size(), 2u);
  const Candle& c = result.candles[1];
  EXPECT_EQ(c.open_time, TimestampMs{t(1)});
  EXPECT_EQ(c.close_time, TimestampMs{t(2) - 1});
  EXPECT_EQ(c.open, 105.0);
  EXPECT_EQ(c.volume, 7.25);
  EXPECT_TRUE(c.has_exchange_extras);
  EXPECT_EQ(c.quote_volume, 512.5);
  EXPECT_EQ(c.trades, 42);
  EXPECT_EQ(c.taker_buy_base_volume, 2.5);
  EXPECT_EQ(c.taker_buy_quote_volume, 256.25);
}

// The values of the row in shared/protocol/binance/rest_klines_response.json. That row is a
// weekly kline (close_time - open_time + 1 = 7 days), which AlphaPulse does not trade on.
constexpr std::string_view kRealWeeklyRow =
    "1499040000000,0.01634790,0.80000000,0.01575800,0.01577100,148976.11427815,1499644799999,"
    "2434.19055334,308,1756.87402397,28.46694368,0\n";

TEST(CandleCsv, RefusesToGuessAnUnsupportedIntervalFromBinanceCloseTimes) {
  const CandleFileResult result = parse_candle_csv(kRealWeeklyRow, "klines.csv");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(*result.error,
            "klines.csv: cannot infer the timeframe: the most common candle duration is "
            "604800000 ms, which is not a supported timeframe; pass CandleFileOptions::timeframe "
            "or name the file like BTCUSDT_15m.csv");
}

TEST(CandleCsv, ParsesTheRealBinanceValuesExactly) {
  // Same values as a daily candle: 1499040000000 is a UTC midnight.
  const std::string row =
      "1499040000000,0.01634790,0.80000000,0.01575800,0.01577100,148976.11427815,1499126399999,"
      "2434.19055334,308,1756.87402397,28.46694368,0\n";
  const CandleFileResult result = parse_candle_csv(row, "ETHBTC-1d-2017-07.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.symbol, "ETHBTC");
  ASSERT_EQ(result.candles.size(), 1u);
  const Candle& c = result.candles[0];
  EXPECT_EQ(c.open, 0.01634790);
  EXPECT_EQ(c.high, 0.80000000);
  EXPECT_EQ(c.low, 0.01575800);
  EXPECT_EQ(c.close, 0.01577100);
  EXPECT_EQ(c.volume, 148976.11427815);
  EXPECT_EQ(c.close_time, TimestampMs{1499126399999});
  EXPECT_EQ(c.quote_volume, 2434.19055334);
  EXPECT_EQ(c.trades, 308);
  EXPECT_EQ(c.taker_buy_base_volume, 1756.87402397);
  EXPECT_EQ(c.taker_buy_quote_volume, 28.46694368);
}

TEST(CandleCsv, InfersTheTimeframeOfABinanceFileFromItsCloseTimes) {
  const CandleFileResult result = parse_candle_csv(binance_row(t(0)), "klines.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  EXPECT_TRUE(result.symbol.empty());
}

TEST(CandleCsv, ReadsBinanceKlinesWithAHeaderLine) {
  // The futures dumps have this header; its later column names differ from the spot docs.
  const std::string text =
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
      "taker_buy_quote_volume,ignore\n" +
      binance_row(t(0)) + binance_row(t(1));
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT-15m-2024-07.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kBinanceKlines);
  EXPECT_EQ(result.candles.size(), 2u);
}

TEST(CandleCsv, ReadsBinanceMicrosecondTimestamps) {
  // Spot dumps from 2025-01-01 on are in microseconds; concatenated with 2024 they mix units.
  const std::int64_t last_ms = 1735688700000;  // 2024-12-31T23:45:00Z
  const std::int64_t first_us = 1735689600000000;
  const std::string text = binance_row(last_ms) + std::to_string(first_us) + ",100,110,90,105,5," +
                           std::to_string(first_us + kStep15m * 1000 - 1) + ",1,2,3,4,0\n";
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT-15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  ASSERT_EQ(result.candles.size(), 2u);
  EXPECT_EQ(result.candles[1].open_time, TimestampMs{1735689600000});
  EXPECT_EQ(result.candles[1].close_time, TimestampMs{1735690499999});
  EXPECT_EQ(result.stats.gap_count, 0u);
}

// --- Header variations ----------------------------------------------------------------------

TEST(CandleCsv, AcceptsCrlfBomBlankLinesAndNoFinalNewline) {
  const std::string text = "\xEF\xBB\xBFopen_time_ms,open,high,low,close,volume\r\n" +
                           std::to_string(t(0)) + ",100,110,90,105,5\r\n\r\n" +
                           std::to_string(t(1)) + ",100,110,90,105,5\r\n" + std::to_string(t(2)) +
                           ",100,99,90,105,5";  // bad high, line 5
  const CandleFileResult lenient = parse_candle_csv(text, "BTCUSDT_15m.csv");
  EXPECT_EQ(lenient.candles.size(), 2u);
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv", strict());
  ASSERT_FALSE(result.ok());
  // Blank lines still count, so the number matches what an editor shows.
  EXPECT_THAT(*result.error, StartsWith("BTCUSDT_15m.csv:5: field 'high': "));
}

TEST(CandleCsv, AcceptsHeaderInAnyCaseAndSpacesAroundFields) {
  const std::string text = "Open_Time_MS, Open, High, Low, Close, Volume\n" + std::to_string(t(0)) +
                           " , 100 ,110, 90,105 ,\t5\n";
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  ASSERT_EQ(result.candles.size(), 1u);
  EXPECT_EQ(result.candles[0].volume, 5.0);
}

TEST(CandleCsv, AcceptsProjectFormatWithoutHeader) {
  const CandleFileResult result =
      parse_candle_csv(project_row(t(0)) + project_row(t(1)), "BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kProject);
  EXPECT_EQ(result.candles.size(), 2u);
}

TEST(CandleCsv, SkipsRepeatedHeadersOfConcatenatedFiles) {
  const std::string text =
      std::string(kHeader) + project_row(t(0)) + std::string(kHeader) + project_row(t(1));
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.candles.size(), 2u);
  EXPECT_EQ(result.stats.repeated_headers, 1u);
  EXPECT_EQ(result.stats.rows_read, 2u);
}

TEST(CandleCsv, RejectsAnUnrecognizedHeader) {
  const CandleFileResult result =
      parse_candle_csv("time,o,h,l,c,v\n" + project_row(t(0)), "BTCUSDT_15m.csv");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(*result.error,
              StartsWith("BTCUSDT_15m.csv:1: unrecognized header \"time,o,h,l,c,v\""));
}

TEST(CandleCsv, RejectsAHeaderWithColumnsInAnotherOrder) {
  const CandleFileResult result = parse_candle_csv(
      "open_time_ms,open,low,high,close,volume\n" + project_row(t(0)), "BTCUSDT_15m.csv");
  EXPECT_FALSE(result.ok());
}

TEST(CandleCsv, RejectsAFileWhoseRowsFitNeitherFormat) {
  const CandleFileResult result =
      parse_candle_csv("1720569600000,1,2,3\n1720570500000,1,2,3\n", "BTCUSDT_15m.csv");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(*result.error, HasSubstr("BTCUSDT_15m.csv: cannot detect the format"));
}

TEST(CandleCsv, DetectsTheFormatPastABadFirstRow) {
  const std::string text = std::to_string(t(0)) + ",1,2\n" + project_row(t(1));
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kProject);
  EXPECT_EQ(result.candles.size(), 1u);
  EXPECT_EQ(result.stats.rejected(RowError::kWrongFieldCount), 1u);
}

TEST(CandleCsv, EmptyAndHeaderOnlyFilesAreEmptyNotErrors) {
  const CandleFileResult empty = parse_candle_csv("", "candles.csv", strict());
  EXPECT_TRUE(empty.ok());
  EXPECT_TRUE(empty.candles.empty());
  EXPECT_EQ(empty.format, CandleFileFormat::kUnknown);
  EXPECT_FALSE(empty.timeframe.has_value());

  const CandleFileResult header_only = parse_candle_csv(kHeader, "candles.csv", strict());
  EXPECT_TRUE(header_only.ok());
  EXPECT_TRUE(header_only.candles.empty());
  EXPECT_EQ(header_only.format, CandleFileFormat::kProject);
  EXPECT_FALSE(header_only.timeframe.has_value());

  const CandleFileResult named = parse_candle_csv("\n\n", "BTCUSDT_1h.csv");
  EXPECT_TRUE(named.ok());
  EXPECT_TRUE(named.candles.empty());
}

// --- File names and timeframe inference -----------------------------------------------------

TEST(CandleFileName, NamesSymbolAndTimeframe) {
  const FileNameInfo project = parse_candle_file_name("BTCUSDT_15m.csv");
  EXPECT_EQ(project.symbol, "BTCUSDT");
  EXPECT_EQ(project.timeframe, Timeframe::k15m);

  const FileNameInfo dump = parse_candle_file_name("/data/spot/ETHUSDT-1h-2024-07.csv");
  EXPECT_EQ(dump.symbol, "ETHUSDT");
  EXPECT_EQ(dump.timeframe, Timeframe::k1h);

  const FileNameInfo suffixed = parse_candle_file_name("BTCUSDT_15m_first5000.csv.gz");
  EXPECT_EQ(suffixed.symbol, "BTCUSDT");
  EXPECT_EQ(suffixed.timeframe, Timeframe::k15m);

  const FileNameInfo daily = parse_candle_file_name("BNBBTC-1d-2024-07-10.csv");
  EXPECT_EQ(daily.symbol, "BNBBTC");
  EXPECT_EQ(daily.timeframe, Timeframe::k1d);
}

TEST(CandleFileName, LeavesOutWhatItCannotRead) {
  const FileNameInfo plain = parse_candle_file_name("candles.csv");
  EXPECT_TRUE(plain.symbol.empty());
  EXPECT_FALSE(plain.timeframe.has_value());

  const FileNameInfo lower = parse_candle_file_name("btcusdt_15m.csv");
  EXPECT_TRUE(lower.symbol.empty());  // exchange symbols are upper case
  EXPECT_EQ(lower.timeframe, Timeframe::k15m);

  const FileNameInfo month = parse_candle_file_name("BTCUSDT-1M-2024.csv");
  EXPECT_EQ(month.symbol, "BTCUSDT");
  EXPECT_FALSE(month.timeframe.has_value());  // "1M" is Binance's month, not supported
}

TEST(CandleCsv, TimeframeOptionWinsOverTheFileName) {
  CandleFileOptions options = strict();
  options.timeframe = Timeframe::k15m;
  const CandleFileResult result =
      parse_candle_csv(project_row(t(0)) + project_row(t(1)), "BTCUSDT_1h.csv", options);
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  EXPECT_EQ(result.candles[0].close_time, TimestampMs{t(1) - 1});
}

TEST(CandleCsv, InfersTheTimeframeFromTheMostCommonStep) {
  const std::string text = std::string(kHeader) + project_row(t(0)) + project_row(t(1)) +
                           project_row(t(3)) + project_row(t(4)) + project_row(t(5));
  const CandleFileResult result = parse_candle_csv(text, "candles.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  EXPECT_EQ(result.stats.gap_count, 1u);
}

TEST(CandleCsv, ReportsWhenTheTimeframeCannotBeInferred) {
  const CandleFileResult single =
      parse_candle_csv(std::string(kHeader) + project_row(t(0)), "candles.csv");
  ASSERT_FALSE(single.ok());
  EXPECT_THAT(*single.error, StartsWith("candles.csv: cannot infer the timeframe from the data"));

  const std::int64_t seven_minutes = 420'000;
  const CandleFileResult odd = parse_candle_csv(
      std::string(kHeader) + project_row(kT0) + project_row(kT0 + seven_minutes), "candles.csv");
  ASSERT_FALSE(odd.ok());
  EXPECT_THAT(*odd.error, HasSubstr("step between rows is 420000 ms, which is not a supported"));
}

// --- Row validation, every rule in both modes -----------------------------------------------

struct RuleCase {
  std::string name;
  std::string bad_row;  // replaces line 4, after good rows at t(0) and t(1)
  RowError error;
  std::string message;  // after "BTCUSDT_15m.csv:4: "
  bool binance = false;
};

std::string row_for(const RuleCase& rule, int index) {
  return rule.binance ? binance_row(t(index)) : project_row(t(index));
}

std::string text_for(const RuleCase& rule) {
  std::string text = rule.binance ? std::string() : std::string(kHeader);
  if (rule.binance) {
    // A header keeps line numbers the same as in the project-format cases.
    text +=
        "open_time,open,high,low,close,volume,close_time,quote_volume,trades,"
        "taker_buy_base_volume,taker_buy_quote_volume,ignore\n";
  }
  std::string_view bad_row = rule.bad_row;
  if (bad_row.ends_with('\n')) bad_row.remove_suffix(1);
  return text + row_for(rule, 0) + row_for(rule, 1) + std::string(bad_row) + "\n" +
         row_for(rule, 3);
}

void PrintTo(const RuleCase& rule, std::ostream* out) {
  *out << rule.name;
}

class RowRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RowRule, StrictModeStopsWithFileLineAndField) {
  const RuleCase& rule = GetParam();
  const CandleFileResult result = parse_candle_csv(text_for(rule), "BTCUSDT_15m.csv", strict());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(*result.error, "BTCUSDT_15m.csv:4: " + rule.message);
  EXPECT_EQ(result.candles.size(), 2u);  // the rows before the bad one
  EXPECT_EQ(result.stats.rows_read, 3u);
  EXPECT_EQ(result.stats.rejected(rule.error), 1u);
  EXPECT_EQ(result.stats.rows_rejected(), 1u);
}

TEST_P(RowRule, LenientModeSkipsCountsAndKeepsGoing) {
  const RuleCase& rule = GetParam();
  const CandleFileResult result = parse_candle_csv(text_for(rule), "BTCUSDT_15m.csv");
  ASSERT_TRUE(result.ok()) << *result.error;
  ASSERT_EQ(result.candles.size(), 3u);
  EXPECT_EQ(result.candles[0].open_time, TimestampMs{t(0)});
  EXPECT_EQ(result.candles[1].open_time, TimestampMs{t(1)});
  EXPECT_EQ(result.candles[2].open_time, TimestampMs{t(3)});
  EXPECT_EQ(result.stats.rows_read, 4u);
  EXPECT_EQ(result.stats.rows_accepted, 3u);
  EXPECT_EQ(result.stats.rejected(rule.error), 1u);
  EXPECT_EQ(result.stats.rows_rejected(), 1u);
  ASSERT_EQ(result.stats.messages.size(), 1u);
  EXPECT_EQ(result.stats.messages[0], "BTCUSDT_15m.csv:4: " + rule.message);
  // The skipped row leaves a hole, which is a gap like any other.
  EXPECT_EQ(result.stats.gap_count, 1u);
}

std::string at(int index, std::string_view rest) {
  return std::to_string(t(index)) + "," + std::string(rest);
}

const RuleCase kRuleCases[] = {
    {"TooFewFields", at(2, "100,110,90,105"), RowError::kWrongFieldCount,
     "wrong number of fields: expected 6, got 5"},
    {"TooManyFields", at(2, "100,110,90,105,5,7"), RowError::kWrongFieldCount,
     "wrong number of fields: expected 6, got 7"},
    {"NonNumericPrice", at(2, "abc,110,90,105,5"), RowError::kBadNumber,
     "field 'open': not a valid number: \"abc\""},
    {"EmptyField", at(2, "100,,90,105,5"), RowError::kBadNumber,
     "field 'high': empty, expected a number"},
    {"TrailingCharacters", at(2, "100,110,90,105,5x"), RowError::kBadNumber,
     "field 'volume': not a valid number: \"5x\""},
    {"OutOfRangeNumber", at(2, "100,1e999,90,105,5"), RowError::kBadNumber,
     "field 'high': not a valid number: \"1e999\""},
    {"FractionalOpenTime", "1720571400000.5,100,110,90,105,5", RowError::kBadNumber,
     "field 'open_time_ms': not a valid timestamp: \"1720571400000.5\""},
    {"NegativeOpenTime", "-900000,100,110,90,105,5", RowError::kBadNumber,
     "field 'open_time_ms': not a valid timestamp: \"-900000\""},
    {"NaN", at(2, "100,nan,90,105,5"), RowError::kNonFiniteValue,
     "field 'high': value is NaN or infinite (high=nan)"},
    {"Infinity", at(2, "100,110,90,105,inf"), RowError::kNonFiniteValue,
     "field 'volume': value is NaN or infinite (volume=inf)"},
    {"ZeroPrice", at(2, "100,110,0,105,5"), RowError::kNonPositivePrice,
     "field 'low': price is zero or negative (low=0)"},
    {"NegativePrice", at(2, "-100,110,90,105,5"), RowError::kNonPositivePrice,
     "field 'open': price is zero or negative (open=-100)"},
    {"HighBelowBody", at(2, "2.0,1.0,0.5,1.5,5"), RowError::kHighBelowBody,
     "field 'high': high is below max(open, close) (high=1.0, open=2.0, close=1.5)"},
    {"LowAboveBody", at(2, "100,110,101,105,5"), RowError::kLowAboveBody,
     "field 'low': low is above min(open, close) (low=101, open=100, close=105)"},
    {"NegativeVolume", at(2, "100,110,90,105,-0.5"), RowError::kNegativeVolume,
     "field 'volume': volume is negative (volume=-0.5)"},
    {"DuplicateOpenTime", at(1, "100,110,90,105,5"), RowError::kDuplicateOpenTime,
     "field 'open_time_ms': duplicate open time (open_time_ms=1720570500000 is also on line 3)"},
    {"OutOfOrderOpenTime", at(0, "100,110,90,105,5"), RowError::kOutOfOrderOpenTime,
     "field 'open_time_ms': open time out of order (open_time_ms=1720569600000 is before "
     "1720570500000 on line 3)"},
    {"MisalignedOpenTime", std::to_string(t(2) + 60'000) + ",100,110,90,105,5",
     RowError::kMisalignedOpenTime,
     "field 'open_time_ms': open time 1720571460000 is not aligned to 15m"},
    {"BinanceTooFewFields", at(2, "100,110,90,105,5,1720572299999,1,2,3,4"),
     RowError::kWrongFieldCount, "wrong number of fields: expected 12, got 11", true},
    {"BinanceCloseTimeInconsistent", binance_row(t(2), "100,110,90,105,5", t(3)),
     RowError::kInconsistentCloseTime,
     "field 'close_time': close time is not open time + 15m - 1 (close_time=1720572300000, "
     "expected 1720572299999)",
     true},
    {"BinanceNonNumericTrades", binance_row(t(2), "100,110,90,105,5", std::nullopt, "1,x,3,4,0"),
     RowError::kBadNumber, "field 'trades': not a valid integer: \"x\"", true},
    {"BinanceNegativeQuoteVolume",
     binance_row(t(2), "100,110,90,105,5", std::nullopt, "-1,2,3,4,0"), RowError::kNegativeVolume,
     "field 'quote_volume': value is negative (quote_volume=-1)", true},
    {"BinanceNaNTakerVolume", binance_row(t(2), "100,110,90,105,5", std::nullopt, "1,2,nan,4,0"),
     RowError::kNonFiniteValue,
     "field 'taker_buy_base_volume': value is NaN or infinite (taker_buy_base_volume=nan)", true},
    {"BinanceNegativeTrades", binance_row(t(2), "100,110,90,105,5", std::nullopt, "1,-2,3,4,0"),
     RowError::kNegativeVolume, "field 'trades': value is negative (trades=-2)", true},
    {"BinanceHighBelowBody", binance_row(t(2), "100,104,90,105,5"), RowError::kHighBelowBody,
     "field 'high': high is below max(open, close) (high=104, open=100, close=105)", true},
    {"BinanceMisalignedOpenTime", binance_row(t(2) + 1, "100,110,90,105,5", t(3)),
     RowError::kMisalignedOpenTime,
     "field 'open_time': open time 1720571400001 is not aligned to 15m", true},
};

INSTANTIATE_TEST_SUITE_P(AllRules, RowRule, ::testing::ValuesIn(kRuleCases),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(CandleCsv, RuleTableCoversEveryRowError) {
  std::array<bool, kRowErrorCount> seen{};
  for (const RuleCase& rule : kRuleCases) seen[static_cast<std::size_t>(rule.error)] = true;
  for (std::size_t i = 0; i < kRowErrorCount; ++i) {
    EXPECT_TRUE(seen[i]) << to_string(static_cast<RowError>(i));
  }
}

TEST(CandleCsv, StrictModeReportsOnlyTheFirstBadRow) {
  const std::string text = std::string(kHeader) + project_row(t(0)) +
                           project_row(t(1), "100,110,90,105,-1") +
                           project_row(t(2), "100,99,90,105,5");
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv", strict());
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(*result.error, StartsWith("BTCUSDT_15m.csv:3: field 'volume'"));
  EXPECT_EQ(result.stats.rows_read, 2u);
  EXPECT_TRUE(result.stats.messages.empty());
}

TEST(CandleCsv, LenientModeCountsEveryReasonAndKeepsTheFirstMessages) {
  std::string text(kHeader);
  int index = 0;
  for (int i = 0; i < 30; ++i) {
    text += project_row(t(index++));
    text += project_row(t(index++), "100,99,90,105,5");  // high below body
  }
  text += project_row(t(index - 1));  // duplicate of a rejected row's time: accepted
  text += project_row(t(index - 1));  // now a real duplicate
  text += "garbage\n";
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.stats.rows_read, 63u);
  EXPECT_EQ(result.stats.rows_accepted, 31u);
  EXPECT_EQ(result.stats.rejected(RowError::kHighBelowBody), 30u);
  EXPECT_EQ(result.stats.rejected(RowError::kDuplicateOpenTime), 1u);
  EXPECT_EQ(result.stats.rejected(RowError::kWrongFieldCount), 1u);
  EXPECT_EQ(result.stats.rows_rejected(), 32u);
  ASSERT_EQ(result.stats.messages.size(), 20u);
  EXPECT_THAT(result.stats.messages[0], StartsWith("BTCUSDT_15m.csv:3: field 'high'"));
  EXPECT_THAT(result.stats.messages[19], StartsWith("BTCUSDT_15m.csv:41: field 'high'"));

  CandleFileOptions few;
  few.max_messages = 2;
  EXPECT_EQ(parse_candle_csv(text, "BTCUSDT_15m.csv", few).stats.messages.size(), 2u);
}

// --- Gaps -----------------------------------------------------------------------------------

TEST(CandleCsv, ReportsGapsWithoutRejectingRows) {
  const std::string text = std::string(kHeader) + project_row(t(0)) + project_row(t(1)) +
                           project_row(t(4)) + project_row(t(5)) + project_row(t(9));
  const CandleFileResult result = parse_candle_csv(text, "BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.candles.size(), 5u);
  EXPECT_EQ(result.stats.gap_count, 2u);
  EXPECT_EQ(result.stats.missing_candles, 5);
  ASSERT_EQ(result.stats.gaps.size(), 2u);
  const Gap& first = result.stats.gaps[0];
  EXPECT_EQ(first.from, TimestampMs{t(1)});
  EXPECT_EQ(first.to, TimestampMs{t(4)});
  EXPECT_EQ(first.missing, 2);
  EXPECT_EQ(first.line, 4u);
  const Gap& second = result.stats.gaps[1];
  EXPECT_EQ(second.from, TimestampMs{t(5)});
  EXPECT_EQ(second.to, TimestampMs{t(9)});
  EXPECT_EQ(second.missing, 3);
  EXPECT_EQ(second.line, 6u);

  CandleFileOptions one_gap;
  one_gap.max_gap_reports = 1;
  const CandleFileResult capped = parse_candle_csv(text, "BTCUSDT_15m.csv", one_gap);
  EXPECT_EQ(capped.stats.gap_count, 2u);  // all counted, only the first listed
  EXPECT_EQ(capped.stats.missing_candles, 5);
  EXPECT_EQ(capped.stats.gaps.size(), 1u);
}

// --- Files ----------------------------------------------------------------------------------

TEST(CandleCsv, ReadsTheRealSample) {
  const CandleFileResult result =
      read_candle_file(ALPHAPULSE_SAMPLE_DIR "/BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.format, CandleFileFormat::kProject);
  EXPECT_EQ(result.symbol, "BTCUSDT");
  EXPECT_EQ(result.timeframe, Timeframe::k15m);
  ASSERT_EQ(result.candles.size(), 5000u);
  EXPECT_EQ(result.stats.rows_read, 5000u);
  EXPECT_EQ(result.stats.rows_rejected(), 0u);
  EXPECT_EQ(result.stats.gap_count, 0u);
  EXPECT_EQ(result.candles.front().open_time, TimestampMs{1720569600000});
  EXPECT_EQ(result.candles.front().open, 58050.0);
  EXPECT_EQ(result.candles.front().close, 57874.01);
  EXPECT_EQ(result.candles.back().open_time, TimestampMs{1720569600000 + 4999 * kStep15m});
  EXPECT_EQ(result.candles.back().close_time, TimestampMs{1720569600000 + 5000 * kStep15m - 1});
  EXPECT_EQ(result.candles.back().volume, 48.84894);

  // Inference from the data alone agrees with the file name.
  const CandleFileResult unnamed = parse_candle_csv(
      [] {
        std::ifstream in(ALPHAPULSE_SAMPLE_DIR "/BTCUSDT_15m.csv");
        std::stringstream buffer;
        buffer << in.rdbuf();
        return buffer.str();
      }(),
      "candles.csv");
  ASSERT_TRUE(unnamed.ok()) << *unnamed.error;
  EXPECT_EQ(unnamed.timeframe, Timeframe::k15m);
  EXPECT_EQ(unnamed.candles.size(), 5000u);
}

TEST(CandleCsv, MissingFileIsAnErrorNamingIt) {
  const CandleFileResult result = read_candle_file("/nonexistent/dir/BTCUSDT_15m.csv");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(*result.error, HasSubstr("'/nonexistent/dir/BTCUSDT_15m.csv'"));
  EXPECT_THAT(*result.error, HasSubstr("No such file"));
  EXPECT_TRUE(result.candles.empty());
}

TEST(CandleCsv, DirectoryIsAnErrorNamingIt) {
  const CandleFileResult result = read_candle_file(ALPHAPULSE_SAMPLE_DIR);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(*result.error, HasSubstr(ALPHAPULSE_SAMPLE_DIR));
}

// --- Writing --------------------------------------------------------------------------------

TEST(CandleCsvWriter, WritesTheProjectFormat) {
  const CandleFileResult sample = read_candle_file(ALPHAPULSE_SAMPLE_DIR "/BTCUSDT_15m.csv");
  ASSERT_TRUE(sample.ok());
  std::ostringstream out;
  ASSERT_TRUE(write_candle_csv(out, std::span(sample.candles).first(2)));
  EXPECT_EQ(out.str(),
            "open_time_ms,open,high,low,close,volume\n"
            "1720569600000,58050,58050,57843,57874.01,99.66577\n"
            "1720570500000,57874.01,57888,57578.57,57620.01,229.0093\n");
}

TEST(CandleCsvWriter, RoundTripOfTheSampleGivesIdenticalCandles) {
  const CandleFileResult sample = read_candle_file(ALPHAPULSE_SAMPLE_DIR "/BTCUSDT_15m.csv");
  ASSERT_TRUE(sample.ok());
  const std::string path = ::testing::TempDir() + "/BTCUSDT_15m.csv";
  {
    std::ofstream out(path, std::ios::binary);
    ASSERT_TRUE(write_candle_csv(out, sample.candles));
  }
  const CandleFileResult again = read_candle_file(path, strict());
  std::filesystem::remove(path);
  ASSERT_TRUE(again.ok()) << *again.error;
  EXPECT_EQ(again.symbol, "BTCUSDT");
  EXPECT_EQ(again.timeframe, Timeframe::k15m);
  expect_same_candles(sample.candles, again.candles);
}

TEST(CandleCsvWriter, RoundTripKeepsAwkwardDoublesBitExact) {
  std::vector<Candle> candles;
  const double values[][5] = {
      {0.1 + 0.2, 0.30000000000000004 * 2, 0.1, 0.3, 1e-8},
      {DBL_MIN, DBL_MAX, 5e-324, 1e-300, 0},
      {123456789.12345678, 123456789.12345679, 123456789.1234567, 123456789.12345678, 1e21},
  };
  for (std::size_t i = 0; i < std::size(values); ++i) {
    Candle c{};
    c.open_time = TimestampMs{t(static_cast<int>(i))};
    c.close_time = TimestampMs{t(static_cast<int>(i) + 1) - 1};
    c.open = values[i][0];
    c.high = values[i][1];
    c.low = values[i][2];
    c.close = values[i][3];
    c.volume = values[i][4];
    ASSERT_EQ(core::validate(c), core::CandleError::kNone) << i;
    candles.push_back(c);
  }
  std::ostringstream out;
  ASSERT_TRUE(write_candle_csv(out, candles));
  const CandleFileResult again = parse_candle_csv(out.str(), "BTCUSDT_15m.csv", strict());
  ASSERT_TRUE(again.ok()) << *again.error;
  expect_same_candles(candles, again.candles);
}

TEST(CandleCsvWriter, WritesNothingButTheHeaderForNoCandles) {
  std::ostringstream out;
  EXPECT_TRUE(write_candle_csv(out, {}));
  EXPECT_EQ(out.str(), kHeader);
}

TEST(CandleCsv, NamesEveryFormatAndError) {
  EXPECT_EQ(to_string(CandleFileFormat::kProject), "project");
  EXPECT_EQ(to_string(CandleFileFormat::kBinanceKlines), "binance_klines");
  EXPECT_EQ(to_string(CandleFileFormat::kUnknown), "unknown");
  for (std::size_t i = 0; i < kRowErrorCount; ++i) {
    EXPECT_NE(to_string(static_cast<RowError>(i)), "unknown");
  }
}

}  // namespace
}  // namespace alphapulse::feed
