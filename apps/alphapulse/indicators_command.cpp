// `alphapulse indicators`: the interface by which the numbers are checked independently.
// Output columns are open_time_ms then the TA-Lib reference names (ta/indicator_columns.hpp,
// ta/pattern_columns.hpp); keep them stable. Empty cell = still warming up.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "core/time.hpp"
#include "feed/candle_csv.hpp"
#include "ta/candle_patterns.hpp"
#include "ta/indicator_columns.hpp"
#include "ta/indicator_set.hpp"
#include "ta/pattern_columns.hpp"

namespace alphapulse::app {
namespace {

void append_number(std::string& line, double v) {
  line += ',';
  if (std::isnan(v)) return;
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", v);
  line.append(buf, static_cast<std::size_t>(n));
}

std::string header() {
  std::string h = "open_time_ms";
  for (const auto& column : ta::kIndicatorColumns) (h += ',') += column.name;
  for (const auto& column : ta::kPatternColumns) (h += ',') += column.name;
  return h;
}

void print_load_report(const feed::CandleFileResult& file, const std::string& path) {
  const auto& stats = file.stats;
  std::printf("file        %s (%s, %s %s)\n", path.c_str(),
              std::string(feed::to_string(file.format)).c_str(),
              file.symbol.empty() ? "?" : file.symbol.str().c_str(),
              file.timeframe ? std::string(core::to_string(*file.timeframe)).c_str() : "?");
  std::printf("rows        %zu read, %zu accepted, %zu rejected\n", stats.rows_read,
              stats.rows_accepted, stats.rows_rejected());
  for (std::size_t e = 0; e < feed::kRowErrorCount; ++e) {
    if (stats.rejected_by_error[e] == 0) continue;
    std::printf("  rejected  %zu x %s\n", stats.rejected_by_error[e],
                std::string(feed::to_string(static_cast<feed::RowError>(e))).c_str());
  }
  for (const auto& message : stats.messages) std::fprintf(stderr, "warning: %s\n", message.c_str());
  std::printf("gaps        %zu (%lld candles missing)\n", stats.gap_count,
              static_cast<long long>(stats.missing_candles));
  for (const auto& gap : stats.gaps) {
    std::printf("  gap       %s -> %s (%lld missing, line %zu)\n",
                core::format_iso8601(gap.from).c_str(), core::format_iso8601(gap.to).c_str(),
                static_cast<long long>(gap.missing), gap.line);
  }
}

void print_summary(const std::vector<core::Candle>& candles, const ta::IndicatorValues& last,
                   const std::array<std::size_t, ta::kCandlePatternCount>& bullish,
                   const std::array<std::size_t, ta::kCandlePatternCount>& bearish,
                   double seconds) {
  if (candles.empty()) return;
  std::printf("span        %s .. %s\n", core::format_iso8601(candles.front().open_time).c_str(),
              core::format_iso8601(candles.back().close_time).c_str());
  std::printf("speed       %zu candles in %.2f ms (%.1f M candles/s, indicators + patterns)\n",
              candles.size(), seconds * 1e3, static_cast<double>(candles.size()) / seconds / 1e6);
  const auto& c = candles.back();
  std::printf("\nlast candle %s  close %.8g\n", core::format_iso8601(c.open_time).c_str(), c.close);
  std::printf("  RSI(14) %.2f   MACD(8,24,9) %.4g / signal %.4g / hist %.4g\n", last.rsi,
              last.macd.macd, last.macd.signal, last.macd.histogram);
  std::printf("  BB(20,2) %.8g | %.8g | %.8g   ATR(14) %.6g (%.3f%%)\n", last.bollinger.lower,
              last.bollinger.middle, last.bollinger.upper, last.atr.atr, last.atr.natr);
  std::printf("  ADX(14) %.2f  +DI %.2f  -DI %.2f   MFI(14) %.2f   CCI(20) %.2f\n",
              last.directional.adx, last.directional.plus_di, last.directional.minus_di, last.mfi,
              last.cci);
  std::printf("  Stoch(14,3,3) %.2f / %.2f   Williams %%R(14) %.2f   EMA20 %.8g  EMA50 %.8g\n",
              last.stochastic.slow_k, last.stochastic.slow_d, last.williams_r, last.ema_fast,
              last.ema_slow);
  std::printf("\npatterns    bullish  bearish\n");
  for (std::size_t p = 0; p < ta::kCandlePatternCount; ++p) {
    std::printf("  %-22s %6zu %8zu\n",
                std::string(ta::to_string(ta::kAllCandlePatterns[p])).c_str(), bullish[p],
                bearish[p]);
  }
}

}  // namespace

int run_indicators(const IndicatorsOptions& options) {
  feed::CandleFileOptions read_options;
  read_options.mode =
      options.strict ? feed::ValidationMode::kStrict : feed::ValidationMode::kLenient;
  const feed::CandleFileResult file = feed::read_candle_file(options.data_path, read_options);
  if (!file.ok()) {
    std::fprintf(stderr, "error: %s\n", file.error->c_str());
    return 2;
  }
  print_load_report(file, options.data_path);

  std::ofstream out;
  if (!options.out_path.empty()) {
    out.open(options.out_path);
    if (!out) {
      std::fprintf(stderr, "error: cannot write %s\n", options.out_path.c_str());
      return 2;
    }
    out << header() << '\n';
  }

  ta::IndicatorSet indicators;
  ta::CandlestickPatterns patterns;
  std::array<std::size_t, ta::kCandlePatternCount> bullish{};
  std::array<std::size_t, ta::kCandlePatternCount> bearish{};
  std::string line;
  double compute_seconds = 0;
  for (const auto& candle : file.candles) {
    const auto start = std::chrono::steady_clock::now();
    indicators.update(candle);
    patterns.update(candle);
    compute_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const ta::PatternValues& found = patterns.values();
    for (std::size_t p = 0; p < ta::kCandlePatternCount; ++p) {
      if (found.values[p] > 0) ++bullish[p];
      if (found.values[p] < 0) ++bearish[p];
    }
    if (!out.is_open()) continue;
    line = std::to_string(candle.open_time.ms);
    const ta::IndicatorValues values = indicators.values();
    for (const auto& column : ta::kIndicatorColumns) append_number(line, column.get(values));
    for (const auto& column : ta::kPatternColumns) {
      line += ',';
      if (patterns.ready(column.pattern)) line += std::to_string(found[column.pattern]);
    }
    out << line << '\n';
  }
  print_summary(file.candles, indicators.values(), bullish, bearish, compute_seconds);
  if (out.is_open()) {
    out.flush();
    if (!out) {
      std::fprintf(stderr, "error: writing %s failed\n", options.out_path.c_str());
      return 2;
    }
    std::printf("\nwrote       %s (%zu rows)\n", options.out_path.c_str(), file.candles.size());
  }
  return 0;
}

}  // namespace alphapulse::app
