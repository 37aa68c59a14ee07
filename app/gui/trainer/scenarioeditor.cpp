#include "scenarioeditor.h"

#include "document.h"
#include "fieldtext.h"
#include "scenariocommands.h"
#include "scenarioplayer.h"
#include "scenariotimeline.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

using model::EventAction;

namespace {

QDoubleSpinBox *secondsBox(double max)
{
    auto *b = new QDoubleSpinBox;
    b->setRange(0, max);
    b->setDecimals(1);
    b->setSuffix(QStringLiteral(" s"));
    b->setKeyboardTracking(false);
    return b;
}

// The fields each action uses (docs/failures.md): a region outage is the zone outage of each
// of its zones, with their mode; a flush and a data loss have no duration of their own (a
// data loss lasts its restore, detect + S/R).
bool hasMode(EventAction a)
{
    return a == EventAction::Crash || a == EventAction::Partition ||
           a == EventAction::ZoneOutage || a == EventAction::RegionOutage;
}
bool hasDuration(EventAction a) { return a != EventAction::Flush && a != EventAction::DataLoss; }
bool hasFactor(EventAction a) { return a == EventAction::Slow || a == EventAction::Load; }

} // namespace

ScenarioEditor::ScenarioEditor(Document *doc, QWidget *parent) : QWidget(parent), m_doc(doc)
{
    setObjectName(QStringLiteral("scenarioEditor"));
    // Left: the scenarios.
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_addScenario = new QPushButton(tr("Add"));
    m_removeScenario = new QPushButton(tr("Delete"));
    auto *left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("<b>Scenarios</b>")));
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_addScenario);
    listButtons->addWidget(m_removeScenario);
    left->addLayout(listButtons);

    // Right, top: the scenario's own fields.
    m_id = new QLineEdit;
    m_idError = new QLabel;
    m_idError->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_idError->hide();
    m_name = new QLineEdit;
    m_duration = secondsBox(1e7);
    m_duration->setMinimum(1);
    m_warmup = secondsBox(1e7);
    m_seed = new QLineEdit;
    m_seed->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{1,19}")), m_seed));
    m_seed->setMaximumWidth(160);
    m_description = new QLineEdit;
    m_overrides = new QLabel;
    m_overrides->setWordWrap(true);
    m_overrides->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_play = new QPushButton(tr("▶ Play in trainer mode"));
    m_play->setObjectName(QStringLiteral("playScenario"));
    auto *fields = new QGridLayout;
    fields->addWidget(new QLabel(tr("Id")), 0, 0);
    fields->addWidget(m_id, 0, 1);
    fields->addWidget(new QLabel(tr("Name")), 0, 2);
    fields->addWidget(m_name, 0, 3, 1, 3);
    fields->addWidget(m_idError, 1, 1, 1, 5);
    fields->addWidget(new QLabel(tr("Duration")), 2, 0);
    fields->addWidget(m_duration, 2, 1);
    fields->addWidget(new QLabel(tr("Warm-up")), 2, 2);
    fields->addWidget(m_warmup, 2, 3);
    fields->addWidget(new QLabel(tr("Seed")), 2, 4);
    fields->addWidget(m_seed, 2, 5);
    fields->addWidget(new QLabel(tr("Description")), 3, 0);
    fields->addWidget(m_description, 3, 1, 1, 5);
    fields->addWidget(m_overrides, 4, 0, 1, 5);
    fields->addWidget(m_play, 4, 5, Qt::AlignRight);
    fields->setColumnStretch(3, 1);

    // The timeline.
    m_addEvent = new QToolButton;
    m_addEvent->setText(tr("Add event"));
    m_addEvent->setPopupMode(QToolButton::InstantPopup);
    auto *addMenu = new QMenu(m_addEvent);
    for (EventAction a : {EventAction::Crash, EventAction::Slow, EventAction::Partition,
                          EventAction::ZoneOutage, EventAction::RegionOutage, EventAction::Load,
                          EventAction::Flush, EventAction::Poison, EventAction::DataLoss}) {
        addMenu->addAction(QString::fromLatin1(toString(a)), this, [this, a] {
            const auto *s = scenario();
            if (!s)
                return;
            const int n = addEvent(a, std::min(s->duration_s, std::max(s->warmup_s, 60.0)));
            m_timeline->setSelected(n);
        });
    }
    m_addEvent->setMenu(addMenu);
    auto *hint = new QLabel(tr("Drag an event to move it (Shift: tenths of a second), "
                               "double-click empty space to add one, Delete removes it."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *eventsHeader = new QHBoxLayout;
    eventsHeader->addWidget(new QLabel(tr("<b>Events</b>")));
    eventsHeader->addWidget(m_addEvent);
    eventsHeader->addWidget(hint, 1);
    m_timeline = new ScenarioTimeline;
    m_timeline->setObjectName(QStringLiteral("scenarioTimeline"));
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_timeline);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);

    // The selected event.
    m_action = new QComboBox;
    m_action->addItems(enumList<EventAction>());
    m_target = new QComboBox;
    m_target->setEditable(true);
    m_target->setMinimumContentsLength(18);
    m_mode = new QComboBox;
    m_mode->addItems(enumList<model::CrashMode>());
    m_replica = new QSpinBox;
    m_replica->setRange(-1, 9999);
    m_replica->setSpecialValueText(tr("all"));
    m_replica->setKeyboardTracking(false);
    m_at = secondsBox(1e7);
    m_for = secondsBox(1e9);
    m_for->setSpecialValueText(tr("until the end"));
    m_factor = new QDoubleSpinBox;
    m_factor->setRange(0.01, 1000);
    m_factor->setDecimals(2);
    m_factor->setPrefix(QStringLiteral("x "));
    m_factor->setKeyboardTracking(false);
    m_note = new QPlainTextEdit;
    m_note->setPlaceholderText(tr("What the room should watch when this event fires "
                                  "(shown large in trainer mode)"));
    m_note->setFixedHeight(m_note->fontMetrics().lineSpacing() * 3 + 14);
    m_deleteEvent = new QPushButton(tr("Delete event"));
    auto *form = new QGridLayout;
    form->addWidget(new QLabel(tr("Action")), 0, 0);
    form->addWidget(m_action, 0, 1);
    form->addWidget(new QLabel(tr("Target")), 0, 2);
    form->addWidget(m_target, 0, 3);
    form->addWidget(new QLabel(tr("Mode")), 0, 4);
    form->addWidget(m_mode, 0, 5);
    form->addWidget(new QLabel(tr("Replica")), 0, 6);
    form->addWidget(m_replica, 0, 7);
    form->addWidget(new QLabel(tr("At")), 1, 0);
    form->addWidget(m_at, 1, 1);
    form->addWidget(new QLabel(tr("For")), 1, 2);
    form->addWidget(m_for, 1, 3);
    form->addWidget(new QLabel(tr("Factor")), 1, 4);
    form->addWidget(m_factor, 1, 5);
    form->addWidget(m_deleteEvent, 1, 7);
    form->addWidget(new QLabel(tr("Note")), 2, 0, Qt::AlignTop);
    form->addWidget(m_note, 2, 1, 1, 7);
    form->setColumnStretch(3, 1);
    auto *box = new QGroupBox(tr("Selected event"));
    box->setLayout(form);
    m_eventForm = box;

    auto *right = new QVBoxLayout;
    right->addLayout(fields);
    right->addLayout(eventsHeader);
    right->addWidget(scroll, 1);
    right->addWidget(m_eventForm);
    auto *root = new QHBoxLayout(this);
    auto *leftWidget = new QWidget;
    leftWidget->setLayout(left);
    leftWidget->setMaximumWidth(260);
    root->addWidget(leftWidget);
    root->addLayout(right, 1);

    // Wiring: every change becomes an undo command.
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_updating)
            return;
        const auto &list = m_doc->model().scenarios;
        m_current = row >= 0 && row < int(list.size()) ? list[size_t(row)].id : std::string();
        m_timeline->setSelected(-1);
        refresh();
    });
    connect(m_addScenario, &QPushButton::clicked, this, [this] {
        selectScenario(addScenario(m_doc));
        m_name->setFocus();
        m_name->selectAll();
    });
    connect(m_removeScenario, &QPushButton::clicked, this, [this] {
        if (!m_current.empty())
            removeScenario(m_doc, m_current);
    });
    connect(m_play, &QPushButton::clicked, this,
            [this] { emit playRequested(QString::fromStdString(m_current)); });
    connect(m_id, &QLineEdit::editingFinished, this, [this] { applyScenarioField("id"); });
    connect(m_name, &QLineEdit::textEdited, this, [this] { applyScenarioField("name"); });
    connect(m_description, &QLineEdit::textEdited, this,
            [this] { applyScenarioField("description"); });
    connect(m_seed, &QLineEdit::textEdited, this, [this] { applyScenarioField("seed"); });
    connect(m_duration, &QDoubleSpinBox::valueChanged, this,
            [this] { applyScenarioField("duration"); });
    connect(m_warmup, &QDoubleSpinBox::valueChanged, this,
            [this] { applyScenarioField("warmup"); });

    connect(m_timeline, &ScenarioTimeline::selectedChanged, this, &ScenarioEditor::showEventForm);
    connect(m_timeline, &ScenarioTimeline::eventMoved, this, &ScenarioEditor::moveEvent);
    connect(m_timeline, &ScenarioTimeline::deleteRequested, this, &ScenarioEditor::deleteEvent);
    connect(m_timeline, &ScenarioTimeline::addRequested, this, [this](double at) {
        m_timeline->setSelected(addEvent(EventAction::Crash, at));
    });
    connect(m_action, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        model::EventAction a{};
        model::fromString(m_action->currentText().toStdString(), a);
        fillTargets(a);
        applyEventField(QStringLiteral("action"));
    });
    connect(m_target, &QComboBox::currentTextChanged, this,
            [this] { applyEventField(QStringLiteral("target")); });
    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this] { applyEventField(QStringLiteral("mode")); });
    for (auto *spin : {m_at, m_for, m_factor})
        connect(spin, &QDoubleSpinBox::valueChanged, this,
                [this, spin] { applyEventField(spin == m_at ? QStringLiteral("at") :
                                               spin == m_for ? QStringLiteral("for") :
                                                               QStringLiteral("factor")); });
    connect(m_replica, &QSpinBox::valueChanged, this,
            [this] { applyEventField(QStringLiteral("replica")); });
    connect(m_note, &QPlainTextEdit::textChanged, this,
            [this] { applyEventField(QStringLiteral("note")); });
    connect(m_deleteEvent, &QPushButton::clicked, this,
            [this] { deleteEvent(m_timeline->selected()); });

    connect(m_doc, &Document::modelReset, this, [this] {
        m_current.clear();
        rebuildList();
        if (!m_doc->model().scenarios.empty())
            selectScenario(m_doc->model().scenarios.front().id);
    });
    connect(m_doc, &Document::scenarioChanged, this, [this] {
        if (!scenario()) {
            // Removed or renamed: follow a rename by position, else pick a neighbour.
            const int row = m_list->currentRow();
            const auto &list = m_doc->model().scenarios;
            m_current = list.empty() ? std::string()
                                     : list[size_t(std::clamp(row, 0, int(list.size()) - 1))].id;
        }
        rebuildList();
        refresh();
    });
    // Targets follow the architecture (a renamed component, a new zone).
    connect(m_doc, &Document::contentChanged, this, [this] {
        if (const auto *s = scenario(); s && m_timeline->selected() >= 0)
            showEventForm(m_timeline->selected());
    });
    rebuildList();
    refresh();
}

