#include "core/clock.hpp"

#include <chrono>

namespace alphapulse::core {

Clock Clock::system() {
  return Clock(
      [](const void*) {
        const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        return TimestampMs{
            std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count()};
      },
      nullptr);
}

}  // namespace alphapulse::core
