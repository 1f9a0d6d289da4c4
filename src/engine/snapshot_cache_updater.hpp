// engine/snapshot_cache_updater: copies every stream's latest snapshot (regime, confidence,
// duration, indicator values; and the forming candle's provisional indicator values) from the
// engine's snapshot boards to the Redis cache, on its own thread every `interval`, only for
// streams that changed. The cache is a view of the latest state, not a record: a snapshot
// overwritten before it was sent is not lost information, and while Redis is down the updater
// just retries (counted), never blocking the workers. Also answers get_current_regimes() from Redis
// for the engine (regime_source).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bus/redis_connection.hpp"
#include "bus/stream_cache.hpp"
#include "engine/alphapulse_core.hpp"

namespace alphapulse::engine {

struct SnapshotCacheStats {
  std::uint64_t snapshots_written = 0;
  std::uint64_t failed_attempts = 0;
};

class SnapshotCacheUpdater {
 public:
  SnapshotCacheUpdater(const AlphaPulseCore& core, const std::string& redis_url,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~SnapshotCacheUpdater();  // stop()
  SnapshotCacheUpdater(const SnapshotCacheUpdater&) = delete;
  SnapshotCacheUpdater& operator=(const SnapshotCacheUpdater&) = delete;

  void start();
  void stop();  // one last pass, then joins

  // The regimes the cache holds (every engine writing to this Redis), or nullopt when Redis
  // does not answer. Thread-safe; its own connection.
  std::optional<std::map<std::string, std::string>> read_regimes();

  SnapshotCacheStats stats() const { return {written_.load(), failed_.load()}; }
  std::string last_error() const;

 private:
  void run();
  void pass(bus::StreamCache& cache);
  // The board's snapshots newer than `sent_version`, to the cache; false when Redis failed.
  bool send_changed(const StreamSnapshotBoard& board, std::vector<std::uint64_t>& sent_version,
                    bus::StreamCache& cache, bool forming);

  const AlphaPulseCore& core_;
  std::string url_;
  std::chrono::milliseconds interval_;
  std::vector<std::uint64_t> sent_version_;                      // updater thread
  std::vector<std::uint64_t> sent_forming_version_;              // updater thread
  std::vector<bus::StreamSnapshot> batch_;                       // updater thread
  std::vector<std::pair<std::size_t, std::uint64_t>> versions_;  // updater thread
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  std::string last_error_;  // guarded by mutex_
  std::mutex reader_mutex_;
  std::optional<bus::RedisConnection> reader_;  // guarded by reader_mutex_
  std::atomic<std::uint64_t> written_{0}, failed_{0};
};

}  // namespace alphapulse::engine
