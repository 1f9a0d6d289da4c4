// bench/latency/synthetic_market: see the header. Returns are the sample's, walked from a
// different offset per symbol, scaled and (for half the symbols) mirrored, with the candle's
// wicks carried along, so every stream is a plausible, different market and the pipelines do
// the same work they do on real data.
#include "bench/latency/synthetic_market.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "core/candle_aggregator.hpp"
#include "feed/candle_csv.hpp"

namespace alphapulse::bench {
namespace {

constexpr std::int64_t kOrigin = 1704067200000;  // 2024-01-01T00:00:00Z, aligned to 1d

struct Shape {
  double log_return;  // close / open
  double upper_wick;  // high / max(open, close), >= 1
  double lower_wick;  // low / min(open, close), <= 1
  double volume;
};

std::vector<Shape> shapes_of(const std::vector<core::Candle>& sample) {
  std::vector<Shape> shapes;
  shapes.reserve(sample.size());
  for (const auto& c : sample) {
    shapes.push_back({std::log(c.close / c.open), c.high / std::max(c.open, c.close),
                      c.low / std::min(c.open, c.close), c.volume});
  }
  return shapes;
}

bool write_csv(const std::filesystem::path& path, const std::vector<core::Candle>& candles) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  std::fputs("open_time_ms,open,high,low,close,volume\n", f);
  for (const auto& c : candles) {
    std::fprintf(f, "%lld,%.12g,%.12g,%.12g,%.12g,%.10g\n", static_cast<long long>(c.open_time.ms),
                 c.open, c.high, c.low, c.close, c.volume);
  }
  return std::fclose(f) == 0;
}

std::vector<core::Candle> base_series(const std::vector<Shape>& shapes, double start_price,
                                      std::size_t count, core::DurationMs step,
                                      std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick_offset(0, shapes.size() - 1);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  const std::size_t offset = pick_offset(rng);
  const bool mirrored = (rng() & 1) != 0;
  const double return_scale = 0.8 + 0.4 * (unit(rng) + 1.0) / 2.0;
  const double volume_scale = std::exp(3.0 * unit(rng));
  std::vector<core::Candle> out;
  out.reserve(count);
  double price = start_price;
  for (std::size_t t = 0; t < count; ++t) {
    const Shape& s = shapes[(offset + t) % shapes.size()];
    const double r =
        (mirrored ? -s.log_return : s.log_return) * return_scale * (1.0 + 0.2 * unit(rng));
    const double upper = mirrored ? 1.0 / s.lower_wick : s.upper_wick;
    const double lower = mirrored ? 1.0 / s.upper_wick : s.lower_wick;
    core::Candle c;
    c.open_time = core::TimestampMs{kOrigin + static_cast<std::int64_t>(t) * step.count};
    c.close_time = c.open_time + core::DurationMs{step.count - 1};
    c.open = price;
    c.close = price * std::exp(r);
    c.high = std::max(c.open, c.close) * std::max(1.0, upper);
    c.low = std::min(c.open, c.close) * std::min(1.0, lower);
    c.volume = s.volume * volume_scale * (1.0 + 0.2 * unit(rng));
    price = c.close;
    out.push_back(c);
  }
  return out;
}

}  // namespace

SyntheticMarket write_synthetic_market(const SyntheticMarketSpec& spec) {
  SyntheticMarket market;
  if (spec.timeframes.empty() || spec.timeframes.size() > 16 || spec.symbols < 1 ||
      spec.symbols > 9999) {
    market.error = "need 1..16 timeframes and 1..9999 symbols";
    return market;
  }
  const core::Timeframe base = spec.timeframes.front();
  core::DurationMs top = core::duration(base);
  for (const auto tf : spec.timeframes) {
    if (!core::CandleAggregator::supports(base, tf)) {
      market.error = std::string(core::to_string(tf)) + " is not a whole multiple of " +
                     std::string(core::to_string(base));
      return market;
    }
    top.count = std::max(top.count, core::duration(tf).count);
  }
  const auto sample = feed::read_candle_file(spec.sample_csv);
  if (sample.candles.size() < 100) {
    market.error = spec.sample_csv.string() + ": fewer than 100 usable candles";
    return market;
  }
  const std::vector<Shape> shapes = shapes_of(sample.candles);
  std::error_code ec;
  std::filesystem::create_directories(spec.out_dir, ec);
  if (ec) {
    market.error = spec.out_dir.string() + ": " + ec.message();
    return market;
  }

  const auto history_span = static_cast<std::int64_t>(spec.history) * top.count;
  const auto live_span = static_cast<std::int64_t>(spec.live_top_candles) * top.count;
  market.clock_start = core::TimestampMs{kOrigin + history_span};
  const auto base_count =
      static_cast<std::size_t>((history_span + live_span) / core::duration(base).count);
  for (std::size_t k = 0; k < spec.timeframes.size(); ++k) {
    market.per_stream_live[k] =
        static_cast<std::uint64_t>(live_span / core::duration(spec.timeframes[k]).count);
  }

  std::mt19937_64 rng(spec.seed);
  for (int i = 0; i < spec.symbols; ++i) {
    char name[24];
    std::snprintf(name, sizeof name, "SYM%04dUSDT", i);
    market.symbols.emplace_back(name);
    // Prices from ~0.06 to ~600,000 (sample x 10^-6 .. 10^1): nothing may depend on one scale.
    const double start_price =
        sample.candles.front().open * std::pow(10.0, static_cast<double>(i % 8) - 6.0);
    const auto candles = base_series(shapes, start_price, base_count, core::duration(base), rng);
    for (std::size_t k = 0; k < spec.timeframes.size(); ++k) {
      const core::Timeframe tf = spec.timeframes[k];
      std::vector<core::Candle> series;
      if (tf == base) {
        series = candles;
      } else {
        core::CandleAggregator aggregator(base, tf);
        for (const auto& c : candles) {
          if (const auto done = aggregator.update(c); done && done->complete)
            series.push_back(done->candle);
        }
        if (const auto last = aggregator.flush(); last && last->complete)
          series.push_back(last->candle);
      }
      const auto path =
          spec.out_dir / (market.symbols.back() + "_" + std::string(core::to_string(tf)) + ".csv");
      if (!write_csv(path, series)) {
        market.error = path.string() + ": cannot write";
        return market;
      }
      market.live_closed += market.per_stream_live[k];
    }
  }
  return market;
}

}  // namespace alphapulse::bench
