// Tests for evaluation/walk_forward: the folds worked out by hand, and the selection rule.
#include "evaluation/walk_forward.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace alphapulse::evaluation {
namespace {

TEST(PlanWalkForward, AnchoredFoldsCoverTheJudgedSpanWithTheRemainderFirst) {
  // 100 candles, judged from 25: 75 candles in 4 folds = 19, 19, 19, 18.
  const auto folds = plan_walk_forward(100, 25, 4, 0);
  ASSERT_EQ(folds.size(), 4u);
  const std::size_t begins[] = {25, 44, 63, 82}, ends[] = {44, 63, 82, 100};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(folds[k].selection_begin, 0u) << k;
    EXPECT_EQ(folds[k].begin, begins[k]) << k;
    EXPECT_EQ(folds[k].end, ends[k]) << k;
  }
}

TEST(PlanWalkForward, RollingSelectionIsTheLastCandlesBeforeEachFoldClippedAtZero) {
  // 60 candles judged from 20 in 2 folds of 20; selection over the 30 candles before each.
  const auto folds = plan_walk_forward(60, 20, 2, 30);
  ASSERT_EQ(folds.size(), 2u);
  EXPECT_EQ(folds[0].selection_begin, 0u);  // only 20 candles before the first fold
  EXPECT_EQ(folds[0].begin, 20u);
  EXPECT_EQ(folds[0].end, 40u);
  EXPECT_EQ(folds[1].selection_begin, 10u);
  EXPECT_EQ(folds[1].begin, 40u);
  EXPECT_EQ(folds[1].end, 60u);
}

TEST(PlanWalkForward, NoPlanWithoutCandlesToChooseOnOrToJudge) {
  EXPECT_TRUE(plan_walk_forward(100, 0, 4, 0).empty());    // nothing before the first fold
  EXPECT_TRUE(plan_walk_forward(100, 100, 4, 0).empty());  // nothing to judge
  EXPECT_TRUE(plan_walk_forward(100, 97, 4, 0).empty());   // 3 candles, 4 folds
  EXPECT_TRUE(plan_walk_forward(100, 25, 0, 0).empty());
  EXPECT_EQ(plan_walk_forward(100, 96, 4, 0).size(), 4u);  // one candle each
}

TEST(PlanWalkForwardInTime, EqualSpansOfTimeAfterTheFirstFraction) {
  // 1,000 ms judged from 0.2: folds of 200 ms from 1,200 (first 1,000), the last to the end.
  const auto folds = plan_walk_forward_in_time(1000, 2000, 0.2, 4);
  ASSERT_EQ(folds.size(), 4u);
  const std::int64_t begins[] = {1200, 1400, 1600, 1800}, ends[] = {1400, 1600, 1800, 2000};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(folds[k].selection_begin_ms, 1000) << k;
    EXPECT_EQ(folds[k].begin_ms, begins[k]) << k;
    EXPECT_EQ(folds[k].end_ms, ends[k]) << k;
  }
  // Uneven: 10 ms from 0.25 in 3 folds: 2, 4, 6 (floors of 2.5, 5, 7.5) to 10.
  const auto uneven = plan_walk_forward_in_time(0, 10, 0.25, 3);
  ASSERT_EQ(uneven.size(), 3u);
  EXPECT_EQ(uneven[0].begin_ms, 2);
  EXPECT_EQ(uneven[1].begin_ms, 5);
  EXPECT_EQ(uneven[2].begin_ms, 7);
  EXPECT_EQ(uneven[2].end_ms, 10);
}

TEST(PlanWalkForwardInTime, NoPlanWithoutTimeOrAFractionInside) {
  EXPECT_TRUE(plan_walk_forward_in_time(5, 5, 0.25, 4).empty());
  EXPECT_TRUE(plan_walk_forward_in_time(0, 100, 0, 4).empty());
  EXPECT_TRUE(plan_walk_forward_in_time(0, 100, 1, 4).empty());
  EXPECT_TRUE(plan_walk_forward_in_time(0, 100, 0.5, 0).empty());
  EXPECT_TRUE(plan_walk_forward_in_time(0, 4, 0.5, 3).empty());  // 2 ms cannot hold 3 folds
}

