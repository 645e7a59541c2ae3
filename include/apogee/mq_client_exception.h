#pragma once

#include <exception>
#include <string>

namespace apogee {

// The error of the synchronous public API (RocketMQ's MQClientException).
// `responseCode` is the broker's or name server's ResponseCode when the error
// came from one (for example 17 TOPIC_NOT_EXIST), or -1 for errors found on
// the client (bad argument, no route, timeout, not started).
class MQClientException : public std::exception {
 public:
  // An error with a response code (-1: a client-side error).
  MQClientException(int responseCode, std::string errorMessage)
      : response_code_(responseCode),
        error_message_(std::move(errorMessage)),
        what_("CODE: " + std::to_string(responseCode) + "  DESC: " + error_message_) {}
  // A client-side error (response code -1).
  explicit MQClientException(std::string errorMessage)
      : MQClientException(-1, std::move(errorMessage)) {}

  // The ResponseCode, or -1.
  int getResponseCode() const noexcept { return response_code_; }
  // The message alone.
  const std::string& getErrorMessage() const noexcept { return error_message_; }
  // "CODE: <code>  DESC: <message>".
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  int response_code_;
  std::string error_message_;
  std::string what_;
};

// A broker answered with an error code (RocketMQ's MQBrokerException).
// Derived from MQClientException, so one catch handles both.
class MQBrokerException : public MQClientException {
 public:
  // An error answer from the broker at `brokerAddr`.
  MQBrokerException(int responseCode, std::string errorMessage, std::string brokerAddr = {})
      : MQClientException(responseCode, std::move(errorMessage)),
        broker_addr_(std::move(brokerAddr)) {}
  // The broker's address, when known.
  const std::string& getBrokerAddr() const noexcept { return broker_addr_; }

 private:
  std::string broker_addr_;
};

// The request did not complete: connection failed or closed, or timed out
// (RocketMQ's RemotingException family). Response code -1.
class RemotingException : public MQClientException {
 public:
  // A transport error described by `errorMessage`.
  explicit RemotingException(std::string errorMessage, bool timeout = false)
      : MQClientException(-1, std::move(errorMessage)), timeout_(timeout) {}
  // True when the request timed out (RemotingTimeoutException).
  bool isTimeout() const noexcept { return timeout_; }

 private:
  bool timeout_;
};

}  // namespace apogee
