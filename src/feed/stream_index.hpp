// feed/stream_index: (symbol, timeframe) -> StreamId, looked up once per WebSocket frame on the
// io thread. An open-addressing table of inline entries: one probe usually touches one cache
// line, where std::unordered_map hashed the symbol bytes with a general-purpose hash and then
// followed a bucket pointer and a node pointer (~6% of the io thread at 300 streams, by perf).
// Built once at start; lookups never allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "feed/market_event.hpp"

namespace alphapulse::feed {

class StreamIndex {
 public:
  // Room for `streams` entries at a load factor of at most 1/2.
  explicit StreamIndex(std::size_t streams = 0);

  // False when (symbol, timeframe) is already present (nothing changes) or the table is full.
  bool insert(const core::Symbol& symbol, core::Timeframe timeframe, StreamId id);
  std::optional<StreamId> find(const core::Symbol& symbol,
                               core::Timeframe timeframe) const noexcept;
  std::size_t size() const { return size_; }
  // Asks for the cache line holding `id`'s entry, for a lookup expected soon (the frame
  // predicted next, feed/next_frame_predictor.hpp). No effect for an unknown id.
  void prefetch(StreamId id) const noexcept;

 private:
  struct Entry {
    core::Symbol symbol;
    core::Timeframe timeframe{};
    StreamId id = 0;
    bool used = false;
  };
  static std::uint64_t hash(const core::Symbol& symbol, core::Timeframe timeframe) noexcept;
  void grow();

  std::vector<Entry> entries_;          // size a power of two
  std::vector<std::uint32_t> slot_of_;  // by StreamId: where its entry is
  std::size_t size_ = 0;
};

}  // namespace alphapulse::feed
