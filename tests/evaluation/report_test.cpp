// Tests for evaluation/evaluator, metrics and report: a small run whose figures are worked
// out by hand, breakdowns, filter rate, several streams, and the report text.
#include "evaluation/report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

#include "evaluation/baseline.hpp"
#include "evaluation/candle_path.hpp"
#include "evaluation/filter_check.hpp"

namespace alphapulse::evaluation {
namespace {

using core::Direction;
using core::MarketRegime;
using core::SignalOutcome;

constexpr double kTol = 1e-12;

// 300 quiet candles (high 100.4, low 99.6, close 100) with two hand-made moves.
std::vector<core::Candle> run_candles() {
  std::vector<core::Candle> candles;
  test::append(candles, 300, {100.4, 99.6, 100});
  candles[11].high = 101.2;  // signal A's TP1 (101); low 100.1 stays above entry
  candles[11].low = 100.1;
  candles[51].high = 101.5;  // signal B's stop (101)
  return candles;
}

core::Signal at(const std::vector<core::Candle>& candles, std::size_t index, Direction d,
                std::string_view id, MarketRegime regime, std::string_view pattern) {
  core::Signal s = test::make_signal(d, id);
  const double dir = d == Direction::kLong ? 1.0 : -1.0;
  s.take_profits = {100 + dir, 100 + 2 * dir, 100 + 3 * dir, 100 + 4 * dir};
  s.stop_loss = 100 - dir;
  s.candle_open_time = index < candles.size() ? candles[index].open_time
                                              : core::TimestampMs{candles.back().open_time.ms + 1};
  s.market_regime = regime;
  s.pattern_type = pattern;
  return s;
}

struct HandMadeRun {
  std::vector<core::Candle> candles = run_candles();
  std::vector<core::Signal> signals;
  Evaluator evaluator{candles};

