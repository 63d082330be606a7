#include "cli.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <utility>

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

std::string Context::declared_actor() const {
  if (!actor.empty()) return actor;
  if (const char* env = std::getenv("SOCAI_ACTOR"); env && *env) return env;
  return {};
}

std::string Context::actor_name() const {
  if (!authenticated) throw std::logic_error("the actor is asked for before the ledger is open");
  return authenticated->name;
}

namespace {

// What each command needs of the actor running it: nullopt, any active actor (it reads);
// else the role. Every command that opens a ledger is listed: a command missing here is an
// internal error, never a command anyone may run.
const std::map<std::string, std::optional<Role>, std::less<>>& command_roles() {
  static const std::map<std::string, std::optional<Role>, std::less<>> roles = [] {
    std::map<std::string, std::optional<Role>, std::less<>> r;
    for (const char* c : {"account list",     "balance",
                          "trial-balance",    "verify",
                          "checkpoint",       "schedule",
                          "commune list",     "group list",
                          "group show",       "household show",
                          "household list",   "program list",
                          "program show",     "loan show",
                          "loan list",        "fees",
                          "setting list",     "savings show",
                          "collection-sheet", "reconcile",
                          "export",           "report delinquency",
                          "report portfolio", "report ledger",
                          "request list",     "request show",
                          "actor list"}) {
      r[c] = std::nullopt;
    }
    for (const char* c : {"commune add",
                          "officer add",
                          "group add",
                          "household add",
                          "household status",
                          "loan open",
                          "disburse",
                          "collect-interest",
                          "repay",
                          "pay",
                          "recover",
                          "freeze",
                          "unfreeze",
                          "write-off",
                          "reverse-event",
                          "extend",
                          "adjust",
                          "savings deposit",
                          "savings withdraw",
                          "import"}) {
      r[c] = Role::Officer;
    }
    for (const char* c : {"account add", "post", "reverse", "close-period", "program rate",
                          "program set", "close", "setting set"}) {
      r[c] = Role::Accountant;
    }
    for (const char* c : {"approve", "reject"}) r[c] = Role::Approver;
    for (const char* c : {"actor add", "actor disable"}) r[c] = Role::Administrator;
    return r;
  }();
  return roles;
}

}  // namespace

Result<Actor> Context::authenticate(Store& store) const {
  const auto entry = command_roles().find(command);
  if (entry == command_roles().end()) {
    throw std::logic_error("command '" + command + "' has no role (cli.cpp, command_roles)");
  }
  Result<std::unique_ptr<Actors>> actors = open_actors(store);
  if (!actors) return actors.error();
  const Credentials credentials{.os_user = current_os_user(), .declared = declared_actor()};
  const std::optional<Role> role = entry->second;
  if (role == Role::Administrator) {
    // Before the ledger has an administrator, whoever may write the file registers the first
    // actors: the OS account is who did it.
    Result<LedgerIdentity> ledger = actors.value()->ledger();
    if (!ledger) return ledger.error();
    Result<bool> administered = actors.value()->has_administrator();
    if (!administered) return administered.error();
    if (!ledger->training && !administered.value()) {
      return Actor{.id = 0,
                   .name = credentials.os_user,
                   .os_user = credentials.os_user,
                   .roles = {Role::Administrator},
                   .active = true,
                   .created_by = {},
                   .created_at = {},
                   .disabled_by = {},
                   .disabled_at = {}};
    }
  }
  return actors.value()->authenticate(credentials, role);
}

bool is_report_command(std::string_view command) {
  static constexpr std::string_view kReports[] = {"trial-balance", "balance",          "report",
                                                  "reconcile",     "collection-sheet", "fees"};
  return std::any_of(std::begin(kReports), std::end(kReports), [&](std::string_view r) {
    return command.starts_with(r) && (command.size() == r.size() || command[r.size()] == ' ');
  });
}

std::string Context::training_notice() const {
  if (!training()) return {};
  return label(output_lang(), "TRAINING LEDGER: its actors are declared names, not authenticated",
               "SỔ TẬP HUẤN: người thực hiện là tên tự khai, không được xác thực");
}

Result<std::unique_ptr<Store>> Context::open() const {
  Result<std::optional<std::string>> fixed = fixed_clock();
  if (!fixed) return fixed.error();
  StoreOptions options;
  options.read_only = read_only;
  // Until the ledger is known to be a training ledger (and while a pending upgrade is
  // stamped), the system clock.
  options.clock = [this] { return now(); };
  Result<std::unique_ptr<Store>> store = open_ledger(db, options);
  if (!store) return store;
  Result<Actor> who = authenticate(*store.value());
  if (!who) return who.error();
  authenticated = std::move(who).value();
  if (fixed.value() && !training()) {
    authenticated.reset();
    return make_error(ErrorCode::PermissionDenied,
                      "SOCAI_CLOCK fixes the time of a training ledger only; this ledger keeps "
                      "the system's time (unset SOCAI_CLOCK)");
  }
  // A report read from a training ledger says so first (an HTML page: under its title).
  if (training() && output_format() == Format::Table && is_report_command(command) &&
      !notice_first) {
    notice_first = std::make_unique<NoticeFirst>(std::cout, training_notice() + "\n");
  }
  return store;
}

