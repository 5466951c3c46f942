#include "host/point/point_command.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/prodist/compliance.h"
#include "host/prodist/point_options.h"
#include "host/push/service_connection.h"
#include "host/service/status_code_name.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"

namespace pqa::point {
namespace {

constexpr const char* kOverview =
    "Usage: pqa point create|list|show|update|delete|sets [ID] [options]\n"
    "\n"
    "Manages the measurement points of a running `pqa serve` (its PointRegistry): an\n"
    "analyzer may push records for a point only once the point exists and lists it.\n"
    "\n"
    "  create ID   register a point: the options of `pqa window` describe it\n"
    "              (--connection is required), --analyzer NAME (repeatable) names the\n"
    "              clients allowed to push for it, --description TEXT; admin token\n"
    "  list        every point, one line each; operator or admin token\n"
    "  show ID     one point with its resolved Annex 8.A row and revision\n"
    "  update ID   change the options given, keep the others; --revision N refuses the\n"
    "              change if someone updated the point since you read revision N\n"
    "  delete ID   remove a point that holds no data yet (a mistyped one)\n"
    "  sets ID     the point's closed 1,008-reading sets and indicators (GetSets)\n"
    "\n"
    "Every verb takes the connection options of `pqa push` (--server, --token-file,\n"
    "--ca or --insecure, --cert/--key) and --json for the pqa.v1 messages as JSON.\n"
    "`pqa point VERB --help` lists a verb's options.\n"
    "\n"
    "Examples:\n"
    "  pqa point create feeder-12 --connection 220/127 --analyzer substation-7 \\\n"
    "      --server central:50051 --token-file admin.token --ca ca.pem\n"
    "  pqa point update feeder-12 --eusd 1520.40 --revision 1 --server central:50051 \\\n"
    "      --token-file admin.token --ca ca.pem\n"
    "  pqa point list --server central:50051 --token-file operator.token --ca ca.pem\n"
    "\n"
    "Exit status: 0 done; 1 the service refused (the message names the field) or\n"
    "is unreachable; 2 the command line is wrong.\n";

constexpr const char* kTokenHelp =
    "file holding your bearer token: admin for create, update and delete, operator or admin "
    "to read";

enum class Verb { kCreate, kList, kShow, kUpdate, kDelete, kSets };

struct VerbInfo {
  const char* name;
  Verb verb;
  const char* usage;
  const char* description;
};

constexpr VerbInfo kVerbs[] = {
    {"create", Verb::kCreate, "pqa point create ID --connection PAIR|VOLTS [options]",
     "Registers measurement point ID (1..128 characters of A-Z a-z 0-9 . _ : -) with the "
     "configuration the PRODIST evaluation needs. The options are those of `pqa window`."},
    {"list", Verb::kList, "pqa point list [options]", "Lists every registered point."},
    {"show", Verb::kShow, "pqa point show ID [options]",
     "Shows one point: its configuration, the Annex 8.A row and reference voltage the "
     "service resolved, the analyzers allowed to push, the revision."},
    {"update", Verb::kUpdate, "pqa point update ID [options]",
     "Changes the options given and keeps the others. The service drops the point's sets and "
     "rebuilds them from its records with the new configuration. With --revision N the "
     "update is refused when the point is no longer at revision N (someone changed it since "
     "you read it); without, the revision read just before is used."},
    {"delete", Verb::kDelete, "pqa point delete ID [options]",
     "Removes a point that holds no records and no events (e.g. one created with a typo). A "
     "point with data is kept: remove its analyzers with --analyzer '' instead."},
    {"sets", Verb::kSets, "pqa point sets ID [--from TIME] [--to TIME] [options]",
     "Prints the point's closed 1,008-reading sets (PRODIST Module 8: steady-state DRP/DRC "
     "and compensation, items 26.5-29; DTT95, DTTp95, DTTi95, DTT395, FD95 and Pst95, "
     "items 84-87), as kept by the service while records arrive."},
};

cli::ArgParser MakeParser(const VerbInfo& v) {
  cli::ArgParser p(v.usage, v.description);
  if (v.verb != Verb::kList) p.AddPositional("ID", "measurement point identifier");
  if (v.verb == Verb::kCreate || v.verb == Verb::kUpdate) {
    prodist::AddPointOptions(p, /*with_records=*/false);
    p.AddOption("analyzer", "NAME",
                "client name (from the tokens file) allowed to push for this point; repeat or "
                "separate with commas; on update replaces the list ('' empties it)");
    p.AddOption("description", "TEXT", "free text, up to 1024 bytes");
  }
  if (v.verb == Verb::kUpdate) {
    p.AddFlag("no-expurgate-momentary", "turn --expurgate-momentary off");
  }
  if (v.verb == Verb::kCreate || v.verb == Verb::kUpdate) {
    p.AddEpilog(
        "The point options are those of `pqa window`, checked the same way; the service checks "
        "them again and names the field it refuses. --contracted-v, --annex8a and --point belong "
        "to `pqa window` only: the service evaluates with the nominal voltage and the Annex 8.A "
        "table compiled in, and the point id is the ID argument.\n"
        "Exit status: 0 done; 1 the service refused (the message names the field) or is "
        "unreachable; 2 the command line is wrong.\n");
  }
  if (v.verb == Verb::kUpdate || v.verb == Verb::kDelete) {
    p.AddOption("revision", "N", "the revision you read (pqa point show); refused if it moved on");
  }
  if (v.verb == Verb::kSets) {
    p.AddOption("from", "TIME", "sets whose last reading ends at or after TIME (RFC 3339 UTC)");
    p.AddOption("to", "TIME", "... and before TIME (RFC 3339 UTC; default now)");
  }
  push::AddConnectionOptions(p, kTokenHelp);
  p.AddOption("wait", "SECONDS", "how long to wait for the service to answer", "10");
  if (v.verb != Verb::kDelete) p.AddFlag("json", "print the pqa.v1 message(s) as JSON");
  return p;
}

// The configuration the options describe, checked as `pqa window` checks
// it; the service fills what it derives (Annex 8.A row, TR, Vn).
absl::StatusOr<pqa::v1::CompliancePoint> ConfigFromArgs(const cli::ArgParser& p) {
  if (p.Given("point")) {
    return absl::InvalidArgumentError("--point: give the point id as the argument (ID)");
  }
  for (const char* option : {"contracted-v", "annex8a"}) {
    if (p.Given(option)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", option,
                       ": the service evaluates with the nominal voltage and the Annex 8.A table "
                       "compiled in; use `pqa window` for this option"));
    }
  }
  auto resolved = prodist::PointFromArgs(p);
  if (!resolved.ok()) return resolved.status();
  pqa::v1::CompliancePoint c = prodist::DescribePoint(*resolved);
  if (!p.Given("voltage-class")) c.clear_voltage_class();  // derived from Vn, not an override
  c.clear_id();
  c.clear_nominal_v();
  c.clear_reference_v();
  c.clear_annex_row();
  return c;
}

