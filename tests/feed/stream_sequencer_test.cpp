// Tests for feed/stream_sequencer on hand-built sequences: in order, duplicates, reorders,
// gaps filled by backfill or by late live messages, gaps the exchange has no candles for,
// forming updates, "a newer t finalizes the previous candle", warm-up, reconnect, and a
// randomized property test (every closed candle exactly once, in order).
#include "feed/stream_sequencer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

namespace alphapulse::feed {
namespace {

constexpr std::int64_t kStep = 60'000;                                         // 1m
constexpr std::int64_t kT0 = 1'700'000'000'000 - (1'700'000'000'000 % kStep);  // a minute
static_assert(kT0 % kStep == 0);

core::TimestampMs open_of(int k) {
  return core::TimestampMs{kT0 + k * kStep};
}

core::Candle candle(int k, double close = 100) {
  core::Candle c;
  c.open_time = open_of(k);
  c.close_time = open_of(k) + core::DurationMs{kStep - 1};
  c.open = 100;
  c.high = std::max(100.0, close) + 1;
  c.low = std::min(100.0, close) - 1;
  c.close = close;
  c.volume = 1;
  c.has_exchange_extras = true;
  return c;
}

MarketEvent closed(int k, double close = 100) {
  MarketEvent e;
  e.stream = 7;
  e.state = CandleState::kClosed;
  e.candle = candle(k, close);
  return e;
}

MarketEvent forming(int k, double close = 100) {
  MarketEvent e = closed(k, close);
  e.state = CandleState::kForming;
  return e;
}

// "Now" well after candle k closed (and inside candle k + 1).
core::TimestampMs after_close_of(int k) {
  return open_of(k + 1) + core::DurationMs{30'000};
}

struct Delivered {
  std::vector<int> closed;
  std::vector<int> forming;
};

void collect(std::span<const MarketEvent> events, Delivered& out) {
  for (const MarketEvent& e : events) {
    EXPECT_EQ(e.stream, 7u);
    const int k = static_cast<int>((e.candle.open_time.ms - kT0) / kStep);
    (e.state == CandleState::kClosed ? out.closed : out.forming).push_back(k);
  }
}

std::vector<core::Candle> rows(std::initializer_list<int> ks) {
  std::vector<core::Candle> out;
  for (int k : ks) out.push_back(candle(k));
  return out;
}

StreamSequencer make() {
  return StreamSequencer(7, core::DurationMs{kStep});
}

TEST(StreamSequencer, InOrderClosedAndFormingPassThrough) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(forming(0)), d);
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(forming(1)), d);
  collect(seq.on_live(forming(1, 101)), d);
  collect(seq.on_live(closed(1)), d);
  collect(seq.on_live(closed(2)), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(d.forming, (std::vector<int>{0, 1, 1}));
  EXPECT_FALSE(seq.backfill_needed());
  EXPECT_EQ(seq.last_closed(), open_of(2));
  EXPECT_EQ(seq.stats().closed_delivered, 3u);
  EXPECT_EQ(seq.stats().forming_delivered, 3u);
}

TEST(StreamSequencer, DuplicatesAndOlderCandlesAreDroppedAndCounted) {
  auto seq = make();
  Delivered d;
  for (int k : {0, 1, 1, 2, 0, 2, 1}) collect(seq.on_live(closed(k)), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(seq.stats().duplicates, 2u);    // 1 after 1, 2 after 2
  EXPECT_EQ(seq.stats().out_of_order, 2u);  // 0 and 1 after 2
}

TEST(StreamSequencer, StaleFormingIsDropped) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(closed(1)), d);
  collect(seq.on_live(forming(1)), d);  // the candle already closed
  collect(seq.on_live(forming(0)), d);
  EXPECT_TRUE(d.forming.empty());
  EXPECT_EQ(seq.stats().stale_forming, 2u);
}

