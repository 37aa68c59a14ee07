#pragma once

// The runs of the open project: stored in its .archsim file (model/runstore.h) and reopened
// with it. A model that is not (yet) an .archsim file keeps its runs in memory until it is
// saved as one; then they are written to the file too.

#include "runtimeline.h"

#include "archsim/model/runstore.h"
#include "archsim/simulator/simulation.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace archsim::gui {

class Document;

// One run of the project, stored or not.
struct ProjectRun {
    model::RunRecord record;  // record.id == 0 while only in memory
    std::shared_ptr<const simulator::SimulationResult> result; // parsed on first use
    QString title() const;    // "#3 db-failover · 600 s · seed 1 · 10:21"
};

class RunLibrary : public QObject {
    Q_OBJECT
public:
    explicit RunLibrary(Document *doc, QObject *parent = nullptr);

    const std::vector<ProjectRun> &runs() const { return m_runs; }
    // Adds a finished run: written to the project file when it is an .archsim file.
    // Returns false with `error` set when the file refused it (the run stays in memory).
    bool add(const simulator::SimulationResult &result, const QString &optionsJson,
             QString *error = nullptr);
    // Deletes a run (from the file too).
    bool remove(int index, QString *error = nullptr);
    // Returns the parsed result of run `index`, or nullptr with `error` set.
    std::shared_ptr<const simulator::SimulationResult> result(int index, QString *error = nullptr);
    // Re-reads the runs of the document's file (after open or save).
    void reload();
    // True when the document's file keeps runs (an .archsim file).
    bool persistent() const;
    // The last error of a file operation ("" when none).
    QString lastError() const { return m_error; }

signals:
    void changed();

private:
    void storePending();

    Document *m_doc;
    QString m_path; // the file the runs were read from
    std::vector<ProjectRun> m_runs;
    QString m_error;
};

// Returns the layout of a finished run: its own columns, the scenario's events from `model`
// when it still has that scenario.
RunLayout layoutOfResult(const simulator::SimulationResult &result, const model::Model &model);

} // namespace archsim::gui
