// bench/latency/simulator_process: the exchange simulator in a child process. The benchmark
// measures the AlphaPulse process (feed + engine + store): with the simulator in-process its
// candle files (~100 MB for 300 streams) would be counted in the peak RSS and its io thread
// would share the process, which a real exchange does not. Talks to the child over two pipes.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "exchange_sim/simulator_config.hpp"

namespace alphapulse::bench {

class SimulatorProcess {
 public:
  SimulatorProcess() = default;
  ~SimulatorProcess();  // stops the child if still running
  SimulatorProcess(const SimulatorProcess&) = delete;
  SimulatorProcess& operator=(const SimulatorProcess&) = delete;

  // Forks a child that waits for run(). Call before this process starts any thread (fork
  // copies only the calling thread).
  // keep_off_cpu >= 0: the simulator's threads never run on that CPU (the engine's deciding
  // thread has it to itself).
  bool spawn(const exchange_sim::SimulatorConfig& config, std::string* error,
             int keep_off_cpu = -1);
  // The child loads the data, binds and starts its clock (paced mode: real time runs from
  // here, so call it just before the feed connects). False with `error` when it failed.
  bool run(std::string* error);
  std::uint16_t port() const { return port_; }

  // Non-blocking: true once the child reported that every candle has been sent.
  bool exhausted();
  // Asks the child to stop, returns its final statistics ("key=value" lines) and reaps it.
  std::string stop();

 private:
  bool read_line(std::string* line, int timeout_ms);

  pid_t pid_ = -1;
  int from_child_ = -1;
  int to_child_ = -1;
  std::uint16_t port_ = 0;
  bool exhausted_ = false;
  std::string buffer_;
};

}  // namespace alphapulse::bench
