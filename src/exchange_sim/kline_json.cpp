// exchange_sim/kline_json: hand-written formatting (no JSON library) so the key order and the
// number spelling are exactly Binance's and nothing allocates beyond the output string.
#include "exchange_sim/kline_json.hpp"

#include <charconv>

namespace alphapulse::exchange_sim {
namespace {

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

void append_string_decimal(std::string& out, std::string_view key, double value) {
  append_key(out, key);
  out += '"';
  append_decimal8(out, value);
  out += '"';
  out += ',';
}

}  // namespace

void append_decimal8(std::string& out, double value) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 8);
  if (result.ec != std::errc{}) {
    out += "0.00000000";
    return;
  }
  // -0.00000000 would be a surprising spelling for a value that rounds to zero.
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  if (text == "-0.00000000") text.remove_prefix(1);
  out += text;
}

std::string decimal8(double value) {
  std::string out;
  append_decimal8(out, value);
  return out;
}

std::string kline_event_json(const core::Candle& candle, const KlineFields& fields) {
  std::string out;
  out.reserve(400);
  out += "{\"e\":\"kline\",\"E\":";
  append_int(out, fields.event_time.ms);
  out += ",\"s\":";
  append_json_string(out, fields.symbol);
  out += ",\"k\":{";
  append_key(out, "t");
  if (fields.wrong_types) out += '"';
  append_int(out, candle.open_time.ms);
  if (fields.wrong_types) out += '"';
  out += ',';
  append_key(out, "T");
  append_int(out, candle.close_time.ms);
  out += ",\"s\":";
  append_json_string(out, fields.symbol);
  out += ",\"i\":";
  append_json_string(out, fields.interval);
  const bool has_trades = candle.trades > 0 && fields.first_trade_id >= 0;
  out += ",\"f\":";
  append_int(out, has_trades ? fields.first_trade_id : -1);
  out += ",\"L\":";
  append_int(out, has_trades ? fields.first_trade_id + candle.trades - 1 : -1);
  out += ',';
  if (fields.wrong_types) {
    append_key(out, "o");
    append_decimal8(out, candle.open);
    out += ',';
  } else {
    append_string_decimal(out, "o", candle.open);
  }
  append_string_decimal(out, "c", candle.close);
  append_string_decimal(out, "h", candle.high);
  append_string_decimal(out, "l", candle.low);
  append_string_decimal(out, "v", candle.volume);
  append_key(out, "n");
  append_int(out, candle.trades);
  out += ",\"x\":";
  if (fields.wrong_types) {
    out += fields.closed ? "\"true\"" : "\"false\"";
  } else {
    out += fields.closed ? "true" : "false";
  }
  out += ',';
  append_string_decimal(out, "q", candle.quote_volume);
  append_string_decimal(out, "V", candle.taker_buy_base_volume);
  append_string_decimal(out, "Q", candle.taker_buy_quote_volume);
  out += "\"B\":\"0\"}}";
  return out;
}

std::string combined_envelope(std::string_view stream_name, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + stream_name.size() + 24);
  out += "{\"stream\":";
  append_json_string(out, stream_name);
  out += ",\"data\":";
  out += payload;
  out += '}';
  return out;
}

void append_rest_kline_row(std::string& out, const core::Candle& candle) {
  const auto put_string = [&](double value) {
    out += '"';
    append_decimal8(out, value);
    out += "\",";
  };
  out += '[';
  append_int(out, candle.open_time.ms);
  out += ',';
  put_string(candle.open);
  put_string(candle.high);
  put_string(candle.low);
  put_string(candle.close);
  put_string(candle.volume);
  append_int(out, candle.close_time.ms);
  out += ',';
  put_string(candle.quote_volume);
  append_int(out, candle.trades);
  out += ',';
  put_string(candle.taker_buy_base_volume);
  put_string(candle.taker_buy_quote_volume);
  out += "\"0\"]";
}

std::string server_shutdown_json(core::TimestampMs event_time, bool combined) {
  std::string payload = "{\"e\":\"serverShutdown\",\"E\":";
  append_int(payload, event_time.ms);
  payload += '}';
  return combined ? combined_envelope("!serverShutdown", payload) : payload;
}

std::string error_json(int code, std::string_view msg) {
  std::string out = "{\"code\":";
  append_int(out, code);
  out += ",\"msg\":";
  append_json_string(out, msg);
  out += '}';
  return out;
}

}  // namespace alphapulse::exchange_sim
