#pragma once

// Inline SVG charts of the report: horizontal bars and line charts with axes.

#include <string>
#include <vector>

namespace archsim::exporters::charts {

struct Bar {
    std::string label;
    double value = 0;
    std::string cls; // extra class ("bad" for saturated bars)
};

// Returns horizontal bars scaled to `maxValue` (0 = the largest value), values shown with unit.
std::string barChart(const std::string &title, const std::vector<Bar> &bars,
                     const std::string &unit, double maxValue = 0);

struct Series {
    std::string name;
    std::vector<double> ys;
    std::string cls; // "s1", "s2", ...
};

// Returns a line chart over xs with a shared y axis starting at 0.
std::string lineChart(const std::string &title, const std::vector<double> &xs,
                      const std::vector<Series> &series, const std::string &xLabel,
                      const std::string &yLabel);

// Returns the CSS of the charts.
std::string chartStyle();

} // namespace archsim::exporters::charts
