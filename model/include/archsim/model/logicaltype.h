#pragma once

#include "archsim/model/diagnostics.h"

#include <string>
#include <string_view>

namespace archsim::model {

// A column type independent of any SQL dialect; each exporter maps it by one documented table
// (docs/model-format.md, docs/ddl.md).
struct LogicalType {
    enum class Base {
        Bool,
        SmallInt,
        Int,
        BigInt,
        Decimal,   // precision, scale
        Real,
        Double,
        Char,      // length
        Varchar,   // length
        Text,
        Bytes,
        Uuid,
        Ulid,
        Date,
        Timestamp,
        Timestamptz,
        Json,
    };

    Base base = Base::Text;
    int precision = 0; // decimal(p, s): p in 1..1000
    int scale = 0;     // decimal(p, s): s in 0..p
    int length = 0;    // char(n), varchar(n): n in 1..65535

    // Returns the canonical spelling: "decimal(12,2)", "varchar(20)", "timestamptz".
    std::string toString() const;

    // Parses a spelling such as "decimal(12, 2)" or "VARCHAR(20)"; case and blanks are free.
    static Result<LogicalType> parse(std::string_view text);

    bool isInteger() const;
    bool isNumeric() const;
    bool isTemporal() const;
    bool isText() const; // char, varchar, text

    friend bool operator==(const LogicalType &, const LogicalType &) = default;
};

} // namespace archsim::model
