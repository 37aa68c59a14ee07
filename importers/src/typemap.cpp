// Column types spelled as text (MySQL's COLUMN_TYPE, SQLite's declared type) to logical types.
// docs/import.md, "Types", lists the table.

#include "builder.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace archsim::importers::detail {

using Base = model::LogicalType::Base;

namespace {

struct Spelling {
    std::string name;      // lower case, blanks collapsed: "int unsigned", "varchar"
    std::vector<int> args; // numeric arguments in the parentheses
    std::string argText;   // the text in the parentheses ("'a','b'" for enum)
    std::string rest;      // after the parentheses: "unsigned zerofill"
};

Spelling split(const std::string &text)
{
    Spelling s;
    std::string lower;
    for (char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto open = lower.find('(');
    const auto close = lower.rfind(')');
    std::string head = lower.substr(0, open);
    if (open != std::string::npos && close != std::string::npos && close > open) {
        s.argText = text.substr(open + 1, close - open - 1);
        std::stringstream in(s.argText);
        std::string part;
        while (std::getline(in, part, ','))
            try {
                s.args.push_back(std::stoi(part));
            } catch (...) {
            }
        s.rest = lower.substr(close + 1);
    }
    auto trim = [](std::string v) {
        std::string out;
        std::istringstream in(v);
        std::string w;
        while (in >> w)
            out += (out.empty() ? "" : " ") + w;
        return out;
    };
    s.name = trim(head);
    s.rest = trim(s.rest);
    return s;
}

MappedType mysqlType(const Spelling &s)
{
    const bool isUnsigned = s.rest.find("unsigned") != std::string::npos ||
                            s.name.find("unsigned") != std::string::npos;
    std::string n = s.name.substr(0, s.name.find(' '));
    MappedType m;
    auto lose = [&](Base b, const std::string &why) {
        m.type = makeType(b);
        m.loss = why;
        return m;
    };
    if ((n == "tinyint" && !s.args.empty() && s.args[0] == 1) || n == "bool" || n == "boolean")
        return {makeType(Base::Bool), false, {}};
    if (n == "tinyint")
        return lose(Base::SmallInt, "imported as smallint (the model has no 8-bit integer)");
    if (n == "smallint")
        return isUnsigned ? lose(Base::Int, "unsigned smallint imported as int")
                          : MappedType{makeType(Base::SmallInt), false, {}};
    if (n == "mediumint")
        return lose(Base::Int, "imported as int (the model has no 24-bit integer)");
    if (n == "int" || n == "integer")
        return isUnsigned ? lose(Base::BigInt, "unsigned int imported as bigint")
                          : MappedType{makeType(Base::Int), false, {}};
    if (n == "bigint")
        return isUnsigned ? lose(Base::BigInt, "unsigned bigint imported as signed bigint")
                          : MappedType{makeType(Base::BigInt), false, {}};
    if (n == "decimal" || n == "numeric" || n == "dec" || n == "fixed") {
        const int p = s.args.empty() ? 10 : s.args[0];
        const int sc = s.args.size() > 1 ? s.args[1] : 0;
        MappedType m = decimalType(p, sc);
        if (isUnsigned)
            m.loss = m.loss.empty() ? "unsigned decimal imported as signed"
                                    : m.loss + "; unsigned imported as signed";
        return m;
    }
    if (n == "float")
        return {makeType(Base::Real), false, {}};
    if (n == "double" || n == "real")
        return {makeType(Base::Double), false, {}};
    if (n == "char" && !s.args.empty() && s.args[0] > 0)
        return lengthType(Base::Char, s.args[0]);
    if (n == "varchar" && !s.args.empty() && s.args[0] > 0)
        return lengthType(Base::Varchar, s.args[0]);
    if (n == "longtext")
        return {makeType(Base::Text), false, {}};
    if (n == "text" || n == "tinytext" || n == "mediumtext")
        return lose(Base::Text, "imported as text (size class lost; exported as longtext)");
    if (n == "longblob")
        return {makeType(Base::Bytes), false, {}};
    if (n == "blob" || n == "tinyblob" || n == "mediumblob" || n == "binary" ||
        n == "varbinary")
        return lose(Base::Bytes, "imported as bytes (exported as longblob)");
    if (n == "uuid")
        return {makeType(Base::Uuid), false, {}};
    if (n == "date")
        return {makeType(Base::Date), false, {}};
    if (n == "datetime")
        return {makeType(Base::Timestamp), false,
                s.args.empty() || s.args[0] != 6 ? "fractional-second precision lost "
                                                   "(exported as datetime(6))"
                                                 : std::string()};
    if (n == "timestamp")
        return lose(Base::Timestamptz, "imported as timestamptz (exported as datetime(6); "
                                       "automatic initialization lost)");
    if (n == "json")
        return {makeType(Base::Json), false, {}};
    if (n == "enum" || n == "set")
        return lose(Base::Text, n + " values (" + s.argText + ") are not kept: imported as text");
    return lose(Base::Text, "no logical type for " + s.name + ": imported as text");
}

// SQLite: the declared type names the affinity (sqlite.org/datatype3.html, 3.1); the names
// our exporter writes map back exactly.
MappedType sqliteType(const Spelling &s)
{
    const std::string &n = s.name;
    MappedType m;
    auto exact = [&](model::LogicalType t) { return MappedType{t, false, {}}; };
    auto lose = [&](Base b, const std::string &why) {
        m.type = makeType(b);
        m.loss = why;
        return m;
    };
    if (n == "boolean" || n == "bool")
        return exact(makeType(Base::Bool));
    if (n == "integer")
        return exact(makeType(Base::BigInt));
    if (n == "int")
        return exact(makeType(Base::Int));
    if (n == "smallint")
        return exact(makeType(Base::SmallInt));
    if (n == "bigint")
        return exact(makeType(Base::BigInt));
    if ((n == "numeric" || n == "decimal") && !s.args.empty())
        return decimalType(s.args[0], s.args.size() > 1 ? s.args[1] : 0);
    if (n == "real" || n == "double" || n == "double precision" || n == "float")
        return exact(makeType(Base::Double));
    if (n == "char" && !s.args.empty() && s.args[0] > 0)
        return lengthType(Base::Char, s.args[0]);
    if (n == "varchar" && !s.args.empty() && s.args[0] > 0)
        return lengthType(Base::Varchar, s.args[0]);
    if (n == "text")
        return exact(makeType(Base::Text));
    if (n == "blob")
        return exact(makeType(Base::Bytes));
    if (n == "uuid")
        return exact(makeType(Base::Uuid));
    if (n == "date")
        return exact(makeType(Base::Date));
    if (n == "timestamp" || n == "datetime")
        return exact(makeType(Base::Timestamp));
    if (n == "timestamptz")
        return exact(makeType(Base::Timestamptz));
    if (n == "json" || n == "jsonb")
        return exact(makeType(Base::Json));
    // Anything else by SQLite's own affinity rules.
    if (n.find("int") != std::string::npos)
        return lose(Base::BigInt, "integer affinity: imported as bigint");
    if (n.find("char") != std::string::npos || n.find("clob") != std::string::npos ||
        n.find("text") != std::string::npos)
        return lose(Base::Text, "text affinity: imported as text");
    if (n.empty() || n.find("blob") != std::string::npos)
        return lose(Base::Bytes, "blob affinity (no declared type): imported as bytes");
    if (n.find("real") != std::string::npos || n.find("floa") != std::string::npos ||
        n.find("doub") != std::string::npos)
        return lose(Base::Double, "real affinity: imported as double");
    return lose(Base::Text, "numeric affinity without a precision: imported as text");
}

} // namespace

MappedType mapTypeText(model::DbEngine engine, const std::string &text)
{
    const Spelling s = split(text);
    return engine == model::DbEngine::Mysql ? mysqlType(s) : sqliteType(s);
}

} // namespace archsim::importers::detail
