#!/usr/bin/env python3
"""The pqa program as a user meets it: help texts, exit codes, the JSON Lines
records and events of a synthesised recording, and clear errors for bad
input. Usage: cli_test.py PATH/TO/pqa"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

PQA = None
RECORD_KEYS = {"start", "duration_s", "complete", "flagged", "vtcd_types", "long_interruption",
               "freq_hz", "fd_pct", "u0_pct", "phases", "flicker_complete", "interval", "windows",
               "max_harmonic_order"}
RECORD_KEYS |= {"time_unsynchronised"}  # live sampled values (pqa analyze, host/sv)
# Issue 17: power and energy totals (0 without currents), frequency variation.
RECORD_KEYS |= {"p_w", "q_var", "s_va", "pf", "ea_imp_wh", "ea_exp_wh", "er_ind_varh",
                "er_cap_varh", "demand", "current_channels", "connection", "in_rms_a",
                "freq_min_hz", "freq_max_hz", "freq_10s_hz"}
PHASE_KEYS = {"phase", "rms_v", "fund_v", "dtt_pct", "dttp_pct", "dtti_pct", "dtt3_pct",
              "dit_pct", "pst", "plt", "plt_sliding", "rms_min_v", "rms_max_v"}
PHASE_KEYS |= {"i_rms_a", "i_fund_a", "thd_i_pct", "dit_i_pct", "p_w", "q_var", "s_va", "pf",
               "dpf"}  # issue 17: currents and power, 0 without currents
EVENT_KEYS = {"type", "start", "duration_ms", "amplitude_pu", "amplitude_pct", "phases", "region",
              "amplitude_row", "duration_col"}


def run(*args, cwd=None):
    return subprocess.run([PQA, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class Help(unittest.TestCase):
    def test_top_level_help_lists_every_command(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for command in ("demo", "replay", "synth", "window", "report", "collective", "serve", "push",
                        "point"):
            self.assertIn("  " + command, r.stdout)

    def test_replay_help_teaches_the_options(self):
        r = run("replay", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for option in ("--format", "--channels", "--nominal-voltage", "--interval", "--records",
                       "--events", "--lamp", "--quiet", "Examples"):
            self.assertIn(option, r.stdout)

    def test_every_command_teaches_itself(self):
        for command in ("demo", "replay", "synth", "window", "report", "collective", "serve",
                        "push", "point"):
            r = run(command, "--help")
            self.assertEqual(r.returncode, 0, command + ": " + r.stderr)
            self.assertIn("pqa " + command, r.stdout)

    def test_xclbin_goes_with_the_xrt_backend(self):
        r = run("replay", "x.cfg", "--xclbin", "k.xclbin")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--backend xrt", r.stderr)

    def test_push_teaches_its_modes_and_refuses_nothing_to_push(self):
        r = run("push", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for word in ("--events", "--follow", "--recording", "--spool", "Examples"):
            self.assertIn(word, r.stdout)
        r = run("push", "--point", "p", "--token-file", "t")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("nothing to push", r.stderr)
        r = run("push", "r.jsonl", "--recording", "x.cfg", "--point", "p", "--token-file", "t")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--recording produces its own", r.stderr)

    def test_version_is_the_builds(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^pqa \d+\.\d+\.\d+")  # project version (and git commit)

    def test_unknown_command_is_a_usage_error(self):
        r = run("replya")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown command 'replya'", r.stderr)

    def test_no_command_is_a_usage_error(self):
        self.assertEqual(run().returncode, 2)


class ReplayOutput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        d = cls.dir.name
        # 70 s from 00:09:30: one 10-minute tick inside, a 300 ms sag on A.
        r = run("synth", os.path.join(d, "x.cfg"), "--duration", "70s", "--rate", "3840",
                "--start", "2025-03-03T00:09:30Z", "--harmonics", "5:4",
                "--variations", "40:0.3:0.5:A", "--quiet")
        assert r.returncode == 0, r.stderr
        cls.replay = run("replay", os.path.join(d, "x.cfg"), "--interval", "10min,150cycle",
                         "--records", os.path.join(d, "r.jsonl"), "--events",
                         os.path.join(d, "e.jsonl"), "--phase-events", os.path.join(d, "p.jsonl"))
        cls.records = lines(os.path.join(d, "r.jsonl"))
        cls.events = lines(os.path.join(d, "e.jsonl"))
        cls.phase_events = lines(os.path.join(d, "p.jsonl"))

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_replay_succeeds_and_reports_its_speed(self):
        self.assertEqual(self.replay.returncode, 0, self.replay.stderr)
        self.assertIn("real time", self.replay.stderr)
        self.assertEqual(self.replay.stdout, "")  # records went to the file

    def test_replays_are_reproducible_bit_for_bit_on_one_or_two_cores(self):
        d = self.dir.name
        outputs = []
        for threads in ("1", "2", "1"):
            out = os.path.join(d, "again-%d.jsonl" % len(outputs))
            r = run("replay", os.path.join(d, "x.cfg"), "--interval", "10min,150cycle",
                    "--threads", threads, "--records", out, "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out) as f:
                outputs.append(f.read())
        with open(os.path.join(d, "r.jsonl")) as f:
            outputs.append(f.read())
        self.assertEqual(len(set(outputs)), 1)

    def test_binary_int16_replays_are_the_same_on_one_or_two_cores(self):
        # BINARY (int16) recordings hand the engine's core their codes
        # (io::SampleCodes), not their scaled samples.
        d = self.dir.name
        cfg = os.path.join(d, "int16.cfg")
        r = run("synth", cfg, "--duration", "70s", "--rate", "7680", "--format", "binary",
                "--start", "2025-03-03T00:09:30Z", "--harmonics", "5:4,7:3",
                "--currents", "--variations", "40:0.3:0.5:A", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        outputs = set()
        for threads in ("1", "2", "1", "2"):
            records = os.path.join(d, "int16-%s.jsonl" % threads)
            events = os.path.join(d, "int16-%s-events.jsonl" % threads)
            r = run("replay", cfg, "--interval", "10min,150cycle", "--threads", threads,
                    "--records", records, "--events", events, "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(records) as f, open(events) as g:
                outputs.add((f.read(), g.read()))
        self.assertEqual(len(outputs), 1)
        ((records, events),) = outputs
        self.assertGreater(records.count("\n"), 20)
        self.assertTrue('"p_w":' in records, "no power in the records")
        self.assertGreater(events.count("\n"), 0)

    def test_the_systemc_model_gives_the_kernels_records_and_the_rtl_events(self):
        d = self.dir.name
        out = {}
        for name, args in (("sim", ("--backend", "sim")),
                           ("hls", ("--backend", "hls", "--events-from", "frontend"))):
            r = run("replay", os.path.join(d, "x.cfg"), "--interval", "10min,150cycle", *args,
                    "--records", os.path.join(d, name + ".jsonl"),
                    "--events", os.path.join(d, name + "-events.jsonl"))
            if name == "sim" and "not built into this program" in r.stderr:
                self.skipTest("built without Verilator/SystemC")
            self.assertEqual(r.returncode, 0, r.stderr)
            out[name] = (r.stderr, open(os.path.join(d, name + ".jsonl")).read(),
                         open(os.path.join(d, name + "-events.jsonl")).read())
        self.assertIn("SystemC system model", out["sim"][0])
        self.assertIn("three-phase points at 3840 S/s", out["sim"][0])
        self.assertNotIn("SystemC", out["hls"][0])
        self.assertEqual(out["sim"][1], out["hls"][1])  # records, byte for byte
        self.assertEqual(out["sim"][2], out["hls"][2])  # events
        self.assertEqual(len(lines(os.path.join(d, "sim-events.jsonl"))), 1)

    def test_records_print_every_field_with_proto_names(self):
        self.assertTrue(self.records)
        for rec in self.records:
            self.assertEqual(set(rec) - {"frequency_bands"}, RECORD_KEYS)
            # Items 65-67 bands from 10 s values: 150-cycle records are shorter.
            self.assertEqual("frequency_bands" in rec, rec["interval"] == "10min")
            # 3840 S/s (64 per cycle): the resampler passes orders up to 25.
            self.assertEqual(rec["max_harmonic_order"], 25)
            self.assertEqual(len(rec["phases"]), 3)
            for phase in rec["phases"]:
                self.assertEqual(set(phase), PHASE_KEYS)
                self.assertEqual(len(phase["dit_pct"]), 24)  # orders 2..25
                self.assertAlmostEqual(phase["dit_pct"][3], 4.0, delta=0.2)  # order 5

    def test_ten_minute_records_sit_on_the_clock(self):
        ten = [r for r in self.records if r["interval"] == "10min"]
        self.assertEqual([r["start"] for r in ten],
                         ["2025-03-03T00:00:00Z", "2025-03-03T00:10:00Z"])
        self.assertTrue(all(r["duration_s"] == 600 for r in ten))
        self.assertTrue(ten[1]["flagged"])  # the sag at 00:10:10
        self.assertEqual(ten[1]["vtcd_types"], ["AMT"])
        self.assertIs(ten[0]["flagged"], False)  # printed, not omitted

    def test_events_carry_the_documented_fields(self):
        self.assertEqual(len(self.events), 1)
        e = self.events[0]
        self.assertTrue(EVENT_KEYS <= set(e))
        self.assertEqual(e["type"], "AMT")
        self.assertEqual(e["phases"], ["A"])
        # RFC 3339 with milliseconds, within one cycle of the put-in 00:10:10.
        self.assertRegex(e["start"], r"^2025-03-03T00:10:(09|10)\.\d{3}Z$")
        seconds = float(e["start"][17:-1])
        self.assertAlmostEqual(seconds, 10.0, delta=1 / 60)
        self.assertAlmostEqual(e["amplitude_pu"], 0.5, delta=0.002)
        self.assertAlmostEqual(e["duration_ms"], 300, delta=1000 / 60)
        self.assertIn(e["amplitude_row"], ("0.40-0.50", "0.50-0.60"))
        self.assertTrue(e["duration_col"])
        self.assertEqual(len(self.phase_events), 1)
        self.assertEqual(self.phase_events[0]["phase"], "A")

    def test_event_curves_hold_the_half_cycle_values_around_the_sag(self):
        # Issue 18: Urms(1/2) of each phase from 200 ms before the event to
        # 300 ms after it; 0.5 pu inside the sag on A (class A: 0.2 %).
        d = self.dir.name
        curves_path = os.path.join(d, "curves.jsonl")
        r = run("replay", os.path.join(d, "x.cfg"), "--records", os.devnull, "--event-curves",
                curves_path, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        curves = lines(curves_path)
        self.assertEqual(len(curves), 1)
        c = curves[0]
        self.assertEqual((c["type"], c["event_start"]), (self.events[0]["type"],
                                                         self.events[0]["start"]))
        self.assertEqual([p["phase"] for p in c["phases"]], ["A", "B", "C"])
        a = c["phases"][0]
        self.assertAlmostEqual(a["t_ms"][0], -200, delta=9)
        self.assertAlmostEqual(a["t_ms"][-1], c["duration_ms"] + 300, delta=9)
        inside = [v for t, v in zip(a["t_ms"], a["urms_v"]) if 20 < t < c["duration_ms"] - 20]
        self.assertGreater(len(inside), 20)
        for v in inside:
            self.assertAlmostEqual(v / c["reference_v"], 0.5, delta=0.002 * 1.02)


class RegionMap(unittest.TestCase):
    def test_a_replacement_table_7_changes_the_region(self):
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "host",
                              "vtcd", "data", "regions.csv")
        with tempfile.TemporaryDirectory() as d, open(source) as f:
            rows = []
            for line in f:
                if line.startswith("#") or line.startswith("amplitude") or not line.strip():
                    rows.append(line)
                    continue
                cells = line.rstrip("\n").split(",")
                rows.append(",".join(cells[:1] + ["I"] * (len(cells) - 1)) + "\n")
            with open(os.path.join(d, "all-i.csv"), "w") as out:
                out.writelines(rows)
            r = run("synth", os.path.join(d, "s.cfg"), "--duration", "20s", "--rate", "3840",
                    "--variations", "5:0.2:0.5:A", "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = run("replay", os.path.join(d, "s.cfg"), "--records", os.devnull, "--events", "-",
                    "--regions", os.path.join(d, "all-i.csv"), "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["region"], "I")


class BadInput(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name
        r = run("synth", os.path.join(self.d, "y.cfg"), "--duration", "5s", "--rate", "3840",
                "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.dir.cleanup()

    def test_truncated_data_names_the_file_and_loses_no_output(self):
        dat = os.path.join(self.d, "y.dat")
        os.truncate(dat, os.path.getsize(dat) - 7)
        out = os.path.join(self.d, "r.jsonl")
        r = run("replay", os.path.join(self.d, "y.cfg"), "--records", out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("y.dat", r.stderr)
        self.assertIn("truncated", r.stderr)

    def test_missing_file_says_which(self):
        r = run("replay", os.path.join(self.d, "nope.cfg"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope.cfg", r.stderr)

    def test_nan_in_csv_names_the_line(self):
        path = os.path.join(self.d, "bad.csv")
        with open(path, "w") as f:
            f.write("# sample_rate_hz=3840\nVA[V],VB[V],VC[V]\n1,2,3\n4,nan,6\n")
        r = run("replay", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad.csv:4", r.stderr)

    def test_wrong_options_are_usage_errors_that_point_to_help(self):
        for args in (["--nominal-frequency", "55"], ["--channels", "VA,VB,VC,IA"],
                     ["--interval", "5min"], ["--lamp", "100"], ["--format", "xml"],
                     ["--backend", "fpga"], ["--threads", "3"]):
            r = run("replay", os.path.join(self.d, "y.cfg"), *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn("--help", r.stderr, args)

    def test_unknown_channel_lists_the_available_ones(self):
        r = run("replay", os.path.join(self.d, "y.cfg"), "--channels", "UL1,UL2,UL3")
        self.assertEqual(r.returncode, 1)
        self.assertIn("VA", r.stderr)


class Demo(unittest.TestCase):
    def test_an_hour_of_demo_gives_records_and_says_a_set_needs_a_week(self):
        with tempfile.TemporaryDirectory() as d:
            r = run("demo", "--hours", "1", "--out", d, "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("first 10-minute records", r.stdout)
            self.assertIn("a set needs a week", r.stdout)  # one hour is no PRODIST set
            # Still a report of what was measured, saying it is partial (issue 18).
            self.assertIn("report.html (partial", r.stdout)
            with open(os.path.join(d, "report.html"), encoding="utf-8") as f:
                self.assertIn("1.008", f.read())  # pt-BR: how many valid readings a set needs
            records = lines(os.path.join(d, "records.jsonl"))
            self.assertEqual(len(records), 7)  # 23:50 .. 00:50
            self.assertEqual(records[1]["start"], "2025-03-03T00:00:00Z")
            self.assertTrue(records[1]["complete"] and records[1]["flicker_complete"])
            # Issue 17: no set is no error; indicators.json counts the valid
            # readings (complete, no VTCD) towards the first set.
            valid = sum(1 for x in records if x.get("complete") and not x.get("vtcd_types"))
            with open(os.path.join(d, "indicators.json"), encoding="utf-8") as f:
                window = json.load(f)
            self.assertEqual(window["voltage_sets"], [])
            self.assertEqual(window["pending_readings"], valid)
            self.assertIn(f"no set yet: {valid} valid readings", r.stdout)


if __name__ == "__main__":
    PQA = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
