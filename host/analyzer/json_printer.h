// Protobuf's JSON for pqa's records and events, printed straight from the
// message by reflection: the bytes google::protobuf::util::MessageToJsonString
// writes with json_lines.h's options (proto field names, every field, no
// whitespace), in about a sixth of its time.
//
// Protobuf 3.21's printer serialises the message, resolves a description
// of every type in it again for every message and walks a tree of default
// values: about 0.12 ms for a 2 kS/s record and 0.2 ms for one with 50
// orders (here 18 and 37 us). That is nothing for a 10-minute record, but
// a replay's window records (3,000 in 10 minutes of signal) spent three
// quarters of its time or more there. Here a message is one pass over its
// fields in declaration order (the order protobuf prints them):
//   double   the shortest of "%.15g" and "%.17g" that reads back exactly
//            (protobuf's SimpleDtoa); NaN and infinities as the strings
//            "NaN", "Infinity", "-Infinity";
//   int32    decimal; bool: true / false;
//   string   quoted, escaping as protobuf does (", \, <, >, control
//            characters and DEL);
//   message  an object, omitted when a singular one is not set;
//   repeated an array, [] when empty.
// Anything else (other scalar types, enums, maps, oneofs, Protobuf's
// well-known types, a string with a byte beyond ASCII, whose escaping
// protobuf decides by Unicode category) makes AppendJson() return false:
// the caller then prints the message with protobuf (json_lines.cc).
#ifndef PQA_HOST_ANALYZER_JSON_PRINTER_H_
#define PQA_HOST_ANALYZER_JSON_PRINTER_H_

#include <string>

#include "google/protobuf/message.h"

namespace pqa::analyzer {

// Appends `message` as one JSON object to `out`; false (and `out` as it
// was) when the message holds something this printer leaves to protobuf.
bool AppendJson(const google::protobuf::Message& message, std::string& out);

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_JSON_PRINTER_H_
