// Tests for core/candle_aggregator: exact agreement with real Binance 15m and 1h bars built
// from the same week's 1m bars, 4h consistency, incomplete buckets, forming(), and the rule
// for duplicate, out-of-order and misaligned source candles.
#include "core/candle_aggregator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "feed/candle_csv.hpp"

namespace alphapulse::core {
namespace {

using Finished = CandleAggregator::Finished;

constexpr std::int64_t kMinuteMs = 60'000;

std::vector<Candle> load(const std::string& file_name) {
  feed::CandleFileOptions options;
  options.mode = feed::ValidationMode::kStrict;
  const feed::CandleFileResult result = feed::read_candle_file(
      std::string(ALPHAPULSE_TEST_DATA_DIR "/aggregation/") + file_name, options);
  EXPECT_TRUE(result.ok()) << *result.error;
  EXPECT_EQ(result.stats.gap_count, 0u) << file_name;
  return result.candles;
}

std::vector<Finished> aggregate(std::span<const Candle> source, Timeframe from, Timeframe to) {
  CandleAggregator aggregator(from, to);
  std::vector<Finished> out;
  for (const Candle& c : source) {
    if (auto finished = aggregator.update(c)) out.push_back(*finished);
  }
  if (auto finished = aggregator.flush()) out.push_back(*finished);
  return out;
}

// Volume: Binance's own bar volume is the exact decimal sum of its trades, printed with 8
// decimals; ours is a double sum of already-rounded doubles, each addition rounding once more
// (relative error up to about n * 2^-53, i.e. ~1e-14 for 240 terms). 1e-9 is far above that
// and far below what one missing or doubled source candle would change, so it still catches
// every aggregation bug while tolerating float summation.
constexpr double kVolumeRelativeTolerance = 1e-9;

void expect_same_bar(const Candle& built, const Candle& real) {
  EXPECT_EQ(built.open_time, real.open_time);
  EXPECT_EQ(built.close_time, real.close_time);
  // Prices are picked, never computed, so they must match to the bit.
  EXPECT_EQ(built.open, real.open);
  EXPECT_EQ(built.high, real.high);
  EXPECT_EQ(built.low, real.low);
  EXPECT_EQ(built.close, real.close);
  EXPECT_NEAR(built.volume, real.volume, kVolumeRelativeTolerance * std::abs(real.volume));
}

void expect_matches_real_bars(const std::vector<Finished>& built, const std::vector<Candle>& real) {
  ASSERT_EQ(built.size(), real.size());
  for (std::size_t i = 0; i < real.size(); ++i) {
    SCOPED_TRACE(format_iso8601(real[i].open_time));
    EXPECT_TRUE(built[i].complete);
    expect_same_bar(built[i].candle, real[i]);
  }
}

class RealWeek : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    one_minute_ = new std::vector<Candle>(load("BTCUSDT_1m.csv"));
    fifteen_minute_ = new std::vector<Candle>(load("BTCUSDT_15m.csv"));
    one_hour_ = new std::vector<Candle>(load("BTCUSDT_1h.csv"));
  }
  static void TearDownTestSuite() {
    delete one_minute_;
    delete fifteen_minute_;
    delete one_hour_;
  }
  static std::vector<Candle>* one_minute_;
  static std::vector<Candle>* fifteen_minute_;
  static std::vector<Candle>* one_hour_;
};
std::vector<Candle>* RealWeek::one_minute_ = nullptr;
std::vector<Candle>* RealWeek::fifteen_minute_ = nullptr;
std::vector<Candle>* RealWeek::one_hour_ = nullptr;

TEST_F(RealWeek, FilesCoverTheSameWeek) {
  ASSERT_EQ(one_minute_->size(), 10080u);
  ASSERT_EQ(fifteen_minute_->size(), 672u);
  ASSERT_EQ(one_hour_->size(), 168u);
  EXPECT_EQ(format_iso8601(one_minute_->front().open_time), "2023-04-01T16:00:00.000Z");
  EXPECT_EQ(one_minute_->front().open_time, fifteen_minute_->front().open_time);
  EXPECT_EQ(one_minute_->front().open_time, one_hour_->front().open_time);
}

