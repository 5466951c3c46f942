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
      "and the minimum and maximum voltage; from the records' energies, the hourly power "
      "factor against 0.92 inductive .. 1.00 .. 0.92 capacitive (items 38-42); and the "
      "frequency object (items 65-67; EN 50160 at 50 Hz): the seconds in each band from the "
      "records' 10 s values, the extremes and every breach of items 66 and 67 with its start "
      "and duration. Fewer than 1,008 valid readings are no error: the sets are empty, "
      "pending_readings counts the valid readings towards the first set and a note says how "
      "many are missing (exit 0). Voltages in volts, distortions and unbalance in % of the "
      "fundamental, Pst in pu, compensation in reais, energies in Wh and varh.");
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
