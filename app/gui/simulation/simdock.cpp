#include "simdock.h"

#include "archsim/exporters/cost.h"

#include <cmath>

#include "analysis.h"
#include "canvasscene.h"
#include "document.h"
#include "simcanvas.h"
#include "simcharts.h"
#include "dataprotectionresults.h"
#include "lifecycleresults.h"
#include "simresults.h"
#include "simruns.h"
#include "realtimeresults.h"
#include "streamresults.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <climits>
#include <limits>

namespace archsim::gui {

namespace {

const double kSpeeds[] = {0, 1, 2, 5, 10, 20, 50, 100};

// A field's label or a hint: drawn in the text colour. The palette's "mid" grey it had
// looked disabled (issue #17).
QLabel *caption(const QString &text)
{
    return new QLabel(text);
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QObject::tr("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QString summaryText(const simulator::SimulationResult &r)
{
    const auto &s = r.summary;
    return QObject::tr("%1 · %2 s (warm-up %3 s) · %4 replication(s) · seed %5 — "
                       "throughput %6/s, errors %7 %, availability %8 %, p99 %9 ms%10")
        .arg(r.scenario.empty() ? QObject::tr("steady state") : QString::fromStdString(r.scenario))
        .arg(r.duration_s, 0, 'g', 6)
        .arg(r.warmup_s, 0, 'g', 6)
        .arg(r.replications)
        .arg(r.seed)
        .arg(s.throughput_rps.value, 0, 'f', 1)
        .arg(s.error_rate.value * 100, 0, 'f', 2)
        .arg(s.availability.value * 100, 0, 'f', 2)
        .arg(s.latency_ms.p99.value, 0, 'f', 1)
        .arg(r.cancelled ? QObject::tr(" (cancelled)") : QString());
}

} // namespace

SimDock::SimDock(Document *doc, CanvasScene *scene, QGraphicsView *view, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_controller(new SimulationController(this))
{
    setObjectName(QStringLiteral("simDock"));
    m_runs = new RunLibrary(doc, this);
    m_compareTimeline = new RunTimeline(this);
    m_overlay = new SimCanvasOverlay(doc, scene, view, this);
    m_overlay->setTimeline(m_controller->timeline());
    buildUi();
    m_charts->setTimeline(m_controller->timeline());

    connect(m_controller, &SimulationController::progress, this, [this](double f) {
        m_progress->setValue(static_cast<int>(f * 1000));
        const double t = m_controller->timeline()->endTime();
        m_status->setText(tr("Running… %1 s of %2 s simulated")
                              .arg(t, 0, 'f', 0)
                              .arg(m_controller->layout().duration_s, 0, 'f', 0));
    });
    connect(m_controller, &SimulationController::finished, this, &SimDock::onFinished);
    connect(doc, &Document::modelReset, this, [this] {
        refillScenarios();
        if (!m_controller->isRunning())
            clearRun();
    });
    connect(doc, &Document::contentChanged, this, [this] {
        refillScenarios();
        // The refusal was about the model as it was: an edit (or an undo) may have repaired
        // it, so the status stops saying it is refused (issue #17).
        if (m_refused && !m_controller->isRunning()) {
            m_refused = false;
            m_status->setText(tr("The model changed since the simulation refused it: press "
                                 "Run to try again."));
        }
    });
    connect(m_runs, &RunLibrary::changed, this, &SimDock::updateRunsList);
    refillScenarios();
    updateRunsList();
    setRunning(false);
}

SimDock::~SimDock() = default;

void SimDock::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    outer->setSpacing(4);

    auto *bar = new QHBoxLayout;
    m_bar = bar;
    bar->setSpacing(6);
    m_scenario = new QComboBox;
    m_scenario->setObjectName(QStringLiteral("simScenario"));
    m_scenario->setMinimumContentsLength(18);
    m_scenario->setToolTip(tr("A scenario's timed events, or the nominal load with none"));
    m_duration = new QDoubleSpinBox;
    m_duration->setObjectName(QStringLiteral("simDuration"));
    m_duration->setRange(1, 1e6);
    m_duration->setDecimals(0);
    m_duration->setSuffix(tr(" s"));
    m_duration->setToolTip(tr("Simulated seconds, warm-up included"));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("simSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Same model, scenario and seed give the same run"));
    m_replications = new QSpinBox;
    m_replications->setObjectName(QStringLiteral("simReplications"));
    m_replications->setRange(1, 200);
    m_replications->setToolTip(tr("Independent replications: figures get 95 % intervals. "
                                  "The charts follow replication 1 live and show the mean "
                                  "at the end."));
    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("simSpeed"));
    for (double s : kSpeeds)
        m_speed->addItem(s == 0 ? tr("max speed") : tr("%1× real time").arg(s), s);
    m_speed->setToolTip(tr("Pace of the live view: simulated seconds per second"));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        m_controller->setSpeed(m_speed->currentData().toDouble());
    });
    m_runButton = new QPushButton(tr("Run"));
    m_runButton->setObjectName(QStringLiteral("simRun"));
    m_runButton->setDefault(true);
    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("simCancel"));
    m_cancelButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_clearButton = new QPushButton(tr("Clear"));
    m_clearButton->setObjectName(QStringLiteral("simClear"));
    m_clearButton->setToolTip(tr("Forget the shown run: the canvas returns to its normal look"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("simProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p %"));
    m_progress->setMinimumWidth(120);
    connect(m_runButton, &QPushButton::clicked, this, &SimDock::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &SimDock::cancel);
    connect(m_clearButton, &QPushButton::clicked, this, &SimDock::clearRun);
    connect(m_scenario, &QComboBox::activated, this,
            [this] { setScenario(m_scenario->currentData().toString()); });

    bar->addWidget(caption(tr("Scenario")));
    bar->addWidget(m_scenario, 2);
    bar->addWidget(caption(tr("Duration")));
    bar->addWidget(m_duration);
    bar->addWidget(caption(tr("Seed")));
    bar->addWidget(m_seed);
    bar->addWidget(caption(tr("Replications")));
    bar->addWidget(m_replications);
    bar->addWidget(caption(tr("Speed")));
    bar->addWidget(m_speed);
    bar->addSpacing(8);
    bar->addWidget(m_runButton);
    bar->addWidget(m_cancelButton);
    bar->addWidget(m_clearButton);
    bar->addWidget(m_progress, 1);
    outer->addLayout(bar);

    m_status = new QLabel(tr("Press Run to simulate the model."));
    m_status->setObjectName(QStringLiteral("simStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    outer->addWidget(m_status);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_charts = new SimCharts;
    m_charts->setObjectName(QStringLiteral("simCharts"));
    m_charts->setMinimumHeight(260);
    // Seven charts (autoscaling, SLOs, replicated databases) in a short dock were squeezed to
    // 40 px plots with elided axis labels: below 130 px a chart scrolls instead.
    m_charts->setMinimumChartHeight(130);
    // Scrolls when the dock is short (it shares the bottom area with Problems).
    m_chartsPage = new QScrollArea;
    m_chartsPage->setWidget(m_charts);
    m_chartsPage->setWidgetResizable(true);
    m_chartsPage->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(m_chartsPage, tr("Live charts"));
    m_tabs->addTab(buildResultsTab(), tr("Results"));
    m_tabs->addTab(buildRunsTab(), tr("Runs"));
    outer->addWidget(m_tabs, 1);
}

int SimDock::heightForCharts(int chartHeight) const
{
    // What stands above the charts (settings, status line, tabs), then two rows of charts.
    const QMargins m = layout()->contentsMargins();
    const int spacing = layout()->spacing();
    const int status = m_status->heightForWidth(std::max(width(), 600));
    return m.top() + m_bar->sizeHint().height() + spacing + status + spacing
           + m_tabs->tabBar()->sizeHint().height() + m_charts->heightForChartHeight(chartHeight)
           + m.bottom();
}

QWidget *SimDock::buildResultsTab()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    v->setContentsMargins(0, 4, 0, 0);
    auto *buttons = new QHBoxLayout;
    auto *csv = new QPushButton(tr("Export CSV…"));
    csv->setObjectName(QStringLiteral("simExportCsv"));
    auto *json = new QPushButton(tr("Export JSON…"));
    json->setObjectName(QStringLiteral("simExportJson"));
    connect(csv, &QPushButton::clicked, this, [this] { exportDialog(false); });
    connect(json, &QPushButton::clicked, this, [this] { exportDialog(true); });
    buttons->addWidget(caption(tr("Simulated figures over the measured window (± half the 95 % "
                                  "interval); analytic estimate at nominal load beside them, "
                                  "amber where they differ by more than 20 %.")),
                       1);
    buttons->addWidget(csv);
    buttons->addWidget(json);
    v->addLayout(buttons);
    auto *tabs = new QTabWidget;
    // Sorted at first by the figure that matters, worst first (issue #17): utilization for
    // components, failures for links.
    auto table = [this](QAbstractItemModel *model, const QString &name, int sortColumn) {
        auto *proxy = new QSortFilterProxyModel(this);
        proxy->setSourceModel(model);
        proxy->setSortRole(Qt::UserRole);
        auto *t = new QTableView;
        t->setObjectName(name);
        t->setModel(proxy);
        t->setSortingEnabled(true);
        t->sortByColumn(sortColumn, Qt::DescendingOrder);
        t->setAlternatingRowColors(true);
        t->verticalHeader()->hide();
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        t->horizontalHeader()->setStretchLastSection(true);
        return t;
    };
    m_componentModel = new ResultsModel(ResultsModel::Rows::Components, this);
    m_linkModel = new ResultsModel(ResultsModel::Rows::Links, this);
    tabs->addTab(table(m_componentModel, QStringLiteral("simComponentTable"), 1),
                 tr("Components"));
    tabs->addTab(table(m_linkModel, QStringLiteral("simLinkTable"), 2), tr("Links"));
    // Streams: the groups beside their estimate, sorted by lag; and the lag over time.
    m_streamModel = new StreamResultsModel(this);
    auto *streamProxy = new QSortFilterProxyModel(this);
    streamProxy->setSourceModel(m_streamModel);
    streamProxy->setSortRole(Qt::UserRole);
    auto *streamTable = new QTableView;
    streamTable->setObjectName(QStringLiteral("simStreamTable"));
    streamTable->setModel(streamProxy);
    streamTable->setSortingEnabled(true);
    streamTable->sortByColumn(8, Qt::DescendingOrder);
    streamTable->setAlternatingRowColors(true);
    streamTable->verticalHeader()->hide();
    streamTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Under the groups, what each stream or queue did with its publishes: a bounded queue's
    // rejections and blocked publishers are the producer's side of the story.
    m_topicModel = new TopicResultsModel(this);
    auto *topicTable = table(m_topicModel, QStringLiteral("simTopicTable"),
                             TopicResultsModel::Rejected);
    auto *streamPage = new QSplitter(Qt::Vertical);
    streamPage->setObjectName(QStringLiteral("simStreamPage"));
    streamPage->addWidget(streamTable);
    streamPage->addWidget(topicTable);
    streamPage->setStretchFactor(0, 3);
    streamPage->setStretchFactor(1, 2);
    tabs->addTab(streamPage, tr("Streams"));
    m_lagChart = new StreamLagChart;
    tabs->addTab(m_lagChart, tr("Stream lag"));
    m_sloModel = new ResultsModel(ResultsModel::Rows::Slos, this);
    m_costModel = new ResultsModel(ResultsModel::Rows::Costs, this);
    tabs->addTab(table(m_sloModel, QStringLiteral("simSloTable"), 5), tr("SLOs"));
    tabs->addTab(table(m_costModel, QStringLiteral("simCostTable"), 4), tr("Cost"));
    // Data protection: the databases' RPO/RTO against their targets, missed targets first.
    m_dataModel = new DataProtectionModel(this);
    tabs->addTab(table(m_dataModel, QStringLiteral("simDataProtectionTable"),
                       DataProtectionModel::Verdict),
                 tr("Data protection"));
    // Realtime: each gateway, its replicas and client-rate classes, in that order (unsorted:
    // the rows under a gateway are its own).
    m_realtimeModel = new RealtimeResultsModel(this);
    auto *realtimeTable = new QTableView;
    realtimeTable->setObjectName(QStringLiteral("simRealtimeTable"));
    realtimeTable->setModel(m_realtimeModel);
    realtimeTable->setAlternatingRowColors(true);
    realtimeTable->verticalHeader()->hide();
    realtimeTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tabs->addTab(realtimeTable, tr("Realtime"));
    // Jobs and views: runs, run time and staleness beside the estimate, stalest first.
    m_lifecycleModel = new LifecycleResultsModel(this);
    tabs->addTab(table(m_lifecycleModel, QStringLiteral("simLifecycleTable"),
                       LifecycleResultsModel::StalenessMean),
                 tr("Jobs and views"));
    v->addWidget(tabs, 1);
    return w;
}

QWidget *SimDock::buildRunsTab()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    v->setContentsMargins(0, 4, 0, 0);
    m_runsHint = caption({});
    m_runsHint->setWordWrap(true);
    v->addWidget(m_runsHint);
    m_runList = new QListWidget;
    m_runList->setObjectName(QStringLiteral("simRunList"));
    v->addWidget(m_runList, 1);
    auto *buttons = new QHBoxLayout;
    auto *show = new QPushButton(tr("Show"));
    auto *compare = new QPushButton(tr("Compare with shown run"));
    auto *noCompare = new QPushButton(tr("Stop comparing"));
    auto *remove = new QPushButton(tr("Delete"));
    compare->setToolTip(tr("Lay this run over the charts, dashed: before and after an edit"));
    connect(m_runList, &QListWidget::itemDoubleClicked, this,
            [this] { showStoredRun(m_runList->currentRow()); });
    connect(show, &QPushButton::clicked, this, [this] { showStoredRun(m_runList->currentRow()); });
    connect(compare, &QPushButton::clicked, this,
            [this] { compareWithStoredRun(m_runList->currentRow()); });
    connect(noCompare, &QPushButton::clicked, this, [this] { compareWithStoredRun(-1); });
    connect(remove, &QPushButton::clicked, this, [this] {
        QString error;
        if (!m_runs->remove(m_runList->currentRow(), &error) && !error.isEmpty())
            m_status->setText(error);
    });
    buttons->addWidget(show);
    buttons->addWidget(compare);
    buttons->addWidget(noCompare);
    buttons->addStretch(1);
    buttons->addWidget(remove);
    v->addLayout(buttons);
    return w;
}

