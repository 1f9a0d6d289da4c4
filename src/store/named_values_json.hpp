// store/named_values_json: the TEXT form of a signal's indicators / validation_metrics and a
// regime change's metrics columns: a JSON object {name: number}, written and read with
// evaluation's JSON helpers (the same spelling as the JSONL export; NaN as null). Names
// read back are interned (evaluation/interned_names.hpp) so Signal's views stay valid.
#pragma once

#include <string>
#include <string_view>

#include "core/signal.hpp"
#include "evaluation/interned_names.hpp"
#include "evaluation/json_text.hpp"
#include "regime/regime_state.hpp"
#include "store/result.hpp"

namespace alphapulse::store {

template <std::size_t N>
std::string named_values_to_json(const core::NamedValues<N>& values) {
  std::string out = "{";
  for (const core::NamedValue& item : values) {
    if (out.size() > 1) out.push_back(',');
    evaluation::append_json_string(out, item.name);
    out.push_back(':');
    evaluation::append_json_number(out, item.value);
  }
  out.push_back('}');
  return out;
}

// Parses `text` into `out` (which should be empty). `what` names the column in errors.
template <std::size_t N>
Status named_values_from_json(std::string_view text, core::NamedValues<N>& out,
                              std::string_view what) {
  evaluation::JsonCursor in(text);
  auto fail = [&](std::string why) {
    return Status(Error{0, std::string(what) + ": " + why + " in '" + std::string(text) + "'"});
  };
  if (!in.consume('{')) return fail("expected an object");
  if (!in.consume('}')) {
    do {
      auto name = in.read_string();
      if (!name || !in.consume(':')) return fail("expected \"name\":");
      auto value = in.read_number_or_null();
      if (!value) return fail(in.error());
      if (!out.add(evaluation::intern_name(*name), *value)) {
        return fail("more than " + std::to_string(N) + " values");
      }
    } while (in.consume(','));
    if (!in.consume('}')) return fail("expected '}'");
  }
  if (!in.at_end()) return fail("trailing text");
  return {};
}

// RegimeMetrics <-> {"trend_t_statistic": ..., ...} (field names as in regime_state.hpp).
std::string regime_metrics_to_json(const regime::RegimeMetrics& metrics);
Status regime_metrics_from_json(std::string_view text, regime::RegimeMetrics& out);

}  // namespace alphapulse::store
