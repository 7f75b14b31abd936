#include "http/errors.h"

#include <gtest/gtest.h>

namespace siklus::http {
namespace {

TEST(Errors, LanguageNegotiation) {
  EXPECT_EQ(negotiate_language(""), Language::kIndonesian);
  EXPECT_EQ(negotiate_language("en"), Language::kEnglish);
  EXPECT_EQ(negotiate_language("en-US,en;q=0.9"), Language::kEnglish);
  EXPECT_EQ(negotiate_language("id-ID,id;q=0.9,en;q=0.8"), Language::kIndonesian);
  EXPECT_EQ(negotiate_language("id;q=0.5, en;q=0.8"), Language::kEnglish);
  EXPECT_EQ(negotiate_language("fr"), Language::kIndonesian);
  EXPECT_EQ(negotiate_language("eng"), Language::kIndonesian);
}

TEST(Errors, StatusPerCode) {
  EXPECT_EQ(http_status(ErrorCode::kInvalidArgument), 400u);
  EXPECT_EQ(http_status(ErrorCode::kUnauthenticated), 401u);
  EXPECT_EQ(http_status(ErrorCode::kForbidden), 403u);
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404u);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409u);
  EXPECT_EQ(http_status(ErrorCode::kTooLarge), 413u);
  EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429u);
  EXPECT_EQ(http_status(ErrorCode::kBusy), 503u);
  EXPECT_EQ(http_status(ErrorCode::kInternal), 500u);
}

TEST(Errors, BodyNamesFieldInUsersLanguage) {
  const Error e = Error::invalid("birth_date", "expected a date YYYY-MM-DD");
  auto id = nlohmann::json::parse(error_response(e, Language::kIndonesian).body());
  EXPECT_EQ(id["error"]["code"], "invalid_argument");
  EXPECT_EQ(id["error"]["field"], "birth_date");
  EXPECT_EQ(id["error"]["message"], "Harus berupa tanggal yang valid (TTTT-BB-HH)");
  auto en = nlohmann::json::parse(error_response(e, Language::kEnglish, 422).body());
  EXPECT_EQ(en["error"]["message"], "expected a date YYYY-MM-DD");
  EXPECT_EQ(error_response(e, Language::kEnglish, 422).result_int(), 422u);
}

TEST(Errors, UnknownMessageFallsBackToIndonesianSentence) {
  const Error e = Error::conflict("nik", "a person with this NIK exists");
  auto id = nlohmann::json::parse(error_response(e, Language::kIndonesian).body());
  EXPECT_EQ(id["error"]["message"], "Bertentangan dengan data yang sudah ada (nik)");
  EXPECT_EQ(id["error"]["field"], "nik");
}

TEST(Errors, InternalDetailsNeverReachTheClient) {
  const Error e = Error::internal("sqlite: disk I/O error at /var/secret");
  auto en = nlohmann::json::parse(error_response(e, Language::kEnglish).body());
  EXPECT_EQ(en["error"]["message"], "internal error");
  EXPECT_TRUE(en["error"]["field"].is_null());
}

TEST(Errors, RateLimitedCarriesRetryAfter) {
  Response res = error_response({ErrorCode::kRateLimited, "x", {}}, Language::kEnglish, 0, 30);
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res[bhttp::field::retry_after], "30");
}

}  // namespace
}  // namespace siklus::http
