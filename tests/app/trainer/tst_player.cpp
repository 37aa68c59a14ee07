// Trainer mode: the scenario player's clock (play at a speed, pause, step to the next event,
// restart, waiting for the simulation), the note overlay and the clock of the presentation
// page at each event of every built-in demo, and the presentation layout (docks hidden, large
// type, full screen with F11, Esc leaves).

#include "mainwindow.h"
#include "noteoverlay.h"
#include "runtimeline.h"
#include "scenarioplayer.h"
#include "simulationcontroller.h"
#include "trainersession.h"
#include "trainerview.h"

#include "archsim/model/io.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

Scenario twoEvents()
{
    Scenario s;
    s.id = "t";
    s.duration_s = 300;
    ScenarioEvent a;
    a.at_s = 100;
    a.action = EventAction::Crash;
    a.target = "db";
    a.note = "first";
    ScenarioEvent b;
    b.at_s = 40;
    b.action = EventAction::Load;
    b.factor = 2;
    b.note = "second, listed after but earlier";
    s.events = {a, b};
    return s;
}

// A wall clock the test moves by hand.
struct FakeClock {
    qint64 ms = 0;
    std::function<qint64()> fn() { return [this] { return ms; }; }
};

} // namespace

class TestPlayer : public QObject {
    Q_OBJECT
private slots:
    void eventsInTimeOrder();
    void playsAtTheSpeedFactor_data();
    void playsAtTheSpeedFactor();
    void pauseStopsTheClock();
    void waitsForTheSimulation();
    void stepsToEachEventAndWaitsForIt();
    void restartHidesTheNote();
    void speedIsClamped();
    void pauseAtEvents();
    void seekBackFiresAgain();
    void overlayShowsEachNoteAtItsTime();
    void keyboardDrivesThePlayer();
    void demoMenuOpensEachDemoReadyToPlay();
    void demoMenuHasEveryDemoPairOfTheExample();
    void playerRevealsTheRunUpToItsClock();
    void presentationLayout();
};

void TestPlayer::eventsInTimeOrder()
{
    ScenarioPlayer p;
    p.load(twoEvents());
    QCOMPARE(p.events().size(), size_t(2));
    QCOMPARE(p.events()[0].at_s, 40.0);
    QCOMPARE(p.events()[0].note, QStringLiteral("second, listed after but earlier"));
    QCOMPARE(p.events()[0].title, QStringLiteral("Load x2 on every client"));
    QCOMPARE(p.events()[1].title, QStringLiteral("Crash db (refuses)"));
    QCOMPARE(ScenarioPlayer::clockText(135.7), QStringLiteral("02:15"));
}

void TestPlayer::playsAtTheSpeedFactor_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("wallMs");
    QTest::addColumn<double>("expected");
    QTest::newRow("real time") << 1.0 << 2500 << 2.5;
    QTest::newRow("10x") << 10.0 << 1500 << 15.0;
    QTest::newRow("100x") << 100.0 << 1000 << 100.0;
}

void TestPlayer::playsAtTheSpeedFactor()
{
    QFETCH(double, speed);
    QFETCH(int, wallMs);
    QFETCH(double, expected);
    FakeClock clock;
    ScenarioPlayer p;
    p.setClock(clock.fn());
    p.load(twoEvents());
    p.setAvailable(300);
    p.setSpeed(speed);
    QSignalSpy fired(&p, &ScenarioPlayer::eventFired);
    p.play();
    // Ticks of 33 ms, as the timer would give them.
    for (int t = 33; t <= wallMs; t += 33) {
        clock.ms = t;
        p.tick();
    }
    clock.ms = wallMs;
    p.tick();
    QCOMPARE(p.time(), expected); // oracle: simulated time = wall time x speed, exactly
    QCOMPARE(fired.count(), expected >= 40 ? (expected >= 100 ? 2 : 1) : 0);
}

void TestPlayer::pauseStopsTheClock()
{
    FakeClock clock;
    ScenarioPlayer p;
    p.setClock(clock.fn());
    p.load(twoEvents());
    p.setAvailable(300);
    p.setSpeed(10);
    p.play();
    clock.ms = 1000;
    p.tick();
    QCOMPARE(p.time(), 10.0);
    p.pause();
    QVERIFY(!p.isPlaying());
    clock.ms = 5000;
    p.tick();
    QCOMPARE(p.time(), 10.0);
    p.play(); // the paused wall time does not count
    clock.ms = 5500;
    p.tick();
    QCOMPARE(p.time(), 15.0);
}

