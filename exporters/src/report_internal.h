#pragma once

// Sections of the HTML review report (report*.cpp).

#include "archsim/exporters/report.h"

#include <string>

namespace archsim::exporters::report {

// Returns text escaped for HTML.
std::string h(const std::string &text);
// Returns a number with up to `decimals` decimals, thousands not grouped.
std::string fmt(double v, int decimals = 2);
// Returns a duration for people: "45 s", "5 min", "4 h", "14 d" (one decimal when needed).
std::string span(double s);

// Each returns a <section> (or an empty string when it has nothing to show).
std::string componentsSection(const model::Model &m);
std::string linksSection(const model::Model &m);
std::string schemaSection(const model::Model &m);
std::string lintSection(const model::Model &m, int &errors, int &warnings);
std::string analyticSection(const model::Model &m);
std::string simulationSection(const ReportOptions &options);
// Returns the data-protection section: DR plan, backups, RPO/RTO targets vs the estimate vs the
// last run that measured a loss (empty when the model says nothing about data protection).
std::string dataProtectionSection(const model::Model &m, const ReportOptions &options);
// Returns the jobs-and-views section: each ETL job and refreshed materialized view with its
// schedule, source and sink, the estimate and the last run's figures (empty without either).
std::string jobsSection(const model::Model &m, const ReportOptions &options);
std::string streamsSection(const model::Model &m, const ReportOptions &options);
// Returns the cost section: per component and in total, with the last run's usage if any.
std::string costSection(const model::Model &m, const ReportOptions &options);

} // namespace archsim::exporters::report
