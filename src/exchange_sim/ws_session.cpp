// exchange_sim/ws_session: see the header. Error codes only (no Beast exceptions); any failed
// operation ends the session, which is freed when its last pending handler returns.
#include "exchange_sim/ws_session.hpp"

#include <simdjson.h>

#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "exchange_sim/forming_candle.hpp"
#include "exchange_sim/kline_json.hpp"
#include "exchange_sim/sim_context.hpp"

namespace alphapulse::exchange_sim {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr std::size_t kMaxQueuedFrames = 64;  // control replies beyond this: the client floods
constexpr std::size_t kMaxIncomingMessage = 64 * 1024;

std::string reply_json(std::string_view result_json, std::string_view id_json) {
  return "{\"result\":" + std::string(result_json) + ",\"id\":" + std::string(id_json) + "}";
}

std::string error_reply(int code, std::string_view msg, std::string_view id_json) {
  std::string out = error_json(code, msg);
  if (!id_json.empty()) {
    out.pop_back();
    out += ",\"id\":" + std::string(id_json) + "}";
  }
  return out;
}

}  // namespace

WsSession::WsSession(boost::asio::ip::tcp::socket socket, SimContext& context, bool combined,
                     std::vector<const StreamData*> initial_streams)
    : ws_(std::move(socket)),
      context_(context),
      combined_(combined),
      initial_streams_(std::move(initial_streams)),
      schedule_(context.config.forming_updates),
      faults_(context.config.faults,
              connection_seed(context.config.seed, context.next_connection_index++)),
      send_timer_(ws_.get_executor()),
      keepalive_timer_(ws_.get_executor()),
      lifetime_timer_(ws_.get_executor()),
      shutdown_timer_(ws_.get_executor()) {}

WsSession::~WsSession() {
  if (accepted_) context_.counters.ws_open.fetch_sub(1);
}

void WsSession::run(const beast::http::request<beast::http::string_body>& upgrade_request) {
  ws_.set_option(websocket::stream_base::timeout{std::chrono::seconds(30),
                                                 websocket::stream_base::none(), false});
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "alphapulse-exchange-sim");
  }));
  ws_.read_message_max(kMaxIncomingMessage);
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) {
      last_pong_ = Clock::now();
      context_.counters.pongs_received.fetch_add(1);
    }
  });
  ws_.async_accept(upgrade_request,
                   [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec || closed_) return;
  accepted_ = true;
  context_.counters.ws_connections.fetch_add(1);
  context_.counters.ws_open.fetch_add(1);
  auto& sessions = context_.sessions;
  std::erase_if(sessions, [](const std::weak_ptr<WsSession>& s) { return s.expired(); });
  sessions.push_back(weak_from_this());

  const auto now = context_.clock.now();
  for (const StreamData* stream : initial_streams_) schedule_.subscribe(*stream, now);
  last_pong_ = Clock::now();
  next_ping_ = last_pong_ + std::chrono::milliseconds(context_.config.ping_interval_ms);
  arm_keepalive();
  if (const auto lifetime = context_.config.connection_lifetime_ms; lifetime > 0) {
    const auto notice = std::max<std::int64_t>(0, lifetime - context_.config.shutdown_grace_ms);
    lifetime_timer_.expires_after(std::chrono::milliseconds(notice));
    lifetime_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec && !self->closed_) self->send_server_shutdown();
    });
  }
  read_next();
  pump();
}

