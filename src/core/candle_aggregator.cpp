// core/candle_aggregator: see the header (the accept rule and the bucket arithmetic are
// CandleBucketRule's, there).
#include "core/candle_aggregator.hpp"

#include <algorithm>
#include <cassert>

namespace alphapulse::core {

bool CandleAggregator::supports(Timeframe source, Timeframe target) {
  const std::int64_t source_ms = duration(source).count;
  const std::int64_t target_ms = duration(target).count;
  return target_ms >= source_ms && target_ms % source_ms == 0;
}

CandleAggregator::CandleAggregator(Timeframe source, Timeframe target)
    : target_ms_(duration(target)),
      parts_needed_(supports(source, target)
                        ? static_cast<int>(duration(target).count / duration(source).count)
                        : 0),
      rule_(duration(source), duration(target)) {
  assert(parts_needed_ > 0 && "target timeframe must be a whole multiple of the source");
}

std::optional<CandleAggregator::Finished> CandleAggregator::update(const Candle& c) noexcept {
  TimestampMs bucket_open;
  if (parts_needed_ == 0 || !rule_.take(c.open_time, bucket_open)) {
    ++ignored_;
    return std::nullopt;
  }
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
