#pragma once

#include <memory>
#include <string_view>

#include "common/offsets.h"

namespace apogee::store {

class MappedFile;

// One stored record, as a view into the mapped commit-log segment that holds
// it. The shared_ptr keeps that segment mapped (even if retention deletes
// its file meanwhile) for as long as this object lives; the bytes never
// change once the record is visible to readers.
struct MessageBytes {
  std::shared_ptr<const MappedFile> segment;
  std::string_view bytes;
  CommitLogOffset offset{0};
};

}  // namespace apogee::store
