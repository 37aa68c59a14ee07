// The inspector's realtime gateway fields, its client-rate table, and a cache's pub/sub
// invalidation (docs/realtime.md).

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "inspector.h"

#include "archsim/model/realtimevalidate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace archsim::gui {

using namespace archsim::model;
using Opt = std::optional<double>;

namespace {

using C = Component;

bool isCacheLike(const C &c)
{
    return c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn;
}

// The columns of the client-rate table.
enum RateColumn { RateName, RateShare, RateBytes, RateColumns };

} // namespace

QString Inspector::realtimeRefusal(const Component &before, const Component &after)
{
    // Problems the edit adds: those of `before` stay visible in the Problems dock and must
    // not block fixing another field.
    std::set<std::string> old;
    for (const Diagnostic &d : validateRealtimeSettings(before))
        old.insert(d.place + '\n' + d.message);
    for (const Diagnostic &d : validateRealtimeSettings(after)) {
        if (old.count(d.place + '\n' + d.message))
            continue;
        QString message = QString::fromStdString(d.message);
        const QString who = QStringLiteral("component '%1': ").arg(
            QString::fromStdString(after.id));
        if (message.startsWith(who))
            message = message.mid(who.size());
        return message;
    }
    return {};
}

void Inspector::addRealtimeFields(FormBuilder<Component> &f, QVBoxLayout *v)
{
    v->addWidget(f.section(tr("Realtime gateway"),
                           [](const C &c) { return c.kind == ComponentKind::Realtime; }));
    // Reads the settings (defaults when absent); writes create them on the first edit.
    auto rv = [](const C &c) { return c.realtime.value_or(RealtimeSettings{}); };
    auto r = [](C &c) -> RealtimeSettings & {
        if (!c.realtime)
            c.realtime = RealtimeSettings{};
        return *c.realtime;
    };
    f.number(tr("Connections"), QStringLiteral("realtime.connections"), {},
             tr("Subscribed connections over all replicas (browsers, apps)"), 1, 1e8, true,
             [rv](const C &c) { return Opt(double(rv(c).connections)); },
             [r](C &c, Opt x) { r(c).connections = int64_t(*x); });
    f.number(tr("Channels"), QStringLiteral("realtime.channels"), {},
             tr("Channels: one per order, room, ticker..."), 1, 1e9, true,
             [rv](const C &c) { return Opt(double(rv(c).channels)); },
             [r](C &c, Opt x) { r(c).channels = int64_t(*x); });
    f.number(tr("Channel skew"), QStringLiteral("realtime.channel_zipf"), tr("Zipf"),
             tr("Zipf exponent of channel popularity, for subscriptions and messages alike; "
                "0 = uniform"),
             0, 10, false, [rv](const C &c) { return Opt(rv(c).channel_zipf); },
             [r](C &c, Opt x) { r(c).channel_zipf = *x; });
    f.number(tr("Subscriptions"), QStringLiteral("realtime.subscriptions"), tr("/conn."),
             tr("Distinct channels each connection subscribes to (at most the channels)"), 1,
             1000, true, [rv](const C &c) { return Opt(rv(c).subscriptions); },
             [r](C &c, Opt x) { r(c).subscriptions = int(*x); });
    // 0 means "no limit" in the file; the fields show it as the empty placeholder.
    f.number(tr("Queue limit"), QStringLiteral("realtime.queue_messages"), tr("messages"),
             tr("Outbound queue limit per connection; empty = none. Over it the slow-consumer "
                "policy applies"),
             0, 1e9, true,
             [rv](const C &c) {
                 return rv(c).queue_messages > 0 ? Opt(double(rv(c).queue_messages)) : Opt();
             },
             [r](C &c, Opt x) { r(c).queue_messages = x ? int64_t(*x) : 0; }, true,
             tr("no limit"));
    f.number(tr("Queue limit"), QStringLiteral("realtime.queue_bytes"), tr("bytes"),
             tr("Outbound queue limit per connection; empty = none. Over it the slow-consumer "
                "policy applies"),
             0, 1e12, true,
             [rv](const C &c) {
                 return rv(c).queue_bytes > 0 ? Opt(double(rv(c).queue_bytes)) : Opt();
             },
             [r](C &c, Opt x) { r(c).queue_bytes = x ? int64_t(*x) : 0; }, true,
             tr("no limit"));
    f.choice(tr("Slow consumer"), QStringLiteral("realtime.slow_consumer"),
             tr("disconnect the connection (it reconnects and recovers from history), drop "
                "its oldest queued message, or block the channel until every subscriber has "
                "room"),
             enumList<SlowConsumer>(), [rv](const C &c) { return int(rv(c).slow_consumer); },
             [r](C &c, int i) { r(c).slow_consumer = SlowConsumer(i); });
    f.number(tr("History"), QStringLiteral("realtime.history_size"), tr("messages"),
             tr("Messages kept per channel for recovery after a reconnect; empty = none"), 0,
             1e9, true,
             [rv](const C &c) {
                 return rv(c).history_size > 0 ? Opt(double(rv(c).history_size)) : Opt();
             },
             [r](C &c, Opt x) { r(c).history_size = x ? int64_t(*x) : 0; }, true,
             tr("no history"));
    f.number(tr("History TTL"), QStringLiteral("realtime.history_ttl_s"), tr("s"),
             tr("History entries expire after this; empty = kept while within the size"), 0,
             1e8, false,
             [rv](const C &c) {
                 return rv(c).history_ttl_s > 0 ? Opt(rv(c).history_ttl_s) : Opt();
             },
             [r](C &c, Opt x) { r(c).history_ttl_s = x ? *x : 0; }, true, tr("no expiry"));
    f.number(tr("Reconnect delay"), QStringLiteral("realtime.reconnect_delay_s"), tr("s"),
             tr("A dropped client's first reconnect delay; doubled per attempt"), 0, 3600, false,
             [rv](const C &c) { return Opt(rv(c).reconnect_delay_s); },
             [r](C &c, Opt x) { r(c).reconnect_delay_s = *x; });
    f.number(tr("Reconnect cap"), QStringLiteral("realtime.reconnect_max_delay_s"), tr("s"),
             tr("The backoff's cap; at least the first delay"), 0, 86400, false,
             [rv](const C &c) { return Opt(rv(c).reconnect_max_delay_s); },
             [r](C &c, Opt x) { r(c).reconnect_max_delay_s = *x; });
    f.choice(tr("Reconnect jitter"), QStringLiteral("realtime.reconnect_jitter"),
             tr("How the reconnect delays are spread (AWS's \"Exponential Backoff and "
                "Jitter\")"),
             enumList<Jitter>(), [rv](const C &c) { return int(rv(c).reconnect_jitter); },
             [r](C &c, int i) { r(c).reconnect_jitter = Jitter(i); });
    f.number(tr("Message size"), QStringLiteral("realtime.message_bytes"), tr("bytes"),
             tr("Size of one message on the wire"), 1, 1e9, true,
             [rv](const C &c) { return Opt(double(rv(c).message_bytes)); },
             [r](C &c, Opt x) { r(c).message_bytes = int64_t(*x); });
    f.check(tr("Per-channel order"), QStringLiteral("realtime.ordered"),
            tr("The clients need each channel's messages in order; lint checks that the "
               "slow-consumer policy keeps it"),
            [rv](const C &c) { return rv(c).ordered; },
            [r](C &c, bool b) { r(c).ordered = b; });
    addClientRateTable(f);
}

