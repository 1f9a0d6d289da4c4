// feed/ws_connection: see the header. One coroutine per connection runs connect -> handshake,
// then a callback chain reads frames; a steady timer watches for silence. Nothing throws out
// of either: errors become the reason passed to on_closed.
#include "feed/ws_connection.hpp"

#include "feed/inline_completion_executor.hpp"

// clang-format off
#include <utility>  // first: Boost 1.74 asio/awaitable.hpp uses std::exchange unincluded
// clang-format on

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <limits>
#include <type_traits>

namespace alphapulse::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch())
      .count();
}

// Beast's rate-policy hook, used only to see every socket read: it stamps the moment each
// read completed. A message's bytes are all held by the process once the read that brought
// its last byte returned, and that read is always the latest one when the message is handed
// out (a read happens only while the buffered bytes do not finish the next message). So the
// latency clock starts at the read, not at the later moment the coroutine got to the frame
// after deciding the ones before it in the same read. Never limits anything.
class ReadStampPolicy {
 public:
  std::int64_t last_read_ns() const { return last_read_ns_; }

 private:
  friend class beast::rate_policy_access;
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
  std::size_t available_read_bytes() const noexcept { return kUnlimited; }
  std::size_t available_write_bytes() const noexcept { return kUnlimited; }
  void transfer_read_bytes(std::size_t bytes) noexcept {
    if (bytes > 0) last_read_ns_ = steady_ns();
  }
  void transfer_write_bytes(std::size_t) noexcept {}
  void on_timer() noexcept {}

  std::int64_t last_read_ns_ = 0;
};
// The io_context's own executor type rather than the type-erased any_io_executor: every step of
// Beast's read operation dispatches through the stream's executor, and the erased one cost
// ~1,500 of the ~5,400 instructions per frame the io thread spent in Beast and Asio (callgrind,
// latency benchmark at max speed: 454M -> 327M over 84,000 frames).
using StampedTcpStream =
    beast::basic_stream<asio::ip::tcp, asio::io_context::executor_type, ReadStampPolicy>;