// The options that describe `c`, so that an update changes only what is given.
std::vector<std::string> OptionsOf(const pqa::v1::CompliancePoint& c, bool expurgate) {
  std::vector<std::string> args = {"--connection", c.connection(), "--eusd",
                                   absl::StrFormat("%.17g", c.eusd_brl())};
  for (auto [option, value] :
       {std::pair{"--voltage-kind", &c.voltage_kind()},
        std::pair{"--voltage-class", &c.voltage_class()},
        std::pair{"--vt-connection", &c.vt_connection()},
        std::pair{"--mode", &c.measurement_mode()}, std::pair{"--time-zone", &c.time_zone()}}) {
    if (value->empty()) continue;
    args.push_back(option);
    args.push_back(*value);
  }
  if (expurgate) args.push_back("--expurgate-momentary");
  return args;
}

std::string Json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  return json;
}

std::string Analyzers(const pqa::v1::MeasurementPoint& p) {
  return p.analyzers().empty() ? "(none: nobody may push)" : absl::StrJoin(p.analyzers(), ", ");
}

void PrintPoint(std::ostream& out, const pqa::v1::MeasurementPoint& p) {
  const pqa::v1::CompliancePoint& c = p.config();
  auto row = [&](const char* key, const std::string& value) {
    out << absl::StrFormat("%-20s %s\n", key, value);
  };
  row("point", p.point_id());
  if (!p.description().empty()) row("description", p.description());
  row("connection", absl::StrFormat("%s (Annex 8.A row %s; Vn %.0f V line-to-line)", c.connection(),
                                    c.annex_row(), c.nominal_v()));
  row("voltage kind",
      absl::StrFormat("%s (TR %.2f V compared with each reading)",
                      c.voltage_kind().empty() ? "phase" : c.voltage_kind(), c.reference_v()));
  row("voltage class", c.voltage_class().empty() ? "from Vn" : c.voltage_class());
  row("vt connection", c.vt_connection().empty() ? "wye" : c.vt_connection());
  row("eusd", absl::StrFormat("%.2f BRL", c.eusd_brl()));
  row("mode", c.measurement_mode().empty() ? "permanent" : c.measurement_mode());
  row("time zone", absl::StrCat(c.time_zone().empty() ? "America/Sao_Paulo" : c.time_zone(),
                                " (civil months of sets, compensation, DIC/FIC/DMIC and FI)"));
  row("momentary vtcd",
      c.expurgate_momentary() ? "expurgated from the steady-state set" : "not expurgated");
  row("analyzers", Analyzers(p));
  row("revision", absl::StrCat(p.revision()));
  row("created", p.created());
  row("updated", p.updated());
}

