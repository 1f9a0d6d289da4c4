#include "engine/sinks.hpp"

#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::engine {

std::string format_signal_line(const core::Signal& s) {
  char buf[512];
  const std::string time = core::format_iso8601(s.timestamp);
  std::snprintf(
      buf, sizeof buf,
      "%s %-9s %-3s %-5s entry %.8g stop %.8g TP %.8g/%.8g/%.8g/%.8g R:R %.2f conf %.2f %s (%s)%s",
      time.c_str(), s.symbol.str().c_str(), std::string(core::to_string(s.timeframe)).c_str(),
      s.direction == core::Direction::kLong ? "LONG" : "SHORT", s.entry_price, s.stop_loss,
      s.take_profits[0], s.take_profits[1], s.take_profits[2], s.take_profits[3],
      s.risk_reward_ratio, s.confidence, std::string(s.pattern_type).c_str(),
      std::string(core::to_string(s.market_regime)).c_str(), s.trend_alignment ? " with HTF" : "");
  return buf;
}

void ConsoleSink::on_signal(const StreamRef&, const core::Signal& s) {
  std::fprintf(out_, "signal  %s\n", format_signal_line(s).c_str());
}

void ConsoleSink::on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) {
  if (!show_regime_changes_) return;
  std::fprintf(out_, "regime  %s %s %s -> %s (confidence %.2f)\n",
               core::format_iso8601(change.time).c_str(), ref.spec->symbol.str().c_str(),
               std::string(core::to_string(ref.spec->timeframe)).c_str(),
               std::string(core::to_string(change.regime_type)).c_str(), change.confidence);
}

JsonlSink::JsonlSink(const std::string& path) : out_(path, std::ios::out | std::ios::trunc) {}

void JsonlSink::on_signal(const StreamRef&, const core::Signal& s) {
  out_ << evaluation::to_jsonl(s) << '\n';
}

}  // namespace alphapulse::engine
