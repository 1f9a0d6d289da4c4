// Tests for evaluation/outcome: hand-built candle paths, long and short, with every
// expected return derived by hand in a comment (entry 100, fees 0.1% per side).
#include "evaluation/outcome.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "evaluation/candle_path.hpp"

namespace alphapulse::evaluation {
namespace {

using core::Direction;
using core::SignalOutcome;
using test::Bar;
using test::make_signal;
using test::path;

constexpr double kTol = 1e-12;
// Long: between stop 98 and TP1 102, touching entry. Short: between TP1 98 and stop 102.
constexpr Bar kQuiet{101, 99, 100.5};

TEST(Outcome, LongTp1ThenBackToEntryIsAWinClosedAtEntry) {
  const auto candles = path({kQuiet, {102.5, 100.5, 102}, {101, 99.9, 100}, {103, 97, 98}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.candles_to_resolution, 2u);
  EXPECT_EQ(r.candles_to_exit, 3u);
  EXPECT_EQ(r.take_profits_hit, 1u);
  EXPECT_TRUE(r.stopped_at_entry);
  // 25% at 102: 0.25 * (0.02 - 0.001 * 1.02) = 0.004745; 75% at 100: 0.75 * (0 - 0.001)
  // = -0.00075; entry fee -0.001 -> 0.002995 = 0.2995%; R = 0.02 -> 0.14975 R.
  EXPECT_NEAR(r.return_pct, 0.2995, kTol);
  EXPECT_NEAR(r.return_r, 0.14975, kTol);
}

TEST(Outcome, LongTp1ThenOriginalStopIsStillAWinClosedAtEntry) {
  // After TP1 the stop is entry, so a fall through 98 closes the rest at 100, not 98.
  const auto candles = path({{102.5, 100.5, 102}, {101, 97, 97.5}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.candles_to_exit, 2u);
  EXPECT_NEAR(r.return_pct, 0.2995, kTol);
}

TEST(Outcome, LongStopFirstIsALossClosedAtTheStop) {
  const auto candles = path({kQuiet, {100.5, 97.9, 98.5}, {110, 100, 109}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kLoss);
  EXPECT_EQ(r.candles_to_resolution, 2u);
  EXPECT_EQ(r.take_profits_hit, 0u);
  // All at 98: -0.02 - 0.001 * 0.98 - 0.001 = -0.02198 -> -2.198%, -1.099 R.
  EXPECT_NEAR(r.return_pct, -2.198, kTol);
  EXPECT_NEAR(r.return_r, -1.099, kTol);
}

TEST(Outcome, AnotherFeeRateIsPaidOnEntryAndEveryExit) {
  // The loss above at a 0.075% fee tier: -0.02 - 0.00075 * 0.98 - 0.00075 = -0.021485.
  const auto candles = path({kQuiet, {100.5, 97.9, 98.5}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles, 0.00075);
  EXPECT_NEAR(r.return_pct, -2.1485, kTol);
  EXPECT_NEAR(r.return_r, -1.07425, kTol);
  // No fee at all: the gross move.
  EXPECT_NEAR(evaluate_outcome(make_signal(Direction::kLong), candles, 0.0).return_pct, -2.0, kTol);
}

TEST(Outcome, LongStopAndTp1InOneCandleIsALoss) {
  const auto r = evaluate_outcome(make_signal(Direction::kLong), path({{109, 97, 105}}));
  EXPECT_EQ(r.outcome, SignalOutcome::kLoss);
  EXPECT_EQ(r.take_profits_hit, 0u);
  EXPECT_NEAR(r.return_pct, -2.198, kTol);
}

TEST(Outcome, LevelsAreInclusive) {
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kLong), path({{101, 98, 99}})).outcome,
            SignalOutcome::kLoss);
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kLong), path({{102, 100.5, 101}})).outcome,
            SignalOutcome::kWin);
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kShort), path({{102, 99, 101}})).outcome,
            SignalOutcome::kLoss);
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kShort), path({{99.5, 98, 99}})).outcome,
            SignalOutcome::kWin);
}

