// bus/redis_connection: one synchronous hiredis connection with connect and command
// timeouts, AUTH and SELECT from the URL, pipelined batches and lazy reconnection.
//
// Why synchronous: the bus runs on a delivery thread that batches its work, never on the
// hot path, so a blocking call with a bounded timeout is the simplest correct thing.
// Every argument is sent binary-safe through redisAppendCommandArgv; user data is never
// formatted into a command string.
//
// Failure model: an I/O error or a timeout leaves the connection in an unknown state (a
// reply may still be in flight), so the connection is dropped and the call returns a
// transient Error; the next call connects again. Commands of a dropped batch may or may
// not have run: callers that must not repeat work make their commands idempotent (see
// SignalPublisher). Not thread-safe: one connection per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bus/redis_url.hpp"
#include "bus/status.hpp"
#include "core/time.hpp"

struct redisContext;

namespace alphapulse::bus {

struct RedisConnectionOptions {
  core::DurationMs connect_timeout{2000};
  core::DurationMs command_timeout{2000};
};

// A reply, copied out of hiredis into owned values.
struct RedisReply {
  enum class Type : std::uint8_t { kString, kStatus, kError, kInteger, kNil, kArray };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<RedisReply> elements;  // kArray

  bool is_error() const { return type == Type::kError; }
  bool is_nil() const { return type == Type::kNil; }
};

// Commands to send in one pipeline, stored flat so a batch reuses its buffers.
class CommandBatch {
 public:
  CommandBatch& begin();  // starts the next command; its arguments follow through arg()
  CommandBatch& arg(std::string_view value);
  CommandBatch& arg(std::int64_t value);
  std::size_t size() const { return starts_.size(); }
  bool empty() const { return starts_.empty(); }
  void clear();

  std::string_view command_name(std::size_t i) const { return args_[starts_[i]]; }
  // The arguments of command i, its name first.
  std::span<const std::string> command(std::size_t i) const {
    const std::size_t end = i + 1 < starts_.size() ? starts_[i + 1] : args_.size();
    return std::span<const std::string>(args_).subspan(starts_[i], end - starts_[i]);
  }

 private:
  friend class RedisConnection;
  std::vector<std::string> args_;
  std::vector<std::size_t> starts_;  // index in args_ of each command's first argument
};

class RedisConnection {
 public:
  // Parses the URL (no network yet: the first command connects).
  static Result<RedisConnection> from_url(std::string_view url,
                                          RedisConnectionOptions options = {});
  RedisConnection(RedisEndpoint endpoint, RedisConnectionOptions options);
  RedisConnection(RedisConnection&&) noexcept;
  RedisConnection& operator=(RedisConnection&&) noexcept;
  ~RedisConnection();

  // Connects (TCP, AUTH, SELECT) if not connected. Commands call it themselves.
  Status connect();
  void disconnect();
  bool connected() const { return context_ != nullptr; }

  // One command. A server error reply becomes an Error (transient for LOADING, BUSY,
  // TRYAGAIN, MASTERDOWN) naming the command.
  Result<RedisReply> command(std::initializer_list<std::string_view> argv);

  // All commands written, then all replies read. Server error replies are returned in
  // place (one per command) for the caller to judge; a connection failure fails the whole
  // call. The batch is sent as is: a retry after a failure resends every command.
  Result<std::vector<RedisReply>> pipeline(const CommandBatch& batch);

  // The next reply the server pushes (pub/sub messages after SUBSCRIBE), waiting up to
  // the command timeout. Like any timeout, it drops the connection and so its subscriptions.
  Result<RedisReply> read_reply();

  // "host:port" for messages; never the password.
  const std::string& where() const { return where_; }
  const RedisEndpoint& endpoint() const { return endpoint_; }

  // The Error for a server error reply to `what`; transient when retrying can help.
  Error reply_error(std::string_view what, const RedisReply& reply) const;

 private:
  Error io_error(std::string_view what);  // builds the message and drops the connection
  Status handshake();

  RedisEndpoint endpoint_;
  RedisConnectionOptions options_;
  std::string where_;
  redisContext* context_ = nullptr;
};

}  // namespace alphapulse::bus
