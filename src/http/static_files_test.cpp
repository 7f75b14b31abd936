#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace siklus::http {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("sk_static_" + std::to_string(::getpid()));
    fs::create_directories(base_ / "dist" / "assets");
    write(base_ / "dist" / "index.html", "<!doctype html><title>siklus</title>");
    write(base_ / "dist" / "assets" / "app-1234.js", "console.log(1)");
    write(base_ / "dist" / "assets" / "app.css", "body{}");
    write(base_ / "secret.txt", "outside the root");
    fs::create_directories(base_ / "dist" / ".git");
    write(base_ / "dist" / ".git" / "config", "dot file");
    std::error_code ec;
    fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "link.txt", ec);
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  StaticFiles web(base_ / "dist");
  EXPECT_TRUE(web.available());
  auto js = web.serve("/assets/app-1234.js", false);
  EXPECT_EQ(js.result_int(), 200u);
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body(), "console.log(1)");
  EXPECT_NE(js[bhttp::field::cache_control].find("immutable"), std::string::npos);
  auto css = web.serve("/assets/app.css", false);
  EXPECT_EQ(css[bhttp::field::content_type], "text/css; charset=utf-8");
  auto root = web.serve("/", false);
  EXPECT_EQ(root.result_int(), 200u);
  EXPECT_EQ(root[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(root[bhttp::field::cache_control], "no-cache");
}

TEST_F(StaticFilesTest, ServesTheStoredCompressedCopyTheClientAccepts) {
  write(base_ / "dist" / "assets" / "app-1234.js.br", "BROTLI");
  write(base_ / "dist" / "assets" / "app-1234.js.gz", "GZIP");
  write(base_ / "dist" / "index.html.gz", "GZIP-INDEX");
  StaticFiles web(base_ / "dist");
  auto br = web.serve("/assets/app-1234.js", false, "gzip, deflate, br");
  EXPECT_EQ(br.body(), "BROTLI");
  EXPECT_EQ(br[bhttp::field::content_encoding], "br");
  EXPECT_EQ(br[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(br[bhttp::field::vary], "Accept-Encoding");
  auto gz = web.serve("/assets/app-1234.js", false, "gzip");
  EXPECT_EQ(gz.body(), "GZIP");
  EXPECT_EQ(gz[bhttp::field::content_encoding], "gzip");
  // br refused with q=0: gzip; nothing accepted: the plain file.
  EXPECT_EQ(web.serve("/assets/app-1234.js", false, "br;q=0, gzip;q=0.5").body(), "GZIP");
  auto plain = web.serve("/assets/app-1234.js", false, "identity");
  EXPECT_EQ(plain.body(), "console.log(1)");
  EXPECT_EQ(plain[bhttp::field::content_encoding], "");
  // No brotli copy of index.html: gzip, also for the SPA fallback of a page path.
  EXPECT_EQ(web.serve("/orang/1", false, "br, gzip").body(), "GZIP-INDEX");
  // HEAD reports the length of what GET would send.
  auto head = web.serve("/assets/app-1234.js", true, "br");
  EXPECT_EQ(head[bhttp::field::content_length], "6");
}

TEST(AcceptEncoding, FollowsQValuesAndTheWildcard) {
  EXPECT_TRUE(StaticFiles::accepts("gzip, br", "br"));
  EXPECT_TRUE(StaticFiles::accepts("GZIP;q=0.8", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("gzip;q=0", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("gzip; q=0.000", "gzip"));
  EXPECT_TRUE(StaticFiles::accepts("*", "br"));
  EXPECT_FALSE(StaticFiles::accepts("*;q=0", "br"));
  EXPECT_TRUE(StaticFiles::accepts("*;q=0, br", "br"));
  EXPECT_FALSE(StaticFiles::accepts("br;q=0, *", "br"));
  EXPECT_FALSE(StaticFiles::accepts("", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("brotli", "br"));
}

TEST_F(StaticFilesTest, SpaFallbackOnlyForPagePaths) {
  StaticFiles web(base_ / "dist");
  auto page = web.serve("/orang/123", false);
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_NE(page.body().find("siklus"), std::string::npos);
  EXPECT_EQ(web.serve("/assets/missing.js", false).result_int(), 404u);
}

TEST_F(StaticFilesTest, NoTraversalNoDotFilesNoSymlinkEscape) {
  StaticFiles web(base_ / "dist");
  for (const char* p :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
        "/.git/config", "/link.txt", "/a\\..\\secret.txt", "/%00", "/%zz"}) {
    auto res = web.serve(p, false);
    EXPECT_EQ(res.result_int(), 404u) << p;
    EXPECT_EQ(res.body().find("outside the root"), std::string::npos) << p;
    EXPECT_EQ(res.body().find("dot file"), std::string::npos) << p;
  }
}

TEST_F(StaticFilesTest, MissingWebAppSaysSo) {
  StaticFiles web(base_ / "nope");
  EXPECT_FALSE(web.available());
  auto res = web.serve("/", false);
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_NE(res.body().find("./dev build"), std::string::npos);
}

TEST(StaticFilesTypes, ByExtension) {
  EXPECT_EQ(StaticFiles::content_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(StaticFiles::content_type("a.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::content_type("README"), "application/octet-stream");
}

}  // namespace
}  // namespace siklus::http
