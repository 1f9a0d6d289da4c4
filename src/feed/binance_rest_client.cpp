// feed/binance_rest_client: see the header. Each call runs C++20 coroutines on the client's
// private io_context in the calling thread; timeouts are beast::tcp_stream expiries, waits are
// steady timers, so cancel() (io_context::stop) ends any of them at once.
#include "feed/binance_rest_client.hpp"

// clang-format off
#include <utility>  // first: Boost 1.74 asio/awaitable.hpp uses std::exchange unincluded
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <random>

#include "core/timeframe.hpp"
#include "feed/binance_json.hpp"
#include "feed/feed_url.hpp"

namespace alphapulse::feed {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string_view to_string(RestStatus status) {
  switch (status) {
    case RestStatus::kOk:
      return "ok";
    case RestStatus::kHttpError:
      return "http error";
    case RestStatus::kRateLimited:
      return "rate limited";
    case RestStatus::kUnavailable:
      return "unavailable";
    case RestStatus::kParseError:
      return "parse error";
    case RestStatus::kCancelled:
      return "cancelled";
    case RestStatus::kBadUrl:
      return "bad url";
  }
  return "?";
}

namespace {

struct Counters {
  std::atomic<std::uint64_t> requests{0}, ok{0}, http_429{0}, http_418{0}, http_4xx{0}, http_5xx{0},
      timeouts{0}, network_errors{0}, parse_errors{0}, retries{0};
};

void bump(std::atomic<std::uint64_t>& counter) {
  counter.fetch_add(1, std::memory_order_relaxed);
}

struct Attempt {
  beast::error_code ec;
  int status = 0;
  std::string body;
  std::int64_t retry_after_ms = -1;
};

}  // namespace

struct BinanceRestClient::Impl {
  explicit Impl(RestClientConfig cfg)
      : config(std::move(cfg)), url(parse_url(config.base_url)), rng(std::random_device{}()) {
    ssl_ctx.set_default_verify_paths();
    ssl_ctx.set_verify_mode(asio::ssl::verify_peer);
  }

  RestClientConfig config;
  std::optional<Url> url;
  asio::io_context ioc{1};
  asio::ssl::context ssl_ctx{asio::ssl::context::tls_client};
  Counters counters;
  std::atomic<bool> cancelled{false};
  Clock::time_point banned_until{};
  RestResponseParser parser;
  std::minstd_rand rng;