const model::Scenario *ScenarioEditor::scenario() const
{
    for (const auto &s : m_doc->model().scenarios)
        if (s.id == m_current)
            return &s;
    return nullptr;
}

bool ScenarioEditor::selectScenario(const std::string &id)
{
    m_current = id;
    m_timeline->setSelected(-1);
    rebuildList();
    refresh();
    return scenario() != nullptr;
}

void ScenarioEditor::rebuildList()
{
    m_updating = true;
    m_list->clear();
    int row = -1;
    for (const auto &s : m_doc->model().scenarios) {
        auto *item = new QListWidgetItem(QString::fromStdString(s.name.empty() ? s.id : s.name));
        item->setToolTip(QString::fromStdString(s.id));
        item->setData(Qt::UserRole, QString::fromStdString(s.id));
        m_list->addItem(item);
        if (s.id == m_current)
            row = m_list->count() - 1;
    }
    m_list->setCurrentRow(row);
    m_updating = false;
}

void ScenarioEditor::refresh()
{
    const model::Scenario *s = scenario();
    m_updating = true;
    for (QWidget *w : std::initializer_list<QWidget *>{m_id, m_name, m_duration, m_warmup, m_seed,
                                                       m_description, m_addEvent, m_play,
                                                       m_removeScenario})
        w->setEnabled(s != nullptr);
    if (!s) {
        m_timeline->clear();
        m_eventForm->setEnabled(false);
        m_overrides->clear();
        m_updating = false;
        return;
    }
    auto setLine = [](QLineEdit *e, const std::string &v) {
        if (e->text() != QString::fromStdString(v))
            e->setText(QString::fromStdString(v));
    };
    if (!m_id->hasFocus())
        setLine(m_id, s->id);
    setLine(m_name, s->name);
    setLine(m_description, s->description);
    setLine(m_seed, std::to_string(s->seed));
    m_duration->setValue(s->duration_s);
    m_warmup->setValue(s->warmup_s);
    QStringList overrides;
    for (const auto &o : s->overrides)
        overrides << QStringLiteral("%1 %2").arg(QString::fromStdString(o.target),
                                                 QString::fromStdString(o.set.text));
    m_overrides->setText(overrides.isEmpty()
                             ? QString()
                             : tr("Runs on a variant of the model: %1")
                                   .arg(overrides.join(QStringLiteral("; "))));
    m_at->setMaximum(s->duration_s);
    m_timeline->setScenario(*s);
    m_updating = false;
    showEventForm(m_timeline->selected());
}

