// Tests of feed/inline_completion_executor: what runs at once and what waits for the
// io_context, through the same Asio calls Beast makes (post, dispatch), and a real Beast
// WebSocket read of many frames that arrive in one write over loopback: every frame in order,
// most of them handed over inline, never deeper than the bound.
// clang-format off
#include <utility>  // first: Boost 1.74 asio headers use std::exchange unincluded
// clang-format on

#include "feed/inline_completion_executor.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace alphapulse::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

TEST(InlineCompletionExecutor, PostThroughItRunsBeforePostReturns) {
  asio::io_context io;
  int depth = 0;
  const InlineCompletionExecutor executor(io.get_executor(), &depth, 4);
  int seen_depth = -1;
  asio::post(asio::bind_executor(executor, [&] { seen_depth = depth; }));
  EXPECT_EQ(seen_depth, 1);  // ran inside post, one level deep
  EXPECT_EQ(depth, 0);
  EXPECT_EQ(io.poll(), 0u);  // nothing was left for the io_context
}

TEST(InlineCompletionExecutor, NestingBeyondTheBoundGoesThroughTheQueue) {
  asio::io_context io;
  int depth = 0;
  const InlineCompletionExecutor executor(io.get_executor(), &depth, 3);
  std::vector<int> order;  // step number, in the order the steps ran
  std::function<void(int)> step = [&](int n) {
    order.push_back(n);
    if (n < 7) asio::post(asio::bind_executor(executor, [&step, n] { step(n + 1); }));
  };
  asio::post(asio::bind_executor(executor, [&step] { step(1); }));
  // Steps 1-3 nest inline; step 4 would be the fourth level, so it waits for the queue.
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(depth, 0);
  io.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(InlineCompletionExecutor, DispatchRunsInlineToo) {
  asio::io_context io;
  int depth = 0;
  const InlineCompletionExecutor executor(io.get_executor(), &depth, 1);
  bool ran = false;
  asio::dispatch(asio::bind_executor(executor, [&] { ran = true; }));
  EXPECT_TRUE(ran);
}

TEST(InlineCompletionExecutor, DepthIsRestoredWhenTheFunctionThrows) {
  asio::io_context io;
  int depth = 0;
  const InlineCompletionExecutor executor(io.get_executor(), &depth, 2);
  EXPECT_THROW(executor.execute([] { throw std::runtime_error("handler failed"); }),
               std::runtime_error);
  EXPECT_EQ(depth, 0);
}

// A WebSocket server frame: unmasked, FIN + text opcode, payload under 64 KiB.
std::string text_frame(const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x81));
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(payload.size()));
  } else {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    frame.push_back(static_cast<char>(payload.size() & 0xff));
  }
  return frame + payload;
}

// The client side of the test: reads `expected` messages with its handler bound to the
// executor, the way feed/ws_connection does, and records each one and its nesting depth.
struct BufferedReader {
  BufferedReader(asio::io_context& io, int max_depth)
      : ws(io), executor(io.get_executor(), &depth, max_depth) {}

  void read_next() {
    ws.async_read(buffer, asio::bind_executor(executor, [this](beast::error_code ec, std::size_t) {
                    if (ec) {
                      error = ec.message();
                      return;
                    }
                    messages.push_back(beast::buffers_to_string(buffer.cdata()));
                    depths.push_back(depth);
                    buffer.consume(buffer.size());
                    if (messages.size() < expected) read_next();
                  }));
  }

  websocket::stream<asio::ip::tcp::socket> ws;
  int depth = 0;
  InlineCompletionExecutor executor;
  beast::flat_buffer buffer;
  std::vector<std::string> messages;
  std::vector<int> depths;
  std::size_t expected = 0;
  std::string error;
};

TEST(InlineCompletionExecutor, BeastReadsFramesBufferedTogetherInOrderWithinTheBound) {
  constexpr int kMaxDepth = 5;
  constexpr std::size_t kFrames = 200;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();

  // The server accepts the handshake with Beast, then writes every frame in one write on the
  // raw socket, so the client finds many complete messages in each read.
  std::vector<std::string> sent;
  std::string burst;
  for (std::size_t i = 0; i < kFrames; ++i) {
    sent.push_back("{\"stream\":\"sym" + std::to_string(i) + "@kline_15m\",\"n\":" +
                   std::to_string(i) + std::string(i % 3 == 0 ? 150 : 20, ' ') + "}");
    burst += text_frame(sent.back());
  }
  std::thread server([&] {
    asio::io_context server_io;
    asio::ip::tcp::socket socket(server_io);
    acceptor.accept(socket);
    websocket::stream<asio::ip::tcp::socket> ws(std::move(socket));
    ws.accept();
    asio::write(ws.next_layer(), asio::buffer(burst));
    beast::flat_buffer ignored;
    beast::error_code ec;
    ws.read(ignored, ec);  // hold the connection open until the client is gone
  });

  BufferedReader reader(io, kMaxDepth);
  reader.expected = kFrames;
  reader.ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  reader.ws.handshake("127.0.0.1", "/");
  reader.read_next();
  io.run();
  reader.ws.next_layer().close();
  server.join();

  ASSERT_EQ(reader.error, "");
  EXPECT_EQ(reader.messages, sent);
  int deepest = 0;
  int inline_count = 0;
  for (const int depth : reader.depths) {
    deepest = std::max(deepest, depth);
    if (depth >= 2) ++inline_count;  // nested inside the previous frame's handler
  }
  EXPECT_LE(deepest, kMaxDepth);
  EXPECT_EQ(deepest, kMaxDepth);  // the bound was reached, so it was what stopped the nesting
  EXPECT_GT(inline_count, static_cast<int>(kFrames) / 2);
  EXPECT_EQ(reader.depth, 0);
}

}  // namespace
}  // namespace alphapulse::feed
