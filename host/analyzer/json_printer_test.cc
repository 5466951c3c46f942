#include "host/analyzer/json_printer.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "host/analyzer/json_lines.h"
#include "pqa/v1/compliance.pb.h"
#include "pqa/v1/event.pb.h"
#include "pqa/v1/ingest.pb.h"
#include "pqa/v1/query.pb.h"
#include "pqa/v1/record.pb.h"

namespace pqa::analyzer {
namespace {

namespace pb = google::protobuf;

// Random contents for every field protobuf's JSON mapping cares about:
// doubles at the edges of "%.15g" and "%.17g", signed zeros, subnormals,
// NaN and infinities; int32 extremes; strings of every ASCII byte; empty
// and filled repeated fields; nested messages set or not.
class Filler {
 public:
  explicit Filler(unsigned seed) : random_(seed) {}

  void Fill(pb::Message& message, int depth) {
    const pb::Descriptor& d = *message.GetDescriptor();
    const pb::Reflection& r = *message.GetReflection();
    for (int i = 0; i < d.field_count(); ++i) {
      const pb::FieldDescriptor& f = *d.field(i);
      if (f.is_repeated()) {
        const int n = Pick(4);
        for (int k = 0; k < n; ++k) Put(message, r, f, depth);
      } else if (Pick(5) > 0) {
        Put(message, r, f, depth);
      }
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  double Double() {
    static const double kEdges[] = {0.0,
                                    -0.0,
                                    0.1,
                                    1.0 / 3,
                                    600,
                                    127.19488095238095,
                                    1e-5,
                                    1e15,
                                    1e16,
                                    1e21,
                                    1e-7,
                                    123456789012345678.0,
                                    5e-324,
                                    2.5e-310,
                                    std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::min(),
                                    std::numeric_limits<double>::quiet_NaN(),
                                    std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity()};
    switch (Pick(4)) {
      case 0:
        return kEdges[Pick(static_cast<int>(std::size(kEdges)))];
      case 1: {  // any bit pattern: every exponent and digit count
        const std::uint64_t bits = std::uniform_int_distribution<std::uint64_t>()(random_);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
      }
      case 2:  // measurement-like values, rounded as records are
        return std::round(std::uniform_real_distribution<double>(-1e4, 1e4)(random_) * 1e4) / 1e4;
      default:
        return std::uniform_real_distribution<double>(-300, 300)(random_);
    }
  }

  std::string String() {
    std::string s;
    const int n = Pick(8);
    for (int k = 0; k < n; ++k) s += static_cast<char>(Pick(4) == 0 ? Pick(128) : 'a' + Pick(26));
    return s;
  }

  // One value into field f: set, or added when f is repeated. Types the
  // printer leaves to protobuf stay at their defaults.
  void Put(pb::Message& m, const pb::Reflection& r, const pb::FieldDescriptor& f, int depth) {
    const bool add = f.is_repeated();
    switch (f.cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        return add ? r.AddDouble(&m, &f, Double()) : r.SetDouble(&m, &f, Double());
      case pb::FieldDescriptor::CPPTYPE_INT32:
        return add ? r.AddInt32(&m, &f, Int32()) : r.SetInt32(&m, &f, Int32());
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        return add ? r.AddBool(&m, &f, Pick(2) == 1) : r.SetBool(&m, &f, Pick(2) == 1);
      case pb::FieldDescriptor::CPPTYPE_STRING:
        return add ? r.AddString(&m, &f, String()) : r.SetString(&m, &f, String());
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 3) Fill(add ? *r.AddMessage(&m, &f) : *r.MutableMessage(&m, &f), depth + 1);
        return;
      default:
        return;
    }
  }

  std::int32_t Int32() {
    static const std::int32_t kEdges[] = {0, -1, 1, std::numeric_limits<std::int32_t>::min(),
                                          std::numeric_limits<std::int32_t>::max()};
    return Pick(2) == 0 ? kEdges[Pick(5)] : std::uniform_int_distribution<std::int32_t>()(random_);
  }

  std::mt19937_64 random_;
};

// Every message type of pqa's protocol: where the printer takes a message,
// it writes protobuf's bytes exactly; where it declines (types it leaves to
// protobuf), it leaves the output as it was.
TEST(JsonPrinterTest, WritesProtobufsBytesForEveryMessageItTakes) {
  const pb::FileDescriptor* files[] = {
      pqa::v1::Record::descriptor()->file(), pqa::v1::VtcdEvent::descriptor()->file(),
      pqa::v1::CompliancePoint::descriptor()->file(), pqa::v1::GetSetsRequest::descriptor()->file(),
      pqa::v1::IngestItem::descriptor()->file()};
  pb::DynamicMessageFactory factory;
  int taken = 0, declined = 0;
  Filler filler(20261206);
  for (const auto* file : files) {
    std::vector<const pb::FileDescriptor*> all = {file};
    for (int i = 0; i < file->dependency_count(); ++i) all.push_back(file->dependency(i));
    for (const auto* f : all) {
      for (int t = 0; t < f->message_type_count(); ++t) {
        const pb::Descriptor* type = f->message_type(t);
        for (int round = 0; round < 200; ++round) {
          std::unique_ptr<pb::Message> m(factory.GetPrototype(type)->New());
          if (round > 0) filler.Fill(*m, 0);
          std::string mine = "kept";
          if (AppendJson(*m, mine)) {
            ++taken;
            ASSERT_EQ(mine, "kept" + ProtobufJsonLine(*m))
                << type->full_name() << " round " << round;
          } else {
            ++declined;
            ASSERT_EQ(mine, "kept") << type->full_name();
          }
        }
      }
    }
  }
  // Records, events and most of the protocol go through the printer.
  EXPECT_GT(taken, 10 * declined) << taken << " taken, " << declined << " declined";
}

TEST(JsonPrinterTest, LeavesWhatItDoesNotWriteToProtobuf) {
  std::string out;
  pqa::v1::Record record;
  record.set_connection("w\xc3\xa9");  // beyond ASCII: protobuf escapes by Unicode category
  EXPECT_FALSE(AppendJson(record, out));
  EXPECT_TRUE(out.empty());
  pb::Struct well_known;  // a JSON form of its own
  (*well_known.mutable_fields())["a"].set_number_value(1);
  EXPECT_FALSE(AppendJson(well_known, out));
  record.set_connection("wye");
  EXPECT_TRUE(AppendJson(record, out));
  EXPECT_EQ(out, ProtobufJsonLine(record));
}

}  // namespace
}  // namespace pqa::analyzer
