// strategy/evidence: EvidenceList keeps its slots uninitialized (a union) and copies only the
// items it holds; these check that adding, the 16-item cap, copying and assigning keep exactly
// the items added, in order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "strategy/evidence.hpp"

namespace alphapulse::strategy {
namespace {

Evidence item(int i) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int k = 0; k < 20; ++k) v.push_back("evidence_" + std::to_string(k));
    return v;
  }();
  return {names[static_cast<std::size_t>(i)], EvidenceKind::kRsiExtreme, i % 2 ? +1 : -1, 0.05 * i,
          i % 3 == 0};
}

void expect_items(const EvidenceList& list, int count) {
  ASSERT_EQ(list.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(list.empty(), count == 0);
  int i = 0;
  for (const Evidence& e : list) {
    const Evidence expected = item(i);
    EXPECT_EQ(e.name, expected.name);
    EXPECT_EQ(e.direction, expected.direction);
    EXPECT_EQ(e.weight, expected.weight);
    EXPECT_EQ(e.trend_continuation, expected.trend_continuation);
    ++i;
  }
  EXPECT_EQ(i, count);
}

TEST(EvidenceList, StartsEmptyAndKeepsWhatIsAddedInOrder) {
  EvidenceList list;
  expect_items(list, 0);
  for (int i = 0; i < 5; ++i) list.add(item(i));
  expect_items(list, 5);
}

TEST(EvidenceList, HoldsAtMostSixteenItems) {
  EvidenceList list;
  for (int i = 0; i < 20; ++i) list.add(item(i));
  expect_items(list, 16);
}

TEST(EvidenceList, CopyAndAssignmentKeepTheItems) {
  EvidenceList list;
  for (int i = 0; i < 7; ++i) list.add(item(i));
  const EvidenceList copy(list);
  expect_items(copy, 7);
  EvidenceList assigned;
  for (int i = 0; i < 12; ++i) assigned.add(item(i));
  assigned = list;  // shrinks from 12 to 7
  expect_items(assigned, 7);
  assigned.add(item(7));
  expect_items(assigned, 8);
  expect_items(list, 7);  // the source is unchanged
}

}  // namespace
}  // namespace alphapulse::strategy
