#include "trainerview.h"

#include "noteoverlay.h"
#include "scenarioplayer.h"
#include "scenariotimeline.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

PlayerBar::PlayerBar(ScenarioPlayer *player, QWidget *parent) : QWidget(parent), m_player(player)
{
    setObjectName(QStringLiteral("playerBar"));
    setMinimumHeight(28);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click to jump; the light part has been simulated, the strong part played"));
    connect(player, &ScenarioPlayer::timeChanged, this, qOverload<>(&QWidget::update));
    connect(player, &ScenarioPlayer::stateChanged, this, qOverload<>(&QWidget::update));
}

void PlayerBar::setScenario(const model::Scenario &scenario)
{
    m_scenario = scenario;
    update();
}

double PlayerBar::xOf(double t) const
{
    const double d = m_scenario.duration_s > 0 ? m_scenario.duration_s : 1;
    return 8 + std::clamp(t / d, 0.0, 1.0) * (width() - 16);
}

void PlayerBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF track(8, height() / 2.0 - 5, width() - 16, 10);
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Mid));
    p.drawRoundedRect(track, 5, 5);
    QColor sim = pal.color(QPalette::Highlight);
    sim.setAlpha(70);
    p.setBrush(sim);
    p.drawRoundedRect(QRectF(track.topLeft(), QPointF(xOf(m_player->available()),
                                                      track.bottom())), 5, 5);
    p.setBrush(pal.color(QPalette::Highlight));
    p.drawRoundedRect(QRectF(track.topLeft(), QPointF(xOf(m_player->time()), track.bottom())),
                      5, 5);
    for (const auto &e : m_scenario.events) {
        const double x = xOf(e.at_s);
        p.setBrush(actionColor(e.action));
        p.setPen(QPen(pal.color(QPalette::Base), 1.5));
        p.drawEllipse(QPointF(x, height() / 2.0), 7, 7);
    }
    p.setPen(QPen(pal.color(QPalette::Text), 2));
    const double x = xOf(m_player->time());
    p.drawLine(QPointF(x, 2), QPointF(x, height() - 2));
}

void PlayerBar::mousePressEvent(QMouseEvent *e)
{
    const double d = m_scenario.duration_s;
    emit seekRequested(std::clamp((e->position().x() - 8) / std::max(1, width() - 16), 0.0, 1.0)
                       * d);
}

const std::vector<int> &TrainerView::speeds()
{
    static const std::vector<int> s{1, 2, 5, 10, 20, 50, 100};
    return s;
}