TEST(Outcome, LongAllFourTakeProfits) {
  const auto candles = path({{102.5, 100.5, 102}, {106.5, 101, 106}, {109, 105, 108.5}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.take_profits_hit, 4u);
  EXPECT_EQ(r.candles_to_exit, 3u);
  EXPECT_FALSE(r.stopped_at_entry);
  // 0.25 * [(0.02 + 0.04 + 0.06 + 0.08) - 0.001 * (1.02 + 1.04 + 1.06 + 1.08)] - 0.001
  // = 0.25 * (0.2 - 0.0042) - 0.001 = 0.04795 -> 4.795%, 2.3975 R.
  EXPECT_NEAR(r.return_pct, 4.795, kTol);
  EXPECT_NEAR(r.return_r, 2.3975, kTol);
}

TEST(Outcome, Tp1CandleReachingBackToEntryTakesOnlyTp1) {
  // One candle spans TP2 and entry: pessimistic path TP1 -> entry, TP2 does not count.
  const auto r = evaluate_outcome(make_signal(Direction::kLong), path({{104.5, 99.5, 103}}));
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.take_profits_hit, 1u);
  EXPECT_TRUE(r.stopped_at_entry);
  EXPECT_EQ(r.candles_to_exit, 1u);
  EXPECT_NEAR(r.return_pct, 0.2995, kTol);
}

TEST(Outcome, MovedStopWinsATieWithTheNextTakeProfit) {
  const auto candles = path({{102.5, 100.5, 102}, {106.5, 99, 101}});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.take_profits_hit, 1u);
  EXPECT_TRUE(r.stopped_at_entry);
  EXPECT_EQ(r.candles_to_exit, 2u);
  EXPECT_NEAR(r.return_pct, 0.2995, kTol);
}

TEST(Outcome, LongNeitherWithin96IsExpiredClosedAtThe96thClose) {
  std::vector<core::Candle> candles;
  test::append(candles, 95, kQuiet);
  test::append(candles, 1, {101.5, 99, 101});
  test::append(candles, 10, {120, 100.5, 119});  // TP1 on candle 97: too late
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kExpired);
  EXPECT_EQ(r.candles_to_resolution, 96u);
  EXPECT_EQ(r.candles_to_exit, 96u);
  // All at 101: 0.01 - 0.001 * 1.01 - 0.001 = 0.00799 -> 0.799%.
  EXPECT_NEAR(r.return_pct, 0.799, kTol);
}

TEST(Outcome, Tp1OnThe96thCandleIsAWinClosedAtItsClose) {
  std::vector<core::Candle> candles;
  test::append(candles, 95, kQuiet);
  test::append(candles, 1, {102.5, 100.5, 101});
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.candles_to_resolution, 96u);
  EXPECT_FALSE(r.closed_at_data_end);
  // 0.25 * (0.02 - 0.00102) + 0.75 * (0.01 - 0.00101) - 0.001 = 0.004745 + 0.0067425 - 0.001
  // = 0.0104875 -> 1.04875%.
  EXPECT_NEAR(r.return_pct, 1.04875, kTol);
}

TEST(Outcome, StopOnThe96thCandleIsALoss) {
  std::vector<core::Candle> candles;
  test::append(candles, 95, kQuiet);
  test::append(candles, 1, {100, 97, 97});
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kLong), candles).outcome, SignalOutcome::kLoss);
}

TEST(Outcome, TooCloseToTheEndAndUnresolvedIsOpen) {
  std::vector<core::Candle> candles;
  test::append(candles, 95, kQuiet);
  const auto r = evaluate_outcome(make_signal(Direction::kLong), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kOpen);
  EXPECT_FALSE(r.judged());
  EXPECT_TRUE(std::isnan(r.return_pct));
  EXPECT_TRUE(std::isnan(r.return_r));
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kLong), {}).outcome, SignalOutcome::kOpen);
}

TEST(Outcome, ResolvedBeforeTheEndIsJudgedEvenWithFewerThan96Candles) {
  const auto loss = evaluate_outcome(make_signal(Direction::kLong), path({kQuiet, {99, 97, 97}}));
  EXPECT_EQ(loss.outcome, SignalOutcome::kLoss);
  // A win whose remainder runs into the data's end is closed at the last close (101):
  const auto win = evaluate_outcome(make_signal(Direction::kLong),
                                    path({{102.5, 100.5, 102}, {101.5, 100.5, 101}}));
  EXPECT_EQ(win.outcome, SignalOutcome::kWin);
  EXPECT_TRUE(win.closed_at_data_end);
  EXPECT_NEAR(win.return_pct, 1.04875, kTol);
}