template <bool kTls>
class Connection final : public WsConnection,
                         public std::enable_shared_from_this<Connection<kTls>> {
  using Next = std::conditional_t<kTls, beast::ssl_stream<StampedTcpStream>, StampedTcpStream>;

 public:
  Connection(asio::io_context& io, asio::ssl::context& tls, WsOptions options,
             WsCallbacks callbacks, std::uint64_t id)
      : WsConnection(id),
        options_(std::move(options)),
        callbacks_(callbacks),
        ws_(make_stream(io, tls)),
        watchdog_(io),
        read_executor_(ws_.get_executor(), &inline_depth_, kMaxInlineFrames) {}

  void launch() {
    auto self = this->shared_from_this();
    asio::co_spawn(ws_.get_executor(), run(self), asio::detached);
  }

  void close() override {
    if (closing_) return;
    closing_ = true;
    if (reason_.empty()) reason_ = "closed by client";
    watchdog_.cancel();
    if (open_) {
      auto self = this->shared_from_this();
      ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      });
    } else {
      beast::get_lowest_layer(ws_).cancel();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    }
  }

 private:
  static websocket::stream<Next> make_stream(asio::io_context& io, asio::ssl::context& tls) {
    if constexpr (kTls) {
      return websocket::stream<Next>(io, tls);
    } else {
      (void)tls;
      return websocket::stream<Next>(io);
    }
  }

  // Connect and handshake in a coroutine (rare, many steps), then read with a plain callback
  // chain (every frame): an awaitable's resumption goes through the type-erased executor and
  // the coroutine frame at every message, which cost more than the read itself.
  asio::awaitable<void> run(std::shared_ptr<Connection> self) {
    std::string reason;
    try {
      reason = co_await session();
    } catch (const std::exception& e) {
      reason = std::string("internal error: ") + e.what();
    }
    if (reason.empty()) {
      read_next(std::move(self));
      co_return;
    }
    finish(std::move(reason));
  }

  void finish(std::string reason) {
    watchdog_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (!reason_.empty()) reason = reason_;
    if (callbacks_.on_closed != nullptr) callbacks_.on_closed(callbacks_.context, id(), reason);
  }

  void read_next(std::shared_ptr<Connection> self) {
    // A frame already in Beast's buffer completes inline (inline_completion_executor.hpp), so
    // nothing may follow the call to read_next in on_read.
    ws_.async_read(
        buffer_, asio::bind_executor(read_executor_, [self = std::move(self)](beast::error_code ec,
                                                                              std::size_t) mutable {
          on_read(std::move(self), ec);
        }));
  }

  static void on_read(std::shared_ptr<Connection> self, const beast::error_code& ec) {
    Connection& c = *self;
    if (ec) {
      c.finish(c.read_error(ec));
      return;
    }
    try {
      c.deliver_frame();
    } catch (const std::exception& e) {  // the handler's own failure ends this connection
      c.finish(std::string("internal error: ") + e.what());
      return;
    }
    c.read_next(std::move(self));
  }

  std::string read_error(const beast::error_code& ec) const {
    if (ec == websocket::error::closed) {
      const auto& why = ws_.reason();
      return "closed by server (code " + std::to_string(static_cast<int>(why.code)) +
             (why.reason.empty() ? "" : ": " + std::string(why.reason.c_str())) + ")";
    }
    return "read: " + ec.message();
  }

  void deliver_frame() {
    // The complete frame is held since the read that brought its last byte.
    const std::int64_t receive_ns = beast::get_lowest_layer(ws_).rate_policy().last_read_ns();
    const core::TimestampMs received = options_.clock.now();
    // The read's own stamp is on the same clock: no second clock read per frame.
    last_activity_ = SteadyClock::time_point(std::chrono::nanoseconds(receive_ns));
    const auto data = buffer_.cdata();
    if (!closing_ && callbacks_.on_frame != nullptr) {
      callbacks_.on_frame(callbacks_.context, id(),
                          std::string_view(static_cast<const char*>(data.data()), data.size()),
                          received, receive_ns);
    }
    buffer_.consume(buffer_.size());
  }

  asio::awaitable<std::string> session() {
    beast::error_code ec;
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(
        options_.url.host, options_.url.port, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "resolve " + options_.url.host + ": " + ec.message();
    if (closing_) co_return "closed by client";

    auto& tcp = beast::get_lowest_layer(ws_);
    tcp.expires_after(milliseconds(options_.connect_timeout_ms));
    co_await tcp.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      co_return "connect " + options_.url.host + ":" + options_.url.port + ": " + ec.message();
    if constexpr (kTls) {
      if (!SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), options_.url.host.c_str())) {
        co_return "TLS: cannot set SNI host name";
      }
      ws_.next_layer().set_verify_mode(asio::ssl::verify_peer);
      ws_.next_layer().set_verify_callback(asio::ssl::host_name_verification(options_.url.host));
      co_await ws_.next_layer().async_handshake(asio::ssl::stream_base::client,
                                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return "TLS handshake: " + ec.message();
    }
    tcp.expires_never();  // the websocket stream's own timeouts take over
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = milliseconds(options_.connect_timeout_ms);
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
      request.set(beast::http::field::user_agent, "alphapulse-feed/0.1");
    }));
    ws_.read_message_max(1u << 20);
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      last_activity_ = SteadyClock::now();
      if (kind == websocket::frame_type::ping && callbacks_.on_ping != nullptr) {
        callbacks_.on_ping(callbacks_.context, id());
      }
    });
    co_await ws_.async_handshake(options_.url.host + ":" + options_.url.port, options_.target,
                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "WebSocket handshake: " + ec.message();
    if (closing_) co_return "closed by client";

    open_ = true;
    last_activity_ = SteadyClock::now();
    arm_watchdog(milliseconds(options_.silence_timeout_ms));
    if (callbacks_.on_open != nullptr) callbacks_.on_open(callbacks_.context, id());

    co_return std::string();  // open: run() starts the read loop
  }

  void arm_watchdog(SteadyClock::duration after) {
    watchdog_.expires_after(after);
    std::weak_ptr<Connection> weak = this->shared_from_this();
    watchdog_.async_wait([weak](beast::error_code ec) {
      auto self = weak.lock();
      if (ec || !self || self->closing_) return;
      const auto silence = milliseconds(self->options_.silence_timeout_ms);
      const auto idle = SteadyClock::now() - self->last_activity_;
      if (idle < silence) {
        self->arm_watchdog(silence - idle);
        return;
      }
      self->reason_ = "no frame or ping for " + std::to_string(self->options_.silence_timeout_ms) +
                      " ms: connection presumed dead";
      self->closing_ = true;
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    });
  }

  WsOptions options_;
  WsCallbacks callbacks_;
  websocket::stream<Next> ws_;
  asio::steady_timer watchdog_;
  // Frames handed over inline, one inside another, before the next goes through the queue.
  static constexpr int kMaxInlineFrames = 16;
  int inline_depth_ = 0;
  InlineCompletionExecutor read_executor_;
  beast::flat_buffer buffer_;  // the frame being read; reused
  SteadyClock::time_point last_activity_{};
  std::string reason_;  // set when we end the connection ourselves
  bool open_ = false;
  bool closing_ = false;
};

}  // namespace

std::shared_ptr<WsConnection> WsConnection::start(asio::io_context& io, asio::ssl::context& tls,
                                                  WsOptions options, WsCallbacks callbacks,
                                                  std::uint64_t id) {
  if (options.url.tls) {
    auto connection =
        std::make_shared<Connection<true>>(io, tls, std::move(options), callbacks, id);
    connection->launch();
    return connection;
  }
  auto connection = std::make_shared<Connection<false>>(io, tls, std::move(options), callbacks, id);
  connection->launch();
  return connection;
}

}  // namespace alphapulse::feed
