#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace apogee::remoting {

// Java RocketMQ writes JSON bodies with fastjson, which emits two forms that
// standard JSON parsers reject (docs/formats/remoting.md, "JSON bodies"):
//   - map keys that are bare numbers:   {"brokerAddrs":{0:"127.0.0.1:10911"}}
//   - map keys that are whole objects:  {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:5}}
// normalizeFastjson rewrites such text into standard JSON: a number key
// becomes the string of its digits ("0"); an object or array key becomes a
// string holding its (normalized) JSON text, which fastjson itself also
// accepts when reading. Standard JSON passes through unchanged.
//
// Only the key positions are rewritten; values, strings and escapes are
// copied as they are. Errors (unbalanced brackets, unterminated strings, a
// key that is none of string/number/object/array) return Corruption.
Result<std::string> normalizeFastjson(std::string_view input);

}  // namespace apogee::remoting
