// pqa: the power-quality analyzer's command line. Each subcommand parses its
// own options and teaches them with --help.
#include <openssl/crypto.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "host/cli/command.h"
#include "host/cli/demo_command.h"
#include "host/common/version.h"
#include "host/point/point_command.h"
#include "host/prodist/collective_command.h"
#include "host/prodist/window_command.h"
#include "host/push/push_command.h"
#include "host/replay/replay_command.h"
#include "host/report/report_command.h"
#include "host/service/serve_command.h"
#include "host/sv/sv_commands.h"
#include "host/synth/synth_command.h"
// Backends outside host/accel, linked in when their libraries were found
// (sim/systemc/CMakeLists.txt, host/xrt/CMakeLists.txt define these).
#ifdef PQA_HAVE_SIM_BACKEND
#include "sim/systemc/system_model_backend.h"
#endif
#ifdef PQA_HAVE_XRT_BACKEND
#include "host/xrt/xrt_backend.h"
#endif

namespace {

constexpr pqa::cli::Command kCommands[] = {
    {"demo", "synthesise a recording with known content, replay it, show the records",
     pqa::cli::RunDemoCommand},
    {"replay", "replay COMTRADE or CSV recordings (one, or a fleet's) into records and events",
     pqa::replay::RunReplayCommand},
    {"synth", "write a COMTRADE recording with chosen content (harmonics, flicker, sags...)",
     pqa::synth::RunSynthCommand},
    {"window", "PRODIST Module 8 reading sets and indicators of one point (JSON)",
     pqa::prodist::RunWindowCommand},
    {"report", "PRODIST Module 8 measurement report of one point (self-contained HTML)",
     pqa::report::RunReportCommand},
    {"collective", "PRODIST Module 8 collective indicators (ICC, DRPE, DRCE) over many points",
     pqa::prodist::RunCollectiveCommand},
    {"serve", "run the gRPC service: stores records and events, serves sets and subscriptions",
     pqa::service::RunServeCommand},
    {"push",
     "stream records and events to a pqa service (files, followed files, or a recording as it "
     "is analyzed); durable, resumes after a reconnect",
     pqa::push::RunPushCommand},
    {"point", "measurement points of a running service: create, list, show, update, delete, sets",
     pqa::point::RunPointCommand},
    {"sv-publish", "publish a recording as IEC 61850-9-2LE sampled values on a network interface",
     pqa::sv::RunSvPublishCommand},
    {"analyze",
     "analyze live IEC 61850-9-2 sampled values without end: records and events written "
     "and/or pushed",
     pqa::sv::RunAnalyzeCommand},
};

void PrintHelp(std::ostream& out) {
  out << "usage: pqa COMMAND [options]   (pqa COMMAND --help for its options)\n\n"
         "pqa measures power quality the way IEC 61000-4-30 class A prescribes (RMS,\n"
         "harmonics to order 50, unbalance, frequency, flicker, sags/swells/interruptions)\n"
         "and judges it as ANEEL's PRODIST Module 8 does (1,008-reading sets, 95th\n"
         "percentiles, DRP/DRC, compensation, VTCD tables).\n\ncommands:\n";
  for (const pqa::cli::Command& c : kCommands) {
    std::string name = c.name;
    name.resize(11, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\npqa --version prints the build's version.\n\nA first run:\n"
         "  pqa demo                                   # synthesise, replay, print\n"
         "  pqa synth sag.cfg --duration 12min --variations 300:0.2:0.55:A\n"
         "  pqa replay sag.cfg --records sag.jsonl --events sag-events.jsonl\n"
         "  pqa window week.jsonl --connection 220/127\n";
}

}  // namespace

int main(int argc, char** argv) {
  // No OpenSSL clean-up at exit: gRPC's own threads (a TLS handshake still
  // retrying an unreachable service, a resolver timer) outlive main() and
  // would lock what the clean-up has freed, so that a client command died
  // with SIGSEGV instead of its exit code (5 in 60 parallel `pqa point list`
  // runs against a closed port). The process's memory goes with it anyway.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
#ifdef PQA_HAVE_SIM_BACKEND
  pqa::sim::RegisterSystemModelBackend();
#endif
#ifdef PQA_HAVE_XRT_BACKEND
  pqa::xrt::RegisterXrtBackend();
#endif
  if (argc < 2) {
    PrintHelp(std::cerr);
    return pqa::cli::kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--version" || name == "version") {
    std::cout << "pqa " << pqa::PqaVersion() << "\n";  // the build's, as reports record it
    return pqa::cli::kExitOk;
  }
  if (name == "--help" || name == "-h" || name == "help") {
    PrintHelp(std::cout);
    return pqa::cli::kExitOk;
  }
  for (const pqa::cli::Command& c : kCommands) {
    if (name == c.name)
      return c.run(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  }
  std::cerr << "pqa: unknown command '" << name << "'\n\n";
  PrintHelp(std::cerr);
  return pqa::cli::kExitUsage;
}
