// exchange_sim/forming_candle: the still-open candle at a given fraction of its interval,
// built from the final one so that every forming update is consistent with it: the price walks
// open -> first extreme -> second extreme -> close, so a partial high/low never goes beyond the
// final ones, volumes and trades grow to the final values, and the close ends on the real close.
// REST's forming row and the WebSocket's x=false updates both come from here, so they agree.
#pragma once

#include "core/candle.hpp"

namespace alphapulse::exchange_sim {

// `fraction` in [0, 1]: 0 is the open (o = h = l = c = open, no volume), 1 is the final candle
// exactly as given. Times are those of the final candle.
core::Candle forming_candle(const core::Candle& final_candle, double fraction);

}  // namespace alphapulse::exchange_sim