TEST_F(RealWeek, OneMinuteToFifteenMinutesEqualsTheExchangeBars) {
  expect_matches_real_bars(aggregate(*one_minute_, Timeframe::k1m, Timeframe::k15m),
                           *fifteen_minute_);
}

TEST_F(RealWeek, OneMinuteToOneHourEqualsTheExchangeBars) {
  expect_matches_real_bars(aggregate(*one_minute_, Timeframe::k1m, Timeframe::k1h), *one_hour_);
}

TEST_F(RealWeek, FifteenMinutesToOneHourEqualsTheExchangeBars) {
  expect_matches_real_bars(aggregate(*fifteen_minute_, Timeframe::k15m, Timeframe::k1h),
                           *one_hour_);
}

TEST_F(RealWeek, FourHoursFromOneMinuteAndFromOneHourAgree) {
  const auto from_minutes = aggregate(*one_minute_, Timeframe::k1m, Timeframe::k4h);
  const auto from_hours = aggregate(*one_hour_, Timeframe::k1h, Timeframe::k4h);
  // The week starts at 16:00 UTC, a 4h boundary, so it is exactly 42 full 4h bars.
  ASSERT_EQ(from_minutes.size(), 42u);
  ASSERT_EQ(from_hours.size(), 42u);
  for (std::size_t i = 0; i < from_minutes.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(from_minutes[i].complete);
    EXPECT_TRUE(from_hours[i].complete);
    EXPECT_EQ(from_minutes[i].source_count, 240);
    EXPECT_EQ(from_hours[i].source_count, 4);
    EXPECT_TRUE(is_aligned(from_minutes[i].candle.open_time, duration(Timeframe::k4h)));
    expect_same_bar(from_minutes[i].candle, from_hours[i].candle);
  }
}

TEST_F(RealWeek, DuplicatedSourceCandlesDoNotCountTwice) {
  std::vector<Candle> doubled;
  for (const Candle& c : *one_minute_) {
    doubled.push_back(c);
    doubled.push_back(c);
  }
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  std::vector<Finished> built;
  for (const Candle& c : doubled) {
    if (auto finished = aggregator.update(c)) built.push_back(*finished);
  }
  EXPECT_EQ(aggregator.ignored(), 10080);
  expect_matches_real_bars(built, *fifteen_minute_);
}

TEST_F(RealWeek, AMissingSourceCandleMakesItsBucketIncomplete) {
  std::vector<Candle> source(one_minute_->begin(), one_minute_->begin() + 45);
  source.erase(source.begin() + 7);  // from the first 15m bucket
  const auto built = aggregate(source, Timeframe::k1m, Timeframe::k15m);
  ASSERT_EQ(built.size(), 3u);
  EXPECT_FALSE(built[0].complete);
  EXPECT_EQ(built[0].source_count, 14);
  EXPECT_TRUE(built[1].complete);
  EXPECT_TRUE(built[2].complete);
  expect_same_bar(built[1].candle, (*fifteen_minute_)[1]);

  // What is there is still aggregated correctly.
  const Candle& partial = built[0].candle;
  EXPECT_EQ(partial.open_time, (*fifteen_minute_)[0].open_time);
  EXPECT_EQ(partial.open, source[0].open);
  EXPECT_EQ(partial.close, source[13].close);
  double high = 0;
  double low = 1e300;
  double volume = 0;
  for (int i = 0; i < 14; ++i) {
    high = std::max(high, source[i].high);
    low = std::min(low, source[i].low);
    volume += source[i].volume;
  }
  EXPECT_EQ(partial.high, high);
  EXPECT_EQ(partial.low, low);
  EXPECT_EQ(partial.volume, volume);
}

TEST_F(RealWeek, AMissingLastCandleIsReportedWhenTheNextBucketStarts) {
  std::vector<Candle> source(one_minute_->begin(), one_minute_->begin() + 30);
  source.erase(source.begin() + 14);
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  for (int i = 0; i < 14; ++i) EXPECT_FALSE(aggregator.update(source[i]).has_value());
  const auto finished = aggregator.update(source[14]);  // 00:15's first minute
  ASSERT_TRUE(finished.has_value());
  EXPECT_FALSE(finished->complete);
  EXPECT_EQ(finished->source_count, 14);
  EXPECT_EQ(finished->candle.open_time, (*fifteen_minute_)[0].open_time);
  ASSERT_TRUE(aggregator.forming().has_value());
  EXPECT_EQ(aggregator.forming()->open_time, (*fifteen_minute_)[1].open_time);
}

