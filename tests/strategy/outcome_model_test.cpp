// The learned stage: the model separates classes a feature determines, learns only from
// decided outcomes, and the candidate tracker decides exactly what evaluate_outcome decides.
#include "strategy/outcome_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "evaluation/outcome.hpp"

namespace alphapulse::strategy {
namespace {

ModelFeatures random_features(std::mt19937_64& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  ModelFeatures x{};
  x[0] = 1;
  for (std::size_t i = 1; i < kModelFeatureCount; ++i) x[i] = u(rng);
  return x;
}

TEST(OnlineOutcomeModel, LearnsAFeatureThatDeterminesTheOutcome) {
  std::mt19937_64 rng(7);
  OnlineOutcomeModel model;
  EXPECT_FALSE(model.warm());
  EXPECT_DOUBLE_EQ(model.predict(random_features(rng)), 0.5);  // untrained: no opinion
  for (int i = 0; i < 5000; ++i) {
    const ModelFeatures x = random_features(rng);
    model.learn(x, x[8] > 0.2F);  // feature 8 alone decides
  }
  EXPECT_TRUE(model.warm());
  double p_win = 0, p_loss = 0;
  int wins = 0, losses = 0;
  for (int i = 0; i < 2000; ++i) {
    const ModelFeatures x = random_features(rng);
    if (x[8] > 0.6F) {
      p_win += model.predict(x);
      ++wins;
    } else if (x[8] < -0.2F) {
      p_loss += model.predict(x);
      ++losses;
    }
  }
  p_win /= wins;
  p_loss /= losses;
  EXPECT_GT(p_win, 0.75);
  EXPECT_LT(p_loss, 0.25);
  // The win rate it compares to is the observed one (40% of draws are wins).
  EXPECT_NEAR(model.base_rate(), 0.4, 0.08);
  // Feature 8 carries the largest weight.
  for (std::size_t i = 1; i < kModelFeatureCount; ++i) {
    if (i != 8) {
      EXPECT_GT(model.weights()[8], 5 * std::abs(model.weights()[i])) << i;
    }
  }
}

// Random-walk candles and random plans: the tracker, one candle at a time, reaches the same
// decision on the same candle as evaluate_outcome on the whole path.
TEST(CandidateOutcomeTracker, DecidesAsEvaluateOutcomeOnTheWholePath) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> step(0, 0.004);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<core::Candle> candles;
  double price = 100;
  for (int i = 0; i < 3000; ++i) {
    core::Candle c{};
    c.open_time = core::TimestampMs{i * 900'000LL};
    c.close_time = core::TimestampMs{i * 900'000LL + 899'999};
    c.open = price;
    price *= std::exp(step(rng));
    c.close = price;
    c.high = std::max(c.open, c.close) * (1 + 0.002 * u(rng));
    c.low = std::min(c.open, c.close) * (1 - 0.002 * u(rng));
    c.volume = 1;
    candles.push_back(c);
  }
  struct Expected {
    bool win;
    std::size_t decided_at;
  };
  std::vector<Expected> expected;  // by plan number
  std::vector<int> decided_at(3000, -1);
  CandidateOutcomeTracker tracker;
  int plans = 0, decided = 0, wins = 0, expired = 0;
  for (std::size_t t = 0; t < candles.size(); ++t) {
    tracker.on_candle(candles[t], [&](const ModelFeatures& x, bool win) {
      const auto id = static_cast<std::size_t>(x[1]);
      ASSERT_LT(id, expected.size());
      EXPECT_EQ(win, expected[id].win) << id;
      EXPECT_EQ(t, expected[id].decided_at) << id;
      ++decided;
      wins += win ? 1 : 0;
    });
    if (t + 1 + evaluation::kOutcomeWindow > candles.size() || u(rng) > 0.5) continue;
    const bool is_long = u(rng) < 0.5;
    const double sign = is_long ? 1 : -1;
    const double risk = candles[t].close * (0.002 + 0.08 * u(rng));
    evaluation::TradePlan plan{is_long ? core::Direction::kLong : core::Direction::kShort,
                               candles[t].close,
                               {},
                               candles[t].close - sign * risk};
    for (int k = 0; k < 4; ++k) plan.take_profits[k] = plan.entry + sign * risk * (0.75 + k);
    const auto full =
        evaluation::evaluate_outcome(plan, std::span<const core::Candle>(candles).subspan(t + 1));
    ASSERT_TRUE(full.judged());
    expected.push_back({full.outcome == core::SignalOutcome::kWin, t + full.candles_to_resolution});
    expired += full.outcome == core::SignalOutcome::kExpired ? 1 : 0;
    ModelFeatures x{};
    x[1] = static_cast<float>(plans++);
    ASSERT_TRUE(tracker.add(plan, x));
  }
  EXPECT_EQ(decided, plans);
  EXPECT_EQ(tracker.pending(), 0U);
  EXPECT_GT(wins, 100);
  EXPECT_GT(plans - wins - expired, 100);  // losses
  EXPECT_GT(expired, 10);
  EXPECT_EQ(tracker.refused(), 0);
}

TEST(CandidateOutcomeTracker, HoldsOneCandidatePerCandleOfTheWindow) {
  CandidateOutcomeTracker tracker;
  core::Candle flat{};
  flat.open = flat.high = flat.low = flat.close = 100;
  evaluation::TradePlan plan{core::Direction::kLong, 100, {110, 120, 130, 140}, 90};
  for (int t = 0; t < 1000; ++t) {
    flat.open_time = core::TimestampMs{t};
    int decided = 0;
    tracker.on_candle(flat, [&](const ModelFeatures&, bool win) {
      EXPECT_FALSE(win);  // expired
      ++decided;
    });
    EXPECT_EQ(decided, t >= static_cast<int>(evaluation::kOutcomeWindow) ? 1 : 0);
    ASSERT_TRUE(tracker.add(plan, {}));
    EXPECT_LE(tracker.pending(), evaluation::kOutcomeWindow);
  }
}

}  // namespace
}  // namespace alphapulse::strategy
