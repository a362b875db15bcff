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
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <vector>

namespace brasa {

template <typename T>
class CompactList {
 public:
  CompactList() : data_(&inline_), size_(0), storage_(kInline) {}
  CompactList(std::initializer_list<T> values) : CompactList() {
    CopyFrom(values.begin(), values.size());
  }
  template <typename U>
  CompactList(const std::vector<U>& values) : CompactList() {  // NOLINT: implicit
    assign(values.begin(), values.end());
  }
  // `count` elements at `values`, not copied: they must outlive the list and its copies.
  static CompactList View(const T* values, size_t count) {
    CompactList list;
    list.data_ = values;
    list.size_ = static_cast<uint32_t>(count);
    list.storage_ = kView;
    return list;
  }

  CompactList(const CompactList& other) : CompactList() { *this = other; }
  CompactList(CompactList&& other) noexcept : CompactList() {
    *this = static_cast<CompactList&&>(other);
  }
  CompactList& operator=(const CompactList& other) {
    if (this == &other) return *this;
    if (other.storage_ == kView) {
      Clear();
      data_ = other.data_;
      size_ = other.size_;
      storage_ = kView;
    } else {
      CopyFrom(other.data(), other.size());
    }
    return *this;
  }
  CompactList& operator=(CompactList&& other) noexcept {
    if (this == &other) return *this;
    Clear();
    size_ = other.size_;
    storage_ = other.storage_;
    inline_ = other.inline_;
    data_ = other.storage_ == kInline ? &inline_ : other.data_;
    other.data_ = &other.inline_;
    other.size_ = 0;
    other.storage_ = kInline;
    return *this;
  }
  CompactList& operator=(std::initializer_list<T> values) {
    CopyFrom(values.begin(), values.size());
    return *this;
  }
  ~CompactList() { Clear(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return data_; }
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
      Clear();
      size_ = static_cast<uint32_t>(count);
      inline_ = one;
      return;
    }
    T* values = new T[count];
    std::transform(first, last, values, [](const auto& value) { return static_cast<T>(value); });
    Clear();
    data_ = values;
    size_ = static_cast<uint32_t>(count);
    storage_ = kHeap;
  }
  void assign(size_t count, const T& value) {
    const T copy = value;  // `value` may be one of this list's
    Clear();
    size_ = static_cast<uint32_t>(count);
    if (count <= 1) {
      inline_ = copy;
      return;
    }
    T* values = new T[count];
    std::fill_n(values, count, copy);
    data_ = values;
    storage_ = kHeap;
  }
  // Grows by one element (a copy of the list; lists are built once, at setup).
  void push_back(const T& value) {
    std::vector<T> grown(begin(), end());
    grown.push_back(value);
    CopyFrom(grown.data(), grown.size());
  }
  // Replaces element i, first copying a viewed list.
  void Set(size_t i, const T& value) {
    if (storage_ == kView) CopyFrom(data_, size_);
    const_cast<T*>(data_)[i] = value;
  }
  std::vector<T> ToVector() const { return std::vector<T>(begin(), end()); }

  friend bool operator==(const CompactList& a, const CompactList& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator!=(const CompactList& a, const CompactList& b) { return !(a == b); }

 private:
  enum : uint32_t { kInline = 0, kView = 1, kHeap = 2 };

  void Clear() {
    if (storage_ == kHeap) delete[] const_cast<T*>(data_);
    data_ = &inline_;
    size_ = 0;
    storage_ = kInline;
  }
  void CopyFrom(const T* values, size_t count) { assign(values, values + count); }

  // The elements: viewed, owned, or &inline_ (so that reading them needs no
  // test of where they are: a microcontroller inlines data() at every read).
  // Copies and moves point their own data_ at their own inline_.
  const T* data_;
  uint32_t size_ : 30;
  uint32_t storage_ : 2;
  T inline_ = T();
};

}  // namespace brasa

#endif  // BRASA_COMPACT_LIST_H_
