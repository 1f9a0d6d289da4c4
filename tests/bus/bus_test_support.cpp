// tests/bus/bus_test_support: see bus_test_support.hpp.
#include "bus_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace alphapulse::bus::test {

core::Signal make_signal(int index, std::string_view symbol, core::Timeframe timeframe) {
  core::Signal s;
  s.signal_id.assign("sig-" + std::string(symbol) + "-" + std::to_string(index));
  s.symbol.assign(symbol);
  s.timeframe = timeframe;
  s.direction = index % 2 == 0 ? core::Direction::kLong : core::Direction::kShort;
  s.confidence = 0.6 + 0.001 * index;
  const double entry = 100.0 + index;
  const double sign = s.direction == core::Direction::kLong ? 1.0 : -1.0;
  s.entry_price = entry;
  s.take_profits = {entry + sign * 1, entry + sign * 2, entry + sign * 3, entry + sign * 4};
  s.stop_loss = entry - sign * 1.5;
  s.risk_reward_ratio = 2.0 / 1.5;
  s.pattern_type = "bullish_engulfing";
  s.volume_confirmation = true;
  s.trend_alignment = index % 3 == 0;
  s.market_regime = core::MarketRegime::kStrongTrendBull;
  s.indicators.add("rsi14", 55.25 + index);
  s.indicators.add("atr14", 1.0 / 3.0);
  s.validation_metrics.add("edge", 0.125);
  s.candle_open_time = core::TimestampMs{1'709'294'400'000 + std::int64_t{index} * 900'000};
  s.timestamp = s.candle_open_time + core::duration(timeframe);
  return s;
}

std::vector<core::Signal> make_signals(int count, int first_index) {
  std::vector<core::Signal> out;
  for (int i = 0; i < count; ++i) out.push_back(make_signal(first_index + i));
  return out;
}

StreamSnapshot make_snapshot(std::string_view symbol, core::Timeframe timeframe,
                             core::MarketRegime regime) {
  StreamSnapshot s;
  s.symbol.assign(symbol);
  s.timeframe = timeframe;
  s.candle_close_time = core::TimestampMs{1'709'295'300'000};
  s.regime = regime;
  s.regime_confidence = 0.75;
  s.regime_duration_candles = 12;
  s.indicators.add("rsi14", 61.5);
  s.indicators.add("ema20", 42'123.25);
  return s;
}

std::string redis_test_dir() {
  const char* dir = std::getenv("ALPHAPULSE_TEST_REDIS_DIR");
  if (dir == nullptr || *dir == '\0') {
    ADD_FAILURE()
        << "ALPHAPULSE_TEST_REDIS_DIR is not set: these tests need the private Redis "
           "server. Run them through ctest (ctest --preset release -R 'redis|Redis'), which "
           "starts it, or start one with scripts/test_servers/redis.sh start DIR and set "
           "ALPHAPULSE_TEST_REDIS_DIR=DIR";
    return {};
  }
  return dir;
}

std::string redis_test_url() {
  const std::string dir = redis_test_dir();
  if (dir.empty()) return {};
  std::ifstream in(dir + "/url");
  std::string url;
  if (!(in >> url)) {
    ADD_FAILURE() << "no URL in " << dir
                  << "/url: is the server started (scripts/test_servers/redis.sh start " << dir
                  << ")?";
  }
  return url;
}

int run_redis_script(const std::string& action) {
  const std::string dir = redis_test_dir();
  if (dir.empty()) return -1;
  const std::string command =
      std::string("'") + ALPHAPULSE_REDIS_SCRIPT + "' " + action + " '" + dir + "'";
  return std::system(command.c_str());
}

std::string unique_prefix() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string("aptest:") + info->test_suite_name() + "." + info->name() + ":" +
         std::to_string(::getpid());
}

void delete_keys_under(const std::string& url, const std::string& prefix) {
  if (url.empty()) return;
  auto connection = RedisConnection::from_url(url);
  if (!connection) return;
  std::string cursor = "0";
  do {
    auto page = connection->command({"SCAN", cursor, "MATCH", prefix + ":*", "COUNT", "1000"});
    if (!page || page->elements.size() != 2) return;
    cursor = page->elements[0].text;
    CommandBatch unlink;
    for (const auto& key : page->elements[1].elements) unlink.begin().arg("UNLINK").arg(key.text);
    if (!unlink.empty() && !connection->pipeline(unlink)) return;
  } while (cursor != "0");
}

}  // namespace alphapulse::bus::test
