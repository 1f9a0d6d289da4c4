// bus/stream_cache: the latest regime and indicator values of every stream, kept in Redis
// for dashboards and other services that want "now" without replaying the signal stream.
//
// Per stream (<SYMBOL>_<tf>), refreshed at every put():
//   <prefix>:regime:<SYMBOL>_<tf>      hash {regime, confidence, duration_candles,
//                                            candle_close_time_ms, updated_at_ms}
//   <prefix>:indicators:<SYMBOL>_<tf>  hash {indicator name -> value}
//   <prefix>:streams                   set of the stream names written (no KEYS/SCAN needed)
// and, at every put_forming(), the provisional values of the candle still forming:
//   <prefix>:forming:<SYMBOL>_<tf>     hash {candle_close_time_ms, updated_at_ms,
//                                            indicator name -> value}
// Both hashes expire after `ttl_candles` candle lengths, so a stream that stops updating
// disappears by itself; read_regimes() drops names whose hash has expired from the set.
// Each stream's keys are replaced in one MULTI/EXEC, so a reader never sees a regime hash
// from one candle with indicators from another half-written.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <type_traits>

#include "bus/bus_keys.hpp"
#include "bus/redis_connection.hpp"
#include "bus/status.hpp"
#include "core/market_regime.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::bus {

struct StreamSnapshot {
  core::Symbol symbol;
  core::Timeframe timeframe = core::Timeframe::k15m;
  core::TimestampMs candle_close_time;
  core::MarketRegime regime = core::MarketRegime::kRanging;
  double regime_confidence = 0;
  std::int32_t regime_duration_candles = 0;
  core::NamedValues<24> indicators;
};
static_assert(std::is_trivially_copyable_v<StreamSnapshot>);

struct StreamCacheOptions {
  std::string prefix = "alphapulse";
  std::int64_t ttl_candles = 3;  // keys live this many candle lengths after the last put()
};

class StreamCache {
 public:
  StreamCache(RedisConnection& connection, StreamCacheOptions options = {});

  Status put(std::span<const StreamSnapshot> snapshots);
  // Forming candles: only candle_close_time and indicators are read (the regime is decided on
  // closed candles, it is in the regime hash). Replaced whole, same TTL.
  Status put_forming(std::span<const StreamSnapshot> snapshots);

  // {"BTCUSDT_15m": "strong_trend_bull", ...} for every stream whose keys have not expired.
  Result<std::map<std::string, std::string>> read_regimes();

  const BusKeys& keys() const { return keys_; }

 private:
  // Runs batch_ (one MULTI .. EXEC of `commands_per_snapshot` commands per snapshot) and
  // turns the first error, or an aborted transaction, into a Status naming the stream.
  Status run_transactions(std::span<const StreamSnapshot> snapshots,
                          std::size_t commands_per_snapshot);

  RedisConnection& connection_;
  StreamCacheOptions options_;
  BusKeys keys_;
  CommandBatch batch_;
};

}  // namespace alphapulse::bus
