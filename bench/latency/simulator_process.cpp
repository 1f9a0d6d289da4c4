// bench/latency/simulator_process: see the header. Protocol: the parent writes "G" (run); the
// child answers, one line each, "PORT n" (or "ERROR text"), later "EXHAUSTED", and after the
// parent closes its pipe the simulator's statistics followed by "END". The child also ends
// when the parent dies or closes the pipe before "G".
#include "bench/latency/simulator_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>

#include "core/cpu_affinity.hpp"
#include "exchange_sim/exchange_simulator.hpp"

namespace alphapulse::bench {
namespace {

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void run_child(const exchange_sim::SimulatorConfig& config, int to_parent,
                            int from_parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  int code = 0;
  char go = 0;
  if (::read(from_parent, &go, 1) != 1 || go != 'G') std::_Exit(0);
  try {
    exchange_sim::ExchangeSimulator simulator(config);
    const std::uint16_t port = simulator.start();
    write_all(to_parent, "PORT " + std::to_string(port) + "\n");
    bool reported = false;
    for (;;) {
      pollfd p{from_parent, POLLIN, 0};
      if (::poll(&p, 1, 5) > 0) break;  // the parent closed its end (or wrote): stop
      if (!reported && simulator.exhausted()) {
        write_all(to_parent, "EXHAUSTED\n");
        reported = true;
      }
    }
    const std::string stats = exchange_sim::to_string(simulator.stats());
    simulator.stop();
    write_all(to_parent, stats + (stats.ends_with('\n') ? "" : "\n") + "END\n");
  } catch (const std::exception& e) {
    write_all(to_parent, std::string("ERROR ") + e.what() + "\n");
    code = 1;
  }
  ::close(to_parent);
  std::_Exit(code);
}

}  // namespace

SimulatorProcess::~SimulatorProcess() {
  if (pid_ > 0) stop();
}

bool SimulatorProcess::spawn(const exchange_sim::SimulatorConfig& config, std::string* error,
                             int keep_off_cpu) {
  int up[2];
  int down[2];
  if (::pipe(up) != 0 || ::pipe(down) != 0) {
    *error = "pipe() failed";
    return false;
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    *error = "fork() failed";
    return false;
  }
  if (pid_ == 0) {
    ::close(up[0]);
    ::close(down[1]);
    (void)core::keep_current_thread_off_cpu(keep_off_cpu);  // threads started later inherit it
    run_child(config, up[1], down[0]);
  }
  ::close(up[1]);
  ::close(down[0]);
  from_child_ = up[0];
  to_child_ = down[1];
  return true;
}

bool SimulatorProcess::run(std::string* error) {
  if (pid_ <= 0 || ::write(to_child_, "G", 1) != 1) {
    *error = "the simulator process is not running";
    return false;
  }
  std::string line;
  if (!read_line(&line, 60'000)) {
    *error = "the simulator process did not report a port within 60 s";
    stop();
    return false;
  }
  if (!line.starts_with("PORT ")) {
    *error = "simulator: " + (line.starts_with("ERROR ") ? line.substr(6) : line);
    stop();
    return false;
  }
  port_ = static_cast<std::uint16_t>(std::atoi(line.c_str() + 5));
  return true;
}

bool SimulatorProcess::read_line(std::string* line, int timeout_ms) {
  for (;;) {
    if (const auto eol = buffer_.find('\n'); eol != std::string::npos) {
      *line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 1);
      return true;
    }
    pollfd p{from_child_, POLLIN, 0};
    if (from_child_ < 0 || ::poll(&p, 1, timeout_ms) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool SimulatorProcess::exhausted() {
  std::string line;
  while (!exhausted_ && read_line(&line, 0)) {
    if (line == "EXHAUSTED") exhausted_ = true;
  }
  return exhausted_;
}

std::string SimulatorProcess::stop() {
  if (pid_ <= 0) return {};
  if (to_child_ >= 0) ::close(to_child_);
  to_child_ = -1;
  std::string stats;
  std::string line;
  while (read_line(&line, 10'000) && line != "END") {
    if (line != "EXHAUSTED" && !line.starts_with("PORT ")) stats += line + "\n";
  }
  if (from_child_ >= 0) ::close(from_child_);
  from_child_ = -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return stats;
}

}  // namespace alphapulse::bench
