// regime/regime_generator: the labelled series. The model (per-segment drift, volatility,
// Ornstein-Uhlenbeck pull, MA(1) whipsaw, volume multiplier, 12-substep intra-candle path,
// GARCH-like clustering) follows regime_synth.py line by line; see its header for the table.
#include "regime/regime_generator.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <ostream>
#include <string>

#include "regime/random.hpp"

namespace alphapulse::regime {
namespace {

using core::MarketRegime;

constexpr std::array kAllRegimes = {MarketRegime::kStrongTrendBull,  MarketRegime::kStrongTrendBear,
                                    MarketRegime::kWeakTrend,        MarketRegime::kRanging,
                                    MarketRegime::kVolatileBreakout, MarketRegime::kChoppy};
constexpr int kSubsteps = 12;

std::int64_t draw_length(RandomSource& rng, MarketRegime regime) {
  const SegmentLengthRange range = segment_length_range(regime);
  return rng.integer(range.shortest, range.longest);
}

SegmentParams segment_params(RandomSource& rng, MarketRegime regime, double s0) {
  const double sign = rng.uniform() < 0.5 ? 1.0 : -1.0;
  SegmentParams p{regime};
  switch (regime) {
    case MarketRegime::kStrongTrendBull:
    case MarketRegime::kStrongTrendBear:
      p.sigma = s0 * rng.uniform(0.8, 1.2);
      p.mu = (regime == MarketRegime::kStrongTrendBull ? 1.0 : -1.0) * rng.uniform(0.25, 0.5) *
             p.sigma;
      p.length = draw_length(rng, regime);
      break;
    case MarketRegime::kWeakTrend:
      p.sigma = s0 * rng.uniform(0.7, 1.1);
      p.mu = sign * rng.uniform(0.06, 0.15) * p.sigma;
      p.length = draw_length(rng, regime);
      break;
    case MarketRegime::kRanging:
      p.sigma = s0 * rng.uniform(0.5, 0.8);
      p.theta = rng.uniform(0.05, 0.15);
      p.length = draw_length(rng, regime);
      p.volume_multiplier = rng.uniform(0.6, 0.9);
      break;
    case MarketRegime::kVolatileBreakout:
      p.sigma = s0 * rng.uniform(2.5, 4.0);
      p.mu = sign * rng.uniform(0.3, 0.6) * p.sigma;
      p.length = draw_length(rng, regime);
      p.volume_multiplier = rng.uniform(2.0, 4.0);
      break;
    case MarketRegime::kChoppy:
      p.sigma = s0 * rng.uniform(1.5, 2.5);
      p.ma = -0.6;
      p.length = draw_length(rng, regime);
      break;
  }
  return p;
}

MarketRegime next_regime(RandomSource& rng, bool has_previous, MarketRegime previous) {
  std::array<MarketRegime, kAllRegimes.size()> choices{};
  std::size_t n = 0;
  for (MarketRegime r : kAllRegimes) {
    if (!has_previous || r != previous) choices[n++] = r;
  }
  return choices[static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(n) - 1))];
}

void append_number(std::string& line, double v) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip
  line.append(buf, result.ptr);
}

}  // namespace

SegmentLengthRange segment_length_range(MarketRegime regime) {
  switch (regime) {
    case MarketRegime::kStrongTrendBull:
    case MarketRegime::kStrongTrendBear:
    case MarketRegime::kRanging:
      return {80, 250};
    case MarketRegime::kWeakTrend:
      return {80, 200};
    case MarketRegime::kVolatileBreakout:
      return {20, 60};
    case MarketRegime::kChoppy:
      return {60, 150};
  }
  return {1, 1};
}

std::vector<double> segment_length_probabilities(std::size_t size) {
  std::vector<double> probability(size, 0.0);
  const double share = 1.0 / static_cast<double>(kAllRegimes.size());
  for (const MarketRegime regime : kAllRegimes) {
    const SegmentLengthRange range = segment_length_range(regime);
    const double each = share / static_cast<double>(range.longest - range.shortest + 1);
    for (std::int64_t n = range.shortest; n <= range.longest; ++n) {
      if (n < static_cast<std::int64_t>(size)) probability[static_cast<std::size_t>(n)] += each;
    }
  }
  return probability;
}

