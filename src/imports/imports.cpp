#include "imports/imports.h"

#include <fstream>

#include "coverage/membership.h"

namespace siklus::imports {
namespace {

using nlohmann::json;

// One row per upload. `problems` is the report as JSON text (the loader keeps the first 1,000
// rejected rows); `result` the loader's counts. `city` scopes the job to the admin's kab/kota.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE import_job (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  snapshot TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  city TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  rows_read INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '{}',
  problems TEXT NOT NULL DEFAULT '[]',
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_job_city ON import_job (city, id);
)sql";

constexpr std::array kMigrations = {store::Migration{1, "import jobs", kV1}};

constexpr std::string_view kColumns =
    "id, kind, filename, snapshot, size, received, status, city, created_by, created_at, "
    "finished_at, rows_read, result, problems, error";

Job read_job(const store::Statement& s) {
  Job j;
  j.id = s.column_int64(0);
  j.kind = s.column_string(1);
  j.filename = s.column_string(2);
  j.snapshot = s.column_string(3);
  j.size = s.column_int64(4);
  j.received = s.column_int64(5);
  j.status = s.column_string(6);
  j.city = s.column_string(7);
  j.created_by = s.column_string(8);
  j.created_at = s.column_string(9);
  j.finished_at = s.column_string(10);
  j.rows = s.column_int64(11);
  j.result = json::parse(s.column_text(12), nullptr, false);
  if (j.result.is_discarded()) j.result = json::object();
  for (const json& p : json::parse(s.column_text(13), nullptr, false)) {
    if (p.is_object())
      j.problems.push_back(
          {p.value("line", int64_t{0}), p.value("field", ""), p.value("message", "")});
  }
  j.error = s.column_string(14);
  return j;
}

std::string problems_text(const std::vector<Problem>& problems) {
  json a = json::array();
  for (const Problem& p : problems) {
    a.push_back({{"line", p.line}, {"field", p.field}, {"message", p.message}});
  }
  return a.dump();
}

// "penduduk.csv:4711" → 4711 (the loader names rows by path and line).
int64_t line_of(std::string_view where) {
  const auto colon = where.rfind(':');
  if (colon == std::string_view::npos) return 0;
  int64_t n = 0;
  for (char c : where.substr(colon + 1)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The acting admin of a job (the worker imports on her behalf, also after a restart).
User owner_of(const Job& job) {
  User u;
  u.username = job.created_by;
  u.role = identity::Role::kDinkesAdmin;
  u.scope = job.city;
  return u;
}

Error admin_only() { return Error{ErrorCode::kForbidden, "only the Dinkes admin imports", {}}; }

}  // namespace

json to_json(const Job& j) {
  json o = {{"id", j.id},
            {"kind", j.kind},
            {"filename", j.filename},
            {"size", j.size},
            {"received", j.received},
            {"status", j.status},
            {"created_by", j.created_by},
            {"created_at", j.created_at},
            {"rows", j.rows},
            {"result", j.result},
            {"rejected_rows", static_cast<int64_t>(j.problems.size())}};
  if (!j.snapshot.empty()) o["snapshot"] = j.snapshot;
  if (!j.finished_at.empty()) o["finished_at"] = j.finished_at;
  if (!j.error.empty()) o["error"] = j.error;
  return o;
}

Status migrate_imports(store::Database& db) { return db.migrate("imports", kMigrations); }

std::filesystem::path uploads_dir_for(std::string_view url) {
  if (url.find("://") == std::string_view::npos) return std::string(url) + ".uploads";
  if (url.starts_with("sqlite://")) return std::string(url.substr(9)) + ".uploads";
  return std::filesystem::temp_directory_path() / "siklus-uploads";
}

Result<std::unique_ptr<ImportService>> ImportService::open(std::shared_ptr<store::Database> db,
                                                           registry::Registry& registry,
                                                           coverage::CoverageService* coverage,
                                                           Options options) {
  SK_TRY(migrate_imports(*db));
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return Error::io("cannot create " + options.dir.string() + ": " + ec.message());
  std::unique_ptr<ImportService> s(new ImportService());
  s->db_ = std::move(db);
  s->registry_ = &registry;
  s->coverage_ = coverage;
  s->options_ = std::move(options);
  // Jobs a stop interrupted run again: both loaders write by natural key, so a second pass over
  // rows already written changes nothing.
  auto st = s->db_->prepare(
      "SELECT id FROM import_job WHERE status IN ('queued', 'running') ORDER BY id");
  if (!st) return st.error();
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    s->queue_.push_back((*st)->column_int64(0));
  }
  s->thread_ = std::thread([p = s.get()] { p->worker(); });
  return s;
}

ImportService::~ImportService() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::filesystem::path ImportService::file_of(int64_t id) const {
  return options_.dir / ("import-" + std::to_string(id) + ".csv");
}

Result<Job> ImportService::load(int64_t id) {
  auto st = db_->prepare("SELECT " + std::string(kColumns) + " FROM import_job WHERE id = ?");
  if (!st) return st.error();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return Error::not_found("no such import");
  return read_job(**st);
}

Status ImportService::save(const Job& j, std::string_view op) {
  store::Transaction tx(*db_, j.created_by);
  SK_TRY(tx.begin());
  auto st = db_->prepare(
      "UPDATE import_job SET received = ?, status = ?, finished_at = ?, rows_read = ?, "
      "result = ?, problems = ?, error = ? WHERE id = ?");
  if (!st) return st.error();
  (*st)
      ->bind(1, j.received)
      .bind(2, j.status)
      .bind(3, j.finished_at)
      .bind(4, j.rows)
      .bind(5, j.result.dump())
      .bind(6, problems_text(j.problems))
      .bind(7, j.error)
      .bind(8, j.id);
  SK_TRY((*st)->run());
  SK_TRY(tx.record({"import_job", std::to_string(j.id), std::string(op)}));
  return tx.commit();
}

Result<Job> ImportService::create(const User& user, const NewImport& in) {
  if (user.role != identity::Role::kDinkesAdmin) {
    SK_TRY(registry_->audit_log().record(
        user, {"refused", "import", std::nullopt, "", "not the Dinkes admin", std::nullopt}));
    return admin_only();
  }
  if (in.kind != "population" && in.kind != "members") {
    return Error::invalid("kind", "must be population or members");
  }
  if (in.kind == "members" && !coverage_) {
    return Error{ErrorCode::kConflict, "membership imports are not enabled", {}};
  }
  if (in.filename.empty() || in.filename.size() > 200) {
    return Error::invalid("filename", "required, at most 200 characters");
  }
  if (in.size <= 0 || in.size > options_.max_size) {
    return Error::invalid(
        "size", "must be between 1 byte and " + std::to_string(options_.max_size >> 20) + " MiB");
  }
  std::string snapshot = in.snapshot;
  if (in.kind == "members") {
    if (snapshot.empty()) snapshot = db_->clock().today_wib().to_string();
    auto d = Date::parse(snapshot);
    if (!d) return Error::invalid("snapshot", "not a date YYYY-MM-DD");
    if (*d > db_->clock().today_wib()) return Error::invalid("snapshot", "in the future");
  } else if (!snapshot.empty()) {
    return Error::invalid("snapshot", "only for a membership extract");
  }
  Job j;
  j.kind = in.kind;
  j.filename = in.filename;
  j.snapshot = snapshot;
  j.size = in.size;
  j.status = "uploading";
  j.city = user.scope;
  j.created_by = user.username;
  j.created_at = db_->clock().now_iso();
  {
    store::Transaction tx(*db_, user.username);
    SK_TRY(tx.begin());
    auto st = db_->prepare(
        "INSERT INTO import_job (kind, filename, snapshot, size, status, city, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return st.error();
    (*st)
        ->bind(1, j.kind)
        .bind(2, j.filename)
        .bind(3, j.snapshot)
        .bind(4, j.size)
        .bind(5, j.status)
        .bind(6, j.city)
        .bind(7, j.created_by)
        .bind(8, j.created_at);
    auto row = (*st)->step();
    if (!row) return row.error();
    j.id = (*st)->column_int64(0);
    (*st)->reset();
    SK_TRY(tx.record({"import_job", std::to_string(j.id), "insert"}));
    SK_TRY(tx.commit());
  }
  std::error_code ec;
  std::filesystem::remove(file_of(j.id), ec);
  SK_TRY(registry_->audit_log().record(
      user, {"upload", "import", std::nullopt, j.city, j.kind + " " + j.filename, j.size}));
  return j;
}

Result<Job> ImportService::get(const User& user, int64_t id) {
  if (user.role != identity::Role::kDinkesAdmin) return admin_only();
  auto j = load(id);
  if (!j) return j.error();
  if (j->city != user.scope) return Error::not_found("no such import");
  std::lock_guard lock(mu_);
  if (auto it = live_rows_.find(id); it != live_rows_.end()) j->rows = it->second;
  return j;
}

Result<std::vector<Job>> ImportService::list(const User& user) {
  if (user.role != identity::Role::kDinkesAdmin) return admin_only();
  auto st = db_->prepare("SELECT " + std::string(kColumns) +
                         " FROM import_job WHERE city = ? ORDER BY id DESC LIMIT 50");
  if (!st) return st.error();
  (*st)->bind(1, user.scope);
  std::vector<Job> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_job(**st));
  }
  std::lock_guard lock(mu_);
  for (Job& j : out) {
    if (auto it = live_rows_.find(j.id); it != live_rows_.end()) j.rows = it->second;
  }
  return out;
}

