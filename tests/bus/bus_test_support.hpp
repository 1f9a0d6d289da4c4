// tests/bus/bus_test_support: signals and snapshots to publish, and access to the private
// test server (its URL from $ALPHAPULSE_TEST_REDIS_DIR/url, the helper script to stop and
// start it). Each test writes under its own key prefix so tests never see each other's keys.
#pragma once

#include <string>
#include <vector>

#include "bus/redis_connection.hpp"
#include "bus/stream_cache.hpp"
#include "core/signal.hpp"

namespace alphapulse::bus::test {

// A complete signal with a distinct id, times and prices derived from `index`.
core::Signal make_signal(int index, std::string_view symbol = "BTCUSDT",
                         core::Timeframe timeframe = core::Timeframe::k15m);
std::vector<core::Signal> make_signals(int count, int first_index = 0);

StreamSnapshot make_snapshot(std::string_view symbol, core::Timeframe timeframe,
                             core::MarketRegime regime);

// The test server's directory and URL; empty (with a gtest failure saying how to run the
// tests) when the environment does not name one.
std::string redis_test_dir();
std::string redis_test_url();

// Runs scripts/test_servers/redis.sh ACTION DIR; returns its exit status.
int run_redis_script(const std::string& action);

// "aptest:<TestName>:<pid>", unique per test and run.
std::string unique_prefix();

// Deletes every key under `prefix` (SCAN + UNLINK), so runs do not pile up in the server's
// append-only file. Best effort: a test's verdict does not depend on it.
void delete_keys_under(const std::string& url, const std::string& prefix);

}  // namespace alphapulse::bus::test
