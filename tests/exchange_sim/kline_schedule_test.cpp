// exchange_sim/kline_schedule: the messages of several subscriptions come out merged in event
// time, ties in subscription order, each stream's forming updates at k/(n+1) of the interval
// before its close, starting after the subscription time; checked against a brute-force list
// of every stream's events sorted the same way.
#include "exchange_sim/kline_schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace alphapulse::exchange_sim {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kStart = 1'700'000'000'000 / (240 * kMinute) * (240 * kMinute);

StreamData stream(const std::string& name, std::int64_t step_minutes, int candles,
                  int first_candle = 0) {
  StreamData s;
  s.name = name;
  s.step = core::DurationMs{step_minutes * kMinute};
  for (int i = first_candle; i < first_candle + candles; ++i) {
    core::Candle c{};
    c.open_time = core::TimestampMs{kStart + i * s.step.count};
    c.close_time = c.open_time + core::DurationMs{s.step.count - 1};
    c.open = c.high = c.low = c.close = 1;
    s.candles.push_back(c);
  }
  return s;
}

// (time, subscription index, stream name, candle index, phase)
using Event = std::tuple<std::int64_t, std::size_t, std::string, std::size_t, std::size_t>;

std::vector<Event> brute_force(const std::vector<const StreamData*>& streams, std::size_t forming,
                               std::int64_t after) {
  std::vector<Event> events;
  for (std::size_t sub = 0; sub < streams.size(); ++sub) {
    const StreamData& s = *streams[sub];
    for (std::size_t i = 0; i < s.candles.size(); ++i) {
      for (std::size_t phase = 1; phase <= forming + 1; ++phase) {
        const std::int64_t time =
            s.candles[i].open_time.ms + s.step.count * static_cast<std::int64_t>(phase) /
                                            static_cast<std::int64_t>(forming + 1);
        if (time > after) events.emplace_back(time, sub, s.name, i, phase);
      }
    }
  }
  std::sort(events.begin(), events.end());  // by time, then subscription order
  return events;
}

std::vector<Event> drain(KlineSchedule& schedule, const std::vector<const StreamData*>& streams,
                         std::size_t forming, std::size_t max_events = 1'000'000) {
  std::vector<Event> events;
  while (events.size() < max_events) {
    const auto event = schedule.peek();
    if (!event) break;
    const auto sub = static_cast<std::size_t>(
        std::find(streams.begin(), streams.end(), event->stream) - streams.begin());
    EXPECT_EQ(event->closed, event->phase == forming + 1);
    events.emplace_back(event->time.ms, sub, event->stream->name, event->candle_index,
                        event->phase);
    schedule.pop();
  }
  return events;
}

TEST(KlineSchedule, MergesStreamsInTimeThenSubscriptionOrder) {
  const StreamData m15 = stream("a@kline_15m", 15, 200);
  const StreamData h1 = stream("a@kline_1h", 60, 50);
  const StreamData h4 = stream("b@kline_4h", 240, 12);
  const StreamData late = stream("c@kline_15m", 15, 60, 100);  // begins 25 hours in
  const std::vector<const StreamData*> streams{&m15, &h1, &h4, &late};
  const std::int64_t now = kStart + 7 * 15 * kMinute + 5;  // inside m15's 8th candle
  KlineSchedule schedule(3);
  for (const auto* s : streams) ASSERT_TRUE(schedule.subscribe(*s, core::TimestampMs{now}));
  EXPECT_FALSE(schedule.subscribe(h1, core::TimestampMs{now}));  // already there

  const std::vector<Event> got = drain(schedule, streams, 3);
  const std::vector<Event> expected = brute_force(streams, 3, now);
  EXPECT_GT(expected.size(), 1000u);
  EXPECT_EQ(got, expected);
  EXPECT_FALSE(schedule.peek().has_value());
}

TEST(KlineSchedule, UnsubscribedStreamsStopAndTheOthersCarryOn) {
  const StreamData m15 = stream("a@kline_15m", 15, 40);
  const StreamData h1 = stream("b@kline_1h", 60, 10);
  const std::vector<const StreamData*> streams{&m15, &h1};
  KlineSchedule schedule(2);
  for (const auto* s : streams) schedule.subscribe(*s, core::TimestampMs{kStart - 1});
  const std::vector<Event> first = drain(schedule, streams, 2, 25);
  ASSERT_TRUE(schedule.unsubscribe("a@kline_15m"));
  EXPECT_FALSE(schedule.unsubscribe("a@kline_15m"));
  const std::vector<Event> rest = drain(schedule, {&h1}, 2);

  const std::vector<Event> all = brute_force(streams, 2, kStart - 1);
  const std::vector<Event> expected_first(all.begin(), all.begin() + 25);
  EXPECT_EQ(first, expected_first);
  std::vector<Event> expected_rest;
  for (const Event& e : brute_force({&h1}, 2, std::get<0>(first.back()))) {
    expected_rest.push_back(e);
  }
  // Events of b at the very time of the last event taken come after it (same time, later
  // subscription): they were not taken yet.
  std::vector<Event> b_at_last_time;
  for (const Event& e : all) {
    if (std::get<0>(e) == std::get<0>(first.back()) && std::get<2>(e) == "b@kline_1h" &&
        std::find(first.begin(), first.end(), e) == first.end()) {
      b_at_last_time.push_back({std::get<0>(e), 0, std::get<2>(e), std::get<3>(e), std::get<4>(e)});
    }
  }
  expected_rest.insert(expected_rest.begin(), b_at_last_time.begin(), b_at_last_time.end());
  EXPECT_EQ(rest, expected_rest);
  EXPECT_FALSE(rest.empty());
}

}  // namespace
}  // namespace alphapulse::exchange_sim
