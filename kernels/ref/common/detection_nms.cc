#include "kernels/ref/common/detection_nms.h"

#include <algorithm>
#include <cstdint>

namespace brasa {
namespace {

constexpr uint64_t kMaxScratchBytes = uint64_t{1} << 31;
constexpr uint64_t kAlign = 16;

template <typename T>
T* At(void* base, const DetectionData& data, DetectionArray array) {
  return reinterpret_cast<T*>(static_cast<uint8_t*>(base) + data.offsets[array]);
}

// The decoded box, class and score of one output slot.
void WriteSlot(const DetectionOutputs& out, int slot, const BoxCorners& box, int label,
               float score) {
  out.boxes[4 * slot + 0] = box.ymin;
  out.boxes[4 * slot + 1] = box.xmin;
  out.boxes[4 * slot + 2] = box.ymax;
  out.boxes[4 * slot + 3] = box.xmax;
  out.classes[slot] = static_cast<float>(label);
  out.scores[slot] = score;
}

}  // namespace

bool PlanDetectionScratch(DetectionData* data, bool quantized_scores, size_t* bytes) {
  const uint64_t boxes = static_cast<uint64_t>(data->num_boxes);
  const uint64_t classes = static_cast<uint64_t>(data->options.num_classes);
  const uint64_t detections = static_cast<uint64_t>(data->options.max_detections);
  const bool regular = data->options.use_regular_nms;
  uint64_t counts[kNumDetectionArrays] = {};
  uint64_t sizes[kNumDetectionArrays] = {};
  counts[kDecoded] = boxes;
  sizes[kDecoded] = sizeof(BoxCorners);
  counts[kScores] = quantized_scores ? boxes * static_cast<uint64_t>(data->scores_per_box) : 0;
  for (DetectionArray a : {kKeepIndices, kKeepScores, kOrder, kSortBuffer, kSelected, kBoxScores}) {
    counts[a] = boxes;
  }
  counts[kActive] = boxes;
  counts[kClassOrder] = regular ? 0 : boxes * classes;
  for (DetectionArray a : {kCandidates, kCandidateScores, kCandidateOrder}) {
    counts[a] = regular ? boxes + detections : 0;
  }
  counts[kMergedBoxes] = regular ? detections : 0;
  counts[kMergedScores] = regular ? detections : 0;
  uint64_t total = 0;
  for (int a = 0; a < kNumDetectionArrays; ++a) {
    if (sizes[a] == 0) sizes[a] = a == kActive ? 1 : 4;  // int, float or uint8
    data->offsets[a] = static_cast<size_t>(total);
    const uint64_t size = counts[a] * sizes[a];  // both below 2^34: no overflow
    total += (size + kAlign - 1) / kAlign * kAlign;
    if (total > kMaxScratchBytes) return false;
  }
  *bytes = static_cast<size_t>(total);
  return true;
}

DetectionScratch CarveDetectionScratch(const DetectionData& data, void* base) {
  DetectionScratch s;
  s.decoded = At<BoxCorners>(base, data, kDecoded);
  s.scores = At<float>(base, data, kScores);
  s.nms = {At<int>(base, data, kKeepIndices), At<float>(base, data, kKeepScores),
           At<int>(base, data, kOrder), At<int>(base, data, kSortBuffer),
           At<uint8_t>(base, data, kActive)};
  s.selected = At<int>(base, data, kSelected);
  s.box_scores = At<float>(base, data, kBoxScores);
  s.class_order = At<int>(base, data, kClassOrder);
  s.candidates = At<int>(base, data, kCandidates);
  s.candidate_scores = At<float>(base, data, kCandidateScores);
  s.candidate_order = At<int>(base, data, kCandidateOrder);
  s.merged_boxes = At<int>(base, data, kMergedBoxes);
  s.merged_scores = At<float>(base, data, kMergedScores);
  return s;
}

void FastMultiClassNms(const DetectionData& data, const DetectionScratch& scratch,
                       const float* scores, const DetectionOutputs& out) {
  const DetectionOptions& o = data.options;
  const int label_offset = data.scores_per_box - o.num_classes;
  const int top_classes = std::min(o.max_classes_per_detection, o.num_classes);
  for (int box = 0; box < data.num_boxes; ++box) {
    const float* box_scores = scores + box * data.scores_per_box + label_offset;
    int* order = scratch.class_order + box * o.num_classes;
    DecreasingPartialArgSort(box_scores, o.num_classes, top_classes, order);
    scratch.box_scores[box] = box_scores[order[0]];
  }
  const int kept = NonMaxSuppressionSingleClass(
      scratch.decoded, scratch.box_scores, data.num_boxes, o.nms_score_threshold,
      o.nms_iou_threshold, o.max_detections, scratch.nms, scratch.selected);
  for (int k = 0; k < kept; ++k) {
    const int box = scratch.selected[k];
    const float* box_scores = scores + box * data.scores_per_box + label_offset;
    const int* order = scratch.class_order + box * o.num_classes;
    for (int c = 0; c < top_classes; ++c) {
      WriteSlot(out, k * o.max_classes_per_detection + c, scratch.decoded[box], order[c],
                box_scores[order[c]]);
    }
  }
  out.count[0] = static_cast<float>(kept);
}

void RegularMultiClassNms(const DetectionData& data, const DetectionScratch& scratch,
                          const float* scores, const DetectionOutputs& out) {
  const DetectionOptions& o = data.options;
  const int label_offset = data.scores_per_box - o.num_classes;
  // candidates[0, merged) hold the best detections so far, best first; each
  // class appends its NMS survivors, and the best max_detections are kept.
  int merged = 0;
  for (int label = 0; label < o.num_classes; ++label) {
    const int column = label + label_offset;
    for (int box = 0; box < data.num_boxes; ++box) {
      scratch.box_scores[box] = scores[box * data.scores_per_box + column];
    }
    const int kept = NonMaxSuppressionSingleClass(
        scratch.decoded, scratch.box_scores, data.num_boxes, o.nms_score_threshold,
        o.nms_iou_threshold, o.detections_per_class, scratch.nms, scratch.selected);
    int count = merged;
    for (int k = 0; k < kept; ++k) {
      scratch.candidates[count] = scratch.selected[k] * data.scores_per_box + column;
      scratch.candidate_scores[count] = scratch.box_scores[scratch.selected[k]];
      ++count;
    }
    const int best = std::min<int32_t>(count, o.max_detections);
    // TensorFlow Lite sorts even when nothing was added; so does brasa, so
    // that equal scores end up in the same order.
    if (best > 0) {
      DecreasingPartialArgSort(scratch.candidate_scores, count, best, scratch.candidate_order);
    }
    for (int r = 0; r < best; ++r) {
      scratch.merged_boxes[r] = scratch.candidates[scratch.candidate_order[r]];
      scratch.merged_scores[r] = scratch.candidate_scores[scratch.candidate_order[r]];
    }
    std::copy(scratch.merged_boxes, scratch.merged_boxes + best, scratch.candidates);
    std::copy(scratch.merged_scores, scratch.merged_scores + best, scratch.candidate_scores);
    merged = best;
  }
  for (int slot = 0; slot < merged; ++slot) {
    const int box = scratch.candidates[slot] / data.scores_per_box;
    const int label = scratch.candidates[slot] - box * data.scores_per_box - label_offset;
    WriteSlot(out, slot, scratch.decoded[box], label, scratch.candidate_scores[slot]);
  }
  out.count[0] = static_cast<float>(merged);
}

}  // namespace brasa
