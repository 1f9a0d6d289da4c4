// `alphapulse walkforward`: the walk-forward protocol with re-selection. The judged span is cut
// into folds; before each fold one of the trials (settings given as --try) is chosen by its
// figures on the candles before the fold only (evaluation/walk_forward), and its signals in the
// fold are kept. The kept signals are then judged together, as a backtest's are: what a trader
// who re-tunes at every fold boundary would have traded, with no figure of the future in any
// choice.
//
// One stream: folds of candles. Several streams (files of other symbols or timeframes): folds of
// calendar time over all of them, and each choice is made on every stream's past together, as
// a trader re-tuning all of them at once would (pooled: the mean return over every judged
// signal of every stream).
//
// Each trial is one pass of the pipeline over every candle of a stream. Its signals before a
// candle do not depend on the candles after it (the pipeline is causal, tested), so a fold's
// selection reads that pass's signals before the fold, and the fold's trading reads the chosen
// trial's signals inside it: exactly what a pipeline restarted with that trial and warmed up on
// the whole history would emit there.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "candle_replay.hpp"
#include "commands.hpp"
#include "configuration.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/report.hpp"
#include "evaluation/walk_forward.hpp"

namespace alphapulse::app {
namespace {

struct Trial {
  std::string label;  // "defaults" or the KEY=VALUE list as given
  Configuration configuration;
};

// One stream, its fold boundaries as candle indices and one pass per trial. Boundary 2k is fold
// k's selection start, 2k + 1 its start; the last is the end of the data.
struct Stream {
  LoadedCandles loaded;
  std::vector<std::size_t> bounds;
  std::vector<Replay> runs;  // one per trial
};

std::size_t selection_bound(std::size_t k) {
  return 2 * k;
}
std::size_t begin_bound(std::size_t k) {
  return 2 * k + 1;
}
std::size_t end_bound(std::size_t k, std::size_t folds) {
  return k + 1 < folds ? begin_bound(k + 1) : 2 * folds;
}

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

// The trial's signals of a stream emitted in [bounds[from], bounds[to]).
template <typename Sink>
void for_each_signal(const Stream& stream, std::size_t trial, std::size_t from, std::size_t to,
                     Sink&& sink) {
  const Replay& run = stream.runs[trial];
  for (std::size_t i = 0; i < run.signals.size(); ++i) {
    const std::size_t at = run.signal_candles[i];
    if (at >= stream.bounds[from] && at < stream.bounds[to]) sink(run.signals[i]);
  }
}

// A trial's figures between two boundaries, over every stream: each stream's signals there
// judged on those candles only (an outcome not decided by the end boundary stays open), pooled
// as one mean over every judged signal; the filter's counts summed.
evaluation::TrialScore score_between(const std::vector<Stream>& streams, std::size_t trial,
                                     std::size_t from, std::size_t to, double fee_rate_per_side) {
  std::size_t judged = 0;
  double return_sum = 0;
  evaluation::FilterStats filter;
  for (const Stream& stream : streams) {
    evaluation::Evaluator evaluator(
        candles_between(stream.loaded.candles, stream.bounds[from], stream.bounds[to]),
        fee_rate_per_side);
    for_each_signal(stream, trial, from, to,
                    [&](const core::Signal& signal) { evaluator.add(signal); });
    judged += evaluator.summary().overall.judged();
    return_sum += evaluator.summary().overall.return_pct_sum;
    filter.add(filter_between(stream.runs[trial].filter_stats_at[from],
                              stream.runs[trial].filter_stats_at[to]));
  }
  return {judged, judged > 0 ? return_sum / static_cast<double>(judged) : 0.0,
          filter.candidates > 0 ? filter.filter_rate() : 0.0};
}

// An evaluator over every stream's candles from the first fold on (judge_over): the candles
// after the last fold (--judge-to) only finish walks, the baselines are drawn from the folds'.
evaluation::Evaluator judged_span_evaluator(const std::vector<Stream>& streams,
                                            double fee_rate_per_side) {
  std::vector<JudgedSpan> spans;
  spans.reserve(streams.size());
  for (const Stream& s : streams)
    spans.push_back({&s.loaded, s.bounds[begin_bound(0)], s.bounds.back()});
  return judge_over<evaluation::Evaluator>(spans, fee_rate_per_side);
}

std::string time_text(std::int64_t ms) {
  return core::format_iso8601(core::TimestampMs{ms});
}

// Where the first fold starts, as the user gave it: "a first 25%" or "2024-01-01T00:00:00.000Z".
std::string judged_start_text(const WalkForwardOptions& options) {
  if (options.judge_from.time) return core::format_iso8601(*options.judge_from.time);
  char text[48];
  std::snprintf(text, sizeof text, "a first %.0f%%", options.judge_from.fraction * 100);
  return text;
}

// The boundaries of one stream: folds of its candles.
bool plan_one_stream(const WalkForwardOptions& options, Stream& stream) {
  const std::vector<core::Candle>& candles = stream.loaded.candles;
  const std::size_t first_judged = candle_at_bound(candles, options.judge_from);
  // The folds end at --judge-to (the end of the data by default); the candles after it only
  // finish the walks of the last fold's signals.
  const std::size_t judged_end =
      options.judge_to ? candle_at_bound(candles, *options.judge_to) : candles.size();
  const auto folds = evaluation::plan_walk_forward(judged_end, first_judged, options.folds,
                                                   options.selection_candles);
  if (folds.empty()) {
    std::fprintf(stderr,
                 "error: candles %zu..%zu cannot be cut into %zu folds after %s to choose on "
                 "(there must be candles before it and at least one per fold from it)\n",
                 std::size_t{0}, judged_end == 0 ? 0 : judged_end - 1, options.folds,
                 judged_start_text(options).c_str());
    return false;
  }
  for (const auto& fold : folds) {
    stream.bounds.push_back(fold.selection_begin);
    stream.bounds.push_back(fold.begin);
  }
  stream.bounds.push_back(judged_end);
  return true;
}

// The boundaries of several streams: folds of calendar time over all of them, each boundary
// the first candle of a stream at or after its time.
bool plan_streams(const WalkForwardOptions& options, std::vector<Stream>& streams,
                  std::vector<std::int64_t>& times) {
  if (options.selection_candles != 0) {
    std::fprintf(stderr,
                 "error: --selection-candles is for one stream; several streams choose on "
                 "everything before each fold\n");
    return false;
  }
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  std::int64_t end = std::numeric_limits<std::int64_t>::min();
  for (const Stream& s : streams) {
    if (s.loaded.candles.empty()) continue;
    first = std::min(first, s.loaded.candles.front().open_time.ms);
    end = std::max(end, s.loaded.candles.back().close_time.ms + 1);
  }
  std::vector<evaluation::WalkForwardTimeFold> folds;
  if (first < end) {
    // A fraction is of the streams' whole span; the folds end at --judge-to (the end of the
    // data by default), the candles after it only finishing walks.
    const double span = static_cast<double>(end - first);
    const auto at = [first, span](double fraction) {
      return first + static_cast<std::int64_t>(std::floor(fraction * span));
    };
    const auto instant = [&at](const SpanBound& bound) {
      return bound.time ? bound.time->ms : at(bound.fraction);
    };
    if (options.judge_to) end = instant(*options.judge_to);
    if (options.judge_from.time || options.judge_to) {
      folds = evaluation::plan_walk_forward_from_time(first, instant(options.judge_from), end,
                                                      options.folds);
    } else {
      folds = evaluation::plan_walk_forward_in_time(first, end, options.judge_from.fraction,
                                                    options.folds);
    }
  }
  if (folds.empty()) {
    std::fprintf(stderr,
                 "error: the streams' span (%s .. %s) cannot be cut into %zu folds after %s\n",
                 time_text(first).c_str(), time_text(end).c_str(), options.folds,
                 judged_start_text(options).c_str());
    return false;
  }
  for (const auto& fold : folds) {
    times.push_back(fold.selection_begin_ms);
    times.push_back(fold.begin_ms);
  }
  times.push_back(end);
  for (Stream& s : streams) {
    for (const std::int64_t t : times)
      s.bounds.push_back(first_candle_at_or_after(s.loaded.candles, core::TimestampMs{t}));
  }
  return true;
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
    trials.push_back({pairs.empty() ? "defaults" : pairs, std::move(*configured)});
  }
  const double fee_rate_per_side =
      common->settings.fee_rate_per_side.value_or(evaluation::kFeeRatePerSide);

