#include "store/change_feed.h"

#include <algorithm>
#include <charconv>
#include <exception>
#include <stdexcept>

namespace siklus::store {
namespace {

constexpr auto kMaxBackoff = std::chrono::seconds(10);

// poll, 2·poll, 4·poll, … up to kMaxBackoff: a failing subscriber (database down, bug in a
// handler) is retried without spinning, and recovers on its own once the cause is gone.
std::chrono::milliseconds backoff(std::chrono::milliseconds poll, int failures) {
  auto wait = std::max(poll, std::chrono::milliseconds(1));
  for (int i = 1; i < failures && wait < kMaxBackoff; ++i) wait *= 2;
  return std::min<std::chrono::milliseconds>(wait, kMaxBackoff);
}

}  // namespace

ChangeFeed::ChangeFeed(std::shared_ptr<Database> db) : ChangeFeed(std::move(db), Options{}) {}

ChangeFeed::ChangeFeed(std::shared_ptr<Database> db, Options options)
    : db_(std::move(db)), options_(options) {
  if (options_.batch == 0) options_.batch = 1;
}

ChangeFeed::~ChangeFeed() { stop(); }

std::optional<std::pair<int64_t, int64_t>> id_range(std::string_view id) {
  auto number = [](std::string_view t) -> std::optional<int64_t> {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || p != t.data() + t.size() || v < 0) return std::nullopt;
    return v;
  };
  const size_t dash = id.find('-');
  auto first = number(id.substr(0, dash));
  auto last = dash == std::string_view::npos ? first : number(id.substr(dash + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return std::pair(*first, *last);
}

void ChangeFeed::subscribe(std::string name, Handler handler) {
  std::lock_guard lock(mu_);
  // The thread walks subscribers_ without the lock; adding one under it would be a data race.
  if (thread_.joinable()) throw std::logic_error("ChangeFeed::subscribe after start()");
  subscribers_.push_back(Subscriber{std::move(name), std::move(handler)});
}

void ChangeFeed::subscribe_from(std::string name, int64_t after_seq, Handler handler) {
  subscribe(std::move(name), std::move(handler));
  std::lock_guard lock(mu_);
  subscribers_.back().position = after_seq;
  subscribers_.back().loaded = true;
}

Result<int64_t> change_log_head(Database& db) {
  auto st = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM change_log");
  if (!st) return st.error();
  auto row = (*st)->step();
  if (!row) return row.error();
  return *row ? (*st)->column_int64(0) : int64_t{0};
}

Status ChangeFeed::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return Error::internal("change feed already started");
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  return {};
}

void ChangeFeed::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

int64_t ChangeFeed::position(std::string_view name) const {
  std::lock_guard lock(mu_);
  for (const Subscriber& s : subscribers_) {
    if (s.name == name) return s.position;
  }
  return -1;
}

Status ChangeFeed::load_position(Subscriber& s) {
  auto st = db_->prepare("SELECT seq FROM feed_position WHERE name = ?");
  if (!st) return st.error();
  (*st)->bind(1, s.name);
  auto row = (*st)->step();
  if (!row) return row.error();
  const int64_t seq = *row ? (*st)->column_int64(0) : 0;
  std::lock_guard lock(mu_);
  s.position = seq;
  s.loaded = true;
  return {};
}

// The position is store bookkeeping, not a domain change: it is written in its own statement
// (atomic on its own) and deliberately not recorded in change_log, which would feed itself.
Status ChangeFeed::save_position(const Subscriber& s, int64_t seq) {
  auto st = db_->prepare(
      "INSERT INTO feed_position (name, seq, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at");
  if (!st) return st.error();
  (*st)->bind(1, s.name).bind(2, seq).bind(3, db_->clock().now_iso());
  return (*st)->run();
}

Status ChangeFeed::drain(Subscriber& s) {
  if (!s.loaded) SK_TRY(load_position(s));
  for (;;) {
    std::vector<ChangeEvent> events;
    {
      // The statement is finished before the handler runs, so no read snapshot is held while
      // the handler works (it may write, and WAL checkpoints must not be held back).
      auto st = db_->prepare(
          "SELECT seq, entity, entity_id, op, actor, at FROM change_log WHERE seq > ? "
          "ORDER BY seq LIMIT ?");
      if (!st) return st.error();
      (*st)->bind(1, s.position).bind(2, static_cast<int64_t>(options_.batch));
      for (;;) {
        auto row = (*st)->step();
        if (!row) return row.error();
        if (!*row) break;
        events.push_back({(*st)->column_int64(0), (*st)->column_string(1), (*st)->column_string(2),
                          (*st)->column_string(3), (*st)->column_string(4),
                          (*st)->column_string(5)});
      }
    }
    if (events.empty()) return {};

    Status handled;
    try {
      handled = s.handler(std::span<const ChangeEvent>(events));
    } catch (const std::exception& e) {
      handled = Error::internal("change feed subscriber " + s.name + " threw: " + e.what());
    }
    if (!handled) return handled;
    SK_TRY(save_position(s, events.back().seq));
    {
      std::lock_guard lock(mu_);
      s.position = events.back().seq;
    }
    if (events.size() < options_.batch) return {};
    std::lock_guard lock(mu_);
    if (stopping_ && thread_.get_id() == std::this_thread::get_id()) return {};
  }
}

Status ChangeFeed::poll_once() {
  std::lock_guard deliver(deliver_mu_);
  Status first;
  for (Subscriber& s : subscribers_) {
    auto st = drain(s);
    if (!st && first) first = st;
  }
  return first;
}

void ChangeFeed::run() {
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> next(subscribers_.size(), Clock::now());
  for (;;) {
    {
      std::lock_guard deliver(deliver_mu_);
      for (size_t i = 0; i < subscribers_.size(); ++i) {
        if (Clock::now() < next[i]) continue;  // backing off after a failure
        {
          std::lock_guard lock(mu_);
          if (stopping_) return;
        }
        Subscriber& s = subscribers_[i];
        auto st = drain(s);
        if (st) {
          s.failures = 0;
          next[i] = Clock::now();
        } else {
          ++s.failures;
          next[i] = Clock::now() + backoff(options_.poll, s.failures);
          if (options_.on_error) options_.on_error(s.name, st.error());
        }
      }
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, options_.poll, [this] { return stopping_; })) return;
  }
}

}  // namespace siklus::store
