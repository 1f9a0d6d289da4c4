// feed/binance_kline_parser: one WebSocket text frame -> what it means for the feed. Handles the
// raw (`/ws/..`) and combined (`{"stream":..,"data":..}`) envelopes, kline events, the
// serverShutdown event and control replies. Malformed frames are a value (kMalformed with a
// one-line reason naming the field), never an exception: a bad frame must not stop the feed.
// One parser per io thread; it reuses its simdjson parser and buffers, so after the first few
// frames parsing allocates nothing (except when building an error message).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "feed/binance_json.hpp"

namespace alphapulse::feed {

enum class FrameType : std::uint8_t {
  kKline,           // a kline event: see ParsedFrame::kline
  kServerShutdown,  // {"e":"serverShutdown"}: reconnect now
  kControlReply,    // {"result":..,"id":..}: reply to SUBSCRIBE and friends
  kControlError,    // {"code":..,"msg":..}: the server rejected a control message
  kMalformed,       // anything else: see ParsedFrame::error
};
std::string_view to_string(FrameType type);

struct KlineUpdate {
  core::Symbol symbol;  // payload "s", upper case
  core::Timeframe timeframe = core::Timeframe::k1m;
  core::Candle candle;  // t,T,o,h,l,c,v,q,n,V,Q; has_exchange_extras = true; received_time unset
  bool closed = false;  // "x"
  core::TimestampMs event_time;  // "E"
};

struct ParsedFrame {
  FrameType type = FrameType::kMalformed;
  KlineUpdate kline;             // kKline
  core::TimestampMs event_time;  // kKline and kServerShutdown
  std::string_view stream;       // combined envelope's "stream" (valid until the next parse)
  std::string error;             // kMalformed: "field 'data.k.h': not a decimal number: \"x\""
                                 // kControlError: "code 2: Invalid request: ..."
};

class KlineFrameParser {
 public:
  // fast_path: frames in Binance's exact layout are read by read_kline_fast_path
  // (kline_fast_path.hpp) and only the others by the simdjson DOM; false: DOM for every frame
  // (the reference the fast path is tested against).
  explicit KlineFrameParser(bool fast_path = true);
  // The result is owned by the parser and valid until the next call.
  const ParsedFrame& parse(std::string_view frame);

 private:
  bool parse_event(simdjson::dom::object event, std::string_view path);
  bool parse_kline(simdjson::dom::object event, std::string_view path);

  bool fast_path_;
  simdjson::dom::parser parser_;
  json::PaddedBuffer buffer_;
  ParsedFrame result_;
  std::string path_;  // "data.k." and the like, reused
};

}  // namespace alphapulse::feed
