// bus/redis_connection: see redis_connection.hpp.
#include "bus/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <utility>

namespace alphapulse::bus {
namespace {

timeval to_timeval(core::DurationMs d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count / 1000);
  tv.tv_usec = static_cast<suseconds_t>((d.count % 1000) * 1000);
  return tv;
}

// hiredis 0.14 writes with write(2): a peer that closed the socket would raise SIGPIPE and
// kill the process. Blocking SIGPIPE in this thread for the duration of a call, then
// consuming one that became pending, turns it into the EPIPE error hiredis reports,
// without changing the process-wide disposition other modules may rely on.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
  }
  ~SigpipeGuard() {
    if (!blocked_) return;
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{0, 0};
        while (sigtimedwait(&pipe_, nullptr, &no_wait) == -1 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t old_{};
  bool was_pending_ = false;
  bool blocked_ = false;
};

RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
      break;
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Replies that say "not now" rather than "never": the server is loading its data, running
// a long script, or (in a cluster or replica set) briefly without a master.
bool transient_server_error(std::string_view text) {
  return starts_with(text, "LOADING") || starts_with(text, "BUSY") ||
         starts_with(text, "TRYAGAIN") || starts_with(text, "MASTERDOWN") ||
         starts_with(text, "CLUSTERDOWN");
}

}  // namespace

// ---- CommandBatch ----

CommandBatch& CommandBatch::begin() {
  starts_.push_back(args_.size());
  return *this;
}

CommandBatch& CommandBatch::arg(std::string_view value) {
  args_.emplace_back(value);
  return *this;
}

CommandBatch& CommandBatch::arg(std::int64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;  // 24 characters always hold an int64
  args_.emplace_back(buffer, end);
  return *this;
}

void CommandBatch::clear() {
  args_.clear();
  starts_.clear();
}

// ---- RedisConnection ----

Result<RedisConnection> RedisConnection::from_url(std::string_view url,
                                                  RedisConnectionOptions options) {
  auto endpoint = parse_redis_url(url);
  if (!endpoint) return endpoint.error();
  return RedisConnection(std::move(*endpoint), options);
}

RedisConnection::RedisConnection(RedisEndpoint endpoint, RedisConnectionOptions options)
    : endpoint_(std::move(endpoint)), options_(options), where_(endpoint_.where()) {}

RedisConnection::RedisConnection(RedisConnection&& other) noexcept
    : endpoint_(std::move(other.endpoint_)),
      options_(other.options_),
      where_(std::move(other.where_)),
      context_(std::exchange(other.context_, nullptr)) {}

RedisConnection& RedisConnection::operator=(RedisConnection&& other) noexcept {
  if (this != &other) {
    disconnect();
    endpoint_ = std::move(other.endpoint_);
    options_ = other.options_;
    where_ = std::move(other.where_);
    context_ = std::exchange(other.context_, nullptr);
  }
  return *this;
}

RedisConnection::~RedisConnection() {
  disconnect();
}

void RedisConnection::disconnect() {
  if (context_ != nullptr) {
    redisFree(context_);
    context_ = nullptr;
  }
}

Error RedisConnection::io_error(std::string_view what) {
  std::string detail = "connection lost";
  if (context_ != nullptr && context_->err != 0) {
    detail = context_->errstr;
    if (context_->err == REDIS_ERR_IO &&
        (detail.find("temporarily unavailable") != std::string::npos ||
         detail.find("timed out") != std::string::npos)) {
      detail = "timed out after " + std::to_string(options_.command_timeout.count) + " ms";
    } else if (context_->err == REDIS_ERR_EOF) {
      detail = "server closed the connection";
    }
  }
  disconnect();
  return Error{"redis " + where_ + ": " + std::string(what) + ": " + detail, true};
}

Error RedisConnection::reply_error(std::string_view what, const RedisReply& reply) const {
  return Error{"redis " + where_ + ": " + std::string(what) + ": " + reply.text,
               transient_server_error(reply.text)};
}

Status RedisConnection::connect() {
  if (context_ != nullptr) return {};
  context_ = redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                                     to_timeval(options_.connect_timeout));
  if (context_ == nullptr) {
    return Error{"redis " + where_ + ": connect: out of memory", true};
  }
  if (context_->err != 0) {
    std::string detail = context_->errstr;
    disconnect();
    return Error{"redis " + where_ + ": connect: " + detail, true};
  }
  if (redisSetTimeout(context_, to_timeval(options_.command_timeout)) != REDIS_OK) {
    return io_error("set timeout");
  }
  redisEnableKeepAlive(context_);
  if (Status s = handshake(); !s) {
    disconnect();
    return s;
  }
  return {};
}

Status RedisConnection::handshake() {
  CommandBatch batch;
  if (!endpoint_.password.empty()) {
    batch.begin().arg("AUTH");
    if (!endpoint_.user.empty()) batch.arg(endpoint_.user);
    batch.arg(endpoint_.password);
  }
  if (endpoint_.db != 0) batch.begin().arg("SELECT").arg(static_cast<std::int64_t>(endpoint_.db));
  if (batch.empty()) return {};
  auto replies = pipeline(batch);
  if (!replies) return replies.error();
  for (std::size_t i = 0; i < replies->size(); ++i) {
    const RedisReply& reply = (*replies)[i];
    // The server's AUTH error names neither the user's password nor ours.
    if (reply.is_error()) return reply_error(batch.command_name(i), reply);
  }
  return {};
}

Result<std::vector<RedisReply>> RedisConnection::pipeline(const CommandBatch& batch) {
  if (Status s = connect(); !s) return s.error();
  SigpipeGuard no_sigpipe;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (std::size_t i = 0; i < batch.starts_.size(); ++i) {
    const std::size_t first = batch.starts_[i];
    const std::size_t last =
        i + 1 < batch.starts_.size() ? batch.starts_[i + 1] : batch.args_.size();
    argv.clear();
    lengths.clear();
    for (std::size_t a = first; a < last; ++a) {
      argv.push_back(batch.args_[a].data());
      lengths.push_back(batch.args_[a].size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      return io_error("queue command");
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return io_error(batch.size() == 1 ? std::string(batch.command_name(i))
                                        : "reply " + std::to_string(i + 1) + " of " +
                                              std::to_string(batch.size()) + " (" +
                                              std::string(batch.command_name(i)) + ")");
    }
    replies.push_back(convert(static_cast<redisReply*>(raw)));
    freeReplyObject(raw);
  }
  return replies;
}

Result<RedisReply> RedisConnection::command(std::initializer_list<std::string_view> argv) {
  CommandBatch batch;
  batch.begin();
  for (std::string_view a : argv) batch.arg(a);
  auto replies = pipeline(batch);
  if (!replies) return replies.error();
  RedisReply reply = std::move(replies->front());
  if (reply.is_error()) return reply_error(batch.command_name(0), reply);
  return reply;
}

Result<RedisReply> RedisConnection::read_reply() {
  if (Status s = connect(); !s) return s.error();
  SigpipeGuard no_sigpipe;
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) return io_error("read reply");
  RedisReply reply = convert(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

}  // namespace alphapulse::bus