TEST(StreamSequencer, GapIsHeldAndFilledByBackfill) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(closed(1)), d);
  collect(seq.on_live(closed(4)), d);  // 2 and 3 missing
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1}));
  ASSERT_TRUE(seq.backfill_needed());
  EXPECT_EQ(*seq.backfill_needed(), (BackfillRange{open_of(2), open_of(4)}));
  collect(seq.on_live(forming(5)), d);  // suppressed while the gap is open
  EXPECT_TRUE(d.forming.empty());
  collect(seq.on_live(closed(5)), d);  // held too
  EXPECT_EQ(seq.held_count(), 2u);
  const auto range = *seq.backfill_needed();
  EXPECT_EQ(range, (BackfillRange{open_of(2), open_of(5)}));
  const auto rest = rows({2, 3, 4, 5});
  collect(seq.on_backfill(range, rest, after_close_of(5), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_FALSE(seq.backfill_needed());
  EXPECT_EQ(seq.held_count(), 0u);
  EXPECT_EQ(seq.stats().gaps_detected, 1u);
  EXPECT_EQ(seq.stats().gaps_backfilled, 1u);
  EXPECT_EQ(seq.stats().candles_backfilled, 2u);
  EXPECT_EQ(seq.stats().outage_gaps, 0u);
  collect(seq.on_live(forming(6)), d);
  EXPECT_EQ(d.forming, (std::vector<int>{6}));
}

TEST(StreamSequencer, BackfilledCandlesUseRestValuesAndHeldOnesKeepTheirOwn) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  MarketEvent live = closed(2, 150);
  live.receive_ns = 42;
  collect(seq.on_live(live), d);
  std::vector<core::Candle> rest = {candle(1, 120), candle(2, 999)};
  const auto events = seq.on_backfill(*seq.backfill_needed(), rest, after_close_of(2), 77);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].candle.close, 120);
  EXPECT_EQ(events[0].receive_ns, 77);
  EXPECT_EQ(events[1].candle.close, 150);  // the held live candle, not the REST copy
  EXPECT_EQ(events[1].receive_ns, 42);
}

TEST(StreamSequencer, ReorderedClosedCandlesAreReleasedInOrder) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  for (int k : {4, 2, 3, 3}) collect(seq.on_live(closed(k)), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0}));
  EXPECT_EQ(seq.stats().duplicates, 1u);  // 3 held twice
  collect(seq.on_live(closed(1)), d);     // the late one fills the gap without REST
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_FALSE(seq.backfill_needed());
  EXPECT_EQ(seq.stats().gaps_backfilled, 0u);
  // The backfill that was requested meanwhile brings only what was delivered already.
  const auto rest = rows({1, 2, 3, 4});
  collect(seq.on_backfill({open_of(1), open_of(4)}, rest, after_close_of(4), 0), d);
  EXPECT_EQ(d.closed.size(), 5u);
  EXPECT_EQ(seq.stats().backfill_overlap, 4u);
}

TEST(StreamSequencer, GapTheExchangeHasNoCandlesForIsSkippedAndCounted) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(closed(4)), d);
  const auto range = *seq.backfill_needed();
  const auto rest = rows({4});  // 1..3 do not exist: an outage
  collect(seq.on_backfill(range, rest, after_close_of(4), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 4}));
  EXPECT_FALSE(seq.backfill_needed());
  EXPECT_EQ(seq.stats().outage_gaps, 1u);
  EXPECT_EQ(seq.stats().outage_candles, 3u);
  EXPECT_EQ(seq.stats().forced_skips, 0u);
  ASSERT_EQ(seq.skipped().size(), 1u);
  EXPECT_EQ(seq.skipped()[0].from, open_of(1));
  EXPECT_EQ(seq.skipped()[0].to, open_of(3));
  EXPECT_EQ(seq.skipped()[0].missing, 3);
  EXPECT_TRUE(seq.skipped()[0].confirmed);
}

TEST(StreamSequencer, OutageInsideABackfilledRange) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(forming(6)), d);  // 1..5 closed meanwhile
  const auto range = *seq.backfill_needed();
  EXPECT_EQ(range, (BackfillRange{open_of(1), open_of(6)}));
  auto rest = rows({1, 2, 5, 6});
  rest.back().close_time = after_close_of(6) + core::DurationMs{kStep};  // 6 still open
  collect(seq.on_backfill(range, rest, after_close_of(5), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 5}));
  EXPECT_EQ(seq.stats().outage_candles, 2u);
  EXPECT_FALSE(seq.backfill_needed());
  collect(seq.on_live(forming(6)), d);
  collect(seq.on_live(closed(6)), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 5, 6}));
  EXPECT_EQ(d.forming, (std::vector<int>{6}));
}

