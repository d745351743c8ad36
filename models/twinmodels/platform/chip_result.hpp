#pragma once
// The answer of the chip management platform's operations: done, or refused
// with a reason a platform operator can read. Business refusals (wrong role,
// wrong order, an exhausted number pool) are answers, not exceptions.
#include <optional>
#include <string>
#include <utility>

namespace twinmodels::platform {

struct [[nodiscard]] Status {
  std::string refusal;  // empty: done
  bool ok() const { return refusal.empty(); }
  static Status done() { return {}; }
  static Status refused(std::string reason) { return {reason.empty() ? std::string("refused") : std::move(reason)}; }
};

template <class T>
struct [[nodiscard]] Result {
  std::optional<T> value;
  std::string refusal;  // set when there is no value
  bool ok() const { return value.has_value(); }
  static Result of(T v) { return {std::move(v), {}}; }
  static Result refused(std::string reason) {
    return {std::nullopt, reason.empty() ? std::string("refused") : std::move(reason)};
  }
};

}  // namespace twinmodels::platform
