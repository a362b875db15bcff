// CompactList<T>: a read-mostly list that costs a microcontroller little RAM.
// It either views elements that outlive it (a model's bytes: a tensor's
// per-channel scales, a node's input indices), holds one element inline
// (a tensor's zero point) or owns a heap array of exactly its size. On a
// 32-bit target it is 12 bytes and, viewed or inline, allocates nothing,
// where a std::vector is 12 bytes plus a heap block (16 or more with the
// allocator's header). Reads like a const std::vector<T>.
#ifndef BRASA_COMPACT_LIST_H_
#define BRASA_COMPACT_LIST_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <vector>

namespace brasa {

namespace compact_list_detail {

// What CompactList<T> does without reading elements as T: storage kind,
// size, freeing and moving. Shared by every T of one size and alignment
// (CompactList<int32_t> and CompactList<float>: one copy of this code on a
// microcontroller, not one per element type).
template <size_t kSize, size_t kAlign>
class Storage {
 public:
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

 protected:
  enum : uint32_t { kInline = 0, kView = 1, kHeap = 2 };

  Storage() : data_(inline_), size_(0), storage_(kInline) {}
  ~Storage() { Clear(); }

  // Heap arrays come from ::operator new[] (elements are trivially
  // destructible: CompactList checks), so freeing them needs no type.
  void Clear() {
    if (storage_ == kHeap) ::operator delete[](const_cast<void*>(data_));
    data_ = inline_;
    size_ = 0;
    storage_ = kInline;
  }
  static void* AllocateElements(size_t count) { return ::operator new[](count * kSize); }
  // Takes `values` (from AllocateElements) or views them.
  void Take(const void* values, size_t count, uint32_t storage) {
    Clear();
    data_ = values;
    size_ = static_cast<uint32_t>(count);
    storage_ = storage;
  }
  // `count` (0 or 1) elements held inline, the one at `value`.
  void SetInline(const void* value, size_t count) {
    Clear();
    size_ = static_cast<uint32_t>(count);
    std::memcpy(inline_, value, kSize);
  }
  void MoveFrom(Storage& other) noexcept {
    if (this == &other) return;
    Clear();
    size_ = other.size_;
    storage_ = other.storage_;
    std::memcpy(inline_, other.inline_, kSize);
    data_ = other.storage_ == kInline ? static_cast<const void*>(inline_) : other.data_;
    other.data_ = other.inline_;
    other.size_ = 0;
    other.storage_ = kInline;
  }

  // The elements: viewed, owned, or inline_ (so that reading them needs no
  // test of where they are: a microcontroller inlines data() at every read).
  // Copies and moves point their own data_ at their own inline_.
  const void* data_;
  uint32_t size_ : 30;
  uint32_t storage_ : 2;
  alignas(kAlign) unsigned char inline_[kSize] = {};
};

}  // namespace compact_list_detail

template <typename T>
class CompactList : private compact_list_detail::Storage<sizeof(T), alignof(T)> {
  static_assert(std::is_trivially_copyable<T>::value && std::is_trivially_destructible<T>::value,
                "CompactList holds plain values (their bytes are copied and freed untyped)");
  using Base = compact_list_detail::Storage<sizeof(T), alignof(T)>;
  using Base::data_;
  using Base::size_;
  using Base::storage_;
  using Base::kView;
  using Base::kHeap;

 public:
  CompactList() = default;
  CompactList(std::initializer_list<T> values) { CopyFrom(values.begin(), values.size()); }
  template <typename U>
  CompactList(const std::vector<U>& values) {  // NOLINT: implicit
    assign(values.begin(), values.end());
  }
  // `count` elements at `values`, not copied: they must outlive the list and its copies.
  static CompactList View(const T* values, size_t count) {
    CompactList list;
    list.Take(values, count, kView);
    return list;
  }

  CompactList(const CompactList& other) : Base() { *this = other; }
  CompactList(CompactList&& other) noexcept : Base() { this->MoveFrom(other); }
  CompactList& operator=(const CompactList& other) {
    if (this == &other) return *this;
    if (other.storage_ == kView) {
      this->Take(other.data_, other.size_, kView);
    } else {
      CopyFrom(other.data(), other.size());
    }
    return *this;
  }
  CompactList& operator=(CompactList&& other) noexcept {
    this->MoveFrom(other);
    return *this;
  }
  CompactList& operator=(std::initializer_list<T> values) {
    CopyFrom(values.begin(), values.size());
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return static_cast<const T*>(data_); }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  const T& operator[](size_t i) const { return data()[i]; }
  const T& front() const { return data()[0]; }
  const T& back() const { return data()[size_ - 1]; }
  // Whether the elements are viewed in memory the list does not own.
  bool is_view() const { return storage_ == kView; }

  template <typename Iterator,
            typename = std::enable_if_t<!std::is_integral<Iterator>::value>>  // not (count, value)
  void assign(Iterator first, Iterator last) {
    const size_t count = static_cast<size_t>(std::distance(first, last));
    if (count <= 1) {  // read before Clear: `first` may point into this list
      const T one = count == 1 ? static_cast<T>(*first) : T();
      this->SetInline(&one, count);
      return;
    }
    T* values = static_cast<T*>(Base::AllocateElements(count));
    std::transform(first, last, values, [](const auto& value) { return static_cast<T>(value); });
    this->Take(values, count, kHeap);
  }
  void assign(size_t count, const T& value) {
    const T copy = value;  // `value` may be one of this list's
    if (count <= 1) {
      this->SetInline(&copy, count);
      return;
    }
    T* values = static_cast<T*>(Base::AllocateElements(count));
    std::fill_n(values, count, copy);
    this->Take(values, count, kHeap);
  }
  // Grows by one element (a copy of the list; lists are built once, at setup).
  void push_back(const T& value) {
    std::vector<T> grown(begin(), end());
    grown.push_back(value);
    CopyFrom(grown.data(), grown.size());
  }
  // Replaces element i, first copying a viewed list.
  void Set(size_t i, const T& value) {
    if (storage_ == kView) CopyFrom(data(), size_);
    const_cast<T*>(data())[i] = value;
  }
  std::vector<T> ToVector() const { return std::vector<T>(begin(), end()); }

  friend bool operator==(const CompactList& a, const CompactList& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator!=(const CompactList& a, const CompactList& b) { return !(a == b); }

 private:
  void CopyFrom(const T* values, size_t count) { assign(values, values + count); }
};

}  // namespace brasa

#endif  // BRASA_COMPACT_LIST_H_
