// evaluation/report: the evaluation figures as text. A Markdown report (tables: overall,
// per market regime, pattern, direction, calendar quarter and stream, filter) for docs and CI
// artifacts, a short plain-text summary for the terminal, and the one-line figures that
// tools/evaluate_signals.py prints too, so the two can be compared by eye or by a test.
// Including this header gives the whole evaluation API (Evaluator, metrics).
#pragma once

#include <string>

#include "evaluation/evaluator.hpp"
#include "evaluation/filter_check.hpp"
#include "evaluation/metrics.hpp"

namespace alphapulse::evaluation {

// "accuracy X wins W losses L expired E open O expectancy_pct Y", numbers in shortest
// round-trip form, "nan" when undefined: the same line as tools/evaluate_signals.py.
std::string figures_line(const Metrics& metrics);

// "profit_factor X max_drawdown_pct Y longest_losing_streak Z": the trade-sequence figures,
// the same line as tools/evaluate_signals.py --risk.
std::string risk_line(const Metrics& metrics);

// "baseline accuracy X wins W judged N expectancy_pct Y": the random twins of the judged
// signals (EVALUATION.md's baseline) as a machine-readable line, the same line as
// tools/evaluate_signals.py --baseline.
std::string baseline_line(const Metrics& metrics);

// A fee rate per side as the report states it: "0.1%", or a trader's own rate with " (not
// EVALUATION.md's 0.1%)" after it ("0.075% (not EVALUATION.md's 0.1%)").
std::string fee_text(double fee_rate_per_side);

// Terminal summary: the figures line and the baseline line, then baseline, edge, R, filter rate
// and reasons.
std::string to_text(const EvaluationSummary& summary);

// Markdown report with one table per breakdown.
std::string to_markdown(const EvaluationSummary& summary);

// The filter check: a Markdown section (one row per verdict group) and one terminal line
// ("filter check accepted X% (edge), rejected Y% (edge) ...").
std::string to_markdown(const FilterCheck& check);
std::string to_text(const FilterCheck& check);

}  // namespace alphapulse::evaluation
