// The LZ-string decoder against the reference implementation: vectors are made by the npm
// `lz-string` package (node, in the repository's node_modules) at test time — ASCII, Indonesian
// text, BPJS-like JSON, non-BMP characters, long repetitive text — and decoded here.

#include "interop/lz_string.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace siklus::interop {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

TEST(LzString, DecodesWhatTheReferenceImplementationEncodes) {
  const std::string script =
      "const L=require('lz-string');"
      "const peserta=JSON.stringify({peserta:{noKartu:'0001234567890',nik:'3371014501900001',"
      "nama:'SITI AMINAH',statusPeserta:{kode:'0',keterangan:'AKTIF'},tglLahir:'1990-01-05'}});"
      "const texts=['hello','a','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
      "'Puskesmas Jurangombo, Kelurahan Jurangombo Utara — RW 03',peserta,"
      "'emoji \\u{1F600} and \\u00e9\\u00e8 and \\u4e2d\\u6587',"
      "'The quick brown fox jumps over the lazy dog. '.repeat(200)];"
      "console.log(JSON.stringify(texts.map(t=>[t,L.compressToEncodedURIComponent(t)])));";
  const std::string out = run("cd '" + std::string(SK_SOURCE_DIR) + "' && node -e \"" + [&] {
    std::string e;
    for (char c : script) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') e += '\\';
      e += c;
    }
    return e;
  }() + "\"");
  auto vectors = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(vectors.is_array()) << "node lz-string failed: " << out;
  ASSERT_EQ(vectors.size(), 7u);
  for (const auto& v : vectors) {
    auto got = lz_decompress_from_encoded_uri_component(v[1].get<std::string>());
    ASSERT_TRUE(got) << v[0];
    EXPECT_EQ(*got, v[0].get<std::string>());
  }
}

TEST(LzString, RefusesWhatIsNotAStream) {
  EXPECT_FALSE(lz_decompress_from_encoded_uri_component(""));
  EXPECT_FALSE(lz_decompress_from_encoded_uri_component("!!!!"));
}

}  // namespace
}  // namespace siklus::interop
