// feed/inline_completion_executor: the executor the WebSocket read loop binds its handler to,
// so that a frame Beast already holds in its buffer is handed over at once instead of after a
// trip through the io_context's queue.
//
// Why: when the bytes of the next message are already buffered, Beast's read completes without
// I/O and, to keep the rule that a handler never runs inside the call that started the
// operation, posts its continuation to the handler's executor. On the io_context that is one
// scheduler turn per frame, with an `epoll_wait(0)` between any two handlers (~0.6 us a frame
// on this machine, session 6), paid by every frame after the first of a socket read: at an
// interval boundary, the closes of many streams wait behind each other's turns.
//
// What it does: run the submitted function now, on this thread, unless `max_depth` inline runs
// are already nested on the stack; then it goes to the io_context like any post, which bounds
// the stack and lets timers and other connections run at least every `max_depth` frames.
// Running inline is sound here because the read handler's last act is to start the next read
// (nothing of the caller runs after the nested completion returns) and Beast releases its read
// block before completing (boost/beast/websocket/impl/read.hpp).
#pragma once

#include <boost/asio/execution.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <utility>

namespace alphapulse::feed {

class InlineCompletionExecutor {
 public:
  using Inner = boost::asio::io_context::executor_type;

  // `depth` counts the nested inline runs; it belongs to the caller (one per connection) and
  // must outlive every copy of the executor.
  InlineCompletionExecutor(Inner inner, int* depth, int max_depth) noexcept
      : inner_(inner), depth_(depth), max_depth_(max_depth) {}

  template <typename Function>
  void execute(Function&& function) const {
    if (*depth_ >= max_depth_) {
      boost::asio::post(inner_, std::forward<Function>(function));
      return;
    }
    const DepthGuard guard(depth_);
    Function run(std::forward<Function>(function));
    run();
  }

  // Asio asks for these when it posts, dispatches or tracks work through an executor; each
  // returns this executor, whose inline-or-post choice is the point.
  InlineCompletionExecutor require(boost::asio::execution::blocking_t::never_t) const noexcept {
    return *this;
  }
  InlineCompletionExecutor require(boost::asio::execution::blocking_t::possibly_t) const noexcept {
    return *this;
  }
  InlineCompletionExecutor prefer(
      boost::asio::execution::outstanding_work_t::tracked_t) const noexcept {
    return *this;
  }
  InlineCompletionExecutor prefer(
      boost::asio::execution::outstanding_work_t::untracked_t) const noexcept {
    return *this;
  }
  boost::asio::io_context& query(boost::asio::execution::context_t) const noexcept {
    return boost::asio::query(inner_, boost::asio::execution::context);
  }
  static constexpr boost::asio::execution::blocking_t query(
      boost::asio::execution::blocking_t) noexcept {
    return boost::asio::execution::blocking.possibly;
  }

  int depth() const noexcept { return *depth_; }

  friend bool operator==(const InlineCompletionExecutor& a,
                         const InlineCompletionExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.depth_ == b.depth_ && a.max_depth_ == b.max_depth_;
  }
  friend bool operator!=(const InlineCompletionExecutor& a,
                         const InlineCompletionExecutor& b) noexcept {
    return !(a == b);
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(int* counter) noexcept : depth(counter) { ++*depth; }
    ~DepthGuard() { --*depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    int* depth;
  };

  Inner inner_;
  int* depth_;
  int max_depth_;
};

}  // namespace alphapulse::feed
