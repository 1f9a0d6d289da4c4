// exchange_sim/fault_spec: what can go wrong on purpose, as parsed from `--faults k=v,...`.
// Kept apart from the injector so the CLI and tests can validate a spec without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alphapulse::exchange_sim {

struct FaultSpec {
  std::uint64_t disconnect_every = 0;  // close a WS connection after this many frames (0: never)
  // Shares of kline messages, mutually exclusive per message (their sum is at most 1).
  double drop = 0;            // not sent at all (closed ones included)
  double duplicate = 0;       // sent twice in a row
  double reorder = 0;         // swapped with the next kline message of the connection
  double malformed = 0;       // replaced by a truncated or wrongly typed frame
  double rest_429 = 0;        // share of REST requests answered 429 + Retry-After
  std::int64_t stall_ms = 0;  // length of a stall: nothing is sent for this long (0: no stalls)
  double stall_rate = 0.001;  // share of kline messages a stall starts before (when stall_ms > 0)
  std::int64_t retry_after_s = 1;  // Retry-After header value of a 429

  bool any() const {
    return disconnect_every > 0 || drop > 0 || duplicate > 0 || reorder > 0 || malformed > 0 ||
           rest_429 > 0 || stall_ms > 0;
  }
};

// Parses "disconnect_every=500,drop=0.01,duplicate=0.01,reorder=0.01,malformed=0.001,
// rest_429=0.05,stall_ms=2000" (every key optional, empty text = no faults; also stall_rate and
// retry_after_s). On failure returns nullopt and, when `error` is set, a message naming the key
// and the value, e.g. "fault 'drop': '1.5' is not a share in [0, 1]".
std::optional<FaultSpec> parse_fault_spec(std::string_view text, std::string* error);

// Canonical text of a spec, only the keys that differ from the defaults ("" for none).
std::string to_string(const FaultSpec& spec);

}  // namespace alphapulse::exchange_sim
