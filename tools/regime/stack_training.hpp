// tools/regime/stack_training: fitting the second-stage classifier (regime/regime_stacker) on the
// first network's float-kernel logits over the training seeds. Adam on cross-entropy, like the
// first network (fit_regime_model.cpp), on its own fixed seeds.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "regime/random.hpp"
#include "regime/regime_stacker.hpp"

namespace alphapulse::regime::tools {

struct StackSample {
  StackInput x;
  int label;
};

inline void standardize_stack(RegimeStackNetwork& net, const std::vector<StackSample>& samples) {
  for (int i = 0; i < kStackInputs; ++i) {
    double mean = 0, sq = 0;
    for (const auto& s : samples) mean += s.x[i];
    mean /= static_cast<double>(samples.size());
    for (const auto& s : samples) sq += (s.x[i] - mean) * (s.x[i] - mean);
    const double sd = std::sqrt(sq / static_cast<double>(samples.size()));
    net.input_mean[i] = mean;
    net.input_scale[i] = sd > 0 ? 1.0 / sd : 0.0;
  }
}

inline RegimeStackNetwork train_stack(std::vector<StackSample>& samples, int epochs) {
  RegimeStackNetwork net;
  standardize_stack(net, samples);
  RandomSource rng(20261124);
  for (auto& row : net.hidden_weights)
    for (double& w : row) w = rng.normal() / std::sqrt(kStackInputs);
  for (auto& row : net.output_weights)
    for (double& w : row) w = rng.normal() / std::sqrt(kStackHidden);
  // Flattened parameter views for Adam.
  std::vector<double*> params;
  for (auto& row : net.hidden_weights)
    for (double& w : row) params.push_back(&w);
  for (double& b : net.hidden_bias) params.push_back(&b);
  for (auto& row : net.output_weights)
    for (double& w : row) params.push_back(&w);
  for (auto& row : net.skip_weights)
    for (double& w : row) params.push_back(&w);
  for (double& b : net.output_bias) params.push_back(&b);
  const std::size_t n = params.size();
  std::vector<double> m(n, 0.0), v(n, 0.0), grad(n);
  constexpr std::size_t kBatch = 128;
  constexpr double kL2 = 1e-5, kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8, kRate = 0.003;
  const std::size_t total_steps = static_cast<std::size_t>(epochs) * (samples.size() / kBatch);
  std::size_t step = 0;
  const std::size_t hidden_w = 0, hidden_b = kStackHidden * kStackInputs,
                    out_w = hidden_b + kStackHidden, skip_w = out_w + kRegimeCount * kStackHidden,
                    out_b = skip_w + kRegimeCount * kStackInputs;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (std::size_t i = samples.size(); i-- > 1;) {
      std::swap(samples[i],
                samples[static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(i)))]);
    }
    double loss = 0;
    std::size_t correct = 0;
    for (std::size_t start = 0; start + kBatch <= samples.size(); start += kBatch) {
      std::fill(grad.begin(), grad.end(), 0.0);
      for (std::size_t b = start; b < start + kBatch; ++b) {
        const StackSample& s = samples[b];
        std::array<double, kStackInputs> z;
        for (int i = 0; i < kStackInputs; ++i)
          z[i] = (s.x[i] - net.input_mean[i]) * net.input_scale[i];
        std::array<double, kStackHidden> pre, hidden;
        auto p = stack_logits_exact(net, s.x, &pre, &hidden);
        double top = p[0];
        for (double x : p) top = std::max(top, x);
        double total = 0;
        for (double& x : p) total += (x = std::exp(x - top));
        for (double& x : p) x /= total;
        loss -= std::log(std::max(p[s.label], 1e-300));
        correct += static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()) == s.label;
        std::array<double, kStackHidden> d_hidden{};
        for (int k = 0; k < kRegimeCount; ++k) {
          const double d = p[k] - (k == s.label ? 1.0 : 0.0);
          for (int h = 0; h < kStackHidden; ++h) {
            grad[out_w + k * kStackHidden + h] += d * hidden[h];
            d_hidden[h] += d * net.output_weights[k][h];
          }
          for (int i = 0; i < kStackInputs; ++i) grad[skip_w + k * kStackInputs + i] += d * z[i];
          grad[out_b + k] += d;
        }
        for (int h = 0; h < kStackHidden; ++h) {
          const double dh = d_hidden[h] * fast_math::soft_clip_derivative(pre[h]);
          for (int i = 0; i < kStackInputs; ++i) grad[hidden_w + h * kStackInputs + i] += dh * z[i];
          grad[hidden_b + h] += dh;
        }
      }
      const double rate =
          kRate * (1.0 - 0.9 * static_cast<double>(step) / static_cast<double>(total_steps));
      ++step;
      const double c1 = 1.0 - std::pow(kBeta1, static_cast<double>(step)),
                   c2 = 1.0 - std::pow(kBeta2, static_cast<double>(step));
      for (std::size_t i = 0; i < n; ++i) {
        const double g = grad[i] / kBatch + kL2 * *params[i];
        m[i] = kBeta1 * m[i] + (1 - kBeta1) * g;
        v[i] = kBeta2 * v[i] + (1 - kBeta2) * g * g;
        *params[i] -= rate * (m[i] / c1) / (std::sqrt(v[i] / c2) + kEps);
      }
    }
    std::fprintf(stderr, "stacker epoch %2d  loss %.4f  per-candle accuracy %.4f\n", epoch + 1,
                 loss / static_cast<double>(samples.size()),
                 static_cast<double>(correct) / static_cast<double>(samples.size()));
  }
  return net;
}

}  // namespace alphapulse::regime::tools
