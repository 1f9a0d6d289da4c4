// exchange_sim/rest_routes: see the header. Semantics follow Binance's GET /api/v3/klines:
// startTime alone gives the oldest rows from it, endTime alone or no time the newest; only
// candles whose open time the simulated clock has reached exist, and the still-open one is
// served with the same partial values the WebSocket's forming updates carry.
#include "exchange_sim/rest_routes.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "core/symbol.hpp"
#include "exchange_sim/forming_candle.hpp"
#include "exchange_sim/kline_json.hpp"
#include "exchange_sim/sim_context.hpp"

namespace alphapulse::exchange_sim {
namespace {

constexpr std::size_t kDefaultLimit = 500;
constexpr std::size_t kMaxLimit = 1000;

using Query = std::map<std::string, std::string, std::less<>>;

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Query parse_query(std::string_view query) {
  Query params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    params[url_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
  }
  return params;
}

RestResponse error(unsigned status, int code, std::string_view msg) {
  return {status, error_json(code, msg), 0};
}

RestResponse illegal_parameter(std::string_view name) {
  return error(400, -1100,
               "Illegal characters found in parameter '" + std::string(name) +
                   "'; legal range is '^[0-9]{1,20}$'.");
}

// Optional integer parameter: nullopt when absent; sets `bad` when present but not a number.
std::optional<std::int64_t> int_param(const Query& query, std::string_view name, bool& bad) {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  std::int64_t value = 0;
  const auto& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    bad = true;
    return std::nullopt;
  }
  return value;
}

RestResponse klines(const SimContext& context, const Query& query) {
  const auto symbol_it = query.find("symbol");
  if (symbol_it == query.end() || symbol_it->second.empty()) {
    return error(400, -1102,
                 "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  }
  const auto interval_it = query.find("interval");
  if (interval_it == query.end() || interval_it->second.empty()) {
    return error(400, -1102,
                 "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
  }
  if (!context.data.has_symbol(symbol_it->second)) return error(400, -1121, "Invalid symbol.");
  const StreamData* stream = context.data.find(symbol_it->second, interval_it->second);
  if (stream == nullptr) return error(400, -1120, "Invalid interval.");

  for (const std::string_view name : {"startTime", "endTime", "limit"}) {
    bool bad = false;
    int_param(query, name, bad);
    if (bad) return illegal_parameter(name);
  }
  bool bad = false;
  const auto start_time = int_param(query, "startTime", bad);
  const auto end_time = int_param(query, "endTime", bad);
  const auto limit_param = int_param(query, "limit", bad);
  if (start_time && end_time && *start_time > *end_time) {
    return error(400, -1023, "Start time is greater than end time.");
  }
  if (limit_param && *limit_param == 0) return illegal_parameter("limit");
  const std::size_t limit =
      limit_param ? std::min<std::size_t>(static_cast<std::size_t>(*limit_param), kMaxLimit)
                  : kDefaultLimit;

  const core::TimestampMs now = context.clock.now();
  const auto& candles = stream->candles;
  const auto open_at_or_before = [&](std::int64_t t) {
    return stream->first_open_after(core::TimestampMs{t});
  };
  std::size_t end =
      open_at_or_before(now.ms);  // only candles whose open time the clock has reached
  if (end_time) end = std::min(end, open_at_or_before(*end_time));
  std::size_t begin = 0;
  if (start_time) {
    begin = static_cast<std::size_t>(
        std::lower_bound(
            candles.begin(), candles.end(), core::TimestampMs{*start_time},
            [](const core::Candle& c, core::TimestampMs t) { return c.open_time < t; }) -
        candles.begin());
    end = std::max(begin, std::min(end, begin + limit));
  } else {
    begin = end > limit ? end - limit : 0;
  }

  std::string body = "[";
  for (std::size_t i = begin; i < end; ++i) {
    if (i != begin) body += ',';
    const auto& candle = candles[i];
    if (candle.close_time >= now) {
      const double fraction = static_cast<double>((now - candle.open_time).count) /
                              static_cast<double>(stream->step.count);
      append_rest_kline_row(body, forming_candle(candle, fraction));
    } else {
      append_rest_kline_row(body, candle);
    }
  }
  body += ']';
  return {200, std::move(body), 0};
}

void append_symbol_info(std::string& out, std::string_view symbol) {
  std::string base(symbol);
  std::string quote;
  if (const auto display = core::to_display_symbol(symbol)) {
    const auto slash = display->find('/');
    base = display->substr(0, slash);
    quote = display->substr(slash + 1);
  }
  out += "{\"symbol\":";
  append_json_string(out, symbol);
  out += ",\"status\":\"TRADING\",\"baseAsset\":";
  append_json_string(out, base);
  out += ",\"baseAssetPrecision\":8,\"quoteAsset\":";
  append_json_string(out, quote);
  out +=
      ",\"quotePrecision\":8,\"quoteAssetPrecision\":8,\"baseCommissionPrecision\":8,"
      "\"quoteCommissionPrecision\":8,"
      "\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\",\"TAKE_PROFIT_"
      "LIMIT\"],"
      "\"icebergAllowed\":true,\"ocoAllowed\":true,\"otoAllowed\":true,"
      "\"quoteOrderQtyMarketAllowed\":true,"
      "\"allowTrailingStop\":true,\"cancelReplaceAllowed\":true,\"isSpotTradingAllowed\":true,"
      "\"isMarginTradingAllowed\":false,\"filters\":["
      "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.00000001\",\"maxPrice\":\"1000000."
      "00000000\","
      "\"tickSize\":\"0.00000001\"},"
      "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00000001\",\"maxQty\":\"9000000.00000000\","
      "\"stepSize\":\"0.00000001\"},"
      "{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyMinToMarket\":true,"
      "\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5}],"
      "\"permissions\":[],\"permissionSets\":[[\"SPOT\"]],\"defaultSelfTradePreventionMode\":"
      "\"EXPIRE_MAKER\","
      "\"allowedSelfTradePreventionModes\":[\"EXPIRE_TAKER\",\"EXPIRE_MAKER\",\"EXPIRE_BOTH\"]}";
}

RestResponse exchange_info(const SimContext& context, const Query& query) {
  std::vector<std::string> symbols;
  for (const auto& stream : context.data.streams()) {
    if (std::find(symbols.begin(), symbols.end(), stream.symbol) == symbols.end())
      symbols.push_back(stream.symbol);
  }
  if (const auto it = query.find("symbol"); it != query.end()) {
    if (!context.data.has_symbol(it->second)) return error(400, -1121, "Invalid symbol.");
    symbols = {it->second};
  }
  std::string body =
      "{\"timezone\":\"UTC\",\"serverTime\":" + std::to_string(context.clock.now().ms) +
      ",\"rateLimits\":["
      "{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":"
      "6000},"
      "{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100},"
      "{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":"
      "61000}],"
      "\"exchangeFilters\":[],\"symbols\":[";
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i != 0) body += ',';
    append_symbol_info(body, symbols[i]);
  }
  body += "]}";
  return {200, std::move(body), 0};
}

}  // namespace

RestResponse handle_rest_request(SimContext& context, std::string_view method,
                                 std::string_view target) {
  context.counters.http_requests.fetch_add(1);
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const Query query = parse_query(question == std::string_view::npos ? std::string_view{}
                                                                     : target.substr(question + 1));

  const bool known = path == "/api/v3/ping" || path == "/api/v3/time" ||
                     path == "/api/v3/exchangeInfo" || path == "/api/v3/klines";
  if (!known) return error(404, -1000, "Unknown endpoint " + std::string(path) + ".");
  if (method != "GET") return error(405, -1000, "Method not allowed.");
  if (context.rest_faults.rest_429()) {
    context.counters.rest_429.fetch_add(1);
    return {429,
            error_json(-1003,
                       "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per "
                       "minute. Please use "
                       "the websocket for live updates to avoid polling the API."),
            context.config.faults.retry_after_s};
  }
  if (path == "/api/v3/ping") return {200, "{}", 0};
  if (path == "/api/v3/time")
    return {200, "{\"serverTime\":" + std::to_string(context.clock.now().ms) + "}", 0};
  if (path == "/api/v3/exchangeInfo") return exchange_info(context, query);
  return klines(context, query);
}

}  // namespace alphapulse::exchange_sim
