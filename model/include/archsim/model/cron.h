#pragma once

// Five-field cron lines (minute hour day-of-month month day-of-week) evaluated on simulated
// time: t = 0 is Monday 2024-01-01 00:00, so "0 2 * * *" fires at 7200 s, 93600 s, ...

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::model {

// The instants a cron line allows, as bit sets (bit i set = value i allowed).
struct CronSchedule {
    uint64_t minutes = 0; // 0-59
    uint32_t hours = 0;   // 0-23
    uint32_t days = 0;    // 1-31
    uint16_t months = 0;  // 1-12
    uint8_t weekdays = 0; // 0-6, Sunday = 0 (7 is read as 0)
    bool anyDay = true;   // day-of-month was "*"
    bool anyWeekday = true; // day-of-week was "*"
};

// Parses a cron line into `out`; returns "" on success, else what is wrong with which field.
std::string parseCron(const std::string &line, CronSchedule &out);

// Returns the first firing at or after `t` seconds, or a negative number when there is none
// within the next 4 years (a 30 February).
double nextCronFire(const CronSchedule &cron, double t);

// Returns the firings in [from, to), in time order.
std::vector<double> cronFires(const CronSchedule &cron, double from, double to);

} // namespace archsim::model
