// Cron lines on simulated time (cron.h): a parser for the five fields with lists, ranges and
// steps, and a scan that skips whole days that do not match.

#include "archsim/model/cron.h"

#include <cmath>
#include <sstream>

namespace archsim::model {

namespace {

// Parses one field ("*", "*/15", "1-5", "0,30", "10-50/20") into the bits of [lo, hi].
std::string parseField(const std::string &text, int lo, int hi, uint64_t &bits, bool &star)
{
    bits = 0;
    star = text == "*";
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        if (item.empty())
            return "an empty list item";
        int step = 1;
        const auto slash = item.find('/');
        std::string range = item.substr(0, slash);
        if (slash != std::string::npos) {
            const std::string s = item.substr(slash + 1);
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos ||
                s.size() > 4 || (step = std::stoi(s)) < 1)
                return "step '" + s + "' is not a whole number of at least 1";
        }
        int a = lo;
        int b = hi;
        if (range != "*") {
            const auto dash = range.find('-');
            const std::string first = range.substr(0, dash);
            const std::string last = dash == std::string::npos ? first : range.substr(dash + 1);
            for (const std::string &n : {first, last})
                if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos ||
                    n.size() > 4)
                    return "'" + item + "' is not a number, range or step";
            a = std::stoi(first);
            b = dash == std::string::npos ? (slash == std::string::npos ? a : hi)
                                          : std::stoi(last);
            if (a < lo || b > hi || a > b)
                return "'" + item + "' is outside " + std::to_string(lo) + "-" +
                       std::to_string(hi);
        }
        for (int v = a; v <= b; v += step)
            bits |= uint64_t(1) << v;
    }
    return {};
}

// Days from 1970-01-01 to a civil date, and back (Howard Hinnant's algorithms).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, unsigned &m, unsigned &d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
}

const int64_t kEpochDay = daysFromCivil(2024, 1, 1); // a Monday

bool dayMatches(const CronSchedule &c, int64_t day)
{
    unsigned m = 0;
    unsigned d = 0;
    civilFromDays(kEpochDay + day, m, d);
    if (!(c.months >> m & 1u))
        return false;
    const unsigned weekday = static_cast<unsigned>((day % 7 + 7 + 1) % 7); // day 0: Monday
    const bool dom = c.days >> d & 1u;
    const bool dow = c.weekdays >> weekday & 1u;
    if (c.anyDay || c.anyWeekday)
        return dom && dow; // one of them is "*" (all bits set)
    return dom || dow;     // both restricted: either matches, as cron does
}

} // namespace

std::string parseCron(const std::string &line, CronSchedule &out)
{
    std::istringstream in(line);
    std::vector<std::string> fields;
    for (std::string f; in >> f;)
        fields.push_back(f);
    if (fields.size() != 5)
        return "expected five fields (minute hour day month weekday), got " +
               std::to_string(fields.size());
    static const char *const names[] = {"minute", "hour", "day of month", "month",
                                        "day of week"};
    static const int lo[] = {0, 0, 1, 1, 0};
    static const int hi[] = {59, 23, 31, 12, 7};
    uint64_t bits[5] = {};
    bool star[5] = {};
    for (size_t i = 0; i < 5; ++i) {
        const std::string err = parseField(fields[i], lo[i], hi[i], bits[i], star[i]);
        if (!err.empty())
            return std::string(names[i]) + " field: " + err;
    }
    out.minutes = bits[0];
    out.hours = static_cast<uint32_t>(bits[1]);
    out.days = static_cast<uint32_t>(bits[2]);
    out.months = static_cast<uint16_t>(bits[3]);
    out.weekdays = static_cast<uint8_t>((bits[4] | (bits[4] >> 7)) & 0x7f); // 7 = Sunday
    out.anyDay = star[2];
    out.anyWeekday = star[4];
    return {};
}

double nextCronFire(const CronSchedule &cron, double t)
{
    auto minute = static_cast<int64_t>(std::ceil(std::max(t, 0.0) / 60.0 - 1e-9));
    const int64_t limit = minute + 4 * 366 * 1440;
    while (minute < limit) {
        const int64_t day = minute / 1440;
        if (!dayMatches(cron, day)) {
            minute = (day + 1) * 1440;
            continue;
        }
        const auto hour = static_cast<int>(minute % 1440 / 60);
        if (!(cron.hours >> hour & 1u)) {
            minute = day * 1440 + (hour + 1) * 60;
            continue;
        }
        if (cron.minutes >> (minute % 60) & 1u)
            return static_cast<double>(minute) * 60.0;
        ++minute;
    }
    return -1;
}

std::vector<double> cronFires(const CronSchedule &cron, double from, double to)
{
    std::vector<double> out;
    for (double t = nextCronFire(cron, from); t >= 0 && t < to; t = nextCronFire(cron, t + 1))
        out.push_back(t);
    return out;
}

} // namespace archsim::model
