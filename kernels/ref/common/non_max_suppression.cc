#include "kernels/ref/common/non_max_suppression.h"

#include <algorithm>

namespace brasa {

float IntersectionOverUnion(const BoxCorners& a, const BoxCorners& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0.0f || area_b <= 0.0f) return 0.0f;
  const float height = std::max(std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin), 0.0f);
  const float width = std::max(std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin), 0.0f);
  const float intersection = height * width;
  return intersection / (area_a + area_b - intersection);
}

void StableDecreasingArgSort(const float* values, int count, int* indices, int* buffer) {
  for (int i = 0; i < count; ++i) indices[i] = i;
  // Bottom-up merge sort: stable, and no allocation (std::stable_sort may).
  int* from = indices;
  int* to = buffer;
  for (int width = 1; width < count; width *= 2) {
    for (int start = 0; start < count; start += 2 * width) {
      const int middle = std::min(start + width, count);
      const int end = std::min(start + 2 * width, count);
      int left = start, right = middle, out = start;
      while (left < middle && right < end) {
        // Take from the right run only when strictly larger: ties stay in order.
        to[out++] = values[from[right]] > values[from[left]] ? from[right++] : from[left++];
      }
      while (left < middle) to[out++] = from[left++];
      while (right < end) to[out++] = from[right++];
    }
    std::swap(from, to);
  }
  if (from != indices) std::copy(from, from + count, indices);
}

void DecreasingPartialArgSort(const float* values, int count, int k, int* indices) {
  if (k == 1) {
    int best = 0;
    for (int i = 1; i < count; ++i) {
      if (values[i] > values[best]) best = i;
    }
    indices[0] = best;
    return;
  }
  for (int i = 0; i < count; ++i) indices[i] = i;
  std::partial_sort(indices, indices + k, indices + count,
                    [values](int i, int j) { return values[i] > values[j]; });
}

int NonMaxSuppressionSingleClass(const BoxCorners* boxes, const float* scores, int num_boxes,
                                 float score_threshold, float iou_threshold, int max_detections,
                                 const NmsWorkspace& workspace, int* selected) {
  int num_kept = 0;
  for (int i = 0; i < num_boxes; ++i) {
    if (scores[i] >= score_threshold) {
      workspace.keep_indices[num_kept] = i;
      workspace.keep_scores[num_kept] = scores[i];
      ++num_kept;
    }
  }
  StableDecreasingArgSort(workspace.keep_scores, num_kept, workspace.order,
                          workspace.sort_buffer);
  const int output_size = std::min(num_kept, max_detections);
  std::fill(workspace.active, workspace.active + num_kept, uint8_t{1});
  int num_active = num_kept;
  int num_selected = 0;
  for (int i = 0; i < num_kept; ++i) {
    if (num_active == 0 || num_selected >= output_size) break;
    if (workspace.active[i] == 0) continue;
    const int box = workspace.keep_indices[workspace.order[i]];
    selected[num_selected++] = box;
    workspace.active[i] = 0;
    --num_active;
    for (int j = i + 1; j < num_kept; ++j) {
      if (workspace.active[j] == 0) continue;
      const int other = workspace.keep_indices[workspace.order[j]];
      if (IntersectionOverUnion(boxes[box], boxes[other]) > iou_threshold) {
        workspace.active[j] = 0;
        --num_active;
      }
    }
  }
  return num_selected;
}

}  // namespace brasa