void WsSession::read_next() {
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void WsSession::on_read(beast::error_code ec) {
  if (closed_) return;
  if (ec) {
    close_now();
    return;
  }
  const std::string text = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  handle_control(text);
  if (closed_) return;
  read_next();
  pump();
}

void WsSession::queue_control(std::string text) {
  if (outbox_.size() >= kMaxQueuedFrames) {
    close_now();
    return;
  }
  outbox_.push_back({std::move(text), FrameKind::kControl});
}

void WsSession::handle_control(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    queue_control(error_json(3, "Invalid JSON: expected an object with method, params and id"));
    return;
  }
  std::string id_json = "null";
  if (simdjson::dom::element id; doc["id"].get(id) == simdjson::SUCCESS) {
    if (id.is_int64() || id.is_uint64()) {
      id_json = simdjson::minify(id);
    } else if (std::string_view id_text; id.get(id_text) == simdjson::SUCCESS) {
      id_json.clear();
      append_json_string(id_json, id_text);
    } else if (!id.is_null()) {
      queue_control(
          error_reply(2, "Invalid request: 'id' must be an integer, a string or null", "null"));
      return;
    }
  }
  std::string_view method;
  if (doc["method"].get(method) != simdjson::SUCCESS) {
    queue_control(error_reply(2, "Invalid request: missing field 'method'", id_json));
    return;
  }
  std::vector<std::string_view> params;
  if (simdjson::dom::array array; doc["params"].get(array) == simdjson::SUCCESS) {
    for (const auto item : array) {
      std::string_view value;
      if (item.get(value) == simdjson::SUCCESS) params.push_back(value);
    }
  }

  if (method == "SUBSCRIBE" || method == "UNSUBSCRIBE") {
    std::vector<const StreamData*> streams;
    for (const auto name : params) {
      const StreamData* stream = context_.data.find_by_name(name);
      if (stream == nullptr) {
        queue_control(
            error_reply(2, "Invalid request: unknown stream '" + std::string(name) + "'", id_json));
        return;
      }
      streams.push_back(stream);
    }
    const auto now = context_.clock.now();
    for (const StreamData* stream : streams) {
      if (method == "SUBSCRIBE") {
        schedule_.subscribe(*stream, now);
      } else {
        schedule_.unsubscribe(stream->name);
      }
    }
    queue_control(reply_json("null", id_json));
    // A new stream's next event may come before the one being waited for.
    if (send_timer_armed_ && send_timer_waits_for_event_) send_timer_.cancel();
    return;
  }
  if (method == "LIST_SUBSCRIPTIONS") {
    std::string list = "[";
    for (const auto name : schedule_.subscriptions()) {
      if (list.size() > 1) list += ',';
      append_json_string(list, name);
    }
    list += ']';
    queue_control(reply_json(list, id_json));
    return;
  }
  if ((method == "SET_PROPERTY" || method == "GET_PROPERTY") && !params.empty() &&
      params[0] == "combined") {
    if (method == "SET_PROPERTY") {
      simdjson::dom::array array;
      bool value = false;
      if (doc["params"].get(array) != simdjson::SUCCESS || array.size() != 2 ||
          array.at(1).get(value)) {
        queue_control(error_reply(
            2, "Invalid request: SET_PROPERTY expects [\"combined\", true|false]", id_json));
        return;
      }
      combined_ = value;
      queue_control(reply_json("null", id_json));
    } else {
      queue_control(reply_json(combined_ ? "true" : "false", id_json));
    }
    return;
  }
  queue_control(
      error_reply(2, "Invalid request: unknown method '" + std::string(method) + "'", id_json));
}

void WsSession::send_server_shutdown() {
  if (closed_ || shutdown_sent_ || !accepted_) return;
  shutdown_sent_ = true;
  context_.counters.server_shutdowns.fetch_add(1);
  queue_control(server_shutdown_json(context_.clock.now(), combined_));
  shutdown_timer_.expires_after(std::chrono::milliseconds(context_.config.shutdown_grace_ms));
  shutdown_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_) return;
    self->close_requested_ = true;
    self->pump();
  });
  pump();
}

void WsSession::close_now() {
  if (closed_) return;
  closed_ = true;
  send_timer_.cancel();
  keepalive_timer_.cancel();
  lifetime_timer_.cancel();
  shutdown_timer_.cancel();
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(ws_).socket();
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).close();
}

void WsSession::begin_graceful_close() {
  if (closing_) return;
  closing_ = true;
  ws_.async_close(websocket::close_code::going_away,
                  [self = shared_from_this()](beast::error_code) { self->close_now(); });
}

void WsSession::arm_send_timer(Clock::duration delay, bool waiting_for_event) {
  send_timer_armed_ = true;
  send_timer_waits_for_event_ = waiting_for_event;
  send_timer_.expires_after(delay);
  send_timer_.async_wait([self = shared_from_this()](beast::error_code) {
    self->send_timer_armed_ = false;
    self->pump();
  });
}

void WsSession::pump() {
  for (;;) {
    if (closed_ || closing_ || writing_ || !accepted_) return;
    if (!outbox_.empty()) {
      start_write();
      return;
    }
    if (close_requested_) {
      begin_graceful_close();
      return;
    }
    if (send_timer_armed_) return;
    const auto now = Clock::now();
    if (now < stall_until_) {
      arm_send_timer(stall_until_ - now, false);
      return;
    }
    const auto event = schedule_.peek();
    if (!event) {
      if (!held_) return;  // idle until a subscription arrives
      outbox_.push_back(std::move(*held_));
      held_.reset();
      continue;
    }
    if (const auto delay = context_.clock.real_delay_until(event->time);
        delay > Clock::duration::zero()) {
      arm_send_timer(delay, true);
      return;
    }
    if (!stall_drawn_) {
      stall_drawn_ = true;
      if (faults_.start_stall()) {
        context_.counters.stalls.fetch_add(1);
        stall_until_ = now + std::chrono::milliseconds(faults_.spec().stall_ms);
        continue;
      }
    }
    schedule_.pop();
    stall_drawn_ = false;
    context_.clock.advance_to(event->time);
    emit(*event);
  }
}