TrainerView::TrainerView(QWidget *parent)
    : QWidget(parent), m_player(new ScenarioPlayer(this))
{
    setObjectName(QStringLiteral("trainerView"));
    setFocusPolicy(Qt::StrongFocus);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("trainerTitle"));
    m_clock = new QLabel;
    m_clock->setObjectName(QStringLiteral("trainerClock"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("trainerStatus"));
    m_status->hide();
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_status);
    header->addSpacing(24);
    header->addWidget(m_clock);

    auto *stage = new QWidget;
    stage->setObjectName(QStringLiteral("trainerStage"));
    m_content = new QSplitter(Qt::Horizontal);
    m_content->setChildrenCollapsible(false);
    connect(m_content, &QSplitter::splitterMoved, this, [this] { m_splitDragged = true; });
    auto *stageLayout = new QVBoxLayout(stage);
    stageLayout->setContentsMargins(0, 0, 0, 0);
    stageLayout->addWidget(m_content);
    m_overlay = new NoteOverlay(this);

    // Icons from the style (fonts may lack the media glyphs) with words beside them.
    auto button = [this](QStyle::StandardPixmap icon, const QString &text, const QString &tip) {
        auto *b = new QToolButton;
        b->setIcon(style()->standardIcon(icon));
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        b->setFocusPolicy(Qt::NoFocus);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return b;
    };
    m_restart = button(QStyle::SP_MediaSkipBackward, tr("Restart"), tr("Restart (Home)"));
    m_playPause = button(QStyle::SP_MediaPlay, tr("Play"), tr("Play / pause (Space)"));
    m_playPause->setObjectName(QStringLiteral("playPause"));
    m_next = button(QStyle::SP_MediaSkipForward, tr("Next event"),
                    tr("Next event (N or Right)"));
    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("playerSpeed"));
    m_speed->setFocusPolicy(Qt::NoFocus);
    for (int s : speeds())
        m_speed->addItem(QStringLiteral("%1x").arg(s), s);
    m_speed->setToolTip(tr("Speed: simulated seconds per second (+ and - change it)"));
    m_stopAtEvents = new QCheckBox(tr("Stop at events"));
    m_stopAtEvents->setObjectName(QStringLiteral("stopAtEvents"));
    m_stopAtEvents->setFocusPolicy(Qt::NoFocus);
    m_stopAtEvents->setToolTip(tr("Playback stops as each event fires, so you can talk to its "
                                  "note; press Play to go on"));
    m_stopAtEvents->setChecked(true);
    m_player->setPauseAtEvents(true);
    m_bar = new PlayerBar(m_player);
    auto *transport = new QHBoxLayout;
    transport->addWidget(m_restart);
    transport->addWidget(m_playPause);
    transport->addWidget(m_next);
    transport->addWidget(m_speed);
    transport->addWidget(m_stopAtEvents);
    transport->addWidget(m_bar, 1);

    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(16, 10, 16, 10);
    root->addLayout(header);
    root->addWidget(stage, 1);
    root->addWidget(m_overlay);
    root->addLayout(transport);

    connect(m_restart, &QToolButton::clicked, m_player, &ScenarioPlayer::restart);
    connect(m_playPause, &QToolButton::clicked, m_player, &ScenarioPlayer::togglePlay);
    connect(m_next, &QToolButton::clicked, m_player, &ScenarioPlayer::stepToNextEvent);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_player->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_bar, &PlayerBar::seekRequested, m_player, &ScenarioPlayer::seek);
    connect(m_stopAtEvents, &QCheckBox::toggled, m_player, &ScenarioPlayer::setPauseAtEvents);
    connect(m_player, &ScenarioPlayer::timeChanged, this, &TrainerView::updateClock);
    connect(m_player, &ScenarioPlayer::stateChanged, this, &TrainerView::updateButtons);
    connect(m_player, &ScenarioPlayer::eventFired, this, &TrainerView::eventFired);
    connect(m_player, &ScenarioPlayer::timeChanged, this, [this](double t) {
        // Back before the shown event (restart, seek): its note goes.
        const int i = m_player->currentEvent();
        if (i < 0 || t < m_player->events()[size_t(i)].at_s)
            m_overlay->hideNote();
    });
    clear();
    updateButtons();
    updateFonts();
}

void TrainerView::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::FontChange)
        updateFonts();
    QWidget::changeEvent(e);
}

void TrainerView::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    // The stretch factors share only what exceeds the widgets' size hints, and the canvas
    // hints at its whole scene: the charts got a quarter of 1920 px, their axis labels "..."
    // (Xvfb). The layout has resized the splitter already: it is split 4 : 5 in pixels.
    splitContent();
    emit pageResized();
}

void TrainerView::updateFonts()
{
    // The title, the clock and the transport scale with the page's font (the presentation
    // layout enlarges it); the clock's digits keep their width as they change.
    QFont title = font();
    title.setPointSizeF(font().pointSizeF() * 1.5);
    title.setBold(true);
    m_title->setFont(title);
    QFont clock = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    clock.setPointSizeF(font().pointSizeF() * 1.9);
    clock.setBold(true);
    m_clock->setFont(clock);
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.4);
    const int icon = QFontMetrics(big).height();
    for (QToolButton *b : {m_restart, m_playPause, m_next}) {
        b->setFont(big);
        b->setIconSize(QSize(icon, icon));
    }
    m_speed->setFont(big);
    m_stopAtEvents->setFont(big);
    m_bar->setMinimumHeight(QFontMetrics(big).height() + 8);
}

