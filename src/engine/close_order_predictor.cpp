// engine/close_order_predictor: see the header.
#include "engine/close_order_predictor.hpp"

#include <algorithm>

namespace alphapulse::engine {

CloseOrderPredictor::CloseOrderPredictor(const std::vector<core::DurationMs>& intervals,
                                         std::size_t ahead)
    : streams_(intervals.size()), ahead_(ahead) {
  for (const core::DurationMs interval : intervals) {
    interval_ms_of_stream_.push_back(interval.count);
    if (interval.count > 0) intervals_ms_.push_back(interval.count);
  }
  std::sort(intervals_ms_.begin(), intervals_ms_.end());
  intervals_ms_.erase(std::unique(intervals_ms_.begin(), intervals_ms_.end()), intervals_ms_.end());
  successor_.assign((intervals_ms_.size() + 1) * streams_, kNone);
}

std::size_t CloseOrderPredictor::kind_of(core::TimestampMs boundary) const noexcept {
  std::size_t kind = 0;
  for (const std::int64_t interval : intervals_ms_) {
    if (boundary.ms % interval == 0) ++kind;
  }
  return kind;
}

void CloseOrderPredictor::on_closed(feed::StreamId stream, core::TimestampMs open_time) noexcept {
  if (stream >= streams_) return;
  const core::TimestampMs boundary{open_time.ms + interval_ms_of_stream_[stream]};
  const std::size_t kind =
      (last_ != kNone && boundary.ms == last_boundary_ms_) ? last_kind_ : kind_of(boundary);
  // Learned only inside one boundary's burst: the first close of a boundary follows the last
  // of the previous one, which says nothing about the order within either.
  if (last_ != kNone && boundary.ms == last_boundary_ms_ && last_ != stream) {
    feed::StreamId& successor = successor_[kind * streams_ + last_];
    ++counts_.in_burst;
    if (successor == stream) ++counts_.successor_right;
    // The named streams are the successor chain from last_: was `stream` among them?
    feed::StreamId named = last_;
    for (std::size_t i = 0; i < named_; ++i) {
      named = successor_[kind * streams_ + named];
      if (named == stream) {
        ++counts_.named_in_time;
        break;
      }
    }
    successor = stream;
  }
  last_ = stream;
  last_boundary_ms_ = boundary.ms;
  last_kind_ = kind;
  cursor_ = stream;
  left_ = ahead_;
  named_ = 0;
}

feed::StreamId CloseOrderPredictor::next_expected() noexcept {
  if (left_ == 0 || cursor_ == kNone) return kNone;
  const feed::StreamId next = successor_[last_kind_ * streams_ + cursor_];
  if (next == kNone || next == last_) {
    left_ = 0;
    return kNone;
  }
  cursor_ = next;
  --left_;
  ++named_;
  return next;
}

}  // namespace alphapulse::engine