Result<Job> ImportService::append(const User& user, int64_t id, int64_t offset,
                                  std::string_view bytes) {
  if (user.role != identity::Role::kDinkesAdmin) return admin_only();
  // One append at a time: the offset check and the write must not interleave with another.
  std::unique_lock lock(mu_);
  auto j = load(id);
  if (!j) return j.error();
  if (j->city != user.scope) return Error::not_found("no such import");
  if (j->status != "uploading") {
    return Error{ErrorCode::kConflict, "the upload is complete", {"received"}};
  }
  if (offset != j->received) {
    return Error{
        ErrorCode::kConflict, "resume from offset " + std::to_string(j->received), {"offset"}};
  }
  if (j->received + static_cast<int64_t>(bytes.size()) > j->size) {
    return Error::invalid("size", "more bytes than announced");
  }
  {
    std::ofstream out(file_of(id), std::ios::binary | std::ios::app);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error::io("cannot write the upload");
  }
  j->received += static_cast<int64_t>(bytes.size());
  if (j->received == j->size) j->status = "queued";
  SK_TRY(save(*j, j->status == "queued" ? "queue" : "upload"));
  if (j->status == "queued") {
    queue_.push_back(id);
    cv_.notify_all();
  }
  return *j;
}

void ImportService::wait_idle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void ImportService::worker() {
  for (;;) {
    int64_t id = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      id = queue_.front();
      queue_.pop_front();
      busy_ = true;
    }
    if (auto j = load(id)) run(std::move(*j));
    {
      std::lock_guard lock(mu_);
      busy_ = false;
      live_rows_.erase(id);
    }
    cv_.notify_all();
  }
}

