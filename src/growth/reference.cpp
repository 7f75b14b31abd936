// Placeholder engine until the LMS import lands: no tables, so nothing is installed.
#include "growth/growth.h"

namespace siklus::growth {
namespace {

class EmptyReference final : public Reference {
 public:
  bool installed() const override { return false; }
  Result<Assessment> assess(const Measurement& m) const override {
    if (m.date < m.birth) return Error::invalid("date", "the measurement is before birth");
    Assessment a;
    a.age_days = static_cast<int>(m.date.days() - m.birth.days());
    return a;
  }
};

}  // namespace

Result<std::shared_ptr<const Reference>> load_reference(store::Database&) {
  return std::shared_ptr<const Reference>(std::make_shared<EmptyReference>());
}

}  // namespace siklus::growth
