// The logical type -> column type table of each dialect (docs/ddl.md, "Type mapping").

#include "archsim/exporters/ddl.h"

namespace archsim::exporters {

using model::Diagnostics;
using model::LogicalType;
using model::makeError;
using Base = LogicalType::Base;

namespace {

std::string num(int v) { return std::to_string(v); }

model::Result<std::string> refuse(Dialect d, const LogicalType &t, const std::string &why)
{
    return Diagnostics{makeError({}, std::string(displayName(d)) + " cannot hold type '" +
                                         t.toString() + "': " + why)};
}

model::Result<std::string> postgresType(const LogicalType &t)
{
    switch (t.base) {
    case Base::Bool: return std::string("boolean");
    case Base::SmallInt: return std::string("smallint");
    case Base::Int: return std::string("integer");
    case Base::BigInt: return std::string("bigint");
    case Base::Decimal: return "numeric(" + num(t.precision) + "," + num(t.scale) + ")";
    case Base::Real: return std::string("real");
    case Base::Double: return std::string("double precision");
    case Base::Char:
    case Base::Varchar:
        if (t.length > 10485760)
            return refuse(Dialect::Postgres, t, "the length limit is 10485760");
        return (t.base == Base::Char ? "character(" : "character varying(") + num(t.length) +
               ")";
    case Base::Text: return std::string("text");
    case Base::Bytes: return std::string("bytea");
    case Base::Uuid: return std::string("uuid");
    case Base::Ulid: return std::string("character(26)");
    case Base::Date: return std::string("date");
    case Base::Timestamp: return std::string("timestamp without time zone");
    case Base::Timestamptz: return std::string("timestamp with time zone");
    case Base::Json: return std::string("jsonb");
    }
    return refuse(Dialect::Postgres, t, "unknown type");
}

model::Result<std::string> mysqlType(const LogicalType &t)
{
    switch (t.base) {
    case Base::Bool: return std::string("tinyint(1)");
    case Base::SmallInt: return std::string("smallint");
    case Base::Int: return std::string("int");
    case Base::BigInt: return std::string("bigint");
    case Base::Decimal:
        if (t.precision > 65 || t.scale > 30)
            return refuse(Dialect::Mysql, t, "DECIMAL allows precision <= 65 and scale <= 30");
        return "decimal(" + num(t.precision) + "," + num(t.scale) + ")";
    case Base::Real: return std::string("float");
    case Base::Double: return std::string("double");
    case Base::Char:
        if (t.length > 255)
            return refuse(Dialect::Mysql, t, "CHAR allows at most 255 characters; use varchar(n)");
        return "char(" + num(t.length) + ")";
    case Base::Varchar:
        // 65535-byte row limit at 4 bytes per utf8mb4 character.
        if (t.length > 16383)
            return refuse(Dialect::Mysql, t,
                          "VARCHAR in utf8mb4 allows at most 16383 characters; use text");
        return "varchar(" + num(t.length) + ")";
    case Base::Text: return std::string("longtext");
    case Base::Bytes: return std::string("longblob");
    case Base::Uuid: return std::string("char(36) CHARACTER SET ascii COLLATE ascii_bin");
    case Base::Ulid: return std::string("char(26) CHARACTER SET ascii COLLATE ascii_bin");
    case Base::Date: return std::string("date");
    case Base::Timestamp:
    case Base::Timestamptz: return std::string("datetime(6)");
    case Base::Json: return std::string("json");
    }
    return refuse(Dialect::Mysql, t, "unknown type");
}

model::Result<std::string> sqliteType(const LogicalType &t)
{
    // Declared types chosen for their affinity (sqlite.org/datatype3.html, section 3.1).
    switch (t.base) {
    case Base::Bool: return std::string("BOOLEAN");
    case Base::SmallInt:
    case Base::Int:
    case Base::BigInt: return std::string("INTEGER");
    case Base::Decimal:
        // NUMERIC affinity stores a double: exact only up to 15 significant digits.
        if (t.precision > 15)
            return std::string("TEXT");
        return "NUMERIC(" + num(t.precision) + "," + num(t.scale) + ")";
    case Base::Real:
    case Base::Double: return std::string("REAL");
    case Base::Char: return "CHAR(" + num(t.length) + ")";
    case Base::Varchar: return "VARCHAR(" + num(t.length) + ")";
    case Base::Text: return std::string("TEXT");
    case Base::Bytes: return std::string("BLOB");
    case Base::Uuid: return std::string("CHAR(36)");
    case Base::Ulid: return std::string("CHAR(26)");
    case Base::Date: return std::string("DATE");
    case Base::Timestamp: return std::string("TIMESTAMP");
    case Base::Timestamptz: return std::string("TIMESTAMPTZ");
    case Base::Json: return std::string("TEXT");
    }
    return refuse(Dialect::Sqlite, t, "unknown type");
}

} // namespace

model::Result<std::string> sqlType(Dialect d, const LogicalType &type)
{
    switch (d) {
    case Dialect::Postgres: return postgresType(type);
    case Dialect::Mysql: return mysqlType(type);
    case Dialect::Sqlite: return sqliteType(type);
    }
    return Diagnostics{makeError({}, "unknown dialect")};
}

} // namespace archsim::exporters
