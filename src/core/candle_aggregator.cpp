// core/candle_aggregator: bucket arithmetic and the accept/ignore rule for source candles.
#include "core/candle_aggregator.hpp"

#include <algorithm>
#include <cassert>

namespace alphapulse::core {
namespace {

// Floor, not truncation, so that buckets stay UTC-aligned for any sign of timestamp.
std::int64_t floor_to_multiple(std::int64_t value, std::int64_t step) {
  return value - ((value % step) + step) % step;
}

}  // namespace

bool CandleAggregator::supports(Timeframe source, Timeframe target) {
  const std::int64_t source_ms = duration(source).count;
  const std::int64_t target_ms = duration(target).count;
  return target_ms >= source_ms && target_ms % source_ms == 0;
}

CandleAggregator::CandleAggregator(Timeframe source, Timeframe target)
    : source_ms_(duration(source)),
      target_ms_(duration(target)),
      parts_needed_(supports(source, target)
                        ? static_cast<int>(duration(target).count / duration(source).count)
                        : 0) {
  assert(parts_needed_ > 0 && "target timeframe must be a whole multiple of the source");
}

// The three 64-bit divisions of the alignment test and the bucket floor cost more than the
// rest of an update, so the usual case skips them: a candle right after the last accepted one
// (which was aligned) is aligned, and a candle in the last bucket met or the one after it gets
// that bucket's open by one comparison. Anything else takes the divisions.
bool CandleAggregator::aligned(TimestampMs open) const noexcept {
  // open > last_source_open_ here, so the unsigned difference is the exact one.
  const bool next_after_last =
      has_last_source_ &&
      static_cast<std::uint64_t>(open.ms) - static_cast<std::uint64_t>(last_source_open_.ms) ==
          static_cast<std::uint64_t>(source_ms_.count);
  return next_after_last || is_aligned(open, source_ms_);
}

TimestampMs CandleAggregator::bucket_of(TimestampMs open) noexcept {
  const auto target = static_cast<std::uint64_t>(target_ms_.count);
  if (has_known_bucket_ && open.ms >= known_bucket_open_.ms) {
    const std::uint64_t offset =
        static_cast<std::uint64_t>(open.ms) - static_cast<std::uint64_t>(known_bucket_open_.ms);
    if (offset < target) return known_bucket_open_;
    if (offset / 2 < target) {  // offset < 2 * target without overflowing
      known_bucket_open_.ms += target_ms_.count;
      return known_bucket_open_;
    }
  }
  known_bucket_open_ = TimestampMs{floor_to_multiple(open.ms, target_ms_.count)};
  has_known_bucket_ = true;
  return known_bucket_open_;
}

std::optional<CandleAggregator::Finished> CandleAggregator::update(const Candle& c) noexcept {
  const bool out_of_order = has_last_source_ && c.open_time <= last_source_open_;
  if (parts_needed_ == 0 || out_of_order || !aligned(c.open_time)) {
    ++ignored_;
    return std::nullopt;
  }
  has_last_source_ = true;
  last_source_open_ = c.open_time;

  const TimestampMs bucket_open = bucket_of(c.open_time);
  // Every return below builds its value in place: a local optional<Finished> assigned and
  // then returned cost a 128-byte copy and initialization on every candle.
  if (parts_ > 0 && bucket_open != bucket_.open_time) {
    // The previous bucket is left short (a full one was emitted at its last candle).
    const Finished short_bucket{bucket_, parts_ == parts_needed_, parts_};
    parts_ = 0;
    add(c, bucket_open);
    // Only a one-candle bucket would be full already, and with those no bucket is left short.
    assert(parts_ < parts_needed_);
    return short_bucket;
  }
  add(c, bucket_open);
  // A full bucket is final at its last source candle: emit it now rather than waiting for
  // the next bucket's first candle, which is what live needs (no extra interval of delay).
  // Since accepted candles are aligned and strictly increasing, parts_ distinct candles of
  // one bucket reaching parts_needed_ means all of them were seen.
  if (parts_ == parts_needed_) {
    parts_ = 0;
    return Finished{bucket_, true, parts_needed_};
  }
  return std::nullopt;
}

void CandleAggregator::add(const Candle& c, TimestampMs bucket_open) noexcept {
  if (parts_ == 0) {
    bucket_ = c;
    bucket_.open_time = bucket_open;
    bucket_.close_time = bucket_open + target_ms_ - DurationMs{1};
  } else {
    bucket_.high = std::max(bucket_.high, c.high);
    bucket_.low = std::min(bucket_.low, c.low);
    bucket_.close = c.close;
    bucket_.volume += c.volume;
    bucket_.quote_volume += c.quote_volume;
    bucket_.taker_buy_base_volume += c.taker_buy_base_volume;
    bucket_.taker_buy_quote_volume += c.taker_buy_quote_volume;
    bucket_.trades += c.trades;
    bucket_.has_exchange_extras = bucket_.has_exchange_extras && c.has_exchange_extras;
    bucket_.received_time = c.received_time;
  }
  ++parts_;
}

std::optional<Candle> CandleAggregator::forming() const noexcept {
  if (parts_ == 0) return std::nullopt;
  return bucket_;
}

std::optional<CandleAggregator::Finished> CandleAggregator::flush() noexcept {
  if (parts_ == 0) return std::nullopt;
  Finished out{bucket_, parts_ == parts_needed_, parts_};
  parts_ = 0;
  return out;
}

}  // namespace alphapulse::core
