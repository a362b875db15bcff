// `brasa inspect --svg`: the graph as layers of op boxes, top to bottom.
#include <algorithm>
#include <map>

#include "tools/inspect_report.h"
#include "tools/svg_writer.h"

namespace brasa {
namespace tools {
namespace {

constexpr double kBoxWidth = 210, kBoxHeight = 44, kColumnGap = 30, kRowGap = 46, kMargin = 30;
constexpr double kBandGap = 50;
constexpr size_t kRowsPerBand = 12;

struct Placed {
  int layer = 0, column = 0;
  double x = 0, y = 0;  // top-left corner
};

std::string Point(double x, double y) { return std::to_string(x) + "," + std::to_string(y); }

// An edge from a box's bottom (x1, y1) to another's top (x2, y2): a curve
// downwards, or, into a later band (the target sits higher), a right-angled
// route through the gap between the bands.
std::string EdgePath(double x1, double y1, double x2, double y2) {
  if (y2 > y1) {
    const double mid = (y1 + y2) / 2;
    return "M" + Point(x1, y1) + " C" + Point(x1, mid) + " " + Point(x2, mid) + " " + Point(x2, y2);
  }
  const double drop = kRowGap / 3;
  const double gutter = x2 - kBoxWidth / 2 - kBandGap / 2 - kColumnGap / 2;
  return "M" + Point(x1, y1) + " V" + std::to_string(y1 + drop) + " H" + std::to_string(gutter) +
         " V" + std::to_string(y2 - drop) + " H" + std::to_string(x2) + " V" + std::to_string(y2);
}

}  // namespace

std::string GraphSvg(const InspectReport& report) {
  const size_t count = report.operators.size();
  // Layer of an op: one below the deepest op whose output it reads (graph
  // inputs and constants are layer -1); row 0 holds the graph inputs.
  std::map<int, size_t> producer;  // tensor -> op position
  std::vector<Placed> placed(count);
  std::vector<int> per_layer;
  for (size_t p = 0; p < count; ++p) {
    int layer = 0;
    for (int t : report.operators[p].inputs) {
      auto it = producer.find(t);
      if (it != producer.end()) layer = std::max(layer, placed[it->second].layer + 1);
    }
    placed[p].layer = layer;
    if (per_layer.size() <= static_cast<size_t>(layer)) per_layer.resize(static_cast<size_t>(layer) + 1, 0);
    placed[p].column = per_layer[static_cast<size_t>(layer)]++;
    for (int t : report.operators[p].outputs) producer[t] = p;
  }
  const int widest = std::max<int>(static_cast<int>(report.inputs.size()),
                                   per_layer.empty() ? 1 : *std::max_element(per_layer.begin(), per_layer.end()));
  // Rows: the inputs, one per layer, the outputs. A deep graph (a chain of
  // 30 layers) wraps into side-by-side bands of kRowsPerBand rows, read
  // left to right, so the drawing stays closer to a page than a ribbon.
  const size_t rows = per_layer.size() + 2;
  const size_t bands = (rows + kRowsPerBand - 1) / kRowsPerBand;
  const size_t rows_per_band = (rows + bands - 1) / bands;
  const double band_width = widest * (kBoxWidth + kColumnGap) + kBandGap;
  const double width = 2 * kMargin + static_cast<double>(bands) * band_width;
  const double height =
      2 * kMargin + static_cast<double>(rows_per_band) * (kBoxHeight + kRowGap) + 20;
  SvgWriter svg(width, height);
  auto row_x = [&](size_t row, int column, int in_row) {
    const double row_width = in_row * (kBoxWidth + kColumnGap) - kColumnGap;
    const double band_x = kMargin + static_cast<double>(row / rows_per_band) * band_width;
    return band_x + (band_width - kBandGap - row_width) / 2 + column * (kBoxWidth + kColumnGap);
  };
  auto row_y = [&](size_t row) {
    return kMargin + 20 + static_cast<double>(row % rows_per_band) * (kBoxHeight + kRowGap);
  };
  svg.Text(kMargin, kMargin,
           "graph: " + std::to_string(count) + " ops, numbered in execution order; " +
               "dashed orange: a delegate partition; red: unsupported",
           "font: 14px sans-serif; fill: #333");
  std::map<int, std::pair<double, double>> tensor_source;  // tensor -> bottom center of its box
  for (size_t i = 0; i < report.inputs.size(); ++i) {
    const TensorRow& t = report.tensors[static_cast<size_t>(report.inputs[i])];
    const double x = row_x(0, static_cast<int>(i), static_cast<int>(report.inputs.size()));
    const double y = row_y(0);
    svg.Rect(x, y, kBoxWidth, kBoxHeight, "fill: #e8f0fe; stroke: #3367d6; stroke-width: 1.5; rx: 22",
             "graph input tensor " + std::to_string(t.index));
    svg.Text(x + 10, y + 18, "input " + std::to_string(i) + ": " + t.name.substr(0, 22),
             "font: bold 12px sans-serif");
    svg.Text(x + 10, y + 35, std::string(DataTypeName(t.type)) + " " + ShapeToString(t.shape),
             "font: 12px monospace");
    tensor_source[t.index] = {x + kBoxWidth / 2, y + kBoxHeight};
  }
  for (size_t p = 0; p < count; ++p) {
    Placed& at = placed[p];
    const size_t row = static_cast<size_t>(at.layer) + 1;
    at.x = row_x(row, at.column, per_layer[static_cast<size_t>(at.layer)]);
    at.y = row_y(row);
  }
  // Edges first, so boxes cover their ends.
  for (size_t p = 0; p < count; ++p) {
    for (int t : report.operators[p].inputs) {
      auto it = tensor_source.find(t);
      auto from = producer.find(t);
      double x1, y1;
      if (from != producer.end() && from->second < p) {
        const Placed& src = placed[from->second];
        x1 = src.x + kBoxWidth / 2;
        y1 = src.y + kBoxHeight;
      } else if (it != tensor_source.end()) {
        x1 = it->second.first;
        y1 = it->second.second;
      } else {
        continue;  // a constant
      }
      const double x2 = placed[p].x + kBoxWidth / 2, y2 = placed[p].y;
      svg.Path(EdgePath(x1, y1, x2, y2),
               "fill: none; stroke: #555; stroke-width: 1.2; marker-end: url(#arrow)");
    }
  }
  for (size_t p = 0; p < count; ++p) {
    const OperatorRow& op = report.operators[p];
    const bool delegated = !op.delegated_nodes.empty();
    const std::string style =
        delegated ? "fill: #fde9d9; stroke: #d35400; stroke-width: 2.5; stroke-dasharray: 6 3"
                  : op.supported ? "fill: #f1f8e9; stroke: #558b2f; stroke-width: 1.5"
                                 : "fill: #ffebee; stroke: #c62828; stroke-width: 2";
    const std::string label = std::to_string(p) + " " + op.name;
    svg.Rect(placed[p].x, placed[p].y, kBoxWidth, kBoxHeight, style, label);
    if (delegated) {  // above the box: how many model ops the partition runs
      svg.Text(placed[p].x + 8, placed[p].y - 4,
               "delegate partition: " + std::to_string(op.delegated_nodes.size()) + " ops",
               "font: bold 11px sans-serif; fill: #d35400");
    }
    svg.Text(placed[p].x + 8, placed[p].y + 18, label.substr(0, 30), "font: bold 12px sans-serif");
    svg.Text(placed[p].x + 8, placed[p].y + 35, "out " + ShapeToString(op.output_shape),
             "font: 12px monospace");
  }
  const size_t last_row = per_layer.size() + 1;
  for (size_t i = 0; i < report.outputs.size(); ++i) {
    const int t = report.outputs[i];
    const double x = row_x(last_row, static_cast<int>(i), static_cast<int>(report.outputs.size()));
    const double y = row_y(last_row);
    auto from = producer.find(t);
    if (from != producer.end()) {
      const double x1 = placed[from->second].x + kBoxWidth / 2;
      const double y1 = placed[from->second].y + kBoxHeight;
      svg.Path(EdgePath(x1, y1, x + kBoxWidth / 2, y),
               "fill: none; stroke: #555; stroke-width: 1.2; marker-end: url(#arrow)");
    }
    const TensorRow& row = report.tensors[static_cast<size_t>(t)];
    svg.Rect(x, y, kBoxWidth, kBoxHeight, "fill: #fff8e1; stroke: #f9a825; stroke-width: 1.5; rx: 22",
             "graph output tensor " + std::to_string(t));
    svg.Text(x + 10, y + 18, "output " + std::to_string(i) + ": " + row.name.substr(0, 22),
             "font: bold 12px sans-serif");
    svg.Text(x + 10, y + 35, std::string(DataTypeName(row.type)) + " " + ShapeToString(row.shape),
             "font: 12px monospace");
  }
  return svg.Finish();
}

}  // namespace tools
}  // namespace brasa
