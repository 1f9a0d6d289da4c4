// engine/redis_destination: see redis_destination.hpp.
#include "engine/redis_destination.hpp"

namespace alphapulse::engine {

store::Error to_store_error(const bus::Error& e) {
  return store::Error{0, e.message, e.transient()};
}

RedisDestination::RedisDestination(bus::RedisConnection connection, bus::PublisherOptions options)
    : connection_(std::move(connection)), publisher_(connection_, std::move(options)) {}

store::Status RedisDestination::deliver(const DeliveryBatch& batch) {
  if (!batch.signals.empty()) {
    if (auto r = publisher_.publish(batch.signals); !r.ok()) return to_store_error(r.error());
  }
  if (!batch.regime_changes.empty()) {
    regimes_.clear();
    for (const auto& r : batch.regime_changes)
      regimes_.push_back({r.symbol, r.timeframe, r.change});
    if (auto r = publisher_.publish_regime_changes(regimes_); !r.ok())
      return to_store_error(r.error());
  }
  return {};  // candles and outcomes are not published on the bus
}

}  // namespace alphapulse::engine
