#include "host/cli/args.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pqa::cli {

ArgParser::ArgParser(std::string usage, std::string description)
    : usage_(std::move(usage)), description_(std::move(description)) {}

void ArgParser::AddOption(const std::string& name, const std::string& value_name,
                          const std::string& help, const std::string& default_value) {
  option_order_.push_back(name);
  options_[name] = Option{value_name.empty() ? "VALUE" : value_name, help, default_value};
}

void ArgParser::AddFlag(const std::string& name, const std::string& help) {
  option_order_.push_back(name);
  options_[name] = Option{"", help, ""};
}

void ArgParser::AddPositional(const std::string& name, const std::string& help, bool required) {
  positional_specs_.push_back(PositionalSpec{name, help, required});
}

void ArgParser::AddEpilog(const std::string& text) { epilog_ += text; }

absl::Status ArgParser::Parse(const std::vector<std::string>& args) {
  std::size_t next_positional = 0;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!options_done && (arg == "--help" || arg == "-h")) {
      help_requested_ = true;
      continue;
    }
    if (!options_done && arg == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      auto it = options_.find(name);
      if (it == options_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown option --", name, " (see --help for the options)"));
      }
      if (it->second.value_name.empty()) {
        if (inline_value) {
          return absl::InvalidArgumentError(absl::StrCat("option --", name, " takes no value"));
        }
        values_[name] = "true";
        continue;
      }
      if (inline_value) {
        values_[name] = *inline_value;
      } else if (i + 1 < args.size()) {
        values_[name] = args[++i];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("option --", name, " needs a value (", it->second.value_name, ")"));
      }
      all_values_[name].push_back(values_[name]);
      continue;
    }
    if (next_positional < positional_specs_.size()) {
      positionals_[positional_specs_[next_positional++].name] = arg;
    } else {
      extra_.push_back(arg);
    }
  }
  if (help_requested_) return absl::OkStatus();
  for (std::size_t p = next_positional; p < positional_specs_.size(); ++p) {
    if (positional_specs_[p].required) {
      return absl::InvalidArgumentError(
          absl::StrCat("missing ", positional_specs_[p].name, " (usage: ", usage_, ")"));
    }
  }
  if (!extra_.empty() && positional_specs_.size() == next_positional &&
      !positional_specs_.empty() &&
      positional_specs_.back().name.find("...") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", extra_.front(), "' (usage: ", usage_, ")"));
  }
  return absl::OkStatus();
}

std::string ArgParser::Help() const {
  std::string out = absl::StrCat("Usage: ", usage_, "\n\n", description_, "\n");
  if (!positional_specs_.empty()) {
    out += "\nArguments:\n";
    for (const auto& p : positional_specs_) {
      out += absl::StrCat("  ", p.name, "\n      ", p.help, p.required ? "" : " (optional)", "\n");
    }
  }
  out += "\nOptions:\n";
  for (const auto& name : option_order_) {
    const Option& o = options_.at(name);
    out += absl::StrCat("  --", name, o.value_name.empty() ? "" : absl::StrCat(" ", o.value_name),
                        "\n      ", o.help);
    if (!o.default_value.empty()) out += absl::StrCat(" [default: ", o.default_value, "]");
    out += "\n";
  }
  out += "  --help\n      Show this text and exit.\n";
  if (!epilog_.empty()) out += absl::StrCat("\n", epilog_, "\n");
  return out;
}

bool ArgParser::Has(const std::string& name) const {
  if (values_.count(name)) return true;
  auto it = options_.find(name);
  return it != options_.end() && !it->second.default_value.empty();
}

std::string ArgParser::Get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (auto it = options_.find(name); it != options_.end()) return it->second.default_value;
  return "";
}

bool ArgParser::Flag(const std::string& name) const { return values_.count(name) > 0; }

std::vector<std::string> ArgParser::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  auto it = all_values_.find(name);
  if (it == all_values_.end()) return out;
  for (const std::string& value : it->second) {
    for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      out.emplace_back(part);
    }
  }
  return out;
}

std::optional<std::string> ArgParser::Positional(const std::string& name) const {
  if (auto it = positionals_.find(name); it != positionals_.end()) return it->second;
  return std::nullopt;
}

absl::StatusOr<double> ArgParser::GetDouble(const std::string& name) const {
  const std::string text = Get(name);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || v != v) {
    return absl::InvalidArgumentError(
        absl::StrCat("option --", name, ": '", text, "' is not a number"));
  }
  return v;
}

absl::StatusOr<long long> ArgParser::GetInt(const std::string& name) const {
  const std::string text = Get(name);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) {
    return absl::InvalidArgumentError(
        absl::StrCat("option --", name, ": '", text, "' is not a whole number"));
  }
  return v;
}

std::vector<std::string> ArgParser::GetList(const std::string& name) const {
  const std::string text = Get(name);
  if (text.empty()) return {};
  return absl::StrSplit(text, ',', absl::SkipEmpty());
}

std::optional<int> ParseOrExit(ArgParser& parser, const std::vector<std::string>& args,
                               const std::string& command, std::ostream& out, std::ostream& err) {
  if (absl::Status st = parser.Parse(args); !st.ok()) {
    err << command << ": " << st.message() << "\n(see " << command << " --help)\n";
    return 2;  // kExitUsage (host/cli/command.h)
  }
  if (parser.help_requested()) {
    out << parser.Help();
    return 0;  // kExitOk
  }
  return std::nullopt;
}

}  // namespace pqa::cli
