// End-to-end tests of feed/binance_rest_client and feed/binance_feed against a tiny in-test
// Binance stand-in (Boost.Beast, 127.0.0.1, ephemeral port): REST klines with pagination,
// exchangeInfo, injected 429/418/5xx/4xx/hangs, and a WebSocket endpoint the test drives
// frame by frame (send, ping, drop the connection). Every wait has a deadline; no fixed sleep
// decides an outcome. Deliberately independent of src/exchange_sim.
// clang-format off
#include <utility>  // first: Boost 1.74 asio/awaitable.hpp uses std::exchange unincluded
// clang-format on

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "feed/binance_feed.hpp"
#include "feed/binance_rest_client.hpp"

namespace alphapulse::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::int64_t kStep = 60'000;  // 1m
constexpr std::int64_t kT0 = 1'700'000'000'000 - (1'700'000'000'000 % kStep);

core::TimestampMs open_of(int k) {
  return core::TimestampMs{kT0 + k * kStep};
}

core::Candle candle(int k) {
  core::Candle c;
  c.open_time = open_of(k);
  c.close_time = open_of(k) + core::DurationMs{kStep - 1};
  c.open = 100 + k;
  c.high = 102 + k;
  c.low = 99 + k;
  c.close = 101 + k;
  c.volume = 10 + k;
  c.quote_volume = 1000;
  c.taker_buy_base_volume = 5;
  c.taker_buy_quote_volume = 500;
  c.trades = 7;
  c.has_exchange_extras = true;
  return c;
}

std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.8f", value);
  return text;
}

std::string kline_frame(int k, bool closed) {
  const core::Candle c = candle(k);
  return R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","E":)" +
         std::to_string(c.open_time.ms + 1000) + R"(,"s":"BTCUSDT","k":{"t":)" +
         std::to_string(c.open_time.ms) + R"(,"T":)" + std::to_string(c.close_time.ms) +
         R"(,"s":"BTCUSDT","i":"1m","f":1,"L":2,"o":")" + number(c.open) + R"(","c":")" +
         number(c.close) + R"(","h":")" + number(c.high) + R"(","l":")" + number(c.low) +
         R"(","v":")" + number(c.volume) + R"(","n":)" + std::to_string(c.trades) + R"(,"x":)" +
         (closed ? "true" : "false") + R"(,"q":")" + number(c.quote_volume) + R"(","V":")" +
         number(c.taker_buy_base_volume) + R"(","Q":")" + number(c.taker_buy_quote_volume) +
         R"(","B":"0"}}})";
}

std::string row_json(const core::Candle& c) {
  return "[" + std::to_string(c.open_time.ms) + ",\"" + number(c.open) + "\",\"" + number(c.high) +
         "\",\"" + number(c.low) + "\",\"" + number(c.close) + "\",\"" + number(c.volume) + "\"," +
         std::to_string(c.close_time.ms) + ",\"" + number(c.quote_volume) + "\"," +
         std::to_string(c.trades) + ",\"" + number(c.taker_buy_base_volume) + "\",\"" +
         number(c.taker_buy_quote_volume) + "\",\"0\"]";
}

template <typename Predicate>
bool wait_until(Predicate predicate, std::chrono::milliseconds timeout = 8000ms) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);  // polling interval only; outcomes come from predicates
  }
  return true;
}

// ---- the stand-in exchange --------------------------------------------------------------
class FakeBinance {
 public:
  struct Failure {
    int status = 0;  // 0: hang (read the request, never answer)
    std::optional<int> retry_after_s;
    std::string body = R"({"code":-1003,"msg":"Too many requests."})";
  };

