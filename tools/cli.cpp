#include "cli.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace socai::cli {

Format Context::output_format() const {
  if (format == "csv") return Format::Csv;
  if (format == "json") return Format::Json;
  if (format == "html") return Format::Html;
  return Format::Table;
}

Lang Context::output_lang() const {
  std::string l = lang;
  if (l.empty()) {
    const char* env = std::getenv("LANG");
    l = env ? env : "";
  }
  return l.rfind("vi", 0) == 0 ? Lang::Vi : Lang::En;
}

std::string Context::actor_name() const {
  if (!actor.empty()) return actor;
  if (const char* env = std::getenv("SOCAI_ACTOR"); env && *env) return env;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

Result<std::unique_ptr<Store>> Context::open() const {
  StoreOptions options;
  options.read_only = read_only;
  return open_ledger(db, options);
}

void print_list(const Context& ctx, const Table& table, const nlohmann::json& json) {
  switch (ctx.output_format()) {
    case Format::Table:
      std::cout << render_table(table);
      break;
    case Format::Csv:
      std::cout << render_csv(table);
      break;
    case Format::Json:
      std::cout << json.dump(2) << "\n";
      break;
    case Format::Html:
      std::cout << render_html_page("socai " + ctx.command, ctx.output_lang(),
                                    render_html_table(table));
      break;
  }
}

void print_list(const Context& ctx, const Table& table) {
  print_list(ctx, table, rows_json(table));
}

void print_record(const Context& ctx, const Table& table) {
  switch (ctx.output_format()) {
    case Format::Table:
      std::cout << render_record(table);
      break;
    case Format::Csv:
      std::cout << render_csv(table);
      break;
    case Format::Json:
      std::cout << row_json(table, 0).dump(2) << "\n";
      break;
    case Format::Html:
      std::cout << render_html_page("socai " + ctx.command, ctx.output_lang(),
                                    render_html_table(table));
      break;
  }
}

int exit_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::NotFound:
    case ErrorCode::OutOfRange:
      return kExitUsage;
    case ErrorCode::FailedPrecondition:
    case ErrorCode::AlreadyExists:
    case ErrorCode::IdempotencyConflict:
      return kExitRefused;
    case ErrorCode::Unavailable:
    case ErrorCode::DataLoss:
    case ErrorCode::Internal:
      return kExitStorage;
  }
  return kExitStorage;
}

Date Context::today() const {
  return Date{std::chrono::floor<date::days>(std::chrono::system_clock::now())};
}

std::string option_of_field(std::string_view field) {
  // The fields whose option is not the field's name with '-' for '_'.
  static const std::map<std::string, std::string, std::less<>> renamed = {
      {"organisation", "--org"},
      {"term_months", "--term"},
      {"every_months", "--every"},
      {"grace_principal_months", "--grace-principal"}};
  if (auto it = renamed.find(field); it != renamed.end()) return it->second;
  std::string option = "--" + std::string(field);
  std::replace(option.begin(), option.end(), '_', '-');
  return option;
}

int fail(const Error& error) {
  // One line of UTF-8 text whatever the input echoed in the message: line ends become
  // spaces, other control characters and bytes that are not UTF-8 are shown as \xNN.
  std::string message;
  const std::string text = field_message(error, option_of_field(error.field));
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (text[i] == '\n' || text[i] == '\r') {
      message += ' ';
    } else if (i + length <= text.size() &&
               is_clean_text(std::string_view(text).substr(i, length))) {
      message.append(text, i, length);
      i += length;
      continue;
    } else {
      message += fmt::format("\\x{:02X}", lead);
    }
    ++i;
  }
  std::cerr << "socai: error: " << message << "\n";
  return exit_code(error.code);
}

int fail(ErrorCode code, const std::string& message) {
  return fail(Error{code, message});
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) return make_error(ErrorCode::InvalidArgument, "cannot read it");
  return content.str();
}

}  // namespace socai::cli
