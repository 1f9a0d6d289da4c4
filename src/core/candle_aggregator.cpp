#include "core/candle_aggregator.hpp"

#include <algorithm>

namespace alphapulse::core {

CandleAggregator::CandleAggregator(Timeframe source, Timeframe target)
    : source_ms_(duration(source)),
      target_ms_(duration(target)),
      parts_needed_(static_cast<int>(duration(target).count / duration(source).count)) {}

std::optional<CandleAggregator::Finished> CandleAggregator::update(const Candle& c) noexcept {
  const TimestampMs bucket_open{c.open_time.ms - ((c.open_time.ms % target_ms_.count) + target_ms_.count) %
                                                     target_ms_.count};
  std::optional<Finished> finished;
  if (parts_ > 0 && bucket_open != bucket_.open_time) finished = flush();
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
  // A full bucket is final at its last source candle: emit it now rather than waiting for
  // the next bucket's first candle, which is what live needs (no extra interval of delay).
  if (parts_ == parts_needed_) {
    finished = Finished{bucket_, true};
    parts_ = 0;
  }
  return finished;
}

std::optional<Candle> CandleAggregator::forming() const noexcept {
  if (parts_ == 0) return std::nullopt;
  return bucket_;
}

std::optional<CandleAggregator::Finished> CandleAggregator::flush() noexcept {
  if (parts_ == 0) return std::nullopt;
  Finished out{bucket_, parts_ == parts_needed_};
  parts_ = 0;
  return out;
}

}  // namespace alphapulse::core
