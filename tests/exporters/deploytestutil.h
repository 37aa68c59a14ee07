#pragma once

// Helpers of the deployment exporter tests: write a bundle to a temporary folder, parse its
// YAML back with yaml-cpp (an independent reader), and run external validators.

#include "archsim/exporters/bundle.h"
#include "archsim/model/io.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace deploytest {

// Returns a scalar's text, or "" for a missing node.
inline std::string str(const YAML::Node &n) { return n ? n.as<std::string>() : std::string(); }

// Loads resources/examples/<file>; stops the test program when it does not load.
inline archsim::model::Model loadExample(const std::string &file)
{
    auto loaded =
        archsim::model::loadModel(std::string(ARCHSIM_SOURCE_DIR "/resources/examples/") + file);
    if (!loaded.ok())
        qFatal("%s", loaded.message().c_str());
    return loaded.value();
}

// Returns the component with that id; stops the test program when there is none.
inline archsim::model::Component &component(archsim::model::Model &m, const std::string &id)
{
    for (auto &c : m.components)
        if (c.id == id)
            return c;
    qFatal("no component %s", id.c_str());
}

struct ProcessResult {
    int exitCode = -1;
    QString output; // stdout and stderr
    bool started = false;
};

// Runs a program to completion (two minutes at most) and returns its exit code and output.
inline ProcessResult run(const QString &program, const QStringList &args,
                         const QString &workDir = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    ProcessResult r;
    r.started = p.waitForStarted(10000);
    if (!r.started) {
        r.output = program + ": " + p.errorString();
        return r;
    }
    p.waitForFinished(120000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromUtf8(p.readAll());
    return r;
}

// Writes the bundle under `dir` and returns the absolute paths of the files it wrote.
inline QStringList writeTo(const archsim::exporters::Bundle &bundle, const QString &dir)
{
    QStringList paths;
    auto status = archsim::exporters::writeBundle(bundle, dir.toStdString());
    if (!status.ok())
        return {};
    for (const auto &f : bundle.files)
        paths << dir + "/" + QString::fromStdString(f.path);
    return paths;
}

// Returns every YAML document of every .yaml file of a bundle (throws on a YAML error).
inline std::vector<YAML::Node> documents(const archsim::exporters::Bundle &bundle)
{
    std::vector<YAML::Node> docs;
    for (const auto &f : bundle.files) {
        if (f.path.size() < 5 || f.path.substr(f.path.size() - 5) != ".yaml")
            continue;
        for (auto &d : YAML::LoadAll(f.text))
            if (d && !d.IsNull())
                docs.push_back(d);
    }
    return docs;
}

} // namespace deploytest
