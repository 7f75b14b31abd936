#include "core/text.h"

#include <gtest/gtest.h>

namespace siklus {

TEST(Text, Utf8AcceptsWellFormedAndNamesTheBadByte) {
  EXPECT_TRUE(valid_utf8("Siti Nurhaliza"));
  EXPECT_TRUE(valid_utf8("Désa \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é, euro, emoji
  EXPECT_EQ(utf8_error_offset("ab\xFF"), 2u);
  EXPECT_EQ(utf8_error_offset("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(utf8_error_offset("x\xED\xA0\x80"), 1u);     // UTF-16 surrogate
  EXPECT_EQ(utf8_error_offset("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8_error_offset("\xE2\x82"), 0u);          // truncated
}

TEST(Text, ControlCharactersExceptTab) {
  EXPECT_FALSE(has_control_chars("Jl.\tTidar"));
  EXPECT_EQ(control_char_offset(std::string_view("ab\0c", 4)), 2u);
  EXPECT_EQ(control_char_offset("a\nb"), 1u);
  EXPECT_EQ(control_char_offset("a\x7F"), 1u);
  EXPECT_EQ(control_char_offset("x\xC2\x85"), 1u);  // C1 NEL
  EXPECT_FALSE(has_control_chars("\xC2\xA0"));      // NBSP is text
}

TEST(Text, CheckTextNamesFieldAndReason) {
  EXPECT_TRUE(check_text("Budi", "nama", 10));
  auto too_long = check_text(std::string(11, 'a'), "nama", 10);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "nama");
  EXPECT_NE(too_long.error().message.find("too long"), std::string::npos);
  auto bad = check_text("Bu\xFF", "nama", 10);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid UTF-8 at byte 2");
  EXPECT_FALSE(check_text(std::string_view("a\0", 2), "nama", 10));
}

TEST(Text, RepairsForOutput) {
  EXPECT_EQ(utf8_repaired("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(xml_safe(std::string_view("a\0b\x01\tc\n", 7)), "ab\tc\n");
  EXPECT_EQ(xml_safe("x\xEF\xBF\xBF"
                     "y\xC3"),
            "xy\xEF\xBF\xBD");
  EXPECT_TRUE(valid_utf8(xml_safe("\xF0\x9F\x98")));
}

}  // namespace siklus
