#include "core/indonesian_name.h"

#include <gtest/gtest.h>

namespace siklus {
namespace {

using Tokens = std::vector<std::string>;

TEST(IndonesianName, StripsTitlesAndDegrees) {
  EXPECT_EQ(normalize_name("Hj. Siti Aminah, S.Pd., M.Pd."), "siti aminah");
  EXPECT_EQ(normalize_name("Dr. Ir. Budi Santoso"), "budi santoso");
  EXPECT_EQ(normalize_name("Drs. H. Ahmad Yani S.Kom"), "ahmad yani");
  EXPECT_EQ(normalize_name("dr. Rina Wati, Sp.OG"), "rina wati");
  // A degree-looking token without dots at the start is a name; "Haji" alone stays.
  EXPECT_EQ(normalize_name("Haji"), "haji");
  // After a comma only degree parts are dropped; a real word survives.
  EXPECT_EQ(normalize_name("Santoso, Budi"), "santoso budi");
}

TEST(IndonesianName, ModernisesOldSpelling) {
  EXPECT_EQ(normalize_name("Soekarno"), "sukarno");
  EXPECT_EQ(normalize_name("Djoko Tjahjono"), "joko cahyono");
  EXPECT_EQ(normalize_name("Joesoef"), "yusuf");  // oe marks old spelling: j -> y
  EXPECT_EQ(normalize_name("Sjahrir"), "syahrir");
  EXPECT_EQ(normalize_name("Chairul Tanjung"), "khairul tanyung");  // nj -> ny, both sides alike
  EXPECT_EQ(normalize_name("Joko"), "joko");                        // modern j stays
  EXPECT_EQ(normalize_name("Abdullah"), "abdulah");                 // doubled letters collapse
}

TEST(IndonesianName, ExpandsAbbreviations) {
  for (const char* m : {"M. Yusuf", "Moh. Yusuf", "Moch Yusuf", "Muh. Yusuf", "Mochammad Yusuf",
                        "Mohamad Yusuf", "Muhamad Yusuf", "Muhammad Yusuf", "MOHAMMAD YUSUF"}) {
    EXPECT_EQ(normalize_name(m), "muhammad yusuf") << m;
  }
  EXPECT_EQ(normalize_name("Abd. Rahman"), "abdul rahman");
  EXPECT_EQ(normalize_name("St. Nurhaliza"), "siti nurhaliza");
  EXPECT_EQ(normalize_name("Achmad Dahlan"), "ahmad dahlan");
  // A bare "m" later in the name is an initial, not Muhammad.
  EXPECT_EQ(normalize_name("Rizki M"), "rizki m");
}

TEST(IndonesianName, SplitsPunctuationFoldsAccentsDropsConnectors) {
  EXPECT_EQ(name_tokens("M.Yusuf"), (Tokens{"muhammad", "yusuf"}));
  EXPECT_EQ(name_tokens("Nur-Hayati"), (Tokens{"nur", "hayati"}));
  EXPECT_EQ(name_tokens("Ma'ruf Amin"), (Tokens{"maruf", "amin"}));
  EXPECT_EQ(name_tokens("Jos\xC3\xA9"), (Tokens{"jose"}));
  EXPECT_EQ(name_tokens("Ahmad bin Abdullah"), (Tokens{"ahmad", "abdulah"}));
  EXPECT_TRUE(name_tokens(" - 123 ").empty());
}

TEST(IndonesianName, PhoneticKeyMergesSpellingVariants) {
  EXPECT_EQ(name_phonetic_key("cahyono"), name_phonetic_key("kahyono"));
  EXPECT_EQ(name_phonetic_key("zainal"), name_phonetic_key("jainal"));
  EXPECT_EQ(name_phonetic_key("zainal"), name_phonetic_key("zaenal"));
  EXPECT_EQ(name_phonetic_key("fitri"), name_phonetic_key("pitri"));
  EXPECT_EQ(name_phonetic_key("yusuf"), name_phonetic_key("jusuf"));
  EXPECT_EQ(name_phonetic_key("khairul"), name_phonetic_key("kairul"));
  EXPECT_NE(name_phonetic_key("budi"), name_phonetic_key("wati"));
  EXPECT_EQ(name_phonetic_key(""), "");
  EXPECT_LE(name_phonetic_key("kusumawardani").size(), 4u);
  EXPECT_EQ(name_phonetic_keys("Moch. Joesoef"),
            (Tokens{name_phonetic_key("muhammad"), name_phonetic_key("yusuf")}));
}

TEST(IndonesianName, JaroWinklerKnownValues) {
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", ""), 0.0);
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 1e-4);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
}

TEST(IndonesianName, SimilarityHandlesOrderInitialsSingleNamesAndSpaces) {
  EXPECT_DOUBLE_EQ(name_similarity("M. Yusuf", "Mohamad Joesoef"), 1.0);
  EXPECT_DOUBLE_EQ(name_similarity("Budi Santoso", "Santoso Budi"), 1.0);
  EXPECT_DOUBLE_EQ(name_similarity("Nurhayati", "Nur Hayati"), 1.0);
  EXPECT_NEAR(name_similarity("Siti Aminah", "Aminah"), 0.9, 1e-9);
  EXPECT_NEAR(name_similarity("B. Santoso", "Budi Santoso"), 0.95, 1e-9);
  EXPECT_GT(name_similarity("Sri Wahyuni", "Sri Wahyuningsih"), 0.9);
  EXPECT_LT(name_similarity("Budi Santoso", "Rina Marlina"), 0.7);
  EXPECT_LT(name_similarity("Budi", "Wati"), 0.6);
  EXPECT_DOUBLE_EQ(name_similarity("", "Budi"), 0.0);
}

}  // namespace
}  // namespace siklus
