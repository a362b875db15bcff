#include "tools/svg_writer.h"

#include <cstdio>

namespace brasa {
namespace tools {
namespace {

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", value);
  return text;
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string PaletteColor(int i) {
  static const char* const kColors[] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3",
                                        "#fdb462", "#b3de69", "#fccde5", "#bc80bd", "#ccebc5"};
  return kColors[static_cast<unsigned>(i) % (sizeof(kColors) / sizeof(kColors[0]))];
}

SvgWriter::SvgWriter(double width, double height) : width_(width), height_(height) {}

void SvgWriter::Rect(double x, double y, double w, double h, const std::string& style,
                     const std::string& title) {
  body_ += "<rect x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" width=\"" + Number(w) +
           "\" height=\"" + Number(h) + "\" style=\"" + style + "\">";
  if (!title.empty()) body_ += "<title>" + XmlEscape(title) + "</title>";
  body_ += "</rect>\n";
}

void SvgWriter::Line(double x1, double y1, double x2, double y2, const std::string& style) {
  body_ += "<line x1=\"" + Number(x1) + "\" y1=\"" + Number(y1) + "\" x2=\"" + Number(x2) +
           "\" y2=\"" + Number(y2) + "\" style=\"" + style + "\"/>\n";
}

void SvgWriter::Path(const std::string& d, const std::string& style) {
  body_ += "<path d=\"" + d + "\" style=\"" + style + "\"/>\n";
}

void SvgWriter::Text(double x, double y, const std::string& text, const std::string& style) {
  body_ += "<text x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" style=\"" + style + "\">" +
           XmlEscape(text) + "</text>\n";
}

std::string SvgWriter::Finish() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Number(width_) + "\" height=\"" +
         Number(height_) + "\" viewBox=\"0 0 " + Number(width_) + " " + Number(height_) + "\">\n"
         "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
         "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "fill=\"#555\"/></marker></defs>\n"
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body_ + "</svg>\n";
}

}  // namespace tools
}  // namespace brasa