void ImportService::run(Job j) {
  j.status = "running";
  (void)save(j, "start");
  const std::string path = file_of(j.id).string();
  auto progress = [this, id = j.id](uint64_t rows) {
    std::lock_guard lock(mu_);
    live_rows_[id] = static_cast<int64_t>(rows);
  };
  const User admin = owner_of(j);
  Status outcome;
  if (j.kind == "population") {
    registry::ImportOptions o;
    o.progress = [&](uint64_t rows, uint64_t) { progress(rows); };
    auto r = registry_->import_population(admin, path, o);
    if (r) {
      j.rows = static_cast<int64_t>(r->rows);
      j.result = {{"rows", r->rows},         {"written", r->written}, {"unchanged", r->unchanged},
                  {"rejected", r->rejected}, {"flagged", r->flagged}, {"seconds", r->seconds}};
      for (const auto& p : r->problems)
        j.problems.push_back({line_of(p.where), p.field, p.message});
    } else {
      outcome = r.error();
    }
  } else {
    coverage::ImportMembersRequest req;
    req.import.path = path;
    req.import.snapshot = *Date::parse(j.snapshot);
    req.import.today = db_->clock().today_wib();
    req.import.max_errors = 1000;
    req.import.actor = j.created_by;
    req.import.progress = progress;
    req.link = true;
    auto r = coverage_ ? coverage_->import_members(admin, req)
                       : Result<coverage::ImportMembersResult>(
                             Error{ErrorCode::kConflict, "membership imports are off", {}});
    if (r) {
      j.rows = static_cast<int64_t>(r->import.rows);
      j.result = {{"rows", r->import.rows},
                  {"imported", r->import.imported},
                  {"rejected", r->import.rejected},
                  {"snapshot", r->import.snapshot}};
      if (r->link) j.result["linked"] = r->link->match;
      for (const auto& e : r->import.errors) {
        j.problems.push_back({static_cast<int64_t>(e.line), e.field, e.reason});
      }
    } else {
      outcome = r.error();
    }
  }
  j.status = outcome ? "done" : "failed";
  if (!outcome) j.error = outcome.error().message;
  j.finished_at = db_->clock().now_iso();
  (void)save(j, j.status);
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace siklus::imports
