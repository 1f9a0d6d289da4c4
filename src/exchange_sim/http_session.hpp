// exchange_sim/http_session: the listener on 127.0.0.1 and one plain-HTTP connection. REST
// requests are answered through rest_routes (keep-alive honoured); a WebSocket upgrade to
// /ws/<stream> or /stream?streams=... is validated here and handed to a WsSession, so REST and
// WebSocket share one port like Binance's gateway (minus TLS).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>

namespace alphapulse::exchange_sim {

class SimContext;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, SimContext& context);
  void run();

 private:
  void read_request();
  void on_read(boost::beast::error_code ec);
  void upgrade_to_websocket();
  void respond(unsigned status, std::string body, std::int64_t retry_after_s, bool keep_alive);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  SimContext& context_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds 127.0.0.1:port (0: ephemeral); throws boost::system::system_error when it cannot.
  Listener(boost::asio::io_context& io, SimContext& context, std::uint16_t port);
  std::uint16_t port() const { return port_; }
  void run();
  void stop();  // io thread

 private:
  void accept_next();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  SimContext& context_;
  std::uint16_t port_ = 0;
};

}  // namespace alphapulse::exchange_sim