void PrintPointList(std::ostream& out, const std::vector<pqa::v1::MeasurementPoint>& points) {
  out << absl::StrFormat("%-24s %-12s %-10s %4s  %-20s  %s\n", "POINT", "CONNECTION", "MODE", "REV",
                         "UPDATED", "ANALYZERS");
  for (const auto& p : points) {
    const std::string& mode = p.config().measurement_mode();
    out << absl::StrFormat("%-24s %-12s %-10s %4d  %-20s  %s\n", p.point_id(),
                           p.config().connection(), mode.empty() ? "permanent" : mode, p.revision(),
                           p.updated(), Analyzers(p));
  }
  out << points.size() << (points.size() == 1 ? " point\n" : " points\n");
}

void PrintSets(std::ostream& out, const pqa::v1::GetSetsResponse& sets) {
  out << "steady-state voltage sets (PRODIST Module 8 items 26.5-29; limits DRP 3 %, DRC 0.5 %)\n";
  out << absl::StrFormat("%-21s %-21s %4s %4s %8s %8s %12s\n", "START", "END", "NLP", "NLC",
                         "DRP %", "DRC %", "COMP BRL");
  for (const auto& v : sets.voltage_sets()) {
    out << absl::StrFormat("%-21s %-21s %4d %4d %8.3f %8.3f %12.2f%s\n", v.start(), v.end(),
                           v.nlp(), v.nlc(), v.drp_pct(), v.drc_pct(), v.compensation(),
                           v.drp_violation() || v.drc_violation() ? "  above limit" : "");
  }
  out << "\nharmonics, unbalance and flicker sets (items 84-87; worst phase)\n";
  out << absl::StrFormat("%-21s %-21s %7s %7s %7s %7s %7s %7s  %s\n", "START", "END", "DTT95",
                         "DTTp95", "DTTi95", "DTT395", "FD95", "Pst95", "ABOVE LIMIT");
  for (const auto& d : sets.disturbance_sets()) {
    std::vector<std::string> above;
    for (const auto& v : d.violations()) above.push_back(v.indicator());
    out << absl::StrFormat("%-21s %-21s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f  %s\n", d.start(),
                           d.end(), d.dtt95_pct(), d.dttp95_pct(), d.dtti95_pct(), d.dtt395_pct(),
                           d.fd95_pct(), d.pst95(),
                           above.empty() ? "-" : absl::StrJoin(above, ","));
  }
  if (sets.voltage_sets().empty() && sets.disturbance_sets().empty()) {
    // A measurement still running (issue 17): the count an operator watches grow.
    out << "\nno set yet: " << sets.pending_readings()
        << " valid readings towards the first set of 1008\n";
  } else {
    out << "\n" << sets.pending_readings() << " valid readings wait for the next set\n";
  }
}

// A connected client with the caller's token.
class RegistryClient {
 public:
  static absl::StatusOr<RegistryClient> Connect(const cli::ArgParser& p) {
    auto connection = push::ConnectionFrom(p);
    if (!connection.ok()) return connection.status();
    auto wait = p.GetDouble("wait");
    if (!wait.ok() || !(*wait >= 0 && *wait <= 3600)) {
      return absl::InvalidArgumentError("--wait: expected 0..3600 seconds");
    }
    RegistryClient c;
    c.token_ = connection->token;
    c.channel_ = grpc::CreateChannel(connection->server, connection->credentials);
    if (absl::Status s = push::WaitForService(
            *c.channel_, connection->server, connection->trust,
            std::chrono::milliseconds(static_cast<std::int64_t>(*wait * 1000)));
        !s.ok()) {
      return s;
    }
    c.registry_ = pqa::v1::PointRegistry::NewStub(c.channel_);
    c.query_ = pqa::v1::Query::NewStub(c.channel_);
    return c;
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return context;
  }
  pqa::v1::PointRegistry::Stub& registry() { return *registry_; }
  pqa::v1::Query::Stub& query() { return *query_; }

