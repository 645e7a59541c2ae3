#pragma once

// Helpers for the corpus body tests: find bodies of one request code in the
// captured RocketMQ 4.9.8 traffic, decode and re-encode them.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "remoting/body/java_compat.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/fastjson_compat.h"
#include "support/corpus.h"

namespace apogee::remoting::body_test {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;

inline std::string where(const CorpusFrame& f) { return f.file + ":" + std::to_string(f.line); }

// The request a response answers: same connection, same opaque, a request.
inline const CorpusFrame* requestOf(const CorpusFrame& response) {
  for (const auto& f : corpusFrames()) {
    if (!f.isResponse && f.stream == response.stream && f.opaque == response.opaque) return &f;
  }
  return nullptr;
}

inline std::optional<std::string> extField(const CorpusFrame& f, std::string_view key) {
  if (!f.extFields) return std::nullopt;
  for (const auto& [k, v] : *f.extFields) {
    if (k == key) return v;
  }
  return std::nullopt;
}

enum class Match { kBytes, kContent };

// Decodes `f.body` as T, runs `check`, re-encodes with `encode`, and
// compares as `match` says.
template <typename T>
void roundTrip(const CorpusFrame& f, Match match, const std::function<void(const T&)>& check,
               const std::function<std::string(const T&)>& encode) {
  SCOPED_TRACE(where(f));
  auto decoded = T::fromJson(f.body);
  ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << f.body;
  check(*decoded);
  const std::string again = encode(*decoded);
  if (match == Match::kBytes) {
    EXPECT_EQ(again, f.body);
  }
  auto reread = T::fromJson(again);
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_TRUE(*reread == *decoded);
}

template <typename T>
void roundTrip(const CorpusFrame& f, Match match, const std::function<void(const T&)>& check) {
  roundTrip<T>(f, match, check, [](const T& v) { return v.toJson(); });
}

// The keys of the map `field` of `body`, in the order Java wrote them.
inline std::vector<std::string> keysInOrder(std::string_view body, const char* field) {
  auto text = normalizeFastjson(body);
  EXPECT_TRUE(text.ok());
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  std::vector<std::string> keys;
  const auto& map = doc[field];
  for (auto it = map.MemberBegin(); it != map.MemberEnd(); ++it)
    keys.emplace_back(it->name.GetString());
  return keys;
}

// Where our re-encoding cannot equal Java's bytes because keys share a hash
// bucket (Java then keeps insertion order, which the data does not record),
// this checks the model the encoders rely on against Java's real output:
// Java's iteration order is ascending bucket order.
template <typename HashFn>
void expectJavaBucketOrder(const std::vector<std::string>& keys, HashFn hash_of, JavaMapKind kind) {
  const std::size_t capacity = kind.capacityFor(keys.size());
  std::size_t previous = 0;
  int shared = 0;
  for (const auto& key : keys) {
    const std::size_t bucket = javaBucketIndex(hash_of(key), capacity);
    EXPECT_GE(bucket, previous) << key;
    if (bucket == previous) ++shared;
    previous = bucket;
  }
  EXPECT_GT(shared, 0) << "no shared bucket: the bytes should have matched";
}

inline const MessageQueueKey kCorpusQueue0{"CorpusT", "broker-a", 0};

// One test per (code, direction); each counts the bodies it saw so a corpus
// that stops containing them fails loudly.
class CorpusBodies : public ::testing::Test {
 protected:
  template <typename Fn>
  int forEach(int code, bool response, Fn fn) {
    int n = 0;
    for (const auto& f : corpusFrames()) {
      const int request_code = f.isResponse ? f.requestCode.value_or(-1) : f.code;
      if (f.isResponse != response || request_code != code || f.body.empty()) continue;
      if (response && f.code != 0) continue;  // error responses carry no body type
      fn(f);
      ++n;
    }
    return n;
  }
};

}  // namespace apogee::remoting::body_test