TEST(StreamSequencer, FormingThenClosed) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(forming(1, 101)), d);
  collect(seq.on_live(forming(1, 102)), d);
  collect(seq.on_live(closed(1, 103)), d);
  EXPECT_EQ(d.forming, (std::vector<int>{1, 1}));
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1}));
}

TEST(StreamSequencer, NewerOpenTimeFinalizesThePreviousCandleThroughRest) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(forming(1, 101)), d);
  collect(seq.on_live(forming(2, 105)), d);  // no x=true for 1 was seen
  EXPECT_EQ(d.forming, (std::vector<int>{1}));
  EXPECT_EQ(d.closed, (std::vector<int>{0}));  // not trusted from the forming values
  const auto range = seq.backfill_needed();
  ASSERT_TRUE(range);
  EXPECT_EQ(*range, (BackfillRange{open_of(1), open_of(2)}));
  auto rest = std::vector<core::Candle>{candle(1, 104), candle(2, 105)};
  // Now is 1 s into candle 2: row 2 is the open candle (no later row, closes in the future).
  collect(seq.on_backfill(*range, rest, open_of(2) + core::DurationMs{1000}, 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1}));
  EXPECT_FALSE(seq.backfill_needed());
  collect(seq.on_live(forming(2, 106)), d);
  collect(seq.on_live(closed(2, 107)), d);
  EXPECT_EQ(d.forming, (std::vector<int>{1, 2}));
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(seq.stats().gaps_backfilled, 1u);
}

TEST(StreamSequencer, LastRowIsClosedOnlyAfterTheMargin) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(closed(2)), d);
  seq.on_live(forming(3));
  // REST has only row 1, which closed 1 s ago: inside the 2 s margin, no later row.
  const auto rest = rows({1});
  const core::TimestampMs just_after = open_of(2) + core::DurationMs{999};
  collect(seq.on_backfill(*seq.backfill_needed(), rest, just_after, 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0}));
  collect(seq.on_backfill(*seq.backfill_needed(), rest, after_close_of(2), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2}));
}

TEST(StreamSequencer, InconclusiveBackfillsEndInAForcedSkip) {
  StreamSequencer::Options options;
  options.max_incomplete_backfills = 3;
  StreamSequencer seq(7, core::DurationMs{kStep}, options);
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  collect(seq.on_live(closed(3)), d);
  const std::vector<core::Candle> nothing;
  for (int i = 0; i < 2; ++i) {
    collect(seq.on_backfill(*seq.backfill_needed(), nothing, after_close_of(3), 0), d);
    EXPECT_TRUE(seq.backfill_needed());
  }
  EXPECT_EQ(seq.stats().incomplete_backfills, 2u);
  collect(seq.on_backfill(*seq.backfill_needed(), nothing, after_close_of(3), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 3}));
  EXPECT_EQ(seq.stats().forced_skips, 1u);
  EXPECT_EQ(seq.stats().outage_candles, 2u);
  ASSERT_EQ(seq.skipped().size(), 1u);
  EXPECT_FALSE(seq.skipped()[0].confirmed);
}

