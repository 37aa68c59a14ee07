#include "archsim/model/logicaltype.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace archsim::model {

namespace {

using Base = LogicalType::Base;

struct BaseName {
    Base base;
    const char *name;
    int params; // 0, 1 (length) or 2 (precision, scale)
};

constexpr std::array<BaseName, 17> kBases{{
    {Base::Bool, "bool", 0},
    {Base::SmallInt, "smallint", 0},
    {Base::Int, "int", 0},
    {Base::BigInt, "bigint", 0},
    {Base::Decimal, "decimal", 2},
    {Base::Real, "real", 0},
    {Base::Double, "double", 0},
    {Base::Char, "char", 1},
    {Base::Varchar, "varchar", 1},
    {Base::Text, "text", 0},
    {Base::Bytes, "bytes", 0},
    {Base::Uuid, "uuid", 0},
    {Base::Ulid, "ulid", 0},
    {Base::Date, "date", 0},
    {Base::Timestamp, "timestamp", 0},
    {Base::Timestamptz, "timestamptz", 0},
    {Base::Json, "json", 0},
}};

const BaseName *findBase(Base b)
{
    for (const auto &n : kBases)
        if (n.base == b)
            return &n;
    return nullptr;
}

bool parseInt(std::string_view s, int &out)
{
    if (s.empty() || s.size() > 9)
        return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string knownTypes()
{
    std::string out;
    for (const auto &n : kBases) {
        if (!out.empty())
            out += ", ";
        out += n.name;
        if (n.params == 1)
            out += "(n)";
        else if (n.params == 2)
            out += "(p,s)";
    }
    return out;
}

} // namespace

std::string LogicalType::toString() const
{
    const BaseName *n = findBase(base);
    std::string out = n ? n->name : "?";
    if (n && n->params == 1)
        out += "(" + std::to_string(length) + ")";
    else if (n && n->params == 2)
        out += "(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    return out;
}

Result<LogicalType> LogicalType::parse(std::string_view text)
{
    // Lower case; blanks are allowed around the parentheses and the comma, not inside words.
    std::string s;
    for (char c : text)
        s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto trim = [](std::string v) {
        const auto b = v.find_first_not_of(" \t\r\n");
        const auto e = v.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    };
    s = trim(s);
    std::string head = s;
    std::string args;
    if (auto open = s.find('('); open != std::string::npos) {
        auto close = s.find(')', open);
        if (close == std::string::npos)
            return Diagnostics{makeError({}, "type '" + std::string(text) +
                                                 "' has an unclosed parenthesis")};
        if (close + 1 != s.size())
            return Diagnostics{makeError({}, "type '" + std::string(text) +
                                                 "' has text after its closing parenthesis")};
        head = trim(s.substr(0, open));
        for (char c : s.substr(open + 1, close - open - 1))
            if (!std::isspace(static_cast<unsigned char>(c)))
                args += c;
    }
    for (const auto &n : kBases) {
        if (head != n.name)
            continue;
        LogicalType t;
        t.base = n.base;
        if (n.params == 0) {
            if (s.find('(') != std::string::npos)
                return Diagnostics{makeError({}, "type '" + std::string(n.name) +
                                                     "' takes no parameters")};
            return t;
        }
        if (n.params == 1) {
            if (!parseInt(args, t.length) || t.length < 1 || t.length > 65535)
                return Diagnostics{makeError({}, "type '" + std::string(text) +
                                                     "' needs a length from 1 to 65535, as in " +
                                                     n.name + "(20)")};
            return t;
        }
        auto comma = args.find(',');
        std::string_view a = args;
        bool ok = comma == std::string::npos
                      ? parseInt(a, t.precision)
                      : parseInt(a.substr(0, comma), t.precision) &&
                            parseInt(a.substr(comma + 1), t.scale);
        if (!ok || t.precision < 1 || t.precision > 1000 || t.scale < 0 || t.scale > t.precision)
            return Diagnostics{makeError({}, "type '" + std::string(text) +
                                                 "' needs precision 1..1000 and scale 0..p, "
                                                 "as in decimal(12,2)")};
        return t;
    }
    return Diagnostics{makeError({}, "unknown type '" + std::string(text) + "'; expected one of " +
                                         knownTypes())};
}

bool LogicalType::isInteger() const
{
    return base == Base::SmallInt || base == Base::Int || base == Base::BigInt;
}

bool LogicalType::isNumeric() const
{
    return isInteger() || base == Base::Decimal || base == Base::Real || base == Base::Double;
}

bool LogicalType::isTemporal() const
{
    return base == Base::Date || base == Base::Timestamp || base == Base::Timestamptz;
}

bool LogicalType::isText() const
{
    return base == Base::Char || base == Base::Varchar || base == Base::Text;
}

} // namespace archsim::model