void ScenarioEditor::fillTargets(EventAction action)
{
    const QString keep = m_target->currentText();
    QStringList items;
    const auto &m = m_doc->model();
    switch (action) {
    case EventAction::Crash:
    case EventAction::Slow:
        for (const auto &c : m.components)
            if (model::isStation(c.kind))
                items << QString::fromStdString(c.id);
        break;
    case EventAction::Flush:
        for (const auto &c : m.components)
            if (c.kind == model::ComponentKind::Cache || c.kind == model::ComponentKind::Cdn)
                items << QString::fromStdString(c.id);
        break;
    case EventAction::Partition:
        for (const auto &l : m.links)
            items << QString::fromStdString(l.id);
        break;
    case EventAction::ZoneOutage:
        for (const auto &z : m.zones)
            items << QString::fromStdString(z);
        break;
    case EventAction::Load:
        items << QString();
        for (const auto &c : m.components)
            if (c.kind == model::ComponentKind::Client)
                items << QString::fromStdString(c.id);
        break;
    case EventAction::Poison:
        for (const auto &c : m.components)
            if (model::isMessaging(c.kind))
                items << QString::fromStdString(c.id);
        break;
    case EventAction::RegionOutage:
        for (const auto &r : m.regions)
            items << QString::fromStdString(r.id);
        break;
    case EventAction::DataLoss:
        for (const auto &c : m.components)
            if (c.kind == model::ComponentKind::Database)
                items << QString::fromStdString(c.id);
        break;
    }
    const QSignalBlocker block(m_target);
    m_target->clear();
    m_target->addItems(items);
    m_target->setCurrentText(keep);
}

