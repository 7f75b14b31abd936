#include "monitoring/indicators.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace siklus::monitoring {
namespace {

TEST(Indicators, CodesAreUniqueAndEveryRowIsComplete) {
  std::set<std::string_view> codes;
  for (const Indicator& i : indicators()) {
    EXPECT_TRUE(codes.insert(i.code).second) << i.code;
    EXPECT_FALSE(i.name_id.empty());
    EXPECT_FALSE(i.name_en.empty());
    EXPECT_FALSE(i.source.empty());
    EXPECT_GT(i.target_pct, 0);
    if (i.cluster != "jkn") {
      EXPECT_TRUE(i.numerator) << i.code;
      EXPECT_TRUE(i.denominator.has_value() != (i.estimate != Estimate::kNone)) << i.code;
    }
  }
  // The 12 SPM services and the ILP dashboard of domain.md §1.4.
  int spm = 0;
  for (const Indicator& i : indicators()) spm += i.cluster == "spm";
  EXPECT_EQ(spm, 12);
  for (const char* code :
       {"k1", "k6", "persalinan_faskes", "kf_lengkap", "kn_lengkap", "idl", "imunisasi_baduta",
        "d_s", "n_d", "underweight", "wasting", "stunting", "skrining_ptm", "ht_terkendali",
        "dm_terkendali", "tb_terduga_diperiksa", "jkn"}) {
    EXPECT_NE(find_indicator(code), nullptr) << code;
  }
}

TEST(Indicators, CommittedDocIsTheGeneratedOne) {
  const char* root = std::getenv("SK_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  if (std::getenv("SK_UPDATE_DOCS")) {
    std::ofstream(std::string(root) + "/docs/indicators.md") << indicators_markdown();
  }
  std::ifstream in(std::string(root) + "/docs/indicators.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), indicators_markdown())
      << "docs/indicators.md is stale: run `siklus pws indicators --markdown > docs/indicators.md`";
}

}  // namespace
}  // namespace siklus::monitoring