 private:
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pqa::v1::PointRegistry::Stub> registry_;
  std::unique_ptr<pqa::v1::Query::Stub> query_;
};

class Runner {
 public:
  Runner(const VerbInfo& verb, std::ostream& out, std::ostream& err)
      : verb_(verb), out_(out), err_(err) {}

  int Run(const std::vector<std::string>& args) {
    cli::ArgParser p = MakeParser(verb_);
    const std::string command = absl::StrCat("pqa point ", verb_.name);
    if (auto code = cli::ParseOrExit(p, args, command, out_, err_)) return *code;
    std::optional<std::int64_t> revision;
    if (p.Given("revision")) {
      auto r = p.GetInt("revision");
      if (!r.ok() || *r < 1) return Usage(p, "--revision: expected a revision >= 1");
      revision = *r;
    }
    if (p.Get("token-file").empty()) return Usage(p, "--token-file is required");
    std::optional<pqa::v1::CompliancePoint> config;
    if (verb_.verb == Verb::kCreate) {
      auto c = ConfigFromArgs(p);
      if (!c.ok()) return Usage(p, std::string(c.status().message()));
      config = *std::move(c);
    }
    auto client = RegistryClient::Connect(p);
    if (!client.ok()) {
      return absl::IsInvalidArgument(client.status()) ? Usage(p, Message(client.status()))
                                                      : Fail(client.status());
    }
    const std::string id = p.Positional("ID").value_or("");
    switch (verb_.verb) {
      case Verb::kCreate:
        return Create(p, *client, id, *config);
      case Verb::kList:
        return List(p, *client);
      case Verb::kShow:
        return Show(p, *client, id);
      case Verb::kUpdate:
        return Update(p, args, *client, id, revision);
      case Verb::kDelete:
        return Delete(*client, id, revision);
      case Verb::kSets:
        return Sets(p, *client, id);
    }
    return cli::kExitUsage;
  }

 private:
  static std::string Message(const absl::Status& s) { return std::string(s.message()); }

  int Usage(const cli::ArgParser&, const std::string& message) {
    err_ << "pqa point " << verb_.name << ": " << message << "\n(see pqa point " << verb_.name
         << " --help)\n";
    return cli::kExitUsage;
  }
  int Fail(const absl::Status& s) {
    err_ << "pqa point " << verb_.name << ": " << s.message() << "\n";
    return cli::kExitBadInput;
  }
  // The service's answer, with its code: INVALID_ARGUMENT names the field.
  int Refused(const grpc::Status& s) {
    err_ << "pqa point " << verb_.name << ": " << service::StatusCodeName(s.error_code()) << ": "
         << s.error_message() << "\n";
    return cli::kExitBadInput;
  }

  int PrintOne(const cli::ArgParser& p, const pqa::v1::MeasurementPoint& point) {
    if (p.Flag("json")) {
      out_ << Json(point) << "\n";
    } else {
      PrintPoint(out_, point);
    }
    return cli::kExitOk;
  }

  int Create(const cli::ArgParser& p, RegistryClient& client, const std::string& id,
             const pqa::v1::CompliancePoint& config) {
    pqa::v1::CreatePointRequest request;
    pqa::v1::MeasurementPoint& point = *request.mutable_point();
    point.set_point_id(id);
    point.set_description(p.Get("description"));
    for (const std::string& a : p.GetAll("analyzer")) point.add_analyzers(a);
    *point.mutable_config() = config;
    pqa::v1::MeasurementPoint created;
    grpc::Status s = client.registry().CreatePoint(client.Context().get(), request, &created);
    if (!s.ok()) return Refused(s);
    return PrintOne(p, created);
  }

