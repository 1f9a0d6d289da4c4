// `alphapulse backtest`: replays candle files through strategy::SignalPipeline, the very
// class the live engine runs per stream, then judges every emitted signal by the rules of
// EVALUATION.md (outcomes, expectancy, random baseline, edge, filter rate), and every
// candidate, rejected ones included, as if it had been signalled (the filter check: does the
// filter reject the worse candidates?).
//
// Decisions and judgement are separate passes on purpose: the pipeline sees the candles one
// by one and cannot reach a later one; the evaluator, which must look ahead 96 candles to
// judge an outcome, only ever sees signals that were already final.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "candle_replay.hpp"
#include "commands.hpp"
#include "configuration.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/report.hpp"
#include "strategy/pipeline_settings_check.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::app {
namespace {

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
  // Checked again with the flags applied: --no-regime with a traded_regimes that leaves out
  // weak_trend, say, would trade nothing.
  const std::vector<std::string> problems = strategy::settings_problems(settings);
  for (const auto& p : problems) std::fprintf(stderr, "config error: %s\n", p.c_str());
  if (!problems.empty()) return std::nullopt;
  return configured;
}

}  // namespace

int run_backtest(const BacktestOptions& options) {
  const std::optional<Configuration> configured = configured_settings(options);
  if (!configured) return 2;
  const strategy::PipelineSettings& settings = configured->pipeline;
  const double fee_rate_per_side =
      configured->settings.fee_rate_per_side.value_or(evaluation::kFeeRatePerSide);
  const LoadedCandles loaded = load_candles(options.data_paths, options.symbol, options.timeframe);
  if (!loaded.ok) {
    if (options.data_paths.size() > 1) {
      std::fprintf(stderr,
                   "hint: to judge several streams together, `alphapulse walkforward` with the "
                   "same --data files and one trial (--try \"\") is the backtest of them all, "
                   "pooled\n");
    }
    return 2;
  }
  const core::Timeframe timeframe = *loaded.timeframe;

  // Walk-forward split: the pipeline runs over every candle (the design span warms it up),
  // but only the judged span's signals, candidates and candles enter the figures. The span
  // ends at --judge-to (the end of the data by default); the candles after it only finish the
  // walks of the signals inside it (and of their random twins), as the future would.
  const std::size_t n = loaded.candles.size();
  const auto bound = [&](double fraction, const std::optional<core::TimestampMs>& time) {
    return time ? first_candle_at_or_after(loaded.candles, *time)
                : std::min(n, static_cast<std::size_t>(fraction * static_cast<double>(n)));
  };
  const std::size_t judged_from = bound(options.judge_from, options.judge_from_time);
  const std::size_t judged_end = bound(options.judge_to, options.judge_to_time);
  if (judged_from < n && judged_end <= judged_from) {
    std::fprintf(stderr,
                 "error: --judge-to ends the judged span before candle %zu (opening %s), not "
                 "after --judge-from's first candle %zu (opening %s): nothing to judge\n",
                 judged_end, core::format_iso8601(loaded.candles[judged_end].open_time).c_str(),
                 judged_from, core::format_iso8601(loaded.candles[judged_from].open_time).c_str());
    return 2;
  }
  ProgressBar progress(n);
  const std::size_t marks[] = {judged_from, judged_end};
  const Replay run = replay(loaded, settings, judged_from, marks, true, &progress);
  // Signals and candidates are recorded in candle order from judged_from on.
  const auto signals_in_span = static_cast<std::size_t>(
      std::lower_bound(run.signal_candles.begin(), run.signal_candles.end(), judged_end) -
      run.signal_candles.begin());
  const std::span<const core::Signal> signals(run.signals.data(), signals_in_span);

  const std::vector<core::Candle> judged_candles =
      candles_between(loaded.candles, std::min(judged_from, n), n);
  const std::size_t baseline_candles = judged_end > judged_from ? judged_end - judged_from : 0;
  evaluation::Evaluator evaluator(judged_candles, fee_rate_per_side, baseline_candles);
  for (const auto& s : signals) evaluator.add(s);
  evaluation::FilterCheck filter_check(judged_candles, fee_rate_per_side, baseline_candles);
  std::size_t next_signal = 0;  // accepted candidates are the signals, in the same order
  for (const auto& c : run.candidates) {
    if (c.candle_index >= judged_end) break;
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
  const evaluation::FilterStats filter =
      filter_between(run.filter_stats_at[0], run.filter_stats_at[1]);
  evaluator.set_filter_stats(filter.candidates, filter.rejected, filter.rejection_reasons);

  if (!options.out_path.empty() && !write_signals_jsonl(options.out_path, evaluator.judged()))
    return 2;
  if (!options.candidates_out_path.empty() &&
      !write_candidates_jsonl(options.candidates_out_path, filter_check))
    return 2;
  const auto& summary = evaluator.summary();
  std::printf("pipeline    %zu candles in %.1f ms: %.2f M candles/s (one core)\n",
              loaded.candles.size(), run.seconds * 1e3,
              static_cast<double>(loaded.candles.size()) / run.seconds / 1e6);
  const std::vector<std::string> described = describe(*configured);
  for (const auto& line : described) std::printf("settings    %s\n", line.c_str());
  if (settings.enable_ml) {
    std::printf(
        "model       %lld outcomes learned, running win rate %.2f%%, gate P(win) < win rate "
        "%+.3f\n",
        static_cast<long long>(run.model_outcomes), run.model_base_rate * 100,
        settings.model.threshold_margin);
  }
  if (n > 0 && judged_from >= n) {
    std::printf(
        "judged span none: no candle opens at or after the --judge-from given (the last "
        "opens at %s)\n",
        core::format_iso8601(loaded.candles.back().open_time).c_str());
  } else if (judged_from > 0 || judged_end < n) {
    std::printf(
        "judged span %s .. %s (candles %zu..%zu; the first %.0f%% only warmed up the "
        "pipeline%s)\n",
        core::format_iso8601(loaded.candles[judged_from].open_time).c_str(),
        core::format_iso8601(loaded.candles[judged_end - 1].open_time).c_str(), judged_from,
        judged_end - 1, 100.0 * static_cast<double>(judged_from) / static_cast<double>(n),
        judged_end < n ? "; the candles after the span only finished its walks" : "");
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
  if (!options.candidates_out_path.empty())
    std::printf("wrote       %s (%zu candidates with a trade)\n",
                options.candidates_out_path.c_str(), filter_check.judged().size());
  return 0;
}

}  // namespace alphapulse::app