  // One stream (its files merged) unless the files are of several symbols or timeframes.
  std::vector<Stream> streams;
  if (options.data_paths.size() == 1 || !options.symbol.empty() || !options.timeframe.empty()) {
    LoadedCandles one = load_candles(options.data_paths, options.symbol, options.timeframe);
    if (!one.ok) return 2;
    streams.push_back({std::move(one), {}, {}});
  } else {
    for (LoadedCandles& loaded : load_streams(options.data_paths))
      streams.push_back({std::move(loaded), {}, {}});
    if (streams.empty()) return 2;
  }
  for (const Stream& s : streams) {
    if (s.loaded.symbol.empty() || !s.loaded.timeframe) {
      std::fprintf(stderr,
                   "error: give --symbol and --timeframe (the file names do not say them)\n");
      return 2;
    }
  }
  const bool pooled = streams.size() > 1;
  std::vector<std::int64_t> times;  // several streams: the boundaries' times
  if (pooled ? !plan_streams(options, streams, times) : !plan_one_stream(options, streams.front()))
    return 2;
  const std::size_t fold_count = (streams.front().bounds.size() - 1) / 2;
  const std::size_t end_of_data = 2 * fold_count;

  std::size_t total_candles = 0;
  for (const Stream& s : streams) total_candles += s.loaded.candles.size();
  ProgressBar progress(total_candles * trials.size());
  std::size_t done = 0;
  for (Stream& s : streams) {
    for (const Trial& trial : trials) {
      s.runs.push_back(replay(s.loaded, trial.configuration.pipeline, 0, s.bounds, false, nullptr));
      done += s.loaded.candles.size();
      progress.update(done);
    }
  }