void TestPlayer::waitsForTheSimulation()
{
    FakeClock clock;
    ScenarioPlayer p;
    p.setClock(clock.fn());
    p.load(twoEvents());
    p.setAvailable(20);
    p.setSpeed(100);
    p.play();
    clock.ms = 1000;
    p.tick();
    QCOMPARE(p.time(), 20.0); // never past what was simulated
    QVERIFY(p.isWaiting());
    p.setAvailable(300);
    clock.ms = 1100;
    p.tick();
    QCOMPARE(p.time(), 30.0);
    QVERIFY(!p.isWaiting());
}

void TestPlayer::stepsToEachEventAndWaitsForIt()
{
    ScenarioPlayer p;
    p.load(twoEvents());
    QSignalSpy fired(&p, &ScenarioPlayer::eventFired);
    p.setAvailable(300);
    p.stepToNextEvent();
    QCOMPARE(p.time(), 40.0);
    QCOMPARE(p.currentEvent(), 0);
    p.setAvailable(300);
    p.load(twoEvents()); // again, with the simulation behind
    p.setAvailable(50);
    p.stepToNextEvent();
    QCOMPARE(p.time(), 40.0);
    p.stepToNextEvent(); // 100 s is not simulated yet: waits
    QCOMPARE(p.time(), 40.0);
    QVERIFY(p.isWaiting());
    QCOMPARE(p.currentEvent(), 0);
    p.setAvailable(120);
    QCOMPARE(p.time(), 100.0);
    QCOMPARE(p.currentEvent(), 1);
    QVERIFY(!p.isWaiting());
    p.setAvailable(300);
    p.stepToNextEvent(); // no event left: the end
    QCOMPARE(p.time(), 300.0);
    QCOMPARE(fired.count(), 3);
}

void TestPlayer::restartHidesTheNote()
{
    TrainerView v;
    v.resize(1280, 720);
    v.load(twoEvents(), QStringLiteral("m"));
    v.player()->setAvailable(300);
    v.show();
    v.player()->stepToNextEvent();
    QCOMPARE(v.overlay()->note(), QStringLiteral("second, listed after but earlier"));
    v.player()->restart();
    QCOMPARE(v.player()->time(), 0.0);
    QCOMPARE(v.player()->currentEvent(), -1);
    QCOMPARE(v.overlay()->note(), QString());
    QCOMPARE(v.clockText(), QStringLiteral("00:00 / 05:00"));
    v.player()->stepToNextEvent(); // the events fire again after a restart
    QCOMPARE(v.player()->currentEvent(), 0);
}

void TestPlayer::speedIsClamped()
{
    ScenarioPlayer p;
    p.setSpeed(0.2);
    QCOMPARE(p.speed(), 1.0);
    p.setSpeed(1000);
    QCOMPARE(p.speed(), 100.0);
    p.setSpeed(20);
    QCOMPARE(p.speed(), 20.0);
}

void TestPlayer::pauseAtEvents()
{
    FakeClock clock;
    ScenarioPlayer p;
    p.setClock(clock.fn());
    p.load(twoEvents());
    p.setAvailable(300);
    p.setPauseAtEvents(true);
    p.setSpeed(100);
    p.play();
    clock.ms = 1000; // would reach 100 s: stops at the first event instead
    p.tick();
    QCOMPARE(p.time(), 40.0);
    QVERIFY(!p.isPlaying());
    QCOMPARE(p.currentEvent(), 0);
    p.play();
    clock.ms = 3000;
    p.tick();
    QCOMPARE(p.time(), 100.0);
    QCOMPARE(p.currentEvent(), 1);
}

void TestPlayer::seekBackFiresAgain()
{
    ScenarioPlayer p;
    p.load(twoEvents());
    p.setAvailable(300);
    p.seek(150);
    QCOMPARE(p.currentEvent(), 1);
    p.seek(50);
    QCOMPARE(p.currentEvent(), 0);
    QSignalSpy fired(&p, &ScenarioPlayer::eventFired);
    p.seek(120);
    QCOMPARE(fired.count(), 1);
    QCOMPARE(fired.first().first().toInt(), 1);
}

