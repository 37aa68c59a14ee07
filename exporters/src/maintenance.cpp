// Partition maintenance scripts (docs/ddl.md, "Partition maintenance").

#include "ddlplan.h"

namespace archsim::exporters {

model::Result<std::string> exportPartitionMaintenance(const model::Model &, Dialect,
                                                      const MaintenanceOptions &)
{
    return model::Diagnostics{model::makeError({}, "partition maintenance: coming")};
}

} // namespace archsim::exporters
