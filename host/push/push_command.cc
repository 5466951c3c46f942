#include "host/push/push_command.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/prodist/records_jsonl.h"
#include "host/push/push_cursor.h"
#include "host/service/flag_file.h"
#include "pqa/v1/ingest.grpc.pb.h"

namespace pqa::push {
namespace {

struct PushTarget {
  std::string server;  // host:port
  std::string point_id;
  std::string token;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  int batch = 144;  // items per flush, 1..10000 (144: one day of 10-minute records)
};

// Codes after which resending cannot help: the request itself is wrong.
bool Permanent(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNAUTHENTICATED;
}

// One stream: sends records[*acked..] and advances *acked (and the cursor
// file) with every acknowledgement. Returns the stream's final status.
grpc::Status StreamOnce(const PushTarget& target, const std::vector<prodist::TimedRecord>& records,
                        const std::string& cursor_path, std::int64_t* acked) {
  auto channel = grpc::CreateChannel(target.server, target.credentials);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(2))) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "service unreachable");
  }
  auto stub = pqa::v1::Ingest::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + target.token);
  auto stream = stub->Push(&context);
  // Acks are read on their own thread so that flow control never blocks the
  // writer behind unread acknowledgements.
  grpc::Status cursor_error = grpc::Status::OK;
  std::thread reader([&] {
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) {
      *acked = static_cast<std::int64_t>(ack.last_sequence());
      if (absl::Status s = WriteCursor(cursor_path, *acked); !s.ok()) {
        cursor_error = grpc::Status(grpc::StatusCode::ABORTED, std::string(s.message()));
        context.TryCancel();
      }
    }
  });
  const std::int64_t n = static_cast<std::int64_t>(records.size());
  for (std::int64_t i = *acked; i < n; ++i) {
    pqa::v1::IngestItem item;
    item.set_point_id(target.point_id);
    item.set_sequence(static_cast<std::uint64_t>(i + 1));  // index in the file, 1-based
    *item.mutable_record() = records[i].record;
    item.set_flush((i + 1) % target.batch == 0 || i + 1 == n);
    if (!stream->Write(item)) break;
  }
  stream->WritesDone();
  reader.join();
  grpc::Status status = stream->Finish();
  return cursor_error.ok() ? status : cursor_error;
}

}  // namespace

int RunPushCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa push RECORDS --server HOST:PORT --point ID --token-file FILE [options]",
      "Streams 10-minute records (JSON Lines, as `pqa replay` writes them) to the pqa service. "
      "Progress acknowledged by the service is kept in the --state file; when the service is "
      "unreachable the records stay on disk and are resent on reconnect, without duplicates "
      "(the service stores each (point, start, length) once).");
  parser.AddPositional("RECORDS", "records file (JSON Lines)");
  parser.AddOption("server", "HOST:PORT", "service address", "127.0.0.1:50051");
  parser.AddOption("point", "ID", "registered measurement point the records belong to");
  parser.AddOption("token-file", "FILE", "file holding this analyzer's bearer token");
  parser.AddOption("ca", "FILE", "CA certificate (PEM) that signed the service's certificate");
  parser.AddOption("cert", "FILE", "client certificate (PEM) for mutual TLS");
  parser.AddOption("key", "FILE", "client private key (PEM) for mutual TLS");
  parser.AddFlag("insecure", "plaintext without TLS, for local tests only");
  parser.AddOption("state", "FILE", "acknowledged-progress file (default RECORDS.pushed)");
  parser.AddOption("batch", "N", "records per acknowledged batch (1..10000)", "144");
  parser.AddOption("retry-for", "SECONDS", "give up after the service was unreachable this long",
                   "600");
  if (absl::Status s = parser.Parse(args); !s.ok()) {
    err << "pqa push: " << s.message() << "\n";
    return cli::kExitUsage;
  }
  if (parser.help_requested()) {
    out << parser.Help();
    return cli::kExitOk;
  }
  const std::string records_path = *parser.Positional("RECORDS");
  PushTarget target;
  target.server = parser.Get("server");
  target.point_id = parser.Get("point");
  auto batch = parser.GetInt("batch");
  auto retry_for = parser.GetDouble("retry-for");
  if (target.point_id.empty() || parser.Get("token-file").empty()) {
    err << "pqa push: --point and --token-file are required\n";
    return cli::kExitUsage;
  }
  if (!batch.ok() || *batch < 1 || *batch > 10000 || !retry_for.ok() || *retry_for < 0) {
    err << "pqa push: --batch: expected 1..10000; --retry-for: expected >= 0 seconds\n";
    return cli::kExitUsage;
  }
  target.batch = static_cast<int>(*batch);
  auto token = service::ReadFlagFile(parser.Get("token-file"), "token-file");
  if (!token.ok()) {
    err << "pqa push: " << token.status().message() << "\n";
    return cli::kExitBadInput;
  }
  target.token = std::string(absl::StripAsciiWhitespace(*token));
  if (parser.Flag("insecure")) {
    target.credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions ssl;
    for (auto [flag, field] :
         {std::pair{"ca", &ssl.pem_root_certs}, std::pair{"cert", &ssl.pem_cert_chain},
          std::pair{"key", &ssl.pem_private_key}}) {
      if (parser.Get(flag).empty()) continue;
      auto text = service::ReadFlagFile(parser.Get(flag), flag);
      if (!text.ok()) {
        err << "pqa push: " << text.status().message() << "\n";
        return cli::kExitBadInput;
      }
      *field = *std::move(text);
    }
    target.credentials = grpc::SslCredentials(ssl);
  }
  auto records = prodist::ReadRecordsJsonl(records_path);
  if (!records.ok()) {
    err << "pqa push: " << records.status().message() << "\n";
    return cli::kExitBadInput;
  }
  const std::string cursor_path =
      parser.Get("state").empty() ? records_path + ".pushed" : parser.Get("state");
  auto acked = ReadCursor(cursor_path);
  if (!acked.ok()) {
    err << "pqa push: " << acked.status().message() << "\n";
    return cli::kExitBadInput;
  }
  const std::int64_t n = static_cast<std::int64_t>(records->size());
  auto backoff = std::chrono::milliseconds(100);
  auto unreachable_since = std::chrono::steady_clock::now();
  while (*acked < n) {
    const std::int64_t before = *acked;
    grpc::Status status = StreamOnce(target, *records, cursor_path, &*acked);
    if (status.ok() && *acked >= n) break;
    if (Permanent(status.error_code())) {
      err << "pqa push: " << status.error_message() << "\n";
      return cli::kExitBadInput;
    }
    if (*acked > before) {  // progress: the service is there, reset the budget
      backoff = std::chrono::milliseconds(100);
      unreachable_since = std::chrono::steady_clock::now();
    }
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - unreachable_since).count();
    if (waited > *retry_for) {
      err << "pqa push: service unavailable for " << waited << " s (" << status.error_message()
          << "); " << *acked << " of " << n << " records acknowledged, progress in " << cursor_path
          << "\n";
      return cli::kExitBadInput;
    }
    err << "{\"event\":\"retry\",\"acknowledged\":" << *acked << ",\"reason\":\""
        << absl::CEscape(status.error_message()) << "\"}" << std::endl;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
  out << "pushed " << n << " records to " << target.point_id << " (" << *acked
      << " acknowledged)\n";
  return cli::kExitOk;
}

}  // namespace pqa::push
