// engine/snapshot_cache_updater: see snapshot_cache_updater.hpp.
#include "engine/snapshot_cache_updater.hpp"

namespace alphapulse::engine {

SnapshotCacheUpdater::SnapshotCacheUpdater(const AlphaPulseCore& core, const std::string& redis_url,
                                           std::chrono::milliseconds interval)
    : core_(core),
      url_(redis_url),
      interval_(interval),
      sent_version_(core.snapshots().size(), 0),
      sent_forming_version_(core.forming_snapshots().size(), 0) {}

SnapshotCacheUpdater::~SnapshotCacheUpdater() {
  stop();
}

void SnapshotCacheUpdater::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void SnapshotCacheUpdater::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  stop_cv_.notify_all();
  thread_.join();
}

std::string SnapshotCacheUpdater::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

bool SnapshotCacheUpdater::send_changed(const StreamSnapshotBoard& board,
                                        std::vector<std::uint64_t>& sent_version,
                                        bus::StreamCache& cache, bool forming) {
  batch_.clear();
  versions_.clear();
  for (std::size_t i = 0; i < board.size(); ++i) {
    StreamSnapshot snap;
    std::uint64_t version = 0;
    if (!board.read(i, snap, version) || version == sent_version[i]) continue;
    const feed::StreamSpec& spec = core_.streams()[i];
    bus::StreamSnapshot out;
    out.symbol = spec.symbol;
    out.timeframe = spec.timeframe;
    out.candle_close_time = snap.candle_close_time;
    out.regime = snap.regime;
    out.regime_confidence = snap.regime_confidence;
    out.regime_duration_candles = static_cast<std::int32_t>(snap.regime_duration_candles);
    out.indicators = snap.indicators;
    batch_.push_back(out);
    versions_.emplace_back(i, version);
  }
  if (batch_.empty()) return true;
  const bus::Status st = forming ? cache.put_forming(batch_) : cache.put(batch_);
  if (!st.ok()) {
    failed_.fetch_add(1);
    std::lock_guard lock(mutex_);
    last_error_ = st.error().message;
    return false;  // versions unchanged: the next pass sends the (then latest) snapshots again
  }
  for (const auto& [i, v] : versions_) sent_version[i] = v;
  written_.fetch_add(batch_.size());
  return true;
}

void SnapshotCacheUpdater::pass(bus::StreamCache& cache) {
  // Closed candles first: a forming candle's values follow the close they build on.
  if (send_changed(core_.snapshots(), sent_version_, cache, false)) {
    (void)send_changed(core_.forming_snapshots(), sent_forming_version_, cache, true);
  }
}

void SnapshotCacheUpdater::run() {
  auto connection = bus::RedisConnection::from_url(url_);
  if (!connection.ok()) {
    std::lock_guard lock(mutex_);
    last_error_ = connection.error().message;
    return;  // a malformed URL is rejected by the configuration before this point
  }
  bus::StreamCache cache(*connection);
  for (;;) {
    pass(cache);
    std::unique_lock lock(mutex_);
    if (stopping_.load()) break;
    stop_cv_.wait_for(lock, interval_, [&] { return stopping_.load(); });
    if (stopping_.load()) {
      lock.unlock();
      pass(cache);  // the final state of every stream
      break;
    }
  }
}

std::optional<std::map<std::string, std::string>> SnapshotCacheUpdater::read_regimes() {
  std::lock_guard lock(reader_mutex_);
  if (!reader_) {
    auto connection = bus::RedisConnection::from_url(url_);
    if (!connection.ok()) return std::nullopt;
    reader_.emplace(std::move(connection.value()));
  }
  bus::StreamCache cache(*reader_);
  auto regimes = cache.read_regimes();
  if (!regimes.ok()) return std::nullopt;
  return std::move(regimes.value());
}

}  // namespace alphapulse::engine
