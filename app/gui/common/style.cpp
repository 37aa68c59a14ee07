#include "style.h"

#include <QApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QStyleFactory>
#include <QSvgRenderer>

#include <map>
#include <memory>

// The resources live in the static archsim_gui library: register them before first use.
static void initArchsimResources() { Q_INIT_RESOURCE(resources); }

namespace archsim::gui::style {

using model::ComponentKind;

void ensureResources()
{
    static const bool done = [] {
        initArchsimResources();
        return true;
    }();
    (void)done;
}

namespace {

bool g_dark = false;
QPalette g_systemPalette;
bool g_haveSystemPalette = false;

CanvasColors lightCanvas()
{
    return {QColor("#f6f7f9"), QColor("#e7e9ee"), QColor("#d9dce3"), QColor("#ffffff"),
            QColor("#cfd4dc"), QColor("#1f2430"), QColor("#5f6878"), QColor("#2f6fed"),
            QColor("#eef1f6"), QColor("#3b4252")};
}

CanvasColors darkCanvas()
{
    return {QColor("#1b1e24"), QColor("#23272f"), QColor("#2c313b"), QColor("#272b34"),
            QColor("#3a404c"), QColor("#e6e9ef"), QColor("#a3abb9"), QColor("#5b8cff"),
            QColor("#343a46"), QColor("#d8dee9")};
}

QPalette makePalette(bool dark)
{
    QPalette p;
    if (dark) {
        const QColor window("#25282e"), base("#1d2025"), text("#e6e9ef"), mid("#3a3f48");
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor("#23262c"));
        p.setColor(QPalette::ToolTipBase, QColor("#30343c"));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor("#7d8594"));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor("#2d3138"));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, QColor("#ff6b6b"));
        p.setColor(QPalette::Light, QColor("#3b4049"));
        p.setColor(QPalette::Midlight, QColor("#33373f"));
        p.setColor(QPalette::Mid, mid);
        p.setColor(QPalette::Dark, QColor("#16181c"));
        p.setColor(QPalette::Shadow, QColor("#000000"));
        p.setColor(QPalette::Highlight, QColor("#3d6fe0"));
        p.setColor(QPalette::HighlightedText, QColor("#ffffff"));
        p.setColor(QPalette::Link, QColor("#7aa2ff"));
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, QColor("#6b7280"));
    } else {
        const QColor window("#f3f4f6"), text("#1f2430");
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, QColor("#ffffff"));
        p.setColor(QPalette::AlternateBase, QColor("#f7f8fa"));
        p.setColor(QPalette::ToolTipBase, QColor("#ffffff"));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor("#8a93a3"));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor("#fafbfc"));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, QColor("#d92d20"));
        p.setColor(QPalette::Light, QColor("#ffffff"));
        p.setColor(QPalette::Midlight, QColor("#eceef2"));
        p.setColor(QPalette::Mid, QColor("#c9ced6"));
        p.setColor(QPalette::Dark, QColor("#a0a7b3"));
        p.setColor(QPalette::Shadow, QColor("#6b7280"));
        p.setColor(QPalette::Highlight, QColor("#2f6fed"));
        p.setColor(QPalette::HighlightedText, QColor("#ffffff"));
        p.setColor(QPalette::Link, QColor("#2f6fed"));
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, QColor("#9aa1ad"));
    }
    return p;
}

QSvgRenderer *glyph(ComponentKind kind)
{
    ensureResources();
    static std::map<ComponentKind, std::unique_ptr<QSvgRenderer>> cache;
    auto &r = cache[kind];
    if (!r)
        r = std::make_unique<QSvgRenderer>(
            QStringLiteral(":/icons/%1.svg").arg(QLatin1String(model::toString(kind))));
    return r.get();
}

// Paints the tile at whatever size and device pixel ratio Qt asks for, so icons stay sharp.
class KindIconEngine : public QIconEngine {
public:
    explicit KindIconEngine(ComponentKind kind) : m_kind(kind) {}
    void paint(QPainter *p, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        QColor c = kindColor(m_kind);
        if (mode == QIcon::Disabled)
            c.setAlphaF(0.4);
        const QRectF r = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5);
        p->setPen(Qt::NoPen);
        p->setBrush(c);
        p->drawRoundedRect(r, r.width() * 0.22, r.height() * 0.22);
        const qreal m = r.width() * 0.2;
        drawKindGlyph(p, m_kind, r.adjusted(m, m, -m, -m));
        p->restore();
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(), size), mode, state);
        return pm;
    }
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap pm(size * scale);
        pm.fill(Qt::transparent);
        {
            QPainter p(&pm);
            paint(&p, QRect(QPoint(), size * scale), mode, state);
        }
        pm.setDevicePixelRatio(scale);
        return pm;
    }
    QIconEngine *clone() const override { return new KindIconEngine(m_kind); }

private:
    ComponentKind m_kind;
};

} // namespace

void applyTheme(ThemeMode mode)
{
    ensureResources();
    if (!g_haveSystemPalette) {
        g_systemPalette = QApplication::palette();
        g_haveSystemPalette = true;
    }
    bool dark = mode == ThemeMode::Dark;
    if (mode == ThemeMode::System) {
        // The platform theme's palette tells us whether the desktop runs a dark scheme.
        const QColor w = g_systemPalette.color(QPalette::Window);
        const QColor t = g_systemPalette.color(QPalette::WindowText);
        dark = w.lightness() < t.lightness();
    }
    g_dark = dark;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(makePalette(dark));
}