TEST_F(RealWeek, AWhollyMissingBucketIsSkipped) {
  std::vector<Candle> source(one_minute_->begin(), one_minute_->begin() + 45);
  source.erase(source.begin() + 15, source.begin() + 30);
  const auto built = aggregate(source, Timeframe::k1m, Timeframe::k15m);
  ASSERT_EQ(built.size(), 2u);
  expect_same_bar(built[0].candle, (*fifteen_minute_)[0]);
  expect_same_bar(built[1].candle, (*fifteen_minute_)[2]);
}

TEST_F(RealWeek, FlushClosesAShortLastBucket) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k1h);
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(aggregator.update((*one_minute_)[i]).has_value());
  const auto last = aggregator.flush();
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->complete);
  EXPECT_EQ(last->source_count, 20);
  EXPECT_EQ(last->candle.close, (*one_minute_)[19].close);
  EXPECT_FALSE(aggregator.flush().has_value());
  EXPECT_FALSE(aggregator.forming().has_value());
}

TEST_F(RealWeek, FormingShowsTheBucketSoFar) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  EXPECT_FALSE(aggregator.forming().has_value());
  const std::span<const Candle> minutes(*one_minute_);
  for (int i = 0; i < 15; ++i) {
    SCOPED_TRACE(i);
    const auto finished = aggregator.update(minutes[i]);
    if (i == 14) {
      ASSERT_TRUE(finished.has_value());  // emitted at its last minute, not a minute later
      expect_same_bar(finished->candle, (*fifteen_minute_)[0]);
      EXPECT_FALSE(aggregator.forming().has_value());
      break;
    }
    EXPECT_FALSE(finished.has_value());
    const auto forming = aggregator.forming();
    ASSERT_TRUE(forming.has_value());
    const auto so_far = minutes.first(static_cast<std::size_t>(i) + 1);
    EXPECT_EQ(forming->open_time, (*fifteen_minute_)[0].open_time);
    EXPECT_EQ(forming->close_time, (*fifteen_minute_)[0].close_time);
    EXPECT_EQ(forming->open, so_far.front().open);
    EXPECT_EQ(forming->close, so_far.back().close);
    EXPECT_EQ(forming->high, std::max_element(so_far.begin(), so_far.end(), [](auto& a, auto& b) {
                               return a.high < b.high;
                             })->high);
    EXPECT_EQ(forming->low, std::min_element(so_far.begin(), so_far.end(), [](auto& a, auto& b) {
                              return a.low < b.low;
                            })->low);
  }
}

TEST_F(RealWeek, OutOfOrderCandleIsIgnoredNotMerged) {
  std::vector<Candle> source(one_minute_->begin(), one_minute_->begin() + 15);
  std::swap(source[4], source[5]);  // 00:05 arrives before 00:04
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  std::optional<Finished> finished;
  for (const Candle& c : source) {
    if (auto f = aggregator.update(c)) finished = f;
  }
  EXPECT_EQ(aggregator.ignored(), 1);  // 00:04, late
  EXPECT_FALSE(finished.has_value());  // so the bucket is not full yet
  const auto last = aggregator.flush();
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->complete);
  EXPECT_EQ(last->source_count, 14);
  EXPECT_EQ(last->candle.close, (*one_minute_)[14].close);
}

TEST_F(RealWeek, LateCandleDoesNotReopenAFinishedBucket) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  for (int i = 0; i < 16; ++i) aggregator.update((*one_minute_)[i]);
  EXPECT_FALSE(aggregator.update((*one_minute_)[3]).has_value());
  EXPECT_EQ(aggregator.ignored(), 1);
  ASSERT_TRUE(aggregator.forming().has_value());
  EXPECT_EQ(aggregator.forming()->open_time, (*fifteen_minute_)[1].open_time);
  EXPECT_EQ(aggregator.forming()->open, (*one_minute_)[15].open);
}

