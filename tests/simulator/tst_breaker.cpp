// The circuit breaker against resilience4j's rules (CircuitBreakerStateMachine, count-based
// sliding window), table-driven: a script of calls and the state expected after each step.

#include "archsim/simulator/resilience.h"

#include <QtTest>

using archsim::simulator::CircuitBreaker;
using State = CircuitBreaker::State;

Q_DECLARE_METATYPE(archsim::model::CircuitBreaker)

// A script: each character is one call at the next millisecond:
//  's' succeeds, 'f' fails, 'w' (slow) succeeds after 500 ms, 'x' is refused (short-circuited),
//  'P' is permitted and still running, '+' waits 10 s (longer than open_ms), '.' nothing.
// The expected string gives the state after each step: C, O or H.

class TestBreaker : public QObject {
    Q_OBJECT
private slots:
    void script_data()
    {
        QTest::addColumn<archsim::model::CircuitBreaker>("config");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("states");
        archsim::model::CircuitBreaker c;
        c.failure_rate = 0.5;
        c.window = 4;
        c.min_calls = 4;
        c.open_ms = 5000;
        c.half_open_calls = 2;
        QTest::newRow("below minimum calls never opens") << c << "fff" << "CCC";
        QTest::newRow("opens at the threshold (>=)") << c << "ssff" << "CCCO";
        QTest::newRow("stays closed under the threshold") << c << "sssf" << "CCCC";
        QTest::newRow("open refuses until open_ms") << c << "ssffxx" << "CCCOOO";
        // Cumulatively 3 of 7 calls failed (below 0.5); in the last-4 window 2 of 4 did.
        QTest::newRow("sliding window forgets old calls") << c << "fssssff" << "CCCCCCO";
        QTest::newRow("half-open after the wait, closes on success")
            << c << "ssff+ss" << "CCCOOHC";
        QTest::newRow("half-open refuses beyond permitted calls")
            << c << "ssff+PPx" << "CCCOOHHH";
        QTest::newRow("half-open reopens on failures") << c << "ssff+sf" << "CCCOOHO";
        QTest::newRow("closing resets the window") << c << "ssff+ssfff" << "CCCOOHCCCC";
        archsim::model::CircuitBreaker m = c;
        m.min_calls = 10; // larger than the window: resilience4j uses min(min_calls, window)
        QTest::newRow("minimum capped by window") << m << "ffff" << "CCCO";
        archsim::model::CircuitBreaker s = c;
        s.slow_call_ms = 300;
        s.slow_call_rate = 0.75;
        QTest::newRow("slow calls open it") << s << "swww" << "CCCO";
        QTest::newRow("slow calls below rate") << s << "sswW" << "CCCC";
    }
    void script()
    {
        QFETCH(archsim::model::CircuitBreaker, config);
        QFETCH(QString, script);
        QFETCH(QString, states);
        QCOMPARE(script.size(), states.size());
        CircuitBreaker b(config);
        double now = 0;
        for (int i = 0; i < script.size(); ++i) {
            const QChar a = script[i];
            now += 1;
            if (a == QLatin1Char('+')) {
                now += 10000; // only time passes: the next call attempt moves it to half-open
            } else if (a == QLatin1Char('P')) {
                QVERIFY(b.tryAcquire(now)); // permitted, still running
            } else if (a == QLatin1Char('x')) {
                QVERIFY2(!b.tryAcquire(now), "expected a short-circuited call");
            } else if (a != QLatin1Char('.')) {
                const bool permitted = b.tryAcquire(now);
                QVERIFY2(permitted, qPrintable(QStringLiteral("call %1 refused").arg(i)));
                const bool slow = a == QLatin1Char('w');
                const bool veryFast = a == QLatin1Char('W');
                b.onResult(now, a == QLatin1Char('f'), slow ? 500 : (veryFast ? 100 : 1));
            }
            const char expected = states[i].toLatin1();
            const char actual = b.state() == State::Closed ? 'C'
                                : b.state() == State::Open ? 'O'
                                                           : 'H';
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("step %1 ('%2'): expected %3, got %4")
                                    .arg(i)
                                    .arg(a)
                                    .arg(QLatin1Char(expected))
                                    .arg(QLatin1Char(actual))));
        }
    }

    void recordsTransitionsAndOpenTime()
    {
        archsim::model::CircuitBreaker c;
        c.window = 2;
        c.min_calls = 2;
        c.open_ms = 1000;
        c.half_open_calls = 1;
        CircuitBreaker b(c);
        QVERIFY(b.tryAcquire(0));
        b.onResult(0, true, 1);
        QVERIFY(b.tryAcquire(10));
        b.onResult(10, true, 1); // opens at 10
        QVERIFY(!b.tryAcquire(500));
        QVERIFY(b.tryAcquire(1010)); // half-open at 1010
        b.onResult(1020, false, 1);  // closes at 1020
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(b.transitions().size(), size_t(3));
        QCOMPARE(b.transitions()[0].atMs, 10.0);
        QCOMPARE(b.transitions()[1].to, State::HalfOpen);
        QCOMPARE(b.openTimeMs(2000), 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestBreaker)
#include "tst_breaker.moc"
