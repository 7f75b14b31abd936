#include "growth/import.h"

#include <sodium.h>

#include "growth/schema.h"
#include "growth/who_files.h"

namespace siklus::growth {
namespace {

// The SHA-256 of the last import of `file`, or "" if never imported.
Result<std::string> last_sha(store::Database& db, const std::string& file) {
  auto q = db.prepare("SELECT sha256 FROM growth_import WHERE file = ? ORDER BY id DESC LIMIT 1");
  if (!q) return q.error();
  (*q)->bind(1, file);
  auto row = (*q)->step();
  if (!row) return row.error();
  return *row ? (*q)->column_string(0) : std::string();
}

siklus::Status store_file(store::Database& db, const ParsedFile& f, const std::string& sha,
                          const std::string& at, int64_t* import_id) {
  const std::string indicator(indicator_name(f.file->indicator));
  auto del = db.prepare("DELETE FROM growth_lms WHERE indicator = ?");
  if (!del) return del.error();
  SK_TRY((*del)->bind(1, indicator).run());
  auto ins =
      db.prepare("INSERT INTO growth_lms (indicator, sex, key, l, m, s) VALUES (?, ?, ?, ?, ?, ?)");
  if (!ins) return ins.error();
  for (const LmsRow& r : f.rows) {
    (*ins)->reset();
    (*ins)
        ->bind(1, indicator)
        .bind(2, r.sex == Sex::kMale ? 1 : 2)
        .bind(3, r.key)
        .bind(4, r.lms.l)
        .bind(5, r.lms.m)
        .bind(6, r.lms.s);
    SK_TRY((*ins)->run());
  }
  auto log = db.prepare(
      "INSERT INTO growth_import (file, indicator, sha256, rows, at) VALUES (?, ?, ?, ?, ?) "
      "RETURNING id");
  if (!log) return log.error();
  (*log)
      ->bind(1, f.file->name)
      .bind(2, indicator)
      .bind(3, sha)
      .bind(4, static_cast<int64_t>(f.rows.size()))
      .bind(5, at);
  auto row = (*log)->step();
  if (!row) return row.error();
  if (*import_id == 0 && *row) *import_id = (*log)->column_int64(0);
  return {};
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

Result<ImportReport> import_who_growth(store::Database& db, const std::string& dir,
                                       const std::string& actor) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  SK_TRY(migrate_growth(db));
  ImportReport report;
  // Everything is read and checked before anything is written: a bad file leaves the installed
  // reference as it was.
  auto files = read_who_dir(dir, &report.missing);
  if (!files) return files.error();
  std::vector<const ParsedFile*> changed;
  std::vector<std::string> shas;
  for (const ParsedFile& f : *files) {
    ImportedFile out;
    out.file = f.file->name;
    out.indicator = std::string(indicator_name(f.file->indicator));
    out.rows = static_cast<int>(f.rows.size());
    out.sha256 = sha256_hex(f.bytes);
    auto previous = last_sha(db, out.file);
    if (!previous) return previous.error();
    out.unchanged = *previous == out.sha256;
    if (!out.unchanged) {
      changed.push_back(&f);
      shas.push_back(out.sha256);
    }
    report.files.push_back(std::move(out));
  }
  report.unchanged = changed.empty();
  if (report.unchanged) return report;

  store::Transaction tx(db, actor);
  SK_TRY(tx.begin());
  const std::string at = db.clock().now_iso();
  int64_t import_id = 0;
  for (size_t k = 0; k < changed.size(); ++k) {
    SK_TRY(store_file(db, *changed[k], shas[k], at, &import_id));
    report.rows += static_cast<int>(changed[k]->rows.size());
  }
  SK_TRY(tx.record({"growth_reference", std::to_string(import_id), "import"}));
  SK_TRY(tx.commit());
  return report;
}

}  // namespace siklus::growth