  const evaluation::SelectionRule rule{options.min_signals, 0.60, 0.80};
  evaluation::Evaluator kept = judged_span_evaluator(streams, fee_rate_per_side);
  std::vector<const core::Signal*> kept_signals;
  evaluation::FilterStats kept_filter;
  std::ostringstream fold_rows, score_rows;
  std::printf(
      "walk-forward %zu folds over %zu stream%s, %s selection; rule: the best expectancy "
      "after fees with at least %zu judged signals and a filter rate in 60-80%%\n",
      fold_count, streams.size(), pooled ? "s (folds of calendar time, choices pooled)" : "",
      options.selection_candles == 0 ? "anchored" : "rolling", options.min_signals);
  for (std::size_t k = 0; k < fold_count; ++k) {
    const std::size_t from = selection_bound(k), begin = begin_bound(k),
                      end = end_bound(k, fold_count);
    std::vector<evaluation::TrialScore> scores;
    std::vector<std::string> notes;
    for (std::size_t t = 0; t < trials.size(); ++t) {
      scores.push_back(score_between(streams, t, from, begin, fee_rate_per_side));
      notes.push_back(evaluation::ineligibility(scores.back(), rule));
    }
    const std::optional<std::size_t> best = evaluation::choose_trial(scores, rule);
    const std::size_t chosen = best.value_or(0);
    std::size_t fold_signals = 0;
    for (const Stream& s : streams) {
      for_each_signal(s, chosen, begin, end, [&](const core::Signal& signal) {
        kept_signals.push_back(&signal);
        ++fold_signals;
      });
      kept_filter.add(filter_between(s.runs[chosen].filter_stats_at[begin],
                                     s.runs[chosen].filter_stats_at[end]));
    }

    std::string span, chosen_on;
    if (pooled) {
      span = time_text(times[begin]) + " .. " + time_text(times[end]);
      chosen_on = time_text(times[from]) + " .. " + time_text(times[begin]);
    } else {
      const Stream& s = streams.front();
      const auto& c = s.loaded.candles;
      span = core::format_iso8601(c[s.bounds[begin]].open_time) + " .. " +
             core::format_iso8601(c[s.bounds[end] - 1].open_time);
      chosen_on =
          "candles " + std::to_string(s.bounds[from]) + ".." + std::to_string(s.bounds[begin] - 1);
      span += " (candles " + std::to_string(s.bounds[begin]) + ".." +
              std::to_string(s.bounds[end] - 1) + ")";
    }
    std::printf("fold %zu      %s, chosen on %s: trial %zu (%s)%s, %zu signals\n", k + 1,
                span.c_str(), chosen_on.c_str(), chosen + 1, trials[chosen].label.c_str(),
                best ? "" : " because no trial was eligible", fold_signals);
    fold_rows << "| " << k + 1 << " | " << span << " | " << chosen_on << " | " << chosen + 1
              << (best ? "" : " (none eligible)") << " | " << scores[chosen].judged_signals << " | "
              << signed_number(scores[chosen].expectancy_pct, 4, "%") << " | " << fold_signals
              << " |\n";
    for (std::size_t t = 0; t < trials.size(); ++t) {
      score_rows << "| " << k + 1 << " | " << t + 1 << " | " << scores[t].judged_signals << " | "
                 << signed_number(scores[t].expectancy_pct, 4, "%") << " | "
                 << percent(scores[t].filter_rate) << " | "
                 << (notes[t].empty() ? (t == chosen ? "chosen" : "eligible") : notes[t]) << " |\n";
    }
  }
  kept.keep_judged(false);  // counted; exported as they are judged
  JsonlExport kept_out(options.out_path);
  add_in_time_order(kept, kept_signals, &kept_out);
  if (!kept_out.finish()) return 2;
  kept.set_filter_stats(kept_filter.candidates, kept_filter.rejected,
                        kept_filter.rejection_reasons);

