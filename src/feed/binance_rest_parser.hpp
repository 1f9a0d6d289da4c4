// feed/binance_rest_parser: bodies of the REST endpoints the feed uses. GET /api/v3/klines
// (an array of 12-field rows; prices as strings, times and trade counts as numbers, each
// accepted in either form), GET /api/v3/exchangeInfo symbols (integer fields may be strings:
// stored copies of exchangeInfo hold "8" where the live API sends 8) and the {"code","msg"}
// error payload. Errors are values naming the row and field; the parser is reused, so parsing
// allocates only for the output.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/timeframe.hpp"
#include "feed/binance_json.hpp"

namespace alphapulse::feed {

// One exchangeInfo symbol with the filters the engine needs. Filter values stay exact decimal
// text ("0.01000000"): tick and lot arithmetic must be decimal, never binary-float modulo.
// Empty text means the filter is absent.
struct SymbolInfo {
  std::string symbol;  // "BTCUSDT"
  std::string status;  // "TRADING"
  std::string base_asset;
  std::string quote_asset;
  std::int64_t base_asset_precision = 0;
  std::int64_t quote_asset_precision = 0;
  bool spot_trading_allowed = false;
  std::string min_price, max_price, tick_size;  // PRICE_FILTER
  std::string min_qty, max_qty, step_size;      // LOT_SIZE
  std::string min_notional, max_notional;       // NOTIONAL (or legacy MIN_NOTIONAL)
};

struct RestErrorPayload {
  std::int64_t code = 0;  // e.g. -1121
  std::string msg;        // "Invalid symbol."
};

class RestResponseParser {
 public:
  RestResponseParser();

  // Appends the rows of a klines body to `out` (has_exchange_extras = true). When `timeframe`
  // is set, each row's close time must be open time + timeframe - 1 ms. On failure returns
  // false with `error` = "row 3: field 'high' (index 2): not a decimal number: \"x\"";
  // rows before the bad one stay appended.
  bool parse_klines(std::string_view body, std::optional<core::Timeframe> timeframe,
                    std::vector<core::Candle>& out, std::string& error);

  // Accepts the full response ({"symbols":[...]}) or a bare array of symbol objects.
  bool parse_exchange_info(std::string_view body, std::vector<SymbolInfo>& out, std::string& error);

  // {"code":-1121,"msg":"Invalid symbol."}; false when the body is not that shape.
  bool parse_error(std::string_view body, RestErrorPayload& out);

 private:
  bool parse_root(std::string_view body, simdjson::dom::element& root, std::string& error);

  simdjson::dom::parser parser_;
  json::PaddedBuffer buffer_;
};

}  // namespace alphapulse::feed
