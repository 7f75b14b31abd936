#include "http/errors.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/nik.h"

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

TEST(Errors, UnavailableStoreIs503WithRetryAfterAndNoDetails) {
  const Error e =
      Error{ErrorCode::kBusy, "database unavailable: server closed the connection", {}}.with_id(
          "store.unavailable");
  auto res = error_response(e, Language::kEnglish);
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(res[bhttp::field::retry_after], "1");
  EXPECT_EQ(res.body().find("closed the connection"), std::string::npos);
  EXPECT_NE(res.body().find("store.unavailable"), std::string::npos);
  const Error other{ErrorCode::kBusy, "all 8 database connections are busy", {}};
  EXPECT_EQ(message_id(other), "server.busy");
}

TEST(Errors, RateLimitedCarriesRetryAfter) {
  Response res = error_response({ErrorCode::kRateLimited, "x", {}}, Language::kEnglish, 0, 30);
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res[bhttp::field::retry_after], "30");
}

TEST(MessageIds, BodyCarriesTheIdAndBothLanguagesComeFromItsRow) {
  const Error e = Error::invalid("nik", nik_problem_message(NikProblem::kBirthDateMismatch));
  auto id = nlohmann::json::parse(error_response(e, Language::kIndonesian, 422).body());
  EXPECT_EQ(id["error"]["message_id"], "nik.birth_date_mismatch");
  EXPECT_EQ(id["error"]["message"], "Tanggal lahir dalam NIK tidak sesuai dengan tanggal lahir");
  auto en = nlohmann::json::parse(error_response(e, Language::kEnglish, 422).body());
  EXPECT_EQ(en["error"]["message_id"], "nik.birth_date_mismatch");
  EXPECT_EQ(en["error"]["message"], "NIK birth date does not agree with the birth date");
}

TEST(MessageIds, EveryNikProblemHasItsOwnIdAndIndonesianText) {
  // Each NIK check used to collapse to one Indonesian sentence; each now has its own.
  std::set<std::string> texts;
  for (NikProblem p : {NikProblem::kLength, NikProblem::kNotDigits, NikProblem::kUnknownRegion,
                       NikProblem::kInvalidBirthDate, NikProblem::kBirthDateMismatch,
                       NikProblem::kSexMismatch, NikProblem::kZeroSerial}) {
    const Error e = Error::invalid("nik", nik_problem_message(p));
    EXPECT_EQ(message_id(e), std::string("nik.") + nik_problem_code(p)) << nik_problem_message(p);
    texts.insert(localized_message(e, Language::kIndonesian));
  }
  EXPECT_EQ(texts.size(), 7u);
}

TEST(MessageIds, MessagesWithDetailsFindTheirRowByPrefix) {
  EXPECT_EQ(message_id(Error::not_found("region not found: 3371")), "region.not_found");
  EXPECT_EQ(message_id(Error::not_found("no region with code 3372")), "region.not_found");
  EXPECT_EQ(message_id({ErrorCode::kTooLarge, "request body too large (limit 1 MiB)", "body"}),
            "request.body_too_large");
  // A prefix row does not swallow a longer word.
  EXPECT_EQ(message_id(Error::not_found("region not foundling")), "error.not_found");
}

TEST(MessageIds, AnExplicitIdWinsAndUnknownMessagesFallBackToTheCode) {
  const Error e = Error::invalid("nik", "some new wording").with_id("nik.length");
  EXPECT_EQ(message_id(e), "nik.length");
  EXPECT_EQ(localized_message(e, Language::kIndonesian), "NIK harus 16 digit");
  const Error unknown = Error::conflict("x", "a brand new clash");
  EXPECT_EQ(message_id(unknown), "error.conflict");
  EXPECT_EQ(localized_message(unknown, Language::kEnglish), "a brand new clash");
  EXPECT_EQ(message_id(Error::internal("disk on fire")), "server.internal");
}

TEST(MessageIds, TableRowsAreConsistent) {
  std::set<std::string> english;
  for (const Message& m : message_table()) {
    EXPECT_TRUE(english.insert(std::string(m.en)).second) << "duplicate English: " << m.en;
    EXPECT_FALSE(m.id_text.empty()) << m.id;
    EXPECT_NE(m.id.find('.'), std::string_view::npos) << m.id;
  }
}

TEST(MessageIds, DocsApiMdListsEveryId) {
  std::ifstream in(std::string(SK_SOURCE_DIR) + "/docs/api.md");
  std::stringstream s;
  s << in.rdbuf();
  const std::string doc = s.str();
  for (const Message& m : message_table()) {
    EXPECT_NE(doc.find("`" + std::string(m.id) + "`"), std::string::npos)
        << m.id << " is missing from docs/api.md (Message ids)";
  }
}

}  // namespace
}  // namespace siklus::http