void SimDock::refillScenarios()
{
    const QString current = m_scenario->currentData().toString();
    const bool first = m_scenario->count() == 0;
    m_scenario->clear();
    m_scenario->addItem(tr("Steady state (nominal load)"), QString());
    for (const auto &s : m_doc->model().scenarios) {
        const QString id = QString::fromStdString(s.id);
        const QString name = s.name.empty() ? id : QString::fromStdString(s.name);
        m_scenario->addItem(name == id ? id : tr("%1 (%2)").arg(name, id), id);
        m_scenario->setItemData(m_scenario->count() - 1,
                                QString::fromStdString(s.description), Qt::ToolTipRole);
    }
    const int keep = m_scenario->findData(current);
    if (first || keep < 0)
        setScenario(QString());
    else
        m_scenario->setCurrentIndex(keep);
}

void SimDock::setScenario(const QString &id)
{
    const int i = m_scenario->findData(id);
    m_scenario->setCurrentIndex(std::max(0, i));
    model::Scenario sc; // steady state: the simulator's defaults
    for (const auto &s : m_doc->model().scenarios)
        if (QString::fromStdString(s.id) == id)
            sc = s;
    m_duration->setValue(sc.duration_s);
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(sc.seed, INT_MAX)));
}

bool SimDock::run()
{
    if (m_controller->isRunning())
        return false;
    RunRequest r;
    r.scenario = m_scenario->currentData().toString().toStdString();
    r.duration_s = m_duration->value();
    r.seed = static_cast<uint64_t>(m_seed->value());
    r.replications = m_replications->value();
    r.threads = std::clamp(QThread::idealThreadCount(), 1, r.replications);
    r.speed = m_speed->currentData().toDouble();
    // The warm-up of the scenario, unless it would not fit in a shorter run.
    double warmup = 0;
    for (const auto &s : m_doc->model().scenarios)
        if (s.id == r.scenario)
            warmup = s.warmup_s;
    r.warmup_s = warmup < *r.duration_s ? warmup : 0.0;
    if (!m_controller->start(m_doc->model(), r))
        return false;
    m_progress->setValue(0);
    m_refused = false;
    m_status->setText(tr("Running…"));
    m_tabs->setCurrentWidget(m_chartsPage);
    setRunning(true);
    return true;
}

