// Calendar arithmetic for range partitions (proleptic Gregorian, dates only).

#include "ddlplan.h"

#include <charconv>
#include <cstdio>

namespace archsim::exporters::detail {

using model::PartitionInterval;

namespace {

bool parseNumber(const std::string &s, size_t pos, size_t len, int &out)
{
    if (pos + len > s.size())
        return false;
    for (size_t i = pos; i < pos + len; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return true;
}

int daysInMonth(int y, int m)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
long daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

PeriodDate civilFromDays(long z)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

} // namespace

std::optional<PeriodDate> parseStart(const std::string &s, PartitionInterval interval,
                                     std::string &error)
{
    PeriodDate p;
    bool ok = parseNumber(s, 0, 4, p.y);
    if (ok && s.size() >= 7)
        ok = s[4] == '-' && parseNumber(s, 5, 2, p.m) && p.m >= 1 && p.m <= 12;
    if (ok && s.size() >= 10)
        ok = s[7] == '-' && parseNumber(s, 8, 2, p.d) && p.d >= 1 &&
             p.d <= daysInMonth(p.y, p.m);
    ok = ok && (s.size() == 4 || s.size() == 7 || s.size() == 10);
    if (!ok) {
        error = "start '" + s + "' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD";
        return std::nullopt;
    }
    const bool aligned = interval == PartitionInterval::Day ||
                         (interval == PartitionInterval::Month && p.d == 1) ||
                         (interval == PartitionInterval::Year && p.d == 1 && p.m == 1);
    const bool complete = interval != PartitionInterval::Day || s.size() == 10;
    if (!aligned || !complete) {
        error = "start '" + s + "' does not begin a " + model::toString(interval) +
                " (use " +
                (interval == PartitionInterval::Year    ? "YYYY"
                 : interval == PartitionInterval::Month ? "YYYY-MM"
                                                        : "YYYY-MM-DD") +
                ")";
        return std::nullopt;
    }
    return p;
}

PeriodDate addPeriods(PeriodDate p, PartitionInterval interval, int n)
{
    switch (interval) {
    case PartitionInterval::Day: return civilFromDays(daysFromCivil(p.y, p.m, p.d) + n);
    case PartitionInterval::Month: {
        const int months = p.y * 12 + (p.m - 1) + n;
        const int y = months >= 0 ? months / 12 : (months - 11) / 12;
        return {y, months - y * 12 + 1, 1};
    }
    case PartitionInterval::Year: return {p.y + n, 1, 1};
    }
    return p;
}

std::string formatDate(PeriodDate p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.y, p.m, p.d);
    return buf;
}

std::string periodSuffix(PeriodDate p, PartitionInterval interval)
{
    char buf[32];
    switch (interval) {
    case PartitionInterval::Year: std::snprintf(buf, sizeof buf, "p%04d", p.y); break;
    case PartitionInterval::Month: std::snprintf(buf, sizeof buf, "p%04d_%02d", p.y, p.m); break;
    case PartitionInterval::Day:
        std::snprintf(buf, sizeof buf, "p%04d_%02d_%02d", p.y, p.m, p.d);
        break;
    }
    return buf;
}

} // namespace archsim::exporters::detail
