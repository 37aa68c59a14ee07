// The inspector's operations fields: SLO, price, autoscaling extras, rate limits.

#include "inspectoroperations.h"

#include "archsim/exporters/cost.h"

#include <QCoreApplication>
#include <QLabel>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;
using C = Component;
using L = Link;
using Opt = std::optional<double>;

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Inspector", text); }

const QStringList kScopes = {QStringLiteral("client"), QStringLiteral("key"),
                             QStringLiteral("global")};
const QStringList kSelects = {QStringLiteral("max"), QStringLiteral("min"),
                              QStringLiteral("disabled")};

// Adds the fields of an optional rate limit reached through `limit`.
template <typename T>
void rateLimitFields(FormBuilder<T> &f, const QString &prefix,
                     std::function<std::optional<RateLimit> &(T &)> limit,
                     std::function<const std::optional<RateLimit> &(const T &)> read)
{
    f.check(tr("Rate limit"), prefix, tr("A token bucket: over the limit the caller gets 429"),
            [read](const T &t) { return read(t).has_value(); },
            [limit](T &t, bool on) {
                if (on)
                    limit(t) = RateLimit{};
                else
                    limit(t).reset();
            });
    auto on = [read](const T &t) { return read(t).has_value(); };
    auto get = [limit](T &t) -> RateLimit & {
        if (!limit(t))
            limit(t) = RateLimit{};
        return *limit(t);
    };
    auto *rate = f.number(tr("Rate"), prefix + QStringLiteral(".rate_rps"), tr("req/s"),
                          tr("Tokens added per second"), 1e-6, 1e9, false,
                          [read](const T &t) { return Opt(read(t) ? read(t)->rate_rps : 100); },
                          [get](T &t, Opt v) { get(t).rate_rps = *v; });
    f.rowVisibleWhen(rate, on);
    auto *burst = f.number(tr("Burst"), prefix + QStringLiteral(".burst"), tr("req"),
                           tr("Bucket size: a burst of this many passes at once"), 1, 1e9,
                           false,
                           [read](const T &t) { return Opt(read(t) ? read(t)->burst : 100); },
                           [get](T &t, Opt v) { get(t).burst = *v; });
    f.rowVisibleWhen(burst, on);
    auto *per = f.choice(tr("Per"), prefix + QStringLiteral(".per"),
                         tr("One bucket per calling client, per request key, or for all"),
                         kScopes,
                         [read](const T &t) { return read(t) ? int(read(t)->per) : 0; },
                         [get](T &t, int i) { get(t).per = RateLimitScope(i); });
    f.rowVisibleWhen(per, on);
}

} // namespace

QString policiesText(const std::vector<ScalingPolicy> &policies)
{
    QStringList parts;
    for (const auto &p : policies)
        parts << QStringLiteral("%1 %2/%3s")
                     .arg(p.type == ScalingPolicyType::Pods ? QStringLiteral("pods")
                                                            : QStringLiteral("percent"))
                     .arg(p.value)
                     .arg(p.period_s);
    return parts.join(QStringLiteral("; "));
}

QString parsePolicies(const QString &text, std::vector<ScalingPolicy> *out)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*(pods|percent)\\s+(\\d+)\\s*/\\s*(\\d+(?:\\.\\d+)?)\\s*s?\\s*$"));
    std::vector<ScalingPolicy> policies;
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const auto m = re.match(part);
        if (!m.hasMatch())
            return tr("Write policies as \"pods 4/15s; percent 100/15s\"");
        ScalingPolicy p;
        p.type = m.captured(1) == QLatin1String("pods") ? ScalingPolicyType::Pods
                                                        : ScalingPolicyType::Percent;
        p.value = m.captured(2).toInt();
        p.period_s = m.captured(3).toDouble();
        if (p.value < 1 || p.period_s <= 0 || p.period_s > 1800)
            return tr("A policy changes at least 1 over a period of at most 1800 s");
        policies.push_back(p);
    }
    if (out)
        *out = std::move(policies);
    return {};
}

