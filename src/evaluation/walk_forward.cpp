#include "evaluation/walk_forward.hpp"

#include <cmath>
#include <cstdio>

namespace alphapulse::evaluation {

std::vector<WalkForwardFold> plan_walk_forward(std::size_t candles, std::size_t first_judged,
                                               std::size_t folds, std::size_t selection_candles) {
  std::vector<WalkForwardFold> plan;
  if (folds == 0 || first_judged == 0 || first_judged >= candles) return plan;
  const std::size_t judged = candles - first_judged;
  if (folds > judged) return plan;
  const std::size_t each = judged / folds, longer = judged % folds;
  std::size_t begin = first_judged;
  for (std::size_t k = 0; k < folds; ++k) {
    const std::size_t end = begin + each + (k < longer ? 1 : 0);
    const std::size_t selection_begin =
        selection_candles == 0 || selection_candles >= begin ? 0 : begin - selection_candles;
    plan.push_back({selection_begin, begin, end});
    begin = end;
  }
  return plan;
}

namespace {

// Folds whose k-th boundary (k = 0..folds; 0 the first judged instant, folds the end) is
// `boundary(k)`; empty if any fold would span no time.
template <typename Boundary>
std::vector<WalkForwardTimeFold> cut_in_time(std::int64_t first_ms, std::size_t folds,
                                             Boundary boundary) {
  std::vector<WalkForwardTimeFold> plan;
  for (std::size_t k = 0; k < folds; ++k) {
    const std::int64_t begin = boundary(k), end = boundary(k + 1);
    if (end <= begin) return {};
    plan.push_back({first_ms, begin, end});
  }
  return plan;
}

}  // namespace

std::vector<WalkForwardTimeFold> plan_walk_forward_in_time(std::int64_t first_ms,
                                                           std::int64_t end_ms, double judge_from,
                                                           std::size_t folds) {
  if (folds == 0 || end_ms <= first_ms || !(judge_from > 0 && judge_from < 1)) return {};
  const double span = static_cast<double>(end_ms - first_ms);
  const double step = (1 - judge_from) / static_cast<double>(folds);
  return cut_in_time(first_ms, folds, [&](std::size_t k) {
    return k == folds ? end_ms
                      : first_ms + static_cast<std::int64_t>(std::floor(
                                       (judge_from + step * static_cast<double>(k)) * span));
  });
}

std::vector<WalkForwardTimeFold> plan_walk_forward_from_time(std::int64_t first_ms,
                                                             std::int64_t judged_begin_ms,
                                                             std::int64_t end_ms,
                                                             std::size_t folds) {
  if (folds == 0 || judged_begin_ms <= first_ms || judged_begin_ms >= end_ms) return {};
  const std::int64_t judged = end_ms - judged_begin_ms;
  const auto count = static_cast<std::int64_t>(folds);
  // Integer arithmetic: the first fold starts exactly at the instant the user named.
  return cut_in_time(first_ms, folds, [&](std::size_t k) {
    const auto i = static_cast<std::int64_t>(k);
    return judged_begin_ms + judged / count * i + judged % count * i / count;
  });
}

std::string ineligibility(const TrialScore& score, const SelectionRule& rule) {
  char text[96];
  if (score.judged_signals < rule.min_judged_signals) {
    std::snprintf(text, sizeof text, "%zu judged signals, under %zu", score.judged_signals,
                  rule.min_judged_signals);
    return text;
  }
  if (!(score.filter_rate >= rule.min_filter_rate && score.filter_rate <= rule.max_filter_rate)) {
    std::snprintf(text, sizeof text, "filter rate %.1f%% outside %.0f-%.0f%%",
                  score.filter_rate * 100, rule.min_filter_rate * 100, rule.max_filter_rate * 100);
    return text;
  }
  if (!std::isfinite(score.expectancy_pct)) return "no finite expectancy";
  return {};
}

std::optional<std::size_t> choose_trial(std::span<const TrialScore> scores,
                                        const SelectionRule& rule) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!ineligibility(scores[i], rule).empty()) continue;
    if (!best || scores[i].expectancy_pct > scores[*best].expectancy_pct) best = i;
  }
  return best;
}

}  // namespace alphapulse::evaluation
