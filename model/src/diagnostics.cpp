#include "archsim/model/diagnostics.h"

namespace archsim::model {

std::string Diagnostic::format() const
{
    std::string out;
    if (!file.empty())
        out += file + ":";
    if (!place.empty())
        out += place + ":";
    if (!out.empty())
        out += ' ';
    out += severity == Severity::Error ? "error: " : "warning: ";
    out += message;
    return out;
}

bool hasErrors(const Diagnostics &diagnostics)
{
    for (const auto &d : diagnostics)
        if (d.severity == Diagnostic::Severity::Error)
            return true;
    return false;
}

Diagnostic makeError(std::string place, std::string message)
{
    Diagnostic d;
    d.place = std::move(place);
    d.message = std::move(message);
    return d;
}

std::string Status::message() const
{
    std::string out;
    for (const auto &d : diagnostics) {
        if (!out.empty())
            out += '\n';
        out += d.format();
    }
    return out;
}

Status Status::error(std::string file, std::string place, std::string message)
{
    Diagnostic d = makeError(std::move(place), std::move(message));
    d.file = std::move(file);
    return Status{{d}};
}

} // namespace archsim::model