  FakeBinance() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FakeBinance() {
    io_.stop();
    thread_.join();
  }

  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }

  void set_klines(std::vector<core::Candle> klines) {
    std::lock_guard lock(mutex_);
    klines_ = std::move(klines);
  }
  // Runs on the server's thread after each klines answer was built (n = klines requests so
  // far): the exchange moving on between one request and the next.
  void after_klines_served(std::function<void(int n)> hook) {
    std::lock_guard lock(mutex_);
    klines_hook_ = std::move(hook);
  }
  void fail_next(Failure failure) {
    std::lock_guard lock(mutex_);
    failures_.push_back(std::move(failure));
  }
  int rest_requests() const {
    std::lock_guard lock(mutex_);
    return rest_requests_;
  }
  std::vector<std::string> targets() const {
    std::lock_guard lock(mutex_);
    return targets_;
  }
  int ws_sessions() const {
    std::lock_guard lock(mutex_);
    return ws_sessions_;
  }
  std::string last_ws_target() const {
    std::lock_guard lock(mutex_);
    return ws_targets_.empty() ? std::string() : ws_targets_.back();
  }
  std::vector<std::string> ws_targets() const {
    std::lock_guard lock(mutex_);
    return ws_targets_;
  }
  bool ws_session_closed(std::size_t index) const {  // in accept order
    std::lock_guard lock(mutex_);
    return index < ws_closed_.size() && ws_closed_[index];
  }
  int open_ws_sessions() const {
    std::lock_guard lock(mutex_);
    return open_ws_sessions_;
  }
  bool got_pong(const std::string& payload) const {
    std::lock_guard lock(mutex_);
    for (const auto& pong : pongs_) {
      if (pong == payload) return true;
    }
    return false;
  }

  // To the newest WebSocket session.
  void send(std::string text) {
    asio::post(io_, [this, text = std::move(text)] { enqueue({false, text}); });
  }
  void ping(std::string payload) {
    asio::post(io_, [this, payload = std::move(payload)] { enqueue({true, payload}); });
  }
  // Cuts the newest session's TCP connection without a close handshake.
  void drop() {
    asio::post(io_, [this] {
      if (auto session = newest()) {
        beast::error_code ignored;
        beast::get_lowest_layer(session->ws).socket().close(ignored);
      }
    });
  }

 private:
  struct Outgoing {
    bool ping;
    std::string text;
  };
  struct Session {
    explicit Session(beast::tcp_stream stream) : ws(std::move(stream)) {}
    websocket::stream<beast::tcp_stream> ws;
    std::deque<Outgoing> outbox;
    bool writing = false;
    bool open = true;
    std::size_t index = 0;
  };

  std::shared_ptr<Session> newest() {
    while (!sessions_.empty() && !sessions_.back()->open) sessions_.pop_back();
    return sessions_.empty() ? nullptr : sessions_.back();
  }

  void enqueue(Outgoing item) {
    auto session = newest();
    if (!session) return;
    session->outbox.push_back(std::move(item));
    if (session->writing) return;
    session->writing = true;  // here, not in write_loop: co_spawn starts it later
    asio::co_spawn(io_, write_loop(session), asio::detached);
  }

  asio::awaitable<void> write_loop(std::shared_ptr<Session> session) {
    while (!session->outbox.empty()) {
      Outgoing item = std::move(session->outbox.front());
      session->outbox.pop_front();
      beast::error_code ec;
      if (item.ping) {
        co_await session->ws.async_ping(websocket::ping_data(item.text.c_str()),
                                        asio::redirect_error(asio::use_awaitable, ec));
      } else {
        co_await session->ws.async_write(asio::buffer(item.text),
                                         asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) break;
    }
    session->writing = false;
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(io_, serve(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  asio::awaitable<void> serve(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    beast::error_code ec;
    co_await http::async_read(stream, buffer, request,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (websocket::is_upgrade(request)) {
      auto session = std::make_shared<Session>(std::move(stream));
      session->ws.control_callback([this](websocket::frame_type kind, beast::string_view data) {
        if (kind != websocket::frame_type::pong) return;
        std::lock_guard lock(mutex_);
        pongs_.emplace_back(data.data(), data.size());
      });
      co_await session->ws.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      {
        std::lock_guard lock(mutex_);
        ++ws_sessions_;
        ++open_ws_sessions_;
        ws_targets_.emplace_back(request.target());
        session->index = ws_closed_.size();
        ws_closed_.push_back(false);
      }
      sessions_.push_back(session);
      beast::flat_buffer incoming;
      for (;;) {  // the client sends nothing but control frames; reading processes them
        co_await session->ws.async_read(incoming, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        incoming.consume(incoming.size());
      }
      session->open = false;
      {
        std::lock_guard lock(mutex_);
        --open_ws_sessions_;
        ws_closed_[session->index] = true;
      }
      co_return;
    }
    http::response<http::string_body> response = co_await answer(request);
    response.prepare_payload();
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  }

  asio::awaitable<http::response<http::string_body>> answer(
      const http::request<http::string_body>& request) {
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    const std::string target(request.target());
    std::optional<Failure> failure;
    {
      std::lock_guard lock(mutex_);
      ++rest_requests_;
      targets_.push_back(target);
      if (!failures_.empty()) {
        failure = failures_.front();
        failures_.pop_front();
      }
    }
    if (failure) {
      if (failure->status == 0) {  // hang until the client gives up
        asio::steady_timer timer(co_await asio::this_coro::executor);
        timer.expires_after(30s);
        beast::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      response.result(static_cast<unsigned>(failure->status));
      if (failure->retry_after_s) {
        response.set(http::field::retry_after, std::to_string(*failure->retry_after_s));
      }
      response.body() = failure->body;
      co_return response;
    }
    const auto question = target.find('?');
    const std::string path = target.substr(0, question);
    std::map<std::string, std::string> query;
    if (question != std::string::npos) {
      std::istringstream parts(target.substr(question + 1));
      std::string part;
      while (std::getline(parts, part, '&')) {
        const auto eq = part.find('=');
        query[part.substr(0, eq)] = eq == std::string::npos ? "" : part.substr(eq + 1);
      }
    }
    if (path == "/api/v3/klines") {
      const std::int64_t start = query.count("startTime") ? std::stoll(query["startTime"]) : 0;
      const std::int64_t end = query.count("endTime") ? std::stoll(query["endTime"]) : INT64_MAX;
      const std::size_t limit = query.count("limit") ? std::stoul(query["limit"]) : 500;
      std::string body = "[";
      std::size_t n = 0;
      std::lock_guard lock(mutex_);
      for (const core::Candle& c : klines_) {
        if (c.open_time.ms < start || c.open_time.ms > end) continue;
        if (n == limit) break;
        if (n++ > 0) body += ',';
        body += row_json(c);
      }
      response.body() = body + "]";
      ++klines_served_;
    } else if (path == "/api/v3/exchangeInfo") {
      std::ifstream in(std::string(ALPHAPULSE_TEST_DATA_DIR) +
                       "/binance/exchange_info_symbol.json");
      std::stringstream text;
      text << in.rdbuf();
      response.body() = R"({"timezone":"UTC","symbols":)" + text.str() + "}";
    } else {
      response.result(http::status::bad_request);
      response.body() = R"({"code":-1121,"msg":"Invalid symbol."})";
    }
    if (path == "/api/v3/klines") {
      std::function<void(int)> hook;
      int n = 0;
      {
        std::lock_guard lock(mutex_);
        hook = klines_hook_;
        n = klines_served_;
      }
      if (hook) hook(n);
    }
    co_return response;
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::vector<std::shared_ptr<Session>> sessions_;  // io thread only

  mutable std::mutex mutex_;
  std::vector<core::Candle> klines_;
  std::deque<Failure> failures_;
  std::function<void(int)> klines_hook_;
  int klines_served_ = 0;
  int rest_requests_ = 0;
  std::vector<std::string> targets_;
  int ws_sessions_ = 0;
  int open_ws_sessions_ = 0;
  std::vector<std::string> ws_targets_;
  std::vector<bool> ws_closed_;
  std::vector<std::string> pongs_;
};

StreamSpec btcusdt_1m() {
  StreamSpec spec;
  spec.symbol = core::Symbol("BTCUSDT");
  spec.timeframe = core::Timeframe::k1m;
  return spec;
}

RestClientConfig fast_rest(const FakeBinance& server) {
  RestClientConfig config;
  config.base_url = server.http_url();
  config.backoff_initial_ms = 10;
  config.backoff_max_ms = 40;
  config.log.fn = [](void*, LogLevel, std::string_view) {};
  return config;
}

std::vector<core::Candle> candles(int from, int to) {
  std::vector<core::Candle> out;
  for (int k = from; k <= to; ++k) out.push_back(candle(k));
  return out;
}

// ---- REST client ------------------------------------------------------------------------
TEST(BinanceRestClient, PaginatesKlinesInPagesOf1000) {
  FakeBinance server;
  server.set_klines(candles(0, 2499));
  BinanceRestClient client(fast_rest(server));
  const auto result = client.klines(btcusdt_1m(), open_of(0), open_of(2499));
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.value.size(), 2500u);
  for (int k = 0; k < 2500; ++k) ASSERT_EQ(result.value[k].open_time, open_of(k));
  EXPECT_EQ(server.rest_requests(), 3);
  const auto targets = server.targets();
  EXPECT_THAT(targets[0],
              HasSubstr("symbol=BTCUSDT&interval=1m&startTime=" + std::to_string(open_of(0).ms)));
  EXPECT_THAT(targets[0], HasSubstr("limit=1000"));
  // Each page starts at the previous page's last row (asked again: it may have been open).
  EXPECT_THAT(targets[1], HasSubstr("startTime=" + std::to_string(open_of(999).ms)));
  EXPECT_THAT(targets[2], HasSubstr("startTime=" + std::to_string(open_of(1998).ms)));
  EXPECT_EQ(client.stats().requests, 3u);
  EXPECT_EQ(client.stats().ok, 3u);
}

// Issue 4: a page's last row can be the candle still open when that page was served; the
// next page, served later, must not make the partial row look closed by following it.
TEST(BinanceRestClient, APagesOpenLastRowIsAskedAgainNotTakenAsServed) {
  FakeBinance server;
  std::vector<core::Candle> first = candles(0, 999);
  first.back().close = first.back().open + 0.5;  // 999 still open when page 1 is served
  first.back().volume = 1;
  server.set_klines(first);
  server.after_klines_served([&server](int n) {
    if (n == 1) server.set_klines(candles(0, 1500));  // meanwhile 999 closed, 1000.. opened
  });
  BinanceRestClient client(fast_rest(server));
  const auto result = client.klines(btcusdt_1m(), open_of(0), open_of(1500));
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.value.size(), 1501u);
  for (int k = 0; k <= 1500; ++k) ASSERT_EQ(result.value[k].open_time, open_of(k));
  EXPECT_EQ(result.value[999].close, candle(999).close);
  EXPECT_EQ(result.value[999].volume, candle(999).volume);
}

TEST(BinanceRestClient, Honours429RetryAfter) {
  FakeBinance server;
  server.set_klines(candles(0, 9));
  server.fail_next({429, 1});
  BinanceRestClient client(fast_rest(server));
  const auto start = std::chrono::steady_clock::now();
  const auto result = client.klines(btcusdt_1m(), open_of(0), open_of(9));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.value.size(), 10u);
  EXPECT_GE(waited, 950ms);  // Retry-After: 1 (s), not the 10 ms backoff
  EXPECT_EQ(client.stats().http_429, 1u);
  EXPECT_EQ(client.stats().retries, 1u);
  EXPECT_EQ(server.rest_requests(), 2);
}

TEST(BinanceRestClient, Honours418BanAndGivesUpOnLongBans) {
  FakeBinance server;
  server.set_klines(candles(0, 2));
  server.fail_next({418, 1, R"({"code":-1003,"msg":"Way too many requests; IP banned."})"});
  BinanceRestClient client(fast_rest(server));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.klines(btcusdt_1m(), open_of(0), open_of(2)).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 950ms);
  EXPECT_EQ(client.stats().http_418, 1u);

  RestClientConfig config = fast_rest(server);
  config.max_wait_ms = 500;  // a ban longer than this fails the call instead of blocking
  BinanceRestClient impatient(config);
  server.fail_next({418, 3600});
  const auto banned = impatient.klines(btcusdt_1m(), open_of(0), open_of(2));
  EXPECT_EQ(banned.status, RestStatus::kRateLimited);
  EXPECT_THAT(banned.error, HasSubstr("HTTP 418"));
  // And no request goes out while banned.
  const int before = server.rest_requests();
  EXPECT_EQ(impatient.get("/api/v3/ping").status, RestStatus::kRateLimited);
  EXPECT_EQ(server.rest_requests(), before);
}

TEST(BinanceRestClient, BacksOffOn5xxThenSucceeds) {
  FakeBinance server;
  server.set_klines(candles(0, 2));
  server.fail_next({503, std::nullopt, "busy"});
  server.fail_next({500, std::nullopt, "oops"});
  BinanceRestClient client(fast_rest(server));
  const auto result = client.klines(btcusdt_1m(), open_of(0), open_of(2));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(client.stats().http_5xx, 2u);
  EXPECT_EQ(client.stats().retries, 2u);
  EXPECT_EQ(client.stats().ok, 1u);
}

TEST(BinanceRestClient, GivesUpAfterMaxAttempts) {
  FakeBinance server;
  for (int i = 0; i < 3; ++i) server.fail_next({502, std::nullopt, ""});
  RestClientConfig config = fast_rest(server);
  config.max_attempts = 3;
  BinanceRestClient client(config);
  const auto result = client.get("/api/v3/ping");
  EXPECT_EQ(result.status, RestStatus::kUnavailable);
  EXPECT_EQ(result.error, "GET /api/v3/ping: HTTP 502 after 3 attempts");
  EXPECT_EQ(client.stats().errors(), 3u);
}

TEST(BinanceRestClient, TimesOut) {
  FakeBinance server;
  server.fail_next({0, std::nullopt});
  server.fail_next({0, std::nullopt});
  RestClientConfig config = fast_rest(server);
  config.timeout_ms = 200;
  config.max_attempts = 2;
  BinanceRestClient client(config);
  const auto result = client.get("/api/v3/ping");
  EXPECT_EQ(result.status, RestStatus::kUnavailable);
  EXPECT_THAT(result.error, HasSubstr("timed out after 2 attempts"));
  EXPECT_EQ(client.stats().timeouts, 2u);
}

TEST(BinanceRestClient, ClientErrorsAreNotRetried) {
  FakeBinance server;
  BinanceRestClient client(fast_rest(server));
  const auto result = client.get("/api/v3/unknown");
  EXPECT_EQ(result.status, RestStatus::kHttpError);
  EXPECT_EQ(result.error, "GET /api/v3/unknown: HTTP 400: code -1121: Invalid symbol.");
  EXPECT_EQ(server.rest_requests(), 1);
  EXPECT_EQ(client.stats().http_4xx, 1u);
}

TEST(BinanceRestClient, ExchangeInfo) {
  FakeBinance server;
  BinanceRestClient client(fast_rest(server));
  const auto result = client.exchange_info({"BTCUSDT"});
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.value.size(), 2u);
  EXPECT_EQ(result.value[0].tick_size, "0.01000000");
  EXPECT_THAT(server.targets().back(), HasSubstr("symbol=BTCUSDT"));
}

TEST(BinanceRestClient, CancelEndsAWait) {
  FakeBinance server;
  server.fail_next({429, 30});
  BinanceRestClient client(fast_rest(server));
  std::thread canceller([&] {
    wait_until([&] { return client.stats().http_429 == 1; });
    client.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  const auto result = client.get("/api/v3/ping");
  canceller.join();
  EXPECT_EQ(result.status, RestStatus::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(client.get("/api/v3/ping").status, RestStatus::kCancelled);
}

TEST(BinanceRestClient, BadUrl) {
  RestClientConfig config;
  config.base_url = "ftp://example.com";
  BinanceRestClient client(config);
  EXPECT_EQ(client.get("/api/v3/ping").status, RestStatus::kBadUrl);
}

// ---- feed -------------------------------------------------------------------------------
// What the handler saw, and a clock the test moves (atomic: the feed reads it on its thread).
struct Recorder {
  std::mutex mutex;
  std::vector<MarketEvent> events;
  std::atomic<std::int64_t> now_ms{0};

  static void on_event(void* self, const MarketEvent& event) {
    auto* r = static_cast<Recorder*>(self);
    std::lock_guard lock(r->mutex);
    r->events.push_back(event);
  }
  core::Clock clock() const {
    return core::Clock(
        [](const void* self) {
          return core::TimestampMs{static_cast<const Recorder*>(self)->now_ms.load()};
        },
        this);
  }
  std::vector<int> closed() {
    std::lock_guard lock(mutex);
    std::vector<int> out;
    for (const auto& e : events) {
      if (e.state == CandleState::kClosed) {
        out.push_back(static_cast<int>((e.candle.open_time.ms - kT0) / kStep));
      }
    }
    return out;
  }
  bool has_closed(int k) {
    for (int c : closed()) {
      if (c == k) return true;
    }
    return false;
  }
  int forming_count() {
    std::lock_guard lock(mutex);
    int n = 0;
    for (const auto& e : events) n += e.state == CandleState::kForming;
    return n;
  }
};

std::vector<int> range(int from, int to) {
  std::vector<int> out;
  for (int k = from; k <= to; ++k) out.push_back(k);
  return out;
}

FeedConfig feed_config(const FakeBinance& server, Recorder& recorder) {
  FeedConfig config;
  config.rest_base_url = server.http_url();
  config.ws_base_url = server.ws_url();
  config.streams = {btcusdt_1m()};
  config.warmup_candles = 5;
  config.reconnect_initial_ms = 20;
  config.reconnect_max_ms = 100;
  config.backfill_retry_initial_ms = 20;
  config.clock = recorder.clock();
  config.log.fn = [](void*, LogLevel, std::string_view) {};
  return config;
}

TEST(BinanceFeed, EveryClosedCandleExactlyOnceAcrossDisconnectAndLostMessage) {
  FakeBinance server;
  Recorder recorder;
  // The exchange: candles 0..10, 10 still open; now is 5 s into candle 10.
  server.set_klines(candles(0, 10));
  recorder.now_ms = open_of(10).ms + 5000;
  BinanceFeed feed(feed_config(server, recorder), &Recorder::on_event, &recorder);
  feed.start();

  // Warm-up: the 5 closed candles before the open one, by REST, then the WebSocket.
  ASSERT_TRUE(
      wait_until([&] { return recorder.closed().size() >= 5 && server.ws_sessions() == 1; }));
  EXPECT_EQ(recorder.closed(), range(5, 9));
  EXPECT_EQ(server.last_ws_target(), "/stream?streams=btcusdt@kline_1m");

  server.send(kline_frame(10, false));
  server.send(kline_frame(10, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(10); }));
  EXPECT_EQ(recorder.forming_count(), 1);

  // Ping -> pong with the same payload.
  server.ping("are-you-there-1");
  ASSERT_TRUE(wait_until([&] { return server.got_pong("are-you-there-1"); }));

  // The connection drops while candles 11 and 12 close: they must come back by REST.
  server.set_klines(candles(0, 13));
  recorder.now_ms = open_of(13).ms + 5000;
  server.drop();
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 2 && recorder.has_closed(12); }));
  EXPECT_EQ(recorder.closed(), range(5, 12));

  // After the reconnect the server repeats and reorders old candles, sends garbage, and the
  // x=true message of candle 13 is lost: the first update of 14 proves 13 closed.
  server.send(kline_frame(12, true));
  server.send(kline_frame(11, true));
  server.send("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\"");
  server.send(kline_frame(13, false));
  server.set_klines(candles(0, 14));
  recorder.now_ms = open_of(14).ms + 5000;
  server.send(kline_frame(14, false));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(13); }));
  server.send(kline_frame(14, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(14); }));

  EXPECT_EQ(recorder.closed(), range(5, 14));
  const FeedStats stats = feed.stats();
  EXPECT_EQ(stats.closed_delivered, 10u);
  EXPECT_EQ(stats.warmup_candles, 5u);
  EXPECT_EQ(stats.candles_backfilled, 3u);  // 11, 12 after the drop; 13 after the lost message
  EXPECT_EQ(stats.gaps_backfilled, 2u);
  EXPECT_EQ(stats.duplicates_dropped, 1u);
  EXPECT_EQ(stats.out_of_order_dropped, 1u);
  EXPECT_EQ(stats.malformed, 1u);
  EXPECT_GE(stats.reconnects, 1u);
  EXPECT_GE(stats.pings, 1u);
  EXPECT_EQ(stats.gaps_confirmed_outages, 0u);
  feed.stop();

  // The received time is stamped from the feed's clock.
  std::lock_guard lock(recorder.mutex);
  for (const MarketEvent& e : recorder.events) {
    EXPECT_GT(e.candle.received_time.ms, 0);
    EXPECT_GT(e.receive_ns, 0);
    EXPECT_EQ(e.stream, 0u);
  }
}

