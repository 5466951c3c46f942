// Issue 17: current channels, the neutral, and delta / V voltage inputs,
// chosen automatically from what recordings write, or named by the user.
#include "host/io/channel_selection.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/io/channel_labels.h"

namespace pqa::io {
namespace {

using ::testing::HasSubstr;

StreamInfo Info(std::vector<ChannelInfo> channels) {
  StreamInfo info;
  info.source_name = "rec.cfg";
  info.channels = std::move(channels);
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    info.channels[i].number = static_cast<int>(i) + 1;
  }
  return info;
}

ChannelInfo V(const char* id, const char* ph = "") { return {id, ph, Quantity::kVoltage, "V"}; }
ChannelInfo I(const char* id, const char* ph = "") { return {id, ph, Quantity::kCurrent, "A"}; }

TEST(ChannelLabels, CurrentSpellingsAndLineToLinePairs) {
  for (const char* id : {"IA", "Ia", "I1", "IL1", "IA-1", "IR", "F1-IA", "IA(kA)"}) {
    const ChannelName n = ParseChannelName(id);
    EXPECT_EQ(n.quantity, Quantity::kCurrent) << id;
    EXPECT_EQ(n.phase, "A") << id;
  }
  for (const char* id : {"IN", "I0", "Ineutral", "IN-1"}) {
    EXPECT_EQ(ParseChannelName(id).phase, "N") << id;
    EXPECT_EQ(ParseChannelName(id).quantity, Quantity::kCurrent) << id;
  }
  EXPECT_EQ(ParseChannelName("VAB").line_pair, "AB");
  EXPECT_EQ(ParseChannelName("UL12").line_pair, "AB");
  EXPECT_EQ(ParseChannelName("V12").line_pair, "AB");
  EXPECT_EQ(ParseChannelName("Vcb").line_pair, "CB");
  EXPECT_EQ(ParseChannelName("UL31").line_pair, "CA");
  EXPECT_EQ(LineToLinePhases("AB"), "AB");
  EXPECT_EQ(LineToLinePhases("L1-L2"), "AB");
  EXPECT_EQ(LineToLinePhases("c-b"), "CB");
  EXPECT_EQ(LineToLinePhases("A"), "");
}

TEST(SelectChannels, WyeWithFourCurrents) {
  auto map = SelectChannels(Info({V("VA"), V("VB"), V("VC"), I("IA"), I("IB"), I("IC"), I("IN")}),
                            ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->connection, Connection::kWye);
  EXPECT_EQ(map->voltage, (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(map->current, (std::array<int, 3>{3, 4, 5}));
  EXPECT_EQ(map->neutral_current, 6);
  EXPECT_EQ(map->current_channels(), 4);
  EXPECT_EQ(map->description, "voltages 1 VA, 2 VB, 3 VC; currents 4 IA, 5 IB, 6 IC, neutral 7 IN");
  EXPECT_EQ(UsedChannels(*map), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(SelectChannels, PhaseFieldsDecideAndCircuitsSeparateFeeders) {
  // Two feeders with the same ids, told apart by COMTRADE ccbm; the phase
  // field (ph) gives the phase of ids that do not.
  StreamInfo info = Info({V("U1", "A"), V("U2", "B"), V("U3", "C"), I("CT1", "A"), I("CT2", "B"),
                          I("CT3", "C"), I("CT1", "A"), I("CT2", "B"), I("CT3", "C")});
  for (int i = 3; i < 6; ++i) info.channels[i].circuit = "Feeder 1";
  for (int i = 6; i < 9; ++i) info.channels[i].circuit = "Feeder 2";
  auto map = SelectChannels(info, ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->current, (std::array<int, 3>{3, 4, 5}));
  // The second feeder by number.
  auto second = SelectChannels(info, ChannelRequest{{}, {}, {"7", "8", "9"}});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->current, (std::array<int, 3>{6, 7, 8}));
}

TEST(SelectChannels, FirstOfSeveralCurrentSetsIsSaid) {
  auto map = SelectChannels(Info({V("VA"), V("VB"), V("VC"), I("IA-1"), I("IB-1"), I("IC-1"),
                                  I("IA-2"), I("IB-2"), I("IC-2")}),
                            ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->current, (std::array<int, 3>{3, 4, 5}));
  EXPECT_THAT(map->description,
              HasSubstr("currents 4 IA-1, 5 IB-1, 6 IC-1; first of 2 three-phase current sets"));
}

TEST(SelectChannels, DeltaFromThreeLineToLineVoltages) {
  auto map = SelectChannels(Info({V("VAB"), V("VBC"), V("VCA"), I("IA"), I("IB"), I("IC")}),
                            ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->connection, Connection::kDelta);
  EXPECT_EQ(map->voltage, (std::array<int, 3>{0, 1, 2}));
  EXPECT_TRUE(map->inverted.empty());
  EXPECT_THAT(map->description, HasSubstr("delta voltages"));
  // Recorded the other way round and in another order: slots by pair, VBA inverted.
  auto other = SelectChannels(Info({V("UL31"), V("UL21"), V("UL23")}), ChannelRequest{});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->voltage, (std::array<int, 3>{1, 2, 0}));
  EXPECT_EQ(other->inverted, (std::vector<int>{1}));
  EXPECT_THAT(other->description, HasSubstr("(UL21 inverted)"));
  // Pairs from the COMTRADE phase field.
  auto by_ph =
      SelectChannels(Info({V("U1", "AB"), V("U2", "BC"), V("U3", "CA")}), ChannelRequest{});
  ASSERT_TRUE(by_ph.ok()) << by_ph.status();
  EXPECT_EQ(by_ph->connection, Connection::kDelta);
}

TEST(SelectChannels, VConnectionTakesVabAndVcbWithTheSignOfVbc) {
  auto map = SelectChannels(Info({V("VAB"), V("VCB"), I("IA"), I("IC")}), ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->connection, Connection::kV);
  EXPECT_EQ(map->voltage, (std::array<int, 3>{0, -1, 1}));
  EXPECT_TRUE(map->inverted.empty());
  EXPECT_EQ(map->current, (std::array<int, 3>{2, 4, 3}));  // a V meter's two CTs, IB derived
  EXPECT_EQ(map->current_channels(), 3);
  // VBC recorded: VCB = -VBC.
  auto vbc = SelectChannels(Info({V("VAB"), V("VBC")}), ChannelRequest{});
  ASSERT_TRUE(vbc.ok()) << vbc.status();
  EXPECT_EQ(vbc->voltage, (std::array<int, 3>{0, -1, 1}));
  EXPECT_EQ(vbc->inverted, (std::vector<int>{1}));
  // Named explicitly, with the override.
  ChannelRequest named;
  named.connection = Connection::kV;
  named.voltages = {"VAB", "VBC"};
  auto explicit_v = SelectChannels(Info({V("VAB"), V("VBC"), V("VCA")}), named);
  ASSERT_TRUE(explicit_v.ok()) << explicit_v.status();
  EXPECT_EQ(explicit_v->voltage, (std::array<int, 3>{0, -1, 1}));
  EXPECT_EQ(explicit_v->inverted, (std::vector<int>{1}));
  // --connection v on a delta recording: VAB and VBC, VCA left out and said so.
  ChannelRequest v_only;
  v_only.connection = Connection::kV;
  auto from_delta = SelectChannels(Info({V("VAB"), V("VBC"), V("VCA")}), v_only);
  ASSERT_TRUE(from_delta.ok()) << from_delta.status();
  EXPECT_THAT(from_delta->description, HasSubstr("3 VCA not used"));
}

TEST(SelectChannels, CurrentsOnlyRecordings) {
  auto map = SelectChannels(Info({I("IA"), I("IB"), I("IC")}), ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_FALSE(map->has_voltages());
  EXPECT_EQ(map->current, (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(map->description, "no voltages (current quantities only); currents 1 IA, 2 IB, 3 IC");
  // --channels none on a recording with voltages.
  auto none = SelectChannels(Info({V("VA"), V("VB"), V("VC"), I("IA"), I("IB"), I("IC")}),
                             ChannelRequest{{}, {"none"}, {}});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_voltages());
  EXPECT_EQ(none->current_channels(), 3);
  // Voltages without currents stay valid; --currents none drops them.
  auto no_currents = SelectChannels(Info({V("VA"), V("VB"), V("VC"), I("IA"), I("IB"), I("IC")}),
                                    ChannelRequest{{}, {}, {"none"}});
  ASSERT_TRUE(no_currents.ok());
  EXPECT_EQ(no_currents->current_channels(), 0);
}

TEST(SelectChannels, ExplicitCurrentsByNameNumberAndGap) {
  const StreamInfo info =
      Info({V("VA"), V("VB"), V("VC"), I("I_L1"), I("I_L3"), I("CT7"), I("IN")});
  ChannelRequest r;
  r.currents = {"i_l1", "-", "5", "IN"};
  auto map = SelectChannels(info, r);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->current, (std::array<int, 3>{3, -1, 4}));
  EXPECT_EQ(map->neutral_current, 6);
  EXPECT_THAT(map->description, HasSubstr("currents 4 I_L1, -, 5 I_L3, neutral 7 IN"));
  // The six-entry --channels of before: voltages, then currents.
  auto six = SelectChannels(info, std::vector<std::string>{"VA", "VB", "VC", "I_L1", "6", "5"});
  ASSERT_TRUE(six.ok()) << six.status();
  EXPECT_EQ(six->voltage, (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(six->current, (std::array<int, 3>{3, 5, 4}));
  EXPECT_EQ(six->neutral_current, -1);
}

TEST(SelectChannels, InconsistentSelectionsNameTheChannel) {
  const StreamInfo info = Info({V("VA"), V("VB"), V("VC"), V("VAB"), V("VBC"), V("VCA"), I("IA"),
                                I("IA2", "A"), I("IB"), I("IC")});
  auto message = [&](ChannelRequest r) {
    return std::string(SelectChannels(info, r).status().message());
  };
  EXPECT_THAT(message({{}, {}, {"IA", "IA2", "IC"}}),
              HasSubstr("channel 'IA' and channel 'IA2' are both phase A (given as IA and IB)"));
  EXPECT_THAT(message({{}, {}, {"IA", "IA", "IC"}}), HasSubstr("both the same channel"));
  EXPECT_THAT(message({Connection::kV, {"VAB", "VBC", "VCA"}, {}}),
              HasSubstr("the V connection (PRODIST Module 5 item 50.4.1) takes two line-to-line "
                        "voltages, VAB and VCB (phase B common), not three"));
  EXPECT_THAT(message({Connection::kWye, {"VAB", "VBC", "VCA"}, {}}),
              HasSubstr("channel 'VAB' is line to line (VAB), but a wye input takes "
                        "line-to-neutral voltages"));
  EXPECT_THAT(message({Connection::kDelta, {"VA", "VB", "VC"}, {}}),
              HasSubstr("channel 'VA' is a line-to-neutral voltage (phase A), but a delta input"));
  EXPECT_THAT(message({Connection::kDelta, {"VBC", "VAB", "VCA"}, {}}),
              HasSubstr("channel 'VBC' is VBC, given where VAB goes"));
  EXPECT_THAT(message({{}, {"VA", "VB", "VC"}, {"IA", "IB", "VC"}}),
              HasSubstr("channel 'VC' has unit V, but --currents takes currents"));
  EXPECT_THAT(message({{}, {"VA", "VB", "IA"}, {}}),
              HasSubstr("channel 'IA' has unit A, but --channels takes voltages"));
  EXPECT_THAT(message({{}, {}, {"IA", "IB"}}), HasSubstr("expected IA,IB,IC or IA,IB,IC,IN"));
  // By number the user overrides what the id says.
  auto by_number = SelectChannels(info, ChannelRequest{Connection::kDelta, {"1", "2", "3"}, {}});
  EXPECT_TRUE(by_number.ok()) << by_number.status();
  // A recording with only line-to-line voltages refuses --connection wye.
  EXPECT_THAT(std::string(SelectChannels(Info({V("VAB"), V("VBC"), V("VCA")}),
                                         ChannelRequest{Connection::kWye, {}, {}})
                              .status()
                              .message()),
              HasSubstr("no complete three-phase voltage set"));
}

TEST(SelectChannels, ParsesConnectionNames) {
  EXPECT_EQ(*ParseConnection("Delta"), Connection::kDelta);
  EXPECT_EQ(*ParseConnection("v"), Connection::kV);
  EXPECT_EQ(*ParseConnection("star"), Connection::kWye);
  EXPECT_THAT(std::string(ParseConnection("open-delta").status().message()),
              HasSubstr("expected wye"));
}

TEST(AdjustBlock, InvertsAndDerivesTheThirdCurrentOfThreeWires) {
  ChannelMap map;
  map.inverted = {1};
  SampleBlock b;
  b.channels = 2;
  b.frames = 2;
  b.samples = {1, 2, 3, 4};
  AdjustBlock(map, b);
  EXPECT_EQ(b.samples, (std::vector<double>{1, -2, 3, -4}));
  // A V meter's VAB, VCB, IA, IC: IB = -(IA + IC), appended as channel 4.
  auto v = SelectChannels(Info({V("VAB"), V("VCB"), I("IA"), I("IC")}), ChannelRequest{});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->derived_current, 1);
  EXPECT_EQ(v->current, (std::array<int, 3>{2, 4, 3}));
  EXPECT_EQ(v->current_channels(), 3);
  EXPECT_THAT(v->description, HasSubstr("IB = -(IA + IC) (three wires)"));
  EXPECT_EQ(UsedChannels(*v), (std::vector<std::size_t>{0, 1, 2, 3}));
  SampleBlock frame;
  frame.channels = 4;
  frame.frames = 1;
  frame.samples = {100, -50, 7, 3};
  AdjustBlock(*v, frame);
  EXPECT_EQ(frame.channels, 5u);
  EXPECT_EQ(frame.samples, (std::vector<double>{100, -50, 7, 3, -10}));
}

// The reader's codes (SampleCodes) give the samples as read; a block whose
// samples AdjustBlock changed no longer has them, one it leaves alone keeps
// them.
TEST(AdjustBlock, DropsTheCodesOfTheSamplesItChanges) {
  auto coded = [] {
    SampleBlock b;
    b.channels = 2;
    b.frames = 2;
    b.samples = {1, 2, 3, 4};
    b.codes.values = {1, 2, 3, 4};
    b.codes.first = 0;
    b.codes.a = {1, 1};
    b.codes.b = {0, 0};
    b.codes.factor = {1, 1};
    return b;
  };
  SampleBlock untouched = coded();
  AdjustBlock(ChannelMap(), untouched);
  EXPECT_TRUE(untouched.codes.Cover(2, 2));
  ChannelMap inverting;
  inverting.inverted = {1};
  SampleBlock inverted = coded();
  AdjustBlock(inverting, inverted);
  EXPECT_EQ(inverted.samples, (std::vector<double>{1, -2, 3, -4}));
  EXPECT_FALSE(inverted.codes.Cover(2, 2));
  EXPECT_TRUE(inverted.codes.a.empty());
  ChannelMap deriving;
  deriving.current = {0, 1, 2};  // IC = -(IA + IB), appended
  deriving.derived_current = 2;
  SampleBlock derived = coded();
  AdjustBlock(deriving, derived);
  EXPECT_EQ(derived.channels, 3u);
  EXPECT_TRUE(derived.codes.a.empty());
}

TEST(SelectChannels, AWyeCurrentNeedsItsPhaseVoltage) {
  EXPECT_THAT(std::string(SelectChannels(Info({V("VA"), V("VC"), I("IA"), I("IB"), I("IC")}),
                                         ChannelRequest{{}, {"VA", "-", "VC"}, {}})
                              .status()
                              .message()),
              HasSubstr("channel 'IB' is the current of phase B, which has no voltage channel"));
}

}  // namespace
}  // namespace pqa::io
