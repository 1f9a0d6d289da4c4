// `alphapulse backtest`: replays candle files through strategy::SignalPipeline, the very
// class the live engine runs per stream, then judges every emitted signal by the rules of
// EVALUATION.md (outcomes, expectancy, random baseline, edge, filter rate), and every
// candidate, rejected ones included, as if it had been signalled (the filter check: does the
// filter reject the worse candidates?).
//
// Files of several symbols or timeframes are several streams, each replayed through its own
// pipeline (as live), their signals and candidates judged together in time order; each stream's
// own figures are the report's "By stream" rows.
//
// Decisions and judgement are separate passes on purpose: the pipeline sees the candles one
// by one and cannot reach a later one; the evaluator, which must look ahead 96 candles to
// judge an outcome, only ever sees signals that were already final.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "candle_replay.hpp"
#include "commands.hpp"
#include "configuration.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/filter_check.hpp"
#include "evaluation/report.hpp"
#include "feed/candle_csv.hpp"
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

// One stream of the run: its candles, its judged span [judged_from, judged_end) and its pass.
struct BacktestStream {
  LoadedCandles loaded;
  std::size_t judged_from = 0;
  std::size_t judged_end = 0;
  Replay run;
  std::size_t signals_in_span = 0;  // the run's first signals, those before judged_end

  std::string name() const {
    return std::string(loaded.symbol.view()) + ' ' +
           std::string(core::to_string(*loaded.timeframe));
  }
};

// Files whose names say two or more (symbol, timeframe) streams are judged as several streams
// (each its own pipeline, as live); otherwise the files are one stream, maybe in pieces.
bool names_several_streams(const BacktestOptions& options) {
  if (options.data_paths.size() < 2 || !options.symbol.empty() || !options.timeframe.empty())
    return false;
  std::set<std::pair<std::string, std::string>> named;
  for (const auto& path : options.data_paths) {
    const feed::FileNameInfo info =
        feed::parse_candle_file_name(std::filesystem::path(path).filename().string());
    named.emplace(std::string(info.symbol.view()),
                  info.timeframe ? std::string(core::to_string(*info.timeframe)) : "");
  }
  return named.size() > 1;
}

std::vector<BacktestStream> load_backtest_streams(const BacktestOptions& options) {
  std::vector<BacktestStream> streams;
  if (!names_several_streams(options)) {
    LoadedCandles one = load_candles(options.data_paths, options.symbol, options.timeframe);
    if (one.ok) streams.emplace_back().loaded = std::move(one);
    return streams;
  }
  // Each stream's symbol and timeframe are known: load_streams refuses a file whose are not.
  for (LoadedCandles& loaded : load_streams(options.data_paths))
    streams.emplace_back().loaded = std::move(loaded);
  return streams;
}

// Walk-forward split: the pipeline runs over every candle (the design span warms it up), but
// only the judged span's signals, candidates and candles enter the figures. The span ends at
// --judge-to (the end of the data by default); the candles after it only finish the walks of
// the signals inside it (and of their random twins), as the future would. Bounds given alike
// (two dates, two fractions) are checked in order once (span_bounds_in_order); a stream whose
// candles miss the span, or whose bounds of two kinds cross on its candles, has an empty one
// (the summary says so).
void set_judged_span(const BacktestOptions& options, BacktestStream& stream) {
  const std::vector<core::Candle>& candles = stream.loaded.candles;
  stream.judged_from = candle_at_bound(candles, options.judge_from);
  stream.judged_end =
      options.judge_to ? candle_at_bound(candles, *options.judge_to) : candles.size();
  stream.judged_end = std::max(stream.judged_end, stream.judged_from);  // maybe empty
}

// --judge-from and --judge-to given alike (two dates or two fractions) must be in order: false
// after printing why.
bool span_bounds_in_order(const BacktestOptions& options) {
  if (!options.judge_to) return true;
  const SpanBound &from = options.judge_from, &to = *options.judge_to;
  if (from.time && to.time && to.time->ms <= from.time->ms) {
    std::fprintf(stderr, "error: --judge-to %s is not after --judge-from %s: nothing to judge\n",
                 core::format_iso8601(*to.time).c_str(), core::format_iso8601(*from.time).c_str());
    return false;
  }
  if (!from.time && !to.time && to.fraction <= from.fraction) {
    std::fprintf(stderr, "error: --judge-to %g is not after --judge-from %g: nothing to judge\n",
                 to.fraction, from.fraction);
    return false;
  }
  return true;
}

