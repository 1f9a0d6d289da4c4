// engine/close_order_predictor: the boundary kind counts the intervals dividing a boundary; the
// order of a burst is learned per kind, only inside one boundary, and named at most `ahead`
// streams past the latest close; the counts say how often the order held.
#include "engine/close_order_predictor.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace alphapulse::engine {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr core::DurationMs k15m{15 * kMinute};
constexpr core::DurationMs k1h{60 * kMinute};
constexpr core::DurationMs k4h{240 * kMinute};
constexpr feed::StreamId kNone = CloseOrderPredictor::kNone;

// Streams 0-2: A 15m / 1h / 4h; 3-5: B 15m / 1h / 4h (a symbol's timeframes side by side, as
// the core lays them out).
std::vector<core::DurationMs> two_symbols_three_timeframes() {
  return {k15m, k1h, k4h, k15m, k1h, k4h};
}

// 2024-01-01 00:00 UTC, a 4h boundary.
constexpr std::int64_t kMidnight = 1'704'067'200'000;
core::TimestampMs at(std::int64_t minutes_after_midnight) {
  return core::TimestampMs{kMidnight + minutes_after_midnight * kMinute};
}

// A close of `stream` at `boundary`: its candle opened one interval before.
void close_at(CloseOrderPredictor& p, feed::StreamId stream, core::TimestampMs boundary) {
  p.on_closed(stream, boundary - two_symbols_three_timeframes()[stream]);
}

void close_burst(CloseOrderPredictor& p, core::TimestampMs boundary,
                 const std::vector<feed::StreamId>& order) {
  for (const feed::StreamId s : order) close_at(p, s, boundary);
}

std::vector<feed::StreamId> named(CloseOrderPredictor& p) {
  std::vector<feed::StreamId> out;
  for (feed::StreamId s = p.next_expected(); s != kNone; s = p.next_expected()) out.push_back(s);
  return out;
}

TEST(CloseOrderPredictor, KindIsHowManyIntervalsDivideTheBoundary) {
  const CloseOrderPredictor p(two_symbols_three_timeframes(), 1);
  EXPECT_EQ(p.kind_of(at(15)), 1u);   // 00:15: 15m only
  EXPECT_EQ(p.kind_of(at(60)), 2u);   // 01:00: 15m and 1h
  EXPECT_EQ(p.kind_of(at(240)), 3u);  // 04:00: all three
  EXPECT_EQ(p.kind_of(at(300)), 2u);  // 05:00
  EXPECT_EQ(p.kind_of(at(7)), 0u);    // no boundary
}

TEST(CloseOrderPredictor, NamesNothingBeforeItHasSeenABurstOfTheKind) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 2);
  close_at(p, 0, at(15));
  EXPECT_EQ(p.next_expected(), kNone);
}

TEST(CloseOrderPredictor, LearnsTheOrderOfEachKindOfBoundarySeparately) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 5);
  close_burst(p, at(15), {0, 3});               // 15m streams
  close_burst(p, at(60), {0, 1, 3, 4});         // 15m and 1h
  close_burst(p, at(240), {2, 5, 0, 1, 3, 4});  // all, the 4h ones first

  close_at(p, 0, at(30));  // a 15m boundary again: only B's 15m follows
  EXPECT_EQ(named(p), (std::vector<feed::StreamId>{3}));
  close_at(p, 0, at(120));  // an hour boundary: A 1h, then B's two
  EXPECT_EQ(named(p), (std::vector<feed::StreamId>{1, 3, 4}));
  close_at(p, 2, at(480));  // a 4h boundary
  EXPECT_EQ(named(p), (std::vector<feed::StreamId>{5, 0, 1, 3, 4}));
}

TEST(CloseOrderPredictor, NamesAtMostAheadStreamsPerClose) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 2);
  close_burst(p, at(240), {0, 1, 2, 3, 4, 5});
  close_at(p, 0, at(480));
  EXPECT_EQ(named(p), (std::vector<feed::StreamId>{1, 2}));
  close_at(p, 1, at(480));  // the next close re-arms it from there
  EXPECT_EQ(named(p), (std::vector<feed::StreamId>{2, 3}));
}

TEST(CloseOrderPredictor, TheFirstCloseOfABoundaryIsNotLearnedAsASuccessor) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 1);
  close_burst(p, at(15), {0, 3});
  close_burst(p, at(30), {0, 3});  // 3 (at 00:15) -> 0 (at 00:30) crosses a boundary
  close_at(p, 3, at(45));
  EXPECT_EQ(p.next_expected(), kNone);
}

TEST(CloseOrderPredictor, RelearnsWhenTheOrderChanges) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 1);
  close_burst(p, at(15), {0, 3});
  close_burst(p, at(30), {3, 0});
  close_at(p, 3, at(45));
  EXPECT_EQ(p.next_expected(), 0u);
  close_at(p, 0, at(75));
  EXPECT_EQ(p.next_expected(), 3u);  // 0 -> 3, learned at 00:15, still stands
}

TEST(CloseOrderPredictor, CountsHowOftenTheOrderHeldAndWasNamedInTime) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 1);
  close_burst(p, at(15), {0, 3});  // 1 close in a burst, nothing learned yet
  close_burst(p, at(30), {0, 3});  // 1 more, the successor held; not named (nobody asked)
  close_at(p, 0, at(45));
  EXPECT_EQ(p.next_expected(), 3u);
  close_at(p, 3, at(45));  // held, and named in time
  close_at(p, 0, at(60));
  EXPECT_EQ(p.next_expected(), kNone);  // hour boundaries: nothing learned yet
  close_at(p, 4, at(60));               // in a burst; no successor known
  const CloseOrderPredictor::Counts& c = p.counts();
  EXPECT_EQ(c.in_burst, 4u);
  EXPECT_EQ(c.successor_right, 2u);
  EXPECT_EQ(c.named_in_time, 1u);
}

TEST(CloseOrderPredictor, IgnoresUnknownStreams) {
  CloseOrderPredictor p(two_symbols_three_timeframes(), 1);
  p.on_closed(6, at(15));
  close_at(p, 0, at(15));
  EXPECT_EQ(p.counts().in_burst, 0u);
}

}  // namespace
}  // namespace alphapulse::engine
