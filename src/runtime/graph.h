// The interpreter's graph: tensors and nodes in execution order. Built from a
// Model by the interpreter, or directly by tests of single kernels.
#ifndef BRASA_RUNTIME_GRAPH_H_
#define BRASA_RUNTIME_GRAPH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "brasa/compact_list.h"
#include "brasa/isa.h"
#include "brasa/kernel.h"
#include "brasa/tensor.h"
#include "src/planner/arena_planner.h"

namespace brasa {

struct Delegate;
class LargePageRegion;

namespace internal {

class ThreadPool;

// What the interpreter's options tell kernels (KernelContext::isa() and
// friends). Tests that build a Graph directly get the defaults.
struct KernelRuntime {
  Isa max_isa = Isa::kBest;
  bool use_reference_kernels = false;
  ThreadPool* thread_pool = nullptr;  // null: one thread
  // InterpreterOptions::max_arena_bytes: no tensor the graph computes may be
  // larger, counting empty dimensions as 1 (PrepareGraph checks it, so a
  // [1,2^30,2^30,0] tensor cannot make a kernel loop 2^60 times over nothing).
  // The default, 2^40 bytes, is clipped to what size_t holds on 32-bit targets.
  size_t max_tensor_bytes =
      static_cast<size_t>(std::min<uint64_t>(uint64_t{1} << 40, SIZE_MAX));
  // InterpreterOptions::max_invoke_macs: the most multiply-accumulates (and
  // pooling window reads) the graph's nodes may cost per pass (NodeMacs).
  uint64_t max_invoke_macs = UINT64_MAX;
};
struct GraphSet;

// Heap blocks that live until Reset(): op data, packed weights, parsed
// options. Counted so tools can report them.
// The interpreter's limit on all its persistent allocators together
// (InterpreterOptions::max_persistent_bytes). An allocation that would pass
// it is refused before anything is allocated, and remembered so the
// interpreter can say which limit a failing Prepare ran into.
struct PersistentBudget {
  size_t limit = SIZE_MAX;
  size_t used = 0;
  size_t refused = 0;  // the bytes of the first refused request, 0 if none
};

// The part of a caller's arena that persistent data may take, from its end
// down (TensorFlow Lite Micro's layout, DESIGN.md "Memory on a
// microcontroller"): bare-metal interpreters keep op data, options and
// variables there, the planned activations below. No heap block headers,
// no half-used chunks.
struct ArenaTail {
  uint8_t* begin = nullptr;  // the arena's first byte
  uint8_t* top = nullptr;    // the lowest byte handed out; the arena's end at first
};

class PersistentAllocator {
 public:
  PersistentAllocator() = default;
  PersistentAllocator(PersistentAllocator&& other) noexcept { *this = std::move(other); }
  PersistentAllocator& operator=(PersistentAllocator&& other) noexcept;
  ~PersistentAllocator() { FreeBlocks(); }
  // Returns nullptr when out of memory or over the budget. 16-byte aligned;
  // requests over half a chunk (packed weights) kArenaAlignment-aligned.
  // Taken from the arena tail while it has room, else from the heap.
  void* Allocate(size_t bytes);
  // Frees one block Allocate returned for a request over half a chunk (false
  // for any other pointer).
  bool Release(const void* pointer);
  void Reset();
  // The bytes handed out (each request rounded up to 16); the chunks below
  // hold at most one chunk more.
  size_t bytes() const { return bytes_; }
  // Counts this allocator's blocks against `budget` (null: no limit); set
  // while it holds nothing. The budget must outlive the allocator's use.
  void set_budget(PersistentBudget* budget) { budget_ = budget; }
  // Serves requests from `tail` (null: the heap only) while it has room. The
  // owner of the tail takes its memory back (Reset frees only heap blocks);
  // Release never frees tail memory.
  void set_tail(ArenaTail* tail) { tail_ = tail; }
#ifndef BRASA_BARE_METAL
  // Requests over half a chunk (packed weights) are taken one after another
  // from `pages` (null: none) while it has room, so that the weights lie in
  // few 2 MB pages (src/platform/large_pages.h); Release returns a block's
  // pages to the OS, and Reset starts the region over. Set while this
  // allocator holds nothing from it (or before Reset); `pages` must outlive
  // the allocator's use.
  void set_large_pages(LargePageRegion* pages) {
    pages_ = pages;
    pages_used_ = 0;
  }
#endif

