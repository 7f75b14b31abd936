#pragma once
// Imports from the browser (issue 14 item 2): the Dinkes admin uploads a population (Dukcapil)
// or membership (BPJS) extract in chunks, watches its progress and downloads the row-by-row
// report. The upload is resumable: a chunk names its offset, and a dropped connection on a slow
// line resumes where the server says it stopped, instead of starting a 30 MB upload again.
// The import itself is the registry's or coverage's own service (the same loaders as the CLI);
// this module owns only the jobs (table import_job) and the uploaded files.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.h"
#include "coverage/service.h"
#include "registry/registry.h"
#include "store/database.h"

namespace siklus::imports {

using identity::User;

enum class Kind { kPopulation, kMembers };

struct NewImport {
  std::string kind;      // "population" or "members"
  std::string filename;  // as the user named it (shown back, never used as a path)
  int64_t size = 0;      // bytes the upload will have
  std::string snapshot;  // members: the extract's date (YYYY-MM-DD; "" = today)
};

struct Problem {
  int64_t line = 0;  // physical line in the file, the header being line 1
  std::string field;
  std::string message;
};

struct Job {
  int64_t id = 0;
  std::string kind, filename, snapshot;
  int64_t size = 0, received = 0;
  //! uploading → queued → running → done | failed
  std::string status;
  std::string city, created_by, created_at, finished_at;
  int64_t rows = 0;                                  // rows read so far (live while running)
  nlohmann::json result = nlohmann::json::object();  // the loader's counts when done
  std::vector<Problem> problems;                     // rejected rows (the loader's first 1,000)
  std::string error;                                 // why it failed
};

nlohmann::json to_json(const Job& job);  // without the problems (they are the report)

//! Creates or upgrades table import_job (module "imports").
Status migrate_imports(store::Database& db);

//! Where uploads wait beside a database: "<file>.uploads" next to a SQLite file, a folder in the
//! system's temporary directory for a server URL.
std::filesystem::path uploads_dir_for(std::string_view database_url);

struct Options {
  //! Where uploads are kept until imported (created if missing; each file removed when done).
  std::filesystem::path dir;
  //! Largest upload accepted.
  int64_t max_size = int64_t{4} << 30;
};

class ImportService {
 public:
  //! Migrates module "imports"; re-queues jobs a restart interrupted (imports are idempotent).
  //! `coverage` may be null (membership imports then answer kConflict).
  static Result<std::unique_ptr<ImportService>> open(std::shared_ptr<store::Database> db,
                                                     registry::Registry& registry,
                                                     coverage::CoverageService* coverage,
                                                     Options options);
  ~ImportService();  // finishes the running import first

  //! A new upload (Dinkes admin only; kForbidden otherwise, audited as refused).
  Result<Job> create(const User& user, const NewImport& input);
  //! Appends `bytes` at `offset`, which must be what the server has (kConflict naming the
  //! offset to resume from otherwise). The last chunk queues the import.
  Result<Job> append(const User& user, int64_t id, int64_t offset, std::string_view bytes);
  //! One job of the admin's city (kNotFound otherwise), with its live progress.
  Result<Job> get(const User& user, int64_t id);
  //! The admin's city's jobs, newest first (at most 50).
  Result<std::vector<Job>> list(const User& user);
  //! Blocks until no import is queued or running (tests, the CLI).
  void wait_idle();

 private:
  ImportService() = default;
  Result<Job> load(int64_t id);
  Status save(const Job& job, std::string_view op);
  std::filesystem::path file_of(int64_t id) const;
  void worker();
  void run(Job job);

  std::shared_ptr<store::Database> db_;
  registry::Registry* registry_ = nullptr;
  coverage::CoverageService* coverage_ = nullptr;
  Options options_;

  std::mutex mu_;  // guards queue_, live_rows_, stop_, busy_; serializes appends
  std::condition_variable cv_;
  std::deque<int64_t> queue_;
  std::map<int64_t, int64_t> live_rows_;
  bool stop_ = false;
  bool busy_ = false;
  std::thread thread_;
};

}  // namespace siklus::imports
