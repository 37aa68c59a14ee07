#pragma once

// A minimal SVG writer for the report: shapes and text with every attribute and text escaped.

#include <string>
#include <string_view>

namespace archsim::exporters::svg {

// Returns text with &, <, >, " and ' escaped for XML/HTML.
std::string escape(std::string_view text);

// Returns a number with at most two decimals and no trailing zeros ("12.5", "3").
std::string num(double v);

class Writer {
public:
    Writer(double width, double height, std::string_view ariaLabel);

    void rect(double x, double y, double w, double h, std::string_view cls, double radius = 0);
    void line(double x1, double y1, double x2, double y2, std::string_view cls);
    void path(std::string_view d, std::string_view cls, bool arrow = false);
    void polyline(std::string_view points, std::string_view cls);
    void circle(double cx, double cy, double r, std::string_view cls);
    // Text at (x, y); anchor is "start", "middle" or "end".
    void text(double x, double y, std::string_view content, std::string_view cls,
              std::string_view anchor = "start");
    void title(std::string_view content); // tooltip of the previous group
    void beginGroup(std::string_view cls);
    void endGroup();
    void raw(std::string_view markup); // trusted markup written by this layer only

    // Returns the finished <svg> element.
    std::string finish();

private:
    std::string m_out;
};

} // namespace archsim::exporters::svg
