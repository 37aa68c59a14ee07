#include "charts.h"

#include "svg.h"

#include <algorithm>
#include <cmath>

namespace archsim::exporters::charts {

namespace {

// A "nice" axis maximum: 1, 2, 2.5 or 5 times a power of ten at or above v.
double niceMax(double v)
{
    if (!(v > 0) || !std::isfinite(v))
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (f * p >= v)
            return f * p;
    return 10 * p;
}

} // namespace

std::string barChart(const std::string &title, const std::vector<Bar> &bars,
                     const std::string &unit, double maxValue)
{
    const double labelW = 170, barW = 360, rowH = 22, top = 28;
    double maxV = maxValue;
    for (const auto &b : bars)
        if (std::isfinite(b.value))
            maxV = std::max(maxV, b.value);
    maxV = maxValue > 0 ? maxValue : niceMax(maxV);
    const double h = top + rowH * static_cast<double>(bars.size()) + 8;
    svg::Writer out(labelW + barW + 90, h, title);
    out.text(0, 16, title, "chart-title");
    for (size_t i = 0; i < bars.size(); ++i) {
        const auto &b = bars[i];
        const double y = top + rowH * static_cast<double>(i);
        const double v = std::isfinite(b.value) ? std::clamp(b.value, 0.0, maxV) : maxV;
        out.text(labelW - 8, y + 14, b.label, "axis-label", "end");
        out.rect(labelW, y + 3, barW, rowH - 8, "bar-track", 3);
        out.rect(labelW, y + 3, std::max(1.0, barW * v / maxV), rowH - 8, "bar " + b.cls, 3);
        const std::string shown = std::isfinite(b.value) ? svg::num(b.value) + unit : "∞";
        out.text(labelW + barW + 6, y + 14, shown, "value");
    }
    return out.finish();
}

std::string lineChart(const std::string &title, const std::vector<double> &xs,
                      const std::vector<Series> &series, const std::string &xLabel,
                      const std::string &yLabel)
{
    const double w = 520, h = 250, left = 52, right = 16, top = 44, bottom = 40;
    const double pw = w - left - right, ph = h - top - bottom;
    double maxY = 0, minX = xs.empty() ? 0 : xs.front(), maxX = xs.empty() ? 1 : xs.back();
    for (const auto &s : series)
        for (double y : s.ys)
            if (std::isfinite(y))
                maxY = std::max(maxY, y);
    maxY = niceMax(maxY);
    if (maxX <= minX)
        maxX = minX + 1;
    // Round x ticks: a nice step so that five or fewer steps cover the range.
    const double step = niceMax((maxX - minX) / 5);
    svg::Writer out(w, h, title);
    out.text(0, 16, title, "chart-title");
    for (int i = 0; i <= 4; ++i) { // horizontal grid with y ticks
        const double y = top + ph - ph * i / 4.0;
        out.line(left, y, left + pw, y, i == 0 ? "axis" : "grid");
        out.text(left - 6, y + 4, svg::num(maxY * i / 4.0), "tick", "end");
    }
    for (double v = std::ceil(minX / step) * step; v <= maxX + 1e-9; v += step) {
        const double x = left + pw * (v - minX) / (maxX - minX);
        out.line(x, top + ph, x, top + ph + 4, "axis");
        out.text(x, top + ph + 16, svg::num(v), "tick", "middle");
    }
    out.text(left + pw / 2, h - 4, xLabel, "axis-label", "middle");
    out.text(left - 6, top - 12, yLabel, "axis-label", "end");
    double legendX = left + pw;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        legendX -= 12 + 7.5 * static_cast<double>(it->name.size()) + 20;
        out.rect(legendX, 9, 12, 4, "swatch " + it->cls);
        out.text(legendX + 16, 15, it->name, "legend");
    }
    for (const auto &s : series) {
        std::string pts;
        for (size_t i = 0; i < xs.size() && i < s.ys.size(); ++i) {
            if (!std::isfinite(s.ys[i]))
                continue;
            const double x = left + pw * (xs[i] - minX) / (maxX - minX);
            const double y = top + ph - ph * std::clamp(s.ys[i], 0.0, maxY) / maxY;
            pts += svg::num(x) + "," + svg::num(y) + " ";
        }
        out.polyline(pts, "series " + s.cls);
    }
    return out.finish();
}

std::string chartStyle()
{
    return R"(.chart-title{font-size:13px;font-weight:600;fill:#111827}
.axis-label,.legend{font-size:11px;fill:#374151}.tick{font-size:10px;fill:#6b7280}
.value{font-size:11px;fill:#111827;font-variant-numeric:tabular-nums}
.bar-track{fill:#f1f5f9}.bar{fill:#2563eb}.bar.warn{fill:#d97706}.bar.bad{fill:#dc2626}
.grid{stroke:#e5e7eb;stroke-width:1}.axis{stroke:#9ca3af;stroke-width:1}
.series{fill:none;stroke-width:2}.s1{stroke:#2563eb;fill:#2563eb}
.s2{stroke:#dc2626;fill:#dc2626}.s3{stroke:#059669;fill:#059669}
.swatch{stroke:none}polyline.s1,polyline.s2,polyline.s3{fill:none}
)";
}

} // namespace archsim::exporters::charts
