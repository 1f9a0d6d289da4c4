// tests/exchange_sim/sim_test_support: a temp data dir of generated candles and a deliberately
// small HTTP/WebSocket client (Boost.Beast; independent of src/feed's client) with deadlines, so
// a broken simulator fails a test instead of hanging it.
#pragma once

#include <simdjson.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/candle.hpp"
#include "exchange_sim/exchange_simulator.hpp"
#include "feed/candle_csv.hpp"

namespace alphapulse::exchange_sim::test {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;

inline constexpr std::int64_t kT0 = 1'700'006'400'000;  // aligned to 1 h (and 1 d)
inline constexpr auto kDeadline = 10s;

// Random walk with 2-decimal prices and 5-decimal volumes (exact in the 8-decimal wire format).
inline std::vector<core::Candle> make_candles(std::size_t count, std::int64_t step_ms,
                                              std::uint64_t seed, double start_price) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> move(0.0, 0.004);
  std::uniform_real_distribution<double> wick(0.0, 0.003);
  std::uniform_real_distribution<double> vol(1.0, 500.0);
  const auto round_to = [](double x, double scale) { return std::round(x * scale) / scale; };
  std::vector<core::Candle> candles;
  double price = start_price;
  for (std::size_t i = 0; i < count; ++i) {
    core::Candle c;
    c.open_time = {kT0 + static_cast<std::int64_t>(i) * step_ms};
    c.close_time = {c.open_time.ms + step_ms - 1};
    c.open = round_to(price, 100);
    c.close = round_to(price * (1 + move(rng)), 100);
    c.high = round_to(std::max(c.open, c.close) * (1 + wick(rng)), 100);
    c.low = round_to(std::min(c.open, c.close) * (1 - wick(rng)), 100);
    c.volume = round_to(vol(rng), 100000);
    candles.push_back(c);
    price = c.close;
  }
  return candles;
}

class TempDataDir {
 public:
  TempDataDir() {
    static int counter = 0;
    path_ =
        std::filesystem::temp_directory_path() /
        ("alphapulse_exchange_sim_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDataDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  // Writes SYMBOL_TF.csv and returns the candles as the reader gives them back.
  std::vector<core::Candle> write(const std::string& file_stem,
                                  const std::vector<core::Candle>& candles) {
    const auto file = path_ / (file_stem + ".csv");
    {
      std::ofstream out(file);
      feed::write_candle_csv(out, candles);
    }
    return feed::read_candle_file(file).candles;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::string retry_after;
};

inline HttpResult http_get(std::uint16_t port, const std::string& target) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  HttpResult result{response.result_int(), response.body(), {}};
  if (const auto it = response.find(http::field::retry_after); it != response.end()) {
    result.retry_after = std::string(it->value());
  }
  return result;
}

// WebSocket client; reads run on its own io_context with a deadline.
class WsClient {
 public:
  WsClient(std::uint16_t port, const std::string& target) : ws_(io_) {
    beast::get_lowest_layer(ws_).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.auto_fragment(false);
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping) ++pings_;
    });
    ws_.handshake("127.0.0.1:" + std::to_string(port), target);
  }

  // Next text frame; nullopt on close/error (error() tells) or when the deadline passes
  // (timed_out() tells; the read stays pending, so a later read() picks the frame up).
  std::optional<std::string> read(std::chrono::milliseconds timeout = kDeadline) {
    if (!read_pending_) {
      read_pending_ = true;
      read_done_ = false;
      buffer_.clear();
      ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
        error_ = ec;
        read_done_ = true;
      });
    }
    timed_out_ = false;
    io_.restart();
    io_.run_for(timeout);
    if (!read_done_) {
      timed_out_ = true;
      return std::nullopt;
    }
    read_pending_ = false;
    if (error_) return std::nullopt;
    return beast::buffers_to_string(buffer_.data());
  }

  void send(const std::string& text) { ws_.write(boost::asio::buffer(text)); }
  beast::error_code error() const { return error_; }
  bool timed_out() const { return timed_out_; }
  int pings() const { return pings_; }

 private:
  boost::asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  beast::error_code error_;
  bool timed_out_ = false;
  bool read_pending_ = false;
  bool read_done_ = false;
  int pings_ = 0;
};

// Polls `condition` until it holds or the deadline passes (for server-side counters).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds deadline = kDeadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return condition();
}

// A parsed kline event (from the raw payload or the combined envelope's "data").
struct KlineMessage {
  std::string stream;  // empty for raw
  std::int64_t event_time = 0;
  std::int64_t open_time = 0;
  std::int64_t close_time = 0;
  std::string symbol, interval;
  std::string o, c, h, l, v;
  bool closed = false;
};

// nullopt when the text is not a well-formed kline event with Binance's types.
inline std::optional<KlineMessage> parse_kline(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc)) return std::nullopt;
  KlineMessage m;
  simdjson::dom::element data = doc;
  if (std::string_view stream; doc["stream"].get(stream) == simdjson::SUCCESS) {
    m.stream = std::string(stream);
    if (doc["data"].get(data)) return std::nullopt;
  }
  std::string_view e, s, i, o, c, h, l, v;
  simdjson::dom::element k;
  if (data["e"].get(e) || e != "kline" || data["E"].get(m.event_time) || data["k"].get(k))
    return std::nullopt;
  if (k["t"].get(m.open_time) || k["T"].get(m.close_time) || k["s"].get(s) || k["i"].get(i) ||
      k["o"].get(o) || k["c"].get(c) || k["h"].get(h) || k["l"].get(l) || k["v"].get(v) ||
      k["x"].get(m.closed)) {
    return std::nullopt;
  }
  m.symbol = s;
  m.interval = i;
  m.o = o;
  m.c = c;
  m.h = h;
  m.l = l;
  m.v = v;
  return m;
}

}  // namespace alphapulse::exchange_sim::test
