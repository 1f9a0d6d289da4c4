// tests/store/outcome_tracker_test: live decisions equal evaluation::evaluate_outcome on
// the same candles, signal by signal, on random paths; capacity and ordering guards.
#include "store/outcome_tracker.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace alphapulse::store {
namespace {

constexpr std::int64_t k15m = 900'000;
constexpr std::int64_t kStart = 1'709'294'400'000;

std::vector<core::Candle> random_walk(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> step(0.0, 0.004);
  std::uniform_real_distribution<double> wick(0.0, 0.004);
  std::vector<core::Candle> out;
  double price = 100;
  for (std::size_t i = 0; i < count; ++i) {
    core::Candle c;
    c.open_time = {kStart + static_cast<std::int64_t>(i) * k15m};
    c.close_time = {c.open_time.ms + k15m - 1};
    c.open = price;
    price *= std::exp(step(rng));
    c.close = price;
    c.high = std::max(c.open, c.close) * (1 + wick(rng));
    c.low = std::min(c.open, c.close) * (1 - wick(rng));
    c.volume = 1;
    out.push_back(c);
  }
  return out;
}

core::Signal signal_at(const core::Candle& candle, std::size_t index, std::mt19937& rng) {
  std::uniform_real_distribution<double> distance(0.002, 0.03);
  core::Signal s;
  std::string id = std::to_string(index);
  id.insert(0, 1, 's');
  s.signal_id.assign(id);
  s.symbol.assign("BTCUSDT");
  s.timeframe = core::Timeframe::k15m;
  s.direction = rng() % 2 == 0 ? core::Direction::kLong : core::Direction::kShort;
  s.entry_price = candle.close;
  const double dir = s.direction == core::Direction::kLong ? 1 : -1;
  const double tp = distance(rng);
  for (std::size_t k = 0; k < 4; ++k)
    s.take_profits[k] = candle.close * (1 + dir * tp * static_cast<double>(k + 1));
  s.stop_loss = candle.close * (1 - dir * distance(rng));
  s.candle_open_time = candle.open_time;
  s.timestamp = {candle.close_time.ms + 1};
  return s;
}

TEST(OutcomeTracker, DecisionsEqualEvaluateOutcomeOnTheSamePath) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const std::vector<core::Candle> candles = random_walk(3000, seed);
    std::mt19937 rng(seed * 7919);
    OutcomeTracker tracker(256);
    std::map<std::string, core::Signal> signals;
    std::map<std::string, std::pair<OutcomeDecision, std::size_t>>
        decided;  // decision, candle index

    for (std::size_t i = 0; i < candles.size(); ++i) {
      for (const OutcomeDecision& d : tracker.on_candle(candles[i])) {
        ASSERT_TRUE(decided.emplace(std::string(d.signal_id.view()), std::make_pair(d, i)).second);
      }
      if (rng() % 4 == 0) {  // a signal at this candle's close
        const core::Signal s = signal_at(candles[i], i, rng);
        ASSERT_EQ(tracker.add(s), OutcomeTracker::AddResult::kAdded);
        signals.emplace(std::string(s.signal_id.view()), s);
      }
    }
    ASSERT_GT(signals.size(), 500u);

    std::size_t wins = 0, losses = 0, expired = 0;
    for (const auto& [id, s] : signals) {
      const std::size_t own = static_cast<std::size_t>((s.candle_open_time.ms - kStart) / k15m);
      const std::span<const core::Candle> after(candles.data() + own + 1, candles.size() - own - 1);
      const evaluation::OutcomeResult expected = evaluation::evaluate_outcome(s, after);
      auto it = decided.find(id);
      if (!expected.judged()) {
        EXPECT_EQ(it, decided.end()) << id << " is open at the end of the data";
        continue;
      }
      ASSERT_NE(it, decided.end()) << id;
      const OutcomeDecision& d = it->second.first;
      EXPECT_EQ(d.outcome, expected.outcome) << id;
      EXPECT_EQ(d.candles_to_resolution, expected.candles_to_resolution) << id;
      EXPECT_EQ(it->second.second, own + expected.candles_to_resolution)
          << id;  // decided on that candle
      EXPECT_EQ(d.decided_at, candles[own + expected.candles_to_resolution].close_time) << id;
      wins += d.outcome == core::SignalOutcome::kWin;
      losses += d.outcome == core::SignalOutcome::kLoss;
      expired += d.outcome == core::SignalOutcome::kExpired;
    }
    EXPECT_EQ(decided.size(), wins + losses + expired);
    EXPECT_GT(wins, 0u);
    EXPECT_GT(losses, 0u);
    EXPECT_EQ(tracker.pending(), signals.size() - decided.size());
  }
}

