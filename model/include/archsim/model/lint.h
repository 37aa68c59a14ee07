#pragma once

// Lint: the architecture review checklist as rules. Each finding names its rule, severity,
// target (a JSON pointer and the component/link/table/column name), a message and a fix.
// Rules are documented one by one in docs/lint.md.

#include "archsim/model/analysis.h"
#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archsim::model {

enum class Severity { Info, Warning, Error };

// Returns "info", "warning" or "error".
const char *toString(Severity s);
// Parses "info", "warning" or "error".
bool fromString(std::string_view text, Severity &out);

// One rule of the checklist.
struct LintRule {
    const char *id;       // "schema/fk-without-index"
    Severity severity;
    const char *summary;  // one line: what the rule looks for
};

// Returns every rule in the order findings are grouped by (the documented order).
const std::vector<LintRule> &lintRules();
// Returns the rule with this id, or nullptr.
const LintRule *findRule(std::string_view id);

struct Finding {
    std::string rule;
    Severity severity = Severity::Warning;
    std::string pointer; // JSON pointer into the model file: "/components/3", "/links/5"
    std::string target;  // component id, link id, zone, "schema.table", "schema.table.column"
    std::string message; // what is wrong, with the figures that show it
    std::string fix;     // what to change
    friend bool operator==(const Finding &, const Finding &) = default;
};

struct LintReport {
    // Stable order: by rule (lintRules() order), then by place in the model (tables in schema
    // order, then components, links and zones in file order).
    std::vector<Finding> findings;
    std::vector<Finding> suppressed;      // matched a model suppression, same order
    std::vector<std::string> assumptions; // of the analytic estimate used for capacity rules
};

struct LintOptions {
    // Hit ratios of caches for the capacity estimate; see EstimateOptions::missRatio. When
    // set, the graph rules run on every Linter update (a function cannot be compared).
    MissRatioFn missRatio;
};

// Runs every rule over a model and applies its suppressions. The model should be valid
// (validate()); rules skip references they cannot resolve instead of failing.
LintReport lint(const Model &model, const LintOptions &options = {});

// The findings of a Linter update, pointing into the Linter (valid until its next update).
struct LintView {
    std::vector<const Finding *> findings;
    std::vector<const Finding *> suppressed;
    std::vector<std::string> assumptions;
};

// Re-lints a model after edits, so the GUI can lint on every keystroke: tables, components and
// links that did not change keep their findings, and the graph rules (analysis, estimate) run
// again only when a field they read changed. Not thread-safe; one per document.
class Linter {
public:
    Linter();
    ~Linter();
    Linter(const Linter &) = delete;
    Linter &operator=(const Linter &) = delete;

    // Returns the findings of `model`: the same findings, in the same order, as lint().
    const LintView &update(const Model &model, const LintOptions &options = {});
    // Returns update()'s result as a report (copies the findings).
    LintReport run(const Model &model, const LintOptions &options = {});

private:
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

// Returns true when a finding reaches `threshold` (error >= warning >= info).
inline bool reaches(const Finding &f, Severity threshold) { return f.severity >= threshold; }

// Returns the findings as a JSON array of {"rule", "severity", "target": {"pointer", "name"},
// "message", "fix"}, two-space indent, trailing newline.
std::string findingsToJson(const std::vector<Finding> &findings);

// Returns "severity rule target (pointer): message\n  fix: ..." lines, one block per finding.
std::string findingsToText(const std::vector<Finding> &findings);

} // namespace archsim::model
