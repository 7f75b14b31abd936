#include "core/csv.h"

#include <gtest/gtest.h>

namespace siklus {

TEST(Csv, MatchesColumnsByNameAndHandlesQuotes) {
  auto r = CsvReader::from_string(
      "\xEF\xBB\xBFNama, nik\n"
      "\"Siti, S.Pd\",123\n"
      "\n"
      "\"Budi \"\"Bud\"\" Harjo\",456\r\n"
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
  EXPECT_EQ(csv.field(0), "Budi \"Bud\" Harjo");
  EXPECT_EQ(csv.field(1), "456");
  EXPECT_EQ(csv.line(), 4u);
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(0), "Ani");
  EXPECT_EQ(csv.line(), 5u);
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
  EXPECT_EQ((*r)->error_column(), "a");
}

// Issue 8: an unterminated quote on line 4 swallowed line 5 into a street name. Now line 4 is an
// error naming its column, and line 5 is read as itself.
TEST(Csv, UnterminatedQuoteNeverSwallowsTheNextLine) {
  auto r = CsvReader::from_string(
      "nik,nama,alamat\n1,Ani,Jl. A\n2,Budi,Jl. B\n3,Citra,\"Jl. Tidar, 5\n4,Dewi,\"Jl. D\"\n");
  ASSERT_TRUE(r);
  auto& csv = **r;
  ASSERT_TRUE(*csv.next());
  ASSERT_TRUE(*csv.next());
  auto bad = csv.next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "<input>:4");
  EXPECT_EQ(csv.error_column(), "alamat");
  EXPECT_EQ(csv.line(), 4u);
  auto next = csv.next();
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_TRUE(*next);
  EXPECT_EQ(csv.line(), 5u);
  EXPECT_EQ(csv.field(1), "Dewi");
  EXPECT_EQ(csv.field(2), "Jl. D");
  EXPECT_EQ(csv.row(), 4u);
  EXPECT_FALSE(*csv.next());
}

TEST(Csv, WrongFieldCountAndTextAfterQuoteAreErrorsOnTheirLine) {
  auto r = CsvReader::from_string("a,b\n1,2,3\n4\n\"x\"y,5\nok,6\n");
  ASSERT_TRUE(r);
  auto& csv = **r;
  for (size_t line : {2u, 3u, 4u}) {
    auto bad = csv.next();
    ASSERT_FALSE(bad) << line;
    EXPECT_EQ(bad.error().field, "<input>:" + std::to_string(line));
  }
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(0), "ok");
}

TEST(Csv, BadBytesAreRefusedNamingTheColumn) {
  auto r =
      CsvReader::from_string(std::string("nik,nama\n1,Bu\xFF"
                                         "di\n2,A\0b\n3,C\x01\n4,\"x\ry\"\n5,Eko\n",
                                         41));
  ASSERT_TRUE(r);
  auto& csv = **r;
  for (int i = 0; i < 4; ++i) {
    auto bad = csv.next();
    ASSERT_FALSE(bad) << i;
    EXPECT_EQ(csv.error_column(), "nama");
    EXPECT_NE(bad.error().message.find("column nama"), std::string::npos) << bad.error().message;
  }
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(1), "Eko");
}

TEST(Csv, FieldAndLineSizesAreBounded) {
  const std::string big_field(kMaxFieldBytes + 1, 'a');
  const std::string huge_name(2 << 20, 'b');  // stands for the 64 MB name of issue 8
  std::string wide_line = "2";
  for (int i = 0; i < 20; ++i) wide_line += "," + std::string(4000, 'c');
  auto r = CsvReader::from_string("nik,nama\n1," + big_field + "\n" + wide_line + "\n3," +
                                  huge_name + "\n4,ok\n");
  ASSERT_TRUE(r);
  auto& csv = **r;
  auto bad = csv.next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(csv.error_column(), "nama");
  EXPECT_NE(bad.error().message.find("longer than 4096"), std::string::npos);
  bad = csv.next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "<input>:3");
  EXPECT_EQ(csv.error_column(), "");
  EXPECT_NE(bad.error().message.find("line longer than 65536"), std::string::npos);
  bad = csv.next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "<input>:4");
  ASSERT_TRUE(*csv.next());
  EXPECT_EQ(csv.field(1), "ok");
  EXPECT_EQ(csv.line(), 5u);
}

TEST(Csv, ExportCellsCannotBeFormulas) {
  EXPECT_EQ(csv_export_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_export_cell("+62 812"), "'+62 812");
  EXPECT_EQ(csv_export_cell("-1"), "'-1");
  EXPECT_EQ(csv_export_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_export_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_export_cell("Siti"), "Siti");
  EXPECT_EQ(csv_export_cell(""), "");
}

TEST(Csv, RejectsDuplicateHeaderAndEmptyInput) {
  EXPECT_FALSE(CsvReader::from_string("a,A\n1,2\n"));
  EXPECT_FALSE(CsvReader::from_string(""));
  EXPECT_FALSE(CsvReader::open("/nonexistent/file.csv"));
}

TEST(Csv, QuotedFieldsReadBackUnchanged) {
  EXPECT_EQ(csv_quote("Jl. Tidar"), "Jl. Tidar");
  EXPECT_EQ(csv_quote("Siti, S.Pd"), "\"Siti, S.Pd\"");
  const std::string tricky = "Budi \"Bud\" Harjo, Jr.";
  auto r = CsvReader::from_string("nama,x\n" + csv_quote(tricky) + ",1\n");
  ASSERT_TRUE(r);
  ASSERT_TRUE(*(*r)->next());
  EXPECT_EQ((*r)->field(0), tricky);
  EXPECT_EQ((*r)->field(1), "1");
}

}  // namespace siklus
