// bus/signal_publisher: hands signals and regime changes to Redis consumers, exactly once.
//
// Each item is appended to a capped stream (XADD ... MAXLEN ~ N) for consumers that catch
// up from an id, and PUBLISHed on a channel (plus a per-stream channel) for live ones. The
// check-and-write runs in one Lua script per item, atomically on the server: if the dedup
// key `<prefix>:published:<id>` exists the script does nothing, otherwise it XADDs,
// PUBLISHes and sets the key with a TTL. So a caller that retries a whole batch after a
// timeout or a dropped connection (some of whose scripts may already have run) publishes
// each item once. The guarantee lasts as long as the dedup key: a retry later than the TTL
// (days by default) would publish again. See docs/bus.md.
//
// Runs on the caller's (delivery) thread; allocates per batch; never on the hot path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bus/bus_keys.hpp"
#include "bus/redis_connection.hpp"
#include "bus/status.hpp"
#include "core/signal.hpp"
#include "regime/regime_state.hpp"

namespace alphapulse::bus {

struct RegimeChangeEvent {
  core::Symbol symbol;
  core::Timeframe timeframe = core::Timeframe::k15m;
  regime::RegimeChange change;  // change.time: open time of the deciding candle
};

struct PublisherOptions {
  std::string prefix = "alphapulse";
  std::int64_t signal_stream_max_length = 100'000;  // approximate (MAXLEN ~)
  std::int64_t regime_stream_max_length = 100'000;
  core::DurationMs dedup_ttl{7LL * 24 * 3600 * 1000};  // how long a retry is recognised
  bool per_stream_channels = true;                     // also publish on <channel>:<SYMBOL>_<tf>
};

class SignalPublisher {
 public:
  SignalPublisher(RedisConnection& connection, PublisherOptions options = {});

  // Returns how many of `signals` were newly published (the others had been already).
  // On failure nothing is known about this batch beyond "each item at most once": retry it.
  Result<std::size_t> publish(std::span<const core::Signal> signals);
  Result<std::size_t> publish_regime_changes(std::span<const RegimeChangeEvent> changes);

  const BusKeys& keys() const { return keys_; }

 private:
  Status load_script();  // SCRIPT LOAD once, for the digest EVALSHA names
  // Runs the publish script for every item queued in `batch_` (EVALSHA, then EVAL for
  // those the server did not have cached) and counts the new ones.
  Result<std::size_t> run_batch(std::string_view what);
  void add_item(std::string_view dedup_key, std::string_view stream, std::int64_t max_length,
                std::string_view payload, std::string_view channel, std::string_view stream_channel,
                std::initializer_list<std::string_view> fields);

  RedisConnection& connection_;
  PublisherOptions options_;
  BusKeys keys_;
  std::string script_sha_;
  CommandBatch batch_;
  CommandBatch retry_batch_;
};

// The JSON line published for a regime change:
// {"symbol":"BTCUSDT","timeframe":"15m","time":"...Z","candle_open_time_ms":N,
//  "regime":"strong_trend_bull","confidence":0.8,"previous_duration_candles":12,"metrics":{...}}
std::string regime_change_json(const RegimeChangeEvent& event);

}  // namespace alphapulse::bus
