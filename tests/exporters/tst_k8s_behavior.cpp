// The Kubernetes export says what the simulator simulated (docs/operations.md): the HPA's
// bounds, target, stabilization windows, policies and selectPolicy, defaults written out.

#include "archsim/exporters/k8s.h"

#include "deploymodels.h"

#include <QTest>

using namespace archsim;
using namespace deploytest;

class TestK8sBehavior : public QObject {
    Q_OBJECT

private slots:
    void defaultPoliciesAreWrittenOut();
    void declaredPoliciesAndSelect();
};

namespace {

std::string apiManifest(const Model &m)
{
    auto bundle = exporters::exportKubernetes(m, exporters::K8sOptions{});
    if (!bundle.ok())
        qFatal("export failed: %s", bundle.message().c_str());
    for (const auto &f : bundle->files)
        if (f.text.find("kind: HorizontalPodAutoscaler") != std::string::npos
            && f.text.find("name: api\n") != std::string::npos)
            return f.text;
    return {};
}

} // namespace

void TestK8sBehavior::defaultPoliciesAreWrittenOut()
{
    const std::string text = apiManifest(shopModel()); // api: autoscale {3, 10, 0.7, 30, 300}
    QVERIFY2(!text.empty(), "no HPA for api");
    const char *expected =
        "  behavior:\n"
        "    scaleUp:\n"
        "      stabilizationWindowSeconds: 30\n"
        "      selectPolicy: Max\n"
        "      policies:\n"
        "        - type: Pods\n"
        "          value: 4\n"
        "          periodSeconds: 15\n"
        "        - type: Percent\n"
        "          value: 100\n"
        "          periodSeconds: 15\n"
        "    scaleDown:\n"
        "      stabilizationWindowSeconds: 300\n"
        "      selectPolicy: Max\n"
        "      policies:\n"
        "        - type: Percent\n"
        "          value: 100\n"
        "          periodSeconds: 15\n";
    QVERIFY2(text.find(expected) != std::string::npos, text.c_str());
    QVERIFY(text.find("minReplicas: 3") != std::string::npos);
    QVERIFY(text.find("maxReplicas: 10") != std::string::npos);
    QVERIFY(text.find("averageUtilization: 70") != std::string::npos);
}

void TestK8sBehavior::declaredPoliciesAndSelect()
{
    Model m = shopModel();
    for (auto &c : m.components)
        if (c.id == "api") {
            c.deploy.autoscale->scale_down_policies = {{ScalingPolicyType::Pods, 1, 60}};
            c.deploy.autoscale->scale_up_select = SelectPolicy::Disabled;
            c.deploy.autoscale->scale_down_select = SelectPolicy::Min;
        }
    const std::string text = apiManifest(m);
    QVERIFY(text.find("      selectPolicy: Disabled\n") != std::string::npos);
    QVERIFY2(text.find("      selectPolicy: Min\n      policies:\n        - type: Pods\n"
                       "          value: 1\n          periodSeconds: 60\n") != std::string::npos,
             text.c_str());
}

QTEST_GUILESS_MAIN(TestK8sBehavior)
#include "tst_k8s_behavior.moc"