void SimDock::cancel()
{
    m_controller->cancel();
    m_status->setText(tr("Cancelling…"));
}

void SimDock::clearRun()
{
    if (m_controller->isRunning())
        return;
    m_controller->timeline()->clear();
    m_shown.reset();
    m_estimate.reset();
    m_componentModel->setRun(nullptr, std::nullopt);
    m_linkModel->setRun(nullptr, std::nullopt);
    m_streamModel->setRun(nullptr, {});
    m_topicModel->setRun(nullptr);
    m_lagChart->setRun(nullptr);
    m_sloModel->setRun(nullptr, std::nullopt);
    m_costModel->setRun(nullptr, std::nullopt);
    m_costModel->setCost({});
    m_dataModel->setRun(nullptr, {}, false);
    m_realtimeModel->setRun(nullptr, {});
    m_progress->setValue(0);
    m_status->setText(tr("Press Run to simulate the model."));
}

void SimDock::setRunning(bool running)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_scenario, m_duration, m_seed,
                                                       m_replications, m_runButton,
                                                       m_clearButton})
        w->setEnabled(!running);
    m_cancelButton->setEnabled(running);
}

void SimDock::onFinished(bool ok, bool cancelled)
{
    setRunning(false);
    m_refused = !ok;
    if (!ok) {
        m_status->setText(tr("The simulation refused the model: %1")
                              .arg(m_controller->errorText()));
        return;
    }
    auto result = m_controller->sharedResult();
    showResults(result, m_controller->simulatedModel());
    QString text = summaryText(*result) +
                   tr(" · %1 s wall time").arg(result->wall_s, 0, 'f', 2);
    if (!cancelled) {
        QJsonObject options{{"scenario", QString::fromStdString(result->scenario)},
                            {"duration_s", result->duration_s},
                            {"warmup_s", result->warmup_s},
                            {"seed", QString::number(result->seed)},
                            {"replications", result->replications},
                            {"speed", m_controller->request().speed}};
        QString error;
        if (!m_runs->add(*result, QString::fromUtf8(QJsonDocument(options).toJson(
                                      QJsonDocument::Compact)), &error))
            text += tr(" · not stored: %1").arg(error);
    }
    m_status->setText(text);
}

