// Cost of reading one live kline frame (simdjson DOM, the combined-stream envelope, every
// field checked and converted): the first step of every WebSocket message on the feed thread,
// paid before the decision starts, so it is part of decision latency.
#include <benchmark/benchmark.h>

#include <string>

#include "feed/binance_kline_parser.hpp"

namespace alphapulse::bench {
namespace {

// The shape of ../shared/protocol/binance/combined_stream_kline.json (a real payload).
const std::string kFrame =
    R"({"stream":"btcusdt@kline_5m","data":{"e":"kline","E":1631636735735,"s":"BTCUSDT","k":)"
    R"({"t":1631636700000,"T":1631636999999,"s":"BTCUSDT","i":"5m","f":1054217725,)"
    R"("L":1054218306,"o":"46686.15000000","c":"46673.53000000","h":"46686.15000000",)"
    R"("l":"46668.45000000","v":"12.26168000","n":582,"x":true,"q":"572337.21655380",)"
    R"("V":"3.29093000","Q":"153606.31592330","B":"0"}}})";

void BM_KlineFrameParse(benchmark::State& state) {
  feed::KlineFrameParser parser;
  for (auto _ : state) {
    const feed::ParsedFrame& parsed = parser.parse(kFrame);
    benchmark::DoNotOptimize(&parsed);
    if (parsed.type != feed::FrameType::kKline) state.SkipWithError("frame did not parse");
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kFrame.size()));
}
BENCHMARK(BM_KlineFrameParse);

}  // namespace
}  // namespace alphapulse::bench
