#include "host/analyzer/json_printer.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "google/protobuf/descriptor.h"

namespace pqa::analyzer {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Protobuf's SimpleDtoa: 15 significant digits when they read back as the
// same double, else 17 ("%.*g" both: std::to_chars with a precision is
// specified as printf's, and from_chars reads back as strtod does).
void AppendDouble(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    return;
  }
  char buffer[32];
  char* end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 15).ptr;
  double back = 0;
  std::from_chars(buffer, end, back);
  if (back != value) {
    end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 17).ptr;
  }
  out.append(buffer, end);
}

void AppendInt(long long value, std::string& out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// Protobuf's escaping for ASCII; false on any other byte.
bool AppendString(std::string_view s, std::string& out) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return false;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f || c == '<' || c == '>') {
          constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return true;
}

bool AppendObject(const Message& message, std::string& out);

// Element `index` of a repeated field, or the singular field (index < 0).
bool AppendValue(const Message& message, const Reflection& reflection, const FieldDescriptor& field,
                 int index, std::string& out) {
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(repeated ? reflection.GetRepeatedDouble(message, &field, index)
                            : reflection.GetDouble(message, &field),
                   out);
      return true;
    case FieldDescriptor::CPPTYPE_INT32:
      AppendInt(repeated ? reflection.GetRepeatedInt32(message, &field, index)
                         : reflection.GetInt32(message, &field),
                out);
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (repeated ? reflection.GetRepeatedBool(message, &field, index)
                       : reflection.GetBool(message, &field))
                 ? "true"
                 : "false";
      return true;
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() != FieldDescriptor::TYPE_STRING) return false;  // bytes: base64
      std::string scratch;
      const std::string& s =
          repeated ? reflection.GetRepeatedStringReference(message, &field, index, &scratch)
                   : reflection.GetStringReference(message, &field, &scratch);
      return AppendString(s, out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendObject(repeated ? reflection.GetRepeatedMessage(message, &field, index)
                                   : reflection.GetMessage(message, &field),
                          out);
    default:
      return false;
  }
}

bool AppendObject(const Message& message, std::string& out) {
  const Descriptor& descriptor = *message.GetDescriptor();
  // Protobuf's well-known types have JSON forms of their own.
  if (descriptor.file()->package() == "google.protobuf") return false;
  const Reflection& reflection = *message.GetReflection();
  out += '{';
  bool first = true;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor& field = *descriptor.field(i);
    // Oneofs (proto3 optional among them) and maps print otherwise.
    if (field.containing_oneof() != nullptr || field.is_map()) return false;
    const bool repeated = field.is_repeated();
    if (!repeated && field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !reflection.HasField(message, &field)) {
      continue;  // an unset message is left out, not printed empty
    }
    if (!first) out += ',';
    first = false;
    out += '"';
    out += field.name();
    out += "\":";
    if (!repeated) {
      if (!AppendValue(message, reflection, field, -1, out)) return false;
      continue;
    }
    out += '[';
    const int size = reflection.FieldSize(message, &field);
    for (int k = 0; k < size; ++k) {
      if (k > 0) out += ',';
      if (!AppendValue(message, reflection, field, k, out)) return false;
    }
    out += ']';
  }
  out += '}';
  return true;
}

}  // namespace

bool AppendJson(const Message& message, std::string& out) {
  const std::size_t size = out.size();
  if (AppendObject(message, out)) return true;
  out.resize(size);
  return false;
}

}  // namespace pqa::analyzer