void SimDock::showResults(std::shared_ptr<const simulator::SimulationResult> result,
                          const model::Model &model)
{
    m_shown = std::move(result);
    m_estimate.reset();
    if (m_shown)
        m_estimate = estimateModel(model).estimate;
    m_componentModel->setRun(m_shown, m_estimate);
    m_linkModel->setRun(m_shown, m_estimate);
    m_streamModel->setRun(m_shown, m_estimate ? model::estimateStreams(model, *m_estimate)
                                              : std::vector<model::StreamEstimate>{});
    m_topicModel->setRun(m_shown);
    m_lagChart->setRun(m_shown.get());
    m_sloModel->setRun(m_shown, m_estimate);
    m_costModel->setRun(m_shown, m_estimate);
    m_dataModel->setRun(m_shown,
                        m_estimate ? model::estimateDataProtection(model, *m_estimate)
                                   : std::vector<model::DataProtectionEstimate>{},
                        !model.regions.empty());
    m_realtimeModel->setRun(m_shown, m_estimate ? model::estimateRealtime(model, *m_estimate)
                                                : std::vector<model::RealtimeEstimate>{});
    m_lifecycleModel->setRun(m_shown,
                             m_estimate ? model::estimateJobs(model, *m_estimate)
                                        : std::vector<model::JobEstimate>{},
                             m_shown ? model::estimateViewRefreshes(model)
                                     : std::vector<model::ViewRefreshEstimate>{});
    std::vector<CostRow> cost;
    if (m_shown) {
        exporters::CostUsage usage;
        usage.simulated = true;
        usage.throughput_rps = m_shown->summary.throughput_rps.value;
        for (const auto &c : m_shown->components)
            usage.replicas[c.id] = c.replicas.value;
        const auto report = exporters::computeCost(model, exporters::defaultPriceTable(), usage);
        for (const auto &c : report.components)
            cost.push_back({QString::fromStdString(c.id), c.requested_replicas, c.used_replicas,
                            c.replica_hour, c.month});
        cost.push_back({tr("total (%1 per million requests)")
                            .arg(QString::number(report.per_million, 'f', 3)),
                        std::nan(""), std::nan(""), std::nan(""), report.month});
    }
    m_costModel->setCost(std::move(cost));
}

