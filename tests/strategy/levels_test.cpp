#include "strategy/levels.hpp"

#include <gtest/gtest.h>

namespace alphapulse::strategy {
namespace {

using core::Direction;

TEST(Levels, LongLevelsAreOrderedAroundEntry) {
  // Entry 100, ATR 2, swing low 97: distance 3 + 0.25*2 = 3.5 (1.75 ATR, inside [1, 3] ATR).
  const Levels l = compute_levels(Direction::kLong, 100.0, 2.0, 97.0, 104.0);
  EXPECT_DOUBLE_EQ(l.stop_loss, 96.5);
  EXPECT_DOUBLE_EQ(l.take_profits[0], 100.0 + 0.75 * 3.5);
  EXPECT_DOUBLE_EQ(l.take_profits[3], 100.0 + 4.0 * 3.5);
  EXPECT_LT(l.stop_loss, l.entry);
  for (int i = 0; i < 3; ++i) EXPECT_LT(l.take_profits[i], l.take_profits[i + 1]);
  EXPECT_GT(l.take_profits[0], l.entry);
  EXPECT_DOUBLE_EQ(l.risk_reward_ratio, (0.75 + 1.5 + 2.5 + 4.0) / 4);
  EXPECT_DOUBLE_EQ(l.stop_atr_multiple, 1.75);
}

TEST(Levels, ShortLevelsMirror) {
  const Levels l = compute_levels(Direction::kShort, 100.0, 2.0, 97.0, 103.0);
  EXPECT_DOUBLE_EQ(l.stop_loss, 103.5);  // 3 + 0.5 above entry
  EXPECT_GT(l.stop_loss, l.entry);
  EXPECT_LT(l.take_profits[0], l.entry);
  for (int i = 0; i < 3; ++i) EXPECT_GT(l.take_profits[i], l.take_profits[i + 1]);
}

TEST(Levels, StopDistanceIsClampedToTheAtrBand) {
  // A swing 20 below with ATR 2 would be a 10 ATR stop: clamped to 3 ATR = 6.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 80.0, 101.0).stop_loss, 94.0);
  // A swing right at entry: at least 1 ATR.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 100.0, 101.0).stop_loss, 98.0);
  // A swing low above entry (entry broke below it) carries no structure: the 1 ATR floor.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 100.5, 101.0).stop_loss, 98.0);
}

TEST(Levels, ScaleFree) {
  const Levels a = compute_levels(Direction::kLong, 100.0, 2.0, 97.0, 104.0);
  const Levels b =
      compute_levels(Direction::kLong, 100.0 / 1024, 2.0 / 1024, 97.0 / 1024, 104.0 / 1024);
  EXPECT_EQ(a.stop_loss / 1024, b.stop_loss);
  EXPECT_EQ(a.take_profits[2] / 1024, b.take_profits[2]);
  EXPECT_EQ(a.risk_reward_ratio, b.risk_reward_ratio);
}

}  // namespace
}  // namespace alphapulse::strategy
