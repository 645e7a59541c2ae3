#include "store/get_message_result.h"
#include "store/put_message.h"

namespace apogee::store {

std::string_view putMessageStatusName(PutMessageStatus status) {
  switch (status) {
    case PutMessageStatus::kPutOk: return "PUT_OK";
    case PutMessageStatus::kFlushDiskTimeout: return "FLUSH_DISK_TIMEOUT";
    case PutMessageStatus::kFlushSlaveTimeout: return "FLUSH_SLAVE_TIMEOUT";
    case PutMessageStatus::kSlaveNotAvailable: return "SLAVE_NOT_AVAILABLE";
    case PutMessageStatus::kServiceNotAvailable: return "SERVICE_NOT_AVAILABLE";
    case PutMessageStatus::kCreateMappedFileFailed: return "CREATE_MAPEDFILE_FAILED";
    case PutMessageStatus::kMessageIllegal: return "MESSAGE_ILLEGAL";
    case PutMessageStatus::kPropertiesSizeExceeded: return "PROPERTIES_SIZE_EXCEEDED";
    case PutMessageStatus::kOsPageCacheBusy: return "OS_PAGECACHE_BUSY";
    case PutMessageStatus::kUnknownError: return "UNKNOWN_ERROR";
  }
  return "UNKNOWN_ERROR";
}

std::string_view getMessageStatusName(GetMessageStatus status) {
  switch (status) {
    case GetMessageStatus::kFound: return "FOUND";
    case GetMessageStatus::kNoMatchedMessage: return "NO_MATCHED_MESSAGE";
    case GetMessageStatus::kMessageWasRemoving: return "MESSAGE_WAS_REMOVING";
    case GetMessageStatus::kOffsetFoundNull: return "OFFSET_FOUND_NULL";
    case GetMessageStatus::kOffsetOverflowBadly: return "OFFSET_OVERFLOW_BADLY";
    case GetMessageStatus::kOffsetOverflowOne: return "OFFSET_OVERFLOW_ONE";
    case GetMessageStatus::kOffsetTooSmall: return "OFFSET_TOO_SMALL";
    case GetMessageStatus::kNoMatchedLogicQueue: return "NO_MATCHED_LOGIC_QUEUE";
    case GetMessageStatus::kNoMessageInQueue: return "NO_MESSAGE_IN_QUEUE";
  }
  return "UNKNOWN";
}

}  // namespace apogee::store
