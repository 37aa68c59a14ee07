// The link and model pages of the inspector.

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "inspector.h"
#include "inspectoroperations.h"
#include "stackpage.h"

#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;
using L = Link;
using Opt = std::optional<double>;

QWidget *Inspector::buildLinkPage()
{
    auto current = [this]() -> const L * { return m_doc->link(m_linkId.toStdString()); };
    auto commit = [this](const L &after, const QString &field) {
        const std::string id = m_linkId.toStdString();
        if (after.id != id)
            m_linkId = QString::fromStdString(after.id);
        m_doc->editLink(id, after, field);
    };
    m_lform = std::make_unique<FormBuilder<L>>(current, commit);
    auto &f = *m_lform;
    auto *page = new StackPage;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(0, 0, 0, 0);
    auto components = [this] {
        QStringList s;
        for (const auto &c : m_doc->model().components)
            s << QString::fromStdString(c.id);
        return s;
    };

    v->addWidget(f.section(tr("Link")));
    f.text(tr("Id"), QStringLiteral("id"), tr("Stable id of the link"),
           [](const L &l) { return QString::fromStdString(l.id); },
           [](L &l, const QString &s) { l.id = s.toStdString(); },
           [this](const QString &s) {
               QString e = idError(s);
               if (e.isEmpty() && s != m_linkId && m_doc->link(s.toStdString()))
                   e = tr("Another link already has the id \"%1\"").arg(s);
               return e;
           },
           true);
    f.dynamicChoice(tr("From"), QStringLiteral("from"), tr("The caller"), components,
                    [](const L &l) { return QString::fromStdString(l.from); },
                    [](L &l, const QString &s) { l.from = s.toStdString(); });
    f.dynamicChoice(tr("To"), QStringLiteral("to"), tr("The callee"), components,
                    [](const L &l) { return QString::fromStdString(l.to); },
                    [](L &l, const QString &s) { l.to = s.toStdString(); });
    f.choice(tr("Kind"), QStringLiteral("kind"),
             tr("call, read, write, fill (cache miss), publish (queue or stream) or consume "
                "(a consumer group reading a stream or queue)"),
             enumList<LinkKind>(),
             [](const L &l) { return int(l.kind); }, [](L &l, int i) { l.kind = LinkKind(i); });
    f.number(tr("Probability"), QStringLiteral("probability"), {},
             tr("Share of the caller's visits that make this call, 0..1"), 0, 1, false,
             [](const L &l) { return Opt(l.probability); },
             [](L &l, Opt v) { l.probability = *v; });
    f.choice(tr("Purpose"), QStringLiteral("purpose"), tr("oltp or analytics reads"),
             enumList<LinkPurpose>(), [](const L &l) { return int(l.purpose); },
             [](L &l, int i) { l.purpose = LinkPurpose(i); });
    f.text(tr("Tables"), QStringLiteral("tables"),
           tr("Tables the link touches, comma-separated (grants and lint)"),
           [](const L &l) { return joinList(l.tables); },
           [](L &l, const QString &s) { l.tables = splitList(s); },
           [this](const QString &s) {
               const L *l = m_doc->link(m_linkId.toStdString());
               const Component *db = l ? m_doc->component(l->to) : nullptr;
               if (!db || db->schema.empty())
                   return QString();
               for (const auto &t : splitList(s))
                   if (!m_doc->table(db->schema, t))
                       return tr("Schema %1 has no table \"%2\"")
                           .arg(QString::fromStdString(db->schema), QString::fromStdString(t));
               return QString();
           });
    f.text(tr("Invalidates"), QStringLiteral("invalidates"),
           tr("Caches whose keys this write invalidates, comma-separated"),
           [](const L &l) { return joinList(l.invalidates); },
           [](L &l, const QString &s) { l.invalidates = splitList(s); },
           [this](const QString &s) {
               for (const auto &id : splitList(s)) {
                   const Component *c = m_doc->component(id);
                   if (!c)
                       return tr("No component \"%1\"").arg(QString::fromStdString(id));
                   if (c->kind != ComponentKind::Cache && c->kind != ComponentKind::Cdn)
                       return tr("\"%1\" is not a cache").arg(QString::fromStdString(id));
               }
               return QString();
           });
    f.text(tr("Key class"), QStringLiteral("key_class"), tr("Cache reads: the key class read"),
           [](const L &l) { return QString::fromStdString(l.key_class); },
           [](L &l, const QString &s) { l.key_class = s.toStdString(); });
    f.check(tr("TLS"), QStringLiteral("tls"), tr("The connection is encrypted"),
            [](const L &l) { return l.tls; }, [](L &l, bool b) { l.tls = b; });
    f.check(tr("User-specific data"), QStringLiteral("user_specific"),
            tr("Carries user-specific or authenticated data"),
            [](const L &l) { return l.user_specific; }, [](L &l, bool b) { l.user_specific = b; });

    addReadFromField(f);
    addMessagingLinkFields(f, v);

    v->addWidget(f.section(tr("Timeout and fallback")));
    f.number(tr("Timeout"), QStringLiteral("timeout_ms"), tr("ms"),
             tr("The caller stops waiting after this; empty = waits forever"), 0.001, 1e9, false,
             [](const L &l) { return l.timeout_ms ? Opt(*l.timeout_ms) : Opt(); },
             [](L &l, Opt v) { l.timeout_ms = v; }, true, tr("waits forever"));
    f.choice(tr("Fallback"), QStringLiteral("fallback"),
             tr("error fails the request; degrade goes on without the answer"),
             enumList<Fallback>(), [](const L &l) { return int(l.fallback); },
             [](L &l, int i) { l.fallback = Fallback(i); });
    f.check(tr("Deadline propagation"), QStringLiteral("deadline_propagation"),
            tr("The callee gives up when the caller's deadline passed"),
            [](const L &l) { return l.deadline_propagation; },
            [](L &l, bool b) { l.deadline_propagation = b; });

    v->addWidget(f.section(tr("Retries")));
    f.check(tr("Retry failed calls"), QStringLiteral("retries"), tr("Retry with backoff"),
            [](const L &l) { return l.retries.has_value(); },
            [](L &l, bool b) {
                if (b)
                    l.retries = Retries{2, 50, 1000, Jitter::Full, 0};
                else
                    l.retries.reset();
            });
    auto hasRetries = [](const L &l) { return l.retries.has_value(); };
    auto r = [](L &l) -> Retries & {
        if (!l.retries)
            l.retries = Retries{};
        return *l.retries;
    };
    auto ret = [](const L &l) { return l.retries ? *l.retries : Retries{}; };
    f.rowVisibleWhen(f.number(tr("Attempts"), QStringLiteral("retries.max"), tr("max"),
                              tr("Retries after the first attempt"), 0, 100, true,
                              [ret](const L &l) { return Opt(ret(l).max); },
                              [r](L &l, Opt v) { r(l).max = int(*v); }),
                     hasRetries);
    f.rowVisibleWhen(f.number(tr("Backoff"), QStringLiteral("retries.backoff_ms"), tr("ms"),
                              tr("First wait; doubles each retry"), 0, 1e9, false,
                              [ret](const L &l) { return Opt(ret(l).backoff_ms); },
                              [r](L &l, Opt v) { r(l).backoff_ms = *v; }),
                     hasRetries);
    f.rowVisibleWhen(f.number(tr("Max backoff"), QStringLiteral("retries.max_backoff_ms"),
                              tr("ms"), tr("Cap of the wait; 0 = uncapped"), 0, 1e9, false,
                              [ret](const L &l) { return Opt(ret(l).max_backoff_ms); },
                              [r](L &l, Opt v) { r(l).max_backoff_ms = *v; }),
                     hasRetries);
    f.rowVisibleWhen(f.choice(tr("Jitter"), QStringLiteral("retries.jitter"),
                              tr("Randomises waits so retries do not synchronise"),
                              enumList<Jitter>(), [ret](const L &l) { return int(ret(l).jitter); },
                              [r](L &l, int i) { r(l).jitter = Jitter(i); }),
                     hasRetries);
    f.rowVisibleWhen(f.number(tr("Retry budget"), QStringLiteral("retries.budget"), {},
                              tr("Share of calls that may be retries; 0 = no budget"), 0, 1,
                              false, [ret](const L &l) { return Opt(ret(l).budget); },
                              [r](L &l, Opt v) { r(l).budget = *v; }),
                     hasRetries);

    v->addWidget(f.section(tr("Circuit breaker")));
    f.check(tr("Circuit breaker"), QStringLiteral("circuit_breaker"),
            tr("Stops calling a failing dependency for a while (resilience4j semantics)"),
            [](const L &l) { return l.circuit_breaker.has_value(); },
            [](L &l, bool b) {
                if (b)
                    l.circuit_breaker = CircuitBreaker{};
                else
                    l.circuit_breaker.reset();
            });
    auto hasCb = [](const L &l) { return l.circuit_breaker.has_value(); };
    auto cb = [](L &l) -> CircuitBreaker & {
        if (!l.circuit_breaker)
            l.circuit_breaker = CircuitBreaker{};
        return *l.circuit_breaker;
    };
    auto cbv = [](const L &l) { return l.circuit_breaker ? *l.circuit_breaker : CircuitBreaker{}; };
    f.rowVisibleWhen(f.number(tr("Failure rate"), QStringLiteral("cb.failure_rate"), {},
                              tr("Opens at this share of failed calls, (0, 1]"), 0.001, 1, false,
                              [cbv](const L &l) { return Opt(cbv(l).failure_rate); },
                              [cb](L &l, Opt v) { cb(l).failure_rate = *v; }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Window"), QStringLiteral("cb.window"), tr("calls"),
                              tr("Sliding window size"), 1, 1e6, true,
                              [cbv](const L &l) { return Opt(cbv(l).window); },
                              [cb](L &l, Opt v) { cb(l).window = int(*v); }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Minimum calls"), QStringLiteral("cb.min_calls"), tr("calls"),
                              tr("Calls before the rate is evaluated"), 1, 1e6, true,
                              [cbv](const L &l) { return Opt(cbv(l).min_calls); },
                              [cb](L &l, Opt v) { cb(l).min_calls = int(*v); }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Open for"), QStringLiteral("cb.open_ms"), tr("ms"),
                              tr("Wait in the open state"), 0, 1e9, false,
                              [cbv](const L &l) { return Opt(cbv(l).open_ms); },
                              [cb](L &l, Opt v) { cb(l).open_ms = *v; }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Half-open calls"), QStringLiteral("cb.half_open_calls"),
                              tr("calls"), tr("Trial calls in the half-open state"), 1, 1e6, true,
                              [cbv](const L &l) { return Opt(cbv(l).half_open_calls); },
                              [cb](L &l, Opt v) { cb(l).half_open_calls = int(*v); }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Slow call"), QStringLiteral("cb.slow_call_ms"), tr("ms"),
                              tr("Calls slower than this count as slow; 0 = off"), 0, 1e9, false,
                              [cbv](const L &l) { return Opt(cbv(l).slow_call_ms); },
                              [cb](L &l, Opt v) { cb(l).slow_call_ms = *v; }),
                     hasCb);
    f.rowVisibleWhen(f.number(tr("Slow-call rate"), QStringLiteral("cb.slow_call_rate"), {},
                              tr("Opens at this share of slow calls"), 0.001, 1, false,
                              [cbv](const L &l) { return Opt(cbv(l).slow_call_rate); },
                              [cb](L &l, Opt v) { cb(l).slow_call_rate = *v; }),
                     hasCb);
    addLinkOperationsFields(f, v);
    v->addStretch(1);
    return page;
}

