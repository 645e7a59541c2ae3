#include "remoting/remoting_command.h"

#include <fmt/format.h>

namespace apogee::remoting {
namespace {

// One counter per process, as RocketMQ: opaques only need to be unique among
// a connection's pending requests, and a wrap after 2^31 requests is harmless.
std::atomic<int> g_next_opaque{0};

}  // namespace

std::string_view serializeTypeName(SerializeType type) {
  return type == SerializeType::kJson ? "JSON" : "ROCKETMQ";
}

int RemotingCommand::nextOpaque() noexcept {
  return g_next_opaque.fetch_add(1, std::memory_order_relaxed);
}

RemotingCommand RemotingCommand::createRequest(int code, ExtFields ext_fields) {
  RemotingCommand cmd;
  cmd.code_ = code;
  cmd.opaque_ = nextOpaque();
  cmd.ext_fields_ = std::move(ext_fields);
  return cmd;
}

RemotingCommand RemotingCommand::createResponse(int code, std::optional<std::string> remark) {
  RemotingCommand cmd;
  cmd.code_ = code;
  cmd.flag_ = kResponseFlag;
  cmd.remark_ = std::move(remark);
  return cmd;
}

RemotingCommand RemotingCommand::makeResponseTo(const RemotingCommand& request, int code,
                                                std::optional<std::string> remark) {
  RemotingCommand cmd = createResponse(code, std::move(remark));
  cmd.opaque_ = request.opaque_;
  cmd.serialize_type_ = request.serialize_type_;
  return cmd;
}

std::string RemotingCommand::describe() const {
  std::string out = fmt::format("RemotingCommand[code={}, language={}, version={}, opaque={}, flag={}",
                                code_, languageName(language_), version_, opaque_, flag_);
  if (remark_) out += fmt::format(", remark=\"{}\"", *remark_);
  if (!ext_fields_.empty()) {
    out += ", extFields={";
    bool first = true;
    for (const auto& [k, v] : ext_fields_) {
      out += fmt::format("{}{}={}", first ? "" : ", ", k, v);
      first = false;
    }
    out += "}";
  }
  out += fmt::format(", body={}B, serialize={}]", body_.size(), serializeTypeName(serialize_type_));
  return out;
}

}  // namespace apogee::remoting
