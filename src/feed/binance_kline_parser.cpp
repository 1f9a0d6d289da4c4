// feed/binance_kline_parser: see the header.
#include "feed/binance_kline_parser.hpp"

#include <cmath>

#include "feed/kline_fast_path.hpp"

namespace alphapulse::feed {

std::string_view to_string(FrameType type) {
  switch (type) {
    case FrameType::kKline:
      return "kline";
    case FrameType::kServerShutdown:
      return "serverShutdown";
    case FrameType::kControlReply:
      return "control reply";
    case FrameType::kControlError:
      return "control error";
    case FrameType::kMalformed:
      return "malformed";
  }
  return "unknown";
}

KlineFrameParser::KlineFrameParser(bool fast_path) : fast_path_(fast_path) {
  // Kline frames are ~400 bytes; 64 KiB covers any control reply too. Larger frames still
  // parse (the parser grows), they just allocate once.
  [[maybe_unused]] const auto ignored = parser_.allocate(64 * 1024);
  result_.error.reserve(256);
  path_.reserve(32);
}

const ParsedFrame& KlineFrameParser::parse(std::string_view frame) {
  result_.type = FrameType::kMalformed;
  result_.stream = {};
  result_.event_time = {};
  result_.error.clear();

  const char* data = buffer_.assign(frame);
  if (fast_path_ && read_kline_fast_path(std::string_view(data, frame.size()), result_)) {
    return result_;
  }
  simdjson::dom::element root;
  if (const auto code = parser_.parse(data, frame.size(), false).get(root); code) {
    result_.error = "invalid JSON: ";
    result_.error += simdjson::error_message(code);
    return result_;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    result_.error = "expected a JSON object, got ";
    result_.error += json::type_name(root);
    return result_;
  }

  json::ObjectReader top(object, "", result_.error);
  if (top.has("data")) {  // combined envelope
    std::string_view stream;
    simdjson::dom::object data_object;
    if (!top.string("stream", stream) || !top.object("data", data_object)) return result_;
    result_.stream = stream;
    parse_event(data_object, "data.");
    return result_;
  }
  if (top.has("result") && top.has("id")) {
    result_.type = FrameType::kControlReply;
    return result_;
  }
  if (top.has("code") && top.has("msg") && !top.has("e")) {
    std::int64_t code = 0;
    std::string_view msg;
    if (!top.integer("code", code) || !top.string("msg", msg)) return result_;
    result_.type = FrameType::kControlError;
    result_.error = "code " + std::to_string(code) + ": " + std::string(msg);
    return result_;
  }
  parse_event(object, "");
  return result_;
}

bool KlineFrameParser::parse_event(simdjson::dom::object event, std::string_view path) {
  json::ObjectReader reader(event, path, result_.error);
  reader.index_single_character_keys();
  std::string_view type;
  if (!reader.string("e", type)) return false;
  std::int64_t event_time = 0;
  if (type == "serverShutdown") {
    if (!reader.integer("E", event_time)) return false;
    result_.event_time = core::TimestampMs{event_time};
    result_.type = FrameType::kServerShutdown;
    return true;
  }
  if (type != "kline") {
    std::string what = "unexpected event type \"";
    what += type.substr(0, 40);
    what += "\" (only kline and serverShutdown are subscribed)";
    return reader.fail("e", what);
  }
  if (!reader.integer("E", event_time)) return false;
  result_.event_time = core::TimestampMs{event_time};
  return parse_kline(event, path);
}

bool KlineFrameParser::parse_kline(simdjson::dom::object event, std::string_view path) {
  json::ObjectReader outer(event, path, result_.error);
  simdjson::dom::object k;
  if (!outer.object("k", k)) return false;
  path_.assign(path);
  path_ += "k.";
  json::ObjectReader reader(k, path_, result_.error);
  reader.index_single_character_keys();

  KlineUpdate& out = result_.kline;
  out = KlineUpdate{};
  out.event_time = result_.event_time;

  std::string_view symbol;
  if (!reader.string("s", symbol)) return false;
  if (!core::is_valid_exchange_symbol(symbol)) {
    return reader.fail("s", "not an exchange symbol (2..20 of A-Z, 0-9)");
  }
  out.symbol = core::Symbol(symbol);

  std::string_view interval;
  if (!reader.string("i", interval)) return false;
  const auto tf = core::parse_timeframe(interval);
  if (!tf) {
    std::string what = "unsupported interval \"";
    what += interval.substr(0, 10);
    what += '"';
    return reader.fail("i", what);
  }
  out.timeframe = *tf;

  core::Candle& c = out.candle;
  std::int64_t open_time = 0;
  std::int64_t close_time = 0;
  if (!reader.integer("t", open_time) || !reader.integer("T", close_time)) return false;
  c.open_time = core::TimestampMs{open_time};
  c.close_time = core::TimestampMs{close_time};
  if (!reader.decimal("o", c.open) || !reader.decimal("h", c.high) || !reader.decimal("l", c.low) ||
      !reader.decimal("c", c.close) || !reader.decimal("v", c.volume) ||
      !reader.decimal("q", c.quote_volume) || !reader.decimal("V", c.taker_buy_base_volume) ||
      !reader.decimal("Q", c.taker_buy_quote_volume) || !reader.integer("n", c.trades) ||
      !reader.boolean("x", out.closed)) {
    return false;
  }
  c.has_exchange_extras = true;

  if (open_time < 0) return reader.fail("t", "negative open time");
  const std::int64_t step = core::duration(*tf).count;
  if (close_time != open_time + step - 1) {
    return reader.fail("T", "close time " + std::to_string(close_time) + " is not t + " +
                                std::string(interval) + " - 1 ms (" +
                                std::to_string(open_time + step - 1) + ")");
  }
  if (const auto error = core::validate(c); error != core::CandleError::kNone) {
    const std::string_view field = core::offending_field(c, error);
    const std::string_view key = field == "open"    ? "o"
                                 : field == "high"  ? "h"
                                 : field == "low"   ? "l"
                                 : field == "close" ? "c"
                                                    : "v";
    std::string what = "candle rejected: ";
    what += core::to_string(error);
    what += " (";
    what += field;
    what += ')';
    return reader.fail(key, what);
  }
  const struct {
    std::string_view key;
    double value;
  } extras[] = {{"q", c.quote_volume},
                {"V", c.taker_buy_base_volume},
                {"Q", c.taker_buy_quote_volume},
                {"n", static_cast<double>(c.trades)}};
  for (const auto& extra : extras) {
    if (!std::isfinite(extra.value)) return reader.fail(extra.key, "value is NaN or infinite");
    if (extra.value < 0) return reader.fail(extra.key, "negative");
  }
  result_.type = FrameType::kKline;
  return true;
}

}  // namespace alphapulse::feed
