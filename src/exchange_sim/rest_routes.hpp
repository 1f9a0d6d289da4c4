// exchange_sim/rest_routes: the REST endpoints (/api/v3/ping, time, exchangeInfo, klines) as a
// pure function of the request target and the simulator state, so routing and the Binance
// error semantics are testable without sockets. The HTTP session only moves bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alphapulse::exchange_sim {

class SimContext;

struct RestResponse {
  unsigned status = 200;
  std::string body;                // JSON
  std::int64_t retry_after_s = 0;  // > 0: send a Retry-After header (429)
};

// `target` is the request target, path and query ("/api/v3/klines?symbol=BTCUSDT&...").
// Io thread only (draws from the REST fault injector).
RestResponse handle_rest_request(SimContext& context, std::string_view method,
                                 std::string_view target);

}  // namespace alphapulse::exchange_sim
