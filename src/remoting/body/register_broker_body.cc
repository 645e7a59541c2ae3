#include "remoting/body/register_broker_body.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cstdint>

#include "remoting/body/json_reader.h"

namespace apogee::remoting {
namespace {

// An inflated body larger than this is refused: a register body holds a few
// thousand topics at most, and a small zlib stream can claim gigabytes.
constexpr std::size_t kMaxInflatedSize = 64u << 20;

std::string deflateBest(std::string_view in) {
  z_stream zs{};
  deflateInit(&zs, Z_BEST_COMPRESSION);  // RFC 1950 framing, like java.util.zip.Deflater
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);  // the bound guarantees it finishes in one call
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

Result<std::string> inflateAll(std::string_view in) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Status::Internal("inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.size() >= kMaxInflatedSize) break;
    const std::size_t used = out.size();
    out.resize(used + 64 * 1024);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = static_cast<uInt>(out.size() - used);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(out.size() - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ended mid-stream
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    return Status::Corruption(fmt::format("register broker body: bad zlib stream ({})", rc));
  }
  return out;
}

void appendInt32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void appendPart(std::string& out, std::string_view part) {
  appendInt32(out, static_cast<std::uint32_t>(part.size()));
  out.append(part);
}

// Reads the big-endian int32s and length-prefixed parts of the inflated body.
class PartReader {
 public:
  explicit PartReader(std::string_view data) : data_(data) {}

  Status int32(std::int32_t& out) {
    if (data_.size() - pos_ < 4) return truncated();
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_++]);
    out = static_cast<std::int32_t>(v);
    return Status::OK();
  }

  Status part(std::string_view& out) {
    std::int32_t len = 0;
    APOGEE_RETURN_IF_ERROR(int32(len));
    if (len < 0 || data_.size() - pos_ < static_cast<std::size_t>(len)) return truncated();
    out = data_.substr(pos_, static_cast<std::size_t>(len));
    pos_ += static_cast<std::size_t>(len);
    return Status::OK();
  }

 private:
  Status truncated() const {
    return Status::Corruption(fmt::format("register broker body: truncated at byte {}", pos_));
  }

  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

void RegisterBrokerBody::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("filterServerList", filterServerList)
      .field("topicConfigSerializeWrapper", topicConfigSerializeWrapper)
      .endObject();
}

Status RegisterBrokerBody::readJson(const JsonNode& n, RegisterBrokerBody& out) {
  APOGEE_RETURN_IF_ERROR(n.field("filterServerList", out.filterServerList));
  return n.field("topicConfigSerializeWrapper", out.topicConfigSerializeWrapper);
}

std::string RegisterBrokerBody::toJson() const { return encodeJsonBody(*this); }

Result<RegisterBrokerBody> RegisterBrokerBody::fromJson(std::string_view body) {
  return decodeJsonBody<RegisterBrokerBody>(body);
}

std::string RegisterBrokerBody::toCompressed(int broker_version) const {
  const auto& wrapper = topicConfigSerializeWrapper;
  std::string raw;
  appendPart(raw, wrapper.dataVersion.toJson());
  // Topics in the order Java's topic table iterates, like the JSON form.
  const auto& table = wrapper.topicConfigTable;
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.first);
  sortInJavaHashOrder(
      names, [](std::string_view s) { return javaStringHashCode(s); },
      JavaMapKind::concurrentHashMap(2048));
  appendInt32(raw, static_cast<std::uint32_t>(names.size()));
  for (auto name : names) appendPart(raw, table.find(std::string(name))->second.encodeText());
  JsonWriter list;
  list.value(filterServerList);
  appendPart(raw, list.take());
  if (broker_version >= kRegisterBodyMappingVersion) appendInt32(raw, 0);  // no static topics
  return deflateBest(raw);
}

Result<RegisterBrokerBody> RegisterBrokerBody::fromCompressed(std::string_view body,
                                                              int broker_version) {
  auto raw = inflateAll(body);
  if (!raw.ok()) return raw.status();
  PartReader in(*raw);
  RegisterBrokerBody out;
  std::string_view part;
  APOGEE_RETURN_IF_ERROR(in.part(part));
  auto version = DataVersion::fromJson(part);
  if (!version.ok()) return version.status();
  out.topicConfigSerializeWrapper.dataVersion = std::move(*version);
  std::int32_t count = 0;
  APOGEE_RETURN_IF_ERROR(in.int32(count));
  for (std::int32_t i = 0; i < count; ++i) {
    APOGEE_RETURN_IF_ERROR(in.part(part));
    auto config = TopicConfig::decodeText(part);
    if (!config.ok()) return config.status();
    std::string name = config->topicName;
    out.topicConfigSerializeWrapper.topicConfigTable.insert_or_assign(std::move(name),
                                                                      std::move(*config));
  }
  APOGEE_RETURN_IF_ERROR(in.part(part));
  // Java logs and keeps an empty list when this part does not parse.
  rapidjson::Document doc;
  doc.Parse(part.data(), part.size());
  std::vector<std::string> filter_servers;
  if (!doc.HasParseError() && JsonNode(doc, "filterServerList").read(filter_servers).ok()) {
    out.filterServerList = std::move(filter_servers);
  }
  if (broker_version >= kRegisterBodyMappingVersion) {
    APOGEE_RETURN_IF_ERROR(in.int32(count));
    for (std::int32_t i = 0; i < count; ++i) APOGEE_RETURN_IF_ERROR(in.part(part));
  }
  return out;
}

Result<RegisterBrokerBody> RegisterBrokerBody::decode(std::string_view body, bool compressed,
                                                      int broker_version) {
  return compressed ? fromCompressed(body, broker_version) : fromJson(body);
}

}  // namespace apogee::remoting
