#include "analysistemplate.h"

#include "goduration.h"
#include "jsoncondition.h"
#include "manifestscan.h"

#include <QRegularExpression>

namespace fd::core {

namespace {

Error cannotRun(const AnalysisTemplate& analysis, const AnalysisMetric& metric,
                const QString& why) {
    return Error{
        Error::Kind::Unsupported,
        QStringLiteral("analysis template %1, metric %2: %3").arg(analysis.name, metric.name, why),
        metric.position.toString()};
}

std::chrono::seconds seconds(const YamlValue& value, std::chrono::seconds fallback) {
    const auto parsed = parseGoDuration(value.scalar());
    return parsed ? std::chrono::duration_cast<std::chrono::seconds>(*parsed) : fallback;
}

/**
 * `result`, `result.a.b` or `result[0]` compared with a literal (or alone), over the metric's
 * jsonPath: the JsonCondition it means; empty when the expression is beyond that.
 */
QString conditionOver(const QString& jsonPath, const QString& expression, bool negate) {
    static const QRegularExpression shape(QStringLiteral(
        R"(^\s*result((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*$)"));
    const QRegularExpressionMatch match = shape.match(expression);
    if (!match.hasMatch() || (negate && match.captured(2).isEmpty()))
        return {};
    QString path = jsonPath.trimmed();
    if (path.startsWith(u'{') && path.endsWith(u'}'))
        path = path.mid(1, path.size() - 2).trimmed();
    if (path.isEmpty())
        path = QStringLiteral("$");
    QString op = match.captured(2);
    if (negate) {
        static const QHash<QString, QString> opposite{{QStringLiteral("=="), QStringLiteral("!=")},
                                                      {QStringLiteral("!="), QStringLiteral("==")},
                                                      {QStringLiteral("<"), QStringLiteral(">=")},
                                                      {QStringLiteral(">="), QStringLiteral("<")},
                                                      {QStringLiteral(">"), QStringLiteral("<=")},
                                                      {QStringLiteral("<="), QStringLiteral(">")}};
        op = opposite.value(op);
    }
    QString condition = path + match.captured(1);
    if (!op.isEmpty())
        condition += u' ' + op + u' ' + match.captured(3);
    return JsonCondition::parse(condition) ? condition : QString();
}

} // namespace

std::optional<AnalysisTemplate> AnalysisTemplate::read(const Manifest& manifest,
                                                       Findings& findings) {
    if (manifest.name.isEmpty())
        return std::nullopt;
    AnalysisTemplate analysis;
    analysis.name = manifest.name;
    analysis.namespaceName =
        manifest.kind == u"ClusterAnalysisTemplate" ? QString() : manifest.namespaceName;
    analysis.position = SourcePosition::of(manifest.object);
    const YamlValue spec = manifest.spec();
    for (const YamlValue& arg : spec["args"].items()) {
        KargoVar var{arg["name"].scalar(), std::nullopt, SourcePosition::of(arg)};
        if (arg["value"].isDefined())
            var.value = arg["value"].scalar();
        analysis.args.append(var);
    }
    for (const YamlValue& item : spec["metrics"].items()) {
        AnalysisMetric metric;
        metric.name = item["name"].scalar();
        metric.position = SourcePosition::of(item);
        const QStringList providers = item["provider"].keys();
        metric.provider = providers.value(0);
        const YamlValue web = item["provider"]["web"];
        metric.url = web["url"].scalar();
        metric.method = web["method"].isDefined() ? web["method"].scalar() : QStringLiteral("GET");
        metric.jsonPath = web["jsonPath"].scalar();
        metric.hasHeaders = !web["headers"].items().isEmpty();
        metric.insecure = web["insecure"].toBool(false);
        if (web["timeoutSeconds"].isDefined())
            metric.timeout = std::chrono::seconds(web["timeoutSeconds"].scalar().toInt());
        metric.successCondition = item["successCondition"].scalar();
        metric.failureCondition = item["failureCondition"].scalar();
        metric.interval = seconds(item["interval"], std::chrono::seconds(0));
        metric.count = item["count"].scalar().toInt();
        metric.failureLimit = item["failureLimit"].scalar().toInt();
        analysis.metrics.append(metric);
    }
    if (analysis.metrics.isEmpty())
        findings.append({Finding::Severity::Warning, QStringLiteral("missing-field"),
                         QStringLiteral("analysis template %1 has no metrics").arg(analysis.name),
                         analysis.position.toString()});
    return analysis;
}

Result<QList<HttpCheckSpec>> AnalysisTemplate::httpChecks(const QList<KargoVar>& stageArgs) const {
    QHash<QString, QString> values;
    for (const KargoVar& arg : args) {
        if (arg.value)
            values.insert(arg.name, *arg.value);
    }
    for (const KargoVar& arg : stageArgs) {
        if (arg.value)
            values.insert(arg.name, *arg.value);
    }
    QList<HttpCheckSpec> checks;
    for (const AnalysisMetric& metric : metrics) {
        if (metric.provider != u"web")
            return cannotRun(*this, metric,
                             QStringLiteral("Freightdesk runs web metrics only, not %1")
                                 .arg(metric.provider.isEmpty() ? QStringLiteral("this provider")
                                                                : metric.provider));
        if (metric.method.compare(u"GET", Qt::CaseInsensitive) != 0 || metric.hasHeaders)
            return cannotRun(*this, metric,
                             QStringLiteral("Freightdesk sends plain GET requests, without the "
                                            "method or headers this metric needs"));
        QString url = metric.url;
        static const QRegularExpression placeholder(
            QStringLiteral(R"(\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\})"));
        for (QRegularExpressionMatch match = placeholder.match(url); match.hasMatch();
             match = placeholder.match(url)) {
            if (!values.contains(match.captured(1)))
                return cannotRun(
                    *this, metric,
                    QStringLiteral("argument '%1' has no value").arg(match.captured(1)));
            url.replace(match.capturedStart(), match.capturedLength(),
                        values.value(match.captured(1)));
        }
        if (url.contains(QStringLiteral("{{")))
            return cannotRun(*this, metric,
                             QStringLiteral("its URL uses placeholders other than {{args.*}}"));
        const bool negate = metric.successCondition.isEmpty();
        const QString condition = conditionOver(
            metric.jsonPath, negate ? metric.failureCondition : metric.successCondition, negate);
        if (condition.isEmpty() &&
            !(metric.successCondition.isEmpty() && metric.failureCondition.isEmpty()))
            return cannotRun(*this, metric,
                             QStringLiteral("its condition '%1' is beyond a comparison of result "
                                            "with a value")
                                 .arg(negate ? metric.failureCondition : metric.successCondition));
        HttpCheckSpec check;
        check.url = url;
        check.jsonCondition = condition;
        check.timeout = metric.timeout;
        check.insecure = metric.insecure;
        // Argo Rollouts takes `count` measurements `interval` apart and fails past failureLimit.
        check.measurements = std::max(1, metric.count);
        check.failureLimit = metric.failureLimit;
        if (metric.interval.count() > 0)
            check.interval = metric.interval;
        check.location = metric.position.toString();
        checks.append(check);
    }
    return checks;
}

} // namespace fd::core
