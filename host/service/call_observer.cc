#include "host/service/call_observer.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "host/service/status_code_name.h"
#include "pqa/v1/ingest.pb.h"

namespace pqa::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Entries of the top-level repeated message fields of a response (records,
// events, points, sets, months); 1 for a response without such a field (a
// point, a report).
int ResponseItems(const google::protobuf::Message& m) {
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = m.GetReflection();
  int n = 0;
  bool lists = false;
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (!f->is_repeated() || f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    lists = true;
    n += r->FieldSize(m, f);
  }
  return lists ? n : 1;
}

class CallObserver : public grpc::experimental::Interceptor {
 public:
  CallObserver(grpc::experimental::ServerRpcInfo* info, const TokenTable* tokens,
               ServiceMetrics* metrics, std::ostream* log, std::mutex* log_mu)
      : info_(info),
        tokens_(tokens),
        metrics_(metrics),
        log_(log),
        log_mu_(log_mu),
        start_(std::chrono::steady_clock::now()),
        // Only pqa.v1 handlers pass protobuf messages through the
        // interceptor; the built-in health service passes raw byte buffers.
        ours_(absl::StartsWith(info->method(), "/pqa.v1.")),
        push_(std::string_view(info->method()) == "/pqa.v1.Ingest/Push"),
        streamed_response_(
            info->type() == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING ||
            info->type() == grpc::experimental::ServerRpcInfo::Type::BIDI_STREAMING) {}

  ~CallObserver() override {
    // A call that ends without a status sent (the client went away first).
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) && push_) {
      if (const void* m = methods->GetRecvMessage(); m != nullptr) {
        const auto& item = *static_cast<const pqa::v1::IngestItem*>(m);
        items_ += item.records_size() + item.events_size() +
                  (item.has_record() || item.has_event() ? 1 : 0);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE) && !push_) {
      if (streamed_response_) {
        ++items_;
      } else if (const void* m = methods->GetSendMessage(); ours_ && m != nullptr) {
        items_ += ResponseItems(*static_cast<const google::protobuf::Message*>(m));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (metrics_ != nullptr) metrics_->CountCall(info_->method(), code, seconds);
    // Load balancers probe health every few seconds: counted, not logged.
    if (log_ == nullptr || absl::StartsWith(info_->method(), "/grpc.health.v1.")) return;
    std::string principal, peer;
    if (grpc::ServerContextBase* context = info_->server_context(); context != nullptr) {
      peer = context->peer();
      const auto& metadata = context->client_metadata();
      if (auto it = metadata.find("authorization"); it != metadata.end()) {
        const Caller* caller =
            tokens_->Identify(std::string_view(it->second.data(), it->second.size()));
        // An unknown token is not echoed: it may be a real token mistyped.
        principal = caller != nullptr ? caller->name : "(unknown token)";
      }
    }
    const std::string line = absl::StrCat(
        "{\"event\":\"call\",\"method\":", JsonString(info_->method()),
        ",\"peer\":", JsonString(peer), ",\"principal\":", JsonString(principal), ",\"code\":\"",
        StatusCodeName(code), "\",\"duration_ms\":", absl::StrFormat("%.3f", seconds * 1000),
        ",\"items\":", items_.load(), "}\n");
    std::lock_guard<std::mutex> lock(*log_mu_);
    *log_ << line << std::flush;
  }

  grpc::experimental::ServerRpcInfo* info_;
  const TokenTable* tokens_;
  ServiceMetrics* metrics_;
  std::ostream* log_;
  std::mutex* log_mu_;
  const std::chrono::steady_clock::time_point start_;
  const bool ours_, push_, streamed_response_;
  // Incremented by the handler's thread (reads, Subscribe's writes); read at the status.
  std::atomic<std::int64_t> items_{0};
  bool finished_ = false;
};

}  // namespace

grpc::experimental::Interceptor* CallObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallObserver(info, tokens_, metrics_, log_, log_mu_);
}

}  // namespace pqa::service