// Busy polling: between polls that found nothing the io thread calls the idle hook and, when
// it says it warmed the engine, parses a kept copy of a kline frame again. Those re-parses
// deliver nothing and count nothing: every candle still arrives exactly once.
TEST(BinanceFeed, BusyPollingCallsTheIdleHookAndItsWarmParsesDeliverNothing) {
  FakeBinance server;
  Recorder recorder;
  server.set_klines(candles(0, 10));
  recorder.now_ms = open_of(10).ms + 5000;
  FeedConfig config = feed_config(server, recorder);
  config.busy_poll = true;
  static std::atomic<std::uint64_t> idle_calls{0};
  idle_calls = 0;
  config.on_idle = [](void*) {
    idle_calls.fetch_add(1, std::memory_order_relaxed);
    return true;  // as if the engine had warmed up: the feed warms its frame path each time
  };
  BinanceFeed feed(config, &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(
      wait_until([&] { return recorder.closed().size() >= 5 && server.ws_sessions() == 1; }));
  server.send(kline_frame(10, false));
  server.send(kline_frame(10, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(10); }));
  const std::uint64_t calls_after_frames = idle_calls.load();
  ASSERT_TRUE(wait_until([&] { return idle_calls.load() > calls_after_frames + 10'000; }));
  recorder.now_ms = open_of(11).ms + 5000;
  server.send(kline_frame(11, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(11); }));
  feed.stop();

  EXPECT_EQ(recorder.closed(), range(5, 11));
  EXPECT_EQ(recorder.forming_count(), 1);
  const FeedStats stats = feed.stats();
  EXPECT_EQ(stats.frames, 3u);
  EXPECT_EQ(stats.closed_delivered, 7u);  // 5 by the REST warm-up, 10 and 11 live
  EXPECT_EQ(stats.warmup_candles, 5u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.duplicates_dropped, 0u);
  EXPECT_EQ(stats.out_of_order_dropped, 0u);
}

TEST(BinanceFeed, WarmupHonours429AndServerShutdownSwitchesConnections) {
  FakeBinance server;
  Recorder recorder;
  server.set_klines(candles(0, 10));
  server.fail_next({429, 1});
  recorder.now_ms = open_of(10).ms + 5000;
  BinanceFeed feed(feed_config(server, recorder), &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(wait_until([&] { return recorder.closed().size() >= 5; }));
  EXPECT_EQ(recorder.closed(), range(5, 9));
  EXPECT_EQ(feed.stats().rest_429, 1u);
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 1; }));

  // serverShutdown: a new connection opens at once; the feed switches when it delivers.
  server.send(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}})");
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 2; }));
  server.send(kline_frame(10, true));  // on the new connection
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(10); }));
  ASSERT_TRUE(wait_until([&] { return feed.stats().rotations == 1; }));
  EXPECT_EQ(feed.stats().server_shutdowns, 1u);
  EXPECT_EQ(recorder.closed(), range(5, 10));
  feed.stop();
}

