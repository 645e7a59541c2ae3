#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/ext_fields.h"
#include "remoting/language_code.h"
#include "remoting/payload.h"

namespace apogee::remoting {

// How a frame's header is written: the high byte of the frame's second word.
enum class SerializeType : std::uint8_t {
  kJson = 0,
  kRocketMQ = 1,  // RocketMQ's binary "ROCKETMQ" header
};

std::string_view serializeTypeName(SerializeType type);

// MQVersion.Version ordinal we send: V4_9_8. The peer's is kept as received.
inline constexpr int kCurrentVersion = 409;

// One request or response of the remoting protocol: the header fields, the
// extFields map and the body. Plain value type, movable, not thread-safe.
// Byte layouts: docs/formats/remoting.md.
class RemotingCommand {
 public:
  static constexpr int kResponseFlag = 0x1;  // flag bit 0: this is a response
  static constexpr int kOnewayFlag = 0x2;    // flag bit 1: no response expected

  RemotingCommand() = default;

  // A request with a fresh opaque from the process-wide counter.
  static RemotingCommand createRequest(int code, ExtFields ext_fields = {});
  // A response (opaque and serialize type are set when it is matched to its
  // request; see makeResponseTo).
  static RemotingCommand createResponse(int code, std::optional<std::string> remark = std::nullopt);
  // A response to `request`: same opaque, same serialize type, flag bit 0.
  static RemotingCommand makeResponseTo(const RemotingCommand& request, int code,
                                        std::optional<std::string> remark = std::nullopt);

  static int nextOpaque() noexcept;

  int code() const noexcept { return code_; }
  void setCode(int code) noexcept { code_ = code; }
  LanguageCode language() const noexcept { return language_; }
  void setLanguage(LanguageCode language) noexcept { language_ = language; }
  int version() const noexcept { return version_; }
  void setVersion(int version) noexcept { version_ = version; }
  int opaque() const noexcept { return opaque_; }
  void setOpaque(int opaque) noexcept { opaque_ = opaque; }
  int flag() const noexcept { return flag_; }
  void setFlag(int flag) noexcept { flag_ = flag; }

  bool isResponse() const noexcept { return (flag_ & kResponseFlag) != 0; }
  void markResponse() noexcept { flag_ |= kResponseFlag; }
  bool isOneway() const noexcept { return (flag_ & kOnewayFlag) != 0; }
  void markOneway() noexcept { flag_ |= kOnewayFlag; }

  const std::optional<std::string>& remark() const noexcept { return remark_; }
  void setRemark(std::optional<std::string> remark) { remark_ = std::move(remark); }

  const ExtFields& extFields() const noexcept { return ext_fields_; }
  ExtFields& mutableExtFields() noexcept { return ext_fields_; }
  void setExtFields(ExtFields fields) { ext_fields_ = std::move(fields); }
  void addExtField(std::string_view key, std::string value) { ext_fields_.set(key, std::move(value)); }
  std::optional<std::string_view> extField(std::string_view key) const { return ext_fields_.get(key); }

  const Payload& body() const noexcept { return body_; }
  void setBody(std::string body) { body_ = Payload(std::move(body)); }
  void setBody(Payload body) { body_ = std::move(body); }

  // The header format this command arrived in, or will be sent in.
  SerializeType serializeType() const noexcept { return serialize_type_; }
  void setSerializeType(SerializeType type) noexcept { serialize_type_ = type; }

  // One line for logs: code, opaque, flag, remark, extFields (not the body).
  std::string describe() const;

 private:
  int code_ = 0;
  LanguageCode language_ = LanguageCode::CPP;
  int version_ = kCurrentVersion;
  int opaque_ = 0;
  int flag_ = 0;
  std::optional<std::string> remark_;
  ExtFields ext_fields_;
  Payload body_;
  SerializeType serialize_type_ = SerializeType::kJson;
};

}  // namespace apogee::remoting
