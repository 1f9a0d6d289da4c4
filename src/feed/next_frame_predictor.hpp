// feed/next_frame_predictor: which stream's kline frame is expected after this one, learned
// from what followed the same stream's frame of the same kind (closed or forming) last time.
//
// Why: an exchange sends a boundary's frames in an order it keeps from one boundary to the
// next (the simulator exactly; Binance by its own fan-out), and between two frames of a stream
// the io thread handles every other stream, so the per-stream state a frame touches (index
// entry, sequencer, output slot) is cold again by the next one. Knowing the likely next stream
// when a frame is done, the feed asks for its state while Beast reads the next frame. A wrong
// guess costs a few cache lines; nothing is computed ahead. Fixed-size table, no allocation
// after construction.
#pragma once

#include <cstddef>
#include <vector>

#include "feed/market_event.hpp"

namespace alphapulse::feed {

class NextFramePredictor {
 public:
  static constexpr StreamId kNone = ~StreamId{0};

  explicit NextFramePredictor(std::size_t streams) : successor_(2 * streams, kNone) {}

  // A kline frame of `stream` was handled. Learns it as the successor of the frame before, and
  // returns the stream whose frame followed this stream's frame of the same kind last time
  // (kNone: not known yet, or an unknown stream).
  StreamId on_frame(StreamId stream, bool closed) noexcept {
    const std::size_t key = 2 * static_cast<std::size_t>(stream) + (closed ? 1 : 0);
    if (key >= successor_.size()) return kNone;
    if (last_key_ < successor_.size()) successor_[last_key_] = stream;
    last_key_ = key;
    return successor_[key];
  }

 private:
  std::vector<StreamId> successor_;  // [2 * stream + closed]
  std::size_t last_key_ = ~std::size_t{0};
};

}  // namespace alphapulse::feed
