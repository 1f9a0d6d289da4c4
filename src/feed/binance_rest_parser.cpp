// feed/binance_rest_parser: see the header.
#include "feed/binance_rest_parser.hpp"

#include <cmath>

namespace alphapulse::feed {
namespace {

constexpr std::string_view kKlineColumns[] = {"open time",
                                              "open",
                                              "high",
                                              "low",
                                              "close",
                                              "volume",
                                              "close time",
                                              "quote volume",
                                              "trades",
                                              "taker buy base volume",
                                              "taker buy quote volume",
                                              "ignore"};

bool row_fail(std::size_t row, std::size_t index, std::string_view what, std::string& error) {
  error = "row " + std::to_string(row) + ": field '" + std::string(kKlineColumns[index]) +
          "' (index " + std::to_string(index) + "): " + std::string(what);
  return false;
}

std::string describe(const simdjson::dom::element& element) {
  if (element.is_string()) {
    return "\"" + std::string(std::string_view(element.get_string().value_unsafe()).substr(0, 40)) +
           "\"";
  }
  return std::string(json::type_name(element));
}

// Reads a filter's string field if present (decimal text kept exactly).
void filter_text(simdjson::dom::object filter, std::string_view key, std::string& out) {
  std::string_view text;
  simdjson::dom::element element;
  if (filter.at_key(key).get(element) != simdjson::SUCCESS) return;
  if (element.get_string().get(text) == simdjson::SUCCESS) {
    out.assign(text);
  } else if (element.is_number()) {
    out = simdjson::to_string(element);
  }
}

}  // namespace

RestResponseParser::RestResponseParser() {
  // Sized for a 1000-row klines page; larger bodies (exchangeInfo) grow it once.
  [[maybe_unused]] const auto ignored = parser_.allocate(1 << 20);
}

bool RestResponseParser::parse_root(std::string_view body, simdjson::dom::element& root,
                                    std::string& error) {
  const char* data = buffer_.assign(body);
  if (const auto code = parser_.parse(data, body.size(), false).get(root); code) {
    error = "invalid JSON: ";
    error += simdjson::error_message(code);
    return false;
  }
  return true;
}

bool RestResponseParser::parse_klines(std::string_view body,
                                      std::optional<core::Timeframe> timeframe,
                                      std::vector<core::Candle>& out, std::string& error) {
  simdjson::dom::element root;
  if (!parse_root(body, root, error)) return false;
  simdjson::dom::array rows;
  if (root.get_array().get(rows) != simdjson::SUCCESS) {
    error = "expected an array of kline rows, got " + std::string(json::type_name(root));
    return false;
  }
  std::size_t row_number = 0;
  for (simdjson::dom::element row_element : rows) {
    ++row_number;
    simdjson::dom::array row;
    if (row_element.get_array().get(row) != simdjson::SUCCESS) {
      error = "row " + std::to_string(row_number) + ": expected an array, got " +
              std::string(json::type_name(row_element));
      return false;
    }
    if (row.size() < 11) {
      error = "row " + std::to_string(row_number) + ": expected 12 fields, got " +
              std::to_string(row.size());
      return false;
    }
    core::Candle c;
    c.has_exchange_extras = true;
    std::int64_t open_time = 0;
    std::int64_t close_time = 0;
    double* decimals[] = {nullptr,
                          &c.open,
                          &c.high,
                          &c.low,
                          &c.close,
                          &c.volume,
                          nullptr,
                          &c.quote_volume,
                          nullptr,
                          &c.taker_buy_base_volume,
                          &c.taker_buy_quote_volume};
    std::size_t index = 0;
    for (simdjson::dom::element field : row) {
      if (index > 10) break;
      bool ok = true;
      if (index == 0) {
        ok = json::element_integer(field, open_time);
      } else if (index == 6) {
        ok = json::element_integer(field, close_time);
      } else if (index == 8) {
        ok = json::element_integer(field, c.trades);
      } else {
        ok = json::element_decimal(field, *decimals[index]);
      }
      if (!ok) {
        const bool integer = index == 0 || index == 6 || index == 8;
        return row_fail(row_number, index,
                        std::string(integer ? "expected an integer, got "
                                            : "expected a decimal string or number, got ") +
                            describe(field),
                        error);
      }
      ++index;
    }
    c.open_time = core::TimestampMs{open_time};
    c.close_time = core::TimestampMs{close_time};
    if (timeframe) {
      const std::int64_t expected = open_time + core::duration(*timeframe).count - 1;
      if (close_time != expected) {
        return row_fail(row_number, 6,
                        "close time " + std::to_string(close_time) + " is not open time + " +
                            std::string(core::to_string(*timeframe)) + " - 1 ms (" +
                            std::to_string(expected) + ")",
                        error);
      }
    }
    if (const auto bad = core::validate(c); bad != core::CandleError::kNone) {
      const std::string_view field = core::offending_field(c, bad);
      const std::size_t at = field == "open"    ? 1
                             : field == "high"  ? 2
                             : field == "low"   ? 3
                             : field == "close" ? 4
                                                : 5;
      return row_fail(row_number, at, "candle rejected: " + std::string(core::to_string(bad)),
                      error);
    }
    const double extras[] = {c.quote_volume, static_cast<double>(c.trades), c.taker_buy_base_volume,
                             c.taker_buy_quote_volume};
    const std::size_t extra_index[] = {7, 8, 9, 10};
    for (std::size_t i = 0; i < 4; ++i) {
      if (!std::isfinite(extras[i])) {
        return row_fail(row_number, extra_index[i], "value is NaN or infinite", error);
      }
      if (extras[i] < 0) return row_fail(row_number, extra_index[i], "negative", error);
    }
    out.push_back(c);
  }
  return true;
}

bool RestResponseParser::parse_exchange_info(std::string_view body, std::vector<SymbolInfo>& out,
                                             std::string& error) {
  simdjson::dom::element root;
  if (!parse_root(body, root, error)) return false;
  simdjson::dom::array symbols;
  if (root.is_object()) {
    json::ObjectReader top(root.get_object().value_unsafe(), "", error);
    if (!top.array("symbols", symbols)) return false;
  } else if (root.get_array().get(symbols) != simdjson::SUCCESS) {
    error = "expected an object or an array, got " + std::string(json::type_name(root));
    return false;
  }
  std::size_t index = 0;
  std::string path;
  for (simdjson::dom::element element : symbols) {
    path = "symbols[" + std::to_string(index++) + "].";
    simdjson::dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      error = "field '" + path.substr(0, path.size() - 1) + "': expected an object, got " +
              std::string(json::type_name(element));
      return false;
    }
    json::ObjectReader reader(object, path, error);
    SymbolInfo info;
    std::string_view text;
    if (!reader.string("symbol", text)) return false;
    info.symbol.assign(text);
    if (!reader.string("status", text)) return false;
    info.status.assign(text);
    if (!reader.string("baseAsset", text)) return false;
    info.base_asset.assign(text);
    if (!reader.string("quoteAsset", text)) return false;
    info.quote_asset.assign(text);
    if (!reader.integer("baseAssetPrecision", info.base_asset_precision)) return false;
    if (reader.has("quoteAssetPrecision")) {
      if (!reader.integer("quoteAssetPrecision", info.quote_asset_precision)) return false;
    } else if (!reader.integer("quotePrecision", info.quote_asset_precision)) {
      return false;
    }
    if (reader.has("isSpotTradingAllowed") &&
        !reader.boolean("isSpotTradingAllowed", info.spot_trading_allowed)) {
      return false;
    }
    simdjson::dom::array filters;
    if (reader.has("filters")) {
      if (!reader.array("filters", filters)) return false;
      for (simdjson::dom::element filter_element : filters) {
        simdjson::dom::object filter;
        if (filter_element.get_object().get(filter) != simdjson::SUCCESS) continue;
        std::string_view type;
        if (filter.at_key("filterType").get_string().get(type) != simdjson::SUCCESS) continue;
        if (type == "PRICE_FILTER") {
          filter_text(filter, "minPrice", info.min_price);
          filter_text(filter, "maxPrice", info.max_price);
          filter_text(filter, "tickSize", info.tick_size);
        } else if (type == "LOT_SIZE") {
          filter_text(filter, "minQty", info.min_qty);
          filter_text(filter, "maxQty", info.max_qty);
          filter_text(filter, "stepSize", info.step_size);
        } else if (type == "NOTIONAL") {
          filter_text(filter, "minNotional", info.min_notional);
          filter_text(filter, "maxNotional", info.max_notional);
        } else if (type == "MIN_NOTIONAL" && info.min_notional.empty()) {
          filter_text(filter, "minNotional", info.min_notional);
        }
      }
    }
    out.push_back(std::move(info));
  }
  return true;
}

bool RestResponseParser::parse_error(std::string_view body, RestErrorPayload& out) {
  std::string error;
  simdjson::dom::element root;
  if (!parse_root(body, root, error)) return false;
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  json::ObjectReader reader(object, "", error);
  std::string_view msg;
  if (!reader.integer("code", out.code) || !reader.string("msg", msg)) return false;
  out.msg.assign(msg);
  return true;
}

}  // namespace alphapulse::feed
