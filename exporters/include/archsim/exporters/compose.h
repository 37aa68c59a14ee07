#pragma once

// A docker-compose file for a local stack of the model (valid for docker-compose 1.29 and the
// Compose Specification): services with health checks, depends_on with service_healthy,
// one internal network per called component joined by its callers, databases initialised with
// the exported DDL, Redis with the generated redis.conf.

#include "archsim/exporters/bundle.h"
#include "archsim/model/types.h"

#include <functional>
#include <string>

namespace archsim::exporters {

struct ComposeOptions {
    std::string registry = "registry.example.com"; // prefix of derived service images
    std::string tag = "0.1.0";
    // Returns the DDL that initialises a database component; when unset, the DDL exporter's
    // script for the database's engine and schema. Empty: the database starts empty.
    std::function<std::string(const model::Model &, const model::Component &)> ddl;
};

// Returns docker-compose.yml, .env (local-only placeholder secrets), redis/<id>.conf per
// cache and initdb/<id>.sql per database with a schema.
Bundle exportCompose(const model::Model &model, const ComposeOptions &options = {});

} // namespace archsim::exporters
