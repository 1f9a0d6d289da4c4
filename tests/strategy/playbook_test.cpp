// strategy/playbook: the candidate's lead evidence (the signal's pattern_type) is the first of
// the heaviest eligible items on the chosen side, kept by pointer while the list is walked.
#include "strategy/playbook.hpp"

#include <gtest/gtest.h>

namespace alphapulse::strategy {
namespace {

Evidence item(std::string_view name, int direction, double weight) {
  return {name, EvidenceKind::kRsiExtreme, direction, weight, false};
}

TEST(Playbook, LeadIsTheFirstHeaviestOnTheChosenSide) {
  EvidenceList list;
  list.add(item("light_long", +1, 0.5));
  list.add(item("heavy_short", -1, 0.9));
  list.add(item("first_heavy_long", +1, 0.8));
  list.add(item("tied_heavy_long", +1, 0.8));
  list.add(item("lighter_long", +1, 0.6));
  const auto candidate = propose_candidate(core::MarketRegime::kRanging, 0.0, list);
  ASSERT_TRUE(candidate.has_value());
  EXPECT_EQ(candidate->direction, core::Direction::kLong);
  EXPECT_EQ(candidate->lead.name, "first_heavy_long");
  EXPECT_EQ(candidate->lead.weight, 0.8);
  EXPECT_EQ(candidate->supporting_weight, 0.5 + 0.8 + 0.8 + 0.6);
  EXPECT_EQ(candidate->opposing_weight, 0.9);
  EXPECT_EQ(candidate->supporting_count, 4);
}

TEST(Playbook, LeadOfTheShortSideAndNoCandidateWithoutWeight) {
  EvidenceList list;
  list.add(item("short_a", -1, 0.7));
  list.add(item("short_b", -1, 1.0));
  list.add(item("long_a", +1, 0.6));
  const auto candidate = propose_candidate(core::MarketRegime::kRanging, 0.0, list);
  ASSERT_TRUE(candidate.has_value());
  EXPECT_EQ(candidate->direction, core::Direction::kShort);
  EXPECT_EQ(candidate->lead.name, "short_b");

  EvidenceList weightless;
  weightless.add(item("nothing", +1, 0.0));
  EXPECT_FALSE(propose_candidate(core::MarketRegime::kRanging, 0.0, weightless).has_value());
}

}  // namespace
}  // namespace alphapulse::strategy
