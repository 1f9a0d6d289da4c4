// bus/bus_keys: every Redis key, stream and channel name the bus writes, in one place
// (docs/bus.md documents them). A prefix ("alphapulse" by default) keeps deployments and
// tests that share a server apart.
#pragma once

#include <string>
#include <string_view>

#include "core/symbol.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::bus {

// "BTCUSDT_15m": how a stream (symbol + timeframe) is named in keys and channels.
inline std::string stream_name(const core::Symbol& symbol, core::Timeframe timeframe) {
  std::string name(symbol.view());
  name += '_';
  name += core::to_string(timeframe);
  return name;
}

struct BusKeys {
  std::string prefix = "alphapulse";

  std::string signal_stream() const { return prefix + ":signals"; }
  std::string signal_channel() const { return prefix + ":signals"; }
  std::string signal_channel(std::string_view stream) const {
    return prefix + ":signals:" + std::string(stream);
  }
  std::string signal_dedup(std::string_view signal_id) const {
    return prefix + ":published:" + std::string(signal_id);
  }

  std::string regime_change_stream() const { return prefix + ":regime_changes"; }
  std::string regime_change_channel() const { return prefix + ":regime_changes"; }
  std::string regime_change_channel(std::string_view stream) const {
    return prefix + ":regime_changes:" + std::string(stream);
  }
  std::string regime_change_dedup(std::string_view stream, std::int64_t candle_open_ms) const {
    return prefix + ":published:regime_change:" + std::string(stream) + ":" +
           std::to_string(candle_open_ms);
  }

  std::string regime(std::string_view stream) const {
    return prefix + ":regime:" + std::string(stream);
  }
  std::string indicators(std::string_view stream) const {
    return prefix + ":indicators:" + std::string(stream);
  }
  std::string forming(std::string_view stream) const {
    return prefix + ":forming:" + std::string(stream);
  }
  std::string known_streams() const { return prefix + ":streams"; }
};

}  // namespace alphapulse::bus
