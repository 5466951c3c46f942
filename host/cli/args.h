// A small option parser for pqa's subcommands: GNU-style `--name VALUE`,
// `--name=VALUE` and `--flag`, positional arguments, and a --help text that
// lists every option with its meaning and default. Errors name the option.
#ifndef PQA_HOST_CLI_ARGS_H_
#define PQA_HOST_CLI_ARGS_H_

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace pqa::cli {

class ArgParser {
 public:
  // `usage` is the synopsis line ("pqa replay INPUT [options]"); `description`
  // one or more paragraphs explaining what the command does.
  ArgParser(std::string usage, std::string description);

  // An option taking a value (`--records FILE`). `value_name` appears in the
  // help ("FILE"); an empty default means "not set".
  void AddOption(const std::string& name, const std::string& value_name, const std::string& help,
                 const std::string& default_value = "");
  // A boolean option (`--quiet`).
  void AddFlag(const std::string& name, const std::string& help);
  // A positional argument, in order.
  void AddPositional(const std::string& name, const std::string& help, bool required = true);
  // Free text appended to the help (examples, exit codes).
  void AddEpilog(const std::string& text);

  // Parses `args` (without the program and subcommand names). `--help`/`-h`
  // makes help_requested() true and skips the required-argument checks.
  absl::Status Parse(const std::vector<std::string>& args);

  bool help_requested() const { return help_requested_; }
  std::string Help() const;

  bool Has(const std::string& name) const;         // given on the command line, or has a default
  std::string Get(const std::string& name) const;  // value or default ("" if neither)
  bool Flag(const std::string& name) const;
  // Given on the command line (a default does not count).
  bool Given(const std::string& name) const { return values_.count(name) > 0; }
  // Every value of a repeatable option, in order, each split at commas
  // (`--analyzer a --analyzer b,c` gives a, b, c); empty when not given.
  std::vector<std::string> GetAll(const std::string& name) const;
  std::optional<std::string> Positional(const std::string& name) const;
  const std::vector<std::string>& extra_positionals() const { return extra_; }

  // Typed access; the error names the option and the text given.
  absl::StatusOr<double> GetDouble(const std::string& name) const;
  absl::StatusOr<long long> GetInt(const std::string& name) const;
  // Comma-separated list ("VA,VB,VC"); empty when not set.
  std::vector<std::string> GetList(const std::string& name) const;

 private:
  struct Option {
    std::string value_name;  // empty for flags
    std::string help;
    std::string default_value;
  };
  struct PositionalSpec {
    std::string name;
    std::string help;
    bool required;
  };
  std::string usage_;
  std::string description_;
  std::string epilog_;
  std::vector<std::string> option_order_;
  std::map<std::string, Option> options_;
  std::vector<PositionalSpec> positional_specs_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> all_values_;  // every occurrence
  std::map<std::string, std::string> positionals_;
  std::vector<std::string> extra_;
  bool help_requested_ = false;
};

// The start of every subcommand: parses `args`; on --help prints the help to
// `out`, on a bad command line the error and a pointer to --help to `err`.
// Returns the exit code to return at once, or nullopt to go on.
std::optional<int> ParseOrExit(ArgParser& parser, const std::vector<std::string>& args,
                               const std::string& command, std::ostream& out, std::ostream& err);

}  // namespace pqa::cli

#endif  // PQA_HOST_CLI_ARGS_H_
