// The configuration `run` and `backtest` share (configuration.hpp), and --set KEY=VALUE: any
// setting by its TOML key, checked like the other sources (an unknown key or a bad value is a
// configuration error naming "command line").
#include "configuration.hpp"

#include <cctype>
#include <cstdio>

#include "commands.hpp"
#include "engine/pipeline_settings.hpp"
#include "evaluation/report.hpp"
#include "strategy/pipeline_settings_check.hpp"

namespace alphapulse::app {

bool add_set_flags(const std::vector<std::string>& items,
                   std::map<std::string, std::string>& flags) {
  bool ok = true;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "error: --set '%s': expected KEY=VALUE, e.g. stop_min_atr=1.5\n",
                   item.c_str());
      ok = false;
      continue;
    }
    std::string key = item.substr(0, eq);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    flags[key] = item.substr(eq + 1);
  }
  return ok;
}

std::vector<std::string> describe(const Configuration& configuration) {
  std::vector<std::string> lines = strategy::describe_settings(configuration.pipeline);
  lines.push_back("outcomes: fees " +
                  evaluation::fee_text(configuration.settings.fee_rate_per_side.value_or(
                      evaluation::kFeeRatePerSide)) +
                  " of notional per side");
  return lines;
}

std::optional<Configuration> load_configuration(const std::string& env_file,
                                                const std::string& config_file,
                                                const std::map<std::string, std::string>& flags) {
  config::LoadInputs inputs;
  if (!env_file.empty()) {
    inputs.dotenv_path = env_file;
    inputs.dotenv_required = true;
  }
  if (!config_file.empty()) inputs.toml_path = config_file;
  inputs.flags = flags;
  const config::LoadResult loaded = config::load_settings(inputs);
  std::vector<std::string> errors = loaded.errors;
  engine::PipelineSettingsResult built;
  if (loaded.ok()) {
    built = engine::pipeline_settings(loaded.settings);
    errors = built.errors;
  }
  if (!errors.empty()) {
    for (const auto& e : errors) std::fprintf(stderr, "config error: %s\n", e.c_str());
    return std::nullopt;
  }
  return Configuration{loaded.settings, built.settings};
}

}  // namespace alphapulse::app
