// exchange_sim/kline_schedule: which kline message a connection sends next. Each candle of a
// subscribed stream yields `forming_updates` x=false events at k/(forming_updates+1) of its
// interval and then the closed event at open + interval; the schedule merges the connection's
// subscriptions in event-time order (ties: subscription order). Pure: no I/O, no clock reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "exchange_sim/market_data.hpp"

namespace alphapulse::exchange_sim {

struct KlineEvent {
  const StreamData* stream = nullptr;
  std::size_t candle_index = 0;
  std::size_t phase = 1;   // 1..forming_updates: forming; forming_updates + 1: closed
  core::TimestampMs time;  // event time "E"
  bool closed = false;
  double fraction = 1.0;  // of the interval elapsed at this event
};

class KlineSchedule {
 public:
  explicit KlineSchedule(std::size_t forming_updates) : forming_updates_(forming_updates) {}

  // Adds a stream (no-op when already there); its first event is the first one after `now`.
  // Returns false when it was already subscribed.
  bool subscribe(const StreamData& stream, core::TimestampMs now);
  bool unsubscribe(std::string_view stream_name);
  std::vector<std::string_view> subscriptions() const;
  std::size_t size() const { return cursors_.size(); }

  std::optional<KlineEvent> peek() const;  // nullopt: every subscription is exhausted (or none)
  void pop();                              // advances past peek()

 private:
  struct Cursor {
    const StreamData* stream = nullptr;
    std::size_t candle_index = 0;
    std::size_t phase = 1;
  };
  KlineEvent event_of(const Cursor& cursor) const;
  void refresh_next_time(std::size_t index);
  std::optional<std::size_t> earliest() const;

  std::size_t forming_updates_;
  std::vector<Cursor> cursors_;
  // Each cursor's next event time in ms (INT64_MAX once exhausted), beside the cursors so the
  // search for the earliest reads one dense array; and that search's answer until the next
  // change (peek and pop of one message search once). At 300 streams the search, computing
  // every cursor's event from its candle at each call, was a quarter of the simulator's time.
  std::vector<std::int64_t> next_time_ms_;
  mutable std::optional<std::size_t> earliest_;
  mutable bool earliest_known_ = false;
};

}  // namespace alphapulse::exchange_sim
