// strategy/pipeline_settings_check: what is wrong with a PipelineSettings, and the settings a
// run used, in words. The pipeline itself trusts its settings (no checks per candle); the
// commands that build settings from a user's configuration ask here first, so a stop floor
// above its ceiling or targets out of order is refused with its keys named, before any candle.
#pragma once

#include <string>
#include <vector>

#include "strategy/signal_pipeline.hpp"

namespace alphapulse::strategy {

// One line per problem, naming the configuration keys (config/settings.hpp) involved; empty
// when the settings are usable.
std::vector<std::string> settings_problems(const PipelineSettings& settings);

// The levels and filter settings in one line each, for a report or a start-up log, e.g.
// "levels: stop beyond the 10-candle swing + 0.25 ATR, clamped to 3-6 ATR; TP1..TP4 at 1.5, 3,
// 4.5, 6 R".
std::vector<std::string> describe_settings(const PipelineSettings& settings);

}  // namespace alphapulse::strategy