  template <typename Stream>
  asio::awaitable<void> exchange(Stream& stream, beast::tcp_stream& tcp, const std::string& target,
                                 Attempt& out) {
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, url->host);
    request.set(http::field::user_agent, "alphapulse-feed/0.1");
    request.keep_alive(false);
    tcp.expires_after(milliseconds(config.timeout_ms));
    co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, out.ec));
    if (out.ec) co_return;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> response_parser;
    response_parser.body_limit(256u << 20);
    co_await http::async_read(stream, buffer, response_parser,
                              asio::redirect_error(asio::use_awaitable, out.ec));
    if (out.ec) co_return;
    auto& response = response_parser.get();
    out.status = static_cast<int>(response.result_int());
    const auto retry_after = response[http::field::retry_after];
    std::int64_t seconds = 0;
    if (!retry_after.empty() &&
        json::parse_integer(std::string_view(retry_after.data(), retry_after.size()), seconds) &&
        seconds >= 0) {
      out.retry_after_ms = seconds * 1000;
    }
    out.body = std::move(response.body());
  }

  asio::awaitable<Attempt> attempt(const std::string& target) {
    Attempt out;
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(
        url->host, url->port, asio::redirect_error(asio::use_awaitable, out.ec));
    if (out.ec) co_return out;
    if (url->tls) {
      beast::ssl_stream<beast::tcp_stream> stream(executor, ssl_ctx);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str())) {
        out.ec =
            beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
        co_return out;
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
      auto& tcp = beast::get_lowest_layer(stream);
      tcp.expires_after(milliseconds(config.timeout_ms));
      co_await tcp.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, out.ec));
      if (out.ec) co_return out;
      co_await stream.async_handshake(asio::ssl::stream_base::client,
                                      asio::redirect_error(asio::use_awaitable, out.ec));
      if (out.ec) co_return out;
      co_await exchange(stream, tcp, target, out);
      beast::error_code ignored;
      tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    } else {
      beast::tcp_stream stream(executor);
      stream.expires_after(milliseconds(config.timeout_ms));
      co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, out.ec));
      if (out.ec) co_return out;
      co_await exchange(stream, stream, target, out);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    }
    co_return out;
  }

  std::int64_t backoff_ms(int failures) {
    std::int64_t delay = config.backoff_initial_ms;
    for (int i = 1; i < failures && delay < config.backoff_max_ms; ++i) delay *= 2;
    if (delay > config.backoff_max_ms) delay = config.backoff_max_ms;
    std::uniform_int_distribution<std::int64_t> jitter(delay / 2, delay);
    return jitter(rng);
  }

  asio::awaitable<void> wait(std::int64_t ms) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(milliseconds(ms));
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<RestResult<std::string>> get_co(std::string target) {
    RestResult<std::string> result;
    int failures = 0;
    int rate_limit_waits = 0;
    const auto fail = [&](RestStatus status, const std::string& what) {
      result.status = status;
      result.error = "GET " + target + ": " + what;
    };
    for (;;) {
      if (cancelled.load()) {
        fail(RestStatus::kCancelled, "cancelled");
        co_return result;
      }
      const auto now = Clock::now();
      if (banned_until > now) {  // 418: send nothing until the ban ends
        const auto left = std::chrono::duration_cast<milliseconds>(banned_until - now).count();
        if (left > config.max_wait_ms) {
          fail(RestStatus::kRateLimited,
               "IP banned (HTTP 418) for " + std::to_string(left) + " ms more");
          co_return result;
        }
        co_await wait(left);
        continue;
      }
      bump(counters.requests);
      Attempt a = co_await attempt(target);
      if (a.ec) {
        const bool timed_out = a.ec == beast::error::timeout;
        bump(timed_out ? counters.timeouts : counters.network_errors);
        if (++failures >= config.max_attempts) {
          fail(RestStatus::kUnavailable, (timed_out ? "timed out after " : "failed after ") +
                                             std::to_string(failures) +
                                             " attempts: " + a.ec.message());
          co_return result;
        }
        bump(counters.retries);
        co_await wait(backoff_ms(failures));
        continue;
      }
      if (a.status == 200) {
        bump(counters.ok);
        result.value = std::move(a.body);
        co_return result;
      }
      if (a.status == 429 || a.status == 418) {
        bump(a.status == 429 ? counters.http_429 : counters.http_418);
        const std::int64_t delay =
            a.retry_after_ms >= 0 ? a.retry_after_ms : config.default_retry_after_ms;
        if (a.status == 418) banned_until = Clock::now() + milliseconds(delay);
        config.log(LogLevel::kWarning, "GET " + target + ": HTTP " + std::to_string(a.status) +
                                           ", waiting " + std::to_string(delay) + " ms");
        if (++rate_limit_waits > config.max_rate_limit_waits || delay > config.max_wait_ms) {
          fail(RestStatus::kRateLimited, "HTTP " + std::to_string(a.status) + " (Retry-After " +
                                             std::to_string(delay) + " ms)");
          co_return result;
        }
        bump(counters.retries);
        co_await wait(delay);
        continue;
      }
      if (a.status >= 500) {  // outcome unknown, not failed: a GET is safe to repeat
        bump(counters.http_5xx);
        if (++failures >= config.max_attempts) {
          fail(RestStatus::kUnavailable, "HTTP " + std::to_string(a.status) + " after " +
                                             std::to_string(failures) + " attempts");
          co_return result;
        }
        bump(counters.retries);
        co_await wait(backoff_ms(failures));
        continue;
      }
      bump(counters.http_4xx);
      std::string what = "HTTP " + std::to_string(a.status);
      RestErrorPayload payload;
      if (parser.parse_error(a.body, payload)) {
        what += ": code " + std::to_string(payload.code) + ": " + payload.msg;
      }
      fail(RestStatus::kHttpError, what);
      co_return result;
    }
  }

  RestResult<std::string> run_get(std::string target) {
    RestResult<std::string> result;
    if (!url) {
      result.status = RestStatus::kBadUrl;
      result.error = "bad REST base URL \"" + config.base_url + "\"";
      return result;
    }
    result.status = RestStatus::kCancelled;
    result.error = "GET " + target + ": cancelled";
    if (cancelled.load()) return result;
    target.insert(0, url->path);
    ioc.restart();
    // After restart(): a cancel() from now on leaves the io_context stopped, so run() returns.
    if (cancelled.load()) return result;
    bool done = false;
    asio::co_spawn(ioc, get_co(std::move(target)),
                   [&](const std::exception_ptr& error, RestResult<std::string> r) {
                     done = true;
                     if (error) {
                       result.status = RestStatus::kUnavailable;
                       result.error = "internal error in the REST client";
                     } else {
                       result = std::move(r);
                     }
                   });
    try {
      ioc.run();
    } catch (const std::exception& e) {
      result.status = RestStatus::kUnavailable;
      result.error = std::string("REST client: ") + e.what();
    }
    if (!done) {
      result.status = RestStatus::kCancelled;
    }
    return result;
  }
};

