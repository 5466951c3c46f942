// The sending half of `pqa push`: streams the lines of one or more inputs
// (records and events files, or the spool of a replay) to the service's
// Ingest.Push, keeps every input's acknowledged position on disk, and after a
// broken stream reconnects and resends what was not acknowledged. The
// service stores each item once (its idempotency key), so a resend after a
// lost ack duplicates nothing.
#ifndef PQA_HOST_PUSH_PUSH_SESSION_H_
#define PQA_HOST_PUSH_PUSH_SESSION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "host/push/line_tail.h"
#include "host/push/push_item.h"

namespace pqa::push {

struct PushTarget {
  std::string server;    // host:port of `pqa serve`
  std::string point_id;  // registered measurement point, 1..128 characters
  std::string token;     // this analyzer's bearer token
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string trust;  // what the credentials trust, for messages ("the CA in ca.pem")
  // Lines per acknowledged batch, 1..10000 (144: one day of 10-minute records);
  // they travel in items of up to service::kMaxBacklogPerItem lines.
  int batch = 144;
};

// One input file and where its acknowledged position is kept.
struct PushInput {
  ItemKind kind = ItemKind::kRecord;
  std::unique_ptr<LineTail> tail;
  std::string cursor_path;  // written after every acknowledgement that covers a line of it
};

struct PushPolicy {
  // True once the inputs will not grow any more: at once for files pushed as
  // they are, never for --follow, when the replay has finished for
  // --recording. Unset means true.
  std::function<bool()> inputs_complete;
  // The producer of the inputs failed (a bad recording): no use waiting for
  // the service to push a part. Unset means never.
  std::function<absl::Status()> producer_error;
  // Set by SIGINT/SIGTERM: send no new lines, let the service commit and
  // acknowledge what it received, and return. May be null.
  const std::atomic<bool>* stop = nullptr;
  // Give up when the service was unreachable this long without progress,
  // seconds; negative: never.
  double retry_for_s = 600;
  // How often an input at its end is looked at again, and the longest wait
  // between reconnection attempts is 2 s.
  std::chrono::milliseconds poll{200};
};

struct PushTotals {
  std::int64_t sent[2] = {0, 0};  // lines sent by ItemKind (records, events), resends not counted
  std::int64_t acknowledged = 0;  // lines the service acknowledged (committed)
  std::int64_t stored = 0;        // of those, new to the service
  std::int64_t duplicates = 0;    // of those, already held (an earlier push or resend)
  bool interrupted = false;       // policy.stop ended the push
};

// Pushes until the inputs are complete and all acknowledged, or policy.stop.
// Errors: a bad line (file:line: field), a refusal by the service (unknown
// point, not this analyzer's point), or the service unreachable for longer
// than policy.retry_for_s. Progress lines (retries, rotated files) go to
// `log` as JSON lines.
absl::StatusOr<PushTotals> PushInputs(const PushTarget& target, std::vector<PushInput>& inputs,
                                      const PushPolicy& policy, std::ostream& log);

// One progress line on `log`: {"event":EVENT,"file":FILE,"message":MESSAGE}.
void LogNotice(std::ostream& log, const std::string& event, const std::string& file,
               const std::string& message);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_PUSH_SESSION_H_
