// bus/signal_publisher: hands signals and regime changes to Redis consumers, exactly once.
//
// Each item is appended to a capped stream (XADD ... MAXLEN ~ N) for consumers that catch
// up from an id, and PUBLISHed on a channel (plus a per-stream channel) for live ones. The
// check-and-write runs in a Lua script, atomically on the server (one script call per chunk
// of up to 128 items): if an item's dedup key `<prefix>:published:<id>` exists the item is
// skipped, otherwise the script XADDs, PUBLISHes and sets the key with a TTL. So a caller that
// retries a whole batch after a timeout or a dropped connection (some of whose scripts may already
// have run) publishes each item once. The guarantee lasts as long as the dedup key: a retry later
// than the TTL (days by default) would publish again. See docs/bus.md.
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
  // Items are queued in chunks of up to kItemsPerCall, one script call per chunk, all the
  // calls of a batch sent in one pipeline. run_batch() sends them (EVALSHA, then EVAL for
  // calls the server had no cached script for) and counts the newly published items.
  void begin_chunks(std::string_view stream, std::int64_t max_length);
  void add_item(std::string_view dedup_key, std::string_view payload, std::string_view channel,
                std::string_view stream_channel, std::initializer_list<std::string_view> fields);
  void end_chunk();
  Result<std::size_t> run_batch(std::string_view what);

  RedisConnection& connection_;
  PublisherOptions options_;
  BusKeys keys_;
  std::string script_sha_;
  CommandBatch batch_;
  std::vector<std::string> chunk_keys_;
  std::vector<std::string> chunk_args_;
  std::string chunk_stream_;
  std::int64_t chunk_max_length_ = 0;
  std::size_t fields_per_item_ = 0;
  CommandBatch retry_batch_;
};

// The JSON line published for a regime change:
// {"symbol":"BTCUSDT","timeframe":"15m","time":"...Z","candle_open_time_ms":N,
//  "regime":"strong_trend_bull","confidence":0.8,"previous_duration_candles":12,"metrics":{...}}
std::string regime_change_json(const RegimeChangeEvent& event);

}  // namespace alphapulse::bus
