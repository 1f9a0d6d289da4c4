// `alphapulse backtest`: replays candle files through strategy::SignalPipeline, the very
// class the live engine runs per stream, then judges every emitted signal by the rules of
// EVALUATION.md (outcomes, expectancy, random baseline, edge, filter rate), and every
// candidate, rejected ones included, as if it had been signalled (the filter check: does the
// filter reject the worse candidates?).
//
// Decisions and judgement are separate passes on purpose: the pipeline sees the candles one
// by one and cannot reach a later one; the evaluator, which must look ahead 96 candles to
// judge an outcome, only ever sees signals that were already final.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "configuration.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/report.hpp"
#include "evaluation/signal_jsonl.hpp"
#include "feed/candle_csv.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::app {
namespace {

class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total) : total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}
  void update(std::size_t done) {
    if (!enabled_ || total_ == 0) return;
    const int percent = static_cast<int>(done * 100 / total_);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    const int filled = percent / 4;
    std::fprintf(stderr, "\r[%.*s%*s] %3d%%", filled, "=========================", 25 - filled, "",
                 percent);
    if (percent == 100) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::size_t total_;
  bool enabled_;
  int last_percent_ = -1;
};

// All files' candles in open-time order; the same open time twice keeps the first.
struct LoadedCandles {
  std::vector<core::Candle> candles;
  core::Symbol symbol;
  std::optional<core::Timeframe> timeframe;
  bool ok = true;
};

LoadedCandles load(const BacktestOptions& options) {
  LoadedCandles out;
  for (const auto& path : options.data_paths) {
    feed::CandleFileOptions read_options;
    if (!options.timeframe.empty())
      read_options.timeframe = core::parse_timeframe(options.timeframe);
    const auto file = feed::read_candle_file(path, read_options);
    if (!file.ok()) {
      std::fprintf(stderr, "error: %s\n", file.error->c_str());
      out.ok = false;
      return out;
    }
    const auto& st = file.stats;
    std::printf("read        %s: %zu candles, %zu rejected rows, %zu gaps (%lld missing)\n",
                path.c_str(), st.rows_accepted, st.rows_rejected(), st.gap_count,
                static_cast<long long>(st.missing_candles));
    for (const auto& message : st.messages) std::fprintf(stderr, "warning: %s\n", message.c_str());
    // Several files are one stream cut in pieces (months, say): files of another symbol would
    // be merged into it, their candles dropped as duplicate open times.
    if (!out.symbol.empty() && !file.symbol.empty() && file.symbol != out.symbol) {
      std::fprintf(stderr, "error: %s is %s, the other files are %s (one symbol per backtest)\n",
                   path.c_str(), std::string(file.symbol.view()).c_str(),
                   std::string(out.symbol.view()).c_str());
      out.ok = false;
      return out;
    }
    if (out.symbol.empty()) out.symbol = file.symbol;
    if (!out.timeframe) out.timeframe = file.timeframe;
    if (file.timeframe && out.timeframe != file.timeframe) {
      std::fprintf(stderr, "error: %s is %s, the other files are %s\n", path.c_str(),
                   std::string(core::to_string(*file.timeframe)).c_str(),
                   std::string(core::to_string(*out.timeframe)).c_str());
      out.ok = false;
      return out;
    }
    out.candles.insert(out.candles.end(), file.candles.begin(), file.candles.end());
  }
  std::stable_sort(
      out.candles.begin(), out.candles.end(),
      [](const core::Candle& a, const core::Candle& b) { return a.open_time < b.open_time; });
  // The same open time twice: the candle of the file given first stays. Pieces that overlap
  // carry the same candle twice; a duplicate with other values is a conflict, counted apart.
  std::size_t dropped = 0, conflicting = 0;
  core::TimestampMs first_conflict{};
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.candles.size(); ++i) {
    const core::Candle& c = out.candles[i];
    if (kept > 0 && out.candles[kept - 1].open_time == c.open_time) {
      const core::Candle& k = out.candles[kept - 1];
      ++dropped;
      if (k.open != c.open || k.high != c.high || k.low != c.low || k.close != c.close ||
          k.volume != c.volume) {
        if (conflicting++ == 0) first_conflict = c.open_time;
      }
      continue;
    }
    out.candles[kept++] = c;
  }
  out.candles.resize(kept);
  if (dropped > 0) {
    std::printf("merged      %zu duplicate open times across files dropped\n", dropped);
  }
  if (conflicting > 0) {
    std::fprintf(stderr,
                 "warning: %zu of them had other prices or volume than the candle kept (the "
                 "first at %s); the file given first wins\n",
                 conflicting, core::format_iso8601(first_conflict).c_str());
  }
  return out;
}

