// `siklus user add` and `siklus audit` against the real binary on a copy of the demo database:
// the password policy's refusals, the password read from stdin (never only the command line),
// and the audit log read through the CLI (itself audited).

#include <gtest/gtest.h>

#include "harness.h"

namespace siklus::itest {
namespace {

class CliAccounts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("siklus-cli-accounts-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    cached_demo(*dir_ / "siklus.db");
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }

  // Runs `siklus --db … --json ARGS` with `input` on stdin; {exit code, stdout}.
  static std::pair<int, json> siklus(const std::string& args, const std::string& input = "",
                                     std::string* err = nullptr) {
    const fs::path in = *dir_ / "stdin.txt", errf = *dir_ / "stderr.txt";
    std::ofstream(in) << input;
    auto [code, out] =
        run_command(shell_quote(SIKLUS_BIN) + " --db " + shell_quote(*dir_ / "siklus.db") +
                    " --json " + args + " < " + shell_quote(in) + " 2> " + shell_quote(errf));
    if (err) {
      std::ifstream e(errf);
      err->assign(std::istreambuf_iterator<char>(e), {});
    }
    return {code, json::parse(out, nullptr, false)};
  }

  inline static fs::path* dir_ = nullptr;
};

TEST_F(CliAccounts, UserAddRefusesWeakPasswords) {
  const std::string add = "user add --role dinkes_admin --scope 3371 --username kepala ";
  for (const char* weak : {"password", "12345678", "        ", "kepala-kepala-kepala"}) {
    auto [code, out] = siklus(add + "--password-stdin", std::string(weak) + "\n");
    EXPECT_EQ(code, 2) << weak << ": " << out.dump();
    EXPECT_EQ(out["error"]["field"], "password") << weak;
  }
  // Without a terminal and without --password-stdin there is no password to read.
  auto [code, out] = siklus(add, "");
  EXPECT_EQ(code, 2);
  EXPECT_EQ(out["error"]["field"], "password");
  EXPECT_NE(out["error"]["message"].get<std::string>().find("--password-stdin"), std::string::npos);
}

TEST_F(CliAccounts, UserAddReadsThePasswordFromStdinOrWarns) {
  auto [code, out] =
      siklus("user add --role dinkes_admin --scope 3371 --username kepala --password-stdin",
             "tiga ekor kuda berlari\n");
  ASSERT_EQ(code, 0) << out.dump();
  EXPECT_EQ(out["username"], "kepala");
  std::string err;
  auto [code2, out2] = siklus(
      "user add --role puskesmas --scope PKM-337101-01 --username wakil --password "
      "'kunci-rahasia-kantor-7'",
      "", &err);
  ASSERT_EQ(code2, 0) << out2.dump() << err;
  auto [code3, out3] =
      siklus("user add --role dinkes_admin --scope 3371 --username kepala --password-stdin",
             "tiga ekor kuda berlari\n");
  EXPECT_EQ(code3, 1);  // a conflict, not malformed input (2)
  EXPECT_EQ(out3["error"]["code"], "conflict");
  EXPECT_EQ(out3["error"]["field"], "username");  // taken
}

TEST_F(CliAccounts, AuditThroughTheCliIsItselfAudited) {
  auto [code, out] = siklus("audit --action read");
  ASSERT_EQ(code, 0) << out.dump();
  ASSERT_TRUE(out["entries"].is_array());
  auto [code2, again] = siklus("audit --user cli --action read");
  ASSERT_EQ(code2, 0);
  ASSERT_GE(again["total"].get<int>(), 1) << again.dump();
  EXPECT_EQ(again["entries"][0]["object"], "audit_log");
  EXPECT_EQ(again["entries"][0]["detail"], "action=read");  // the first read, recorded after it
  auto [code3, bad] = siklus("audit --since yesterday");
  EXPECT_EQ(code3, 2);
  EXPECT_EQ(bad["error"]["field"], "since");
}

}  // namespace
}  // namespace siklus::itest