TEST(StreamSequencer, WarmupDeliversHistoryAndStopsAtTheOpenCandle) {
  auto seq = make();
  Delivered d;
  const core::TimestampMs now = open_of(10) + core::DurationMs{5000};
  seq.begin(open_of(0), now);
  const auto range = seq.backfill_needed();
  ASSERT_TRUE(range);
  EXPECT_EQ(*range, (BackfillRange{open_of(0), open_of(10)}));
  collect(seq.on_live(forming(10)), d);  // a WebSocket update during the warm-up: suppressed
  auto rest = rows({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  collect(seq.on_backfill(*range, rest, now, 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_TRUE(d.forming.empty());
  EXPECT_FALSE(seq.backfill_needed());
  EXPECT_EQ(seq.stats().warmup_candles, 10u);
  EXPECT_EQ(seq.stats().candles_backfilled, 0u);
  EXPECT_EQ(seq.stats().gaps_detected, 0u);
  EXPECT_EQ(seq.stats().gaps_backfilled, 0u);
  collect(seq.on_live(forming(10)), d);
  EXPECT_EQ(d.forming, (std::vector<int>{10}));
}

TEST(StreamSequencer, WarmupBeforeTheSymbolExistedIsSkippedQuietly) {
  auto seq = make();
  Delivered d;
  const core::TimestampMs now = after_close_of(5);
  seq.begin(open_of(0), now);
  const auto rest = rows({3, 4, 5, 6});
  collect(seq.on_backfill(*seq.backfill_needed(), rest, now, 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{3, 4, 5}));
  ASSERT_EQ(seq.skipped().size(), 1u);
  EXPECT_TRUE(seq.skipped()[0].warmup);
  EXPECT_EQ(seq.stats().outage_gaps, 0u);
}

TEST(StreamSequencer, ReconnectRequestsWhatClosedMeanwhile) {
  auto seq = make();
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  seq.note_reconnect(open_of(1) + core::DurationMs{100});  // nothing closed since
  EXPECT_FALSE(seq.backfill_needed());
  seq.note_reconnect(after_close_of(4));
  ASSERT_TRUE(seq.backfill_needed());
  EXPECT_EQ(*seq.backfill_needed(), (BackfillRange{open_of(1), open_of(5)}));
  auto rest = rows({1, 2, 3, 4, 5});
  rest.back().close_time = after_close_of(5);
  collect(seq.on_backfill(*seq.backfill_needed(), rest, after_close_of(4), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4}));
  collect(seq.on_live(closed(4)), d);  // the server repeats it after the reconnect
  collect(seq.on_live(closed(5)), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(seq.stats().duplicates, 1u);
}

TEST(StreamSequencer, HeldOverflowBecomesALaterGap) {
  StreamSequencer::Options options;
  options.max_held = 2;
  StreamSequencer seq(7, core::DurationMs{kStep}, options);
  Delivered d;
  collect(seq.on_live(closed(0)), d);
  for (int k : {2, 3, 4, 5}) collect(seq.on_live(closed(k)), d);  // 4 and 5 overflow
  EXPECT_EQ(seq.stats().held_overflow, 2u);
  collect(seq.on_backfill(*seq.backfill_needed(), rows({1, 2, 3, 4, 5}), after_close_of(5), 0), d);
  EXPECT_EQ(d.closed, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

// Property: whatever the live stream does (drops, duplicates, reorders, forming noise) and
// whatever the exchange lacks (outages), answering every backfill from the exchange's truth
// delivers exactly the exchange's closed candles, once each, in order.
TEST(StreamSequencer, RandomizedEveryClosedCandleExactlyOnceInOrder) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    const int n = 40;
    std::set<int> outage;
    for (int k = 1; k < n - 1; ++k) {
      if (rng() % 15 == 0) outage.insert(k);
    }
    std::vector<int> truth;
    for (int k = 0; k < n; ++k) {
      if (!outage.count(k)) truth.push_back(k);
    }
    // Live stream: for each candle a few forming updates, then the closed one, with noise.
    std::vector<MarketEvent> live;
    for (int k : truth) {
      if (rng() % 3 == 0) live.push_back(forming(k));
      if (rng() % 6 != 0) live.push_back(closed(k));  // 1 in 6 closed messages lost
      if (rng() % 8 == 0) live.push_back(closed(k));  // duplicated
    }
    for (std::size_t i = 0; i + 1 < live.size(); ++i) {
      if (rng() % 7 == 0) std::swap(live[i], live[i + 1]);  // reordered
    }
    auto seq = make();
    seq.begin(open_of(0), open_of(0));  // candle 0 is the first one due
    Delivered d;
    auto answer_backfills = [&](core::TimestampMs now) {
      for (int guard = 0; guard < 10 && seq.backfill_needed(); ++guard) {
        const auto range = *seq.backfill_needed();
        std::vector<core::Candle> rest;
        for (int k : truth) {
          if (open_of(k) >= range.from && open_of(k) <= range.to) rest.push_back(candle(k));
        }
        collect(seq.on_backfill(range, rest, now, 0), d);
      }
    };
    for (const MarketEvent& e : live) {
      collect(seq.on_live(e), d);
      if (rng() % 2 == 0) answer_backfills(after_close_of(n));
    }
    // End of the session: the next candle's first update proves the last ones closed.
    collect(seq.on_live(forming(n)), d);
    answer_backfills(after_close_of(n));
    ASSERT_FALSE(seq.backfill_needed()) << "round " << round;
    ASSERT_EQ(d.closed, truth) << "round " << round;
  }
}

}  // namespace
}  // namespace alphapulse::feed