BinanceRestClient::BinanceRestClient(RestClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}

BinanceRestClient::~BinanceRestClient() = default;

void BinanceRestClient::cancel() {
  impl_->cancelled.store(true);
  impl_->ioc.stop();
}

RestStats BinanceRestClient::stats() const {
  const Counters& c = impl_->counters;
  RestStats s;
  s.requests = c.requests.load();
  s.ok = c.ok.load();
  s.http_429 = c.http_429.load();
  s.http_418 = c.http_418.load();
  s.http_4xx = c.http_4xx.load();
  s.http_5xx = c.http_5xx.load();
  s.timeouts = c.timeouts.load();
  s.network_errors = c.network_errors.load();
  s.parse_errors = c.parse_errors.load();
  s.retries = c.retries.load();
  return s;
}

RestResult<std::string> BinanceRestClient::get(std::string_view target) {
  return impl_->run_get(std::string(target));
}

RestResult<std::vector<core::Candle>> BinanceRestClient::klines(const StreamSpec& spec,
                                                                core::TimestampMs start,
                                                                core::TimestampMs end,
                                                                int page_limit) {
  RestResult<std::vector<core::Candle>> result;
  if (page_limit < 1 || page_limit > 1000) page_limit = 1000;
  if (page_limit < 2) page_limit = 2;  // a page must reach past the row it starts at
  std::vector<core::Candle> page;
  std::string error;
  core::TimestampMs cursor = start;
  while (cursor <= end) {
    const std::string target = "/api/v3/klines?symbol=" + spec.symbol.str() +
                               "&interval=" + std::string(core::to_string(spec.timeframe)) +
                               "&startTime=" + std::to_string(cursor.ms) +
                               "&endTime=" + std::to_string(end.ms) +
                               "&limit=" + std::to_string(page_limit);
    auto body = impl_->run_get(target);
    if (!body.ok()) {
      result.status = body.status;
      result.error = std::move(body.error);
      return result;
    }
    page.clear();
    if (!impl_->parser.parse_klines(body.value, spec.timeframe, page, error)) {
      bump(impl_->counters.parse_errors);
      result.status = RestStatus::kParseError;
      result.error = "GET " + target + ": " + error;
      return result;
    }
    for (const core::Candle& c : page) {
      if (c.open_time < cursor || c.open_time > end) continue;
      if (!result.value.empty() && c.open_time == result.value.back().open_time) {
        result.value.back() = c;  // the previous page's last row, as served now
      } else if (result.value.empty() || c.open_time > result.value.back().open_time) {
        result.value.push_back(c);
      }
    }
    if (static_cast<int>(page.size()) < page_limit || page.empty()) break;
    // The next page starts AT the last row, not after it: that row may have been the candle
    // still open when this page was served, and rows of the next page (served later) would
    // otherwise sit behind it and make it look closed. Asked again, it comes back final or
    // stays the last row.
    const core::TimestampMs next = page.back().open_time;
    if (next <= cursor || next >= end) break;
    cursor = next;
  }
  return result;
}

RestResult<std::vector<SymbolInfo>> BinanceRestClient::exchange_info(
    const std::vector<std::string>& symbols) {
  RestResult<std::vector<SymbolInfo>> result;
  std::string target = "/api/v3/exchangeInfo";
  if (symbols.size() == 1) {
    target += "?symbol=" + symbols.front();
  } else if (!symbols.empty()) {
    target += "?symbols=%5B";
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      if (i > 0) target += ',';
      target += "%22" + symbols[i] + "%22";
    }
    target += "%5D";
  }
  auto body = impl_->run_get(target);
  if (!body.ok()) {
    result.status = body.status;
    result.error = std::move(body.error);
    return result;
  }
  std::string error;
  if (!impl_->parser.parse_exchange_info(body.value, result.value, error)) {
    bump(impl_->counters.parse_errors);
    result.status = RestStatus::kParseError;
    result.error = "GET " + target + ": " + error;
  }
  return result;
}

}  // namespace alphapulse::feed
