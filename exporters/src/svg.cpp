#include "svg.h"

#include <cmath>
#include <cstdio>

namespace archsim::exporters::svg {

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t')
                out += ' ';
            else
                out += ch;
        }
    }
    return out;
}

std::string num(double v)
{
    if (!std::isfinite(v))
        return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s(buf);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

Writer::Writer(double width, double height, std::string_view ariaLabel)
{
    m_out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " "
        + num(height) + "\" width=\"" + num(width) + "\" height=\"" + num(height)
        + "\" role=\"img\" aria-label=\"" + escape(ariaLabel) + "\">\n";
}

void Writer::rect(double x, double y, double w, double h, std::string_view cls, double radius)
{
    m_out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w)
        + "\" height=\"" + num(h) + "\"";
    if (radius > 0)
        m_out += " rx=\"" + num(radius) + "\"";
    m_out += " class=\"" + escape(cls) + "\"/>\n";
}

void Writer::line(double x1, double y1, double x2, double y2, std::string_view cls)
{
    m_out += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2)
        + "\" y2=\"" + num(y2) + "\" class=\"" + escape(cls) + "\"/>\n";
}

void Writer::path(std::string_view d, std::string_view cls, bool arrow)
{
    m_out += "<path d=\"" + escape(d) + "\" class=\"" + escape(cls) + "\"";
    if (arrow)
        m_out += " marker-end=\"url(#arrow)\"";
    m_out += "/>\n";
}

void Writer::polyline(std::string_view points, std::string_view cls)
{
    m_out += "<polyline points=\"" + escape(points) + "\" class=\"" + escape(cls) + "\"/>\n";
}

void Writer::circle(double cx, double cy, double r, std::string_view cls)
{
    m_out += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r)
        + "\" class=\"" + escape(cls) + "\"/>\n";
}

void Writer::text(double x, double y, std::string_view content, std::string_view cls,
                  std::string_view anchor)
{
    m_out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" class=\"" + escape(cls) + "\"";
    if (anchor != "start")
        m_out += " text-anchor=\"" + escape(anchor) + "\"";
    m_out += ">" + escape(content) + "</text>\n";
}

void Writer::title(std::string_view content)
{
    m_out += "<title>" + escape(content) + "</title>\n";
}

void Writer::beginGroup(std::string_view cls) { m_out += "<g class=\"" + escape(cls) + "\">\n"; }

void Writer::endGroup() { m_out += "</g>\n"; }

void Writer::raw(std::string_view markup) { m_out += markup; }

std::string Writer::finish() { return m_out + "</svg>\n"; }

} // namespace archsim::exporters::svg
