// apps/alphapulse/commands: one function per subcommand; main.cpp only wires CLI11 to them.
#pragma once

#include <string>

namespace alphapulse::app {

struct IndicatorsOptions {
  std::string data_path;
  std::string out_path;  // empty: summary only
  bool strict = false;   // stop at the first bad row instead of skipping it
};

// Returns the process exit code.
int run_indicators(const IndicatorsOptions& options);

}  // namespace alphapulse::app
