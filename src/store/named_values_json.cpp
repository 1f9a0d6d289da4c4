// store/named_values_json: see named_values_json.hpp.
#include "store/named_values_json.hpp"

namespace alphapulse::store {
namespace {

struct MetricField {
  std::string_view name;
  double regime::RegimeMetrics::*member;
};

constexpr MetricField kMetricFields[] = {
    {"trend_t_statistic", &regime::RegimeMetrics::trend_t_statistic},
    {"efficiency_ratio", &regime::RegimeMetrics::efficiency_ratio},
    {"volatility_ratio", &regime::RegimeMetrics::volatility_ratio},
    {"volume_ratio", &regime::RegimeMetrics::volume_ratio},
    {"return_autocorrelation", &regime::RegimeMetrics::return_autocorrelation},
    {"range_ratio", &regime::RegimeMetrics::range_ratio},
};

}  // namespace

std::string regime_metrics_to_json(const regime::RegimeMetrics& metrics) {
  core::NamedValues<std::size(kMetricFields)> values;
  for (const MetricField& f : kMetricFields) values.add(f.name, metrics.*(f.member));
  return named_values_to_json(values);
}

Status regime_metrics_from_json(std::string_view text, regime::RegimeMetrics& out) {
  core::NamedValues<std::size(kMetricFields) + 8> values;  // room for fields a later version adds
  if (auto s = named_values_from_json(text, values, "market_regimes.metrics"); !s) return s;
  out = {};
  for (const MetricField& f : kMetricFields) {
    if (auto v = values.find(f.name)) out.*(f.member) = *v;
  }
  return {};
}

}  // namespace alphapulse::store
