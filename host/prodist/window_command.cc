#include "host/prodist/window_command.h"

#include "host/cli/command.h"
#include "host/prodist/compliance.h"
#include "host/prodist/point_options.h"

namespace pqa::prodist {

int RunWindowCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa window RECORDS.jsonl --connection PAIR|VOLTS [options]",
      "Evaluates one measurement point against PRODIST Module 8 section 8.1: builds the "
      "1,008-reading sets for steady-state voltage and for harmonics/unbalance/flicker, and "
      "prints, as one JSON object, every set's period, nlp, nlc, DRP, DRC, compensation, "
      "DTT95, DTTp95, DTTi95, DTT395, FD95, Pst95 (per phase and worst phase) with the limits "
      "exceeded, the monthly DRP/DRC means, the voltage histogram (0.80-1.20 pu, 40 bins) "
      "and the minimum and maximum voltage. Voltages in volts, distortions and unbalance in "
      "% of the fundamental, Pst in pu, compensation in reais. The frequency object "
      "(items 65-67; EN 50160 at 50 Hz) gives the seconds in each band from the records' 10 s "
      "values, the extremes and every breach of items 66 and 67 with its start and duration.");
  AddPointOptions(parser);
  parser.AddEpilog(RulesEpilog());
  Evaluation ev;
  bool help = false;
  int code = ParseAndEvaluate(parser, args, out, err, ev, help);
  if (code != cli::kExitOk || help) return code;
  auto json = ComplianceJson(ev.result);
  if (!json.ok()) {
    err << "error: " << json.status().message() << "\n";
    return cli::kExitBadInput;
  }
  out << *json << "\n";
  return cli::kExitOk;
}

}  // namespace pqa::prodist
