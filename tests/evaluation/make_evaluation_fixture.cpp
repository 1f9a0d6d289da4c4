// tests/evaluation/make_evaluation_fixture: writes a generated run for the Python
// agreement test: two candle streams (BTCUSDT_15m.csv, ETHUSDT_1h.csv; project CSV
// format, shortest round-trip numbers), signals.jsonl (evaluation/signal_jsonl) over both,
// and expected.txt with the C++ evaluator's figures in the format of
// tools/evaluate_signals.py --details --risk --per-signal.
//
// Levels are drawn close to and far from entry so that wins, losses, expiries, open
// signals, all-four-TP exits, stop-and-TP1 candles and returns to entry all occur.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "evaluation/baseline.hpp"
#include "evaluation/json_text.hpp"
#include "evaluation/report.hpp"
#include "evaluation/signal_jsonl.hpp"

namespace ev = alphapulse::evaluation;
namespace core = alphapulse::core;

namespace {

double uniform(ev::SplitMix64& random) {
  return static_cast<double>(random.next() >> 11) * 0x1.0p-53;  // [0, 1)
}

std::vector<core::Candle> random_walk(ev::SplitMix64& random, std::size_t count, double start,
                                      std::int64_t first_open_ms, std::int64_t step_ms) {
  std::vector<core::Candle> out;
  double close = start;
  for (std::size_t i = 0; i < count; ++i) {
    core::Candle c;
    c.open_time = {first_open_ms + static_cast<std::int64_t>(i) * step_ms};
    if (i % 250 == 249) c.open_time.ms += 7 * step_ms;  // gaps: the rules walk candles, not time
    if (!out.empty() && c.open_time <= out.back().open_time)
      c.open_time.ms = out.back().open_time.ms + step_ms;
    c.close_time = {c.open_time.ms + step_ms - 1};
    c.open = close;
    close = close * (1.0 + 0.012 * (uniform(random) - 0.5));
    c.close = close;
    c.high = std::max(c.open, c.close) * (1.0 + 0.004 * uniform(random));
    c.low = std::min(c.open, c.close) * (1.0 - 0.004 * uniform(random));
    c.volume = 1 + 10 * uniform(random);
    out.push_back(c);
  }
  return out;
}

void write_csv(const std::string& path, const std::vector<core::Candle>& candles) {
  std::ofstream out(path);
  out << "open_time_ms,open,high,low,close,volume\n";
  for (const auto& c : candles) {
    out << c.open_time.ms << ',' << ev::format_shortest(c.open) << ','
        << ev::format_shortest(c.high) << ',' << ev::format_shortest(c.low) << ','
        << ev::format_shortest(c.close) << ',' << ev::format_shortest(c.volume) << '\n';
  }
}

core::Signal random_signal(ev::SplitMix64& random, const std::vector<core::Candle>& candles,
                           const char* symbol, core::Timeframe tf, int n) {
  core::Signal s;
  // Mostly anywhere, some in the last 120 candles so that open signals occur.
  const std::size_t index =
      n % 7 == 0 ? candles.size() - 1 - random.below(120) : random.below(candles.size());
  s.symbol.assign(symbol);
  s.timeframe = tf;
  s.direction = random.below(2) == 0 ? core::Direction::kLong : core::Direction::kShort;
  s.entry_price = candles[index].close;
  s.candle_open_time = candles[index].open_time;
  s.signal_id.assign(std::string(symbol) + "-" + std::to_string(s.candle_open_time.ms) + "-" +
                     std::to_string(n));
  const double dir = s.direction == core::Direction::kLong ? 1.0 : -1.0;
  const double scale = 0.002 + 0.03 * uniform(random);  // TP1 distance
  double distance = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    distance += scale * (0.5 + uniform(random));
    s.take_profits[k] = s.entry_price * (1.0 + dir * distance);
  }
  s.stop_loss = s.entry_price * (1.0 - dir * (0.003 + 0.03 * uniform(random)));
  s.confidence = uniform(random);
  s.risk_reward_ratio = (s.take_profits[0] - s.entry_price) / (s.entry_price - s.stop_loss);
  constexpr core::MarketRegime kRegimes[] = {core::MarketRegime::kRanging,
                                             core::MarketRegime::kChoppy,
                                             core::MarketRegime::kStrongTrendBull};
  s.market_regime = kRegimes[n % 3];
  s.pattern_type = n % 2 ? "hammer" : "bullish_engulfing";
  s.indicators.add("rsi_14", 100 * uniform(random));
  return s;
}

