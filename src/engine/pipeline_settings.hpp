// engine/pipeline_settings: the per-stream pipeline's settings from a user's configuration.
// `alphapulse run` and `alphapulse backtest` both build their settings here, from the same
// sources (.env, environment, TOML, flags), so a backtest decides as the live engine
// configured the same way would.
#pragma once

#include <string>
#include <vector>

#include "config/settings.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::engine {

struct PipelineSettingsResult {
  strategy::PipelineSettings settings;
  std::vector<std::string> errors;  // strategy::settings_problems' lines; empty when usable
  bool ok() const { return errors.empty(); }
};

// strategy::PipelineSettings' defaults with the configuration's strategy overrides and its
// stage switches (enable_regime_detection, enable_ml) applied, then checked as a whole.
PipelineSettingsResult pipeline_settings(const config::Settings& configured);

}  // namespace alphapulse::engine