TEST(BinanceFeed, RotationOpensTheNewConnectionBeforeClosingTheOld) {
  FakeBinance server;
  Recorder recorder;
  server.set_klines(candles(0, 10));
  recorder.now_ms = open_of(10).ms + 5000;
  FeedConfig config = feed_config(server, recorder);
  config.rotate_after_ms = 300;
  BinanceFeed feed(config, &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(wait_until([&] { return recorder.closed().size() >= 5; }));
  // The replacement opens while the first connection stays up...
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 2; }));
  EXPECT_EQ(server.open_ws_sessions(), 2);
  EXPECT_EQ(feed.stats().rotations, 0u);
  // ...and takes over when it delivers; then the old one is closed.
  server.send(kline_frame(10, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(10); }));
  ASSERT_TRUE(wait_until([&] { return feed.stats().rotations >= 1; }));
  ASSERT_TRUE(wait_until([&] { return server.ws_session_closed(0); }));
  EXPECT_FALSE(server.ws_session_closed(1));
  EXPECT_EQ(recorder.closed(), range(5, 10));
  EXPECT_EQ(feed.stats().reconnects, 0u);
  feed.stop();
}

TEST(BinanceFeed, SplitsStreamsAcrossConnections) {
  FakeBinance server;
  Recorder recorder;
  recorder.now_ms = open_of(10).ms + 5000;
  FeedConfig config = feed_config(server, recorder);
  config.warmup_candles = 0;
  config.streams.clear();
  for (const char* symbol : {"BTCUSDT", "ETHUSDT", "BNBUSDT"}) {
    StreamSpec spec;
    spec.symbol = core::Symbol(symbol);
    spec.timeframe = core::Timeframe::k15m;
    config.streams.push_back(spec);
  }
  config.max_streams_per_connection = 2;
  BinanceFeed feed(config, &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 2; }));
  auto targets = server.ws_targets();
  std::sort(targets.begin(), targets.end());
  EXPECT_EQ(targets,
            (std::vector<std::string>{"/stream?streams=bnbusdt@kline_15m",
                                      "/stream?streams=btcusdt@kline_15m/ethusdt@kline_15m"}));
  feed.stop();
  EXPECT_EQ(server.rest_requests(), 0);  // no warm-up asked for
}

