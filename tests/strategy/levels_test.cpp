#include "strategy/levels.hpp"

#include <gtest/gtest.h>

namespace alphapulse::strategy {
namespace {

using core::Direction;

// The geometry below is worked by hand with the levels the project started with (stop 1-3 ATR,
// TP1..TP4 at 0.75/1.5/2.5/4 R), named here so the tests do not move with the defaults.
const LevelSettings kNarrow{10, 0.25, 1.0, 3.0, {0.75, 1.5, 2.5, 4.0}};

TEST(Levels, LongLevelsAreOrderedAroundEntry) {
  // Entry 100, ATR 2, swing low 97: distance 3 + 0.25*2 = 3.5 (1.75 ATR, inside [1, 3] ATR).
  const Levels l = compute_levels(Direction::kLong, 100.0, 2.0, 97.0, 104.0, kNarrow);
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
  const Levels l = compute_levels(Direction::kShort, 100.0, 2.0, 97.0, 103.0, kNarrow);
  EXPECT_DOUBLE_EQ(l.stop_loss, 103.5);  // 3 + 0.5 above entry
  EXPECT_GT(l.stop_loss, l.entry);
  EXPECT_LT(l.take_profits[0], l.entry);
  for (int i = 0; i < 3; ++i) EXPECT_GT(l.take_profits[i], l.take_profits[i + 1]);
}

TEST(Levels, StopDistanceIsClampedToTheAtrBand) {
  // A swing 20 below with ATR 2 would be a 10 ATR stop: clamped to 3 ATR = 6.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 80.0, 101.0, kNarrow).stop_loss,
                   94.0);
  // A swing right at entry: at least 1 ATR.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 100.0, 101.0, kNarrow).stop_loss,
                   98.0);
  // A swing low above entry (entry broke below it) carries no structure: the 1 ATR floor.
  EXPECT_DOUBLE_EQ(compute_levels(Direction::kLong, 100.0, 2.0, 100.5, 101.0, kNarrow).stop_loss,
                   98.0);
}

TEST(Levels, TheDefaultsStopThreeToSixAtrAwayWithTargetsAt1point5To6R) {
  // Session 16's defaults, chosen on the design spans (docs/strategy.md, "Levels"). Entry 100,
  // ATR 2: the swing's 3.5 (1.75 ATR) is under the 3 ATR floor, so R = 6.
  const Levels l = compute_levels(Direction::kLong, 100.0, 2.0, 97.0, 104.0);
  EXPECT_DOUBLE_EQ(l.stop_loss, 94.0);
  EXPECT_DOUBLE_EQ(l.take_profits[0], 109.0);  // 1.5 R
  EXPECT_DOUBLE_EQ(l.take_profits[1], 118.0);  // 3 R
  EXPECT_DOUBLE_EQ(l.take_profits[2], 127.0);  // 4.5 R
  EXPECT_DOUBLE_EQ(l.take_profits[3], 136.0);  // 6 R
  EXPECT_DOUBLE_EQ(l.risk_reward_ratio, 3.75);
  EXPECT_DOUBLE_EQ(l.stop_atr_multiple, 3.0);
  // A swing 20 below is a 10 ATR stop: the 6 ATR ceiling, R = 12, short mirrored.
  const Levels s = compute_levels(Direction::kShort, 100.0, 2.0, 90.0, 120.0);
  EXPECT_DOUBLE_EQ(s.stop_loss, 112.0);
  EXPECT_DOUBLE_EQ(s.take_profits[0], 82.0);
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
