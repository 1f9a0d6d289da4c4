// feed/next_frame_predictor: the successor is learned per (stream, closed or forming), from the
// frame that followed last time; nothing is guessed before it has been seen.
#include "feed/next_frame_predictor.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace alphapulse::feed {
namespace {

constexpr StreamId kNone = NextFramePredictor::kNone;

TEST(NextFramePredictor, GuessesNothingBeforeItHasSeenAFollower) {
  NextFramePredictor p(3);
  EXPECT_EQ(p.on_frame(0, true), kNone);
  EXPECT_EQ(p.on_frame(1, true), kNone);
}

TEST(NextFramePredictor, ClosedAndFormingFramesOfAStreamHaveTheirOwnSuccessors) {
  // A boundary: the closes of 0 and 1, each followed by the forming update of stream 2; then
  // the same boundary again.
  NextFramePredictor p(3);
  const std::vector<std::pair<StreamId, bool>> burst = {{0, true}, {2, false}, {1, true}};
  for (const auto& [stream, closed] : burst) p.on_frame(stream, closed);
  EXPECT_EQ(p.on_frame(0, true), 2u);     // 0 closed -> 2's forming update
  EXPECT_EQ(p.on_frame(2, false), 1u);    // 2 forming -> 1 closed
  EXPECT_EQ(p.on_frame(1, true), 0u);     // 1 closed -> 0 (the next burst's first, seen above)
  EXPECT_EQ(p.on_frame(2, true), kNone);  // 2's closed frame never came before
}

TEST(NextFramePredictor, FollowsAChangeOfOrder) {
  NextFramePredictor p(3);
  p.on_frame(0, true);
  p.on_frame(1, true);
  p.on_frame(0, true);  // 0 -> 1 learned
  p.on_frame(2, true);  // now 0 -> 2
  EXPECT_EQ(p.on_frame(0, true), 2u);
}

TEST(NextFramePredictor, IgnoresUnknownStreams) {
  NextFramePredictor p(2);
  p.on_frame(0, true);
  EXPECT_EQ(p.on_frame(5, true), kNone);
  p.on_frame(1, true);
  EXPECT_EQ(p.on_frame(0, true), 1u);  // the unknown frame did not become 0's successor
}

}  // namespace
}  // namespace alphapulse::feed
