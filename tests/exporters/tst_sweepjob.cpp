// export sweep-job (issue 23): the Indexed Job, its merge Job, the ConfigMap with the model and
// the spec, the parts volume and the deny-all policy, valid against the strict v1.30 schemas,
// with the same secure defaults as the k8s export.

#include "deploytestutil.h"
#include "testutil.h"

#include "archsim/exporters/sweepjob.h"
#include "archsim/model/io.h"

#include <QFileInfo>
#include <QtTest>

using namespace archsim;
using deploytest::documents;
using deploytest::run;
using deploytest::writeTo;

namespace {

model::Model example()
{
    auto m = model::loadModel(test::sourceDir().toStdString() +
                              "/resources/examples/ecommerce.json");
    if (!m.ok())
        qFatal("%s", m.message().c_str());
    return m.value();
}

std::string exampleSpec()
{
    return test::readAll(test::sourceDir() +
                         QStringLiteral("/resources/sweeps/ecommerce-peak.json"));
}

exporters::Bundle exportOrFail(const exporters::SweepJobOptions &o)
{
    const auto m = example();
    auto b = exporters::exportSweepJob(m, model::toJson(m), exampleSpec(), o);
    if (!b.ok())
        qFatal("%s", b.message().c_str());
    return b.value();
}

YAML::Node byKind(const exporters::Bundle &b, const std::string &kind, const std::string &name)
{
    for (const auto &d : documents(b))
        if (d["kind"].as<std::string>() == kind && d["metadata"]["name"].as<std::string>() == name)
            return d;
    qFatal("no %s %s", kind.c_str(), name.c_str());
}

std::vector<std::string> strings(const YAML::Node &seq)
{
    std::vector<std::string> out;
    for (const auto &s : seq)
        out.push_back(s.as<std::string>());
    return out;
}

} // namespace

class TestSweepJob : public QObject {
    Q_OBJECT
private slots:
    void passesTheStrictSchemas()
    {
        const QString python = QStringLiteral(ARCHSIM_PYTHON3);
        const QString tool = QStringLiteral(ARCHSIM_K8S_VALIDATE);
        const QString schemas = QStringLiteral(ARCHSIM_K8S_SCHEMAS);
        QVERIFY2(QFileInfo(python).isExecutable(),
                 "CMake found no Python 3 that imports jsonschema and yaml: install "
                 "python3-jsonschema and python3-yaml (scripts/deps.sh test)");
        exporters::SweepJobOptions o;
        o.image = "registry.example.com/archsim-cli:0.1.0";
        o.shards = 6;
        o.parallelism = 3;
        o.threads = 2;
        o.storageClass = "nfs-client";
        const auto b = exportOrFail(o);
        QCOMPARE(b.files.size(), size_t(5));
        QTemporaryDir dir;
        const QStringList files = writeTo(b, dir.path());
        QCOMPARE(files.size(), qsizetype(5));
        const auto r = run(python, QStringList{tool, schemas} + files);
        QVERIFY2(r.started && r.exitCode == 0, qPrintable(r.output));
        QCOMPARE(r.output.count(QStringLiteral(": OK")), 5);
    }

