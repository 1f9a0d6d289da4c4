// engine/sinks: the standard sinks of `alphapulse run`, all on the engine's sink thread (off
// the hot path): a readable console line per signal, and the EVALUATION.md JSON Lines file.
#pragma once

#include <cstdio>
#include <fstream>
#include <string>

#include "engine/alphapulse_core.hpp"

namespace alphapulse::engine {

// "12:15:00Z BTCUSDT 15m LONG  entry 59285 stop 58900 TP 59863/60440/61018/61595 R:R 3.75
//  conf 0.71 bullish_engulfing (ranging)".
class ConsoleSink : public Sink {
 public:
  explicit ConsoleSink(std::FILE* out = stdout) : out_(out) {}
  void on_signal(const StreamRef& ref, const core::Signal& s) override;
  void on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) override;
  void flush() override { std::fflush(out_); }
  void set_show_regime_changes(bool show) { show_regime_changes_ = show; }

 private:
  std::FILE* out_;
  bool show_regime_changes_ = false;
};

// One JSON object per signal, EVALUATION.md's export format (the backtest writes the same).
class JsonlSink : public Sink {
 public:
  explicit JsonlSink(const std::string& path);
  bool ok() const { return static_cast<bool>(out_); }
  void on_signal(const StreamRef& ref, const core::Signal& s) override;
  void flush() override { out_.flush(); }

 private:
  std::ofstream out_;
};

std::string format_signal_line(const core::Signal& s);

}  // namespace alphapulse::engine
