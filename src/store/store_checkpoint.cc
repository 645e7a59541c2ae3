#include "store/store_checkpoint.h"

#include <algorithm>

#include "common/message/big_endian.h"

namespace apogee::store {

Result<std::unique_ptr<StoreCheckpoint>> StoreCheckpoint::open(const std::filesystem::path& path) {
  auto file = MappedFile::open(path, 0, kFileSize, true);
  if (!file.ok()) return file.status();
  return std::unique_ptr<StoreCheckpoint>(new StoreCheckpoint(std::move(*file)));
}

StoreCheckpoint::StoreCheckpoint(std::shared_ptr<MappedFile> file) : file_(std::move(file)) {
  physic_.store(message::getI64(file_->data()));
  logics_.store(message::getI64(file_->data() + 8));
  index_.store(message::getI64(file_->data() + 16));
}

int64_t StoreCheckpoint::minTimestamp() const {
  return std::max<int64_t>(0, std::min(physicMsgTimestamp(), logicsMsgTimestamp()) - 3000);
}

int64_t StoreCheckpoint::minTimestampIndex() const {
  return std::min(minTimestamp(), indexMsgTimestamp());
}

Status StoreCheckpoint::flush() {
  message::putI64(file_->data(), physicMsgTimestamp());
  message::putI64(file_->data() + 8, logicsMsgTimestamp());
  message::putI64(file_->data() + 16, indexMsgTimestamp());
  return file_->flush(0, 24);
}

}  // namespace apogee::store
