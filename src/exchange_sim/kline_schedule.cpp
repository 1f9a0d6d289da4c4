// exchange_sim/kline_schedule: see the header. A linear scan over the subscriptions' next event
// times (one dense array) per message is cheaper than a heap for the streams a connection
// carries (Binance caps it at 1024), and keeps ties in subscription order for free.
#include "exchange_sim/kline_schedule.hpp"

#include <algorithm>
#include <limits>

namespace alphapulse::exchange_sim {

bool KlineSchedule::subscribe(const StreamData& stream, core::TimestampMs now) {
  for (const auto& cursor : cursors_) {
    if (cursor.stream == &stream) return false;
  }
  Cursor cursor{&stream, 0, 1};
  // First candle whose closed event (open + step) is after now, then its first phase after now.
  cursor.candle_index = stream.first_open_after(now - stream.step);
  while (cursor.candle_index < stream.candles.size()) {
    const KlineEvent event = event_of(cursor);
    if (event.time > now) break;
    if (++cursor.phase > forming_updates_ + 1) {
      cursor.phase = 1;
      ++cursor.candle_index;
    }
  }
  cursors_.push_back(cursor);
  next_time_ms_.push_back(0);
  refresh_next_time(cursors_.size() - 1);
  earliest_known_ = false;
  return true;
}

bool KlineSchedule::unsubscribe(std::string_view stream_name) {
  const auto it = std::find_if(cursors_.begin(), cursors_.end(),
                               [&](const Cursor& c) { return c.stream->name == stream_name; });
  if (it == cursors_.end()) return false;
  next_time_ms_.erase(next_time_ms_.begin() + (it - cursors_.begin()));
  cursors_.erase(it);
  earliest_known_ = false;
  return true;
}

std::vector<std::string_view> KlineSchedule::subscriptions() const {
  std::vector<std::string_view> names;
  names.reserve(cursors_.size());
  for (const auto& cursor : cursors_) names.emplace_back(cursor.stream->name);
  return names;
}

KlineEvent KlineSchedule::event_of(const Cursor& cursor) const {
  const auto& candle = cursor.stream->candles[cursor.candle_index];
  const auto parts = static_cast<std::int64_t>(forming_updates_ + 1);
  const auto phase = static_cast<std::int64_t>(cursor.phase);
  KlineEvent event;
  event.stream = cursor.stream;
  event.candle_index = cursor.candle_index;
  event.phase = cursor.phase;
  event.closed = cursor.phase == forming_updates_ + 1;
  event.time = candle.open_time + core::DurationMs{cursor.stream->step.count * phase / parts};
  event.fraction = event.closed ? 1.0 : static_cast<double>(phase) / static_cast<double>(parts);
  return event;
}

void KlineSchedule::refresh_next_time(std::size_t index) {
  const Cursor& cursor = cursors_[index];
  next_time_ms_[index] = cursor.candle_index < cursor.stream->candles.size()
                             ? event_of(cursor).time.ms
                             : std::numeric_limits<std::int64_t>::max();
}

std::optional<std::size_t> KlineSchedule::earliest() const {
  if (earliest_known_) return earliest_;
  std::int64_t best_time = std::numeric_limits<std::int64_t>::max();
  std::size_t best = 0;
  for (std::size_t i = 0; i < next_time_ms_.size(); ++i) {
    if (next_time_ms_[i] < best_time) {  // strict: the first subscribed wins a tie
      best_time = next_time_ms_[i];
      best = i;
    }
  }
  earliest_ = best_time == std::numeric_limits<std::int64_t>::max()
                  ? std::nullopt
                  : std::optional<std::size_t>(best);
  earliest_known_ = true;
  return earliest_;
}

std::optional<KlineEvent> KlineSchedule::peek() const {
  const auto index = earliest();
  if (!index) return std::nullopt;
  return event_of(cursors_[*index]);
}

void KlineSchedule::pop() {
  const auto index = earliest();
  if (!index) return;
  auto& cursor = cursors_[*index];
  if (++cursor.phase > forming_updates_ + 1) {
    cursor.phase = 1;
    ++cursor.candle_index;
  }
  refresh_next_time(*index);
  earliest_known_ = false;
}

}  // namespace alphapulse::exchange_sim
