// evaluation/evaluator: see evaluator.hpp.
#include "evaluation/evaluator.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "evaluation/baseline.hpp"
#include "evaluation/outcome.hpp"

namespace alphapulse::evaluation {
namespace {

void require_sorted(const StreamKey& key, CandleView candles) {
  const bool sorted = std::is_sorted(
      candles.begin(), candles.end(),
      [](const core::Candle& a, const core::Candle& b) { return a.open_time < b.open_time; });
  if (!sorted) {
    throw std::invalid_argument("evaluation: candles of " + to_string(key) +
                                " are not in open-time order");
  }
}

}  // namespace

StreamCandleViews views_of(const StreamCandles& streams) {
  StreamCandleViews views;
  for (const auto& [key, candles] : streams) views.emplace(key, candles);
  return views;
}

Evaluator::Evaluator(CandleView candles, double fee_rate_per_side, std::size_t baseline_candles)
    : single_stream_(true) {
  summary_.fee_rate_per_side = fee_rate_per_side;
  StreamKey any{"*", core::Timeframe::k15m};
  require_sorted(any, candles);
  streams_.emplace(std::move(any), StreamSpan{candles, baseline_candles});
}

Evaluator::Evaluator(const StreamCandleViews& streams, double fee_rate_per_side,
                     const StreamCounts& baseline_candles) {
  summary_.fee_rate_per_side = fee_rate_per_side;
  for (const auto& [key, candles] : streams) {
    require_sorted(key, candles);
    const auto count = baseline_candles.find(key);
    StreamSpan& span = streams_[key];
    span.candles = candles;
    if (count != baseline_candles.end()) span.baseline_candles = count->second;
  }
}

const Evaluator::StreamSpan* Evaluator::span_for(const core::Signal& signal) const {
  if (single_stream_) return &streams_.begin()->second;
  auto it = streams_.find(stream_of(signal));
  return it == streams_.end() ? nullptr : &it->second;
}

const JudgedSignal& Evaluator::add(const core::Signal& signal) {
  JudgedSignal judged;
  judged.signal = signal;
  judged.signal.outcome = core::SignalOutcome::kPending;

  if (const StreamSpan* stream = span_for(signal)) {
    const CandleView span = stream->candles;
    auto it = std::lower_bound(
        span.begin(), span.end(), signal.candle_open_time,
        [](const core::Candle& c, core::TimestampMs t) { return c.open_time < t; });
    if (it != span.end() && it->open_time == signal.candle_open_time) {
      const auto index = static_cast<std::size_t>(it - span.begin());
      judged.matched = true;
      judged.result = evaluate_outcome(signal, span.subspan(index + 1), summary_.fee_rate_per_side);
      judged.signal.outcome = judged.result.outcome;
      if (judged.result.judged()) {
        for (const BaselineSample& sample :
             draw_baseline(signal, span, kBaselineSamplesPerSignal, summary_.fee_rate_per_side,
                           stream->baseline_candles)) {
          ++judged.baseline_drawn;
          if (!sample.result.judged()) continue;
          ++judged.baseline_judged;
          if (sample.result.outcome == core::SignalOutcome::kWin) ++judged.baseline_wins;
          judged.baseline_return_pct_sum += sample.result.return_pct;
        }
      }
    }
  }

  summary_.overall.add(judged);
  summary_.by_regime[signal.market_regime].add(judged);
  summary_
      .by_pattern[signal.pattern_type.empty() ? std::string("(none)")
                                              : std::string(signal.pattern_type)]
      .add(judged);
  summary_.by_direction[signal.direction].add(judged);
  summary_.by_quarter[quarter_of(signal)].add(judged);
  summary_.by_confidence[confidence_band(signal.confidence)].add(judged);
  summary_.by_stream[stream_of(signal)].add(judged);
  if (!keep_judged_) {
    last_ = judged;
    return last_;
  }
  judged_.push_back(judged);
  return judged_.back();
}

void Evaluator::set_filter_stats(std::uint64_t candidates, std::uint64_t rejected,
                                 std::map<std::string, std::uint64_t> rejection_reasons) {
  summary_.filter = {candidates, rejected, std::move(rejection_reasons)};
}

}  // namespace alphapulse::evaluation