// What the run's summary says of a stream's span ("" when it is the whole file).
std::string judged_span_text(const BacktestStream& stream, bool named) {
  const std::vector<core::Candle>& candles = stream.loaded.candles;
  const std::size_t n = candles.size(), from = stream.judged_from, end = stream.judged_end;
  const std::string prefix = named ? "judged span " + stream.name() + ": " : "judged span ";
  char text[512];
  if (n > 0 && from >= n) {
    std::snprintf(text, sizeof text,
                  "%snone: no candle opens at or after the --judge-from given (the last opens at "
                  "%s)\n",
                  prefix.c_str(), core::format_iso8601(candles.back().open_time).c_str());
  } else if (n > 0 && end == from) {
    std::snprintf(text, sizeof text,
                  "%snone: no candle opens between the --judge-from and --judge-to given (the "
                  "candles run %s .. %s)\n",
                  prefix.c_str(), core::format_iso8601(candles.front().open_time).c_str(),
                  core::format_iso8601(candles.back().open_time).c_str());
  } else if (from > 0 || end < n) {
    std::snprintf(text, sizeof text,
                  "%s%s .. %s (candles %zu..%zu; the first %.0f%% only warmed up the pipeline%s)\n",
                  prefix.c_str(), core::format_iso8601(candles[from].open_time).c_str(),
                  core::format_iso8601(candles[end - 1].open_time).c_str(), from, end - 1,
                  100.0 * static_cast<double>(from) / static_cast<double>(n),
                  end < n ? "; the candles after the span only finished its walks" : "");
  } else {
    return {};
  }
  return text;
}

// A candidate of a stream's judged span, by reference: its stream, its index in the stream's
// candidates and, when accepted, the index of the signal it emitted. Sorting these, not whole
// signals, keeps a universe's filter check from holding every candidate twice.
struct CandidateRef {
  std::int64_t open_time_ms;
  std::size_t stream;
  std::size_t candidate;
  std::size_t signal;  // accepted only
};

// Every stream's candidates of its judged span, in time order (streams in the order given among
// equal times): the accepted ones are the stream's signals, in the same order.
std::vector<CandidateRef> span_candidates(const std::vector<BacktestStream>& streams) {
  std::vector<CandidateRef> out;
  for (std::size_t k = 0; k < streams.size(); ++k) {
    const BacktestStream& s = streams[k];
    std::size_t next_signal = 0;
    for (std::size_t i = 0; i < s.run.candidates.size(); ++i) {
      const CandidateRecord& c = s.run.candidates[i];
      if (c.candle_index >= s.judged_end) break;
      const bool accepted = c.verdict.accepted;
      if (accepted && next_signal >= s.signals_in_span) continue;  // never: each emitted one
      out.push_back(
          {s.loaded.candles[c.candle_index].open_time.ms, k, i, accepted ? next_signal++ : 0});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const CandidateRef& a, const CandidateRef& b) {
    return a.open_time_ms < b.open_time_ms;
  });
  return out;
}

// The filter check's entry for one candidate: the emitted signal, or the one it would have been;
// exported as it is judged when asked for.
void add_candidate(evaluation::FilterCheck& check, const BacktestStream& s, const CandidateRef& ref,
                   JsonlExport& exported) {
  const auto export_judged = [&exported](const evaluation::JudgedSignal* judged,
                                         std::string_view verdict) {
    if (judged != nullptr && exported.enabled())
      exported.write(evaluation::to_candidate_jsonl(*judged, verdict));
  };
  const CandidateRecord& c = s.run.candidates[ref.candidate];
  if (c.verdict.accepted) {
    export_judged(check.add(s.run.signals[ref.signal], true, {}), "accepted");
    return;
  }
  core::Signal as_if_signalled;
  strategy::write_candidate_fields(as_if_signalled, s.loaded.symbol, *s.loaded.timeframe,
                                   s.loaded.candles[c.candle_index], c.candidate, c.levels,
                                   c.verdict, c.regime);
  const std::string_view reason = strategy::to_string(c.verdict.reason);
  export_judged(check.add(as_if_signalled, false, reason), reason);
}

}  // namespace