bool isDark() { return g_dark; }

const CanvasColors &canvas()
{
    static const CanvasColors light = lightCanvas();
    static const CanvasColors dark = darkCanvas();
    return g_dark ? dark : light;
}

QColor kindColor(ComponentKind kind)
{
    switch (kind) {
    case ComponentKind::Client: return QColor("#6366f1");
    case ComponentKind::LoadBalancer: return QColor("#0ea5e9");
    case ComponentKind::Gateway: return QColor("#0d9488");
    case ComponentKind::Service: return QColor("#3b82f6");
    case ComponentKind::Worker: return QColor("#8b5cf6");
    case ComponentKind::Database: return QColor("#d97706");
    case ComponentKind::Cache: return QColor("#dc2626");
    case ComponentKind::Cdn: return QColor("#059669");
    case ComponentKind::Queue: return QColor("#db2777");
    case ComponentKind::External: return QColor("#64748b");
    case ComponentKind::Stream: return QColor("#be185d");
    case ComponentKind::Job: return QColor("#4d7c0f");
    case ComponentKind::Realtime: return QColor("#0891b2");
    }
    return QColor("#64748b");
}

QColor linkColor(model::LinkKind kind)
{
    const bool d = g_dark;
    switch (kind) {
    case model::LinkKind::Call: return d ? QColor("#9aa5b8") : QColor("#5b6577");
    case model::LinkKind::Read: return d ? QColor("#34d399") : QColor("#059669");
    case model::LinkKind::Write: return d ? QColor("#fb923c") : QColor("#ea580c");
    case model::LinkKind::Fill: return d ? QColor("#c084fc") : QColor("#9333ea");
    case model::LinkKind::Publish: return d ? QColor("#f472b6") : QColor("#db2777");
    case model::LinkKind::Consume: return d ? QColor("#f9a8d4") : QColor("#9d174d");
    }
    return QColor("#5b6577");
}

QString kindLabel(ComponentKind kind)
{
    switch (kind) {
    case ComponentKind::Client: return QObject::tr("Client");
    case ComponentKind::LoadBalancer: return QObject::tr("Load balancer");
    case ComponentKind::Gateway: return QObject::tr("Gateway");
    case ComponentKind::Service: return QObject::tr("Service");
    case ComponentKind::Worker: return QObject::tr("Worker");
    case ComponentKind::Database: return QObject::tr("Database");
    case ComponentKind::Cache: return QObject::tr("Cache");
    case ComponentKind::Cdn: return QObject::tr("CDN");
    case ComponentKind::Queue: return QObject::tr("Queue");
    case ComponentKind::External: return QObject::tr("External");
    case ComponentKind::Stream: return QObject::tr("Stream");
    case ComponentKind::Job: return QObject::tr("Job");
    case ComponentKind::Realtime: return QObject::tr("Realtime");
    }
    return {};
}

QString kindHelp(ComponentKind kind)
{
    switch (kind) {
    case ComponentKind::Client: return QObject::tr("Source of requests at a rate (req/s)");
    case ComponentKind::LoadBalancer: return QObject::tr("Spreads calls over its targets");
    case ComponentKind::Gateway: return QObject::tr("API gateway: routing, auth, limits");
    case ComponentKind::Service: return QObject::tr("Stateless service with workers");
    case ComponentKind::Worker: return QObject::tr("Background consumer of a queue");
    case ComponentKind::Database: return QObject::tr("Database with a schema and replicas");
    case ComponentKind::Cache: return QObject::tr("Key-value cache with TTL and eviction");
    case ComponentKind::Cdn: return QObject::tr("Edge cache for public content");
    case ComponentKind::Queue:
        return QObject::tr("Message queue: competing consumers, redelivery, dead letters");
    case ComponentKind::External: return QObject::tr("Third-party dependency");
    case ComponentKind::Stream:
        return QObject::tr("Partitioned log (Kafka): consumer groups, lag, per-key order");
    case ComponentKind::Job:
        return QObject::tr("ETL or batch job on a schedule: reads a source, writes a sink");
    case ComponentKind::Realtime:
        return QObject::tr("WebSocket/SSE gateway: fan-out to connections, slow consumers");
    }
    return {};
}

void drawKindGlyph(QPainter *p, ComponentKind kind, const QRectF &rect)
{
    glyph(kind)->render(p, rect);
}

QIcon kindIcon(ComponentKind kind) { return QIcon(new KindIconEngine(kind)); }

const std::vector<ComponentKind> &allKinds()
{
    static const std::vector<ComponentKind> kinds = {
        ComponentKind::Client,   ComponentKind::Cdn,     ComponentKind::LoadBalancer,
        ComponentKind::Gateway,  ComponentKind::Service, ComponentKind::Worker,
        ComponentKind::Cache,    ComponentKind::Database, ComponentKind::Queue,
        ComponentKind::Stream,   ComponentKind::Job,      ComponentKind::Realtime,
        ComponentKind::External};
    return kinds;
}

} // namespace archsim::gui::style