void TrainerView::load(const model::Scenario &scenario, const QString &modelName)
{
    m_scenario = scenario;
    const QString name = QString::fromStdString(scenario.name.empty() ? scenario.id
                                                                      : scenario.name);
    m_title->setText(modelName.isEmpty() ? name
                                         : QStringLiteral("%1  <span style='color:gray'>· %2"
                                                          "</span>").arg(name, modelName));
    m_overlay->hideNote();
    m_bar->setScenario(scenario);
    m_player->load(scenario);
    m_player->setSpeed(m_speed->currentData().toDouble());
    updateClock();
}

void TrainerView::clear()
{
    model::Scenario none;
    none.duration_s = 0;
    m_scenario = none;
    m_title->setText(tr("No scenario is playing: choose one in the Scenarios tab or in Trainer "
                        "> Built-in Demos"));
    m_overlay->hideNote();
    m_overlay->setFollowUp({});
    m_bar->setScenario(none);
    m_player->load(none);
    setStatus({});
    updateClock();
}

QString TrainerView::title() const { return m_title->text(); }

void TrainerView::setContent(QWidget *canvas, QWidget *charts)
{
    if (canvas)
        m_content->addWidget(canvas);
    if (charts)
        m_content->addWidget(charts);
    m_content->setStretchFactor(0, 4);
    m_content->setStretchFactor(1, 5);
    splitContent();
}

void TrainerView::splitContent()
{
    if (m_splitDragged || m_content->count() != 2)
        return;
    const int room = m_content->width() - m_content->handleWidth();
    m_content->setSizes({room * 4 / 9, room - room * 4 / 9});
}

void TrainerView::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void TrainerView::setFollowUp(const QString &text) { m_overlay->setFollowUp(text); }

QString TrainerView::clockText() const { return m_clock->text(); }

void TrainerView::updateClock()
{
    m_clock->setText(ScenarioPlayer::clockText(m_player->time()) + QStringLiteral(" / ") +
                     ScenarioPlayer::clockText(m_player->duration()));
}

void TrainerView::updateButtons()
{
    const bool playing = m_player->isPlaying();
    m_playPause->setText(playing ? tr("Pause") : tr("Play"));
    m_playPause->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause
                                                       : QStyle::SP_MediaPlay));
    const int speed = int(m_player->speed());
    const int index = m_speed->findData(speed);
    if (index >= 0 && index != m_speed->currentIndex())
        m_speed->setCurrentIndex(index);
    // Waiting for the simulation is shown while it lasts; other messages stay.
    if (m_player->isWaiting())
        setStatus(tr("simulating…"));
    else if (m_status->text() == tr("simulating…"))
        setStatus({});
}

void TrainerView::eventFired(int index)
{
    const auto &e = m_player->events()[size_t(index)];
    m_overlay->showNote(ScenarioPlayer::clockText(e.at_s) + QStringLiteral("  ·  ") + e.title,
                        e.note, actionColor(e.action));
}

void TrainerView::keyPressEvent(QKeyEvent *e)
{
    const int current = std::max(0, m_speed->currentIndex());
    switch (e->key()) {
    case Qt::Key_Space:
        m_player->togglePlay();
        return;
    case Qt::Key_N:
    case Qt::Key_Right:
        m_player->stepToNextEvent();
        return;
    case Qt::Key_Home:
    case Qt::Key_R:
        m_player->restart();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_speed->setCurrentIndex(std::min(current + 1, m_speed->count() - 1));
        return;
    case Qt::Key_Minus:
        m_speed->setCurrentIndex(std::max(current - 1, 0));
        return;
    case Qt::Key_F11:
        emit fullScreenToggled();
        return;
    case Qt::Key_Escape:
        emit leaveRequested();
        return;
    default:
        QWidget::keyPressEvent(e);
    }
}

} // namespace archsim::gui
