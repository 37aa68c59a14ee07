#pragma once

// Background analysis of the document: the analytic estimate (utilization, response time,
// cache hit ratios) right after each edit, and the problems (validation + lint) shortly after.
// Work runs on worker threads on a copy of the model; results older than the model are
// dropped and recomputed, so the editor never waits and never shows stale figures as fresh.

#include "archsim/model/analytic.h"
#include "archsim/model/cacheanalytic.h"
#include "archsim/model/lint.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <map>
#include <set>
#include <memory>
#include <vector>

namespace archsim::gui {

class Document;

// One finding about the model.
struct Problem {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    QString rule;       // "validate" or a lint rule id
    QString target;     // component id, link id or "schema.table"
    QString targetKind; // "component", "link", "table", "schema", "scenario" or ""
    QString message;
    QString fix;        // how to fix it, when known
    QString place;      // JSON pointer
    friend bool operator==(const Problem &, const Problem &) = default;
};

struct EstimateResult {
    model::AnalyticEstimate estimate;
    std::map<std::string, model::CacheAnalyticResult> caches; // hit ratios by cache id
};

// Remembers each cache's last analytic input and result: an edit elsewhere in the model then
// costs no cache estimate (about a millisecond each for 10^6 keys). Not thread-safe.
struct CacheMemo {
    std::map<std::string, std::pair<model::CacheAnalyticInput, model::CacheAnalyticResult>> byId;
};

// Returns the estimate of a model with cache miss ratios from the cache analytic model.
EstimateResult estimateModel(const model::Model &model, CacheMemo *memo = nullptr);
// Returns every problem of a model: validation errors, then lint findings.
std::vector<Problem> findProblems(const model::Model &model, model::Linter *linter = nullptr);

// Keeps a copy of a document's components, links and zones up to date by copying only what
// changed since the last call (an edit touches one component; copying all 2,000 components and
// 3,000 links took ~1.5 ms of the GUI thread per edit). Follows the document's signals.
class GraphShadow : public QObject {
public:
    explicit GraphShadow(Document *doc, QObject *parent = nullptr);
    // Brings `out` up to date with the document. `out` must be the model passed on every call
    // (and changed by nobody else); the first call and structural changes copy everything.
    void update(model::Model &out);

private:
    Document *m_doc;
    bool m_all = true;
    std::set<std::string> m_components;
    std::set<std::string> m_links;
};

class Analyzer : public QObject {
    Q_OBJECT
public:
    explicit Analyzer(Document *doc, QObject *parent = nullptr);
    ~Analyzer() override;

    // The latest results (nullptr before the first run finishes).
    const EstimateResult *estimate() const { return m_estimate.get(); }
    // The latest estimate of the stations, shared (nullptr before the first run finishes).
    std::shared_ptr<const model::AnalyticEstimate> estimateOfStations() const
    {
        return m_estimate ? std::shared_ptr<const model::AnalyticEstimate>(m_estimate,
                                                                          &m_estimate->estimate)
                          : nullptr;
    }
    const std::vector<Problem> &problems() const { return m_problems; }
    // Starts both analyses now instead of after the debounce.
    void runNow();
    // True from an edit until both results for it are stored (a finished worker whose result
    // has not been taken yet still counts as busy).
    bool isBusy() const { return m_estimatePending || m_problemPending
                                 || m_problemTimer.isActive() || m_estimateTimer.isActive(); }
    // Returns rich text describing the estimate of one component ("" when unknown).
    QString describe(const QString &componentId) const;

signals:
    void estimateUpdated();
    void problemsUpdated();

private:
    void startEstimate();
    void startProblems();

    Document *m_doc;
    QTimer m_estimateTimer;
    QTimer m_problemTimer;
    QFutureWatcher<std::shared_ptr<EstimateResult>> m_estimateWatcher;
    QFutureWatcher<std::vector<Problem>> m_problemWatcher;
    bool m_estimatePending = false;
    bool m_problemPending = false;
    quint64 m_estimateGen = 0;
    quint64 m_problemGen = 0;
    std::shared_ptr<EstimateResult> m_estimate;
    std::vector<Problem> m_problems;
    std::unique_ptr<model::Linter> m_linter; // used by one worker at a time
    std::unique_ptr<CacheMemo> m_cacheMemo;  // likewise
    // The problems worker's copy of the model: brought up to date on the GUI thread before
    // each run (components and links; only the schemas that changed), read by the worker.
    std::shared_ptr<model::Model> m_shadow;
    GraphShadow m_shadowGraph;
    // The estimate worker's copy of the components and links, kept the same way.
    std::shared_ptr<model::Model> m_estimateInput;
    GraphShadow m_estimateGraph;
    std::set<std::string> m_dirtySchemas;
    bool m_allSchemasDirty = true;
};

} // namespace archsim::gui