TEST(OutcomeTracker, ExpiresAfter96CandlesWithoutAHit) {
  OutcomeTracker tracker(4);
  core::Candle flat;
  flat.open = flat.high = flat.low = flat.close = 100;
  flat.open_time = {kStart};
  flat.close_time = {kStart + k15m - 1};
  EXPECT_TRUE(tracker.on_candle(flat).empty());
  core::Signal s;
  s.signal_id.assign("flat");
  s.entry_price = 100;
  s.take_profits = {110, 120, 130, 140};
  s.stop_loss = 90;
  s.candle_open_time = flat.open_time;
  ASSERT_EQ(tracker.add(s), OutcomeTracker::AddResult::kAdded);
  for (int i = 1; i <= 96; ++i) {
    flat.open_time = {kStart + i * k15m};
    flat.close_time = {flat.open_time.ms + k15m - 1};
    auto decisions = tracker.on_candle(flat);
    if (i < 96) {
      ASSERT_TRUE(decisions.empty()) << i;
    } else {
      ASSERT_EQ(decisions.size(), 1u);
      EXPECT_EQ(decisions[0].outcome, core::SignalOutcome::kExpired);
      EXPECT_EQ(decisions[0].candles_to_resolution, 96u);
      EXPECT_EQ(decisions[0].decided_at, flat.close_time);
      const OutcomeUpdate update = decisions[0].as_update();
      EXPECT_EQ(update.signal_id, std::string_view("flat"));
      EXPECT_EQ(update.outcome, core::SignalOutcome::kExpired);
    }
  }
  EXPECT_EQ(tracker.pending(), 0u);
}

TEST(OutcomeTracker, CapacityStalenessAndCandleOrder) {
  OutcomeTracker tracker(2);
  core::Candle c;
  c.open = c.high = c.low = c.close = 100;
  c.open_time = {kStart};
  c.close_time = {kStart + k15m - 1};
  core::Signal s;
  s.entry_price = 100;
  s.take_profits = {101, 102, 103, 104};
  s.stop_loss = 99;
  s.candle_open_time = {kStart};
  // Added before its own candle arrives: that candle is not part of its path.
  s.signal_id.assign("early");
  EXPECT_EQ(tracker.add(s), OutcomeTracker::AddResult::kAdded);
  core::Candle own = c;
  own.high = 105;  // would be a win if it counted
  EXPECT_TRUE(tracker.on_candle(own).empty());
  s.signal_id.assign("second");
  EXPECT_EQ(tracker.add(s), OutcomeTracker::AddResult::kAdded);
  s.signal_id.assign("third");
  EXPECT_EQ(tracker.add(s), OutcomeTracker::AddResult::kFull);
  EXPECT_EQ(tracker.refused(), 1u);

  core::Candle next = c;
  next.open_time = {kStart + k15m};
  next.close_time = {kStart + 2 * k15m - 1};
  next.high = 101.5;
  auto decisions = tracker.on_candle(next);
  EXPECT_EQ(decisions.size(), 2u);  // both win on their first candle
  for (const auto& d : decisions) EXPECT_EQ(d.outcome, core::SignalOutcome::kWin);

  EXPECT_TRUE(tracker.on_candle(next).empty());  // a repeated candle is ignored
  EXPECT_EQ(tracker.ignored_candles(), 1u);
  s.signal_id.assign("stale");
  s.candle_open_time = {kStart - k15m};  // the tracker already saw candles after it
  EXPECT_EQ(tracker.add(s), OutcomeTracker::AddResult::kStale);
}