// Every built-in demo of the e-commerce example: stepping shows each event's note at its time.
void TestPlayer::overlayShowsEachNoteAtItsTime()
{
    auto loaded = loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    TrainerView v;
    v.resize(1600, 900);
    v.show();
    int checked = 0;
    for (const auto &s : loaded.value().scenarios) {
        v.load(s, QStringLiteral("E-commerce"));
        v.player()->setAvailable(s.duration_s);
        QCOMPARE(v.overlay()->note(), QString());
        std::vector<ScenarioEvent> events = s.events;
        std::stable_sort(events.begin(), events.end(),
                         [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
        for (const auto &e : events) {
            QVERIFY2(!e.note.empty(), (s.id + ": every demo event has a note").c_str());
            v.player()->stepToNextEvent();
            QCOMPARE(v.player()->time(), e.at_s);
            QCOMPARE(v.overlay()->note(), QString::fromStdString(e.note));
            QVERIFY(v.overlay()->isVisible());
            QVERIFY(v.overlay()->title().startsWith(ScenarioPlayer::clockText(e.at_s)));
            QVERIFY(v.clockText().startsWith(ScenarioPlayer::clockText(e.at_s)));
            ++checked;
        }
    }
    QVERIFY(checked >= 6);
}

void TestPlayer::keyboardDrivesThePlayer()
{
    TrainerView v;
    v.load(twoEvents(), {});
    v.player()->setAvailable(300);
    v.show();
    QTest::keyClick(&v, Qt::Key_N);
    QCOMPARE(v.player()->time(), 40.0);
    QTest::keyClick(&v, Qt::Key_Space);
    QVERIFY(v.player()->isPlaying());
    QTest::keyClick(&v, Qt::Key_Space);
    QVERIFY(!v.player()->isPlaying());
    QTest::keyClick(&v, Qt::Key_Plus);
    QCOMPARE(v.player()->speed(), 2.0);
    QTest::keyClick(&v, Qt::Key_Plus);
    QCOMPARE(v.player()->speed(), 5.0);
    QTest::keyClick(&v, Qt::Key_Minus);
    QCOMPARE(v.player()->speed(), 2.0);
    QTest::keyClick(&v, Qt::Key_Home);
    QCOMPARE(v.player()->time(), 0.0);
    // "Stop at events" is on by default: playing stops at the next event with its note.
    auto *stop = v.findChild<QCheckBox *>(QStringLiteral("stopAtEvents"));
    QVERIFY(stop && stop->isChecked());
    QVERIFY(v.player()->pauseAtEvents());
    stop->setChecked(false);
    QVERIFY(!v.player()->pauseAtEvents());
    QSignalSpy leave(&v, &TrainerView::leaveRequested);
    QSignalSpy full(&v, &TrainerView::fullScreenToggled);
    QTest::keyClick(&v, Qt::Key_F11);
    QTest::keyClick(&v, Qt::Key_Escape);
    QCOMPARE(full.count(), 1);
    QCOMPARE(leave.count(), 1);
}

// Trainer > Built-in Demos lists every demo; each opens the e-commerce example, simulates the
// scenario (with its overrides) and waits at 0 s with the first note hidden.
void TestPlayer::demoMenuOpensEachDemoReadyToPlay()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.resize(1400, 900);
    w.show();
    QMenu *demos = w.findChild<QMenu *>(QStringLiteral("demoMenu"));
    QVERIFY(demos);
    QCOMPARE(int(demos->actions().size()), int(MainWindow::builtInDemos().size()));
    for (const auto &d : MainWindow::builtInDemos()) {
        QAction *a = w.findChild<QAction *>(QStringLiteral("demo-") + d.id);
        QVERIFY2(a, qPrintable(d.id));
        a->trigger();
        QCOMPARE(w.centralTabs()->currentWidget(), static_cast<QWidget *>(w.trainer()));
        QCOMPARE(QString::fromStdString(w.trainer()->scenario().id), d.id);
        QCOMPARE(w.trainer()->player()->time(), 0.0);
        QVERIFY(!w.trainer()->player()->isPlaying());
        QVERIFY(w.trainer()->player()->events().size() >= 1);
        w.trainerSession()->controller()->waitForFinished();
        QVERIFY2(w.trainerSession()->errorText().isEmpty(),
                 qPrintable(w.trainerSession()->errorText()));
        QCOMPARE(w.trainer()->player()->available(), w.trainer()->player()->duration());
    }
}

// A scenario of the example that says "Demo pair with X" is a built-in demo, and so is X: the
// stream pairs of issue 18 (consumer outage, poison message, ordering) were missing.
void TestPlayer::demoMenuHasEveryDemoPairOfTheExample()
{
    auto loaded = loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    QSet<QString> demos;
    for (const auto &d : MainWindow::builtInDemos())
        demos.insert(d.id);
    const QString marker = QStringLiteral("Demo pair with ");
    int pairs = 0;
    for (const auto &s : loaded.value().scenarios) {
        const QString description = QString::fromStdString(s.description);
        if (!description.startsWith(marker))
            continue;
        const QString id = QString::fromStdString(s.id);
        static const QRegularExpression end(QStringLiteral("[:.,\\s]"));
        const QString other = description.mid(marker.size()).section(end, 0, 0);
        QVERIFY2(demos.contains(id), qPrintable(id + " is not a built-in demo"));
        QVERIFY2(demos.contains(other), qPrintable(other + " is not a built-in demo"));
        ++pairs;
    }
    QVERIFY(pairs >= 3); // consumer outage, poison message, ordering
}

// The charts and the canvas follow the revealed timeline: it holds exactly the seconds up to
// the player's clock, and going back rebuilds it.
void TestPlayer::playerRevealsTheRunUpToItsClock()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openDemo(QStringLiteral("db-failover")));
    w.trainerSession()->controller()->waitForFinished();
    ScenarioPlayer *p = w.trainer()->player();
    RunTimeline *revealed = w.trainerSession()->revealed();
    QCOMPARE(int(revealed->points().size()), 0);
    p->stepToNextEvent(); // the primary hangs at 120 s
    QCOMPARE(p->time(), 120.0);
    QCOMPARE(int(revealed->points().size()), 120);
    QVERIFY(w.trainer()->overlay()->note().startsWith(QStringLiteral("The primary database")));
    p->seek(160); // after the failover at 150 s: it shows under the note
    QCOMPARE(int(revealed->points().size()), 160);
    QVERIFY2(w.trainer()->overlay()->followUp().contains(QStringLiteral("failover: shop-db")),
             qPrintable(w.trainer()->overlay()->followUp()));
    QVERIFY(w.trainer()->overlay()->note().startsWith(QStringLiteral("The primary database")));
    p->restart();
    QCOMPARE(int(revealed->points().size()), 0);
    QCOMPARE(w.trainer()->overlay()->note(), QString());
}

