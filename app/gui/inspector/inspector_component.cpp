// The component page of the inspector: every field of archsim::model::Component.

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "inspector.h"
#include "inspectoroperations.h"
#include "stackpage.h"

#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;
using C = Component;
using Opt = std::optional<double>;

namespace {

bool isCacheLike(const C &c) { return c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn; }

// "300:1200, 600:400" <-> profile points (at_s:rps).
QString profileText(const C &c)
{
    QStringList parts;
    for (const auto &p : c.profile)
        parts << QStringLiteral("%1:%2").arg(formatNumber(p.at_s), formatNumber(p.rps));
    return parts.join(QStringLiteral(", "));
}

QString parseProfile(const QString &s, std::vector<ProfilePoint> *out)
{
    std::vector<ProfilePoint> v;
    double last = -1;
    for (const QString &part : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList ab = part.trimmed().split(QLatin1Char(':'));
        QString err;
        if (ab.size() != 2)
            return QObject::tr("Write steps as at_s:rps, e.g. 300:1200, 600:400");
        const auto at = parseNumber(ab[0], 0, 1e9, false, &err);
        if (!at)
            return QObject::tr("Time: %1").arg(err);
        const auto rps = parseNumber(ab[1], 0, 1e9, false, &err);
        if (!rps)
            return QObject::tr("Rate: %1").arg(err);
        if (*at <= last)
            return QObject::tr("Step times must increase");
        last = *at;
        v.push_back({*at, *rps});
    }
    if (out)
        *out = v;
    return {};
}

// "catalog:0.6:50000:300; profile:0.3:0:60" <-> key classes (name:share:keys:ttl_s).
QString keyClassText(const C &c)
{
    QStringList parts;
    for (const auto &k : c.key_classes)
        parts << QStringLiteral("%1:%2:%3:%4")
                     .arg(QString::fromStdString(k.name), formatNumber(k.share))
                     .arg(k.keys)
                     .arg(formatNumber(k.ttl_s));
    return parts.join(QStringLiteral("; "));
}

QString parseKeyClasses(const QString &s, std::vector<KeyClass> *out)
{
    std::vector<KeyClass> v;
    for (const QString &part : s.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList f = part.trimmed().split(QLatin1Char(':'));
        if (f.size() != 4)
            return QObject::tr("Write classes as name:share:keys:ttl_s separated by ';'");
        QString err;
        KeyClass k;
        k.name = f[0].trimmed().toStdString();
        if (k.name.empty())
            return QObject::tr("A key class needs a name");
        const auto share = parseNumber(f[1], 0, 1, false, &err);
        if (!share)
            return QObject::tr("Share: %1").arg(err);
        const auto keys = parseNumber(f[2], 0, 1e15, true, &err);
        if (!keys)
            return QObject::tr("Keys: %1").arg(err);
        const auto ttl = parseNumber(f[3], 0, 1e9, false, &err);
        if (!ttl)
            return QObject::tr("TTL: %1").arg(err);
        k.share = *share;
        k.keys = int64_t(*keys);
        k.ttl_s = *ttl;
        v.push_back(k);
    }
    if (out)
        *out = v;
    return {};
}

// "LOG_LEVEL=info; REGION=eu" <-> env map.
QString envText(const C &c)
{
    QStringList parts;
    for (const auto &[k, v] : c.deploy.env)
        parts << QStringLiteral("%1=%2").arg(QString::fromStdString(k), QString::fromStdString(v));
    return parts.join(QStringLiteral("; "));
}

QString parseEnv(const QString &s, std::map<std::string, std::string> *out)
{
    std::map<std::string, std::string> m;
    for (const QString &part : s.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const int eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return QObject::tr("Write settings as NAME=value separated by ';'");
        m[part.left(eq).trimmed().toStdString()] = part.mid(eq + 1).trimmed().toStdString();
    }
    if (out)
        *out = m;
    return {};
}

// "DB_PASSWORD=orders-db/password" <-> secret references (env=name/key).
QString secretsText(const C &c)
{
    QStringList parts;
    for (const auto &s : c.deploy.secrets)
        parts << QStringLiteral("%1=%2/%3").arg(QString::fromStdString(s.env),
                                                QString::fromStdString(s.name),
                                                QString::fromStdString(s.key));
    return parts.join(QStringLiteral("; "));
}

QString parseSecrets(const QString &s, std::vector<SecretRef> *out)
{
    std::vector<SecretRef> v;
    for (const QString &part : s.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const int eq = part.indexOf(QLatin1Char('='));
        const int sl = part.indexOf(QLatin1Char('/'), eq + 1);
        if (eq <= 0 || sl <= eq + 1 || sl == part.size() - 1)
            return QObject::tr("Write secrets as ENV=secret-name/key separated by ';'");
        v.push_back({part.left(eq).trimmed().toStdString(),
                     part.mid(eq + 1, sl - eq - 1).trimmed().toStdString(),
                     part.mid(sl + 1).trimmed().toStdString()});
    }
    if (out)
        *out = v;
    return {};
}

Distribution &serviceTime(C &c)
{
    if (!c.service_time)
        c.service_time = defaultServiceTime(c.kind);
    return *c.service_time;
}

} // namespace