// A restart: signals stored as pending by an earlier run are resumed before any candle, and the
// start-up history (which begins before them) decides them exactly as an uninterrupted run would.
TEST(OutcomeTracker, ResumedSignalsAreDecidedByTheHistoryFetchedAtStart) {
  const auto candles = random_walk(400, 11);
  std::mt19937 rng(5);
  std::vector<core::Signal> signals;
  for (const std::size_t at : {150u, 170u, 230u})
    signals.push_back(signal_at(candles[at], at, rng));

  // The uninterrupted run: each signal added right after its candle.
  OutcomeTracker uninterrupted(97);
  std::map<std::string, OutcomeDecision> expected;
  for (std::size_t i = 0; i < candles.size(); ++i) {
    for (const auto& d : uninterrupted.on_candle(candles[i])) expected[d.signal_id.str()] = d;
    for (const auto& s : signals) {
      if (s.candle_open_time == candles[i].open_time) {
        ASSERT_EQ(uninterrupted.add(s), OutcomeTracker::AddResult::kAdded);
      }
    }
  }
  ASSERT_EQ(expected.size(), signals.size());

  // The restarted run: all three resumed up front, history from candle 100 on.
  OutcomeTracker restarted(97);
  for (const auto& s : signals) ASSERT_EQ(restarted.resume(s), OutcomeTracker::AddResult::kAdded);
  EXPECT_EQ(restarted.resume(signals[0]), OutcomeTracker::AddResult::kDuplicate);
  std::map<std::string, OutcomeDecision> got;
  for (std::size_t i = 100; i < candles.size(); ++i) {
    for (const auto& d : restarted.on_candle(candles[i])) got[d.signal_id.str()] = d;
  }
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [id, d] : expected) {
    EXPECT_EQ(got[id].outcome, d.outcome) << id;
    EXPECT_EQ(got[id].decided_at, d.decided_at) << id;
    EXPECT_EQ(got[id].candles_to_resolution, d.candles_to_resolution) << id;
  }
  EXPECT_EQ(restarted.unjudgeable(), 0u);
  EXPECT_EQ(restarted.resume(signals[0]), OutcomeTracker::AddResult::kStale);  // after candles
}

TEST(OutcomeTracker, AResumedSignalWhoseNextCandleIsMissingIsNeverJudged) {
  const auto candles = random_walk(300, 12);
  std::mt19937 rng(6);
  const core::Signal s = signal_at(candles[100], 100, rng);
  OutcomeTracker tracker(97);
  ASSERT_EQ(tracker.resume(s), OutcomeTracker::AddResult::kAdded);
  // The history of this run starts 20 candles after the signal's: its path would have a hole.
  for (std::size_t i = 120; i < candles.size(); ++i)
    EXPECT_TRUE(tracker.on_candle(candles[i]).empty());
  EXPECT_EQ(tracker.unjudgeable(), 1u);
  EXPECT_EQ(tracker.pending(), 0u);
}

TEST(OutcomeTracker, ASignalReEmittedByAReplayedCandleIsTrackedOnce) {
  const auto candles = random_walk(200, 13);
  std::mt19937 rng(7);
  const core::Signal s = signal_at(candles[50], 50, rng);
  OutcomeTracker tracker(97);
  for (std::size_t i = 0; i <= 50; ++i) (void)tracker.on_candle(candles[i]);
  ASSERT_EQ(tracker.add(s), OutcomeTracker::AddResult::kAdded);
  EXPECT_EQ(tracker.add(s), OutcomeTracker::AddResult::kDuplicate);
  EXPECT_EQ(tracker.pending(), 1u);
}

}  // namespace
}  // namespace alphapulse::store
