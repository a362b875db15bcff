// A few SVG elements as text, for `brasa inspect --svg/--arena-svg`.
#ifndef BRASA_TOOLS_SVG_WRITER_H_
#define BRASA_TOOLS_SVG_WRITER_H_

#include <string>

namespace brasa {
namespace tools {

class SvgWriter {
 public:
  SvgWriter(double width, double height);
  void Rect(double x, double y, double w, double h, const std::string& style,
            const std::string& title = "");
  void Line(double x1, double y1, double x2, double y2, const std::string& style);
  void Path(const std::string& d, const std::string& style);
  void Text(double x, double y, const std::string& text, const std::string& style);
  std::string Finish();

 private:
  std::string body_;
  double width_, height_;
};

// Text with &, <, > and " escaped.
std::string XmlEscape(const std::string& text);
// A fill color for item `i`, distinct for neighbours.
std::string PaletteColor(int i);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_SVG_WRITER_H_
