// evaluation/baseline: see baseline.hpp.
#include "evaluation/baseline.hpp"

#include <cmath>

namespace alphapulse::evaluation {

std::uint64_t baseline_seed(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  return hash;
}

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  while (true) {
    const std::uint64_t x = next();
    if (x >= threshold) return x % bound;
  }
}

std::vector<BaselineSample> draw_baseline(const core::Signal& signal,
                                          std::span<const core::Candle> span, std::size_t samples,
                                          double fee_rate_per_side, std::size_t drawable) {
  std::vector<BaselineSample> out;
  const double entry = signal.entry_price;
  const std::size_t draw_from = std::min(drawable, span.size());
  if (draw_from == 0 || !(entry > 0) || !std::isfinite(entry)) return out;

  const double sign = signal.direction == core::Direction::kLong ? 1.0 : -1.0;
  std::array<double, 4> tp_distance{};
  for (std::size_t k = 0; k < 4; ++k) {
    tp_distance[k] = sign * (signal.take_profits[k] - entry) / entry;
  }
  const double stop_distance = sign * (entry - signal.stop_loss) / entry;

  SplitMix64 random(baseline_seed(signal.signal_id.view()));
  out.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    BaselineSample sample;
    const bool is_long = (random.next() >> 63) == 0;
    sample.candle_index = static_cast<std::size_t>(random.below(draw_from));
    const double base = span[sample.candle_index].close;
    const double dir = is_long ? 1.0 : -1.0;
    sample.plan.direction = is_long ? core::Direction::kLong : core::Direction::kShort;
    sample.plan.entry = base;
    for (std::size_t k = 0; k < 4; ++k) {
      sample.plan.take_profits[k] = base * (1.0 + dir * tp_distance[k]);
    }
    sample.plan.stop_loss = base * (1.0 - dir * stop_distance);
    sample.result =
        evaluate_outcome(sample.plan, span.subspan(sample.candle_index + 1), fee_rate_per_side);
    out.push_back(sample);
  }
  return out;
}

}  // namespace alphapulse::evaluation