// What the filter check needs of a candidate, kept small: the pipeline's loop is timed, and a
// whole core::Signal per candidate there cost a quarter of its speed.
struct CandidateRecord {
  std::size_t candle_index;
  strategy::Candidate candidate;
  strategy::Levels levels;
  strategy::Verdict verdict;
  core::MarketRegime regime;
};

// The pipeline's settings from the sources `alphapulse run` reads, then the backtest's own
// flags (an explicit --ml / --no-ml wins over enable_ml; --no-regime is an ablation). nullopt
// after printing every configuration error.
std::optional<Configuration> configured_settings(const BacktestOptions& options) {
  std::optional<Configuration> configured =
      load_configuration(options.env_file, options.config_file, options.flags);
  if (!configured) return std::nullopt;
  strategy::PipelineSettings& settings = configured->pipeline;
  if (options.no_regime) settings.enable_regime_detection = false;
  if (options.ml) settings.enable_ml = *options.ml;
  if (options.ml_margin > -1) settings.model.threshold_margin = options.ml_margin;
  if (options.ml_learning_rate > 0) settings.model.learning_rate = options.ml_learning_rate;
  if (options.ml_warmup >= 0) settings.model.warmup_outcomes = options.ml_warmup;
  if (options.ml_learn_from_hard >= 0)
    settings.model.learn_from_hard_rejections = options.ml_learn_from_hard != 0;
  return configured;
}

}  // namespace

