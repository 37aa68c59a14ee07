#include "stream/streamresults.h"

#include "figurefold.h"

namespace archsim::simulator {

void aggregateStreams(SimulationResult &result, const std::vector<stream::StreamOutput *> &reps)
{
    result.topics.clear();
    result.groups.clear();
    if (reps.empty())
        return;
    const stream::StreamOutput &first = *reps.front();
    for (size_t t = 0; t < first.topics.size(); ++t) {
        TopicFigures f;
        f.id = first.topics[t].id;
        f.kind = first.topics[t].kind;
        f.partitions = first.topics[t].partitions;
        std::vector<TopicFigures *> src;
        for (auto *r : reps)
            src.push_back(&r->topics[t]);
        foldEstimates(f, src);
        result.topics.push_back(std::move(f));
    }
    for (size_t g = 0; g < first.groups.size(); ++g) {
        const GroupFigures &g0 = first.groups[g];
        GroupFigures f;
        f.link = g0.link;
        f.group = g0.group;
        f.consumer = g0.consumer;
        f.source = g0.source;
        f.consumers = g0.consumers;
        f.active = g0.active;
        std::vector<GroupFigures *> src;
        for (auto *r : reps)
            src.push_back(&r->groups[g]);
        foldEstimates(f, src);
        for (size_t p = 0; p < g0.partitions.size(); ++p) {
            PartitionFigures pf;
            pf.partition = g0.partitions[p].partition;
            pf.consumer = g0.partitions[p].consumer;
            std::vector<PartitionFigures *> ps;
            for (auto *r : reps)
                ps.push_back(&r->groups[g].partitions[p]);
            foldEstimates(pf, ps);
            f.partitions.push_back(std::move(pf));
        }
        // The lag timeline: the mean over the replications that reached each second.
        std::vector<int> count;
        for (auto *r : reps) {
            const auto &lag = r->groups[g].lag;
            if (f.lag.size() < lag.size()) {
                f.lag.resize(lag.size());
                count.resize(lag.size(), 0);
            }
            for (size_t i = 0; i < lag.size(); ++i) {
                f.lag[i].t_s = lag[i].t_s;
                f.lag[i].messages += lag[i].messages;
                f.lag[i].seconds += lag[i].seconds;
                ++count[i];
            }
        }
        for (size_t i = 0; i < f.lag.size(); ++i) {
            f.lag[i].messages /= count[i];
            f.lag[i].seconds /= count[i];
        }
        result.groups.push_back(std::move(f));
    }
}

} // namespace archsim::simulator
