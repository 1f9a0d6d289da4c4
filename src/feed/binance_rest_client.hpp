// feed/binance_rest_client: blocking HTTP(S) GETs to the Binance REST API with the exchange's
// rules built in: 10 s request timeout, 429 -> wait Retry-After then retry, 418 -> no request
// at all until the ban ends, exponential backoff on 5xx / timeouts / network errors, klines
// pagination (limit 1000 per page, startTime advanced until endTime), every outcome counted.
// Plain http for loopback test servers, https (OpenSSL, peer and host name verified) otherwise.
// Blocking by design: the feed runs it on its own REST thread so the WebSocket io thread never
// waits on REST. Not thread-safe except cancel() and stats().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/time.hpp"
#include "feed/binance_rest_parser.hpp"
#include "feed/feed_log.hpp"
#include "feed/market_event.hpp"

namespace alphapulse::feed {

struct RestClientConfig {
  std::string base_url;              // "https://api.binance.com" or "http://127.0.0.1:PORT"
  std::int64_t timeout_ms = 10'000;  // per request (connect + TLS + write + read)
  int max_attempts = 5;              // per call, for 5xx, timeouts and network errors
  int max_rate_limit_waits = 5;      // per call, 429/418 waits before giving up
  std::int64_t backoff_initial_ms = 250;
  std::int64_t backoff_max_ms = 8'000;
  std::int64_t default_retry_after_ms = 5'000;  // 429/418 without a Retry-After header
  std::int64_t max_wait_ms = 300'000;  // a longer Retry-After (a long 418 ban) fails the call
  Logger log;
};

enum class RestStatus : std::uint8_t {
  kOk,
  kHttpError,    // a 4xx other than 429/418: the request itself is wrong (error says why)
  kRateLimited,  // still 429/418 after max_rate_limit_waits, or Retry-After above max_wait_ms
  kUnavailable,  // 5xx / timeouts / network errors after max_attempts
  kParseError,   // 200 with a body that is not what the endpoint returns
  kCancelled,
  kBadUrl,
};
std::string_view to_string(RestStatus status);

template <typename T>
struct RestResult {
  RestStatus status = RestStatus::kOk;
  T value{};
  std::string error;  // one line: "GET /api/v3/klines?...: HTTP 400: code -1121: Invalid symbol."
  bool ok() const { return status == RestStatus::kOk; }
};

struct RestStats {
  std::uint64_t requests = 0;  // HTTP requests sent (each attempt and page counts)
  std::uint64_t ok = 0;
  std::uint64_t http_429 = 0;
  std::uint64_t http_418 = 0;
  std::uint64_t http_4xx = 0;  // other 4xx
  std::uint64_t http_5xx = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t network_errors = 0;
  std::uint64_t parse_errors = 0;
  std::uint64_t retries = 0;
  std::uint64_t errors() const {
    return http_4xx + http_5xx + timeouts + network_errors + parse_errors;
  }
};

class BinanceRestClient {
 public:
  explicit BinanceRestClient(RestClientConfig config);
  ~BinanceRestClient();
  BinanceRestClient(const BinanceRestClient&) = delete;
  BinanceRestClient& operator=(const BinanceRestClient&) = delete;

  // Klines of `spec` with open time in [start, end], ascending, across as many pages of
  // `page_limit` (max 1000) as needed. The last row may be the candle still open; every
  // other row was followed by a later row in the same page (each page starts at the previous
  // page's last row, whose value is replaced), so "a later row exists" proves a row closed.
  RestResult<std::vector<core::Candle>> klines(const StreamSpec& spec, core::TimestampMs start,
                                               core::TimestampMs end, int page_limit = 1000);
  // GET /api/v3/exchangeInfo, all symbols (or the ones named, "BTCUSDT").
  RestResult<std::vector<SymbolInfo>> exchange_info(const std::vector<std::string>& symbols = {});
  // One GET of `target` ("/api/v3/ping") under the base URL, with all the retry rules.
  RestResult<std::string> get(std::string_view target);

  // Any thread: aborts the call in progress (and its waits) and every later call.
  void cancel();
  RestStats stats() const;  // any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alphapulse::feed
