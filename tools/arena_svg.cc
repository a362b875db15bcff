// `brasa inspect --arena-svg`: the arena plan as a timeline. x is the
// execution step, y the offset in the arena; each buffer is a box from its
// first to its last step, at its planned offset. The peak step is marked.
#include <algorithm>
#include <cstdio>

#include "tools/inspect_report.h"
#include "tools/svg_writer.h"

namespace brasa {
namespace tools {
namespace {

constexpr double kLeft = 90, kTop = 50, kPlotWidth = 900, kPlotHeight = 560, kBottom = 70;

}  // namespace

std::string ArenaSvg(const InspectReport& report) {
  const internal::ArenaLayout& layout = report.layout;
  // Steps 0 .. num_steps - 1 run nodes; graph inputs and outputs live one
  // step past the last node (kept for the caller).
  const int columns = std::max(layout.num_steps + 1, 1);
  const double step_width = kPlotWidth / columns;
  const double bytes = static_cast<double>(std::max<size_t>(layout.arena_bytes, 1));
  const double y_scale = kPlotHeight / bytes;
  SvgWriter svg(kLeft + kPlotWidth + 30, kTop + kPlotHeight + kBottom);
  char title[160];
  std::snprintf(title, sizeof(title), "arena: %zu bytes (lower bound %zu), %zu buffers, %d steps",
                layout.arena_bytes, layout.lower_bound, layout.buffers.size(), layout.num_steps);
  svg.Text(kLeft, 22, title, "font: bold 14px sans-serif; fill: #222");
  svg.Rect(kLeft, kTop, kPlotWidth, kPlotHeight, "fill: #fafafa; stroke: #999");
  if (report.peak_step >= 0) {  // the peak column, under the buffers
    svg.Rect(kLeft + report.peak_step * step_width, kTop - 8, step_width, kPlotHeight + 16,
             "fill: #ffcdd2; stroke: #d32f2f; stroke-width: 2");
  }
  for (size_t i = 0; i < layout.buffers.size(); ++i) {
    const internal::PlannedBuffer& b = layout.buffers[i];
    const double x = kLeft + b.first_step * step_width;
    const double w = (std::min(b.last_step, columns - 1) - b.first_step + 1) * step_width;
    const double y = kTop + static_cast<double>(b.offset) * y_scale;
    const double h = std::max(static_cast<double>(b.bytes) * y_scale, 1.0);
    std::string name;
    if (b.tensor >= 0) {
      const TensorRow& row = report.tensors[static_cast<size_t>(b.tensor)];
      name = "tensor " + std::to_string(b.tensor) + " '" + row.name + "' " + ShapeToString(row.shape);
    } else {
      name = "scratch of step " + std::to_string(b.node);
    }
    const std::string tip = name + ": offset " + std::to_string(b.offset) + ", " +
                            std::to_string(b.bytes) + " bytes, steps " +
                            std::to_string(b.first_step) + ".." + std::to_string(b.last_step);
    const std::string fill = b.tensor >= 0 ? PaletteColor(b.tensor) : "#bdbdbd";
    svg.Rect(x, y, w, h, "fill: " + fill + "; stroke: #37474f; stroke-width: 0.6; opacity: 0.9", tip);
  }
  if (report.peak_step >= 0) {  // the peak's outline again, over the buffers
    svg.Rect(kLeft + report.peak_step * step_width, kTop - 8, step_width, kPlotHeight + 16,
             "fill: none; stroke: #d32f2f; stroke-width: 2.5");
  }
  // Axes: steps below, offsets on the left.
  const int tick_every = std::max(1, columns / 20);
  for (int s = 0; s < columns; s += tick_every) {
    svg.Text(kLeft + (s + 0.5) * step_width - 4, kTop + kPlotHeight + 18, std::to_string(s),
             "font: 11px sans-serif; fill: #444");
  }
  svg.Text(kLeft + kPlotWidth / 2 - 40, kTop + kPlotHeight + 40, "execution step",
           "font: 12px sans-serif");
  svg.Text(kLeft, kTop + kPlotHeight + 56,
           "one box per buffer: its offset and size (y) over its lifetime (x); gray: scratch; "
           "graph inputs and outputs live through step " + std::to_string(columns - 1),
           "font: 11px sans-serif; fill: #555");
  for (int k = 0; k <= 4; ++k) {
    const double offset = bytes * k / 4;
    char label[32];
    std::snprintf(label, sizeof(label), "%.0f", offset);
    svg.Line(kLeft - 5, kTop + offset * y_scale, kLeft, kTop + offset * y_scale, "stroke: #444");
    svg.Text(6, kTop + offset * y_scale + 4, label, "font: 11px sans-serif; fill: #444");
  }
  svg.Text(6, kTop - 8, "offset (bytes)", "font: 12px sans-serif");
  if (report.peak_step >= 0) {
    char peak[96];
    std::snprintf(peak, sizeof(peak), "peak: step %d, %zu bytes live", report.peak_step,
                  report.peak_bytes);
    const double x = std::min(kLeft + report.peak_step * step_width, kLeft + kPlotWidth - 200);
    svg.Text(x, kTop - 12, peak, "font: bold 12px sans-serif; fill: #d32f2f");
  }
  return svg.Finish();
}

}  // namespace tools
}  // namespace brasa
