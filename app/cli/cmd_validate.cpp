// archsim-cli validate FILE: reports every problem of a model with its place.

#include "command.h"
#include "common.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace archsim::cli {

namespace {

nlohmann::ordered_json diagnosticsJson(const model::Diagnostics &diags)
{
    auto arr = nlohmann::ordered_json::array();
    for (const auto &d : diags) {
        arr.push_back({{"severity", d.severity == model::Diagnostic::Severity::Error ? "error"
                                                                                      : "warning"},
                       {"file", d.file},
                       {"place", d.place},
                       {"message", d.message}});
    }
    return arr;
}

int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Checks a model file (.json or .archsim) and reports every "
                                       "problem with its place: line:col for JSON syntax, a JSON "
                                       "pointer for everything else."));
    addFormatOption(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model to check."));
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    const std::string path = parser.positionalArguments().first().toStdString();

    auto loaded = model::loadModelUnchecked(path);
    model::Diagnostics diags = loaded.diagnostics();
    if (loaded.ok()) {
        diags = model::validate(loaded.value());
        for (auto &d : diags)
            d.file = path;
    }
    const bool valid = loaded.ok() && !model::hasErrors(diags);
    if (*json) {
        nlohmann::ordered_json out;
        out["file"] = path;
        out["valid"] = valid;
        out["diagnostics"] = diagnosticsJson(diags);
        if (valid) {
            const auto &m = loaded.value();
            out["components"] = m.components.size();
            out["links"] = m.links.size();
        }
        std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
        printDiagnostics(diags);
        if (valid) {
            const auto &m = loaded.value();
            std::cout << path << ": ok (" << m.components.size() << " components, "
                      << m.links.size() << " links, " << m.schemas.size() << " schemas, "
                      << m.scenarios.size() << " scenarios)\n";
        } else {
            size_t errors = 0;
            for (const auto &d : diags)
                errors += d.severity == model::Diagnostic::Severity::Error;
            std::cerr << path << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
        }
    }
    return valid ? ExitOk : ExitBadInput;
}

const RegisterCommand reg{{"validate", "Check a model and report every problem with its place",
                           &runValidate}};

} // namespace
} // namespace archsim::cli