TEST(BinanceFeed, OutageIsSkippedAndCounted) {
  FakeBinance server;
  Recorder recorder;
  std::vector<core::Candle> exchange = candles(0, 12);
  exchange.erase(exchange.begin() + 10, exchange.begin() + 12);  // no candles 10, 11
  server.set_klines(exchange);
  recorder.now_ms = open_of(10).ms + 5000;
  BinanceFeed feed(feed_config(server, recorder), &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(
      wait_until([&] { return recorder.closed().size() >= 5 && server.ws_sessions() == 1; }));
  recorder.now_ms = open_of(12).ms + 65000;
  server.send(kline_frame(12, true));  // 10 and 11 never existed
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(12); }));
  EXPECT_EQ(recorder.closed(), (std::vector<int>{5, 6, 7, 8, 9, 12}));
  EXPECT_EQ(feed.stats().gaps_confirmed_outages, 1u);
  EXPECT_EQ(feed.stats().outage_candles, 2u);
  feed.stop();
}

// Issue 4: the REST answer is judged by when it was asked for. The warm-up answer carries
// candle 10 while it was still open (partial values); by the time the feed handles it, its
// clock says 10 closed long ago. Taking the row as closed would hand the engine partial
// values forever; it must wait for the exchange's final candle 10.
TEST(BinanceFeed, RestRowOpenWhenServedIsNotClosedByALateArrival) {
  FakeBinance server;
  Recorder recorder;
  std::vector<core::Candle> exchange = candles(0, 10);
  exchange.back().close = exchange.back().open + 0.5;  // 10 is open: partial values
  exchange.back().high = exchange.back().open + 1;
  exchange.back().volume = 1;
  server.set_klines(exchange);
  recorder.now_ms = open_of(10).ms + 5000;
  server.after_klines_served([&](int n) {
    if (n != 1) return;
    // While the warm-up answer travels, the exchange (and the feed's clock) move on by far
    // more than the closed margin: 10 closes with its final values, 11 opens.
    server.set_klines(candles(0, 11));
    recorder.now_ms = open_of(11).ms + 5000;
  });
  BinanceFeed feed(feed_config(server, recorder), &Recorder::on_event, &recorder);
  feed.start();
  ASSERT_TRUE(wait_until([&] { return server.ws_sessions() == 1 && recorder.has_closed(9); }));
  EXPECT_EQ(feed.stats().backfill_failures, 0u);  // the partial row was served and parsed
  server.send(kline_frame(10, true));
  ASSERT_TRUE(wait_until([&] { return recorder.has_closed(10); }));
  feed.stop();
  EXPECT_EQ(recorder.closed(), range(5, 10));
  std::lock_guard lock(recorder.mutex);
  for (const MarketEvent& e : recorder.events) {
    if (e.state != CandleState::kClosed || e.candle.open_time != open_of(10)) continue;
    EXPECT_EQ(e.candle.close, candle(10).close);
    EXPECT_EQ(e.candle.high, candle(10).high);
    EXPECT_EQ(e.candle.volume, candle(10).volume);
  }
}

TEST(BinanceFeed, BadConfigurationLeavesTheFeedIdle) {
  Recorder recorder;
  FeedConfig config;
  config.ws_base_url = "nonsense";
  config.rest_base_url = "http://127.0.0.1:1";
  config.streams = {btcusdt_1m()};
  std::vector<std::string> messages;
  config.log.context = &messages;
  config.log.fn = [](void* context, LogLevel, std::string_view message) {
    static_cast<std::vector<std::string>*>(context)->emplace_back(message);
  };
  BinanceFeed feed(config, &Recorder::on_event, &recorder);
  feed.start();
  feed.stop();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(messages[0], HasSubstr("bad WebSocket base URL"));
}

}  // namespace
}  // namespace alphapulse::feed
