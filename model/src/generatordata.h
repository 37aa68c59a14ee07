#pragma once

// The generator's replication, backup, region and disaster-recovery fields, drawn from their
// own random stream after the rest of the model (so earlier fields keep their draws).

#include "generatorrng.h"

#include "archsim/model/types.h"

namespace archsim::model::detail {

// Sets regions, the disaster-recovery plan, each database's replication, backups and targets,
// read_your_writes on links, and adds region_outage and data_loss events; all valid.
void addDataProtection(GenRng &rng, Model &m, bool all);

// Appends `jobs` jobs reading a database or stream and writing a database or external, each
// with its schedule and batch settings (after everything else, from their own random stream);
// the model must hold a database or a stream.
void addJobs(GenRng &rng, Model &m, int jobs);

} // namespace archsim::model::detail
