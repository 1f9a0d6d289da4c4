// `alphapulse regimes`: runs the regime detector over a candle file, writes
// open_time_ms,regime,confidence per candle (scoreable by shared/tools/regime_synth.py --score)
// and prints a summary. When the file has a trailing `regime` column (simulate --regimes
// output) it also prints the accuracy under the scoring rule and the confusion matrix.
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "commands.hpp"
#include "core/market_regime.hpp"
#include "feed/candle_csv.hpp"
#include "regime/regime_detector.hpp"
#include "regime/regime_scoring.hpp"

namespace alphapulse::app {
namespace {

struct Label {
  core::MarketRegime regime;
  std::int64_t segment_position;  // candles since the start of its labelled segment
};

// Splits off a trailing `regime` column, if the header has one: the candle reader gets the
// six project columns, the labels are kept by open time.
struct SplitFile {
  std::string candles_csv;
  std::unordered_map<std::int64_t, Label> labels;
  std::optional<std::string> error;
};

SplitFile split_labels(const std::string& text) {
  SplitFile split;
  std::istringstream in(text);
  std::string line;
  bool labelled = false, first = true;
  std::int64_t position = 0;
  std::optional<core::MarketRegime> previous;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t comma = line.rfind(',');
    if (first) {
      first = false;
      labelled = comma != std::string::npos && line.substr(comma + 1) == "regime";
      if (!labelled) return {text, {}, std::nullopt};
      split.candles_csv += line.substr(0, comma) + '\n';
      continue;
    }
    if (line.empty()) continue;
    const auto regime = comma == std::string::npos
                            ? std::nullopt
                            : core::parse_market_regime(std::string_view(line).substr(comma + 1));
    if (!regime) {
      split.error = "line " + std::to_string(line_number) + ": no valid regime label";
      return split;
    }
    position = previous && *previous == *regime ? position + 1 : 0;
    previous = regime;
    const std::string candle = line.substr(0, comma);
    split.labels[std::stoll(candle.substr(0, candle.find(',')))] = {*regime, position};
    split.candles_csv += candle + '\n';
  }
  return split;
}

std::string regime_name(core::MarketRegime r) {
  return std::string(core::to_string(r));
}

}  // namespace

int run_regimes(const RegimesOptions& options) {
  std::ifstream file(options.data_path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  if (!file) {
    std::fprintf(stderr, "error: cannot read %s\n", options.data_path.c_str());
    return 2;
  }
  const SplitFile split = split_labels(buffer.str());
  if (split.error) {
    std::fprintf(stderr, "error: %s: %s\n", options.data_path.c_str(), split.error->c_str());
    return 2;
  }
  const feed::CandleFileResult candles =
      feed::parse_candle_csv(split.candles_csv, options.data_path);
  if (!candles.ok()) {
    std::fprintf(stderr, "error: %s\n", candles.error->c_str());
    return 2;
  }
  std::printf("file        %s: %zu candles accepted, %zu rejected%s\n", options.data_path.c_str(),
              candles.stats.rows_accepted, candles.stats.rows_rejected(),
              split.labels.empty() ? "" : ", labelled");
  // Each rejected row named with its line and field, as the other commands do.
  for (const auto& message : candles.stats.messages) {
    std::fprintf(stderr, "warning: %s\n", message.c_str());
  }

  std::ofstream out;
  if (!options.out_path.empty()) {
    out.open(options.out_path);
    if (!out) {
      std::fprintf(stderr, "error: cannot write %s\n", options.out_path.c_str());
      return 2;
    }
    out << "open_time_ms,regime,confidence\n";
  }

  regime::RegimeDetector detector;
  std::array<std::int64_t, core::kMarketRegimeCount> candles_in{};
  std::int64_t ready_candles = 0, changes = 0;
  std::vector<std::int64_t> durations;  // of regimes that ended
  regime::RegimeScore score;
  char line[96];
  for (const core::Candle& c : candles.candles) {
    detector.update(c);
    const regime::RegimeState& s = detector.state();
    if (detector.ready()) {
      ++ready_candles;
      ++candles_in[static_cast<std::size_t>(s.regime)];
      if (s.changed) {
        ++changes;
        durations.push_back(detector.change()->duration_candles);
      }
    }
    if (out.is_open()) {
      const int n =
          std::snprintf(line, sizeof line, "%lld,%s,%.4f\n", static_cast<long long>(c.open_time.ms),
                        regime_name(s.regime).c_str(), s.confidence);
      out.write(line, n);
    }
    const auto label = split.labels.find(c.open_time.ms);
    if (label != split.labels.end() && label->second.segment_position >= regime::kScoringWarmup) {
      const auto truth = static_cast<std::size_t>(label->second.regime);
      ++score.confusion[truth][static_cast<std::size_t>(s.regime)];
      ++score.counted;
      score.hits += label->second.regime == s.regime;
    }
  }

  std::printf("warm-up     %lld candles reported as ranging, confidence 0\n",
              static_cast<long long>(std::min<std::size_t>(
                  static_cast<std::size_t>(detector.warmup()), candles.candles.size())));
  std::printf("\nregime               share of ready candles%s\n",
              ready_candles == 0 ? " (none is past the warm-up)" : "");
  for (int r = 0; r < core::kMarketRegimeCount && ready_candles > 0; ++r) {
    std::printf("  %-18s %6.2f%%\n", regime_name(static_cast<core::MarketRegime>(r)).c_str(),
                ready_candles ? 100.0 * static_cast<double>(candles_in[r]) /
                                    static_cast<double>(ready_candles)
                              : 0.0);
  }
  double mean_duration = 0;
  for (auto d : durations)
    mean_duration += static_cast<double>(d) / static_cast<double>(durations.size());
  std::printf("changes     %lld (mean duration of ended regimes %.1f candles)\n",
              static_cast<long long>(changes), mean_duration);

  if (!split.labels.empty()) {
    std::printf(
        "\naccuracy    %.4f over %lld candles at least %d candles into their labelled segment\n",
        score.accuracy(), static_cast<long long>(score.counted), regime::kScoringWarmup);
    // Short column names: cut to nine letters, the two strong trends would read the same.
    constexpr const char* kColumns[] = {"bull", "bear", "weak", "ranging", "breakout", "choppy"};
    static_assert(std::size(kColumns) == core::kMarketRegimeCount);
    std::printf("\n%-20s", "truth \\ detected");
    for (const char* column : kColumns) std::printf(" %9s", column);
    std::printf("\n");
    for (int a = 0; a < core::kMarketRegimeCount; ++a) {
      std::printf("%-20s", regime_name(static_cast<core::MarketRegime>(a)).c_str());
      for (int b = 0; b < core::kMarketRegimeCount; ++b) {
        std::printf(" %9lld", static_cast<long long>(score.confusion[a][b]));
      }
      std::printf("\n");
    }
  }
  if (out.is_open()) {
    out.flush();
    if (!out) {
      std::fprintf(stderr, "error: writing %s failed\n", options.out_path.c_str());
      return 2;
    }
    std::printf("\nwrote       %s (%zu rows)\n", options.out_path.c_str(), candles.candles.size());
  }
  return 0;
}

}  // namespace alphapulse::app