TEST(PlanWalkForwardFromTime, EqualSpansToTheMillisecondFromTheGivenInstant) {
  // 1,001 ms judged from 1,000 in 4 folds: boundaries floor(1000 + k * 1001 / 4).
  const auto folds = plan_walk_forward_from_time(0, 1000, 2001, 4);
  ASSERT_EQ(folds.size(), 4u);
  const std::int64_t begins[] = {1000, 1250, 1500, 1750}, ends[] = {1250, 1500, 1750, 2001};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(folds[k].selection_begin_ms, 0) << k;
    EXPECT_EQ(folds[k].begin_ms, begins[k]) << k;
    EXPECT_EQ(folds[k].end_ms, ends[k]) << k;
  }
  // Spans of 15-minute candles over years do not overflow or drift: the last fold ends at the end.
  const std::int64_t first = 1'500'000'000'000, begin = 1'704'067'200'000, end = 1'735'689'600'000;
  const auto long_plan = plan_walk_forward_from_time(first, begin, end, 7);
  ASSERT_EQ(long_plan.size(), 7u);
  EXPECT_EQ(long_plan.front().begin_ms, begin);
  EXPECT_EQ(long_plan.back().end_ms, end);
  for (std::size_t k = 1; k < 7; ++k) EXPECT_EQ(long_plan[k].begin_ms, long_plan[k - 1].end_ms);
}

TEST(PlanWalkForwardFromTime, NoPlanWithoutAPastToChooseOnOrTimeToJudge) {
  EXPECT_TRUE(plan_walk_forward_from_time(100, 100, 200, 2).empty());  // nothing before it
  EXPECT_TRUE(plan_walk_forward_from_time(100, 50, 200, 2).empty());
  EXPECT_TRUE(plan_walk_forward_from_time(100, 200, 200, 2).empty());  // nothing to judge
  EXPECT_TRUE(plan_walk_forward_from_time(100, 150, 200, 0).empty());
  EXPECT_TRUE(plan_walk_forward_from_time(100, 198, 200, 3).empty());  // 2 ms, 3 folds
  EXPECT_EQ(plan_walk_forward_from_time(100, 197, 200, 3).size(), 3u);
}

TEST(ChooseTrial, TheEligibleTrialWithTheHighestExpectancy) {
  const SelectionRule rule{30, 0.60, 0.80};
  const TrialScore scores[] = {
      {100, 0.05, 0.70},   // eligible
      {20, 0.90, 0.70},    // best expectancy, too few signals
      {100, 0.40, 0.85},   // filter rate above the band
      {100, 0.20, 0.60},   // eligible, the band's edge included
      {100, 0.10, 0.599},  // just under the band
  };
  const auto chosen = choose_trial(scores, rule);
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(*chosen, 3u);
  EXPECT_EQ(ineligibility(scores[0], rule), "");
  EXPECT_EQ(ineligibility(scores[1], rule), "20 judged signals, under 30");
  EXPECT_EQ(ineligibility(scores[2], rule), "filter rate 85.0% outside 60-80%");
  EXPECT_EQ(ineligibility(scores[4], rule), "filter rate 59.9% outside 60-80%");
}

TEST(ChooseTrial, TheFirstListedAmongEqualsAndNoneWhenNoneIsEligible) {
  const SelectionRule rule{10, 0.60, 0.80};
  const TrialScore tied[] = {{50, -0.1, 0.7}, {50, 0.3, 0.7}, {50, 0.3, 0.7}};
  EXPECT_EQ(choose_trial(tied, rule), std::optional<std::size_t>(1));
  const TrialScore none[] = {{5, 1.0, 0.7}, {50, 1.0, 0.9}};
  EXPECT_FALSE(choose_trial(none, rule).has_value());
  const TrialScore not_finite[] = {{50, std::numeric_limits<double>::quiet_NaN(), 0.7}};
  EXPECT_FALSE(choose_trial(not_finite, rule).has_value());
  EXPECT_FALSE(choose_trial(std::span<const TrialScore>{}, rule).has_value());
}

}  // namespace
}  // namespace alphapulse::evaluation
