#include "sweepdialog.h"

#include "document.h"

#include "archsim/model/io.h"

#include <QAbstractItemView>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

namespace archsim::gui {

using sweep::Metric;
using sweep::OrderedJson;

namespace {

constexpr Metric kMetrics[] = {Metric::MeanMs, Metric::P50Ms, Metric::P90Ms, Metric::P95Ms,
                               Metric::P99Ms, Metric::P999Ms, Metric::Availability,
                               Metric::ErrorRate, Metric::LatencyAttainment,
                               Metric::ThroughputRps};

QComboBox *metricBox(Metric selected)
{
    auto *box = new QComboBox;
    for (Metric m : kMetrics) {
        box->addItem(QString::fromLatin1(sweep::toString(m)), int(m));
        if (m == selected)
            box->setCurrentIndex(box->count() - 1);
    }
    return box;
}

QString valueText(const nlohmann::json &v)
{
    return QString::fromStdString(v.dump());
}

// Parses a parameter's values cell: "a..b [step s]" is a range, else comma-separated JSON
// values (a word that is not JSON is a string). Returns an error text or empty.
QString parseValues(const QString &text, nlohmann::json &param)
{
    static const QRegularExpression range(
        QStringLiteral(R"(^\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*(?:step\s+(-?[\d.]+))?\s*$)"));
    const auto m = range.match(text);
    if (m.hasMatch()) {
        nlohmann::json r = {{"from", nlohmann::json::parse(m.captured(1).toStdString())},
                            {"to", nlohmann::json::parse(m.captured(2).toStdString())}};
        if (m.hasCaptured(3))
            r["step"] = nlohmann::json::parse(m.captured(3).toStdString());
        param["range"] = r;
        return {};
    }
    nlohmann::json values = nlohmann::json::array();
    // Split at commas outside brackets and quotes, so objects and arrays stay whole.
    QString current;
    int depth = 0;
    bool quoted = false;
    QStringList parts;
    for (QChar c : text) {
        if (c == u'"')
            quoted = !quoted;
        else if (!quoted && (c == u'[' || c == u'{'))
            ++depth;
        else if (!quoted && (c == u']' || c == u'}'))
            --depth;
        if (c == u',' && depth == 0 && !quoted) {
            parts << current;
            current.clear();
        } else {
            current += c;
        }
    }
    parts << current;
    for (const QString &p : parts) {
        const QString t = p.trimmed();
        if (t.isEmpty())
            return QObject::tr("an empty value");
        const auto v = nlohmann::json::parse(t.toStdString(), nullptr, false);
        values.push_back(v.is_discarded() ? nlohmann::json(t.toStdString()) : v);
    }
    param["values"] = values;
    return {};
}

// Returns the mean of `metric` in `scenario` of a point, NaN when it has none.
double figureOf(const OrderedJson &point, const std::string &scenario, const std::string &metric)
{
    if (!point.contains("scenarios"))
        return std::nan("");
    for (const auto &s : point["scenarios"])
        if (s["scenario"] == scenario && s["figures"].contains(metric))
            return s["figures"][metric]["mean"].get<double>();
    return std::nan("");
}

QString number(double v)
{
    return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'g', 6);
}

// Turns "spec:/parameters/1/values: ..." into "Parameters, row 2: ..." for the form.
QString friendlyError(QString text)
{
    static const QRegularExpression place(QStringLiteral(R"(/(parameters|objectives)/(\d+))"));
    auto m = place.match(text);
    while (m.hasMatch()) {
        const QString table = m.captured(1) == QLatin1String("parameters")
            ? QObject::tr("Parameters") : QObject::tr("Objectives");
        const QString repl = QObject::tr("%1 row %2 ").arg(table).arg(m.captured(2).toInt() + 1);
        text.replace(m.capturedStart(), m.capturedLength(), repl);
        m = place.match(text, m.capturedStart() + repl.size());
    }
    return text;
}

} // namespace