TEST(Outcome, ShortMirrorsLong) {
  const Bar quiet{101, 99, 99.5};
  // TP1 (98) then back to entry (100): 0.25 * (0.02 - 0.001 * 0.98) - 0.00075 - 0.001
  // = 0.004755 - 0.00175 = 0.003005 -> 0.3005%.
  auto r = evaluate_outcome(make_signal(Direction::kShort),
                            path({quiet, {99.5, 97.5, 98}, {100.2, 98.5, 100}}));
  EXPECT_EQ(r.outcome, SignalOutcome::kWin);
  EXPECT_EQ(r.take_profits_hit, 1u);
  EXPECT_NEAR(r.return_pct, 0.3005, kTol);

  // Stop (102) first: -(0.02) - 0.001 * 1.02 - 0.001 = -0.02202 -> -2.202%.
  r = evaluate_outcome(make_signal(Direction::kShort), path({quiet, {102.5, 100, 102}}));
  EXPECT_EQ(r.outcome, SignalOutcome::kLoss);
  EXPECT_NEAR(r.return_pct, -2.202, kTol);
  EXPECT_NEAR(r.return_r, -1.101, kTol);

  r = evaluate_outcome(make_signal(Direction::kShort), path({{102.5, 97.5, 100}}));
  EXPECT_EQ(r.outcome, SignalOutcome::kLoss);

  // All four: 0.25 * (0.2 - 0.001 * (0.98 + 0.96 + 0.94 + 0.92)) - 0.001 = 0.04805 -> 4.805%.
  r = evaluate_outcome(make_signal(Direction::kShort),
                       path({{99.5, 97.5, 98}, {99, 93.5, 94}, {95, 91, 92}}));
  EXPECT_EQ(r.take_profits_hit, 4u);
  EXPECT_NEAR(r.return_pct, 4.805, kTol);
  EXPECT_NEAR(r.return_r, 2.4025, kTol);

  std::vector<core::Candle> candles;
  test::append(candles, 96, quiet);
  r = evaluate_outcome(make_signal(Direction::kShort), candles);
  EXPECT_EQ(r.outcome, SignalOutcome::kExpired);
  // All at 99.5: 0.005 - 0.000995 - 0.001 = 0.003005 -> 0.3005%.
  EXPECT_NEAR(r.return_pct, 0.3005, kTol);
  candles.pop_back();
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kShort), candles).outcome,
            SignalOutcome::kOpen);
}

TEST(Outcome, GapsInTimeDoNotMatter) {
  const std::vector<Bar> bars = {kQuiet, kQuiet, {102.5, 100.5, 102}, {106.5, 101, 106}, kQuiet};
  const auto contiguous = path(bars);
  auto gappy = contiguous;
  std::int64_t t = test::kStartMs;
  for (std::size_t i = 0; i < gappy.size(); ++i) {
    t += static_cast<std::int64_t>(i + 1) * 86'400'000;  // growing gaps, days apart
    gappy[i].open_time = {t};
    gappy[i].close_time = {t + test::k15mMs - 1};
  }
  const auto a = evaluate_outcome(make_signal(Direction::kLong), contiguous);
  const auto b = evaluate_outcome(make_signal(Direction::kLong), gappy);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.candles_to_exit, b.candles_to_exit);
  EXPECT_EQ(a.take_profits_hit, b.take_profits_hit);
  EXPECT_EQ(a.return_pct, b.return_pct);

  // 96 candles spread over a year still expire on the 96th.
  std::vector<core::Candle> sparse;
  test::append(sparse, 97, kQuiet);
  for (std::size_t i = 0; i < sparse.size(); ++i) {
    sparse[i].open_time = {test::kStartMs + static_cast<std::int64_t>(i + 1) * 3 * 86'400'000};
  }
  sparse.back().high = 110;
  EXPECT_EQ(evaluate_outcome(make_signal(Direction::kLong), sparse).outcome,
            SignalOutcome::kExpired);
}

TEST(Outcome, ZeroRiskGivesNaNInR) {
  auto s = make_signal(Direction::kLong);
  s.stop_loss = 100;
  const auto r = evaluate_outcome(s, path({{102.5, 100.5, 102}, {103, 100.5, 101}}));
  EXPECT_TRUE(std::isnan(r.return_r));
  EXPECT_TRUE(std::isfinite(r.return_pct));
}

}  // namespace
}  // namespace alphapulse::evaluation
