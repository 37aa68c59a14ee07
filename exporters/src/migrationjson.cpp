// The compatibility report of a migration as JSON (archsim-cli diff --format json).

#include "archsim/exporters/migration.h"

#include <nlohmann/json.hpp>

#include <map>

namespace archsim::exporters {

std::string migrationJson(const Migration &m)
{
    nlohmann::ordered_json j;
    j["dialect"] = toString(m.dialect);
    j["breaking"] = m.breaking();
    nlohmann::ordered_json summary;
    std::map<ChangeClass, int> n;
    for (const auto &c : m.changes)
        ++n[c.cls];
    for (auto c : {ChangeClass::Safe, ChangeClass::DataDependent, ChangeClass::Incompatible,
                   ChangeClass::Destructive})
        summary[toString(c)] = n[c];
    j["summary"] = summary;
    j["changes"] = nlohmann::ordered_json::array();
    for (const auto &c : m.changes)
        j["changes"].push_back({{"class", toString(c.cls)},
                                {"kind", c.kind},
                                {"object", c.object},
                                {"message", c.message}});
    j["sql"] = m.sql;
    // Replace invalid UTF-8 instead of throwing: names come from user files.
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace archsim::exporters