std::shared_ptr<const simulator::SimulationResult> SimDock::storedRun(int index)
{
    QString error;
    auto r = m_runs->result(index, &error);
    if (!r && !error.isEmpty())
        m_status->setText(error);
    return r;
}

bool SimDock::showStoredRun(int index)
{
    if (m_controller->isRunning())
        return false;
    auto r = storedRun(index);
    if (!r)
        return false;
    m_controller->timeline()->setResult(layoutOfResult(*r, m_doc->model()), *r);
    showResults(r, m_doc->model());
    m_progress->setValue(1000);
    m_status->setText(tr("Stored run %1 — %2")
                          .arg(m_runs->runs()[size_t(index)].title(), summaryText(*r)));
    return true;
}

bool SimDock::compareWithStoredRun(int index)
{
    if (index < 0) {
        m_charts->setComparison(nullptr);
        return true;
    }
    auto r = storedRun(index);
    if (!r)
        return false;
    m_compareTimeline->setResult(layoutOfResult(*r, m_doc->model()), *r);
    const auto &rec = m_runs->runs()[size_t(index)].record;
    m_charts->setComparison(m_compareTimeline, rec.id > 0 ? tr("run #%1").arg(rec.id)
                                                          : tr("earlier run"));
    m_tabs->setCurrentWidget(m_chartsPage);
    return true;
}