QString componentCostText(const Model &model, const std::string &id)
{
    const exporters::CostReport r = exporters::computeCost(model, exporters::defaultPriceTable());
    for (const exporters::ComponentCost &c : r.components)
        if (c.id == id)
            return tr("%1 %2 per month: %3 (nominal load, declared replicas; the results' "
                      "Cost tab has a run's figure)")
                .arg(QString::number(c.month, 'f', 2), QString::fromStdString(r.currency),
                     QString::fromStdString(c.basis));
    return tr("nothing: no price in the table or the overrides applies");
}

void addComponentOperationsFields(FormBuilder<C> &f, QVBoxLayout *v,
                                  std::function<const Model &()> model)
{
    auto autoscale = [](const C &c) { return c.deploy.autoscale.has_value(); };
    auto as = [](C &c) -> Autoscale & {
        if (!c.deploy.autoscale)
            c.deploy.autoscale = Autoscale{};
        return *c.deploy.autoscale;
    };
    auto *startup = f.number(tr("Start-up"), QStringLiteral("deploy.autoscale.startup_s"),
                             tr("s"), tr("A new replica serves this long after it is created"),
                             0, 86400, false,
                             [](const C &c) {
                                 return Opt(c.deploy.autoscale ? c.deploy.autoscale->startup_s
                                                               : 0);
                             },
                             [as](C &c, Opt x) { as(c).startup_s = *x; });
    f.rowVisibleWhen(startup, autoscale);
    auto *up = f.text(tr("Scale-up policies"), QStringLiteral("deploy.autoscale.up_policies"),
                      tr("e.g. \"pods 4/15s; percent 100/15s\"; empty = those defaults"),
                      [](const C &c) {
                          return c.deploy.autoscale
                                     ? policiesText(c.deploy.autoscale->scale_up_policies)
                                     : QString();
                      },
                      [as](C &c, const QString &s) {
                          parsePolicies(s, &as(c).scale_up_policies);
                      },
                      [](const QString &s) { return parsePolicies(s, nullptr); });
    f.rowVisibleWhen(up, autoscale);
    auto *down = f.text(tr("Scale-down policies"),
                        QStringLiteral("deploy.autoscale.down_policies"),
                        tr("e.g. \"pods 1/60s\"; empty = percent 100/15s"),
                        [](const C &c) {
                            return c.deploy.autoscale
                                       ? policiesText(c.deploy.autoscale->scale_down_policies)
                                       : QString();
                        },
                        [as](C &c, const QString &s) {
                            parsePolicies(s, &as(c).scale_down_policies);
                        },
                        [](const QString &s) { return parsePolicies(s, nullptr); });
    f.rowVisibleWhen(down, autoscale);
    auto *sel = f.choice(tr("Scale-up select"), QStringLiteral("deploy.autoscale.up_select"),
                         tr("Which policy wins: the largest change, the smallest, or none"),
                         kSelects,
                         [](const C &c) {
                             return c.deploy.autoscale ? int(c.deploy.autoscale->scale_up_select)
                                                       : 0;
                         },
                         [as](C &c, int i) { as(c).scale_up_select = SelectPolicy(i); });
    f.rowVisibleWhen(sel, autoscale);

    v->addWidget(f.section(tr("Service level objective"),
                           [](const C &c) { return c.kind == ComponentKind::Client; }));
    f.check(tr("SLO"), QStringLiteral("slo"), tr("Objectives of this client's requests"),
            [](const C &c) { return c.slo.has_value(); },
            [](C &c, bool on) {
                if (on)
                    c.slo = Slo{};
                else
                    c.slo.reset();
            });
    auto hasSlo = [](const C &c) { return c.slo.has_value(); };
    auto slo = [](C &c) -> Slo & {
        if (!c.slo)
            c.slo = Slo{};
        return *c.slo;
    };
    auto *avail = f.number(tr("Availability"), QStringLiteral("slo.availability"), tr("%"),
                           tr("Share of requests that succeed, e.g. 99.9"), 0.001, 99.999,
                           false,
                           [](const C &c) {
                               return Opt(c.slo ? c.slo->availability * 100 : 99.9);
                           },
                           [slo](C &c, Opt x) { slo(c).availability = *x / 100; });
    f.rowVisibleWhen(avail, hasSlo);
    auto *lat = f.number(tr("Latency"), QStringLiteral("slo.latency_ms"), tr("ms"),
                         tr("Threshold of the latency objective; 0 = none"), 0, 3.6e6, false,
                         [](const C &c) { return Opt(c.slo ? c.slo->latency_ms : 0); },
                         [slo](C &c, Opt x) { slo(c).latency_ms = *x; });
    f.rowVisibleWhen(lat, hasSlo);
    auto *target = f.number(tr("Within latency"), QStringLiteral("slo.latency_target"), tr("%"),
                            tr("Share of requests answered within the latency"), 0.001, 99.999,
                            false,
                            [](const C &c) {
                                return Opt(c.slo ? c.slo->latency_target * 100 : 99);
                            },
                            [slo](C &c, Opt x) { slo(c).latency_target = *x / 100; });
    f.rowVisibleWhen(target, hasSlo);
    auto *period = f.choice(tr("Period"), QStringLiteral("slo.period_days"),
                            tr("The rolling period of the objectives"),
                            {tr("30 days"), tr("28 days")},
                            [](const C &c) { return c.slo && c.slo->period_days == 28 ? 1 : 0; },
                            [slo](C &c, int i) { slo(c).period_days = i == 1 ? 28 : 30; });
    f.rowVisibleWhen(period, hasSlo);

    v->addWidget(f.section(tr("Rate limit"),
                           [](const C &c) { return c.kind == ComponentKind::Gateway; }));
    rateLimitFields<C>(f, QStringLiteral("rate_limit"),
                       [](C &c) -> std::optional<RateLimit> & { return c.rate_limit; },
                       [](const C &c) -> const std::optional<RateLimit> & {
                           return c.rate_limit;
                       });

    v->addWidget(f.section(tr("Price"),
                           [](const C &c) { return c.kind != ComponentKind::Client; }));
    auto price = [](C &c) -> PriceOverride & {
        if (!c.price)
            c.price = PriceOverride{};
        return *c.price;
    };
    auto clean = [](C &c) {
        if (c.price && *c.price == PriceOverride{})
            c.price.reset();
    };
    f.number(tr("Per replica-hour"), QStringLiteral("price.replica_hour"), tr("$/h"),
             tr("Replaces the price table's rate; empty = from the table"), 0, 1e6, false,
             [](const C &c) { return c.price ? c.price->replica_hour : Opt(); },
             [price, clean](C &c, Opt x) {
                 price(c).replica_hour = x;
                 clean(c);
             },
             true, tr("from the price table"));
    f.number(tr("Monthly fee"), QStringLiteral("price.monthly"), tr("$/mo"),
             tr("A flat fee (SaaS plan, licence)"), 0, 1e12, false,
             [](const C &c) { return Opt(c.price ? c.price->monthly : 0); },
             [price, clean](C &c, Opt x) {
                 price(c).monthly = *x;
                 clean(c);
             });
    f.number(tr("Egress"), QStringLiteral("price.egress_gb_month"), tr("GB/mo"),
             tr("Traffic leaving the cloud per month"), 0, 1e12, false,
             [](const C &c) { return Opt(c.price ? c.price->egress_gb_month : 0); },
             [price, clean](C &c, Opt x) {
                 price(c).egress_gb_month = *x;
                 clean(c);
             });
    QLabel *cost = f.info(tr("Monthly cost"), [model](const C &c) {
        return componentCostText(model(), c.id);
    });
    cost->setObjectName(QStringLiteral("price.cost"));
}

void addLinkOperationsFields(FormBuilder<L> &f, QVBoxLayout *v)
{
    v->addWidget(f.section(tr("Rate limit")));
    rateLimitFields<L>(f, QStringLiteral("rate_limit"),
                       [](L &l) -> std::optional<RateLimit> & { return l.rate_limit; },
                       [](const L &l) -> const std::optional<RateLimit> & {
                           return l.rate_limit;
                       });
    auto *ra = f.check(tr("Honour Retry-After"), QStringLiteral("retries.retry_after"),
                       tr("Retry a 429 when its Retry-After says, not after the backoff alone"),
                       [](const L &l) { return l.retries && l.retries->retry_after; },
                       [](L &l, bool on) {
                           if (!l.retries)
                               l.retries = Retries{};
                           l.retries->retry_after = on;
                       });
    f.rowVisibleWhen(ra, [](const L &l) { return l.retries && l.retries->max > 0; });
}

} // namespace archsim::gui
