// feed/kline_fast_path: reads a kline frame laid out exactly as Binance sends it (its key order,
// no whitespace, plain ASCII strings without escapes), in one left-to-right pass without
// building a JSON tree: about a fifth of the instructions of the simdjson DOM path, on every
// WebSocket message of the feed thread. A frame that matches this grammar is valid JSON by
// construction and is read to exactly the values the DOM path gives (the same decimal and
// integer conversions, the same checks). Anything else (another key order, whitespace,
// escapes, numbers where strings are expected, a candle the checks reject) is declined, and
// the DOM path parses it and reports what is wrong, so errors read the same whichever path
// saw the frame.
#pragma once

#include <string_view>

#include "feed/binance_kline_parser.hpp"

namespace alphapulse::feed {

// True and `out` filled (type kKline, kline, event_time, stream) when `frame` is a well-formed,
// acceptable kline event in Binance's layout (raw or inside the combined envelope); false
// otherwise, with `out` in an unspecified state. `out.stream` views into `frame`.
bool read_kline_fast_path(std::string_view frame, ParsedFrame& out) noexcept;

}  // namespace alphapulse::feed