QWidget *Inspector::buildModelPage()
{
    using M = Model;
    auto current = [this]() -> const M * { return &m_doc->model(); };
    auto commit = [this](const M &after, const QString &) {
        QStringList zones;
        for (const auto &z : after.zones)
            zones << QString::fromStdString(z);
        m_doc->editMeta(QString::fromStdString(after.name),
                        QString::fromStdString(after.description), zones);
    };
    m_mform = std::make_unique<FormBuilder<M>>(current, commit);
    auto &f = *m_mform;
    auto *page = new StackPage;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(f.section(tr("Model")));
    f.text(tr("Name"), QStringLiteral("model.name"), tr("Name of the architecture"),
           [](const M &m) { return QString::fromStdString(m.name); },
           [](M &m, const QString &s) { m.name = s.toStdString(); });
    f.text(tr("Description"), QStringLiteral("model.description"), {},
           [](const M &m) { return QString::fromStdString(m.description); },
           [](M &m, const QString &s) { m.description = s.toStdString(); });
    f.text(tr("Zones"), QStringLiteral("model.zones"),
           tr("Availability zones, comma-separated ids"),
           [](const M &m) { return joinList(m.zones); },
           [](M &m, const QString &s) { m.zones = splitList(s); },
           [](const QString &s) {
               for (const auto &z : splitList(s)) {
                   const QString e = idError(QString::fromStdString(z));
                   if (!e.isEmpty())
                       return tr("Zone \"%1\": %2").arg(QString::fromStdString(z), e);
               }
               return QString();
           });
    f.info(tr("Contents"), [](const M &m) {
        size_t tables = 0, views = 0;
        for (const auto &s : m.schemas) {
            tables += s.tables.size();
            views += s.views.size();
        }
        auto n = [](size_t count, const char *one, const char *many) {
            return QStringLiteral("%L1 ").arg(count) + QLatin1String(count == 1 ? one : many);
        };
        QString schemas = n(m.schemas.size(), "schema", "schemas") + QStringLiteral(" (") +
                          n(tables, "table", "tables");
        if (views > 0)
            schemas += QStringLiteral(", ") + n(views, "view", "views");
        return n(m.components.size(), "component", "components") + QStringLiteral(", ") +
               n(m.links.size(), "link", "links") + QStringLiteral(", ") + schemas +
               QStringLiteral("), ") + n(m.scenarios.size(), "scenario", "scenarios");
    });
    auto *hint = new QLabel(tr("Select a component or a link on the canvas to edit it. "
                               "Drag from a node's edge to connect it to another."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setContentsMargins(6, 6, 6, 6);
    v->addWidget(hint);
    v->addStretch(1);
    return page;
}

} // namespace archsim::gui
