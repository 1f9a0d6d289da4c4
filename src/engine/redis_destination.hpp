// engine/redis_destination: Redis as a delivery destination of the local outbox: every
// signal and regime change is appended to its capped stream and published on its channels
// exactly once (bus::SignalPublisher's dedup script), whatever the retries.
#pragma once

#include <optional>
#include <string>

#include "bus/redis_connection.hpp"
#include "bus/signal_publisher.hpp"
#include "engine/delivery_relay.hpp"

namespace alphapulse::engine {

// A bus error as the relay's error: transient stays transient.
store::Error to_store_error(const bus::Error& e);

class RedisDestination : public Destination {
 public:
  explicit RedisDestination(bus::RedisConnection connection, bus::PublisherOptions options = {});
  std::string_view name() const override { return "redis"; }
  store::Status deliver(const DeliveryBatch& batch) override;

 private:
  bus::RedisConnection connection_;
  bus::SignalPublisher publisher_;
  std::vector<bus::RegimeChangeEvent> regimes_;
};

}  // namespace alphapulse::engine
