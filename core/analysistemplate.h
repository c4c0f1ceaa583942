#pragma once

#include "finding.h"
#include "kargomodel.h"
#include "result.h"
#include "stageverification.h"

#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace fd::core {

struct Manifest;

/** One `spec.metrics[]` entry of an Argo Rollouts AnalysisTemplate, as Kargo verification runs it. */
struct AnalysisMetric final {
    QString name;
    /** The provider's key: "web", "prometheus", "job", "datadog", ... */
    QString provider;
    // web: the request and where in the answer `result` is.
    QString url;
    QString method;
    QString jsonPath;
    bool hasHeaders = false;
    bool insecure = false;
    std::chrono::seconds timeout{10};
    QString successCondition;
    QString failureCondition;
    std::chrono::seconds interval{0};
    int count = 0;
    int failureLimit = 0;
    SourcePosition position;
};

/**
 * An AnalysisTemplate or ClusterAnalysisTemplate that a Kargo Stage names under
 * `spec.verification.analysisTemplates`. Freightdesk runs what maps onto its HTTP checks: `web`
 * metrics whose condition compares `result` (or a field of it) with a value. Anything else is
 * said in words by httpChecks(), and the stage is then verified by hand.
 */
struct AnalysisTemplate final {
    QString name;
    QString namespaceName; // empty for a ClusterAnalysisTemplate
    QList<KargoVar> args;  // with their default values
    QList<AnalysisMetric> metrics;
    SourcePosition position;

    static std::optional<AnalysisTemplate> read(const Manifest& manifest, Findings& findings);

    /**
     * The HTTP checks that run this template with @p stageArgs (a Stage's `verification.args`
     * over the template's defaults), or why Freightdesk cannot run it.
     */
    Result<QList<HttpCheckSpec>> httpChecks(const QList<KargoVar>& stageArgs) const;
};

} // namespace fd::core
