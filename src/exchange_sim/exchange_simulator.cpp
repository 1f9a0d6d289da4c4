// exchange_sim/exchange_simulator: lifecycle (load, bind, io thread, stop) around SimContext and
// the Listener. The io thread's loop catches anything a handler throws, so no exception escapes
// it; the failure is printed and the loop resumes.
#include "exchange_sim/exchange_simulator.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "exchange_sim/http_session.hpp"
#include "exchange_sim/sim_context.hpp"
#include "exchange_sim/ws_session.hpp"

namespace alphapulse::exchange_sim {

struct ExchangeSimulator::Impl {
  // Declared before io so it outlives it: handlers still queued when io is destroyed own
  // sessions whose destructors update the context's counters.
  std::unique_ptr<SimContext> context;
  boost::asio::io_context io{1};
  std::shared_ptr<Listener> listener;
  std::thread thread;
  bool stopped = false;

  template <typename Function>
  void run_on_io(Function function) {
    std::promise<void> done;
    boost::asio::post(io, [&] {
      function();
      done.set_value();
    });
    done.get_future().wait();
  }
};

ExchangeSimulator::ExchangeSimulator(SimulatorConfig config) : config_(std::move(config)) {}

ExchangeSimulator::~ExchangeSimulator() {
  stop();
}

std::uint16_t ExchangeSimulator::start() {
  if (impl_) throw std::runtime_error("exchange simulator: start() called twice");
  std::string error;
  auto data = MarketData::load(config_.data_dir, config_.files_or_streams_filter,
                               config_.start_index, &error);
  if (!data) throw std::runtime_error("exchange simulator: " + error);
  auto impl = std::make_unique<Impl>();
  impl->context = std::make_unique<SimContext>(config_, std::move(*data));
  try {
    impl->listener = std::make_shared<Listener>(impl->io, *impl->context, config_.port);
  } catch (const std::exception& e) {
    throw std::runtime_error("exchange simulator: cannot listen on 127.0.0.1:" +
                             std::to_string(config_.port) + ": " + e.what());
  }
  impl->listener->run();
  impl->context->clock.start_running();
  impl->thread = std::thread([raw = impl.get()] {
    auto guard = boost::asio::make_work_guard(raw->io);
    for (;;) {
      try {
        raw->io.run();
        return;
      } catch (const std::exception& e) {
        std::cerr << "exchange simulator: io thread: " << e.what() << '\n';
      } catch (...) {
        std::cerr << "exchange simulator: io thread: unknown exception\n";
      }
    }
  });
  impl_ = std::move(impl);
  return impl_->listener->port();
}

void ExchangeSimulator::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->run_on_io([impl = impl_.get()] {
    impl->listener->stop();
    for (const auto& weak : impl->context->sessions) {
      if (const auto session = weak.lock()) session->close_now();
    }
  });
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool ExchangeSimulator::exhausted() const {
  return impl_ && impl_->context->exhausted();
}

SimulatorStats ExchangeSimulator::stats() const {
  if (!impl_) return {};
  return impl_->context->stats();
}

void ExchangeSimulator::send_server_shutdown() {
  if (!impl_ || impl_->stopped) return;
  boost::asio::post(impl_->io, [impl = impl_.get()] {
    for (const auto& weak : impl->context->sessions) {
      if (const auto session = weak.lock()) session->send_server_shutdown();
    }
  });
}

std::uint16_t ExchangeSimulator::port() const {
  return impl_ ? impl_->listener->port() : 0;
}

}  // namespace alphapulse::exchange_sim