SweepDialog::SweepDialog(Document *doc, QWidget *parent) : QDialog(parent), m_doc(doc)
{
    setWindowTitle(tr("Sweep: %1").arg(doc->displayName()));
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(createForm());
    split->addWidget(createResults());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    m_progress = new QProgressBar;
    m_progress->setTextVisible(false);
    m_status = new QLabel(tr("Not run yet"));
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_run = new QPushButton(tr("&Run"));
    m_run->setObjectName(QStringLiteral("sweepRun"));
    m_cancel = new QPushButton(tr("&Cancel Run"));
    m_cancel->setObjectName(QStringLiteral("sweepCancel"));
    m_apply = new QPushButton(tr("&Apply Point to Model"));
    m_apply->setObjectName(QStringLiteral("sweepApply"));
    m_apply->setToolTip(tr("Sets the model's fields to the selected point's values (undoable)"));
    auto *close = new QPushButton(tr("Close"));
    connect(m_run, &QPushButton::clicked, this, [this] { run(); });
    connect(m_cancel, &QPushButton::clicked, this, &SweepDialog::cancel);
    connect(m_apply, &QPushButton::clicked, this, [this] { applySelected(); });
    connect(close, &QPushButton::clicked, this, &QDialog::close);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_progress, 1);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_apply);
    bar->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(bar);

    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &SweepDialog::onFinished);
    prefillObjectives();
    resize(1500, 900);
    updateButtons();
}

SweepDialog::~SweepDialog()
{
    if (m_shared)
        m_shared->cancel = true;
    m_watcher.waitForFinished();
}

QWidget *SweepDialog::createForm()
{
    auto *form = new QWidget;
    auto *layout = new QVBoxLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *paramsBox = new QGroupBox(tr("Parameters (the grid's axes; the first varies slowest)"));
    auto *pl = new QVBoxLayout(paramsBox);
    m_params = new QTableWidget(0, 3);
    m_params->setObjectName(QStringLiteral("sweepParameters"));
    m_params->setHorizontalHeaderLabels({tr("Name"), tr("JSON pointer"), tr("Values")});
    m_params->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_params->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_params->setToolTip(tr("Pointer: e.g. /components/1/replicas (indexes follow the file). "
                            "Values: 2, 3, 4 or 2..7 or 2..8 step 2"));
    auto *prow = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add"));
    auto *remove = new QPushButton(tr("Remove"));
    m_load = new QPushButton(tr("Load Spec File..."));
    connect(add, &QPushButton::clicked, this, [this] { addParameter({}); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_params->currentRow() >= 0)
            m_params->removeRow(m_params->currentRow());
    });
    connect(m_load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load Sweep Spec"), {},
                                                          tr("Sweep specs (*.json)"));
        if (!path.isEmpty())
            loadSpec(path);
    });
    prow->addWidget(add);
    prow->addWidget(remove);
    prow->addStretch();
    prow->addWidget(m_load);
    pl->addWidget(m_params);
    pl->addLayout(prow);
    layout->addWidget(paramsBox, 2);

    auto *scenBox = new QGroupBox(tr("Scenarios"));
    auto *sl = new QVBoxLayout(scenBox);
    m_scenarios = new QListWidget;
    m_scenarios->setObjectName(QStringLiteral("sweepScenarios"));
    auto addScenario = [this](const QString &id, bool checked) {
        auto *item = new QListWidgetItem(id, m_scenarios);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    };
    addScenario(QString::fromLatin1(sweep::kSteady), true);
    for (const auto &s : m_doc->model().scenarios)
        addScenario(QString::fromStdString(s.id), false);
    sl->addWidget(m_scenarios);
    layout->addWidget(scenBox, 1);

    auto *objBox = new QGroupBox(tr("Objectives (every feasible point meets them)"));
    auto *ol = new QVBoxLayout(objBox);
    m_objectives = new QTableWidget(0, 4);
    m_objectives->setObjectName(QStringLiteral("sweepObjectives"));
    m_objectives->setHorizontalHeaderLabels(
        {tr("Scenario"), tr("Client"), tr("Metric"), tr("Bound")});
    m_objectives->horizontalHeaderItem(0)->setToolTip(tr("Empty: each scenario of the sweep"));
    m_objectives->horizontalHeaderItem(1)->setToolTip(tr("Empty: all clients together"));
    m_objectives->horizontalHeaderItem(3)->setToolTip(
        tr("A maximum for latency and error rate, a minimum for the others"));
    m_objectives->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_objectives->setToolTip(tr("Latency, error rate: at most the bound; availability, "
                                "attainment, throughput: at least"));
    auto *orow = new QHBoxLayout;
    auto *oadd = new QPushButton(tr("Add"));
    auto *oremove = new QPushButton(tr("Remove"));
    connect(oadd, &QPushButton::clicked, this,
            [this] { addObjective({}, {}, Metric::P99Ms, 250); });
    connect(oremove, &QPushButton::clicked, this, [this] {
        if (m_objectives->currentRow() >= 0)
            m_objectives->removeRow(m_objectives->currentRow());
    });
    orow->addWidget(oadd);
    orow->addWidget(oremove);
    orow->addStretch();
    ol->addWidget(m_objectives);
    ol->addLayout(orow);
    layout->addWidget(objBox, 2);

    auto *runBox = new QGroupBox(tr("Run"));
    auto *fl = new QFormLayout(runBox);
    m_duration = new QDoubleSpinBox;
    m_duration->setRange(0, 1e6);
    m_duration->setDecimals(0);
    m_duration->setSuffix(tr(" s"));
    m_duration->setSpecialValueText(tr("each scenario's own"));
    m_replications = new QSpinBox;
    m_replications->setRange(1, 100);
    m_replications->setValue(m_runExtra.replications);
    m_goalMetric = metricBox(Metric::P99Ms);
    m_goalMetric->setObjectName(QStringLiteral("sweepGoalMetric"));
    fl->addRow(tr("Duration"), m_duration);
    fl->addRow(tr("Replications (at most)"), m_replications);
    fl->addRow(tr("Chart: cost against"), m_goalMetric);
    layout->addWidget(runBox);
    return form;
}

