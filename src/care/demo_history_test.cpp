// The demo history follows the rules: every generated service, replayed in date order, passes
// the same validation a user's entry does; and it is deterministic and has something due.
#include "care/demo_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "care/due.h"
#include "care/rules.h"

namespace siklus::care {
namespace {

using nlohmann::json;

const Date kTo{2026, 12, 1};

// A household: grandmother, father, mother, a toddler, a baby born in the window, a teenager.
std::vector<DemoResident> household() {
  return {{1, true, Date{1955, 4, 2}},  {2, false, Date{1990, 7, 9}},
          {3, true, Date{1995, 2, 20}}, {4, false, Date{2024, 5, 5}},
          {5, true, Date{2026, 6, 14}}, {6, false, Date{2011, 1, 30}}};
}

DemoHistoryOptions options(uint64_t seed) {
  DemoHistoryOptions o;
  o.city = "9971";
  o.from = Date::from_days(kTo.days() - 364);
  o.to = kTo;
  o.seed = seed;
  return o;
}

TEST(DemoHistory, EveryServicePassesTheRulesInDateOrder) {
  const auto people = household();
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    std::vector<BulkService> out;
    demo_household_history(people, options(seed), out);
    ASSERT_FALSE(out.empty());
    std::stable_sort(out.begin(), out.end(), [](const BulkService& a, const BulkService& b) {
      auto rank = [](const std::string& s) {
        return s == "pregnancy" ? 0 : s == "delivery" ? 1 : 2;
      };
      return a.date != b.date ? a.date < b.date : rank(a.service) < rank(b.service);
    });
    std::map<int64_t, std::vector<ServiceRecord>> history;
    int64_t id = 0;
    for (const BulkService& b : out) {
      const DemoResident& p = *std::find_if(
          people.begin(), people.end(), [&](const DemoResident& r) { return r.id == b.person_id; });
      PersonFacts facts{p.id, p.female ? "P" : "L", p.birth, "9971011001", 1, true};
      // Only the fields a user sends: what the rules derive is recomputed.
      const ServiceCode* code = find_service(b.service);
      ASSERT_NE(code, nullptr) << b.service;
      json sent = json::object();
      const json stored = json::parse(b.fields);
      for (const auto& [k, v] : stored.items()) {
        for (const FieldSpec& f : code->fields) {
          if (f.name == k) sent[k] = v;
        }
      }
      ServiceInput in{b.person_id, b.date, b.service, b.place, {}, sent};
      RuleContext ctx{facts, history[b.person_id], kTo};
      auto ok = validate(ctx, in);
      ASSERT_TRUE(ok.has_value()) << "seed " << seed << ": " << b.service << " "
                                  << b.date.to_string() << " " << b.fields << ": "
                                  << ok.error().field << ": " << ok.error().message;
      ServiceRecord r;
      r.id = ++id;
      r.person_id = b.person_id;
      r.service = b.service;
      r.date = b.date;
      r.fields = *ok;
      history[b.person_id].push_back(r);
    }
  }
}

TEST(DemoHistory, DeterministicAndCoversTheLifeCycle) {
  std::vector<BulkService> a, b;
  demo_household_history(household(), options(7), a);
  demo_household_history(household(), options(7), b);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].fields, b[i].fields);
  std::map<std::string, int> by;
  for (const BulkService& s : a) by[s.service]++;
  EXPECT_GT(by["immunization"], 5);
  EXPECT_GT(by["anthropometry"], 5);
  EXPECT_EQ(by["delivery"], 1);  // the baby's birth
  EXPECT_GE(by["pregnancy"], 1);
}

}  // namespace
}  // namespace siklus::care
