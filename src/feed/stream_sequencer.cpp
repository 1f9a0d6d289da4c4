// feed/stream_sequencer: see the header.
#include "feed/stream_sequencer.hpp"

#include <algorithm>

namespace alphapulse::feed {

StreamSequencer::StreamSequencer(StreamId stream, core::DurationMs interval)
    : StreamSequencer(stream, interval, Options{}) {}

StreamSequencer::StreamSequencer(StreamId stream, core::DurationMs interval, Options options)
    : stream_(stream), interval_(interval), options_(options) {
  held_.reserve(64);
  out_.reserve(64);
  skipped_.reserve(4);
}

core::TimestampMs StreamSequencer::align_down(core::TimestampMs t) const {
  std::int64_t rem = t.ms % interval_.count;
  if (rem < 0) rem += interval_.count;
  return core::TimestampMs{t.ms - rem};
}

bool StreamSequencer::gap_outstanding() const {
  return last_ && anchor_ && *anchor_ > *last_ + interval_;
}

void StreamSequencer::begin(core::TimestampMs first_open, core::TimestampMs now) {
  last_ = first_open - interval_;
  anchor_.reset();
  held_.clear();
  incomplete_ = 0;
  gap_rest_candles_ = 0;
  const core::TimestampMs current = align_down(now);
  warmup_ = current > first_open;
  if (warmup_) anchor_ = current;
}

void StreamSequencer::note_reconnect(core::TimestampMs now) {
  if (!last_) return;
  const core::TimestampMs current = align_down(now);
  if (current > *last_ + interval_) note_gap(current);
}

void StreamSequencer::note_gap(core::TimestampMs anchor) {
  if (!gap_outstanding()) {
    if (!warmup_) ++stats_.gaps_detected;
    incomplete_ = 0;
    gap_rest_candles_ = 0;
  }
  if (!anchor_ || anchor > *anchor_) anchor_ = anchor;
}

void StreamSequencer::deliver_closed(const MarketEvent& event) {
  out_.push_back(event);
  out_.back().state = CandleState::kClosed;
  out_.back().stream = stream_;
  last_ = event.candle.open_time;
  ++stats_.closed_delivered;
}

void StreamSequencer::release_held() {
  std::size_t released = 0;
  while (released < held_.size() && last_ &&
         held_[released].candle.open_time <= *last_ + interval_) {
    const MarketEvent& next = held_[released++];
    if (next.candle.open_time == *last_ + interval_) {
      deliver_closed(next);
    } else {
      ++stats_.duplicates;  // delivered meanwhile (e.g. by REST)
    }
  }
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(released));
}

void StreamSequencer::check_resolved() {
  if (!anchor_ || !last_ || *anchor_ > *last_ + interval_) return;
  if (!warmup_ && gap_rest_candles_ > 0) ++stats_.gaps_backfilled;
  warmup_ = false;
  anchor_.reset();
  incomplete_ = 0;
  gap_rest_candles_ = 0;
}

void StreamSequencer::skip_to(core::TimestampMs next_open, bool confirmed) {
  const core::TimestampMs from = *last_ + interval_;
  const std::int64_t missing = (next_open - from).count / interval_.count;
  if (missing <= 0) return;
  skipped_.push_back({from, next_open - interval_, missing, confirmed, warmup_});
  if (!warmup_) {
    ++stats_.outage_gaps;
    stats_.outage_candles += static_cast<std::uint64_t>(missing);
    if (!confirmed) ++stats_.forced_skips;
  }
  last_ = next_open - interval_;
}