void for_each_regime_candle(const RegimeSeriesOptions& options,
                            const std::function<bool(const LabelledCandle&)>& sink) {
  RandomSource rng(options.seed);
  std::int64_t made = 0;
  const core::DurationMs step = core::duration(options.timeframe);
  core::TimestampMs t = options.start_time;
  double log_p = std::log(options.start_price);
  double garch = 1.0;
  double prev_e = 0.0;
  bool has_previous = false;
  MarketRegime previous = MarketRegime::kRanging;
  auto noise = [&] { return options.fat_tails ? rng.student_t4() : rng.normal(); };

  while (made < options.candles) {
    const MarketRegime regime = next_regime(rng, has_previous, previous);
    has_previous = true;
    previous = regime;
    const SegmentParams p = segment_params(rng, regime, options.base_vol);
    const double anchor = log_p;
    for (std::int64_t i = 0; i < p.length && made < options.candles; ++i) {
      const double sigma = p.sigma * (options.vol_clustering ? std::sqrt(garch) : 1.0);
      const double e = noise();
      const double shock = e + p.ma * prev_e;
      prev_e = e;
      const double drift = p.theta > 0.0 ? p.theta * (anchor - log_p) : p.mu;
      const double total = drift + sigma * shock;

      // Intra-candle path: substeps that sum exactly to the candle's return.
      std::array<double, kSubsteps> parts{};
      double mean = 0;
      for (double& x : parts) {
        x = noise();
        mean += x;
      }
      mean /= kSubsteps;
      const double scale = sigma / std::sqrt(static_cast<double>(kSubsteps));
      const double o = log_p;
      double hi = o, lo = o, cur = o;
      for (double x : parts) {
        cur += total / kSubsteps + scale * (x - mean);
        hi = std::max(hi, cur);
        lo = std::min(lo, cur);
      }
      const double c = o + total;
      hi = std::max(hi, c);
      lo = std::min(lo, c);

      const double base_volume = std::exp(rng.normal(std::log(100.0), 0.35));
      const double move = std::abs(total) / std::max(options.base_vol, 1e-12);
      LabelledCandle out{};
      out.regime = regime;
      out.candle.open_time = t;
      out.candle.close_time = t + step - core::DurationMs{1};
      out.candle.open = std::exp(o);
      out.candle.close = std::exp(c);
      // exp is monotone but rounds: keep high/low bracketing the body exactly.
      out.candle.high = std::max({std::exp(hi), out.candle.open, out.candle.close});
      out.candle.low = std::min({std::exp(lo), out.candle.open, out.candle.close});
      out.candle.volume = base_volume * p.volume_multiplier * (1.0 + 0.3 * move);
      if (!sink(out)) return;
      ++made;

      if (options.vol_clustering) {
        garch = 0.05 + 0.10 * shock * shock + 0.85 * garch;
        garch = std::min(std::max(garch, 0.25), 4.0);
      }
      log_p = c;
      t = t + step;
    }
  }
}

std::vector<LabelledCandle> generate_regime_series(const RegimeSeriesOptions& options) {
  std::vector<LabelledCandle> series;
  series.reserve(static_cast<std::size_t>(std::max<std::int64_t>(options.candles, 0)));
  for_each_regime_candle(options, [&series](const LabelledCandle& c) {
    series.push_back(c);
    return true;
  });
  return series;
}

void write_labelled_csv_header(std::ostream& out) {
  out << "open_time_ms,open,high,low,close,volume,regime\n";
}

void write_labelled_csv_row(std::ostream& out, const LabelledCandle& row, std::string& line) {
  line = std::to_string(row.candle.open_time.ms);
  for (double v :
       {row.candle.open, row.candle.high, row.candle.low, row.candle.close, row.candle.volume}) {
    line += ',';
    append_number(line, v);
  }
  line += ',';
  line += core::to_string(row.regime);
  line += '\n';
  out << line;
}

bool write_labelled_csv(std::ostream& out, std::span<const LabelledCandle> series) {
  write_labelled_csv_header(out);
  std::string line;
  for (const LabelledCandle& row : series) write_labelled_csv_row(out, row, line);
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace alphapulse::regime