// --- Synthetic candles ----------------------------------------------------------------------

Candle minute(std::int64_t index, double price, double volume) {
  Candle c{};
  c.open_time = TimestampMs{1720569600000 + index * kMinuteMs};
  c.close_time = c.open_time + DurationMs{kMinuteMs - 1};
  c.open = c.high = c.low = c.close = price;
  c.volume = volume;
  return c;
}

TEST(CandleAggregator, MisalignedSourceCandleIsIgnored) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k15m);
  Candle c = minute(0, 100, 1);
  c.open_time = c.open_time + DurationMs{30'000};
  EXPECT_FALSE(aggregator.update(c).has_value());
  EXPECT_EQ(aggregator.ignored(), 1);
  EXPECT_FALSE(aggregator.forming().has_value());
}

TEST(CandleAggregator, SumsExchangeExtrasWhileEverySourceHasThem) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k3m);
  for (int i = 0; i < 3; ++i) {
    Candle c = minute(i, 100 + i, 1);
    c.has_exchange_extras = true;
    c.quote_volume = 100 + i;
    c.trades = 10;
    c.taker_buy_base_volume = 0.5;
    c.taker_buy_quote_volume = 50;
    c.received_time = TimestampMs{c.close_time.ms + 5};
    const auto finished = aggregator.update(c);
    if (i < 2) continue;
    ASSERT_TRUE(finished.has_value());
    EXPECT_TRUE(finished->candle.has_exchange_extras);
    EXPECT_EQ(finished->candle.quote_volume, 303);
    EXPECT_EQ(finished->candle.trades, 30);
    EXPECT_EQ(finished->candle.taker_buy_base_volume, 1.5);
    EXPECT_EQ(finished->candle.taker_buy_quote_volume, 150);
    EXPECT_EQ(finished->candle.volume, 3);
    EXPECT_EQ(finished->candle.open, 100);
    EXPECT_EQ(finished->candle.high, 102);
    EXPECT_EQ(finished->candle.low, 100);
    EXPECT_EQ(finished->candle.close, 102);
    EXPECT_EQ(finished->candle.received_time, c.received_time);  // when the last part came
  }
  Candle without = minute(3, 100, 1);
  aggregator.update(without);
  Candle with = minute(4, 100, 1);
  with.has_exchange_extras = true;
  aggregator.update(with);
  EXPECT_FALSE(aggregator.forming()->has_exchange_extras);
}

TEST(CandleAggregator, SameTimeframeIsAPassThrough) {
  CandleAggregator aggregator(Timeframe::k1m, Timeframe::k1m);
  for (int i = 0; i < 3; ++i) {
    const Candle c = minute(i, 100 + i, 2);
    const auto finished = aggregator.update(c);
    ASSERT_TRUE(finished.has_value());
    EXPECT_TRUE(finished->complete);
    EXPECT_EQ(finished->candle.open_time, c.open_time);
    EXPECT_EQ(finished->candle.close_time, c.close_time);
    EXPECT_EQ(finished->candle.close, c.close);
  }
}

TEST(CandleAggregator, SupportsWholeMultiplesOnly) {
  EXPECT_TRUE(CandleAggregator::supports(Timeframe::k1m, Timeframe::k15m));
  EXPECT_TRUE(CandleAggregator::supports(Timeframe::k1h, Timeframe::k4h));
  EXPECT_TRUE(CandleAggregator::supports(Timeframe::k3m, Timeframe::k1h));
  EXPECT_TRUE(CandleAggregator::supports(Timeframe::k8h, Timeframe::k1d));
  EXPECT_TRUE(CandleAggregator::supports(Timeframe::k15m, Timeframe::k15m));
  EXPECT_FALSE(CandleAggregator::supports(Timeframe::k3m, Timeframe::k5m));
  EXPECT_FALSE(CandleAggregator::supports(Timeframe::k1h, Timeframe::k15m));
  EXPECT_FALSE(CandleAggregator::supports(Timeframe::k2h, Timeframe::k3m));
  EXPECT_EQ(CandleAggregator(Timeframe::k1m, Timeframe::k4h).target_duration(),
            DurationMs{4 * 60 * kMinuteMs});
}

}  // namespace
}  // namespace alphapulse::core