QWidget *SweepDialog::createResults()
{
    auto *chart = new QChart;
    chart->setTitle(tr("Monthly cost against the goal's figure: press Run"));
    m_chart = new QChartView(chart);
    m_chart->setObjectName(QStringLiteral("sweepChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(360);

    m_points = new QTableWidget;
    m_points->setObjectName(QStringLiteral("sweepPoints"));
    m_points->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_points->setSelectionMode(QAbstractItemView::SingleSelection);
    m_points->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_points->verticalHeader()->hide();
    connect(m_points, &QTableWidget::currentCellChanged, this,
            [this](int row) { showPoint(row); });

    m_figures = new QTableWidget(0, 5);
    m_figures->setObjectName(QStringLiteral("sweepFigures"));
    m_figures->setHorizontalHeaderLabels(
        {tr("Scenario"), tr("Figure"), tr("Mean"), tr("95% low"), tr("95% high")});
    m_figures->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_figures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_figures->verticalHeader()->hide();

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_chart);
    auto *tables = new QSplitter(Qt::Horizontal);
    tables->addWidget(m_points);
    tables->addWidget(m_figures);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    split->addWidget(tables);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

void SweepDialog::addParameter(const QString &pointer, const QString &values)
{
    QString text = values;
    if (text.isEmpty() && !pointer.isEmpty()) {
        const auto model = nlohmann::json::parse(model::toJson(m_doc->model()));
        const nlohmann::json::json_pointer p(pointer.toStdString());
        if (model.contains(p))
            text = valueText(model[p]);
    }
    const int row = m_params->rowCount();
    m_params->insertRow(row);
    m_params->setItem(row, 0, new QTableWidgetItem(pointer.section(u'/', -2)));
    m_params->setItem(row, 1, new QTableWidgetItem(pointer));
    m_params->setItem(row, 2, new QTableWidgetItem(text));
    m_params->setCurrentCell(row, pointer.isEmpty() ? 1 : 2);
}

void SweepDialog::addObjective(const QString &scenario, const QString &client, Metric metric,
                               double bound)
{
    const int row = m_objectives->rowCount();
    m_objectives->insertRow(row);
    m_objectives->setItem(row, 0, new QTableWidgetItem(scenario));
    m_objectives->setItem(row, 1, new QTableWidgetItem(client));
    m_objectives->setCellWidget(row, 2, metricBox(metric));
    m_objectives->setItem(row, 3, new QTableWidgetItem(QString::number(bound, 'g', 10)));
}

void SweepDialog::prefillObjectives()
{
    // The model's SLOs, as a spec without objectives would take them (docs/sweeps.md).
    for (const auto &c : m_doc->model().components) {
        if (c.kind != model::ComponentKind::Client || !c.slo)
            continue;
        const QString id = QString::fromStdString(c.id);
        addObjective({}, id, Metric::Availability, c.slo->availability);
        if (c.slo->latency_ms > 0)
            addObjective({}, id, Metric::LatencyAttainment, c.slo->latency_target);
    }
}

bool SweepDialog::loadSpec(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        setMessage(tr("Cannot read %1: %2").arg(path, f.errorString()), true);
        return false;
    }
    const std::string text = f.readAll().toStdString();
    auto spec = sweep::parseSpec(text, path.toStdString(), m_doc->model());
    if (!spec) {
        setMessage(QString::fromStdString(spec.message()), true);
        return false;
    }
    const sweep::SweepSpec &s = spec.value();
    m_params->setRowCount(0);
    for (const auto &p : s.parameters) {
        QStringList values;
        for (const auto &v : p.values)
            values << valueText(v);
        addParameter(QString::fromStdString(p.pointer), values.join(QStringLiteral(", ")));
        m_params->item(m_params->rowCount() - 1, 0)->setText(QString::fromStdString(p.name));
    }
    for (int i = 0; i < m_scenarios->count(); ++i) {
        auto *item = m_scenarios->item(i);
        const bool on = std::find(s.scenarios.begin(), s.scenarios.end(),
                                  item->text().toStdString()) != s.scenarios.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_objectives->setRowCount(0);
    for (const auto &o : s.objectives)
        addObjective(QString::fromStdString(o.scenario), QString::fromStdString(o.client),
                     o.metric, o.bound);
    m_duration->setValue(s.run.duration_s.value_or(0));
    m_replications->setValue(s.run.replications);
    m_runExtra = s.run;
    m_prune = s.prune;
    m_earlyStop = s.earlyStop;
    m_goalMetric->setCurrentIndex(m_goalMetric->findData(int(s.goal.metric)));
    setMessage(tr("Loaded %1 (%2 points)").arg(path).arg(sweep::pointCount(s)), false);
    return true;
}

QString SweepDialog::specText() const
{
    nlohmann::json spec;
    spec["name"] = tr("sweep of %1").arg(m_doc->displayName()).toStdString();
    spec["parameters"] = nlohmann::json::array();
    for (int r = 0; r < m_params->rowCount(); ++r) {
        const auto cell = [this, r](int c) {
            return m_params->item(r, c) ? m_params->item(r, c)->text().trimmed() : QString();
        };
        nlohmann::json p;
        if (!cell(0).isEmpty())
            p["name"] = cell(0).toStdString();
        p["pointer"] = cell(1).toStdString();
        if (!parseValues(cell(2), p).isEmpty())
            p["values"] = nlohmann::json::array(); // the spec reader names the row
        spec["parameters"].push_back(p);
    }
    std::vector<std::string> scenarios;
    for (int i = 0; i < m_scenarios->count(); ++i)
        if (m_scenarios->item(i)->checkState() == Qt::Checked)
            scenarios.push_back(m_scenarios->item(i)->text().toStdString());
    spec["scenarios"] = scenarios;
    nlohmann::json run = {{"replications", m_replications->value()},
                          {"min_replications",
                           std::min(m_runExtra.min_replications, m_replications->value())},
                          {"seed", m_runExtra.seed}};
    if (m_duration->value() > 0)
        run["duration_s"] = m_duration->value();
    if (m_runExtra.warmup_s)
        run["warmup_s"] = *m_runExtra.warmup_s;
    spec["run"] = run;
    spec["objectives"] = nlohmann::json::array();
    for (int r = 0; r < m_objectives->rowCount(); ++r) {
        nlohmann::json o;
        const auto text = [this, r](int c) {
            return m_objectives->item(r, c) ? m_objectives->item(r, c)->text().trimmed()
                                            : QString();
        };
        if (!text(0).isEmpty())
            o["scenario"] = text(0).toStdString();
        if (!text(1).isEmpty())
            o["client"] = text(1).toStdString();
        const auto metric =
            Metric(static_cast<QComboBox *>(m_objectives->cellWidget(r, 2))->currentData()
                       .toInt());
        o["metric"] = sweep::toString(metric);
        bool ok = false;
        const double bound = text(3).toDouble(&ok);
        o[sweep::higherIsBetter(metric) ? "min" : "max"] =
            ok ? nlohmann::json(bound) : nlohmann::json(text(3).toStdString());
        spec["objectives"].push_back(o);
    }
    spec["goal"] = {{"kind", "pareto"},
                    {"metric", sweep::toString(Metric(m_goalMetric->currentData().toInt()))}};
    spec["search"] = {{"prune", m_prune}, {"early_stop", m_earlyStop}};
    return QString::fromStdString(spec.dump(2));
}

bool SweepDialog::run()
{
    if (isRunning())
        return false;
    if (m_params->rowCount() == 0) {
        setMessage(tr("Add a parameter to vary (or load a spec file)."), true);
        return false;
    }
    auto spec = sweep::parseSpec(specText().toStdString(), "sweep", m_doc->model());
    if (!spec) {
        setMessage(friendlyError(QString::fromStdString(spec.message())), true);
        return false;
    }
    m_spec = spec.value();
    m_shared = std::make_shared<Shared>();
    const size_t total = sweep::pointCount(*m_spec);
    m_progress->setRange(0, int(total));
    m_progress->setValue(0);
    m_status->setText(tr("0 of %1 points").arg(total));
    setMessage(tr("Running %1 points...").arg(total), false);
    m_clock.start();
    m_running = true;

    const std::shared_ptr<Shared> shared = m_shared;
    const model::Model model = m_doc->model();
    const sweep::SweepSpec specCopy = *m_spec;
    const QPointer<SweepDialog> self(this);
    m_watcher.setFuture(QtConcurrent::run([shared, model, specCopy, self]() {
        sweep::SweepOptions options;
        options.threads = std::max(1, QThread::idealThreadCount());
        options.cancel = &shared->cancel;
        options.progress = [self](size_t done, size_t all) {
            QMetaObject::invokeMethod(
                self.data(), [self, done, all] {
                    if (self)
                        self->onProgress(done, all);
                },
                Qt::QueuedConnection);
        };
        shared->out = sweep::runSweep(model, specCopy, options);
    }));
    updateButtons();
    return true;
}

void SweepDialog::cancel()
{
    if (m_shared && isRunning()) {
        m_shared->cancel = true;
        m_status->setText(tr("Cancelling..."));
    }
}

void SweepDialog::onProgress(size_t done, size_t total)
{
    if (!isRunning())
        return;
    m_progress->setValue(int(done));
    const qint64 ms = m_clock.elapsed();
    QString text = tr("%1 of %2 points").arg(done).arg(total);
    if (done > 0 && done < total) {
        const qint64 eta = ms * qint64(total - done) / qint64(done) / 1000;
        text += tr(", about %1:%2 left").arg(eta / 60).arg(eta % 60, 2, 10, QLatin1Char('0'));
    }
    m_status->setText(text);
}

void SweepDialog::onFinished()
{
    m_running = false;
    auto out = std::move(m_shared->out);
    if (!out || !*out) {
        setMessage(out ? QString::fromStdString(out->message()) : tr("The sweep failed."),
                   true);
        m_status->setText(tr("Failed"));
        updateButtons();
        emit runFinished();
        return;
    }
    m_result = std::move(out->value());
    showResult();
    updateButtons();
    emit runFinished();
}

void SweepDialog::showResult()
{
    const sweep::SweepResult &r = *m_result;
    const auto doc = OrderedJson::parse(sweep::toJson(r));
    m_cheapest = doc["cheapest"].is_null() ? -1 : doc["cheapest"]["index"].get<int>();
    m_pareto = doc["pareto"].get<std::vector<size_t>>();
    const auto &s = doc["summary"];
    const QString counts = tr("%1 feasible, %2 infeasible, %3 pruned, %4 invalid")
                               .arg(s["feasible"].get<int>()).arg(s["infeasible"].get<int>())
                               .arg(s["pruned"].get<int>()).arg(s["invalid"].get<int>());
    m_status->setText(r.partial ? tr("Cancelled: %1 of %2 points kept")
                                      .arg(r.points.size()).arg(sweep::pointCount(*m_spec))
                                : tr("%1 points done").arg(r.points.size()));
    m_progress->setValue(r.partial ? int(r.points.size()) : m_progress->maximum());
    QString cheapest = tr("no feasible point");
    if (m_cheapest >= 0)
        cheapest = tr("cheapest feasible: #%1 at %2 USD a month")
                       .arg(m_cheapest)
                       .arg(doc["cheapest"]["cost_month"].get<double>(), 0, 'f', 2);
    setMessage(counts + QStringLiteral("; ") + cheapest, false);

    const std::string scenario = m_spec->goal.scenario;
    const std::string metric = sweep::toString(m_spec->goal.metric);
    QStringList headers{tr("#")};
    for (const auto &p : m_spec->parameters)
        headers << QString::fromStdString(p.name);
    headers << tr("Verdict") << tr("Cost/month")
            << QString::fromStdString(scenario + ":" + metric) << tr("Reason");
    m_points->clear();
    m_points->setColumnCount(int(headers.size()));
    m_points->setHorizontalHeaderLabels(headers);
    m_points->setRowCount(int(r.points.size()));
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    for (int row = 0; row < int(r.points.size()); ++row) {
        const auto &p = r.points[size_t(row)];
        const size_t index = p["index"].get<size_t>();
        QStringList cells{QString::number(index)};
        if (int(index) == m_cheapest)
            cells[0] += tr(" (cheapest)");
        for (const auto &v : p["values"])
            cells << QString::fromStdString(v.dump());
        const std::string verdict = p["verdict"].get<std::string>();
        cells << QString::fromStdString(verdict)
              << (p["cost_month"].is_number()
                      ? QString::number(p["cost_month"].get<double>(), 'f', 2) : QString())
              << number(figureOf(p, scenario, metric))
              << QString::fromStdString(p["reason"].get<std::string>());
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (verdict != "feasible")
                item->setForeground(grey);
            m_points->setItem(row, c, item);
        }
    }
    m_points->resizeColumnsToContents();
    m_points->horizontalHeader()->setStretchLastSection(true);
    fillChart();
    if (m_cheapest >= 0)
        selectPoint(size_t(m_cheapest));
}

void SweepDialog::fillChart()
{
    QChart *chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    m_seriesPoints.clear();
    const std::string scenario = m_spec->goal.scenario;
    const std::string metric = sweep::toString(m_spec->goal.metric);

    auto *feasible = new QScatterSeries;
    feasible->setName(tr("Feasible"));
    feasible->setObjectName(QStringLiteral("feasible"));
    feasible->setMarkerSize(11);
    auto *others = new QScatterSeries;
    others->setName(tr("Infeasible"));
    others->setObjectName(QStringLiteral("infeasible"));
    others->setColor(QColor(0xa0, 0xa0, 0xa0));
    others->setBorderColor(QColor(0x80, 0x80, 0x80));
    others->setMarkerSize(9);
    auto *front = new QLineSeries;
    front->setName(tr("Pareto front"));
    front->setObjectName(QStringLiteral("pareto"));
    auto *cheapest = new QScatterSeries;
    cheapest->setName(tr("Cheapest feasible"));
    cheapest->setObjectName(QStringLiteral("cheapest"));
    cheapest->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    cheapest->setColor(QColor(0xd6, 0x27, 0x28));
    cheapest->setMarkerSize(15);
    std::vector<size_t> feasiblePos, otherPos, cheapestPos;
    int unplotted = 0;
    double minX = std::numeric_limits<double>::max(), maxX = -minX, minY = minX, maxY = -minX;
    for (size_t i = 0; i < m_result->points.size(); ++i) {
        const auto &p = m_result->points[i];
        const double y = figureOf(p, scenario, metric);
        if (!p["cost_month"].is_number() || std::isnan(y)) {
            ++unplotted;
            continue;
        }
        const double x = p["cost_month"].get<double>();
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
        if (p["verdict"] == "feasible") {
            feasible->append(x, y);
            feasiblePos.push_back(i);
        } else {
            others->append(x, y);
            otherPos.push_back(i);
        }
        if (int(p["index"].get<size_t>()) == m_cheapest) {
            cheapest->append(x, y);
            cheapestPos.push_back(i);
        }
    }
    // The front in cost order (frontOf sorts it so); its points are feasible.
    for (size_t index : m_pareto)
        for (const auto &p : m_result->points)
            if (p["index"].get<size_t>() == index)
                front->append(p["cost_month"].get<double>(), figureOf(p, scenario, metric));
    chart->addSeries(others);
    chart->addSeries(front);
    chart->addSeries(feasible);
    chart->addSeries(cheapest);
    m_seriesPoints = {otherPos, {}, feasiblePos, cheapestPos};
    auto *ax = new QValueAxis;
    ax->setTitleText(tr("Monthly cost (USD)"));
    auto *ay = new QValueAxis;
    ay->setTitleText(QString::fromStdString(scenario + ": " + metric));
    if (minX <= maxX) {
        const double px = std::max((maxX - minX) * 0.08, 1.0);
        const double py = std::max((maxY - minY) * 0.08, std::abs(maxY) * 0.01 + 1e-9);
        ax->setRange(minX - px, maxX + px);
        ay->setRange(minY - py, maxY + py);
    }
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    chart->setTitle(unplotted
                        ? tr("Monthly cost against %1 (%2 points without a figure: pruned, "
                             "invalid or stopped; see the table)")
                              .arg(QString::fromStdString(metric)).arg(unplotted)
                        : tr("Monthly cost against %1").arg(QString::fromStdString(metric)));
    const QList<QScatterSeries *> clickable{others, nullptr, feasible, cheapest};
    for (int s = 0; s < clickable.size(); ++s)
        if (clickable[s])
            connect(clickable[s], &QScatterSeries::clicked, this,
                    [this, s](const QPointF &at) { onChartClicked(at, s); });
}

void SweepDialog::onChartClicked(const QPointF &at, int series)
{
    const auto &positions = m_seriesPoints[size_t(series)];
    const auto *s = static_cast<QXYSeries *>(m_chart->chart()->series().at(series));
    int best = -1;
    double bestDistance = 0;
    for (int i = 0; i < s->count(); ++i) {
        const QPointF d = s->at(i) - at;
        const double dist = d.x() * d.x() + d.y() * d.y();
        if (best < 0 || dist < bestDistance) {
            best = i;
            bestDistance = dist;
        }
    }
    if (best >= 0)
        selectPoint(m_result->points[positions[size_t(best)]]["index"].get<size_t>());
}

bool SweepDialog::selectPoint(size_t index)
{
    if (!m_result)
        return false;
    for (int row = 0; row < int(m_result->points.size()); ++row)
        if (m_result->points[size_t(row)]["index"].get<size_t>() == index) {
            m_points->setCurrentCell(row, 0);
            m_points->scrollToItem(m_points->item(row, 0));
            showPoint(row);
            return true;
        }
    return false;
}

void SweepDialog::showPoint(int row)
{
    m_figures->setRowCount(0);
    if (m_result && row >= 0 && row < int(m_result->points.size())) {
        const auto &p = m_result->points[size_t(row)];
        if (p.contains("scenarios"))
            for (const auto &s : p["scenarios"])
                for (const auto &it : s["figures"].items()) {
                    const std::string &name = it.key();
                    const auto &f = it.value();
                    const int r = m_figures->rowCount();
                    m_figures->insertRow(r);
                    const QStringList cells{
                        QString::fromStdString(s["scenario"].get<std::string>()),
                        QString::fromStdString(name), number(f["mean"].get<double>()),
                        f["low"].is_number() ? number(f["low"].get<double>()) : QString(),
                        f["high"].is_number() ? number(f["high"].get<double>()) : QString()};
                    for (int c = 0; c < cells.size(); ++c)
                        m_figures->setItem(r, c, new QTableWidgetItem(cells[c]));
                }
    }
    updateButtons();
}

bool SweepDialog::applySelected()
{
    const int row = m_points->currentRow();
    if (!m_result || row < 0 || row >= int(m_result->points.size())) {
        setMessage(tr("Select a point to apply."), true);
        return false;
    }
    const auto &p = m_result->points[size_t(row)];
    std::vector<nlohmann::json> values;
    for (const auto &v : p["values"])
        values.push_back(nlohmann::json::parse(v.dump()));
    const sweep::PointBuilder builder(m_doc->model());
    auto built = builder.build(*m_spec, values);
    const QString name = tr("Apply Sweep Point #%1").arg(p["index"].get<size_t>());
    if (!built) {
        setMessage(tr("Cannot apply point #%1: %2")
                       .arg(p["index"].get<size_t>())
                       .arg(QString::fromStdString(built.message())),
                   true);
        return false;
    }
    if (!m_doc->applyModel(built.value(), name)) {
        setMessage(tr("Cannot apply point #%1: it adds or removes parts of the model")
                       .arg(p["index"].get<size_t>()),
                   true);
        return false;
    }
    setMessage(tr("Applied point #%1 to the model (Edit > Undo takes it back).")
                   .arg(p["index"].get<size_t>()),
               false);
    return true;
}

QString SweepDialog::message() const
{
    return m_message->text();
}

void SweepDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

void SweepDialog::updateButtons()
{
    const bool running = isRunning();
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_load->setEnabled(!running);
    const int row = m_points->currentRow();
    m_apply->setEnabled(!running && m_result && row >= 0 && row < int(m_result->points.size())
                        && m_result->points[size_t(row)]["verdict"] != "invalid");
}

} // namespace archsim::gui
