#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace archsim::model {

// One problem found in user input or while working on a model, with the place it concerns.
struct Diagnostic {
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    std::string file;     // path of the file, empty when the input was not a file
    std::string place;    // "line:col" for syntax, a JSON pointer ("/components/3/replicas")
    std::string message;  // what is wrong and what was expected

    // Returns "file:place: error: message" (parts that are empty are left out).
    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

// Returns true when any diagnostic is an error (warnings alone do not fail an input).
bool hasErrors(const Diagnostics &diagnostics);

// Returns a diagnostic of severity Error.
Diagnostic makeError(std::string place, std::string message);

// The value of an operation that can fail with diagnostics; holds a value only on success.
template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Diagnostics diagnostics) : m_diagnostics(std::move(diagnostics)) {}
    Result(T value, Diagnostics warnings)
        : m_value(std::move(value)), m_diagnostics(std::move(warnings)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    Diagnostics &diagnostics() { return m_diagnostics; }

    // Returns all diagnostics formatted one per line.
    std::string message() const
    {
        std::string out;
        for (const auto &d : m_diagnostics) {
            if (!out.empty())
                out += '\n';
            out += d.format();
        }
        return out;
    }

private:
    std::optional<T> m_value;
    Diagnostics m_diagnostics;
};

// A result with no value: ok or a list of diagnostics.
struct Status {
    Diagnostics diagnostics;
    bool ok() const { return !hasErrors(diagnostics); }
    explicit operator bool() const { return ok(); }
    std::string message() const;
    static Status error(std::string file, std::string place, std::string message);
};

} // namespace archsim::model
