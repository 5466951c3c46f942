#include "host/prodist/point_options.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "host/cli/command.h"
#include "host/prodist/compliance.h"
#include "host/prodist/reading_sets.h"

namespace pqa::prodist {

void AddPointOptions(cli::ArgParser& p, bool with_records) {
  if (with_records) {
    p.AddPositional("RECORDS",
                    "10-minute records, JSON Lines, one pqa.v1.Record per line (as written by "
                    "`pqa replay`). 150-cycle and 2-hour records in the file are ignored.");
  }
  p.AddOption("connection", "PAIR|VOLTS",
              "Annex 8.A connection. Low voltage: the line-to-line/line-to-neutral pair, one of "
              "220/127, 380/220, 254/127, 440/220, 208/120, 230/115, 240/120, 220/110. Above "
              "2.3 kV: the nominal line-to-line voltage, volts or kV (13800, 13.8kV, 138kV). "
              "Required.");
  p.AddOption("voltage-kind", "phase|line",
              "What the records' rms_v hold. 'phase' (a wye input: line-to-neutral) compares "
              "each reading with the pair's second column (127 V for 220/127) or with TR/sqrt(3) "
              "above 2.3 kV; 'line' (a delta or V input: line-to-line) compares with the first "
              "column (220 V) or TR.",
              "phase");
  p.AddOption("voltage-class", "BT|MT|AT",
              "Overrides the class derived from Vn (BT <= 2.3 kV < MT < 69 kV <= AT). Chooses "
              "the DTT/FD/Pst limits (tables 2-4) and k2 in the compensation (7/5/3).");
  p.AddOption("contracted-v", "VOLTS",
              "Contracted line-to-line voltage used as TR above 2.3 kV (item 22: within 95-105 % "
              "of Vn). Default: the nominal.");
  p.AddOption("eusd", "BRL",
              "EUSD of the reference month, reais (item 29), for the compensation value.", "0");
  p.AddOption("vt-connection", "wye|open-delta",
              "Voltage-transformer connection. 'open-delta' (V) halves the DTT395 limit "
              "(item 48).",
              "wye");
  p.AddFlag("expurgate-momentary",
            "Also expurgate intervals with momentary VTCD (IMT/AMT/EMT) from the steady-state "
            "set (item 87 makes this optional; off by default).");
  p.AddOption("mode", "permanent|sampled|eventual",
              "Measurement mode (item 89). permanent/sampled: every consecutive non-overlapping "
              "set; eventual: the first 168-hour set only.",
              "permanent");
  p.AddOption("point", "ID", "Point identifier printed with the results (item 116 a).");
  AddTimeZoneOption(p);
  p.AddOption("annex8a", "FILE",
              "Annex 8.A bands as CSV (format in host/prodist/data/annex8a.csv). Default: the "
              "table compiled in, a copy of that file.");
}

std::string RulesEpilog() {
  return "Rules applied (PRODIST Module 8 section 8.1):\n"
         "  * A set is 1,008 valid consecutive 10-minute readings (168 h). Missing intervals and\n"
         "    incomplete records are not valid and not counted; an expurgated interval is\n"
         "    replaced by the next one (items 26.3, 82).\n"
         "  * Steady-state set: expurgate intervals with ITT/ATT/ETT or a long interruption\n"
         "    (item 87); IMT/AMT/EMT only with --expurgate-momentary.\n"
         "  * DTT/FD/Pst set: expurgate any VTCD or long interruption (item 86). A record whose\n"
         "    Pst is not flicker_complete is no valid reading of this set at all (item 81: one\n"
         "    set of 1,008 readings for DTT, FD and Pst); it is replaced by the next interval.\n"
         "  * Bands (Annex 8.A): adequate includes both edges, a precarious band its outer edge.\n"
         "    nlp/nlc = largest per-phase count; DRP = nlp/1008 x 100 %, DRC = nlc/1008 x 100 %;\n"
         "    limits 3 % and 0.5 % (item 28).\n"
         "  * X95 = the 958th of the 1,008 values sorted ascending, per phase; the worst phase\n"
         "    is compared with tables 2-4.\n"
         "  * Each set belongs to the civil month in which it ended; monthly DRP/DRC = mean of\n"
         "    the sets that ended in the month (item 26.6). Compensation (item 29) =\n"
         "    [(DRP-3)/100 k1 + (DRC-0.5)/100 k2] x EUSD; it stays due in later months until a\n"
         "    new measurement meets the limits (items 30, 33). Civil months, days and hours are\n"
         "    those of --time-zone (default America/Sao_Paulo); records stay in UTC.\n"
         "  * Fewer than 1,008 valid readings: no set yet, which is no error; pending_readings\n"
         "    counts the valid readings towards the next (or first) set.\n"
         "  * Power factor (items 38-42), from records with currents: per clock hour\n"
         "    EA = imported - exported, ER = inductive - capacitive energy, fp = |EA| /\n"
         "    sqrt(EA^2 + ER^2); within 0.92 inductive .. 1.00 .. 0.92 capacitive, both edges\n"
         "    included (item 41). The limit applies to group A (MT, AT) below 230 kV; elsewhere\n"
         "    the values are reported without a verdict.\n"
         "  * Frequency (items 65-67) from the records' 10 s values: a breach is a run of\n"
         "    consecutive 10 s values beyond a limit for longer than allowed: above 62 Hz > 30 s,\n"
         "    above 63.5 Hz > 10 s, below 58.5 Hz > 10 s, below 57.5 Hz > 5 s, above 66 or below\n"
         "    56.5 Hz at all; outside 59.5-60.5 Hz > 30 s (item 66). A missing value ends a run.\n"
         "    At 50 Hz, EN 50160: any value outside 47-52 Hz; the share in 49.5-50.5 Hz.\n"
         "Exit codes: 0 ok; 1 bad input (file, line or data); 2 bad command line.\n";
}

void AddTimeZoneOption(cli::ArgParser& p) {
  p.AddOption("time-zone", "ZONE",
              "IANA time zone of the point's civil time: the month of each set (items 26.6, "
              "84), the monthly compensation, DIC/FIC/DMIC months (section 8.2), FI per civil "
              "month (item 85) and every time shown. Brazil: America/Sao_Paulo (Brasilia time), "
              "America/Manaus, America/Cuiaba, America/Porto_Velho, America/Boa_Vista, "
              "America/Rio_Branco, America/Noronha; or UTC. Records stay in UTC.",
              kDefaultTimeZone);
}

absl::StatusOr<absl::TimeZone> TimeZoneFromArgs(const cli::ArgParser& p) {
  auto zone = LoadTimeZone(p.Get("time-zone"));
  if (!zone.ok())
    return absl::InvalidArgumentError(absl::StrCat("--time-zone: ", zone.status().message()));
  return zone;
}

absl::StatusOr<PointConfig> PointFromArgs(const cli::ArgParser& p) {
  PointSpec spec;
  spec.id = p.Get("point");
  spec.connection = p.Get("connection");
  if (spec.connection.empty()) {
    return absl::InvalidArgumentError(
        "--connection is required: give the Annex 8.A pair (e.g. 220/127) or the nominal "
        "line-to-line voltage (e.g. 13.8kV)");
  }
  std::string kind = p.Get("voltage-kind");
  if (kind == "line") {
    spec.voltage_kind = VoltageKind::kLine;
  } else if (kind != "phase") {
    return absl::InvalidArgumentError(
        absl::StrCat("--voltage-kind: expected phase or line, got \"", kind, "\""));
  }
  if (p.Has("voltage-class") && !p.Get("voltage-class").empty()) {
    auto c = ParseVoltageClass(p.Get("voltage-class"));
    if (!c.ok()) return c.status();
    spec.voltage_class = *c;
  }
  if (!p.Get("contracted-v").empty()) {
    auto v = p.GetDouble("contracted-v");
    if (!v.ok()) return v.status();
    if (!(*v > 0)) return absl::InvalidArgumentError("--contracted-v: must be > 0 volts");
    spec.contracted_v = *v;
  }
  auto eusd = p.GetDouble("eusd");
  if (!eusd.ok()) return eusd.status();
  if (!(*eusd >= 0)) return absl::InvalidArgumentError("--eusd: must be >= 0 reais");
  spec.eusd_brl = *eusd;
  std::string vt = p.Get("vt-connection");
  if (vt == "open-delta" || vt == "v" || vt == "V") {
    spec.vt_open_delta = true;
  } else if (vt != "wye") {
    return absl::InvalidArgumentError(
        absl::StrCat("--vt-connection: expected wye or open-delta, got \"", vt, "\""));
  }
  spec.expurgate_momentary = p.Flag("expurgate-momentary");
  auto mode = ParseMeasurementMode(p.Get("mode"));
  if (!mode.ok()) return mode.status();
  spec.mode = *mode;
  auto zone = TimeZoneFromArgs(p);
  if (!zone.ok()) return zone.status();
  spec.time_zone = p.Get("time-zone");

  std::vector<BandLimits> table = DefaultAnnex8a();
  if (!p.Get("annex8a").empty()) {
    auto loaded = LoadAnnex8aFile(p.Get("annex8a"));
    if (!loaded.ok()) return loaded.status();
    table = *std::move(loaded);
  }
  return ResolvePoint(spec, table);
}

int ParseAndEvaluate(cli::ArgParser& parser, const std::vector<std::string>& args,
                     std::ostream& out, std::ostream& err, Evaluation& ev, bool& help_shown) {
  help_shown = false;
  absl::Status st = parser.Parse(args);
  if (parser.help_requested()) {
    out << parser.Help();
    help_shown = true;
    return cli::kExitOk;
  }
  if (!st.ok()) {
    err << "error: " << st.message() << " (see --help)\n";
    return cli::kExitUsage;
  }
  auto point = PointFromArgs(parser);
  if (!point.ok()) {
    err << "error: " << point.status().message() << " (see --help)\n";
    // A damaged --annex8a file is bad input; everything else is the command line.
    const std::string annex = parser.Get("annex8a");
    bool file_error = !annex.empty() && absl::StartsWith(point.status().message(), annex);
    return file_error ? cli::kExitBadInput : cli::kExitUsage;
  }
  ev.point = *std::move(point);
  std::string path = *parser.Positional("RECORDS");
  auto records = ReadRecordsJsonl(path);
  if (!records.ok()) {
    err << "error: " << records.status().message() << "\n";
    return cli::kExitBadInput;
  }
  ev.records = *std::move(records);
  ev.result = EvaluateCompliance(ev.records, ev.point);
  if (ev.result.voltage_sets().empty() && ev.result.disturbance_sets().empty()) {
    // A measurement still running: not an error (exit 0). The sets are
    // empty, pending_readings and the notes say how far the first one is;
    // the power factor and frequency need no set.
    err << "note: " << path << ": no complete PRODIST set yet: " << ev.result.pending_readings()
        << " valid steady-state readings (of " << ev.records.size()
        << " 10-minute records) towards the first; a set needs " << kReadingsPerSet
        << " (items 26.2, 81). The results are partial and say so.\n";
  }
  return cli::kExitOk;
}

}  // namespace pqa::prodist
