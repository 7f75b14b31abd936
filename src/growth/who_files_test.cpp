#include "growth/who_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace siklus::growth {
namespace {

const WhoFile& file_named(std::string_view name) {
  for (const WhoFile& f : who_files()) {
    if (f.name == name) return f;
  }
  throw std::runtime_error("no such file");
}

TEST(WhoFiles, ParsesCrlfWithExtraColumns) {
  const std::string text =
      "sex\tage\tl\tm\ts\tloh\r\n1\t0\t1\t49.8842\t0.03795\tL\r\n1\t1\t1\t50.0601\t0.03785\tL\r\n"
      "2\t0\t1\t49.1477\t0.0379\tL\r\n";
  auto rows = parse_who_file(file_named("lenanthro.txt"), text, "lenanthro.txt");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].key, 1);
  EXPECT_DOUBLE_EQ((*rows)[1].lms.m, 50.0601);
  EXPECT_EQ((*rows)[2].sex, Sex::kFemale);
}

TEST(WhoFiles, LengthKeysAreTenthsOfACentimetre) {
  const std::string text =
      "sex\tlength\tl\tm\ts\tlorh\r\n1\t45\t-0.3521\t2.441\t0.09182\tL\r\n"
      "1\t45.1\t-0.3521\t2.4577\t0.09176\tL\r\n2\t45\t-0.3833\t2.4607\t0.09029\tL\r\n";
  auto rows = parse_who_file(file_named("wflanthro.txt"), text, "wflanthro.txt");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].key, 450);
  EXPECT_EQ((*rows)[1].key, 451);
}

TEST(WhoFiles, ErrorsNameFileLineAndColumn) {
  struct Row {
    const char* what;
    const char* text;
    const char* where;
    const char* id;
  };
  const Row rows[] = {
      {"header", "sex\tdays\tl\tm\ts\r\n", "weianthro.txt:1:1", "growth.file_bad_header"},
      {"number", "sex\tage\tl\tm\ts\r\n1\t0\t0.3487\tabc\t0.14602\r\n", "weianthro.txt:2:4",
       "growth.file_bad_number"},
      {"sex", "sex\tage\tl\tm\ts\r\n3\t0\t0.3487\t3.3\t0.14602\r\n", "weianthro.txt:2:1",
       "growth.file_bad_sex"},
      {"gap", "sex\tage\tl\tm\ts\r\n1\t0\t0.3\t3.3\t0.1\r\n1\t2\t0.3\t3.3\t0.1\r\n",
       "weianthro.txt:3:2", "growth.file_gap"},
      {"short", "sex\tage\tl\tm\ts\r\n1\t0\t0.3\r\n", "weianthro.txt:2:4", "growth.file_short_row"},
      {"negative m", "sex\tage\tl\tm\ts\r\n1\t0\t0.3\t-3\t0.1\r\n", "weianthro.txt:2:4",
       "growth.file_not_positive"},
      {"fractional age", "sex\tage\tl\tm\ts\r\n1\t0.5\t0.3\t3\t0.1\r\n", "weianthro.txt:2:2",
       "growth.file_bad_key"},
      {"absurd age", "sex\tage\tl\tm\ts\r\n1\t3000000000\t0.3\t3\t0.1\r\n", "weianthro.txt:2:2",
       "growth.file_bad_key"},
      {"one sex", "sex\tage\tl\tm\ts\r\n1\t0\t0.3\t3\t0.1\r\n", "weianthro.txt:3:1",
       "growth.file_incomplete"},
  };
  for (const Row& r : rows) {
    auto parsed = parse_who_file(file_named("weianthro.txt"), r.text, "weianthro.txt");
    ASSERT_FALSE(parsed) << r.what;
    EXPECT_EQ(parsed.error().field, r.where) << r.what;
    EXPECT_EQ(parsed.error().message_id, r.id) << r.what;
  }
}

TEST(WhoFiles, MissingRequiredFileIsNamed) {
  const auto dir = std::filesystem::temp_directory_path() / "siklus-who-empty";
  std::filesystem::create_directories(dir);
  std::vector<std::string> missing;
  auto files = read_who_dir(dir.string(), &missing);
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().message_id, "growth.file_missing");
  EXPECT_NE(files.error().message.find("weianthro.txt"), std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(read_who_dir("/no/such/folder", &missing));
}

}  // namespace
}  // namespace siklus::growth
