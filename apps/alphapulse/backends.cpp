// apps/alphapulse/backends: see backends.hpp.
#include "backends.hpp"

#include <cstdio>

#include "bus/redis_connection.hpp"
#include "commands.hpp"
#include "engine/postgres_destination.hpp"
#include "engine/redis_destination.hpp"
#include "store/local_outbox.hpp"

namespace alphapulse::app {
namespace {

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

}  // namespace

std::optional<std::string> Backends::open(const config::Settings& s, Backends& out) {
  const bool postgres = !s.database_url.starts_with("sqlite://");
  out.journal_path_ = postgres ? s.journal_path : sqlite_url_path(s.database_url);
  auto opened = store::SqliteStore::open(out.journal_path_);
  if (!opened.ok()) return opened.error().message;
  out.journal_ = std::make_unique<store::SqliteStore>(std::move(opened.value()));
  if (auto m = out.journal_->migrate(); !m.ok()) {
    return "migrating " + out.journal_path_ + ": " + m.error().message;
  }
  out.run_id_ = store::make_run_id();
  if (postgres) {
    out.remotes_.push_back({"postgres", true, true, true, true});
    out.destinations_.push_back(std::make_unique<engine::PostgresDestination>(s.database_url));
  }
  if (!s.redis_url.empty()) {
    auto connection = bus::RedisConnection::from_url(s.redis_url);
    if (!connection.ok()) return connection.error().message;
    out.redis_url_ = s.redis_url;
    out.remotes_.push_back({"redis", true, true, false, false});
    out.destinations_.push_back(
        std::make_unique<engine::RedisDestination>(std::move(connection.value())));
  }
  for (auto& destination : out.destinations_) {
    engine::DeliveryRelayConfig config;
    config.local_db_path = out.journal_path_;
    config.run_id = out.run_id_;
    out.relays_.push_back(std::make_unique<engine::DeliveryRelay>(*destination, config));
  }
  return std::nullopt;
}

void Backends::configure(engine::CoreOptions& options) {
  options.forward_candles = true;  // the candles table and live outcomes
  if (!redis_url_.empty()) {
    options.publish_snapshots = true;
    options.regime_source = [this]() -> std::optional<std::map<std::string, std::string>> {
      return cache_ ? cache_->read_regimes() : std::nullopt;
    };
  }
}

engine::Sink& Backends::attach(const engine::AlphaPulseCore& core) {
  engine::StoreSinkOptions options;
  options.remotes = remotes_;
  options.run_id = run_id_;
  options.after_commit = [this] {
    for (auto& relay : relays_) relay->wake();
  };
  sink_ = std::make_unique<engine::StoreSink>(*journal_, options);
  // Signals an earlier run left pending get their outcome from this run's candles.
  if (auto resumed = sink_->resume_pending_outcomes(core.streams()); !resumed.ok()) {
    std::fprintf(stderr, "warning: pending outcomes not resumed: %s\n",
                 resumed.error().message.c_str());
  } else if (*resumed > 0) {
    std::printf("resumed    %zu pending signal(s) of an earlier run: their outcomes follow\n",
                *resumed);
  }
  if (!redis_url_.empty())
    cache_ = std::make_unique<engine::SnapshotCacheUpdater>(core, redis_url_);
  return *sink_;
}

void Backends::start() {
  for (auto& relay : relays_) relay->start();
  if (cache_) cache_->start();
}

void Backends::stop() {
  for (auto& relay : relays_) relay->stop();
  if (cache_) cache_->stop();
}

std::string Backends::status() const {
  std::string out;
  for (const auto& relay : relays_) {
    const auto st = relay->stats();
    out += " | " + std::string(relay->name()) + (st.connected ? " ok" : " DOWN") + " backlog " +
           std::to_string(st.backlog < 0 ? 0 : st.backlog);
    if (st.dead_lettered) out += " dead " + std::to_string(st.dead_lettered);
  }
  return out;
}

void Backends::print_summary() const {
  std::printf("journal    %s: %lld signals stored, %lld outcomes decided", journal_path_.c_str(),
              static_cast<long long>(sink_ ? sink_->signals_stored() : 0),
              static_cast<long long>(sink_ ? sink_->outcomes_decided() : 0));
  if (sink_ && sink_->outcomes_unjudgeable() > 0) {
    std::printf(
        ", %llu resumed signal(s) left pending (their next candle is older than the "
        "history fetched at start)",
        static_cast<unsigned long long>(sink_->outcomes_unjudgeable()));
  }
  std::printf("\n");
  for (const auto& relay : relays_) {
    const auto st = relay->stats();
    const auto& h = relay->publish_latency();
    std::printf(
        "delivery %s: delivered %llu in %llu batches, failed attempts %llu, dead letters %llu, "
        "backlog %lld, "
        "publish latency p50 %.2f ms p99 %.2f ms%s%s\n",
        std::string(relay->name()).c_str(), static_cast<unsigned long long>(st.delivered),
        static_cast<unsigned long long>(st.batches),
        static_cast<unsigned long long>(st.failed_attempts),
        static_cast<unsigned long long>(st.dead_lettered), static_cast<long long>(st.backlog),
        ms(h.quantile_ns(0.50)), ms(h.quantile_ns(0.99)),
        st.failed_attempts ? ", last error: " : "",
        st.failed_attempts ? relay->last_error().c_str() : "");
  }
  if (cache_) {
    const auto st = cache_->stats();
    std::printf("cache      redis: %llu snapshots written, failed attempts %llu\n",
                static_cast<unsigned long long>(st.snapshots_written),
                static_cast<unsigned long long>(st.failed_attempts));
  }
}

}  // namespace alphapulse::app
