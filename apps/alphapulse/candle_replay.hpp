// apps/alphapulse/candle_replay: what `backtest` and `walkforward` share: candle files loaded
// into one stream, and one pass of strategy::SignalPipeline (the class the live engine runs per
// stream) over it, recording what the judging needs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "core/candle.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "evaluation/filter_check.hpp"
#include "evaluation/metrics.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::app {

// All files' candles in open-time order; the same open time twice keeps the first.
struct LoadedCandles {
  std::vector<core::Candle> candles;
  core::Symbol symbol;
  std::optional<core::Timeframe> timeframe;
  bool ok = true;
};

// Reads every file (rejected rows and gaps counted and printed), merges them, and takes
// `symbol` / `timeframe` when given over what the files say. ok is false after printing why
// (a file that cannot be read, files of other symbols or timeframes, no symbol or timeframe
// known).
LoadedCandles load_candles(const std::vector<std::string>& paths, const std::string& symbol,
                           const std::string& timeframe);

// Every file as its own stream, except that files of the same symbol and timeframe are pieces
// of one stream and merged (as load_candles merges them). Streams in the order their first
// file was given. Empty after printing why when a file cannot be read or names no stream.
std::vector<LoadedCandles> load_streams(const std::vector<std::string>& paths);

// What the filter check needs of a candidate, kept small: the pipeline's loop is timed, and a
// whole core::Signal per candidate there cost a quarter of its speed.
struct CandidateRecord {
  std::size_t candle_index;
  strategy::Candidate candidate;
  strategy::Levels levels;
  strategy::Verdict verdict;
  core::MarketRegime regime;
};

struct Replay {
  std::vector<core::Signal> signals;        // emitted from candle `record_from` on
  std::vector<std::size_t> signal_candles;  // each signal's candle index
  std::vector<CandidateRecord> candidates;  // when asked for, from `record_from` on
  // The filter's counts before candle marks[j] was decided (after the last candle for a mark
  // at or past the end), in the order of `marks`.
  std::vector<strategy::FilterStats> filter_stats_at;
  double seconds = 0;  // the pipeline's loop alone
  // The model stage at the end (strategy::OutcomeModel): outcomes learned, running win rate.
  std::int64_t model_outcomes = 0;
  double model_base_rate = 0;
};

class ProgressBar;

// One pass over `candles`. `marks` need not be sorted. `progress` may be null.
Replay replay(const LoadedCandles& loaded, const strategy::PipelineSettings& settings,
              std::size_t record_from, std::span<const std::size_t> marks, bool keep_candidates,
              ProgressBar* progress);

// The index of the first candle opening at or after `t` (candles in open-time order; their
// count when none does): where a span that starts at an instant begins.
std::size_t first_candle_at_or_after(const std::vector<core::Candle>& candles, core::TimestampMs t);

// Where a judged span's bound (--judge-from, --judge-to) falls on a stream's candles: the first
// candle opening at or after its instant, else the first of the last (1 - fraction) of them
// (their count at the most).
std::size_t candle_at_bound(const std::vector<core::Candle>& candles, const SpanBound& bound);

// Candles [begin, end) of a stream, as the evaluator reads them: a view of the loaded candles,
// which outlive every evaluator of the command.
evaluation::CandleView candles_between(const std::vector<core::Candle>& candles, std::size_t begin,
                                       std::size_t end);

// One stream's judged span: its candles [begin, end). The candles after `end` only finish the
// walks of the signals inside it.
struct JudgedSpan {
  const LoadedCandles* stream;
  std::size_t begin;
  std::size_t end;
};

// An evaluator (evaluation::Evaluator or FilterCheck) over every span: each stream's candles
// from its span's start to the end of its data, the random baselines drawn inside the span. One
// span judges every signal on its candles whatever the signal's symbol; several judge each on
// its own stream's.
template <typename Judge>
Judge judge_over(std::span<const JudgedSpan> spans, double fee_rate_per_side) {
  const auto candles_of = [](const JudgedSpan& s) {
    const std::size_t n = s.stream->candles.size();
    return candles_between(s.stream->candles, std::min(s.begin, n), n);
  };
  const auto drawable = [](const JudgedSpan& s) { return s.end > s.begin ? s.end - s.begin : 0; };
  if (spans.size() == 1)
    return Judge(candles_of(spans.front()), fee_rate_per_side, drawable(spans.front()));
  evaluation::StreamCandleViews candles;
  evaluation::StreamCounts counts;
  for (const JudgedSpan& s : spans) {
    const evaluation::StreamKey key{std::string(s.stream->symbol.view()), *s.stream->timeframe};
    candles[key] = candles_of(s);
    counts[key] = drawable(s);
  }
  return Judge(candles, fee_rate_per_side, counts);
}

// A JSON Lines export written line by line as its items are judged (signals in the
// EVALUATION.md format, or a filter check's candidates), instead of keeping every judged item to
// write at the end: a universe's ~50,000 candidates took ~90 MB held (docs/performance.md). An
// empty path writes nothing.
class JsonlExport {
 public:
  explicit JsonlExport(const std::string& path);
  bool enabled() const { return !path_.empty(); }
  // One line (no newline), when enabled.
  void write(std::string_view line);
  // Flushes; false after printing why the file could not be written.
  bool finish();
  std::size_t written() const { return written_; }

 private:
  std::string path_;
  std::ofstream out_;
  std::size_t written_ = 0;
};

// Signals of several streams added in time order (the edge's batches and the drawdown read the
// order), streams in the order given among equal times; each judged signal written to `out` as
// it is added (when given and enabled).
void add_in_time_order(evaluation::Evaluator& evaluator, std::vector<const core::Signal*> signals,
                       JsonlExport* out = nullptr);

// The filter's figures between two snapshots, as the evaluator reports them.
evaluation::FilterStats filter_between(const strategy::FilterStats& before,
                                       const strategy::FilterStats& after);

// A bar on stderr when it is a terminal; silent otherwise.
class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total);
  void update(std::size_t done);

 private:
  std::size_t total_;
  bool enabled_;
  int last_percent_ = -1;
};

}  // namespace alphapulse::app