    // The Indexed Job runs one shard per index and writes its part where the merge reads it.
    void indexedJobRunsEveryShard()
    {
        exporters::SweepJobOptions o;
        o.image = "registry.example.com/archsim-cli:0.1.0";
        o.shards = 4;
        o.parallelism = 9; // more than the shards: capped
        const auto b = exportOrFail(o);
        const auto job = byKind(b, "Job", "archsim-sweep");
        const auto &spec = job["spec"];
        QCOMPARE(spec["completionMode"].as<std::string>(), std::string("Indexed"));
        QCOMPARE(spec["completions"].as<int>(), 4);
        QCOMPARE(spec["parallelism"].as<int>(), 4);
        QCOMPARE(spec["backoffLimitPerIndex"].as<int>(), 2);
        const auto &pod = spec["template"]["spec"];
        QCOMPARE(pod["restartPolicy"].as<std::string>(), std::string("Never"));
        const auto &c = pod["containers"][0];
        const auto args = strings(c["args"]);
        const std::vector<std::string> expected = {
            "sweep", "/input/model.json", "--spec", "/input/spec.json", "--shard", "4",
            "--threads", "1", "--format", "json", "-o",
            "/parts/part-$(JOB_COMPLETION_INDEX).json"};
        QCOMPARE(args, expected);
        QCOMPARE(c["env"][0]["name"].as<std::string>(), std::string("JOB_COMPLETION_INDEX"));

        const auto merge = byKind(b, "Job", "archsim-sweep-merge");
        const auto margs = strings(merge["spec"]["template"]["spec"]["containers"][0]["args"]);
        const std::vector<std::string> mexpected = {
            "sweep", "merge", "/parts/part-0.json", "/parts/part-1.json", "/parts/part-2.json",
            "/parts/part-3.json", "--format", "json", "-o", "/parts/result.json"};
        QCOMPARE(margs, mexpected);

        // The ConfigMap holds exactly the model and the spec the pods read.
        const auto cm = byKind(b, "ConfigMap", "archsim-sweep-input");
        const auto m = example();
        QCOMPARE(cm["data"]["model.json"].as<std::string>(), model::toJson(m));
        QCOMPARE(cm["data"]["spec.json"].as<std::string>(), exampleSpec());
        const auto pvc = byKind(b, "PersistentVolumeClaim", "archsim-sweep-parts");
        QCOMPARE(strings(pvc["spec"]["accessModes"]),
                 std::vector<std::string>{"ReadWriteMany"});
    }

    // Non-root, read-only root file system, no capabilities, requests and limits, no token,
    // and a policy that lets nothing in or out.
    void secureDefaults()
    {
        exporters::SweepJobOptions o;
        o.image = "registry.example.com/archsim-cli:0.1.0";
        o.shards = 2;
        const auto b = exportOrFail(o);
        for (const char *name : {"archsim-sweep", "archsim-sweep-merge"}) {
            const auto pod = byKind(b, "Job", name)["spec"]["template"]["spec"];
            QCOMPARE(pod["automountServiceAccountToken"].as<bool>(), false);
            QCOMPARE(pod["securityContext"]["runAsNonRoot"].as<bool>(), true);
            QVERIFY(pod["securityContext"]["runAsUser"].as<int>() > 0);
            const auto c = pod["containers"][0];
            const auto sc = c["securityContext"];
            QCOMPARE(sc["readOnlyRootFilesystem"].as<bool>(), true);
            QCOMPARE(sc["allowPrivilegeEscalation"].as<bool>(), false);
            QCOMPARE(strings(sc["capabilities"]["drop"]), std::vector<std::string>{"ALL"});
            for (const char *k : {"requests", "limits"})
                for (const char *r : {"cpu", "memory"})
                    QVERIFY2(c["resources"][k][r].IsDefined(), name);
        }
        const auto policy = byKind(b, "NetworkPolicy", "archsim-sweep-deny-all");
        QCOMPARE(strings(policy["spec"]["policyTypes"]),
                 (std::vector<std::string>{"Ingress", "Egress"}));
        QVERIFY(!policy["spec"]["ingress"].IsDefined() && !policy["spec"]["egress"].IsDefined());
    }

    void badOptionsAreRefused_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<int>("shards");
        QTest::addColumn<QString>("place");
        QTest::newRow("no image") << QString() << 2 << QStringLiteral("--image");
        QTest::newRow("no shards") << QStringLiteral("img") << 0 << QStringLiteral("--shards");
    }

    void badOptionsAreRefused()
    {
        QFETCH(QString, image);
        QFETCH(int, shards);
        QFETCH(QString, place);
        exporters::SweepJobOptions o;
        o.image = image.toStdString();
        o.shards = shards;
        const auto m = example();
        auto b = exporters::exportSweepJob(m, model::toJson(m), exampleSpec(), o);
        QVERIFY(!b.ok());
        QCOMPARE(QString::fromStdString(b.diagnostics().front().place), place);
    }
};

QTEST_GUILESS_MAIN(TestSweepJob)
#include "tst_sweepjob.moc"