std::span<const MarketEvent> StreamSequencer::on_live(const MarketEvent& event) {
  // A 500-candle warm-up leaves ~60 KB here per stream (18 MB for 300 streams): give it back
  // once it has been delivered. Live steps need a handful of slots.
  if (out_.capacity() > 256) std::vector<MarketEvent>().swap(out_);
  out_.clear();
  skipped_.clear();
  const core::TimestampMs t = event.candle.open_time;

  if (event.state == CandleState::kForming) {
    // Stale twice over (older than the last closed candle, or than the warm-up's anchor), but a
    // gap after the last closed candle is noted before the anchor is looked at.
    if (last_ && t <= *last_) {  // NOLINT(bugprone-branch-clone)
      ++stats_.stale_forming;
    } else if (last_ && t > *last_ + interval_) {
      note_gap(t);
      ++stats_.forming_suppressed;
    } else if (anchor_ && *anchor_ > t) {
      ++stats_.stale_forming;
    } else {
      out_.push_back(event);
      out_.back().stream = stream_;
      ++stats_.forming_delivered;
    }
    return out_;
  }

  if (!last_ || t == *last_ + interval_) {
    deliver_closed(event);
    release_held();
    check_resolved();
    return out_;
  }
  if (t <= *last_) {
    ++(t == *last_ ? stats_.duplicates : stats_.out_of_order);
    return out_;
  }
  // Ahead of the next expected candle: hold it and ask for the ones before it.
  const auto pos = std::lower_bound(
      held_.begin(), held_.end(), t,
      [](const MarketEvent& held, core::TimestampMs open) { return held.candle.open_time < open; });
  if (pos != held_.end() && pos->candle.open_time == t) {
    ++stats_.duplicates;
    return out_;
  }
  note_gap(t);
  if (held_.size() >= options_.max_held) {
    ++stats_.held_overflow;  // becomes a gap of its own once the held ones are released
    return out_;
  }
  MarketEvent& inserted = *held_.insert(pos, event);
  inserted.stream = stream_;
  ++stats_.held;
  return out_;
}

std::optional<BackfillRange> StreamSequencer::backfill_needed() const {
  if (!gap_outstanding()) return std::nullopt;
  return BackfillRange{*last_ + interval_, *anchor_};
}

std::span<const MarketEvent> StreamSequencer::on_backfill(const BackfillRange& requested,
                                                          std::span<const core::Candle> rows,
                                                          core::TimestampMs asked_at,
                                                          std::int64_t receive_ns) {
  out_.clear();
  skipped_.clear();
  if (!gap_outstanding()) {
    stats_.backfill_overlap += rows.size();
    return out_;
  }
  core::TimestampMs slot = *last_ + interval_;
  if (slot < requested.from) return out_;  // the response does not cover the first slot

  bool said_nothing = false;  // the response proves nothing about `slot`
  std::size_t i = 0;
  while (slot <= requested.to) {
    if (!held_.empty() && held_.front().candle.open_time == slot) {
      release_held();
      slot = *last_ + interval_;
      continue;
    }
    while (i < rows.size() && rows[i].open_time < slot) {
      ++stats_.backfill_overlap;
      ++i;
    }
    if (i < rows.size() && rows[i].open_time == slot) {
      // A later row proves this one closed (the client keeps rows of one snapshot: see
      // BinanceRestClient::klines); otherwise only a close before we asked does.
      const bool closed =
          i + 1 < rows.size() || rows[i].close_time + options_.closed_margin < asked_at;
      if (!closed) break;  // maybe still forming when served: the live stream will close it
      MarketEvent event;
      event.stream = stream_;
      event.state = CandleState::kClosed;
      event.candle = rows[i];
      event.receive_ns = receive_ns;
      deliver_closed(event);
      ++(warmup_ ? stats_.warmup_candles : stats_.candles_backfilled);
      ++gap_rest_candles_;
      ++i;
      slot = slot + interval_;
      continue;
    }
    if (i < rows.size()) {
      // The exchange returned a later candle but none at `slot`: it has none there.
      core::TimestampMs next = rows[i].open_time;
      if (!held_.empty() && held_.front().candle.open_time < next) {
        next = held_.front().candle.open_time;
      }
      skip_to(next, true);
      slot = next;
      continue;
    }
    said_nothing = true;
    break;
  }
  release_held();
  check_resolved();
  if (gap_outstanding() && said_nothing) {
    ++stats_.incomplete_backfills;
    if (++incomplete_ >= options_.max_incomplete_backfills) {
      const core::TimestampMs next = held_.empty() ? *anchor_ : held_.front().candle.open_time;
      skip_to(next, false);
      release_held();
      check_resolved();
    }
  }
  return out_;
}

}  // namespace alphapulse::feed