std::string number(double v) {
  return ev::format_shortest(v);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_evaluation_fixture OUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  ev::SplitMix64 random(20240301);
  ev::StreamCandles streams;
  streams[{"BTCUSDT", core::Timeframe::k15m}] =
      random_walk(random, 3000, 61234.56, 1'709'294'400'000, 900'000);
  streams[{"ETHUSDT", core::Timeframe::k1h}] =
      random_walk(random, 1500, 3456.78, 1'709'294'400'000, 3'600'000);
  write_csv(dir + "/BTCUSDT_15m.csv", streams.begin()->second);
  write_csv(dir + "/ETHUSDT_1h.csv", std::next(streams.begin())->second);

  std::vector<core::Signal> signals;
  for (int n = 0; n < 400; ++n) {
    const bool btc = n % 2 == 0;
    const auto& candles = btc ? streams.begin()->second : std::next(streams.begin())->second;
    signals.push_back(random_signal(random, candles, btc ? "BTCUSDT" : "ETHUSDT",
                                    btc ? core::Timeframe::k15m : core::Timeframe::k1h, n));
  }
  // One whose candle is not in the data.
  signals.push_back(signals.front());
  signals.back().signal_id.assign("unmatched");
  signals.back().candle_open_time.ms += 1;

  const ev::StreamCandles evaluator_streams = streams;
  ev::Evaluator evaluator(ev::views_of(streams));
  std::ofstream jsonl(dir + "/signals.jsonl");
  for (const auto& s : signals) {
    jsonl << ev::to_jsonl(s) << '\n';
    evaluator.add(s);
  }
  const ev::Metrics& m = evaluator.summary().overall;
  std::ofstream expected(dir + "/expected.txt");
  expected << ev::figures_line(m) << '\n';
  expected << "expired_share " << number(m.expired_share()) << " expectancy_r "
           << number(m.mean_return_r()) << " judged " << m.judged() << " unmatched " << m.unmatched
           << '\n';
  expected << ev::risk_line(m) << '\n';
  expected << ev::baseline_line(m) << '\n';
  for (const auto& j : evaluator.judged()) {
    const std::string outcome =
        j.matched ? std::string(core::to_string(j.result.outcome)) : std::string("unmatched");
    expected << "signal " << j.signal.signal_id.view() << ' ' << outcome << ' '
             << number(j.matched ? j.result.return_pct : NAN) << ' '
             << number(j.matched ? j.result.return_r : NAN) << '\n';
  }
  // What the run exercised; the agreement test requires every case at least once.
  std::size_t all_four = 0, back_to_entry = 0, stop_and_tp1 = 0, data_end = 0;
  for (const auto& j : evaluator.judged()) {
    all_four += j.result.take_profits_hit == 4;
    back_to_entry += j.result.stopped_at_entry;
    data_end += j.result.closed_at_data_end;
    if (j.result.outcome == core::SignalOutcome::kLoss) {
      const auto& candles = evaluator_streams.at(ev::stream_of(j.signal));
      const auto it = std::find_if(candles.begin(), candles.end(), [&](const core::Candle& c) {
        return c.open_time == j.signal.candle_open_time;
      });
      const core::Candle& hit = *(it + static_cast<std::ptrdiff_t>(j.result.candles_to_resolution));
      const bool is_long = j.signal.direction == core::Direction::kLong;
      stop_and_tp1 +=
          is_long ? hit.high >= j.signal.take_profits[0] : hit.low <= j.signal.take_profits[0];
    }
  }
  std::cout << "coverage all_four_tps " << all_four << " back_to_entry " << back_to_entry
            << " stop_and_tp1_in_one_candle " << stop_and_tp1 << " closed_at_data_end " << data_end
            << '\n';
  return 0;
}
