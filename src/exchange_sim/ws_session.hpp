// exchange_sim/ws_session: one WebSocket connection (/ws/<stream> raw, /stream?streams=...
// combined). Owns the connection's subscriptions, its send loop (one frame in flight at a time:
// a slow reader slows the simulation for itself instead of growing a buffer), the faults applied
// to its messages, ping/pong keep-alive, SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS replies and
// serverShutdown. Everything runs on the simulator's single io thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange_sim/fault_injector.hpp"
#include "exchange_sim/kline_schedule.hpp"

namespace alphapulse::exchange_sim {

class SimContext;

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(boost::asio::ip::tcp::socket socket, SimContext& context, bool combined,
            std::vector<const StreamData*> initial_streams);
  ~WsSession();
  WsSession(const WsSession&) = delete;
  WsSession& operator=(const WsSession&) = delete;

  // Completes the handshake for an upgrade request already read by the HTTP session.
  void run(const boost::beast::http::request<boost::beast::http::string_body>& upgrade_request);

  // Queues a serverShutdown event, then closes the connection shutdown_grace_ms later.
  void send_server_shutdown();
  void close_now();  // abrupt: no close frame (what a network fault looks like)

 private:
  enum class FrameKind : std::uint8_t { kControl, kForming, kClosed, kMalformed };
  struct Frame {
    std::string text;
    FrameKind kind = FrameKind::kControl;
    // The closed event of a stream's last candle: no later message would reveal its loss
    // (the data ends; on the exchange time goes on), so faults and disconnects spare it.
    bool last_of_stream = false;
  };
  bool last_of_stream_queued() const;
  using Clock = std::chrono::steady_clock;

  void on_accept(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec);
  void handle_control(std::string_view text);
  void queue_control(std::string text);

  void pump();                         // sends or schedules the next frame
  void emit(const KlineEvent& event);  // renders one kline event into frames, applying faults
  void arm_send_timer(Clock::duration delay, bool waiting_for_event);
  void start_write();
  void on_write(boost::beast::error_code ec);

  void arm_keepalive();
  void on_keepalive();
  void begin_graceful_close();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  SimContext& context_;
  bool combined_;
  std::vector<const StreamData*> initial_streams_;
  KlineSchedule schedule_;
  FaultInjector faults_;

  boost::beast::flat_buffer read_buffer_;
  std::deque<Frame> outbox_;
  std::optional<Frame> held_;  // reorder fault: sent after the next kline frame
  std::uint64_t frames_written_ = 0;

  boost::asio::steady_timer send_timer_;
  boost::asio::steady_timer keepalive_timer_;
  boost::asio::steady_timer lifetime_timer_;
  boost::asio::steady_timer shutdown_timer_;
  bool send_timer_armed_ = false;
  bool send_timer_waits_for_event_ = false;  // (not a stall): a new subscription may cut it short
  Clock::time_point stall_until_{};
  bool stall_drawn_ = false;  // the stall dice were thrown for the event now at the head
  Clock::time_point last_pong_{};
  Clock::time_point next_ping_{};
  bool ping_in_flight_ = false;

  bool accepted_ = false;
  bool writing_ = false;
  bool closed_ = false;
  bool close_requested_ = false;
  bool closing_ = false;
  bool shutdown_sent_ = false;
};

}  // namespace alphapulse::exchange_sim