int run_backtest(const BacktestOptions& options) {
  const std::optional<Configuration> configured = configured_settings(options);
  if (!configured) return 2;
  const strategy::PipelineSettings& settings = configured->pipeline;
  const double fee_rate_per_side =
      configured->settings.fee_rate_per_side.value_or(evaluation::kFeeRatePerSide);
  if (!span_bounds_in_order(options)) return 2;
  std::vector<BacktestStream> streams = load_backtest_streams(options);
  if (streams.empty()) return 2;
  const bool several = streams.size() > 1;
  std::size_t total_candles = 0;
  for (BacktestStream& s : streams) {
    set_judged_span(options, s);
    total_candles += s.loaded.candles.size();
  }

  ProgressBar progress(total_candles);
  std::size_t done = 0;
  double seconds = 0;
  std::vector<const core::Signal*> signals;  // every stream's
  for (BacktestStream& s : streams) {
    const std::size_t marks[] = {s.judged_from, s.judged_end};
    s.run = replay(s.loaded, settings, s.judged_from, marks, true, several ? nullptr : &progress);
    done += s.loaded.candles.size();
    progress.update(done);
    seconds += s.run.seconds;
    // Signals and candidates are recorded in candle order from judged_from on.
    s.signals_in_span = static_cast<std::size_t>(
        std::lower_bound(s.run.signal_candles.begin(), s.run.signal_candles.end(), s.judged_end) -
        s.run.signal_candles.begin());
    for (std::size_t i = 0; i < s.signals_in_span; ++i) signals.push_back(&s.run.signals[i]);
  }
  std::vector<JudgedSpan> spans;
  spans.reserve(streams.size());
  for (const BacktestStream& s : streams) spans.push_back({&s.loaded, s.judged_from, s.judged_end});
  auto evaluator = judge_over<evaluation::Evaluator>(spans, fee_rate_per_side);
  evaluator.keep_judged(false);  // counted; exported as they are judged
  JsonlExport signals_out(options.out_path);
  add_in_time_order(evaluator, signals, &signals_out);
  if (!signals_out.finish()) return 2;
  auto filter_check = judge_over<evaluation::FilterCheck>(spans, fee_rate_per_side);
  filter_check.keep_candidates(false);  // counted by verdict; exported as they are judged
  JsonlExport exported(options.candidates_out_path);
  for (const CandidateRef& ref : span_candidates(streams))
    add_candidate(filter_check, streams[ref.stream], ref, exported);
  if (!exported.finish()) return 2;
  evaluation::FilterStats filter;
  for (const BacktestStream& s : streams)
    filter.add(filter_between(s.run.filter_stats_at[0], s.run.filter_stats_at[1]));
  evaluator.set_filter_stats(filter.candidates, filter.rejected, filter.rejection_reasons);

  const auto& summary = evaluator.summary();
  std::printf("pipeline    %zu candles in %.1f ms: %.2f M candles/s (one core)\n", total_candles,
              seconds * 1e3, static_cast<double>(total_candles) / seconds / 1e6);
  const std::vector<std::string> described = describe(*configured);
  for (const auto& line : described) std::printf("settings    %s\n", line.c_str());
  if (settings.enable_ml) {
    for (const BacktestStream& s : streams) {
      std::printf(
          "model       %s%s%lld outcomes learned, running win rate %.2f%%, gate P(win) < win "
          "rate %+.3f\n",
          several ? s.name().c_str() : "", several ? ": " : "",
          static_cast<long long>(s.run.model_outcomes), s.run.model_base_rate * 100,
          settings.model.threshold_margin);
    }
  }
  for (const BacktestStream& s : streams) std::printf("%s", judged_span_text(s, several).c_str());
  std::printf("%s", evaluation::to_text(summary).c_str());
  std::printf("%s", evaluation::to_text(filter_check).c_str());
  if (!options.report_path.empty()) {
    std::ofstream report(options.report_path);
    report << "# Backtest:";
    for (const BacktestStream& s : streams)
      report << (&s == &streams.front() ? " " : ", ") << s.name();
    report << "\n\n## Settings\n\n";
    for (const auto& line : described) report << "- " << line << '\n';
    report << '\n';
    report << evaluation::to_markdown(summary) << evaluation::to_markdown(filter_check);
    if (!report) {
      std::fprintf(stderr, "error: writing %s failed\n", options.report_path.c_str());
      return 2;
    }
  }
  if (!options.out_path.empty())
    std::printf("wrote       %s (%zu signals)\n", options.out_path.c_str(), signals_out.written());
  if (!options.candidates_out_path.empty())
    std::printf("wrote       %s (%zu candidates with a trade)\n",
                options.candidates_out_path.c_str(), exported.written());
  return 0;
}

}  // namespace alphapulse::app
