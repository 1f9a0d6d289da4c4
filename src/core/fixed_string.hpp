// core/fixed_string: an inline, trivially copyable string for symbols and ids, so that a
// Signal or a stream key never allocates on the hot path.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace alphapulse::core {

template <std::size_t Capacity>
class FixedString {
 public:
  constexpr FixedString() = default;
  // Truncates at Capacity; callers that care check fits() first. Implicit on purpose.
  // NOLINTNEXTLINE(google-explicit-constructor)
  constexpr FixedString(std::string_view text) { assign(text); }

  constexpr void assign(std::string_view text) {
    size_ = std::min(text.size(), Capacity);
    std::copy_n(text.data(), size_, data_.begin());
  }
  static constexpr bool fits(std::string_view text) { return text.size() <= Capacity; }

  constexpr std::string_view view() const { return {data_.data(), size_}; }
  std::string str() const { return std::string(view()); }
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }

  friend constexpr bool operator==(const FixedString& a, const FixedString& b) {
    return a.view() == b.view();
  }
  friend constexpr bool operator==(const FixedString& a, std::string_view b) {
    return a.view() == b;
  }

 private:
  std::array<char, Capacity> data_{};
  std::size_t size_ = 0;
};

}  // namespace alphapulse::core
