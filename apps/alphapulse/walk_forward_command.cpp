// `alphapulse walkforward`: the walk-forward protocol with re-selection. The judged span is cut
// into folds; before each fold one of the trials (settings given as --try) is chosen by its
// figures on the candles before the fold only (evaluation/walk_forward), and its signals in the
// fold are kept. The kept signals are then judged together, as a backtest's are: what a trader
// who re-tunes at every fold boundary would have traded, with no figure of the future in any
// choice.
//
// Each trial is one pass of the pipeline over every candle. Its signals before a candle do not
// depend on the candles after it (the pipeline is causal, tested), so a fold's selection reads
// that pass's signals before the fold, and the fold's trading reads the chosen trial's signals
// inside it: exactly what a pipeline restarted with that trial and warmed up on the whole
// history would emit there.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "candle_replay.hpp"
#include "commands.hpp"
#include "configuration.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/report.hpp"
#include "evaluation/signal_jsonl.hpp"
#include "evaluation/walk_forward.hpp"

namespace alphapulse::app {
namespace {

struct Trial {
  std::string label;  // "defaults" or the KEY=VALUE list as given
  Configuration configuration;
  Replay run;
};

// The trial's settings: the common sources, then its own KEY=VALUE pairs over them.
std::optional<Configuration> trial_configuration(const WalkForwardOptions& options,
                                                 const std::string& pairs) {
  std::map<std::string, std::string> flags = options.flags;
  std::vector<std::string> items;
  std::istringstream words(pairs);
  for (std::string word; words >> word;) items.push_back(word);
  std::map<std::string, std::string> own;
  if (!add_set_flags(items, own)) return std::nullopt;
  if (own.contains("fee_rate_per_side")) {
    std::fprintf(stderr,
                 "error: --try '%s': fee_rate_per_side is the trader's, not a trial's (give it "
                 "with --set)\n",
                 pairs.c_str());
    return std::nullopt;
  }
  for (auto& [key, value] : own) flags[key] = value;
  std::optional<Configuration> configured =
      load_configuration(options.env_file, options.config_file, flags);
  if (configured && options.ml) configured->pipeline.enable_ml = *options.ml;
  return configured;
}

std::vector<core::Candle> candles_between(const std::vector<core::Candle>& candles,
                                          std::size_t begin, std::size_t end) {
  return {candles.begin() + static_cast<std::ptrdiff_t>(begin),
          candles.begin() + static_cast<std::ptrdiff_t>(end)};
}

// A trial's figures on [begin, end): its signals emitted there, judged on those candles only
// (an outcome not decided by `end` stays open), and the filter's counts there. marks[j] is the
// candle of run.filter_stats_at[j].
evaluation::EvaluationSummary judge_span(const Trial& trial,
                                         const std::vector<core::Candle>& candles,
                                         std::size_t begin, std::size_t end, std::size_t begin_mark,
                                         std::size_t end_mark, double fee_rate_per_side) {
  evaluation::Evaluator evaluator(candles_between(candles, begin, end), fee_rate_per_side);
  for (std::size_t i = 0; i < trial.run.signals.size(); ++i) {
    const std::size_t at = trial.run.signal_candles[i];
    if (at >= begin && at < end) evaluator.add(trial.run.signals[i]);
  }
  const evaluation::FilterStats filter =
      filter_between(trial.run.filter_stats_at[begin_mark], trial.run.filter_stats_at[end_mark]);
  evaluator.set_filter_stats(filter.candidates, filter.rejected, filter.rejection_reasons);
  return evaluator.summary();
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", fraction * 100);
  return text;
}

std::string signed_number(double value, int decimals, const char* unit) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.*f%s", decimals, value, unit);
  return text;
}

}  // namespace

