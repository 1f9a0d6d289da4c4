// bus/stream_cache: see stream_cache.hpp.
#include "bus/stream_cache.hpp"

#include <chrono>
#include <utility>

#include "evaluation/json_text.hpp"

namespace alphapulse::bus {
namespace {

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::size_t kCommandsPerSnapshot = 8;         // MULTI, 6 writes, EXEC
constexpr std::size_t kCommandsPerFormingSnapshot = 5;  // MULTI, DEL, HSET, PEXPIRE, EXEC

}  // namespace

StreamCache::StreamCache(RedisConnection& connection, StreamCacheOptions options)
    : connection_(connection), options_(std::move(options)) {
  keys_.prefix = options_.prefix;
}

Status StreamCache::put(std::span<const StreamSnapshot> snapshots) {
  if (snapshots.empty()) return {};
  batch_.clear();
  const std::int64_t now = wall_clock_ms();
  for (const StreamSnapshot& s : snapshots) {
    const std::string name = stream_name(s.symbol, s.timeframe);
    const std::string regime_key = keys_.regime(name);
    const std::string indicators_key = keys_.indicators(name);
    const std::int64_t ttl_ms = options_.ttl_candles * core::duration(s.timeframe).count;
    batch_.begin().arg("MULTI");
    batch_.begin()
        .arg("HSET")
        .arg(regime_key)
        .arg("regime")
        .arg(core::to_string(s.regime))
        .arg("confidence")
        .arg(evaluation::format_shortest(s.regime_confidence))
        .arg("duration_candles")
        .arg(std::int64_t{s.regime_duration_candles})
        .arg("candle_close_time_ms")
        .arg(s.candle_close_time.ms)
        .arg("updated_at_ms")
        .arg(now);
    batch_.begin().arg("PEXPIRE").arg(regime_key).arg(ttl_ms);
    // Replaced, not merged: an indicator that is no longer reported must not linger.
    batch_.begin().arg("DEL").arg(indicators_key);
    if (s.indicators.size() > 0) {
      batch_.begin().arg("HSET").arg(indicators_key);
      for (const core::NamedValue& v : s.indicators)
        batch_.arg(v.name).arg(evaluation::format_shortest(v.value));
    } else {
      batch_.begin().arg("PING");  // keeps every snapshot at kCommandsPerSnapshot commands
    }
    batch_.begin().arg("PEXPIRE").arg(indicators_key).arg(ttl_ms);
    batch_.begin().arg("SADD").arg(keys_.known_streams()).arg(name);
    batch_.begin().arg("EXEC");
  }
  return run_transactions(snapshots, kCommandsPerSnapshot);
}

Status StreamCache::put_forming(std::span<const StreamSnapshot> snapshots) {
  if (snapshots.empty()) return {};
  batch_.clear();
  const std::int64_t now = wall_clock_ms();
  for (const StreamSnapshot& s : snapshots) {
    const std::string key = keys_.forming(stream_name(s.symbol, s.timeframe));
    batch_.begin().arg("MULTI");
    batch_.begin().arg("DEL").arg(key);  // replaced, not merged (as the indicator hash)
    batch_.begin()
        .arg("HSET")
        .arg(key)
        .arg("candle_close_time_ms")
        .arg(s.candle_close_time.ms)
        .arg("updated_at_ms")
        .arg(now);
    for (const core::NamedValue& v : s.indicators)
      batch_.arg(v.name).arg(evaluation::format_shortest(v.value));
    batch_.begin().arg("PEXPIRE").arg(key).arg(options_.ttl_candles *
                                               core::duration(s.timeframe).count);
    batch_.begin().arg("EXEC");
  }
  return run_transactions(snapshots, kCommandsPerFormingSnapshot);
}

Status StreamCache::run_transactions(std::span<const StreamSnapshot> snapshots,
                                     std::size_t commands_per_snapshot) {
  auto replies = connection_.pipeline(batch_);
  if (!replies) return replies.error();
  for (std::size_t i = 0; i < replies->size(); ++i) {
    const RedisReply& reply = (*replies)[i];
    const std::size_t snapshot = i / commands_per_snapshot;
    const std::string what =
        "cache " + stream_name(snapshots[snapshot].symbol, snapshots[snapshot].timeframe) + " (" +
        std::string(batch_.command_name(i)) + ")";
    if (reply.is_error()) return connection_.reply_error(what, reply);
    if (i % commands_per_snapshot == commands_per_snapshot - 1) {
      if (reply.type != RedisReply::Type::kArray) {
        return Error{"redis " + connection_.where() + ": " + what + ": transaction aborted", false};
      }
      for (const RedisReply& inner : reply.elements) {
        if (inner.is_error()) return connection_.reply_error(what, inner);
      }
    }
  }
  return {};
}

Result<std::map<std::string, std::string>> StreamCache::read_regimes() {
  auto members = connection_.command({"SMEMBERS", keys_.known_streams()});
  if (!members) return members.error();
  std::map<std::string, std::string> regimes;
  if (members->elements.empty()) return regimes;

  batch_.clear();
  for (const RedisReply& name : members->elements) {
    batch_.begin().arg("HGET").arg(keys_.regime(name.text)).arg("regime");
  }
  auto replies = connection_.pipeline(batch_);
  if (!replies) return replies.error();

  batch_.clear();
  for (std::size_t i = 0; i < replies->size(); ++i) {
    const RedisReply& reply = (*replies)[i];
    const std::string& name = members->elements[i].text;
    if (reply.is_error()) return connection_.reply_error("read regime of " + name, reply);
    if (reply.is_nil()) {
      // Expired: the stream stopped updating. Forget it so the set does not grow forever.
      if (batch_.empty()) batch_.begin().arg("SREM").arg(keys_.known_streams());
      batch_.arg(name);
      continue;
    }
    regimes.emplace(name, reply.text);
  }
  if (!batch_.empty()) {
    // Best effort: a failure to tidy the set does not make the answer wrong.
    (void)connection_.pipeline(batch_);
  }
  return regimes;
}

}  // namespace alphapulse::bus
