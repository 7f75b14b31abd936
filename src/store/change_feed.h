#pragma once
// The change feed: subscribers follow change_log (written by every write transaction, in commit
// order) from a durable per-subscriber position kept in feed_position, so they resume where they
// left off after a restart or crash. Delivery is at-least-once and ordered; see
// docs/change_feed.md for how to subscribe and what handlers must guarantee.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace siklus::store {

//! One change_log row as delivered to subscribers.
struct ChangeEvent {
  int64_t seq;         // monotonic, assigned by the store
  std::string entity;  // "person", "facility", …
  std::string id;      // entity id, or a range "first-last" for bulk batches
  std::string op;      // "insert", "update", "delete", "import", …
  std::string actor;   // who wrote it ("migration", a username, "import", …)
  std::string at;      // "YYYY-MM-DDTHH:MM:SSZ", from the writer's clock
};

//! The newest seq in change_log (0 when empty).
Result<int64_t> change_log_head(Database& db);

//! The ids a change names: "42" -> {42, 42}, "100-250" -> {100, 250}; nullopt otherwise.
std::optional<std::pair<int64_t, int64_t>> id_range(std::string_view id);

//! Follows change_log from a durable per-subscriber position (table feed_position).
class ChangeFeed {
 public:
  //! Receives the next batch in seq order. Returning an error means "not done": the same batch
  //! is delivered again (after a backoff) and the position does not move. Must be idempotent.
  using Handler = std::function<Status(std::span<const ChangeEvent>)>;
  struct Options {
    std::chrono::milliseconds poll{100};  // how often the thread looks for new changes
    size_t batch = 1000;                  // most events per handler call
    //! Told about every failed delivery on the thread (subscriber name, error), e.g. to log it.
    std::function<void(std::string_view, const Error&)> on_error;
  };

  // Two constructors rather than `Options options = {}`: a default argument cannot use the
  // nested struct's member initializers inside the enclosing class (C++ rule, CWG 1397).
  explicit ChangeFeed(std::shared_ptr<Database> db);
  ChangeFeed(std::shared_ptr<Database> db, Options options);
  ~ChangeFeed();  // stops the thread
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  //! Adds a subscriber; before start() (after it is a bug: throws std::logic_error). `name` keys
  //! its stored position; a name seen for the first time starts at the beginning of the log, so
  //! nothing is missed.
  void subscribe(std::string name, Handler handler);
  //! A subscriber whose state lives in memory and is rebuilt from the store at start (search
  //! index, coverage figures): it starts after `after_seq` — the head() read before the rebuild —
  //! whatever position was stored, so it neither misses a change made during the rebuild nor
  //! replays the whole log.
  void subscribe_from(std::string name, int64_t after_seq, Handler handler);
  //! The newest seq in change_log (0 when empty).
  Result<int64_t> head() { return change_log_head(*db_); }
  //! Starts the background thread polling change_log every `poll`.
  Status start();
  //! Stops the thread (waits for a handler call in progress); prompt, idempotent.
  void stop();
  //! Delivers everything pending to every subscriber, synchronously on the calling thread.
  //! Returns the first handler or store error (later subscribers are still served).
  Status poll_once();
  //! Last seq delivered successfully to subscriber `name` (0 before any; -1 if unknown name).
  int64_t position(std::string_view name) const;

 private:
  struct Subscriber {
    std::string name;
    Handler handler;
    int64_t position = 0;
    bool loaded = false;  // position read from feed_position (or set by subscribe_from)
    int failures = 0;     // consecutive failed rounds on the thread (drives its backoff)
  };

  Status load_position(Subscriber& s);
  Status save_position(const Subscriber& s, int64_t seq);
  //! Delivers pending batches to `s` until caught up or a failure.
  Status drain(Subscriber& s);
  void run();

  std::shared_ptr<Database> db_;
  Options options_;
  mutable std::mutex mu_;  // subscribers_' positions, stopping_
  std::mutex deliver_mu_;  // one delivery round at a time (thread or poll_once), keeps order
  std::condition_variable wake_;
  std::vector<Subscriber> subscribers_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace siklus::store
