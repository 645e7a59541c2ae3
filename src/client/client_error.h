#pragma once

#include <optional>
#include <string>

#include "common/status.h"

// How the client carries errors inside (Status) and converts them at the
// public API (exceptions). A broker's or name server's error answer becomes
// a Status whose detail() holds the ResponseCode (offset by kRemoteErrorBase,
// so it cannot be mistaken for a transport detail); everything else keeps the
// transport's or the client's own Status.
namespace apogee::client {

inline constexpr int kRemoteErrorBase = 1 << 20;

// An error answer with `response_code` (e.g. 17 TOPIC_NOT_EXIST): NotFound for
// TOPIC_NOT_EXIST and QUERY_NOT_FOUND, Internal otherwise.
Status remoteError(int response_code, std::string message);

// The ResponseCode of an error made by remoteError, or nullopt.
std::optional<int> responseCodeOf(const Status& status);

// Throws the public exception for `status` (which must not be OK):
// MQBrokerException for an error answer, RemotingException for timeouts and
// unreachable peers, MQClientException (code -1) otherwise.
[[noreturn]] void throwStatus(const Status& status, const std::string& broker_addr = {});

}  // namespace apogee::client