// F11 enters the presentation layout (docks, bars and tabs hidden, full screen, larger type);
// Esc leaves it and restores the window.
void TestPlayer::presentationLayout()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openDemo(QStringLiteral("zone-outage")));
    const qreal normalSize = w.trainer()->font().pointSizeF();
    w.setPresentation(true);
    QVERIFY(w.isPresenting());
    QVERIFY(w.isFullScreen());
    QVERIFY(!w.menuBar()->isVisible());
    QVERIFY(!w.centralTabs()->tabBar()->isVisible());
    for (QDockWidget *d : w.findChildren<QDockWidget *>())
        QVERIFY2(!d->isVisible(), qPrintable(d->objectName()));
    QVERIFY(w.trainer()->font().pointSizeF() > 1.5 * normalSize);
    w.trainer()->setFocus();
    QTest::keyClick(w.trainer(), Qt::Key_Escape);
    QVERIFY(!w.isPresenting());
    QVERIFY(!w.isFullScreen());
    QVERIFY(w.menuBar()->isVisible());
    QCOMPARE(w.trainer()->font().pointSizeF(), normalSize);
    // F11 is a window shortcut: it works from the trainer page.
    QTest::keyClick(w.trainer(), Qt::Key_F11);
    QVERIFY(w.isPresenting());
    QTest::keyClick(w.trainer(), Qt::Key_F11);
    QVERIFY(!w.isPresenting());
}

QTEST_MAIN(TestPlayer)
#include "tst_player.moc"