int run_backtest(const BacktestOptions& options) {
  const std::optional<Configuration> configured = configured_settings(options);
  if (!configured) return 2;
  const strategy::PipelineSettings& settings = configured->pipeline;
  const double fee_rate_per_side =
      configured->settings.fee_rate_per_side.value_or(evaluation::kFeeRatePerSide);
  LoadedCandles loaded = load(options);
  if (!loaded.ok) return 2;
  if (!options.symbol.empty()) loaded.symbol = core::Symbol(options.symbol);
  if (loaded.symbol.empty() || !loaded.timeframe) {
    std::fprintf(stderr, "error: give --symbol and --timeframe (the file names do not say them)\n");
    return 2;
  }
  const core::Timeframe timeframe = *loaded.timeframe;

  strategy::SignalPipeline pipeline(loaded.symbol, timeframe, settings);
  // Walk-forward split: the pipeline runs over every candle (the design span warms it up),
  // but only the judged span's signals, candidates and candles enter the figures.
  const auto judged_from =
      static_cast<std::size_t>(options.judge_from * static_cast<double>(loaded.candles.size()));
  strategy::FilterStats stats_before_judged_span;
  std::vector<core::Signal> signals;
  std::vector<CandidateRecord> candidates;
  ProgressBar progress(loaded.candles.size());
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < loaded.candles.size(); ++i) {
    if (i == judged_from) stats_before_judged_span = pipeline.filter_stats();
    const strategy::Decision& d = pipeline.on_closed_candle(loaded.candles[i]);
    if (d.emitted && i >= judged_from) signals.push_back(d.signal);
    if (d.has_candidate && i >= judged_from) {
      candidates.push_back(
          {i, d.candidate, d.levels, d.verdict,
           settings.enable_regime_detection ? d.regime.regime : core::MarketRegime::kWeakTrend});
    }
    if ((i & 0xfff) == 0) progress.update(i);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.update(loaded.candles.size());
  // --judge-from 1 judges nothing: no candidate of the run may count either.
  if (judged_from >= loaded.candles.size()) stats_before_judged_span = pipeline.filter_stats();

  const std::vector<core::Candle> judged_candles(
      loaded.candles.begin() +
          static_cast<std::ptrdiff_t>(std::min(judged_from, loaded.candles.size())),
      loaded.candles.end());
  evaluation::Evaluator evaluator(judged_candles, fee_rate_per_side);
  for (const auto& s : signals) evaluator.add(s);
  evaluation::FilterCheck filter_check(judged_candles, fee_rate_per_side);
  std::size_t next_signal = 0;  // accepted candidates are the signals, in the same order
  for (const auto& c : candidates) {
    if (!c.verdict.accepted) {
      core::Signal as_if_signalled;  // the signal it would have been
      strategy::write_candidate_fields(as_if_signalled, loaded.symbol, timeframe,
                                       loaded.candles[c.candle_index], c.candidate, c.levels,
                                       c.verdict, c.regime);
      filter_check.add(as_if_signalled, false, strategy::to_string(c.verdict.reason));
    } else if (next_signal < signals.size()) {  // always: each acceptance emitted a signal
      filter_check.add(signals[next_signal++], true, {});
    }
  }
  strategy::FilterStats filter = pipeline.filter_stats();
  filter.candidates -= stats_before_judged_span.candidates;
  filter.accepted -= stats_before_judged_span.accepted;
  for (std::size_t r = 0; r < strategy::kRejectionReasonCount; ++r) {
    filter.rejected_by_reason[r] -= stats_before_judged_span.rejected_by_reason[r];
  }
  std::map<std::string, std::uint64_t> reasons;
  for (std::size_t r = 0; r < strategy::kRejectionReasonCount; ++r) {
    if (filter.rejected_by_reason[r] == 0) continue;
    reasons[std::string(strategy::to_string(static_cast<strategy::RejectionReason>(r)))] =
        static_cast<std::uint64_t>(filter.rejected_by_reason[r]);
  }
  evaluator.set_filter_stats(static_cast<std::uint64_t>(filter.candidates),
                             static_cast<std::uint64_t>(filter.rejected()), reasons);

  if (!options.out_path.empty()) {
    std::ofstream out(options.out_path);
    for (const auto& judged : evaluator.judged())
      out << evaluation::to_jsonl(judged.signal) << '\n';
    out.flush();
    if (!out) {
      std::fprintf(stderr, "error: writing %s failed\n", options.out_path.c_str());
      return 2;
    }
  }
  const auto& summary = evaluator.summary();
  std::printf("pipeline    %zu candles in %.1f ms: %.2f M candles/s (one core)\n",
              loaded.candles.size(), seconds * 1e3,
              static_cast<double>(loaded.candles.size()) / seconds / 1e6);
  const std::vector<std::string> described = describe(*configured);
  for (const auto& line : described) std::printf("settings    %s\n", line.c_str());
  if (settings.enable_ml) {
    const auto& model = pipeline.model();
    std::printf(
        "model       %lld outcomes learned, running win rate %.2f%%, gate P(win) < win rate "
        "%+.3f\n",
        static_cast<long long>(model.outcomes()), model.base_rate() * 100,
        model.settings().threshold_margin);
  }
  if (judged_from > 0 && judged_from < loaded.candles.size()) {
    std::printf(
        "judged span %s .. %s (candles %zu..%zu; the first %.0f%% only warmed up the pipeline)\n",
        core::format_iso8601(loaded.candles[judged_from].open_time).c_str(),
        core::format_iso8601(loaded.candles.back().open_time).c_str(), judged_from,
        loaded.candles.size() - 1, options.judge_from * 100);
  }
  std::printf("%s", evaluation::to_text(summary).c_str());
  std::printf("%s", evaluation::to_text(filter_check).c_str());
  if (!options.report_path.empty()) {
    std::ofstream report(options.report_path);
    report << "# Backtest: " << loaded.symbol.view() << ' ' << core::to_string(timeframe) << "\n\n";
    report << "## Settings\n\n";
    for (const auto& line : described) report << "- " << line << '\n';
    report << '\n';
    report << evaluation::to_markdown(summary) << evaluation::to_markdown(filter_check);
    if (!report) {
      std::fprintf(stderr, "error: writing %s failed\n", options.report_path.c_str());
      return 2;
    }
  }
  if (!options.out_path.empty())
    std::printf("wrote       %s (%zu signals)\n", options.out_path.c_str(), signals.size());
  return 0;
}

}  // namespace alphapulse::app
