// The multi-class selection of TFLite_Detection_PostProcess over decoded
// boxes: its op data, its scratch layout (every array planned in Prepare,
// so Eval allocates nothing) and the fast and regular NMS variants.
#ifndef BRASA_KERNELS_REF_COMMON_DETECTION_NMS_H_
#define BRASA_KERNELS_REF_COMMON_DETECTION_NMS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/ref/common/detection_options.h"
#include "kernels/ref/common/non_max_suppression.h"

namespace brasa {

// Scratch arrays, by position in DetectionData::offsets.
enum DetectionArray : int {
  kDecoded,       // BoxCorners[boxes]
  kScores,        // float[boxes * scores_per_box], dequantized predictions
  kKeepIndices,   // NMS workspace, int[boxes] ...
  kKeepScores,
  kOrder,
  kSortBuffer,
  kActive,        // uint8[boxes]
  kSelected,      // int[boxes]
  kBoxScores,     // fast: best score per box; regular: one class's scores
  kClassOrder,    // fast: int[boxes * num_classes], each box's classes by score
  kCandidates,    // regular: int[boxes + max_detections], box * scores_per_box + class
  kCandidateScores,
  kCandidateOrder,
  kMergedBoxes,   // regular: int[max_detections]
  kMergedScores,  // regular: float[max_detections]
  kNumDetectionArrays
};

struct DetectionData {
  DetectionOptions options;
  int num_boxes = 0;
  int box_stride = 4;      // values per box encoding (>= 4; extra keypoints are ignored)
  int scores_per_box = 0;  // num_classes, plus 1 with a background class first
  int scratch_index = -1;
  size_t offsets[kNumDetectionArrays] = {};
};

// Lays the arrays out (16-byte aligned); false if they would pass 2 GiB.
bool PlanDetectionScratch(DetectionData* data, bool quantized_scores, size_t* bytes);

struct DetectionScratch {
  BoxCorners* decoded;
  float* scores;
  NmsWorkspace nms;
  int* selected;
  float* box_scores;
  int* class_order;
  int* candidates;
  float* candidate_scores;
  int* candidate_order;
  int* merged_boxes;
  float* merged_scores;
};

DetectionScratch CarveDetectionScratch(const DetectionData& data, void* scratch);

struct DetectionOutputs {
  float* boxes;    // [slots][4], zeroed by the caller
  float* classes;  // [slots]
  float* scores;   // [slots]
  float* count;    // [1]
};

// One NMS over each box's best class score; each kept box fills
// max_classes_per_detection slots with its top classes.
void FastMultiClassNms(const DetectionData& data, const DetectionScratch& scratch,
                       const float* scores, const DetectionOutputs& out);

// One NMS per class (detections_per_class each), merged into the
// max_detections best, one slot each.
void RegularMultiClassNms(const DetectionData& data, const DetectionScratch& scratch,
                          const float* scores, const DetectionOutputs& out);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_DETECTION_NMS_H_
