// exchange_sim/sim_context: see the header.
#include "exchange_sim/sim_context.hpp"

#include <sstream>

namespace alphapulse::exchange_sim {

SimContext::SimContext(SimulatorConfig config_in, MarketData data_in)
    : config(std::move(config_in)),
      data(std::move(data_in)),
      clock(data.clock_start(), config.speed, config.max_speed),
      rest_faults(config.faults, connection_seed(config.seed, ~std::uint64_t{0})),
      stream_done_(std::make_unique<std::atomic<bool>[]>(data.streams().size())) {
  // A stream whose last candle closes before the clock starts has nothing to stream.
  for (std::size_t i = 0; i < data.streams().size(); ++i) {
    const auto& stream = data.streams()[i];
    const auto last_close_event = stream.candles.back().open_time + stream.step;
    stream_done_[i].store(last_close_event <= data.clock_start());
  }
}

void SimContext::note_closed_emitted(const StreamData& stream, std::size_t candle_index) {
  if (candle_index + 1 != stream.candles.size()) return;
  const auto index = static_cast<std::size_t>(&stream - data.streams().data());
  stream_done_[index].store(true);
}

bool SimContext::exhausted() const {
  for (std::size_t i = 0; i < data.streams().size(); ++i) {
    if (!stream_done_[i].load()) return false;
  }
  return true;
}

SimulatorStats SimContext::stats() const {
  SimulatorStats s;
  s.sim_time_ms = clock.now().ms;
  s.exhausted = exhausted();
  s.http_requests = counters.http_requests.load();
  s.rest_429 = counters.rest_429.load();
  s.ws_connections = counters.ws_connections.load();
  s.ws_open = counters.ws_open.load();
  s.frames_sent = counters.frames_sent.load();
  s.klines_forming = counters.klines_forming.load();
  s.klines_closed = counters.klines_closed.load();
  s.dropped = counters.dropped.load();
  s.duplicated = counters.duplicated.load();
  s.reordered = counters.reordered.load();
  s.malformed = counters.malformed.load();
  s.disconnects = counters.disconnects.load();
  s.stalls = counters.stalls.load();
  s.pings_sent = counters.pings_sent.load();
  s.pongs_received = counters.pongs_received.load();
  s.pong_timeouts = counters.pong_timeouts.load();
  s.server_shutdowns = counters.server_shutdowns.load();
  return s;
}

std::string to_string(const SimulatorStats& s) {
  std::ostringstream out;
  out << "sim_time_ms=" << s.sim_time_ms << "\nexhausted=" << (s.exhausted ? "true" : "false")
      << "\nhttp_requests=" << s.http_requests << "\nrest_429=" << s.rest_429
      << "\nws_connections=" << s.ws_connections << "\nws_open=" << s.ws_open
      << "\nframes_sent=" << s.frames_sent << "\nklines_forming=" << s.klines_forming
      << "\nklines_closed=" << s.klines_closed << "\ndropped=" << s.dropped
      << "\nduplicated=" << s.duplicated << "\nreordered=" << s.reordered
      << "\nmalformed=" << s.malformed << "\ndisconnects=" << s.disconnects
      << "\nstalls=" << s.stalls << "\npings_sent=" << s.pings_sent
      << "\npongs_received=" << s.pongs_received << "\npong_timeouts=" << s.pong_timeouts
      << "\nserver_shutdowns=" << s.server_shutdowns << '\n';
  return out.str();
}

}  // namespace alphapulse::exchange_sim