void ScenarioEditor::showEventForm(int index)
{
    const model::Scenario *s = scenario();
    const bool has = s && index >= 0 && index < int(s->events.size());
    m_eventForm->setEnabled(has);
    if (!has)
        return;
    const model::ScenarioEvent &e = s->events[size_t(index)];
    m_updating = true;
    m_action->setCurrentText(QString::fromLatin1(toString(e.action)));
    fillTargets(e.action);
    if (m_target->currentText() != QString::fromStdString(e.target))
        m_target->setCurrentText(QString::fromStdString(e.target));
    m_mode->setCurrentText(QString::fromLatin1(toString(e.mode)));
    m_replica->setValue(e.replica);
    m_at->setValue(e.at_s);
    m_for->setValue(e.for_s);
    m_factor->setValue(e.factor);
    if (m_note->toPlainText() != QString::fromStdString(e.note))
        m_note->setPlainText(QString::fromStdString(e.note));
    m_mode->setEnabled(hasMode(e.action));
    m_replica->setEnabled(e.action == EventAction::Crash);
    m_factor->setEnabled(hasFactor(e.action));
    m_for->setEnabled(hasDuration(e.action));
    // Disabled, the field says what decides the length instead of a misleading "until the end".
    m_for->setSpecialValueText(e.action == EventAction::DataLoss ? tr("the restore (detect + S/R)")
                               : e.action == EventAction::Flush  ? tr("an instant")
                                                                 : tr("until the end"));
    m_updating = false;
}

model::ScenarioEvent ScenarioEditor::eventFromForm() const
{
    model::ScenarioEvent e = scenario()->events[size_t(m_timeline->selected())];
    model::fromString(m_action->currentText().toStdString(), e.action);
    e.target = m_target->currentText().trimmed().toStdString();
    model::fromString(m_mode->currentText().toStdString(), e.mode);
    e.replica = m_replica->value();
    e.at_s = m_at->value();
    e.for_s = m_for->value();
    e.factor = m_factor->value();
    e.note = m_note->toPlainText().toStdString();
    return e;
}

