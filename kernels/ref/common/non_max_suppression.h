// Box decoding helpers and greedy non-max suppression for
// TFLite_Detection_PostProcess, following the arithmetic of TensorFlow Lite's
// kernel (float IoU, stable ordering by decreasing score) so that the
// selected boxes match it exactly. Nothing here allocates: every array lives
// in the caller's scratch.
#ifndef BRASA_KERNELS_REF_COMMON_NON_MAX_SUPPRESSION_H_
#define BRASA_KERNELS_REF_COMMON_NON_MAX_SUPPRESSION_H_

#include <cstdint>

namespace brasa {

// A decoded box: its corners.
struct BoxCorners {
  float ymin;
  float xmin;
  float ymax;
  float xmax;
};

// Intersection over union of two boxes, in float; 0 when either box has no
// area.
float IntersectionOverUnion(const BoxCorners& a, const BoxCorners& b);

// `indices` = 0..count-1 ordered by decreasing value; equal values keep
// their index order. `buffer` holds `count` ints.
void StableDecreasingArgSort(const float* values, int count, int* indices, int* buffer);

// The first `k` of `indices` become the indices of the `k` largest values,
// largest first: for k == 1 the first maximum; otherwise a heap-based partial
// sort of 0..count-1 (std::partial_sort, as TensorFlow Lite does, so equal
// values come out in the same order).
void DecreasingPartialArgSort(const float* values, int count, int k, int* indices);

// Scratch arrays of one NMS call over up to `num_boxes` boxes.
struct NmsWorkspace {
  int* keep_indices;   // boxes at or above the score threshold
  float* keep_scores;
  int* order;          // keep positions by decreasing score
  int* sort_buffer;
  uint8_t* active;     // still a candidate
};

// Greedy single-class NMS: boxes scoring at least `score_threshold`, taken
// by decreasing score, each kept unless a kept box overlaps it by IoU above
// `iou_threshold`; at most `max_detections`. Writes the kept box indices to
// `selected` (room for num_boxes) and returns how many.
int NonMaxSuppressionSingleClass(const BoxCorners* boxes, const float* scores, int num_boxes,
                                 float score_threshold, float iou_threshold, int max_detections,
                                 const NmsWorkspace& workspace, int* selected);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_NON_MAX_SUPPRESSION_H_
