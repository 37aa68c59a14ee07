#pragma once

// Validation by units, for the scenarios' variants. Internal to archsim_model.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <memory>
#include <utility>
#include <vector>

namespace archsim::model::detail {

class Validator;

// validate()'s checks of one model run once, remembered unit by unit (the zones, each
// component, each link, the schemas, each scenario's own fields, each event, the suppressions),
// so that a variant differing in a few components and links is checked again only there.
class UnitValidation {
public:
    // Validates `model`, which must outlive this object. The caller may then replace components
    // and links in place by ones with the same id (the vectors must not be resized).
    explicit UnitValidation(const Model &model);
    ~UnitValidation();
    UnitValidation(const UnitValidation &) = delete;
    UnitValidation &operator=(const UnitValidation &) = delete;

    // Returns what validate()'s own checks (without the variants) report on the model as it is
    // now, in the same order and with the same cap, checking again the given components, links
    // and events (scenario, event) and reusing the remembered problems of every other unit.
    // Every unit whose result can differ must be listed; listing more is harmless.
    Diagnostics variantProblems(const std::vector<size_t> &components,
                                const std::vector<size_t> &links,
                                const std::vector<std::pair<size_t, size_t>> &events);

private:
    std::unique_ptr<Validator> m_validator;
    std::vector<std::pair<size_t, Diagnostics>> m_units; // units that report, by key
};

} // namespace archsim::model::detail