int run_walk_forward(const WalkForwardOptions& options) {
  if (options.trials.empty()) {
    std::fprintf(stderr, "error: give at least one --try (\"\" is the settings as configured)\n");
    return 2;
  }
  const std::optional<Configuration> common = trial_configuration(options, "");
  if (!common) return 2;
  std::vector<Trial> trials;
  for (const auto& pairs : options.trials) {
    std::optional<Configuration> configured = trial_configuration(options, pairs);
    if (!configured) {
      std::fprintf(stderr, "error: --try '%s' is not a valid setting\n", pairs.c_str());
      return 2;
    }
    trials.push_back({pairs.empty() ? "defaults" : pairs, std::move(*configured), {}});
  }
  const double fee_rate_per_side =
      common->settings.fee_rate_per_side.value_or(evaluation::kFeeRatePerSide);
  const LoadedCandles loaded = load_candles(options.data_paths, options.symbol, options.timeframe);
  if (!loaded.ok) return 2;
  const std::vector<core::Candle>& candles = loaded.candles;

  const auto first_judged =
      static_cast<std::size_t>(options.judge_from * static_cast<double>(candles.size()));
  const std::vector<evaluation::WalkForwardFold> folds = evaluation::plan_walk_forward(
      candles.size(), first_judged, options.folds, options.selection_candles);
  if (folds.empty()) {
    std::fprintf(stderr,
                 "error: %zu candles cannot be cut into %zu folds after a first %.0f%% to choose "
                 "on\n",
                 candles.size(), options.folds, options.judge_from * 100);
    return 2;
  }
  // Filter snapshots: marks 2k and 2k+1 are fold k's selection start and start; the last mark
  // is the end of the data.
  std::vector<std::size_t> marks;
  for (const auto& fold : folds) {
    marks.push_back(fold.selection_begin);
    marks.push_back(fold.begin);
  }
  marks.push_back(candles.size());
  const std::size_t end_mark = marks.size() - 1;
  auto begin_mark_of = [&](std::size_t k) { return 2 * k + 1; };
  auto end_mark_of = [&](std::size_t k) {
    return k + 1 < folds.size() ? 2 * (k + 1) + 1 : end_mark;
  };

  ProgressBar progress(candles.size() * trials.size());
  for (std::size_t t = 0; t < trials.size(); ++t) {
    trials[t].run = replay(loaded, trials[t].configuration.pipeline, 0, marks, false, nullptr);
    progress.update(candles.size() * (t + 1));
  }

  const evaluation::SelectionRule rule{options.min_signals, 0.60, 0.80};
  // The kept signals, in time order, and the filter's counts of the trials that made them.
  evaluation::Evaluator kept(candles_between(candles, folds.front().begin, candles.size()),
                             fee_rate_per_side);
  evaluation::FilterStats kept_filter;
  std::ostringstream fold_rows, score_rows;
  std::printf(
      "walk-forward %zu folds over candles %zu..%zu, %s selection; rule: the best "
      "expectancy after fees with at least %zu judged signals and a filter rate in "
      "60-80%%\n",
      folds.size(), folds.front().begin, candles.size() - 1,
      options.selection_candles == 0 ? "anchored" : "rolling", options.min_signals);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const auto& fold = folds[k];
    std::vector<evaluation::TrialScore> scores;
    std::vector<std::string> notes;
    for (const Trial& trial : trials) {
      const evaluation::EvaluationSummary s = judge_span(
          trial, candles, fold.selection_begin, fold.begin, 2 * k, 2 * k + 1, fee_rate_per_side);
      scores.push_back({s.overall.judged(), s.overall.mean_return_pct(), s.filter.filter_rate()});
      notes.push_back(evaluation::ineligibility(scores.back(), rule));
    }
    const std::optional<std::size_t> best = evaluation::choose_trial(scores, rule);
    const std::size_t chosen = best.value_or(0);
    const Trial& trial = trials[chosen];
    std::size_t fold_signals = 0;
    for (std::size_t i = 0; i < trial.run.signals.size(); ++i) {
      const std::size_t at = trial.run.signal_candles[i];
      if (at >= fold.begin && at < fold.end) {
        kept.add(trial.run.signals[i]);
        ++fold_signals;
      }
    }
    const evaluation::FilterStats filter = filter_between(
        trial.run.filter_stats_at[begin_mark_of(k)], trial.run.filter_stats_at[end_mark_of(k)]);
    kept_filter.candidates += filter.candidates;
    kept_filter.rejected += filter.rejected;
    for (const auto& [reason, count] : filter.rejection_reasons)
      kept_filter.rejection_reasons[reason] += count;

    const std::string span = core::format_iso8601(candles[fold.begin].open_time) + " .. " +
                             core::format_iso8601(candles[fold.end - 1].open_time);
    std::printf(
        "fold %zu      %s (candles %zu..%zu), chosen on %zu..%zu: trial %zu (%s)%s, %zu "
        "signals\n",
        k + 1, span.c_str(), fold.begin, fold.end - 1, fold.selection_begin, fold.begin - 1,
        chosen + 1, trial.label.c_str(), best ? "" : " because no trial was eligible",
        fold_signals);
    fold_rows << "| " << k + 1 << " | " << span << " | " << fold.selection_begin << ".."
              << fold.begin - 1 << " | " << chosen + 1 << (best ? "" : " (none eligible)") << " | "
              << scores[chosen].judged_signals << " | "
              << signed_number(scores[chosen].expectancy_pct, 4, "%") << " | " << fold_signals
              << " |\n";
    for (std::size_t t = 0; t < trials.size(); ++t) {
      score_rows << "| " << k + 1 << " | " << t + 1 << " | " << scores[t].judged_signals << " | "
                 << signed_number(scores[t].expectancy_pct, 4, "%") << " | "
                 << percent(scores[t].filter_rate) << " | "
                 << (notes[t].empty() ? (t == chosen ? "chosen" : "eligible") : notes[t]) << " |\n";
    }
  }
  kept.set_filter_stats(kept_filter.candidates, kept_filter.rejected,
                        kept_filter.rejection_reasons);

  // Each trial held fixed over the same span: hindsight, which no trader could have picked in
  // advance, shown so the re-selection can be compared with every fixed choice.
  std::ostringstream fixed_rows;
  for (std::size_t t = 0; t < trials.size(); ++t) {
    const evaluation::EvaluationSummary s = judge_span(
        trials[t], candles, folds.front().begin, candles.size(), 1, end_mark, fee_rate_per_side);
    fixed_rows << "| " << t + 1 << " | " << s.overall.judged() << " | "
               << percent(s.overall.accuracy()) << " | " << percent(s.overall.baseline_accuracy())
               << " | " << signed_number(s.overall.edge() * 100, 2, " pp") << " | "
               << signed_number(s.overall.mean_return_pct(), 4, "%") << " | "
               << percent(s.filter.filter_rate()) << " |\n";
  }

  if (!options.out_path.empty()) {
    std::ofstream out(options.out_path);
    for (const auto& judged : kept.judged()) out << evaluation::to_jsonl(judged.signal) << '\n';
    out.flush();
    if (!out) {
      std::fprintf(stderr, "error: writing %s failed\n", options.out_path.c_str());
      return 2;
    }
  }
  std::printf("%s", evaluation::to_text(kept.summary()).c_str());
  if (!options.report_path.empty()) {
    std::ofstream report(options.report_path);
    report << "# Walk-forward: " << loaded.symbol.view() << ' '
           << core::to_string(*loaded.timeframe) << "\n\n";
    report << "## Settings\n\nCommon to every trial:\n\n";
    for (const auto& line : describe(*common)) report << "- " << line << '\n';
    report << "\nTrials, each over those (the first is traded where none is eligible):\n\n";
    for (std::size_t t = 0; t < trials.size(); ++t)
      report << t + 1 << ". " << trials[t].label << '\n';
    report << "\nRule: before each fold, the trial with the best expectancy after fees on the "
              "selection span (signals judged on its candles only), among those with at least "
           << options.min_signals
           << " judged signals and a filter rate in 60-80%; the figures below "
              "\"## Overall\" are those of the folds' kept signals together.\n\n";
    report << "## Folds\n\n| fold | traded span | chosen on candles | trial | its judged "
              "signals there | its expectancy there | signals kept "
              "|\n|---|---|---|---|---:|---:|---:|\n"
           << fold_rows.str() << '\n';
    report << "## Selection figures\n\n| fold | trial | judged signals | expectancy | filter "
              "rate | verdict |\n|---|---|---:|---:|---:|---|\n"
           << score_rows.str() << '\n';
    report << "## Each trial held fixed (hindsight)\n\nOver the same span as the folds; "
              "not a choice anyone could have made before it.\n\n| trial | judged signals | "
              "accuracy | baseline | edge | expectancy | filter rate |\n"
              "|---|---:|---:|---:|---:|---:|---:|\n"
           << fixed_rows.str() << '\n';
    report << evaluation::to_markdown(kept.summary());
    if (!report) {
      std::fprintf(stderr, "error: writing %s failed\n", options.report_path.c_str());
      return 2;
    }
  }
  if (!options.out_path.empty())
    std::printf("wrote       %s (%zu signals)\n", options.out_path.c_str(), kept.judged().size());
  return 0;
}

}  // namespace alphapulse::app