QWidget *Inspector::buildComponentPage()
{
    auto current = [this]() -> const C * { return m_doc->component(m_componentId.toStdString()); };
    auto commit = [this](const C &after, const QString &field) {
        const std::string id = m_componentId.toStdString();
        if (after.id == id) {
            m_doc->editComponent(id, after, field);
            return;
        }
        // A rename: links named after the component may follow, in the same undo step
        // (issue #17). The question's dialog takes the focus, which finishes the field's
        // editing again: that second commit is ignored.
        if (m_renaming)
            return;
        const auto links = m_doc->linkRenames(id, after.id);
        bool withLinks = false;
        if (!links.empty()) {
            QStringList pairs;
            for (const auto &[from, to] : links)
                pairs << QStringLiteral("%1 \u2192 %2")
                             .arg(QString::fromStdString(from), QString::fromStdString(to));
            m_renaming = true;
            withLinks = m_renamePrompt(QString::fromStdString(id),
                                       QString::fromStdString(after.id), pairs);
            m_renaming = false;
        }
        m_componentId = QString::fromStdString(after.id);
        m_doc->renameComponent(id, after,
                               withLinks ? links
                                         : std::vector<std::pair<std::string, std::string>>());
    };
    m_cform = std::make_unique<FormBuilder<C>>(current, commit);
    auto &f = *m_cform;
    // Cross-field rules of the realtime and pub/sub settings come from the model's validation.
    f.setRecordCheck([](const C &before, const C &after, const QString &field) {
        if (!field.startsWith(QLatin1String("realtime")) &&
            !field.startsWith(QLatin1String("pubsub")))
            return QString();
        return realtimeRefusal(before, after);
    });
    auto *page = new StackPage;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(0, 0, 0, 0);
    const double big = 1e15;

    v->addWidget(f.section(tr("General")));
    f.text(tr("Id"), QStringLiteral("id"), tr("Stable id used by links, scenarios and exports"),
           [](const C &c) { return QString::fromStdString(c.id); },
           [](C &c, const QString &s) { c.id = s.toStdString(); },
           [this](const QString &s) {
               QString e = idError(s);
               if (e.isEmpty() && s != m_componentId && m_doc->component(s.toStdString()))
                   e = tr("Another component already has the id \"%1\"").arg(s);
               return e;
           },
           true);
    f.text(tr("Name"), QStringLiteral("name"), tr("Label on the canvas; empty shows the id"),
           [](const C &c) { return QString::fromStdString(c.name); },
           [](C &c, const QString &s) { c.name = s.toStdString(); });
    f.text(tr("Description"), QStringLiteral("description"), tr("What this component does"),
           [](const C &c) { return QString::fromStdString(c.description); },
           [](C &c, const QString &s) { c.description = s.toStdString(); });
    f.choice(tr("Kind"), QStringLiteral("kind"), tr("What the component is"),
             enumList<ComponentKind>(), [](const C &c) { return int(c.kind); },
             [](C &c, int i) { c.kind = ComponentKind(i); });

    // Estimate box, filled by the analysis runner.
    m_estimateBox = new QGroupBox(tr("Analytic estimate"));
    auto *ev = new QVBoxLayout(m_estimateBox);
    m_estimate = new QLabel;
    m_estimate->setObjectName(QStringLiteral("estimate"));
    m_estimate->setWordWrap(true);
    m_estimate->setTextFormat(Qt::RichText);
    ev->addWidget(m_estimate);
    m_estimateBox->hide();
    v->addWidget(m_estimateBox);

    v->addWidget(f.section(tr("Load"), [](const C &c) { return c.kind == ComponentKind::Client; }));
    f.number(tr("Rate"), QStringLiteral("rps"), tr("req/s"), tr("Mean arrival rate (Poisson)"),
             0, 1e9, false, [](const C &c) { return Opt(c.rps); },
             [](C &c, Opt v) { c.rps = *v; });
    f.text(tr("Profile"), QStringLiteral("profile"),
           tr("Rate changes over time: at_s:rps, e.g. 300:1200, 600:400"), profileText,
           [](C &c, const QString &s) { parseProfile(s, &c.profile); },
           [](const QString &s) { return parseProfile(s, nullptr); });

    auto station = [](const C &c) { return isStation(c.kind); };
    v->addWidget(f.section(tr("Capacity"), station));
    f.number(tr("Replicas"), QStringLiteral("replicas"), tr("inst."),
             tr("Instances; spread over the zones"), 1, 10000, true,
             [](const C &c) { return Opt(c.replicas); }, [](C &c, Opt v) { c.replicas = int(*v); });
    f.number(tr("Workers"), QStringLiteral("workers"), tr("/replica"),
             tr("Concurrent requests one replica serves"), 1, 1e6, true,
             [](const C &c) { return Opt(c.workers); }, [](C &c, Opt v) { c.workers = int(*v); });
    f.number(tr("Queue limit"), QStringLiteral("queue_limit"), tr("req"),
             tr("Waiting requests beyond this are rejected; empty = unbounded"), 0, 1e9, true,
             [](const C &c) { return c.queue_limit ? Opt(*c.queue_limit) : Opt(); },
             [](C &c, Opt v) { c.queue_limit = v ? std::optional<int>(int(*v)) : std::nullopt; },
             true, tr("unbounded"));
    f.choice(tr("Threading"), QStringLiteral("threading"),
             tr("blocking holds the worker during downstream calls; async frees it"),
             enumList<Threading>(), [](const C &c) { return int(c.threading); },
             [](C &c, int i) { c.threading = Threading(i); });
    f.choice(tr("Balancing"), QStringLiteral("balancing"),
             tr("pooled: one queue for all replicas; random/round_robin: one queue each"),
             enumList<Balancing>(), [](const C &c) { return int(c.balancing); },
             [](C &c, int i) { c.balancing = Balancing(i); });
    f.choice(tr("Fan-out"), QStringLiteral("fanout"),
             tr("Downstream calls one after another or in parallel"), enumList<Fanout>(),
             [](const C &c) { return int(c.fanout); }, [](C &c, int i) { c.fanout = Fanout(i); });
    f.check(tr("Load shedding"), QStringLiteral("load_shedding"),
            tr("Drop queued work whose caller already gave up"),
            [](const C &c) { return c.load_shedding; }, [](C &c, bool b) { c.load_shedding = b; });

    v->addWidget(f.section(tr("Service time"), station));
    QStringList dists = enumList<DistKind>();
    dists.prepend(tr("kind default"));
    f.choice(tr("Distribution"), QStringLiteral("service_time.dist"),
             tr("How long one visit holds a worker"), dists,
             [](const C &c) { return c.service_time ? int(c.service_time->dist) + 1 : 0; },
             [](C &c, int i) {
                 if (i == 0)
                     c.service_time.reset();
                 else
                     serviceTime(c).dist = DistKind(i - 1);
             });
    f.number(tr("Mean"), QStringLiteral("service_time.mean_ms"), tr("ms"),
             tr("Mean service time of one visit"), 0.0001, 1e9, false,
             [](const C &c) { return Opt(effectiveServiceTime(c).mean_ms); },
             [](C &c, Opt v) { serviceTime(c).mean_ms = *v; });
    auto *cv = f.number(tr("CV"), QStringLiteral("service_time.cv"), {},
                        tr("Coefficient of variation (stddev / mean)"), 0, 100, false,
                        [](const C &c) { return Opt(effectiveServiceTime(c).cv); },
                        [](C &c, Opt v) { serviceTime(c).cv = *v; });
    f.rowVisibleWhen(cv, [](const C &c) {
        return effectiveServiceTime(c).dist == DistKind::Lognormal;
    });
    auto *k = f.number(tr("Phases"), QStringLiteral("service_time.k"), {},
                       tr("Erlang phases k (cv = 1/sqrt(k))"), 1, 1000, true,
                       [](const C &c) { return Opt(effectiveServiceTime(c).k); },
                       [](C &c, Opt v) { serviceTime(c).k = int(*v); });
    f.rowVisibleWhen(k, [](const C &c) {
        return effectiveServiceTime(c).dist == DistKind::Erlang;
    });
    auto *spread = f.number(tr("Spread"), QStringLiteral("service_time.spread"), {},
                            tr("Uniform half-width relative to the mean"), 0, 1, false,
                            [](const C &c) { return Opt(effectiveServiceTime(c).spread); },
                            [](C &c, Opt v) { serviceTime(c).spread = *v; });
    f.rowVisibleWhen(spread, [](const C &c) {
        return effectiveServiceTime(c).dist == DistKind::Uniform;
    });

    v->addWidget(f.section(tr("Placement and failures")));
    f.text(tr("Zones"), QStringLiteral("zones"),
           tr("Zones the replicas are spread over, comma-separated"),
           [](const C &c) { return joinList(c.zones); },
           [](C &c, const QString &s) { c.zones = splitList(s); },
           [this](const QString &s) {
               for (const auto &z : splitList(s))
                   if (std::find(m_doc->model().zones.begin(), m_doc->model().zones.end(), z)
                       == m_doc->model().zones.end())
                       return tr("Unknown zone \"%1\" (model zones: %2)")
                           .arg(QString::fromStdString(z), joinList(m_doc->model().zones));
               return QString();
           });
    f.number(tr("MTBF"), QStringLiteral("mtbf_s"), tr("s"),
             tr("Mean time between random failures; 0 = none"), 0, big, false,
             [](const C &c) { return Opt(c.mtbf_s); }, [](C &c, Opt v) { c.mtbf_s = *v; });
    f.number(tr("MTTR"), QStringLiteral("mttr_s"), tr("s"), tr("Mean time to repair"), 0, big,
             false, [](const C &c) { return Opt(c.mttr_s); }, [](C &c, Opt v) { c.mttr_s = *v; });

    v->addWidget(f.section(tr("Cache"), isCacheLike));
    f.number(tr("Capacity"), QStringLiteral("capacity"), tr("entries"),
             tr("Entries the cache holds before evicting"), 0, big, true,
             [](const C &c) { return Opt(double(c.capacity)); },
             [](C &c, Opt v) { c.capacity = int64_t(*v); });
    f.number(tr("Value size"), QStringLiteral("value_bytes"), tr("bytes"),
             tr("Bytes per entry; 0 = unknown"), 0, big, true,
             [](const C &c) { return Opt(double(c.value_bytes)); },
             [](C &c, Opt v) { c.value_bytes = int64_t(*v); });
    f.number(tr("TTL"), QStringLiteral("ttl_s"), tr("s"), tr("Entry lifetime; 0 = no expiry"), 0,
             big, false, [](const C &c) { return Opt(c.ttl_s); },
             [](C &c, Opt v) { c.ttl_s = *v; });
    f.choice(tr("Eviction"), QStringLiteral("eviction"), tr("Which entry leaves when full"),
             enumList<Eviction>(), [](const C &c) { return int(c.eviction); },
             [](C &c, int i) { c.eviction = Eviction(i); });
    f.number(tr("Key space"), QStringLiteral("keys"), tr("keys"), tr("Distinct keys read"), 0,
             big, true, [](const C &c) { return Opt(double(c.keys)); },
             [](C &c, Opt v) { c.keys = int64_t(*v); });
    f.number(tr("Zipf"), QStringLiteral("zipf"), {}, tr("Skew of key popularity (0 = uniform)"),
             0, 10, false, [](const C &c) { return Opt(c.zipf); },
             [](C &c, Opt v) { c.zipf = *v; });
    f.choice(tr("Invalidation"), QStringLiteral("invalidation"),
             tr("What a write does to cached keys"), enumList<Invalidation>(),
             [](const C &c) { return int(c.invalidation); },
             [](C &c, int i) { c.invalidation = Invalidation(i); });
    f.text(tr("Key classes"), QStringLiteral("key_classes"),
           tr("name:share:keys:ttl_s separated by ';' (keys/ttl 0 = the cache's)"), keyClassText,
           [](C &c, const QString &s) { parseKeyClasses(s, &c.key_classes); },
           [](const QString &s) { return parseKeyClasses(s, nullptr); });
    f.check(tr("TTL refreshed on hit"), QStringLiteral("ttl_refresh_on_hit"),
            tr("Hits extend the entry's lifetime"), [](const C &c) { return c.ttl_refresh_on_hit; },
            [](C &c, bool b) { c.ttl_refresh_on_hit = b; });
    f.check(tr("Request coalescing"), QStringLiteral("coalescing"),
            tr("One fill per key in flight (prevents stampedes)"),
            [](const C &c) { return c.coalescing; }, [](C &c, bool b) { c.coalescing = b; });
    f.check(tr("Public data only"), QStringLiteral("public_only"),
            tr("CDN: only public, non user-specific data may pass"),
            [](const C &c) { return c.public_only; }, [](C &c, bool b) { c.public_only = b; });
    addPubSubFields(f, v);

    v->addWidget(f.section(tr("Database"),
                           [](const C &c) { return c.kind == ComponentKind::Database; }));
    f.choice(tr("Engine"), QStringLiteral("engine"), tr("SQL dialect of the DDL export"),
             enumList<DbEngine>(), [](const C &c) { return int(c.engine); },
             [](C &c, int i) { c.engine = DbEngine(i); });
    f.dynamicChoice(
        tr("Schema"), QStringLiteral("schema"), tr("The schema this database holds"),
        [this] {
            QStringList s{QString()};
            for (const auto &x : m_doc->model().schemas)
                s << QString::fromStdString(x.id);
            return s;
        },
        [](const C &c) { return QString::fromStdString(c.schema); },
        [](C &c, const QString &s) { c.schema = s.toStdString(); });
    f.choice(tr("Reads from"), QStringLiteral("read_from"), tr("Where reads are served"),
             enumList<ReadFrom>(), [](const C &c) { return int(c.read_from); },
             [](C &c, int i) { c.read_from = ReadFrom(i); });
    f.number(tr("Failover"), QStringLiteral("failover_s"), tr("s"),
             tr("Time to promote a replica after the primary fails"), 0, big, false,
             [](const C &c) { return Opt(c.failover_s); },
             [](C &c, Opt v) { c.failover_s = *v; });
    f.check(tr("Encryption at rest"), QStringLiteral("encryption_at_rest"),
            tr("Storage is encrypted"), [](const C &c) { return c.encryption_at_rest; },
            [](C &c, bool b) { c.encryption_at_rest = b; });

    addStreamFields(f, v);
    addJobFields(f, v);
    addRealtimeFields(f, v);

    v->addWidget(f.section(tr("Deployment")));
    f.text(tr("Image"), QStringLiteral("deploy.image"), tr("registry/name:tag; empty = from id"),
           [](const C &c) { return QString::fromStdString(c.deploy.image); },
           [](C &c, const QString &s) { c.deploy.image = s.toStdString(); });
    f.number(tr("Port"), QStringLiteral("deploy.port"), {}, tr("0 = the kind's default"), 0,
             65535, true, [](const C &c) { return Opt(c.deploy.port); },
             [](C &c, Opt v) { c.deploy.port = int(*v); });
    f.number(tr("CPU request"), QStringLiteral("deploy.cpu_millis"), tr("mCPU"),
             tr("0 = the kind's default"), 0, 1e7, true,
             [](const C &c) { return Opt(c.deploy.cpu_millis); },
             [](C &c, Opt v) { c.deploy.cpu_millis = int(*v); });
    f.number(tr("Memory request"), QStringLiteral("deploy.memory_mib"), tr("MiB"),
             tr("0 = the kind's default"), 0, 1e7, true,
             [](const C &c) { return Opt(c.deploy.memory_mib); },
             [](C &c, Opt v) { c.deploy.memory_mib = int(*v); });
    const QStringList hostings{QString(), QStringLiteral("cluster"), QStringLiteral("managed"),
                               QStringLiteral("external")};
    f.choice(tr("Hosting"), QStringLiteral("deploy.hosting"),
             tr("cluster (default), managed service or external"),
             {tr("default (cluster)"), hostings[1], hostings[2], hostings[3]},
             [hostings](const C &c) {
                 return std::max(0, int(hostings.indexOf(QString::fromStdString(c.deploy.hosting))));
             },
             [hostings](C &c, int i) { c.deploy.hosting = hostings[i].toStdString(); });
    f.text(tr("Health path"), QStringLiteral("deploy.health_path"),
           tr("HTTP readiness probe path; empty = TCP probe"),
           [](const C &c) { return QString::fromStdString(c.deploy.health_path); },
           [](C &c, const QString &s) { c.deploy.health_path = s.toStdString(); },
           [](const QString &s) {
               return s.isEmpty() || s.startsWith(QLatin1Char('/'))
                          ? QString()
                          : tr("A path starts with '/'");
           });
    f.text(tr("Environment"), QStringLiteral("deploy.env"),
           tr("Plain settings NAME=value separated by ';' (never secrets)"), envText,
           [](C &c, const QString &s) { parseEnv(s, &c.deploy.env); },
           [](const QString &s) { return parseEnv(s, nullptr); });
    f.text(tr("Secrets"), QStringLiteral("deploy.secrets"),
           tr("ENV=secret-name/key separated by ';' (references, never values)"), secretsText,
           [](C &c, const QString &s) { parseSecrets(s, &c.deploy.secrets); },
           [](const QString &s) { return parseSecrets(s, nullptr); });
    f.check(tr("Autoscaling"), QStringLiteral("deploy.autoscale"),
            tr("Horizontal pod autoscaler on utilization"),
            [](const C &c) { return c.deploy.autoscale.has_value(); },
            [](C &c, bool b) {
                if (b) {
                    Autoscale a;
                    a.min_replicas = c.replicas;
                    a.max_replicas = std::max(c.replicas * 3, 2);
                    c.deploy.autoscale = a;
                } else {
                    c.deploy.autoscale.reset();
                }
            });
    auto autoscale = [](const C &c) { return c.deploy.autoscale.has_value(); };
    auto as = [](C &c) -> Autoscale & {
        if (!c.deploy.autoscale)
            c.deploy.autoscale = Autoscale{};
        return *c.deploy.autoscale;
    };
    auto *mn = f.number(tr("Min replicas"), QStringLiteral("deploy.autoscale.min"), {}, {}, 1,
                        1e4, true,
                        [](const C &c) { return Opt(c.deploy.autoscale ? c.deploy.autoscale->min_replicas : 1); },
                        [as](C &c, Opt v) { as(c).min_replicas = int(*v); });
    f.rowVisibleWhen(mn, autoscale);
    auto *mx = f.number(tr("Max replicas"), QStringLiteral("deploy.autoscale.max"), {}, {}, 1,
                        1e4, true,
                        [](const C &c) { return Opt(c.deploy.autoscale ? c.deploy.autoscale->max_replicas : 1); },
                        [as](C &c, Opt v) { as(c).max_replicas = int(*v); });
    f.rowVisibleWhen(mx, autoscale);
    auto *tu = f.number(tr("Target utilization"), QStringLiteral("deploy.autoscale.target"), {},
                        tr("0..1"), 0.01, 1, false,
                        [](const C &c) { return Opt(c.deploy.autoscale ? c.deploy.autoscale->target_utilization : 0.7); },
                        [as](C &c, Opt v) { as(c).target_utilization = *v; });
    f.rowVisibleWhen(tu, autoscale);
    auto *up = f.number(tr("Scale-up delay"), QStringLiteral("deploy.autoscale.up"), tr("s"), {},
                        0, 1e6, false,
                        [](const C &c) { return Opt(c.deploy.autoscale ? c.deploy.autoscale->scale_up_delay_s : 30); },
                        [as](C &c, Opt v) { as(c).scale_up_delay_s = *v; });
    f.rowVisibleWhen(up, autoscale);
    auto *dn = f.number(tr("Scale-down delay"), QStringLiteral("deploy.autoscale.down"), tr("s"),
                        {}, 0, 1e6, false,
                        [](const C &c) { return Opt(c.deploy.autoscale ? c.deploy.autoscale->scale_down_delay_s : 300); },
                        [as](C &c, Opt v) { as(c).scale_down_delay_s = *v; });
    f.rowVisibleWhen(dn, autoscale);
    addComponentOperationsFields(f, v, [this]() -> const Model & { return m_doc->model(); });
    v->addStretch(1);
    return page;
}

} // namespace archsim::gui
