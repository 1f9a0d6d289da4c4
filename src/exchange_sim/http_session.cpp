// exchange_sim/http_session: see the header. Error codes only; a failed read or write ends the
// connection quietly (clients disconnecting is normal traffic for a simulator).
#include "exchange_sim/http_session.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <string_view>

#include "exchange_sim/kline_json.hpp"
#include "exchange_sim/rest_routes.hpp"
#include "exchange_sim/sim_context.hpp"
#include "exchange_sim/ws_session.hpp"

namespace alphapulse::exchange_sim {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;

namespace {

constexpr auto kHttpIdleTimeout = std::chrono::seconds(60);
constexpr std::size_t kMaxRequestBody = 64 * 1024;

// Stream names of "/ws/a/b" or "/stream?streams=a/b" (either may name none).
std::vector<std::string_view> split_streams(std::string_view list) {
  std::vector<std::string_view> names;
  while (!list.empty()) {
    const auto slash = list.find('/');
    if (const auto name = list.substr(0, slash); !name.empty()) names.push_back(name);
    list = slash == std::string_view::npos ? std::string_view{} : list.substr(slash + 1);
  }
  return names;
}

}  // namespace

HttpSession::HttpSession(tcp::socket socket, SimContext& context)
    : stream_(std::move(socket)), context_(context) {}

void HttpSession::run() {
  read_request();
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->body_limit(kMaxRequestBody);
  stream_.expires_after(kHttpIdleTimeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  if (ec) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  if (beast::websocket::is_upgrade(parser_->get())) {
    upgrade_to_websocket();
    return;
  }
  const auto& request = parser_->get();
  const std::string_view method(request.method_string().data(), request.method_string().size());
  const std::string_view target(request.target().data(), request.target().size());
  RestResponse response = handle_rest_request(context_, method, target);
  respond(response.status, std::move(response.body), response.retry_after_s, request.keep_alive());
}

void HttpSession::upgrade_to_websocket() {
  const std::string_view target(parser_->get().target().data(), parser_->get().target().size());
  bool combined = false;
  std::vector<std::string_view> names;
  if (target == "/ws" || target.starts_with("/ws/")) {
    names = split_streams(target.substr(3));
  } else if (target == "/stream" || target.starts_with("/stream?")) {
    combined = true;
    const auto query = target.substr(std::min(target.size(), std::string_view("/stream?").size()));
    if (query.starts_with("streams=")) names = split_streams(query.substr(8));
  } else {
    respond(404, error_json(-1000, "Unknown WebSocket path " + std::string(target) + "."), 0,
            false);
    return;
  }
  std::vector<const StreamData*> streams;
  for (const auto name : names) {
    const StreamData* stream = context_.data.find_by_name(name);
    if (stream == nullptr) {
      respond(400, error_json(2, "Invalid request: unknown stream '" + std::string(name) + "'"), 0,
              false);
      return;
    }
    streams.push_back(stream);
  }
  stream_.expires_never();
  std::make_shared<WsSession>(stream_.release_socket(), context_, combined, std::move(streams))
      ->run(parser_->release());
}

void HttpSession::respond(unsigned status, std::string body, std::int64_t retry_after_s,
                          bool keep_alive) {
  auto response =
      std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
  response->set(http::field::server, "alphapulse-exchange-sim");
  response->set(http::field::content_type, "application/json;charset=UTF-8");
  if (retry_after_s > 0) response->set(http::field::retry_after, std::to_string(retry_after_s));
  response->keep_alive(keep_alive);
  response->body() = std::move(body);
  response->prepare_payload();
  http::async_write(
      stream_, *response,
      [self = shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
        if (ec) return;
        if (!keep_alive) {
          beast::error_code ignored;
          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
          return;
        }
        self->read_request();
      });
}

Listener::Listener(boost::asio::io_context& io, SimContext& context, std::uint16_t port)
    : io_(io), acceptor_(io), context_(context) {
  const tcp::endpoint endpoint(boost::asio::ip::address_v4::loopback(), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::run() {
  accept_next();
}

void Listener::stop() {
  beast::error_code ignored;
  acceptor_.close(ignored);
}

void Listener::accept_next() {
  acceptor_.async_accept(
      io_, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (!self->acceptor_.is_open()) return;
        if (!ec) {
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<HttpSession>(std::move(socket), self->context_)->run();
        }
        self->accept_next();
      });
}

}  // namespace alphapulse::exchange_sim