void ScenarioEditor::applyScenarioField(const QString &field)
{
    const model::Scenario *s = scenario();
    if (m_updating || !s)
        return;
    model::Scenario after = *s;
    if (field == QLatin1String("id")) {
        const QString id = m_id->text().trimmed();
        QString error = idError(id);
        for (const auto &o : m_doc->model().scenarios)
            if (o.id == id.toStdString() && o.id != s->id)
                error = tr("another scenario has the id '%1'").arg(id);
        m_idError->setText(error);
        m_idError->setVisible(!error.isEmpty());
        if (!error.isEmpty())
            return;
        after.id = id.toStdString();
        m_current = after.id;
    } else if (field == QLatin1String("name")) {
        after.name = m_name->text().toStdString();
    } else if (field == QLatin1String("description")) {
        after.description = m_description->text().toStdString();
    } else if (field == QLatin1String("seed")) {
        bool ok = false;
        const qulonglong seed = m_seed->text().toULongLong(&ok);
        if (!ok)
            return;
        after.seed = seed;
    } else if (field == QLatin1String("duration")) {
        after.duration_s = m_duration->value();
    } else if (field == QLatin1String("warmup")) {
        after.warmup_s = m_warmup->value();
    }
    editScenario(m_doc, s->id, after,
                 tr("Edit scenario %1: %2").arg(QString::fromStdString(s->id), field),
                 field == QLatin1String("id") ? QString() : field);
}

void ScenarioEditor::applyEventField(const QString &field)
{
    const int index = m_timeline->selected();
    if (m_updating || !scenario() || index < 0)
        return;
    editEvent(index, eventFromForm(), field);
}

int ScenarioEditor::addEvent(EventAction action, double at_s)
{
    const model::Scenario *s = scenario();
    if (!s)
        return -1;
    model::Scenario after = *s;
    model::ScenarioEvent e;
    e.action = action;
    e.at_s = std::clamp(at_s, 0.0, s->duration_s);
    e.for_s = !hasDuration(action) ? 0 : action == EventAction::ZoneOutage ? 120 : 60;
    e.factor = action == EventAction::Slow ? 3 : action == EventAction::Load ? 2 : 1;
    fillTargets(action);
    for (int i = 0; i < m_target->count(); ++i)
        if (!m_target->itemText(i).isEmpty() || action == EventAction::Load) {
            e.target = m_target->itemText(i).toStdString();
            break;
        }
    after.events.push_back(e);
    editScenario(m_doc, s->id, after,
                 tr("Add %1 event at %2").arg(QString::fromLatin1(toString(action)),
                                              ScenarioPlayer::clockText(e.at_s)));
    return int(after.events.size()) - 1;
}

void ScenarioEditor::moveEvent(int index, double at_s)
{
    const model::Scenario *s = scenario();
    if (!s || index < 0 || index >= int(s->events.size()))
        return;
    model::Scenario after = *s;
    after.events[size_t(index)].at_s = std::clamp(at_s, 0.0, s->duration_s);
    editScenario(m_doc, s->id, after,
                 tr("Move %1 event to %2")
                     .arg(QString::fromLatin1(toString(after.events[size_t(index)].action)),
                          ScenarioPlayer::clockText(at_s)));
}

void ScenarioEditor::deleteEvent(int index)
{
    const model::Scenario *s = scenario();
    if (!s || index < 0 || index >= int(s->events.size()))
        return;
    model::Scenario after = *s;
    const EventAction action = after.events[size_t(index)].action;
    after.events.erase(after.events.begin() + index);
    m_timeline->setSelected(-1);
    editScenario(m_doc, s->id, after,
                 tr("Delete %1 event").arg(QString::fromLatin1(toString(action))));
}

void ScenarioEditor::editEvent(int index, const model::ScenarioEvent &after,
                               const QString &field)
{
    const model::Scenario *s = scenario();
    if (!s || index < 0 || index >= int(s->events.size()))
        return;
    model::Scenario next = *s;
    next.events[size_t(index)] = after;
    editScenario(m_doc, s->id, next, tr("Edit event: %1").arg(field),
                 QStringLiteral("event%1.%2").arg(index).arg(field));
}

} // namespace archsim::gui
