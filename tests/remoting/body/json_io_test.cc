// The shared JSON writer (fastjson's output) and reader (tolerant input).

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/message_queue_json.h"

namespace apogee::remoting {
namespace {

std::string fastjsonString(std::string_view s) {
  JsonWriter w;
  w.string(s);
  return w.take();
}

std::string browserString(std::string_view s) {
  JsonWriter w({.style = JsonStyle::kBrowserCompatible});
  w.string(s);
  return w.take();
}

TEST(JsonWriter, FastjsonEscapesControlsQuotesAndLineSeparators) {
  EXPECT_EQ(fastjsonString("plain/text"), R"("plain/text")");
  EXPECT_EQ(fastjsonString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(fastjsonString("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(fastjsonString(std::string("\x00\x0B\x1F", 3)), R"("\u0000\u000B\u001F")");
  EXPECT_EQ(fastjsonString("\x7F"), R"("\u007F")");
  EXPECT_EQ(fastjsonString("\xC2\x85"), R"("\u0085")");          // U+0085
  EXPECT_EQ(fastjsonString("a\xE2\x80\xA8z"), R"("a\u2028z")");  // U+2028
  // Other non-ASCII text stays UTF-8, U+00A0 included.
  EXPECT_EQ(fastjsonString("\xC2\xA0\xE4\xB8\xAD\xF0\x9F\x98\x80"),
            "\"\xC2\xA0\xE4\xB8\xAD\xF0\x9F\x98\x80\"");
}

TEST(JsonWriter, BrowserCompatibleEscapesSlashAndEverythingFromDelUp) {
  EXPECT_EQ(browserString("10.0.0.1:10911"), R"("10.0.0.1:10911")");
  EXPECT_EQ(browserString("a/b\"c\\"), R"("a\/b\"c\\")");
  EXPECT_EQ(browserString("\n\x01\x7F"), R"("\n\u0001\u007F")");
  EXPECT_EQ(browserString("\xC3\xA9\xE4\xB8\xAD"), R"("\u00E9\u4E2D")");
  EXPECT_EQ(browserString("\xF0\x9F\x98\x80"), R"("\uD83D\uDE00")");  // a surrogate pair
}

TEST(JsonWriter, NumbersBooleansAndNestedStructure) {
  JsonWriter w;
  w.beginObject()
      .field("a", std::int64_t{-9007199254740993})
      .field("b", true)
      .field("c", 0.5)
      .field("d", std::optional<int>())
      .field("e", std::vector<int>{1, 2})
      .key("f")
      .beginArray()
      .endArray()
      .endObject();
  EXPECT_EQ(w.take(), R"({"a":-9007199254740993,"b":true,"c":0.5,"e":[1,2],"f":[]})");
  JsonWriter browser({.style = JsonStyle::kBrowserCompatible});
  browser.beginArray().int64(9007199254740992).int64(9007199254740991).endArray();
  EXPECT_EQ(browser.take(), R"(["9007199254740992",9007199254740991])");
}

TEST(JsonWriter, MapKeysFollowTheStyle) {
  const std::map<std::int64_t, std::string> ids = {{1, "b"}, {0, "a"}};
  const std::map<MessageQueueKey, std::int64_t> offsets = {{{"T", "b", 1}, 5}};
  JsonWriter bare;
  bare.beginArray().value(ids).value(offsets).endArray();
  EXPECT_EQ(bare.take(), R"([{0:"a",1:"b"},{{"brokerName":"b","queueId":1,"topic":"T"}:5}])");
  JsonWriter stringified({.objectKeys = ObjectKeyStyle::kStringified});
  stringified.value(offsets);
  EXPECT_EQ(stringified.take(), R"({"{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"T\"}":5})");
  JsonWriter browser({.style = JsonStyle::kBrowserCompatible, .sortMaps = true});
  browser.value(ids);
  EXPECT_EQ(browser.take(), R"({"0":"a","1":"b"})");
}

TEST(JsonWriter, MapsFollowJavaHashOrderUnlessSorted) {
  // Integer-like long keys 17 and 1 share bucket 1 of 16; 2 is in bucket 2.
  const std::map<std::int64_t, int> m = {{1, 1}, {2, 2}, {17, 17}};
  JsonWriter java;
  java.value(m);
  EXPECT_EQ(java.take(), "{1:1,17:17,2:2}");
  JsonWriter sorted({.sortMaps = true});
  sorted.value(m);
  EXPECT_EQ(sorted.take(), "{1:1,2:2,17:17}");
}

// A small struct read through every scalar reader.
struct Sample {
  std::string s;
  std::int64_t l = -1;
  std::int32_t i = -1;
  bool b = false;
  double d = -1;
  std::optional<std::string> opt;
  std::vector<std::int32_t> list;
  std::map<std::int64_t, std::string> ids;

  static Status readJson(const JsonNode& n, Sample& out) {
    APOGEE_RETURN_IF_ERROR(n.field("s", out.s));
    APOGEE_RETURN_IF_ERROR(n.field("l", out.l));
    APOGEE_RETURN_IF_ERROR(n.field("i", out.i));
    APOGEE_RETURN_IF_ERROR(n.field("b", out.b));
    APOGEE_RETURN_IF_ERROR(n.field("d", out.d));
    APOGEE_RETURN_IF_ERROR(n.field("opt", out.opt));
    APOGEE_RETURN_IF_ERROR(n.field("list", out.list));
    return n.field("ids", out.ids);
  }
};

TEST(JsonReader, AcceptsWhatFastjsonAccepts) {
  auto r = decodeJsonBody<Sample>(
      R"({"s":12,"l":"42","i":7.0,"b":"TRUE","d":"2.5","opt":0.5,"list":["1",2,null],)"
      R"("ids":{0:"a",1:"b"},"unknown":{"deep":[1,{"x":null}]}})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->s, "12");
  EXPECT_EQ(r->l, 42);
  EXPECT_EQ(r->i, 7);
  EXPECT_TRUE(r->b);
  EXPECT_EQ(r->d, 2.5);
  EXPECT_EQ(r->opt, "0.5");  // a number where a string is due: its Java text
  EXPECT_EQ(r->list, (std::vector<std::int32_t>{1, 2}));
  EXPECT_EQ(r->ids, (std::map<std::int64_t, std::string>{{0, "a"}, {1, "b"}}));
}

TEST(JsonReader, MissingAndNullKeepDefaults) {
  auto r = decodeJsonBody<Sample>(R"({"s":null,"l":null})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->s, "");
  EXPECT_EQ(r->l, -1);
  EXPECT_EQ(r->i, -1);
  EXPECT_FALSE(r->opt.has_value());
}

TEST(JsonReader, WrongTypesNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"l":"4x"})", "l"},
      {R"({"l":1.5})", "l"},
      {R"({"i":4294967296})", "i"},
      {R"({"b":"yes"})", "b"},
      {R"({"b":2})", "b"},
      {R"({"s":{}})", "s"},
      {R"({"d":[]})", "d"},
      {R"({"list":{}})", "list"},
      {R"({"list":[1,"x"]})", "list[1]"},
      {R"({"ids":{"zero":"a"}})", "ids.zero"},
      {R"({"ids":[]})", "ids"},
  };
  for (const auto& [body, field] : cases) {
    auto r = decodeJsonBody<Sample>(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << body;
    EXPECT_NE(r.status().message().find(std::string("json body: ") + field + ":"),
              std::string::npos)
        << body << " -> " << r.status();
  }
}

TEST(JsonReader, MalformedTextIsCorruption) {
  for (const char* body : {"", "[]", "{", R"({"s":"x")", R"({"s":"x"} trailing)", "{'s':1}", "null",
                           R"({"a":{"b":)"}) {
    auto r = decodeJsonBody<Sample>(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << body;
  }
}

TEST(JsonReader, ObjectKeysInEitherForm) {
  const MessageQueueKey mq{"T", "b", 3};
  for (const char* body : {R"({"m":{{"brokerName":"b","queueId":3,"topic":"T"}:9}})",
                           R"({"m":{"{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}":9}})"}) {
    auto doc = parseJsonBody(body);
    ASSERT_TRUE(doc.ok()) << doc.status();
    std::map<MessageQueueKey, std::int64_t> m;
    ASSERT_TRUE(JsonNode(*doc, "").field("m", m).ok()) << body;
    EXPECT_EQ(m, (std::map<MessageQueueKey, std::int64_t>{{mq, 9}}));
  }
  auto doc = parseJsonBody(R"({"m":{"not json":1}})");
  ASSERT_TRUE(doc.ok());
  std::map<MessageQueueKey, std::int64_t> m;
  EXPECT_EQ(JsonNode(*doc, "").field("m", m).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace apogee::remoting