  int List(const cli::ArgParser& p, RegistryClient& client) {
    pqa::v1::ListPointsResponse all;
    pqa::v1::ListPointsRequest request;
    request.set_page_size(1000);
    for (;;) {
      pqa::v1::ListPointsResponse page;
      grpc::Status s = client.registry().ListPoints(client.Context().get(), request, &page);
      if (!s.ok()) return Refused(s);
      for (auto& point : *page.mutable_points()) *all.add_points() = std::move(point);
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    if (p.Flag("json")) {
      out_ << Json(all) << "\n";
    } else {
      PrintPointList(out_, {all.points().begin(), all.points().end()});
    }
    return cli::kExitOk;
  }

  int Show(const cli::ArgParser& p, RegistryClient& client, const std::string& id) {
    pqa::v1::GetPointRequest request;
    request.set_point_id(id);
    pqa::v1::MeasurementPoint point;
    grpc::Status s = client.registry().GetPoint(client.Context().get(), request, &point);
    if (!s.ok()) return Refused(s);
    return PrintOne(p, point);
  }

  int Update(const cli::ArgParser& given, const std::vector<std::string>& args,
             RegistryClient& client, const std::string& id, std::optional<std::int64_t> revision) {
    pqa::v1::GetPointRequest get;
    get.set_point_id(id);
    pqa::v1::MeasurementPoint current;
    grpc::Status s = client.registry().GetPoint(client.Context().get(), get, &current);
    if (!s.ok()) return Refused(s);
    // The stored configuration as options, then the ones given: given ones win.
    std::vector<std::string> merged =
        OptionsOf(current.config(),
                  current.config().expurgate_momentary() && !given.Flag("no-expurgate-momentary"));
    merged.insert(merged.end(), args.begin(), args.end());
    cli::ArgParser p = MakeParser(verb_);
    if (absl::Status st = p.Parse(merged); !st.ok()) return Usage(p, Message(st));
    if (p.Flag("expurgate-momentary") && given.Flag("no-expurgate-momentary")) {
      return Usage(p, "--expurgate-momentary and --no-expurgate-momentary contradict each other");
    }
    auto config = ConfigFromArgs(p);
    if (!config.ok()) return Usage(p, Message(config.status()));
    pqa::v1::UpdatePointRequest request;
    pqa::v1::MeasurementPoint& point = *request.mutable_point();
    point.set_point_id(id);
    point.set_description(given.Given("description") ? given.Get("description")
                                                     : current.description());
    if (given.Given("analyzer")) {
      for (const std::string& a : given.GetAll("analyzer")) point.add_analyzers(a);
    } else {
      *point.mutable_analyzers() = current.analyzers();
    }
    *point.mutable_config() = *config;
    request.set_expected_revision(revision.value_or(current.revision()));
    pqa::v1::MeasurementPoint updated;
    s = client.registry().UpdatePoint(client.Context().get(), request, &updated);
    if (!s.ok()) return Refused(s);
    return PrintOne(given, updated);
  }

  int Delete(RegistryClient& client, const std::string& id, std::optional<std::int64_t> revision) {
    pqa::v1::DeletePointRequest request;
    request.set_point_id(id);
    request.set_expected_revision(revision.value_or(0));
    pqa::v1::DeletePointResponse response;
    grpc::Status s = client.registry().DeletePoint(client.Context().get(), request, &response);
    if (!s.ok()) return Refused(s);
    out_ << "deleted point " << id << "\n";
    return cli::kExitOk;
  }

  int Sets(const cli::ArgParser& p, RegistryClient& client, const std::string& id) {
    pqa::v1::GetSetsRequest request;
    request.set_point_id(id);
    request.mutable_period()->set_start(p.Get("from"));
    request.mutable_period()->set_end(p.Get("to"));
    pqa::v1::GetSetsResponse sets;
    grpc::Status s = client.query().GetSets(client.Context().get(), request, &sets);
    if (!s.ok()) return Refused(s);
    if (p.Flag("json")) {
      out_ << Json(sets) << "\n";
    } else {
      PrintSets(out_, sets);
    }
    return cli::kExitOk;
  }

  const VerbInfo& verb_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace

int RunPointCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kOverview;
    return cli::kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    out << kOverview;
    return cli::kExitOk;
  }
  for (const VerbInfo& v : kVerbs) {
    if (args[0] != v.name) continue;
    push::QuietGrpcLogs();
    return Runner(v, out, err).Run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  err << "pqa point: unknown verb '" << args[0]
      << "': expected create, list, show, update, delete or sets (see pqa point --help)\n";
  return cli::kExitUsage;
}

}  // namespace pqa::point