bool SimDock::exportCsv(const QString &path, QString *error)
{
    if (!m_shown) {
        if (error)
            *error = tr("No finished run to export.");
        return false;
    }
    return writeFile(path, resultsCsv(*m_shown, m_estimate).toUtf8(), error);
}

bool SimDock::exportJson(const QString &path, QString *error)
{
    if (!m_shown) {
        if (error)
            *error = tr("No finished run to export.");
        return false;
    }
    return writeFile(path, QByteArray::fromStdString(simulator::toJson(*m_shown)), error);
}

void SimDock::exportDialog(bool json)
{
    const QString base = QFileInfo(m_doc->filePath()).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(
        this, json ? tr("Export results as JSON") : tr("Export results as CSV"),
        (base.isEmpty() ? QStringLiteral("results") : base + QStringLiteral("-results")) +
            (json ? QStringLiteral(".json") : QStringLiteral(".csv")),
        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!(json ? exportJson(path, &error) : exportCsv(path, &error)))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        m_status->setText(tr("Exported %1").arg(QFileInfo(path).fileName()));
}

void SimDock::updateRunsList()
{
    m_runList->clear();
    for (const auto &r : m_runs->runs())
        m_runList->addItem(r.title());
    m_runsHint->setText(m_runs->persistent()
        ? tr("Runs stored in %1; they reopen with the file.")
              .arg(QFileInfo(m_doc->filePath()).fileName())
        : tr("Runs are kept in memory (●) until the model is saved as an .archsim project."));
}

} // namespace archsim::gui
