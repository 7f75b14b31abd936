// The Reference behind growth.h: empty until the WHO tables are imported, else the LMS engine
// (engine.cpp) over tables loaded from growth_lms.
#include "growth/engine.h"
#include "growth/growth.h"
#include "growth/schema.h"
#include "growth/tables.h"

namespace siklus::growth {
namespace {

class EmptyReference final : public Reference {
 public:
  bool installed() const override { return false; }
  Result<Assessment> assess(const Measurement& m) const override {
    if (m.date < m.birth) {
      return Error::invalid("date", "the measurement is before birth")
          .with_id("growth.before_birth");
    }
    Assessment a;
    a.age_days = static_cast<int>(m.date.days() - m.birth.days());
    return a;
  }
};

}  // namespace

Error not_installed_error() {
  return Error::conflict("reference",
                         "the WHO growth reference is not installed; run siklus import "
                         "who-growth DIR")
      .with_id("growth.not_installed");
}

Result<Assessment> assess(const Reference& reference, const Measurement& m) {
  if (!reference.installed()) return not_installed_error();
  return reference.assess(m);
}

Result<Curves> curves(const Reference& reference, std::string_view indicator, Sex sex) {
  if (!reference.installed()) return not_installed_error();
  return reference.curves(indicator, sex);
}

Result<std::shared_ptr<const Reference>> load_reference(store::Database& db) {
  SK_TRY(migrate_growth(db));
  auto q = db.prepare(
      "SELECT indicator, sex, key, l, m, s FROM growth_lms "
      "ORDER BY indicator, sex, key");
  if (!q) return q.error();
  Tables tables;
  bool any = false;
  while (true) {
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    auto indicator = indicator_from_name((*q)->column_text(0));
    if (!indicator) continue;  // a table a newer siklus imported; this one does not score it
    const Sex sex = (*q)->column_int(1) == 1 ? Sex::kMale : Sex::kFemale;
    const int key = (*q)->column_int(2);
    LmsTable& table = tables.of(*indicator, sex);
    if (table.rows.empty()) table.first_key = key;
    if (key != table.first_key + static_cast<int>(table.rows.size())) {
      return Error::internal("growth_lms has a gap in " + std::string(indicator_name(*indicator)));
    }
    table.rows.push_back({(*q)->column_double(3), (*q)->column_double(4), (*q)->column_double(5)});
    any = true;
  }
  if (!any) return std::shared_ptr<const Reference>(std::make_shared<EmptyReference>());
  return make_reference(std::move(tables));
}

}  // namespace siklus::growth
