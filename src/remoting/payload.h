#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace apogee::remoting {

// The body of a frame. Either bytes the payload owns, or views into memory
// owned by someone else (for example the store's mapped files), kept alive by
// `owner` for as long as the payload exists. Views let the broker answer a
// pull with the stored message bytes without copying them into a buffer:
// the transport writes every piece with one gathered write.
class Payload {
 public:
  Payload() = default;
  explicit Payload(std::string owned) : owned_(std::move(owned)) {}
  Payload(std::vector<std::string_view> pieces, std::shared_ptr<const void> owner)
      : pieces_(std::move(pieces)), owner_(std::move(owner)) {}

  std::size_t size() const noexcept {
    std::size_t n = owned_.size();
    for (auto p : pieces_) n += p.size();
    return n;
  }
  bool empty() const noexcept { return size() == 0; }

  // The bytes as one view. Only for owned payloads or a single piece;
  // use flatten() or pieces() otherwise.
  bool contiguous() const noexcept { return pieces_.empty() || (owned_.empty() && pieces_.size() == 1); }
  std::string_view view() const noexcept {
    return pieces_.empty() ? std::string_view(owned_) : pieces_.front();
  }
  // Copies every piece into one string (tests, small admin bodies).
  std::string flatten() const {
    if (pieces_.empty()) return owned_;
    std::string out = owned_;
    out.reserve(size());
    for (auto p : pieces_) out.append(p);
    return out;
  }

  // The owned bytes first (if any), then each view in order.
  const std::string& owned() const noexcept { return owned_; }
  const std::vector<std::string_view>& pieces() const noexcept { return pieces_; }

 private:
  std::string owned_;
  std::vector<std::string_view> pieces_;
  std::shared_ptr<const void> owner_;
};

}  // namespace apogee::remoting
