#include "care/read_port.h"

#include <cmath>

namespace siklus::care {
namespace {

constexpr std::string_view kColumns = "id, person_id, service, date, fields";

Status stream(store::Statement& st, const std::function<void(const StoredService&)>& row) {
  for (;;) {
    auto more = st.step();
    if (!more) return more.error();
    if (!*more) break;
    row({st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_text(3),
         st.column_text(4)});
  }
  st.reset();
  return {};
}

}  // namespace

int64_t estimated_sasaran(EstimatedGroup group, const TargetParameters& p, int64_t population,
                          int64_t population_15_plus) {
  auto up = [](double v) { return static_cast<int64_t>(std::ceil(v - 1e-9)); };
  const double cbr = p.cbr_per_mille / 1000.0;
  const auto pop = static_cast<double>(population);
  const auto adults = static_cast<double>(population_15_plus);
  switch (group) {
    case EstimatedGroup::kPregnant:
      return up(1.10 * cbr * pop);
    case EstimatedGroup::kDelivering:
      return up(1.05 * cbr * pop);
    case EstimatedGroup::kNewborns:
      return up(cbr * pop);
    case EstimatedGroup::kHypertension:
      return up(p.ht_prevalence_pct / 100 * adults);
    case EstimatedGroup::kDiabetes:
      return up(p.dm_prevalence_pct / 100 * adults);
    case EstimatedGroup::kOdgj:
      return up(p.odgj_per_mille / 1000 * pop);
  }
  return 0;
}

ReadPort::ReadPort(std::shared_ptr<store::Database> db) : db_(std::move(db)) {}

Status ReadPort::for_each_service(const std::function<void(const StoredService&)>& row) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) +
                         " FROM care_service WHERE deleted = 0 ORDER BY person_id, date, id");
  if (!st) return st.error();
  return stream(**st, row);
}

Status ReadPort::for_each_service_of(std::span<const int64_t> people,
                                     const std::function<void(const StoredService&)>& row) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) +
                         " FROM care_service WHERE person_id = ? AND deleted = 0"
                         " ORDER BY date, id");
  if (!st) return st.error();
  for (int64_t person : people) {
    (*st)->bind(1, person);
    SK_TRY(stream(**st, row));
  }
  return {};
}

Result<std::vector<int64_t>> ReadPort::people_of_services(int64_t first_id, int64_t last_id) {
  auto st = db_->prepare("SELECT DISTINCT person_id FROM care_service WHERE id >= ? AND id <= ?");
  if (!st) return st.error();
  (*st)->bind(1, first_id).bind(2, last_id);
  std::vector<int64_t> out;
  for (;;) {
    auto more = (*st)->step();
    if (!more) return more.error();
    if (!*more) break;
    out.push_back((*st)->column_int64(0));
  }
  return out;
}

}  // namespace siklus::care
