// Partition maintenance scripts (docs/ddl.md, "Partition maintenance"): create the partitions
// of the periods up to `ahead` past today (filling any gap after the last one), then detach and
// drop those that ended before the last `retention` periods.

#include "ddlplan.h"

namespace archsim::exporters {

using detail::PlannedSchema;
using detail::PlannedTable;
using model::Diagnostics;
using model::PartitionInterval;
using Base = model::LogicalType::Base;

namespace {

const char *unitName(PartitionInterval i)
{
    return i == PartitionInterval::Day ? "day" : i == PartitionInterval::Month ? "month" : "year";
}

const char *suffixFormatPg(PartitionInterval i)
{
    return i == PartitionInterval::Day     ? "\"p\"YYYY_MM_DD"
           : i == PartitionInterval::Month ? "\"p\"YYYY_MM"
                                           : "\"p\"YYYY";
}

std::string postgresTable(const PlannedSchema &s, const PlannedTable &t, int ahead,
                          const std::string &today)
{
    const Dialect d = Dialect::Postgres;
    const auto &p = *t.table->partitioning;
    const auto *col = detail::findColumn(*t.table, p.column);
    const std::string cast = col->type.base == Base::Timestamptz ? "timestamptz" : "timestamp";
    const std::string boundSuffix = col->type.base == Base::Timestamptz ? " 00:00:00+00"
                                    : col->type.base == Base::Timestamp ? " 00:00:00"
                                                                        : "";
    const std::string unit = unitName(p.interval);
    std::string out = "-- " + commentText(detail::qualified(d, s, t.table->name)) + ": one " +
                      unit + " per partition, " + std::to_string(ahead) + " ahead, " +
                      (p.retention > 0 ? "keep " + std::to_string(p.retention)
                                       : std::string("keep all")) +
                      ".\n";
    out += "DO $archsim$\nDECLARE\n"
           "    parent regclass := " +
           quoteLiteral(d, detail::qualified(d, s, t.table->name)) +
           "::regclass;\n"
           "    schema_name text := " + quoteLiteral(d, s.name) + ";\n"
           "    base_name text := " + quoteLiteral(d, t.table->name) + ";\n"
           "    step interval := interval '1 " + unit + "';\n"
           "    today date := " + today + ";\n"
           "    first_period date := date_trunc('" + unit + "', today)::date;\n"
           "    last_period date := (first_period + " + std::to_string(ahead) + " * step)::date;\n"
           "    keep int := " + std::to_string(p.retention) + ";\n"
           "    last_upper date;\n    period date;\n    r record;\n"
           "BEGIN\n"
           "    SELECT max(substring(pg_get_expr(c.relpartbound, c.oid) FROM "
           "'TO \\(''([^'']*)''\\)')::" + cast + "::date) INTO last_upper\n"
           "      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
           "WHERE h.inhparent = parent;\n"
           "    period := LEAST(first_period, COALESCE(last_upper, first_period));\n"
           "    WHILE period <= last_period LOOP\n"
           "        IF NOT EXISTS (\n"
           "            SELECT 1 FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid\n"
           "            WHERE h.inhparent = parent\n"
           "              AND substring(pg_get_expr(c.relpartbound, c.oid) FROM "
           "'FROM \\(''([^'']*)''\\)')::" + cast + " <= period::" + cast + "\n"
           "              AND substring(pg_get_expr(c.relpartbound, c.oid) FROM "
           "'TO \\(''([^'']*)''\\)')::" + cast + " > period::" + cast + ") THEN\n"
           "            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) "
           "TO (%L)',\n"
           "                schema_name, base_name || '_' || to_char(period, '" +
           suffixFormatPg(p.interval) + "'), parent,\n"
           "                to_char(period, 'YYYY-MM-DD') || '" + boundSuffix + "',\n"
           "                to_char((period + step)::date, 'YYYY-MM-DD') || '" + boundSuffix +
           "');\n"
           "        END IF;\n"
           "        period := (period + step)::date;\n"
           "    END LOOP;\n"
           "    IF keep > 0 THEN\n"
           "        FOR r IN SELECT c.oid::regclass AS part FROM pg_inherits h\n"
           "                 JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = parent\n"
           "                 AND substring(pg_get_expr(c.relpartbound, c.oid) FROM "
           "'TO \\(''([^'']*)''\\)')::" + cast + "\n"
           "                     <= (first_period - (keep - 1) * step)::" + cast + " LOOP\n"
           "            EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, r.part);\n"
           "            EXECUTE format('DROP TABLE %s', r.part);\n"
           "        END LOOP;\n"
           "    END IF;\n"
           "END\n$archsim$;\n";
    return out;
}

// One procedure per schema does the work for every table; it is dropped at the end so the
// script leaves no objects behind.
std::string mysqlProcedure(const PlannedSchema &s)
{
    const Dialect d = Dialect::Mysql;
    const std::string proc = detail::qualified(d, s, "archsim_partition_maintenance");
    return "DROP PROCEDURE IF EXISTS " + proc + ";\nDELIMITER //\nCREATE PROCEDURE " + proc +
           "(IN p_table VARCHAR(64), IN p_unit VARCHAR(5), IN p_ahead INT, IN p_keep INT,\n"
           "    IN p_today DATE, IN p_datetime TINYINT)\n"
           "BEGIN\n"
           "    DECLARE first_period DATE;\n    DECLARE last_period DATE;\n"
           "    DECLARE last_upper DATE;\n    DECLARE period DATE;\n    DECLARE nxt DATE;\n"
           "    DECLARE cutoff DATE;\n"
           "    DECLARE tbl TEXT DEFAULT CONCAT('`', REPLACE(" + quoteLiteral(d, s.name) +
           ", '`', '``'), '`.`', REPLACE(p_table, '`', '``'), '`');\n"
           "    SET first_period = CASE p_unit WHEN 'day' THEN p_today\n"
           "        WHEN 'month' THEN DATE_FORMAT(p_today, '%Y-%m-01')\n"
           "        ELSE DATE_FORMAT(p_today, '%Y-01-01') END;\n"
           "    SET last_period = CASE p_unit\n"
           "        WHEN 'day' THEN first_period + INTERVAL p_ahead DAY\n"
           "        WHEN 'month' THEN first_period + INTERVAL p_ahead MONTH\n"
           "        ELSE first_period + INTERVAL p_ahead YEAR END;\n"
           "    SELECT MAX(CAST(TRIM(BOTH '''' FROM PARTITION_DESCRIPTION) AS DATE))\n"
           "      INTO last_upper\n"
           "      FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = " +
           quoteLiteral(d, s.name) +
           "\n      AND TABLE_NAME = p_table AND PARTITION_DESCRIPTION <> 'MAXVALUE';\n"
           "    SET period = COALESCE(last_upper, first_period);\n"
           "    WHILE period <= last_period DO\n"
           "        SET nxt = CASE p_unit WHEN 'day' THEN period + INTERVAL 1 DAY\n"
           "            WHEN 'month' THEN period + INTERVAL 1 MONTH\n"
           "            ELSE period + INTERVAL 1 YEAR END;\n"
           "        SET @archsim_sql = CONCAT('ALTER TABLE ', tbl, ' REORGANIZE PARTITION `pmax` "
           "INTO (PARTITION `',\n"
           "            DATE_FORMAT(period, CASE p_unit WHEN 'day' THEN 'p%Y_%m_%d' WHEN 'month' "
           "THEN 'p%Y_%m' ELSE 'p%Y' END),\n"
           "            '` VALUES LESS THAN (''', DATE_FORMAT(nxt, IF(p_datetime, "
           "'%Y-%m-%d 00:00:00', '%Y-%m-%d')),\n"
           "            '''), PARTITION `pmax` VALUES LESS THAN (MAXVALUE))');\n"
           "        PREPARE archsim_stmt FROM @archsim_sql;\n"
           "        EXECUTE archsim_stmt;\n"
           "        DEALLOCATE PREPARE archsim_stmt;\n"
           "        SET period = nxt;\n"
           "    END WHILE;\n"
           "    IF p_keep > 0 THEN\n"
           "        SET cutoff = CASE p_unit\n"
           "            WHEN 'day' THEN first_period - INTERVAL (p_keep - 1) DAY\n"
           "            WHEN 'month' THEN first_period - INTERVAL (p_keep - 1) MONTH\n"
           "            ELSE first_period - INTERVAL (p_keep - 1) YEAR END;\n"
           "        SELECT GROUP_CONCAT(CONCAT('`', REPLACE(PARTITION_NAME, '`', '``'), '`')) "
           "INTO @archsim_victims\n"
           "          FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = " +
           quoteLiteral(d, s.name) +
           "\n          AND TABLE_NAME = p_table AND PARTITION_DESCRIPTION <> 'MAXVALUE'\n"
           "          AND CAST(TRIM(BOTH '''' FROM PARTITION_DESCRIPTION) AS DATE) <= cutoff;\n"
           "        IF @archsim_victims IS NOT NULL THEN\n"
           "            SET @archsim_sql = CONCAT('ALTER TABLE ', tbl, ' DROP PARTITION ', "
           "@archsim_victims);\n"
           "            PREPARE archsim_stmt FROM @archsim_sql;\n"
           "            EXECUTE archsim_stmt;\n"
           "            DEALLOCATE PREPARE archsim_stmt;\n"
           "        END IF;\n"
           "    END IF;\n"
           "END //\nDELIMITER ;\n";
}

} // namespace

model::Result<std::string> exportPartitionMaintenance(const model::Model &model, Dialect d,
                                                      const MaintenanceOptions &options)
{
    Diagnostics diags;
    if (!options.asOf.empty()) {
        std::string why;
        if (!detail::parseStart(options.asOf, PartitionInterval::Day, why))
            diags.push_back(model::makeError({}, "--as-of: " + why));
    }
    if (options.ahead < 0)
        diags.push_back(model::makeError({}, "ahead must not be negative"));
    auto schemas = detail::planSchemas(d, model, options.schema, diags);
    if (model::hasErrors(diags))
        return diags;
    Diagnostics warnings;
    for (auto &w : diags)
        if (w.severity == model::Diagnostic::Severity::Warning &&
            w.message.find("partition") == std::string::npos)
            warnings.push_back(w);

    std::string out = "-- ArchSim partition maintenance for " + std::string(displayName(d)) +
                      ", model \"" + commentText(model.name) + "\".\n"
                      "-- Run it daily (cron, pg_cron, a Kubernetes CronJob); it is idempotent.\n"
                      "-- Written by archsim-cli export ddl --maintenance --dialect " +
                      toString(d) + ".\n";
    bool any = false;
    for (const auto &s : schemas) {
        bool procedure = false;
        for (const auto &t : s.tables) {
            const auto &p = t.table->partitioning;
            if (!p || p->method != model::PartitionMethod::Range)
                continue;
            any = true;
            const auto *col = detail::findColumn(*t.table, p->column);
            if (d == Dialect::Postgres) {
                const std::string today =
                    options.asOf.empty() ? "(now() AT TIME ZONE 'UTC')::date"
                                         : "DATE " + quoteLiteral(d, options.asOf);
                out += "\n" + postgresTable(s, t, options.ahead, today);
            } else if (d == Dialect::Mysql) {
                if (!procedure)
                    out += "\n" + mysqlProcedure(s);
                procedure = true;
                out += "CALL " + detail::qualified(d, s, "archsim_partition_maintenance") + "(" +
                       quoteLiteral(d, t.table->name) + ", '" + unitName(p->interval) + "', " +
                       std::to_string(options.ahead) + ", " + std::to_string(p->retention) +
                       ", " +
                       (options.asOf.empty() ? std::string("UTC_DATE()")
                                             : "DATE " + quoteLiteral(d, options.asOf)) +
                       ", " + (col->type.base == Base::Date ? "0" : "1") + ");\n";
            } else {
                out += "\n-- " + commentText(quoteIdent(d, t.table->name)) +
                       ": SQLite has no partitions, so there is nothing to create.\n";
                if (p->retention > 0) {
                    const char *unit = unitName(p->interval);
                    const std::string start = p->interval == PartitionInterval::Day ? "" :
                        p->interval == PartitionInterval::Month ? "'start of month', "
                                                                : "'start of year', ";
                    out += "-- The same retention as a delete (uncomment to apply; rows are "
                           "lost):\n-- DELETE FROM " + commentText(quoteIdent(d, t.table->name)) +
                           " WHERE " + commentText(quoteIdent(d, p->column)) +
                           " < date('now', " + start + "'-" +
                           std::to_string(p->retention - 1) + " " + unit + "s');\n";
                }
            }
        }
        if (procedure)
            out += "DROP PROCEDURE " +
                   detail::qualified(d, s, "archsim_partition_maintenance") + ";\n";
    }
    if (!any)
        out += "\n-- No table is partitioned by range: nothing to maintain.\n";
    return model::Result<std::string>(std::move(out), std::move(warnings));
}

} // namespace archsim::exporters