void WsSession::emit(const KlineEvent& event) {
  const StreamData& stream = *event.stream;
  const core::Candle& final_candle = stream.candles[event.candle_index];
  const core::Candle candle =
      event.closed ? final_candle : forming_candle(final_candle, event.fraction);
  KlineFields fields{stream.symbol, stream.interval,
                     event.time,    stream.first_trade_id[event.candle_index],
                     event.closed,  false};
  const auto render = [&] {
    std::string payload = kline_event_json(candle, fields);
    return combined_ ? combined_envelope(stream.name, payload) : payload;
  };
  if (event.closed) context_.note_closed_emitted(stream, event.candle_index);

  const FrameKind kind = event.closed ? FrameKind::kClosed : FrameKind::kForming;
  const std::size_t queued_before = outbox_.size();
  // The dice are drawn for every message (the fault sequence does not depend on the data's
  // length); a stream's final closed event is sent as is (see Frame::last_of_stream).
  const bool last = event.closed && event.candle_index + 1 == stream.candles.size();
  MessageFault fault = faults_.message_fault();
  if (last) fault = MessageFault::kNone;
  switch (fault) {
    case MessageFault::kDrop:
      context_.counters.dropped.fetch_add(1);
      return;  // a held (reordered) frame waits for the next frame that is sent
    case MessageFault::kDuplicate:
      context_.counters.duplicated.fetch_add(1);
      outbox_.push_back({render(), kind});
      outbox_.push_back({render(), kind});
      break;
    case MessageFault::kReorder:
      if (!held_) {
        context_.counters.reordered.fetch_add(1);
        held_ = Frame{render(), kind};
        return;
      }
      outbox_.push_back({render(), kind});
      break;
    case MessageFault::kMalformed: {
      context_.counters.malformed.fetch_add(1);
      std::string text;
      if (faults_.malformed_truncates()) {
        text = render();
        text.resize(text.size() / 2);
      } else {
        fields.wrong_types = true;
        text = render();
      }
      outbox_.push_back({std::move(text), FrameKind::kMalformed});
      break;
    }
    case MessageFault::kNone:
      outbox_.push_back({render(), kind, last});
      break;
  }
  if (held_ && outbox_.size() > queued_before) {
    outbox_.push_back(std::move(*held_));
    held_.reset();
  }
}

void WsSession::start_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(
      boost::asio::buffer(outbox_.front().text),
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void WsSession::on_write(beast::error_code ec) {
  writing_ = false;
  if (closed_) return;
  if (ec) {
    close_now();
    return;
  }
  auto& counters = context_.counters;
  counters.frames_sent.fetch_add(1);
  if (outbox_.front().kind == FrameKind::kForming) counters.klines_forming.fetch_add(1);
  if (outbox_.front().kind == FrameKind::kClosed) counters.klines_closed.fetch_add(1);
  outbox_.pop_front();
  ++frames_written_;
  if (const auto every = faults_.spec().disconnect_every;
      every > 0 && frames_written_ % every == 0 && !last_of_stream_queued()) {
    counters.disconnects.fetch_add(1);
    close_now();
    return;
  }
  pump();
}

bool WsSession::last_of_stream_queued() const {
  for (const Frame& frame : outbox_) {
    if (frame.last_of_stream) return true;
  }
  return held_ && held_->last_of_stream;
}

void WsSession::arm_keepalive() {
  const auto pong_deadline =
      last_pong_ + std::chrono::milliseconds(context_.config.pong_timeout_ms);
  keepalive_timer_.expires_at(std::min(next_ping_, pong_deadline));
  keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && !self->closed_) self->on_keepalive();
  });
}

void WsSession::on_keepalive() {
  const auto now = Clock::now();
  if (now - last_pong_ >= std::chrono::milliseconds(context_.config.pong_timeout_ms)) {
    context_.counters.pong_timeouts.fetch_add(1);
    close_now();
    return;
  }
  if (now >= next_ping_) {
    next_ping_ = now + std::chrono::milliseconds(context_.config.ping_interval_ms);
    if (!ping_in_flight_ && !closing_) {
      ping_in_flight_ = true;
      ws_.async_ping({}, [self = shared_from_this()](beast::error_code ec) {
        self->ping_in_flight_ = false;
        if (!ec) self->context_.counters.pings_sent.fetch_add(1);
      });
    }
  }
  arm_keepalive();
}

}  // namespace alphapulse::exchange_sim