  // Each trial held fixed over the same span: hindsight, which no trader could have picked in
  // advance, shown so the re-selection can be compared with every fixed choice.
  std::ostringstream fixed_rows;
  for (std::size_t t = 0; t < trials.size(); ++t) {
    evaluation::Evaluator fixed = judged_span_evaluator(streams, fee_rate_per_side);
    std::vector<const core::Signal*> signals;
    evaluation::FilterStats filter;
    for (const Stream& s : streams) {
      for_each_signal(s, t, begin_bound(0), end_of_data,
                      [&](const core::Signal& signal) { signals.push_back(&signal); });
      filter.add(filter_between(s.runs[t].filter_stats_at[begin_bound(0)],
                                s.runs[t].filter_stats_at[end_of_data]));
    }
    add_in_time_order(fixed, signals);
    const evaluation::Metrics& m = fixed.summary().overall;
    fixed_rows << "| " << t + 1 << " | " << m.judged() << " | " << percent(m.accuracy()) << " | "
               << percent(m.baseline_accuracy()) << " | " << signed_number(m.edge() * 100, 2, " pp")
               << " | " << signed_number(m.mean_return_pct(), 4, "%") << " | "
               << percent(filter.filter_rate()) << " |\n";
  }

  std::printf("%s", evaluation::to_text(kept.summary()).c_str());
  if (!options.report_path.empty()) {
    std::ofstream report(options.report_path);
    report << "# Walk-forward:";
    for (const Stream& s : streams)
      report << ' ' << s.loaded.symbol.view() << ' ' << core::to_string(*s.loaded.timeframe)
             << (&s == &streams.back() ? "" : ",");
    report << "\n\n## Settings\n\nCommon to every trial:\n\n";
    for (const auto& line : describe(*common)) report << "- " << line << '\n';
    report << "\nTrials, each over those (the first is traded where none is eligible):\n\n";
    for (std::size_t t = 0; t < trials.size(); ++t)
      report << t + 1 << ". " << trials[t].label << '\n';
    report << "\nRule: before each fold, the trial with the best expectancy after fees on the "
              "selection span (signals judged on its candles only"
           << (pooled ? "; every stream's signals pooled" : "") << "), among those with at least "
           << options.min_signals
           << " judged signals and a filter rate in 60-80%; the figures below "
              "\"## Overall\" are those of the folds' kept signals together.\n\n";
    report << "## Folds\n\n| fold | traded span | chosen on | trial | its judged signals there | "
              "its expectancy there | signals kept |\n|---|---|---|---|---:|---:|---:|\n"
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
    std::printf("wrote       %s (%zu signals)\n", options.out_path.c_str(), kept_out.written());
  return 0;
}

}  // namespace alphapulse::app