void Inspector::addClientRateTable(FormBuilder<Component> &f)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    auto *table = new QTableWidget(0, RateColumns);
    table->setObjectName(QStringLiteral("realtime.client_rates"));
    table->setHorizontalHeaderLabels({tr("class"), tr("share"), tr("bytes/s")});
    table->horizontalHeaderItem(RateShare)->setToolTip(
        tr("Share of the connections (the shares are normalised)"));
    table->horizontalHeaderItem(RateBytes)->setToolTip(
        tr("Download rate of each such connection: its outbound queue drains at it"));
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setToolTip(tr("The clients' download rates: most fast, a tail of slow mobile links. "
                         "Empty = 95% fast at 1 MB/s, 5% slow at 16 kB/s"));
    v->addWidget(table);
    // What an empty table means, shown while it is empty.
    auto *defaults = new QLabel(tr("None listed: 95% fast at 1 MB/s, 5% slow at 16 kB/s."));
    defaults->setObjectName(QStringLiteral("realtime.client_rates.defaults"));
    defaults->setWordWrap(true);
    defaults->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(defaults);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add class"));
    add->setObjectName(QStringLiteral("realtime.client_rates.add"));
    auto *remove = new QPushButton(tr("Remove"));
    remove->setObjectName(QStringLiteral("realtime.client_rates.remove"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    v->addLayout(buttons);
    QLabel *msg = f.wide(tr("Client download rates"), box, table, table->toolTip(),
                         [table, defaults](const C &c) {
                             const auto rates = c.realtime ? c.realtime->client_rates
                                                           : std::vector<ClientRate>{};
                             const QSignalBlocker block(table);
                             table->setRowCount(int(rates.size()));
                             for (int i = 0; i < int(rates.size()); ++i) {
                                 const ClientRate &k = rates[size_t(i)];
                                 const QString cells[RateColumns] = {
                                     QString::fromStdString(k.name), formatNumber(k.share),
                                     formatNumber(k.bytes_per_s)};
                                 for (int col = 0; col < RateColumns; ++col) {
                                     QTableWidgetItem *item = table->item(i, col);
                                     if (!item)
                                         table->setItem(i, col, item = new QTableWidgetItem);
                                     item->setText(cells[col]);
                                 }
                             }
                             // Rows tall enough for their text, the table no taller than them.
                             table->resizeRowsToContents();
                             int h = table->horizontalHeader()->height() + 4;
                             for (int i = 0; i < table->rowCount(); ++i)
                                 h += table->rowHeight(i);
                             const int least = 3 * table->horizontalHeader()->height();
                             table->setFixedHeight(std::max(h, least));
                             defaults->setVisible(rates.empty());
                         });
    // Every change goes through the model's validation; a refused one says why under the table
    // and the table shows the record again. `edit` returns its own refusal, or ""; `context`
    // goes before a refusal ("Class slow: "); `undoText` names a row's addition or removal in
    // Edit > Undo (a cell's edit is "Edit <field> of <gateway>", as every field's).
    using Edit = std::function<QString(std::vector<ClientRate> &)>;
    auto apply = [this, table, msg](const Edit &edit, const QString &field,
                                    const QString &context = {},
                                    const QString &undoText = {}) {
        const C *cur = m_doc->component(m_componentId.toStdString());
        if (!cur)
            return;
        C after = *cur;
        if (!after.realtime)
            after.realtime = RealtimeSettings{};
        QString err = edit(after.realtime->client_rates);
        if (err.isEmpty())
            err = realtimeRefusal(*cur, after);
        if (!err.isEmpty())
            err.prepend(context);
        setFieldError(table, msg, err);
        if (!err.isEmpty()) {
            m_cform->refresh(*cur);
            return;
        }
        m_doc->editComponent(cur->id, after, field, undoText);
    };
    connect(table, &QTableWidget::itemChanged, this, [apply](QTableWidgetItem *item) {
        const int row = item->row();
        const int col = item->column();
        const QString text = item->text().trimmed();
        static const char *names[RateColumns] = {"name", "share", "bytes_per_s"};
        apply(
            [row, col, text](std::vector<ClientRate> &rates) {
                if (row < 0 || row >= int(rates.size()))
                    return QString();
                ClientRate &k = rates[size_t(row)];
                if (col == RateName) {
                    k.name = text.toStdString();
                    return QString();
                }
                QString err;
                const auto x = parseNumber(text, -1e300, 1e300, false, &err);
                if (x)
                    (col == RateShare ? k.share : k.bytes_per_s) = *x;
                return err;
            },
            QStringLiteral("realtime.client_rates.%1.%2").arg(row).arg(names[col]),
            tr("Class %1: ").arg(item->tableWidget()->item(row, RateName)
                                     ? item->tableWidget()->item(row, RateName)->text()
                                     : QString::number(row + 1)));
    });
    connect(add, &QPushButton::clicked, this, [this, apply] {
        const C *cur = m_doc->component(m_componentId.toStdString());
        if (!cur)
            return;
        const size_t n = cur->realtime ? cur->realtime->client_rates.size() : 0;
        const QString gateway = QString::fromStdString(cur->id);
        // The first class added starts from the defaults the empty table stands for.
        const std::string name = "class " + std::to_string(n + 1);
        apply(
            [name](std::vector<ClientRate> &rates) {
                if (rates.empty()) {
                    rates.push_back({"fast", 0.95, 1e6});
                    rates.push_back({"slow", 0.05, 16000});
                } else {
                    rates.push_back({name, 0.05, 64000});
                }
                return QString();
            },
            QStringLiteral("realtime.client_rates"), {},
            n == 0 ? tr("Add client-rate classes fast and slow to %1").arg(gateway)
                   : tr("Add client-rate class \"%1\" to %2")
                         .arg(QString::fromStdString(name), gateway));
    });
    connect(remove, &QPushButton::clicked, this, [this, table, apply] {
        const int row = table->currentRow();
        const C *cur = m_doc->component(m_componentId.toStdString());
        const size_t n = cur && cur->realtime ? cur->realtime->client_rates.size() : 0;
        if (row < 0 || size_t(row) >= n)
            return;
        const QString name = QString::fromStdString(cur->realtime->client_rates[size_t(row)].name);
        apply(
            [row](std::vector<ClientRate> &rates) {
                rates.erase(rates.begin() + row);
                return QString();
            },
            QStringLiteral("realtime.client_rates"), {},
            tr("Remove client-rate class \"%1\" from %2")
                .arg(name, QString::fromStdString(cur->id)));
    });
}

void Inspector::addPubSubFields(FormBuilder<Component> &f, QVBoxLayout *v)
{
    v->addWidget(f.section(tr("Pub/sub invalidation"), isCacheLike));
    auto has = [](const C &c) { return c.pubsub.has_value(); };
    auto pv = [](const C &c) { return c.pubsub.value_or(PubSubInvalidation{}); };
    auto p = [](C &c) -> PubSubInvalidation & {
        if (!c.pubsub)
            c.pubsub = PubSubInvalidation{};
        return *c.pubsub;
    };
    f.check(tr("Deletes arrive by pub/sub"), QStringLiteral("pubsub"),
            tr("A write's delete reaches the cache through pub/sub (Redis keyspace "
               "notifications), after a delay and at most once; needs invalidation "
               "delete_on_write"),
            has, [](C &c, bool b) {
                if (b)
                    c.pubsub = PubSubInvalidation{};
                else
                    c.pubsub.reset();
            });
    f.rowVisibleWhen(f.number(tr("Delay"), QStringLiteral("pubsub.delay_ms"), tr("ms"),
                              tr("From the write's commit to the delete at the cache"), 0,
                              3.6e6, false, [pv](const C &c) { return Opt(pv(c).delay_ms); },
                              [p](C &c, Opt x) { p(c).delay_ms = *x; }),
                     has);
    f.rowVisibleWhen(f.number(tr("Loss"), QStringLiteral("pubsub.loss"), {},
                              tr("Share of invalidations never delivered, 0..1 (a subscriber "
                                 "that is not listening misses them)"),
                              0, 1, false, [pv](const C &c) { return Opt(pv(c).loss); },
                              [p](C &c, Opt x) { p(c).loss = *x; }),
                     has);
}

} // namespace archsim::gui
