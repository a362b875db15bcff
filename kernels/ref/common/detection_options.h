// The options of the TFLite_Detection_PostProcess custom operator, stored as
// a FlexBuffer map in the operator's custom_options, as TensorFlow's object
// detection export writes them.
#ifndef BRASA_KERNELS_REF_COMMON_DETECTION_OPTIONS_H_
#define BRASA_KERNELS_REF_COMMON_DETECTION_OPTIONS_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

struct DetectionOptions {
  int32_t max_detections = 0;
  int32_t max_classes_per_detection = 0;  // fast NMS: classes kept per box
  int32_t detections_per_class = 100;     // regular NMS: boxes kept per class
  float nms_score_threshold = 0.0f;
  float nms_iou_threshold = 0.0f;
  int32_t num_classes = 0;
  // Box encodings are divided by these before decoding (y, x, h, w).
  float y_scale = 0.0f;
  float x_scale = 0.0f;
  float h_scale = 0.0f;
  float w_scale = 0.0f;
  bool use_regular_nms = false;
};

// Parses and validates the node's custom options: the FlexBuffer is verified,
// every required key must be present with a numeric value in range
// (detections_per_class and use_regular_nms may be absent: 100, false).
Status ParseDetectionOptions(const KernelContext& context, DetectionOptions* options);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_DETECTION_OPTIONS_H_
