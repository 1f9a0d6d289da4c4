// feed/ws_connection: one WebSocket client connection (ws:// or wss://) on the caller's io
// thread: connect, handshake, read frames until the end, then report why it ended. Pings are
// answered by Beast with a pong carrying the same payload (and reported); a connection that
// has been silent (no frame, no ping) for silence_timeout_ms is declared dead and closed.
// It sends nothing else, so the exchange's 5 incoming messages/s limit cannot be hit.
// Callbacks are plain function pointers + context (no virtual call per frame) and identify
// the connection by id, so the owner never holds a dangling pointer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "feed/feed_url.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace alphapulse::feed {

struct WsCallbacks {
  void* context = nullptr;
  void (*on_open)(void* context, std::uint64_t id) = nullptr;
  // `frame` is valid during the call only. received/receive_ns: when the frame was complete.
  void (*on_frame)(void* context, std::uint64_t id, std::string_view frame,
                   core::TimestampMs received, std::int64_t receive_ns) = nullptr;
  void (*on_ping)(void* context, std::uint64_t id) = nullptr;
  // Exactly once per connection, also when connecting failed or close() was called.
  void (*on_closed)(void* context, std::uint64_t id, std::string_view reason) = nullptr;
};

struct WsOptions {
  Url url;                                   // host, port, tls
  std::string target;                        // "/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m"
  std::int64_t connect_timeout_ms = 10'000;  // TCP + TLS + WebSocket handshake, and close
  std::int64_t silence_timeout_ms = 60'000;
  core::Clock clock = core::Clock::system();
};

class WsConnection {
 public:
  // Starts connecting at once. Call on the io_context's thread (or before it runs).
  static std::shared_ptr<WsConnection> start(boost::asio::io_context& io,
                                             boost::asio::ssl::context& tls, WsOptions options,
                                             WsCallbacks callbacks, std::uint64_t id);
  virtual ~WsConnection() = default;
  // Graceful close (hard close if not open yet); on_closed follows. io thread only.
  virtual void close() = 0;
  std::uint64_t id() const { return id_; }

 protected:
  explicit WsConnection(std::uint64_t id) : id_(id) {}

 private:
  std::uint64_t id_;
};

}  // namespace alphapulse::feed
