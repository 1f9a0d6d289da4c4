// Candles per second for reading a candle file (parse + validate every row), from memory
// so the figure is the parser's, not the disk's.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "feed/candle_csv.hpp"

namespace alphapulse::bench {
namespace {

void BM_ParseCandleCsv(benchmark::State& state) {
  std::ifstream in(std::string(ALPHAPULSE_SAMPLE_DIR) + "/BTCUSDT_15m.csv");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::size_t candles = 0;
  for (auto _ : state) {
    const auto result = feed::parse_candle_csv(text, "BTCUSDT_15m.csv");
    candles += result.candles.size();
    benchmark::DoNotOptimize(result.candles.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(candles));
  state.SetBytesProcessed(static_cast<std::int64_t>(text.size() * state.iterations()));
}
BENCHMARK(BM_ParseCandleCsv)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace alphapulse::bench