 private:
  struct alignas(16) Block16 {
    unsigned char bytes[16];
  };
  // Small requests (op data, parsed options) are carved from shared chunks:
  // one heap block, header and alignment padding for many of them (a
  // microcontroller paid about 36 bytes per request). A request over half a
  // chunk gets a block of its own.
  static constexpr size_t kChunkBlocks = 64;  // 1 KB
  // A block of its own starts at a multiple of kArenaAlignment (a cache line
  // on 64-bit CPUs, where SIMD kernels stream packed weights in whole
  // lines): it is allocated this many Block16 longer, uncounted.
  static constexpr size_t kLargeAlignment = kArenaAlignment;
  static constexpr size_t kLargeAlignmentSlack = kLargeAlignment / sizeof(Block16) - 1;
  static Block16* AlignLarge(Block16* block);
  // The first Block16 of each heap block: the blocks form a list, newest
  // first (no vector: its growth and erase code cost a microcontroller flash).
  struct HeapBlock {
    HeapBlock* next;
    size_t bytes;  // the request's rounded size; 0 for a chunk
  };
  static_assert(sizeof(HeapBlock) <= sizeof(Block16), "a heap block's header is one Block16");
  // A heap block of `blocks` Block16 after its header, linked in; null when
  // out of memory.
  Block16* NewHeapBlock(size_t blocks, size_t bytes);
  void FreeBlocks();
  HeapBlock* blocks_ = nullptr;
  Block16* chunk_next_ = nullptr;    // the current chunk's unused part
  size_t chunk_left_ = 0;            // in blocks
  size_t bytes_ = 0;
  PersistentBudget* budget_ = nullptr;
  ArenaTail* tail_ = nullptr;
#ifndef BRASA_BARE_METAL
  // An own block of `blocks` Block16 (its header included) from pages_, or
  // null when it has no room.
  Block16* TakeFromPages(size_t blocks);
  bool InPages(const void* block) const;
  LargePageRegion* pages_ = nullptr;
  size_t pages_used_ = 0;  // bytes of pages_ handed out since the last Reset
#endif
};

struct Node {
  int index = 0;              // position in the model's operator list
  int32_t builtin_code = -1;  // -1 for custom ops and delegate partitions
  const char* op_name = "";
  const OpKernel* kernel = nullptr;
  // Tensor indices; -1 = omitted optional input. Views of the model's own
  // index vectors where they are read as stored (no copy: a microcontroller
  // counts a heap block per list); Set copies one before changing it.
  CompactList<int32_t> inputs;
  CompactList<int32_t> outputs;
  CompactList<int32_t> intermediates;  // tensors that only carry quantization (LSTM)
  const void* params = nullptr;  // parsed builtin options
  const uint8_t* custom_options = nullptr;
  size_t custom_options_size = 0;
  void* op_data = nullptr;
  // Requested in Prepare, bound after planning: one vector (a microcontroller
  // counts a heap block per vector).
  struct Scratch {
    size_t bytes = 0;
    void* data = nullptr;
  };
  std::vector<Scratch> scratch;
#ifndef BRASA_BARE_METAL  // no delegates on a microcontroller (no_delegates.cc): 20 B a node
  const Delegate* delegate = nullptr;  // set on a delegate partition node
  void* delegate_data = nullptr;       // the partition kernel's op data
  std::vector<int> delegated_nodes;    // model operators it replaced
#endif
};

// A variable tensor's initial value from the model (most variables have none
// and start at zero).
struct VariableInit {
  int tensor = -1;
  const uint8_t* data = nullptr;
  size_t size = 0;
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<VariableInit> variable_inits;
  std::vector<Node> nodes;  // execution order
  // Tensor indices, viewed in the model where it stores them as read (Node's inputs).
  CompactList<int32_t> inputs;
  CompactList<int32_t> outputs;
  PersistentAllocator persistent;  // reset at every Prepare
  // Sparse constants' storage descriptions (Tensor::sparsity points here).
  std::vector<std::unique_ptr<Sparsity>> sparsity;
  KernelRuntime runtime;
  // The model's subgraph this graph was built from (0: the main one), and the
  // interpreter's set of all of them; null for a graph built alone by tests,
  // whose control-flow nodes then fail with a clear error.
  int subgraph_index = 0;
  GraphSet* set = nullptr;
  // The planner keeps the inputs' buffers for the whole graph (the main
  // graph's follow InterpreterOptions::preserve_inputs).
  bool preserve_inputs = true;
};

#ifndef BRASA_BARE_METAL
// The address space to reserve in 2 MB pages for `graph`'s packed weights
// (InterpreterOptions::large_pages; src/platform/large_pages.h), or 0 where
// they would not pay: a graph with under kMinLargePageConstants of constant
// data. Below that its weights' 4 KB pages fit the second-level TLB of
// current x86-64 cores (2,048 to 3,072 entries: 8 to 12 MB), and int8
// MobileNetV2 (3.5 MB of constants) measured no gain, while committing its
// last 2 MB page whole costs up to 2 MB of memory. The reservation leaves
// room for packings larger than the constants (headers, padding); only
// what is written is committed.
constexpr size_t kMinLargePageConstants = size_t{8} << 20;
size_t LargePageReservationBytes(const Graph& graph);
#endif

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_GRAPH_H_
