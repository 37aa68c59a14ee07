// The HPA controller of the simulator against the Kubernetes documentation's own examples
// (kubernetes.io, "Horizontal Pod Autoscaling": algorithm details, scaling policies,
// stabilization window, default behavior).

#include "../../simulator/src/autoscale.h"

#include <QTest>

using namespace archsim;
using archsim::simulator::HpaController;

class TestAutoscale : public QObject {
    Q_OBJECT

private slots:
    void fiftyAtNinetyPercentBecomeSixty();
    void defaultScaleUpDoublesOrAddsFour();
    void noChangeInsideTheTolerance_data();
    void noChangeInsideTheTolerance();
    void scaleDownWaitsOutTheStabilizationWindow();
    void unreadyPodsCountAsIdleWhenScalingUp();
    void declaredPoliciesAndSelect();
};

namespace {

model::Autoscale hpa(int minR, int maxR, double target, double upWindow, double downWindow)
{
    model::Autoscale a;
    a.min_replicas = minR;
    a.max_replicas = maxR;
    a.target_utilization = target;
    a.scale_up_delay_s = upWindow;
    a.scale_down_delay_s = downWindow;
    return a;
}

} // namespace

void TestAutoscale::fiftyAtNinetyPercentBecomeSixty()
{
    // Kubernetes docs: "if the current metric value is 90% of the target ... 50 replicas, a
    // target of 75%": desired = ceil(50 x 0.90 / 0.75) = 60.
    HpaController c(hpa(1, 100, 0.75, 0, 300));
    const auto d = c.sync(0, 50, 50, 0.90);
    QCOMPARE(d.desired, 60);
    QCOMPARE(d.replicas, 60);
}

void TestAutoscale::defaultScaleUpDoublesOrAddsFour()
{
    // Default scale-up: 4 pods or 100% per 15 s, whichever is more, no stabilization. From 1
    // replica under a demand of 100 (target 1%, every pod busy: desired = 100 x current,
    // bounded by max 100): 5 (1+4 > 2), 10, 20, 40, 80, then 100 (the maximum).
    HpaController c(hpa(1, 100, 0.01, 0, 300));
    const int expected[] = {5, 10, 20, 40, 80, 100, 100};
    int current = 1;
    for (int step = 0; step < 7; ++step) {
        const auto d = c.sync(15.0 * step, current, current, 1.0);
        QCOMPARE(d.replicas, expected[step]);
        current = d.replicas;
    }
}

void TestAutoscale::noChangeInsideTheTolerance_data()
{
    QTest::addColumn<double>("utilization");
    QTest::addColumn<int>("replicas");
    // 10 replicas, target 75%, tolerance 0.1: |u / 0.75 - 1| <= 0.1 keeps 10.
    QTest::newRow("80% (ratio 1.067)") << 0.80 << 10;
    QTest::newRow("70% (ratio 0.933)") << 0.70 << 10;
    QTest::newRow("82.5% (ratio 1.1, the edge)") << 0.825 << 10;
    QTest::newRow("85% (ratio 1.133): ceil(11.33)") << 0.85 << 12;
}

void TestAutoscale::noChangeInsideTheTolerance()
{
    QFETCH(double, utilization);
    QFETCH(int, replicas);
    HpaController c(hpa(1, 100, 0.75, 0, 0));
    QCOMPARE(c.sync(0, 10, 10, utilization).replicas, replicas);
}

void TestAutoscale::scaleDownWaitsOutTheStabilizationWindow()
{
    // Scale-down window 300 s: the controller keeps the highest recommendation of the last
    // 300 s. The load halves at t = 165 (desired 5); the last recommendation of 10 was made at
    // t = 150 and leaves the window (t - 300, t] at t = 450: the first sync that scales down.
    HpaController c(hpa(1, 20, 0.75, 0, 300));
    int current = 10;
    for (double t = 0; t <= 600; t += 15) {
        const double u = t < 165 ? 0.75 : 0.375;
        const auto d = c.sync(t, current, current, u);
        const int expected = t < 450 ? 10 : 5;
        QVERIFY2(d.replicas == expected,
                 qPrintable(QStringLiteral("t=%1: %2 replicas, expected %3")
                                .arg(t).arg(d.replicas).arg(expected)));
        current = d.replicas;
    }
}

void TestAutoscale::unreadyPodsCountAsIdleWhenScalingUp()
{
    // 10 replicas, 5 still starting; the 5 ready ones are 100% busy against a 50% target:
    // ratio 2 with ready pods only, but 1.0 with the starting ones counted idle: no change.
    HpaController c(hpa(1, 100, 0.5, 0, 300));
    QCOMPARE(c.sync(0, 10, 5, 1.0).replicas, 10);
    // All 10 ready and 100% busy: ceil(10 x 2) = 20.
    QCOMPARE(c.sync(15, 10, 10, 1.0).replicas, 20);
}

void TestAutoscale::declaredPoliciesAndSelect()
{
    // Scale-down: 1 pod per 60 s, or 50% per 60 s; Min picks the smaller change (1 pod).
    model::Autoscale a = hpa(1, 20, 0.5, 0, 0);
    a.scale_down_policies = {{model::ScalingPolicyType::Pods, 1, 60},
                             {model::ScalingPolicyType::Percent, 50, 60}};
    a.scale_down_select = model::SelectPolicy::Min;
    HpaController c(a);
    int current = 10;
    const int expected[] = {9, 9, 9, 9, 8}; // one pod, then nothing until 60 s have passed
    for (int step = 0; step < 5; ++step) {
        current = c.sync(15.0 * step, current, current, 0.05).replicas;
        QCOMPARE(current, expected[step]);
    }
    // Disabled: no scale-up whatever the metric.
    model::Autoscale off = hpa(1, 20, 0.5, 0, 0);
    off.scale_up_select = model::SelectPolicy::Disabled;
    HpaController frozen(off);
    QCOMPARE(frozen.sync(0, 4, 4, 1.0).replicas, 4);
}

QTEST_GUILESS_MAIN(TestAutoscale)
#include "tst_autoscale.moc"