NoticeFirst::NoticeFirst(std::ostream& out, std::string notice)
    : out_(out), next_(out.rdbuf()), notice_(std::move(notice)) {
  out_.rdbuf(this);
}

NoticeFirst::~NoticeFirst() {
  out_.rdbuf(next_);
}

bool NoticeFirst::announce() {
  if (notice_.empty()) return true;
  const std::string notice = std::exchange(notice_, {});
  return next_->sputn(notice.data(), static_cast<std::streamsize>(notice.size())) ==
         static_cast<std::streamsize>(notice.size());
}

NoticeFirst::int_type NoticeFirst::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  if (!announce()) return traits_type::eof();
  return next_->sputc(traits_type::to_char_type(c));
}

std::streamsize NoticeFirst::xsputn(const char* s, std::streamsize n) {
  if (n > 0 && !announce()) return 0;
  return next_->sputn(s, n);
}

int NoticeFirst::sync() {
  return next_->pubsync();
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
                                    ctx.training_notice(), render_html_table(table));
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
                                    ctx.training_notice(), render_html_table(table));
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
    case ErrorCode::PermissionDenied:
      return kExitRefused;
    case ErrorCode::Unavailable:
    case ErrorCode::DataLoss:
    case ErrorCode::Internal:
      return kExitStorage;
  }
  return kExitStorage;
}

Date Context::today() const {
  return business_date(now()).value();
}

Result<std::optional<std::string>> Context::fixed_clock() {
  const char* env = std::getenv("SOCAI_CLOCK");
  if (!env || !*env) return std::optional<std::string>();
  if (Result<Date> valid = business_date(env); !valid) {
    return make_error(ErrorCode::InvalidArgument, "SOCAI_CLOCK: " + valid.error().message);
  }
  return std::optional<std::string>(env);
}

std::string Context::now() const {
  if (training()) {
    if (Result<std::optional<std::string>> fixed = fixed_clock(); fixed && fixed.value())
      return *fixed.value();
  }
  return date::format("%Y-%m-%dT%H:%M:%SZ",
                      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
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
  auto unreadable = [](std::string_view why) {
    return make_error(ErrorCode::InvalidArgument, fmt::format("cannot read it: {}", why));
  };
  auto too_large = [] {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("too large: socai reads files of at most {} MiB ({} bytes)",
                                  kMaxInputFileBytes / (1024 * 1024), kMaxInputFileBytes));
  };
  auto failure = [&](int error) {
    switch (error) {
      case ENOENT:
        return unreadable("no such file");
      case EACCES:
        return unreadable("permission denied");
      default:
        return unreadable(std::strerror(error));
    }
  };
  // O_NONBLOCK: a FIFO without a writer opens at once (and then reads as empty) instead of
  // waiting for one.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return failure(errno);
  const std::unique_ptr<const int, void (*)(const int*)> closer(&fd,
                                                                [](const int* f) { ::close(*f); });
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failure(errno);
  if (S_ISDIR(st.st_mode)) return unreadable("it is a directory");
  // A device (/dev/zero, a terminal) or a socket is not an input file; a pipe is, as in
  // `--cash <(...)`.
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) return unreadable("it is not a regular file");
  if (S_ISREG(st.st_mode) && static_cast<std::uintmax_t>(st.st_size) > kMaxInputFileBytes)
    return too_large();
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) return failure(errno);
  std::string content;
  if (S_ISREG(st.st_mode)) content.reserve(static_cast<std::size_t>(st.st_size));
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failure(errno);
    if (n == 0) return content;
    // A file that grows while it is read, or a pipe that never ends, stops at the limit.
    if (content.size() + static_cast<std::size_t>(n) > kMaxInputFileBytes) return too_large();
    content.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

Status write_new_file(const std::string& path, std::string_view content) {
  auto failure = [](int error) {
    if (error == EEXIST)
      return make_error(ErrorCode::AlreadyExists, "exists; it is never overwritten");
    return make_error(ErrorCode::InvalidArgument,
                      std::string("cannot write it: ") + std::strerror(error));
  };
  std::string temporary = path + ".XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return failure(errno);
  int error = 0;
  for (std::size_t written = 0; error == 0 && written < content.size();) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
    } else {
      written += static_cast<std::size_t>(n);
    }
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::link(temporary.c_str(), path.c_str()) != 0) error = errno;
  ::unlink(temporary.c_str());
  if (error != 0) return failure(error);
  const std::string directory = std::filesystem::path(path).parent_path().string();
  const int dir = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace socai::cli
