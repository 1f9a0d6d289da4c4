// apps/alphapulse/configuration: the settings `run` and `backtest` share, read the same way by
// both (.env, the environment, TOML, flags and --set KEY=VALUE; config::load_settings), with
// the pipeline's settings built from them (engine::pipeline_settings).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::app {

struct Configuration {
  config::Settings settings;
  strategy::PipelineSettings pipeline;
};

// The settings that decide and judge, a line each (strategy::describe_settings, then the fee
// rate the backtest's returns pay), for the backtest's output and report.
std::vector<std::string> describe(const Configuration& configuration);

// nullopt after printing every configuration error ("config error: ..." on stderr).
std::optional<Configuration> load_configuration(const std::string& env_file,
                                                const std::string& config_file,
                                                const std::map<std::string, std::string>& flags);

}  // namespace alphapulse::app
