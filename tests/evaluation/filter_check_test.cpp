// Tests for evaluation/filter_check: candidates judged as if signalled, grouped by verdict.
#include "evaluation/filter_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "evaluation/candle_path.hpp"
#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::evaluation {
namespace {

using core::Direction;
using core::SignalOutcome;

// 300 quiet candles (high 100.4, low 99.6, close 100); candle 11 reaches 101.2 (a long's
// TP1 at 101), candle 51 reaches 101.5 (a short's stop at 101).
std::vector<core::Candle> quiet_candles() {
  std::vector<core::Candle> candles;
  test::append(candles, 300, {100.4, 99.6, 100});
  candles[11].high = 101.2;
  candles[11].low = 100.1;
  candles[51].high = 101.5;
  return candles;
}

// Entry 100 at candle `index`, TPs 1-4 points away, stop 1 point away.
core::Signal candidate_at(const std::vector<core::Candle>& candles, std::size_t index, Direction d,
                          std::string_view id) {
  core::Signal s = test::make_signal(d, id);
  const double dir = d == Direction::kLong ? 1.0 : -1.0;
  s.take_profits = {100 + dir, 100 + 2 * dir, 100 + 3 * dir, 100 + 4 * dir};
  s.stop_loss = 100 - dir;
  s.candle_open_time = candles[index].open_time;
  return s;
}

TEST(FilterCheck, GroupsCandidatesByVerdict) {
  const auto candles = quiet_candles();
  FilterCheck check(candles);
  check.add(candidate_at(candles, 10, Direction::kLong, "a"), true, "ignored");          // win
  check.add(candidate_at(candles, 50, Direction::kShort, "b"), false, "counter_trend");  // loss
  check.add(candidate_at(candles, 100, Direction::kLong, "c"), false, "low_quality");    // expired
  check.add(candidate_at(candles, 120, Direction::kLong, "d"), false, "low_quality");    // expired
  auto no_stop = candidate_at(candles, 130, Direction::kLong, "e");
  no_stop.stop_loss = 0;
  check.add(no_stop, false, "invalid_levels");
  auto stop_at_entry = candidate_at(candles, 140, Direction::kShort, "f");
  stop_at_entry.stop_loss = stop_at_entry.entry_price;
  check.add(stop_at_entry, true, "");

  EXPECT_EQ(check.without_trade(), 2u);
  const auto& groups = check.by_verdict();
  ASSERT_EQ(groups.size(), 4u);  // accepted, rejected, and the two reasons that have a trade
  const Metrics& accepted = groups.at("accepted");
  EXPECT_EQ(accepted.signals, 1u);
  EXPECT_EQ(accepted.wins, 1u);
  const Metrics& rejected = groups.at("rejected");
  EXPECT_EQ(rejected.signals, 3u);
  EXPECT_EQ(rejected.losses, 1u);
  EXPECT_EQ(rejected.expired, 2u);
  EXPECT_DOUBLE_EQ(rejected.accuracy(), 0.0);
  EXPECT_EQ(groups.at("rejected: counter_trend").losses, 1u);
  EXPECT_EQ(groups.at("rejected: low_quality").expired, 2u);
  EXPECT_EQ(groups.count("rejected: invalid_levels"), 0u);
  // An expired long at entry 100 closed at 100: only the two fees, -0.2% of entry.
  EXPECT_NEAR(groups.at("rejected: low_quality").mean_return_pct(), -0.2, 1e-12);
}

TEST(FilterCheck, WithoutKeepingTheCandidatesTheFiguresAreTheSame) {
  const auto candles = quiet_candles();
  FilterCheck kept(candles), counted(candles);
  counted.keep_candidates(false);
  struct Case {
    std::size_t index;
    Direction direction;
    const char* id;
    bool accepted;
  };
  const Case cases[] = {{10, Direction::kLong, "c0", true},
                        {50, Direction::kShort, "c1", false},
                        {100, Direction::kLong, "c2", true},
                        {120, Direction::kShort, "c3", false}};
  for (const Case& c : cases) {
    const auto candidate = candidate_at(candles, c.index, c.direction, c.id);
    kept.add(candidate, c.accepted, "low_quality");
    counted.add(candidate, c.accepted, "low_quality");
  }
  EXPECT_EQ(kept.judged().size(), 4u);
  EXPECT_TRUE(counted.judged().empty());
  EXPECT_TRUE(counted.verdicts().empty());
  ASSERT_EQ(counted.by_verdict().size(), kept.by_verdict().size());
  for (const auto& [group, m] : kept.by_verdict()) {
    const Metrics& other = counted.by_verdict().at(group);
    EXPECT_EQ(other.judged(), m.judged()) << group;
    EXPECT_EQ(other.wins, m.wins) << group;
    EXPECT_EQ(other.baseline_judged, m.baseline_judged) << group;
    EXPECT_EQ(other.return_pct_sum, m.return_pct_sum) << group;
  }
}

TEST(FilterCheck, AnAcceptedCandidateIsJudgedAsItsSignal) {
  // Same levels and id: same outcome, return and baseline as the Evaluator gives the signal.
  const auto candles = quiet_candles();
  const core::Signal signal = candidate_at(candles, 10, Direction::kLong, "same-id");
  Evaluator evaluator(candles);
  evaluator.add(signal);
  FilterCheck check(candles);
  check.add(signal, true, "");
  const Metrics& direct = evaluator.summary().overall;
  const Metrics& as_candidate = check.by_verdict().at("accepted");
  EXPECT_EQ(as_candidate.wins, direct.wins);
  EXPECT_EQ(as_candidate.baseline_judged, direct.baseline_judged);
  EXPECT_EQ(as_candidate.baseline_wins, direct.baseline_wins);
  EXPECT_DOUBLE_EQ(as_candidate.return_pct_sum, direct.return_pct_sum);
  EXPECT_GT(direct.baseline_judged, 0u);
}

TEST(FilterCheck, ExportsEveryJudgedCandidateWithItsVerdict) {
  const auto candles = quiet_candles();
  FilterCheck check(candles);
  check.add(candidate_at(candles, 10, Direction::kLong, "a"), true, "ignored");          // win
  check.add(candidate_at(candles, 50, Direction::kShort, "b"), false, "counter_trend");  // loss
  auto no_stop = candidate_at(candles, 130, Direction::kLong, "e");
  no_stop.stop_loss = 0;
  check.add(no_stop, false, "invalid_levels");  // no trade: neither judged nor exported

  ASSERT_EQ(check.judged().size(), 2u);
  EXPECT_EQ(check.verdicts(), (std::vector<std::string>{"accepted", "counter_trend"}));
  const std::string accepted = to_candidate_jsonl(check, 0);
  const std::string rejected = to_candidate_jsonl(check, 1);
  EXPECT_TRUE(accepted.ends_with(R"("accepted":true,"rejection_reason":null})")) << accepted;
  EXPECT_TRUE(rejected.ends_with(R"("accepted":false,"rejection_reason":"counter_trend"})"))
      << rejected;
  // Still a line of the signal format, with the outcome the check judged.
  std::string error;
  const auto back = parse_signal_jsonl(rejected, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->signal_id.view(), "b");
  EXPECT_EQ(back->outcome, SignalOutcome::kLoss);
  const auto accepted_back = parse_signal_jsonl(accepted, &error);
  ASSERT_TRUE(accepted_back) << error;
  EXPECT_EQ(accepted_back->outcome, SignalOutcome::kWin);
}

}  // namespace
}  // namespace alphapulse::evaluation
