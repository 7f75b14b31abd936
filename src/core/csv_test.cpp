#include "core/csv.h"

#include <gtest/gtest.h>

namespace siklus {

TEST(Csv, MatchesColumnsByNameAndHandlesQuotes) {
  auto r = CsvReader::from_string(
      "\xEF\xBB\xBFNama, nik\n"
      "\"Siti, S.Pd\",123\n"
      "\n"
      "\"Budi \"\"Bud\"\"\nHarjo\",456\r\n"
      "Ani,789");
  ASSERT_TRUE(r) << r.error().message;
  auto& csv = **r;
  ASSERT_EQ(csv.column("NAMA"), 0u);
  ASSERT_EQ(csv.column("nik"), 1u);
  EXPECT_FALSE(csv.column("alamat"));
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(0), "Siti, S.Pd");
  EXPECT_EQ(csv.line(), 2u);
  EXPECT_EQ(csv.row(), 1u);
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(0), "Budi \"Bud\"\nHarjo");
  EXPECT_EQ(csv.field(1), "456");
  EXPECT_EQ(csv.line(), 4u);
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(0), "Ani");
  EXPECT_EQ(csv.line(), 6u);
  EXPECT_EQ(csv.row(), 3u);
  EXPECT_EQ(csv.field(7), "");
  EXPECT_FALSE(*csv.next());
}

TEST(Csv, ReportsUnterminatedQuoteWithLine) {
  auto r = CsvReader::from_string("a,b\n1,2\n\"oops,3\n");
  ASSERT_TRUE(r);
  ASSERT_TRUE(*(*r)->next());
  auto bad = (*r)->next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "<input>:3");
}

TEST(Csv, RejectsDuplicateHeaderAndEmptyInput) {
  EXPECT_FALSE(CsvReader::from_string("a,A\n1,2\n"));
  EXPECT_FALSE(CsvReader::from_string(""));
  EXPECT_FALSE(CsvReader::open("/nonexistent/file.csv"));
}

TEST(Csv, QuotedFieldsReadBackUnchanged) {
  EXPECT_EQ(csv_quote("Jl. Tidar"), "Jl. Tidar");
  EXPECT_EQ(csv_quote("Siti, S.Pd"), "\"Siti, S.Pd\"");
  const std::string tricky = "Budi \"Bud\"\nHarjo, Jr.";
  auto r = CsvReader::from_string("nama,x\n" + csv_quote(tricky) + ",1\n");
  ASSERT_TRUE(r);
  ASSERT_TRUE(*(*r)->next());
  EXPECT_EQ((*r)->field(0), tricky);
  EXPECT_EQ((*r)->field(1), "1");
}

}  // namespace siklus
