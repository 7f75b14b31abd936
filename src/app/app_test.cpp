#include "app/app.h"

#include <gtest/gtest.h>

namespace siklus::app {
namespace {

TEST(ParseListen, Forms) {
  auto a = parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = parse_listen("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 0);
  auto c = parse_listen(":9000");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "127.0.0.1");
  auto d = parse_listen("8081");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 8081);
  EXPECT_EQ(parse_listen("localhost:1")->host, "127.0.0.1");
}

TEST(ParseListen, BadInputNamesListen) {
  for (const char* bad : {"", "host:", "127.0.0.1:99999", "127.0.0.1:http", "[::1]8080"}) {
    auto r = parse_listen(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "listen");
  }
}

TEST(FindWebDir, ExplicitWins) { EXPECT_EQ(find_web_dir("/x/y").string(), "/x/y"); }

}  // namespace
}  // namespace siklus::app