  HandMadeRun() {
    // A: long at 10, TP1 on 11, back to entry on 12 -> win.
    signals.push_back(
        at(candles, 10, Direction::kLong, "A", MarketRegime::kStrongTrendBull, "hammer"));
    // B: short at 50, stop on 51 -> loss.
    signals.push_back(
        at(candles, 50, Direction::kShort, "B", MarketRegime::kRanging, "shooting_star"));
    // C: long at 100, 96 quiet candles -> expired at close 100.
    signals.push_back(
        at(candles, 100, Direction::kLong, "C", MarketRegime::kStrongTrendBull, "hammer"));
    // D: long at 290, only 9 candles left -> open.
    signals.push_back(at(candles, 290, Direction::kLong, "D", MarketRegime::kChoppy, "hammer"));
    // E: its candle is not in the data -> unmatched.
    signals.push_back(at(candles, 1000, Direction::kLong, "E", MarketRegime::kRanging, ""));
    for (const auto& s : signals) evaluator.add(s);
    evaluator.set_filter_stats(40, 35, {{"low_confidence", 20}, {"regime_mismatch", 15}});
  }
};

// Returns worked out by hand (entry 100, R = 1%):
//  A: 0.25 * (0.01 - 0.001 * 1.01) + 0.75 * (0 - 0.001) - 0.001 = 0.0004975 -> 0.04975%
//  B: -0.01 - 0.001 * 1.01 - 0.001 = -0.01201 -> -1.201%
//  C: 0 - 0.001 * 1.00 - 0.001 = -0.002 -> -0.2%
constexpr double kReturnA = 0.04975;
constexpr double kReturnB = -1.201;
constexpr double kReturnC = -0.2;

TEST(Evaluator, JudgesEachSignal) {
  HandMadeRun run;
  const auto& judged = run.evaluator.judged();
  ASSERT_EQ(judged.size(), 5u);
  EXPECT_EQ(judged[0].signal.outcome, SignalOutcome::kWin);
  EXPECT_NEAR(judged[0].result.return_pct, kReturnA, kTol);
  EXPECT_EQ(judged[1].signal.outcome, SignalOutcome::kLoss);
  EXPECT_NEAR(judged[1].result.return_pct, kReturnB, kTol);
  EXPECT_EQ(judged[2].signal.outcome, SignalOutcome::kExpired);
  EXPECT_NEAR(judged[2].result.return_pct, kReturnC, kTol);
  EXPECT_EQ(judged[3].signal.outcome, SignalOutcome::kOpen);
  EXPECT_EQ(judged[3].baseline_drawn, 0u);  // open: no baseline either
  EXPECT_FALSE(judged[4].matched);
  EXPECT_EQ(judged[4].signal.outcome, SignalOutcome::kPending);
}

TEST(Evaluator, OverallFigures) {
  HandMadeRun run;
  const Metrics& m = run.evaluator.summary().overall;
  EXPECT_EQ(m.signals, 5u);
  EXPECT_EQ(m.judged(), 3u);
  EXPECT_EQ(m.open, 1u);
  EXPECT_EQ(m.unmatched, 1u);
  EXPECT_EQ(m.wins, 1u);
  EXPECT_EQ(m.losses, 1u);
  EXPECT_EQ(m.expired, 1u);
  EXPECT_NEAR(m.accuracy(), 1.0 / 3.0, kTol);
  EXPECT_NEAR(m.expired_share(), 1.0 / 3.0, kTol);
  EXPECT_NEAR(m.mean_return_pct(), (kReturnA + kReturnB + kReturnC) / 3, kTol);  // -0.4504167
  EXPECT_NEAR(m.mean_return_r(), (kReturnA + kReturnB + kReturnC) / 3, 1e-10);   // R = 1%
  EXPECT_NEAR(run.evaluator.summary().filter.filter_rate(), 35.0 / 40.0, kTol);
}

TEST(Evaluator, BaselineAndEdge) {
  HandMadeRun run;
  std::size_t judged = 0;
  std::size_t wins = 0;
  double return_sum = 0;
  for (std::size_t i = 0; i < 3; ++i) {  // A, B, C: the judged signals
    for (const auto& sample : draw_baseline(run.signals[i], run.candles)) {
      if (!sample.result.judged()) continue;
      ++judged;
      wins += sample.result.outcome == SignalOutcome::kWin;
      return_sum += sample.result.return_pct;
    }
  }
  const Metrics& m = run.evaluator.summary().overall;
  ASSERT_GT(judged, 0u);
  EXPECT_EQ(m.baseline_judged, judged);
  EXPECT_NEAR(m.baseline_accuracy(), static_cast<double>(wins) / static_cast<double>(judged), kTol);
  EXPECT_NEAR(m.baseline_mean_return_pct(), return_sum / static_cast<double>(judged), 1e-10);
  EXPECT_NEAR(m.edge(), 1.0 / 3.0 - m.baseline_accuracy(), kTol);
}

TEST(Evaluator, BaselineDrawnFromTheFirstCandlesWhenBounded) {
  // The span judged up to candle 120 (backtest --judge-to): the same signals, their twins drawn
  // from candles 0..119 only, walking on past them.
  const std::vector<core::Candle> candles = run_candles();
  Evaluator bounded(candles, kFeeRatePerSide, 120);
  HandMadeRun open_ended;
  std::size_t judged = 0, wins = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    bounded.add(open_ended.signals[i]);
    for (const auto& sample : draw_baseline(open_ended.signals[i], candles,
                                            kBaselineSamplesPerSignal, kFeeRatePerSide, 120)) {
      ASSERT_LT(sample.candle_index, 120u);
      judged += sample.result.judged();
      wins += sample.result.outcome == SignalOutcome::kWin;
    }
  }
  const Metrics& m = bounded.summary().overall;
  EXPECT_EQ(m.wins, 1u);
  EXPECT_EQ(m.judged(), 3u);
  EXPECT_EQ(m.baseline_judged, judged);
  EXPECT_EQ(m.baseline_judged, 3 * kBaselineSamplesPerSignal);  // none open: walks go past 120
  EXPECT_NEAR(m.baseline_accuracy(), static_cast<double>(wins) / static_cast<double>(judged), kTol);
  EXPECT_NE(m.baseline_judged, open_ended.evaluator.summary().overall.baseline_judged);
}

TEST(Evaluator, BreakdownsByRegimePatternAndStream) {
  HandMadeRun run;
  const auto& s = run.evaluator.summary();
  ASSERT_EQ(s.by_regime.size(), 3u);
  const Metrics& bull = s.by_regime.at(MarketRegime::kStrongTrendBull);
  EXPECT_EQ(bull.judged(), 2u);
  EXPECT_NEAR(bull.accuracy(), 0.5, kTol);
  EXPECT_NEAR(bull.mean_return_pct(), (kReturnA + kReturnC) / 2, kTol);  // -0.075125
  const Metrics& ranging = s.by_regime.at(MarketRegime::kRanging);
  EXPECT_EQ(ranging.signals, 2u);
  EXPECT_EQ(ranging.unmatched, 1u);
  EXPECT_NEAR(ranging.accuracy(), 0.0, kTol);
  EXPECT_TRUE(std::isnan(s.by_regime.at(MarketRegime::kChoppy).accuracy()));

  ASSERT_EQ(s.by_pattern.size(), 3u);
  EXPECT_EQ(s.by_pattern.at("hammer").signals, 3u);
  EXPECT_EQ(s.by_pattern.at("hammer").open, 1u);
  EXPECT_NEAR(s.by_pattern.at("hammer").accuracy(), 0.5, kTol);
  EXPECT_EQ(s.by_pattern.at("shooting_star").losses, 1u);
  EXPECT_EQ(s.by_pattern.at("(none)").unmatched, 1u);
  ASSERT_EQ(s.by_stream.size(), 1u);
  EXPECT_EQ(s.by_stream.begin()->first.symbol, "BTCUSDT");
}

TEST(Evaluator, ByDirection) {
  HandMadeRun run;
  const auto& by_direction = run.evaluator.summary().by_direction;
  ASSERT_EQ(by_direction.size(), 2u);
  const Metrics& longs = by_direction.at(Direction::kLong);  // A win, C expired, D open, E
  EXPECT_EQ(longs.signals, 4u);
  EXPECT_EQ(longs.wins, 1u);
  EXPECT_EQ(longs.expired, 1u);
  EXPECT_EQ(longs.open, 1u);
  EXPECT_EQ(longs.unmatched, 1u);
  const Metrics& shorts = by_direction.at(Direction::kShort);  // B loss
  EXPECT_EQ(shorts.signals, 1u);
  EXPECT_EQ(shorts.losses, 1u);
  EXPECT_NEAR(shorts.mean_return_pct(), kReturnB, kTol);
}

TEST(Evaluator, ByConfidence) {
  const std::vector<core::Candle> candles = run_candles();
  Evaluator evaluator{candles};
  core::Signal a = at(candles, 10, Direction::kLong, "A", MarketRegime::kStrongTrendBull, "");
  core::Signal b = at(candles, 50, Direction::kShort, "B", MarketRegime::kRanging, "");
  core::Signal c = at(candles, 100, Direction::kLong, "C", MarketRegime::kStrongTrendBull, "");
  a.confidence = 0.65;  // win
  b.confidence = 0.60;  // loss: the band's lower edge belongs to it
  c.confidence = 1.0;   // expired: the top band is closed
  for (const auto& s : {a, b, c}) evaluator.add(s);
  const auto& by_confidence = evaluator.summary().by_confidence;
  ASSERT_EQ(by_confidence.size(), 2u);
  const Metrics& sixties = by_confidence.at("0.60-0.70");
  EXPECT_EQ(sixties.signals, 2u);
  EXPECT_EQ(sixties.wins, 1u);
  EXPECT_EQ(sixties.losses, 1u);
  EXPECT_DOUBLE_EQ(sixties.accuracy(), 0.5);
  EXPECT_EQ(by_confidence.at("0.90-1.00").expired, 1u);

  const std::pair<double, const char*> bands[] = {
      {0.0, "0.00-0.10"}, {0.1, "0.10-0.20"},    {0.3, "0.30-0.40"},
      {0.7, "0.70-0.80"}, {0.5499, "0.50-0.60"}, {0.9999, "0.90-1.00"},
      {-0.01, "n/a"},     {1.01, "n/a"},         {std::nan(""), "n/a"}};
  for (const auto& [confidence, band] : bands)
    EXPECT_EQ(confidence_band(confidence), band) << confidence;
  EXPECT_NE(to_markdown(evaluator.summary()).find("## By confidence"), std::string::npos);
}

TEST(Evaluator, ByQuarter) {
  HandMadeRun run;  // every candle on 2024-03-01..04
  const auto& by_quarter = run.evaluator.summary().by_quarter;
  ASSERT_EQ(by_quarter.size(), 1u);
  EXPECT_EQ(by_quarter.begin()->first, "2024-Q1");
  EXPECT_EQ(by_quarter.begin()->second.signals, 5u);
  EXPECT_EQ(by_quarter.begin()->second.judged(), 3u);

  core::Signal s;  // quarter edges, UTC (epoch milliseconds worked out with Python's datetime)
  const std::pair<std::int64_t, const char*> cases[] = {{1'617'235'199'999, "2021-Q1"},
                                                        {1'617'235'200'000, "2021-Q2"},
                                                        {1'625'400'000'000, "2021-Q3"},
                                                        {1'640'995'199'999, "2021-Q4"},
                                                        {1'640'995'200'000, "2022-Q1"}};
  for (const auto& [ms, quarter] : cases) {
    s.candle_open_time = {ms};
    EXPECT_EQ(quarter_of(s), quarter) << ms;
  }
}

// Taking A, B, C in turn: cumulative +0.04975, -1.15125, -1.35125 (% of entry).
TEST(Evaluator, TradeSequenceOfTheRun) {
  HandMadeRun run;
  const TradeSequence& trades = run.evaluator.summary().overall.trades;
  EXPECT_NEAR(trades.gross_gain_pct, kReturnA, kTol);
  EXPECT_NEAR(trades.gross_loss_pct, -(kReturnB + kReturnC), kTol);
  EXPECT_NEAR(trades.profit_factor(), kReturnA / -(kReturnB + kReturnC), kTol);
  EXPECT_NEAR(trades.cumulative_pct, kReturnA + kReturnB + kReturnC, kTol);
  EXPECT_NEAR(trades.max_drawdown_pct, -(kReturnB + kReturnC), kTol);  // from A's peak
  EXPECT_EQ(trades.longest_losing_streak, 2u);                         // B, C
}

TEST(TradeSequence, PeaksDrawdownsAndStreaks) {
  TradeSequence trades;
  // cumulative 2, 1, 0, 3, -1, 0: the worst fall is from 3 to -1; two losses in a row at most.
  for (double r : {2.0, -1.0, -1.0, 3.0, -4.0, 1.0}) trades.add(r);
  EXPECT_DOUBLE_EQ(trades.max_drawdown_pct, 4.0);
  EXPECT_DOUBLE_EQ(trades.peak_pct, 3.0);
  EXPECT_DOUBLE_EQ(trades.profit_factor(), 1.0);  // 6 won, 6 lost
  EXPECT_EQ(trades.longest_losing_streak, 2u);
  EXPECT_EQ(trades.losing_streak, 0u);

  TradeSequence losing_first;  // the sum starts at 0, so a first loss is already a drawdown
  losing_first.add(-0.5);
  EXPECT_DOUBLE_EQ(losing_first.max_drawdown_pct, 0.5);
  EXPECT_DOUBLE_EQ(losing_first.profit_factor(), 0.0);

  TradeSequence never_lost;
  never_lost.add(1.0);
  never_lost.add(0.0);  // neither a gain nor a loss: ends no streak's count, starts none
  EXPECT_TRUE(std::isnan(never_lost.profit_factor()));
  EXPECT_DOUBLE_EQ(never_lost.max_drawdown_pct, 0.0);
  EXPECT_EQ(never_lost.longest_losing_streak, 0u);
}

// Every sample's baseline: 20 judged, 10 won (0.5).
std::vector<EdgeSample> samples_with_wins(std::size_t count, const std::vector<std::size_t>& wins) {
  std::vector<EdgeSample> out(count, EdgeSample{false, 10, 20});
  for (std::size_t i : wins) out[i].win = true;
  return out;
}

TEST(EdgeStandardError, BatchMeansByHand) {
  // 50 signals: 5 batches of 10 with 5, 6, 7, 4, 8 wins -> edges 0, .1, .2, -.1, .3; their sd
  // is sqrt(0.1 / 4), so the standard error is sqrt(0.025 / 5).
  std::vector<std::size_t> wins;
  const std::size_t per_batch[] = {5, 6, 7, 4, 8};
  for (std::size_t b = 0; b < 5; ++b)
    for (std::size_t k = 0; k < per_batch[b]; ++k) wins.push_back(10 * b + k);
  EXPECT_NEAR(edge_standard_error(samples_with_wins(50, wins)), std::sqrt(0.025 / 5), 1e-15);
  // The same win share in every batch: no spread.
  std::vector<std::size_t> even;
  for (std::size_t i = 0; i < 100; i += 2) even.push_back(i);
  EXPECT_DOUBLE_EQ(edge_standard_error(samples_with_wins(100, even)), 0.0);
}

TEST(EdgeStandardError, UnevenBatchesAndTooFewSignals) {
  // 52 signals: batches of 11, 11, 10, 10, 10. The first 11 all won: edges .5, -.5 x 4, mean
  // -.3, squared deviations .64 + 4 x .04 = .8, variance .2, standard error sqrt(.2 / 5).
  std::vector<std::size_t> first_eleven(11);
  for (std::size_t i = 0; i < 11; ++i) first_eleven[i] = i;
  EXPECT_NEAR(edge_standard_error(samples_with_wins(52, first_eleven)), std::sqrt(0.2 / 5), 1e-15);
  EXPECT_TRUE(std::isnan(edge_standard_error(samples_with_wins(49, {}))));  // 4 batches
  // A batch without any judged baseline sample has no edge and is left out: 6 batches of 10,
  // the first all won, the last without baseline: edges .5, -.5 x 4 as above.
  auto samples = samples_with_wins(60, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  for (std::size_t i = 50; i < 60; ++i) samples[i].baseline_judged = samples[i].baseline_wins = 0;
  EXPECT_NEAR(edge_standard_error(samples), std::sqrt(0.2 / 5), 1e-15);
  for (std::size_t i = 40; i < 50; ++i) samples[i].baseline_judged = samples[i].baseline_wins = 0;
  EXPECT_TRUE(std::isnan(edge_standard_error(samples)));  // 4 batches left
}

std::vector<EdgeSample> samples_with_returns(const std::vector<double>& returns) {
  std::vector<EdgeSample> out;
  for (double r : returns) out.push_back({r > 0, 10, 20, r});
  return out;
}

TEST(ExpectancyStandardError, BatchMeansByHand) {
  // 50 returns in 5 batches of 10 whose means are 1, 2, 3, 4, 5 (each batch: its mean +-1
  // alternately): the means' sd is sqrt(2.5), the standard error sqrt(2.5 / 5).
  std::vector<double> returns;
  for (int b = 1; b <= 5; ++b)
    for (int k = 0; k < 10; ++k) returns.push_back(b + (k % 2 == 0 ? 1.0 : -1.0));
  EXPECT_NEAR(expectancy_standard_error(samples_with_returns(returns)), std::sqrt(2.5 / 5), 1e-12);
  // The same mean in every batch, however spread the returns: no spread of the means.
  std::vector<double> alternating;
  for (int i = 0; i < 100; ++i) alternating.push_back(i % 2 == 0 ? 3.0 : -1.0);
  EXPECT_NEAR(expectancy_standard_error(samples_with_returns(alternating)), 0.0, 1e-15);
  // 49 returns: 4 batches, too few.
  EXPECT_TRUE(
      std::isnan(expectancy_standard_error(samples_with_returns(std::vector<double>(49, 1.0)))));
}

TEST(ExpectancyStandardError, UnevenBatches) {
  // 52 returns: batches of 11, 11, 10, 10, 10; the first 11 are 11.0, the rest 0: means 11, 0,
  // 0, 0, 0, mean 2.2, squared deviations 77.44 + 4 x 4.84 = 96.8, variance 24.2, SE sqrt(24.2
  // / 5).
  std::vector<double> returns(52, 0.0);
  for (int i = 0; i < 11; ++i) returns[i] = 11.0;
  EXPECT_NEAR(expectancy_standard_error(samples_with_returns(returns)), std::sqrt(24.2 / 5), 1e-12);
}

TEST(Evaluator, SeveralStreams) {
  auto btc = run_candles();
  std::vector<core::Candle> eth;
  test::append(eth, 200, {100.4, 99.6, 100});
  eth[21].low = 98.5;  // a long's stop at 99
  StreamCandles streams;
  streams[{"BTCUSDT", core::Timeframe::k15m}] = btc;
  streams[{"ETHUSDT", core::Timeframe::k15m}] = eth;
  Evaluator ev(views_of(streams));

  auto on_btc = at(btc, 120, Direction::kLong, "btc", MarketRegime::kRanging, "hammer");
  auto on_eth = at(eth, 20, Direction::kLong, "eth", MarketRegime::kRanging, "hammer");
  on_eth.symbol.assign("ETHUSDT");
  auto on_1h = on_btc;
  on_1h.timeframe = core::Timeframe::k1h;
  EXPECT_EQ(ev.add(on_btc).result.outcome, SignalOutcome::kExpired);
  EXPECT_EQ(ev.add(on_eth).result.outcome, SignalOutcome::kLoss);
  EXPECT_FALSE(ev.add(on_1h).matched);  // no BTCUSDT 1h candles
  const auto& by_stream = ev.summary().by_stream;
  ASSERT_EQ(by_stream.size(), 3u);
  EXPECT_EQ((by_stream.at({"ETHUSDT", core::Timeframe::k15m}).losses), 1u);
  EXPECT_EQ((by_stream.at({"BTCUSDT", core::Timeframe::k1h}).unmatched), 1u);
}

// The evaluator reads the caller's candles where they are (a backtest of many streams holds them
// once), so it cannot be built from a temporary vector, whose candles would be gone by the
// first add.
static_assert(!std::is_constructible_v<Evaluator, std::vector<core::Candle>&&>);
static_assert(!std::is_constructible_v<FilterCheck, std::vector<core::Candle>&&>);
static_assert(std::is_constructible_v<Evaluator, const std::vector<core::Candle>&>);

TEST(Evaluator, ReadsTheCallersCandlesWhereTheyAre) {
  auto candles = run_candles();
  Evaluator ev(candles);
  auto signal = at(candles, 120, Direction::kLong, "quiet", MarketRegime::kRanging, "hammer");
  EXPECT_EQ(ev.add(signal).result.outcome, SignalOutcome::kExpired);
  candles[121].low = 98.5;  // the caller's candle changes: the long's stop at 99 is hit
  signal.signal_id.assign("stopped");
  EXPECT_EQ(ev.add(signal).result.outcome, SignalOutcome::kLoss);
}

TEST(Evaluator, RejectsCandlesOutOfOrder) {
  auto candles = run_candles();
  std::swap(candles[3], candles[4]);
  EXPECT_THROW(Evaluator{candles}, std::invalid_argument);
}

TEST(Report, FiguresLineMatchesThePythonFormat) {
  HandMadeRun run;
  const std::string line = figures_line(run.evaluator.summary().overall);
  EXPECT_EQ(line.rfind("accuracy 0.3333333333333333 wins 1 losses 1 expired 1 open 1 "
                       "expectancy_pct -0.45041666666666",
                       0),
            0u)
      << line;
  EXPECT_EQ(figures_line(Metrics{}),
            "accuracy nan wins 0 losses 0 expired 0 open 0 expectancy_pct nan");
}

TEST(Report, TextAndMarkdown) {
  HandMadeRun run;
  const auto& s = run.evaluator.summary();
  const std::string text = to_text(s);
  EXPECT_EQ(text.rfind(figures_line(s.overall) + "\n", 0), 0u);
  EXPECT_NE(text.find("signals 5: judged 3, open 1, unmatched 1"), std::string::npos) << text;
  EXPECT_NE(text.find("accuracy 33.33% vs baseline"), std::string::npos) << text;
  EXPECT_NE(text.find("expired share 33.33%"), std::string::npos) << text;
  EXPECT_NE(text.find("expectancy -0.4504% of entry after fees (-0.450 R)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("filter rate 87.50% (35 rejected of 40 candidates)"), std::string::npos);
  EXPECT_NE(text.find("  low_confidence: 20\n"), std::string::npos);
  EXPECT_NE(text.find("edge standard error n/a"), std::string::npos) << text;  // 3 judged
  // 0.04975 / 1.401 = 0.0355; the fall from +0.04975 to -1.35125 is 1.401.
  EXPECT_NE(
      text.find("taking every signal: profit factor 0.036, max drawdown 1.40% of one position"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("longest losing streak 2\n"), std::string::npos) << text;
  EXPECT_EQ(risk_line(s.overall).rfind("profit_factor 0.0355103497501784", 0), 0u)
      << risk_line(s.overall);
  EXPECT_NE(risk_line(s.overall).find(" longest_losing_streak 2"), std::string::npos);

  const std::string md = to_markdown(s);
  EXPECT_NE(md.find("## By market regime"), std::string::npos);
  EXPECT_NE(
      md.find("| strong_trend_bull | 2 | 2 | 0 | 0 | 1 | 0 | 1 | 50.00% | 50.00% | -0.0751 |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| choppy | 1 | 0 | 1 | 0 | 0 | 0 | 0 | n/a |"), std::string::npos) << md;
  EXPECT_NE(md.find("| (none) | 1 | 0 | 0 | 1 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| BTCUSDT 15m | 5 | 3 |"), std::string::npos) << md;
  EXPECT_NE(md.find("## By direction"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2024-Q1 | 5 | 3 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| short | 1 | 1 | 0 | 0 | 0 | 1 | 0 | 0.00% |"), std::string::npos) << md;
  // The overall row ends with edge se (n/a: 3 judged), profit factor, drawdown, streak and the
  // expectancy's standard error (n/a).
  EXPECT_NE(md.find("| n/a | 0.036 | 1.40 | 2 | n/a |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| 40 | 35 | 87.50% |"), std::string::npos) << md;
  EXPECT_NE(md.find("| regime_mismatch | 15 |"), std::string::npos) << md;
}

}  // namespace
}  // namespace alphapulse::evaluation
