#include "verificationconfig.h"

#include "configfindings.h"
#include "goduration.h"
#include "jsoncondition.h"
#include "yamlvalue.h"

#include <QUrl>

#include <optional>

namespace fd::core {

namespace {

void invalid(Findings& findings, const QString& message, const YamlValue& where) {
    findings.append(
        configFinding(Finding::Severity::Error, QStringLiteral("invalid-value"), message, where));
}

/** A Go duration ("30s", "2m"); nullopt (and a finding) when it is not one. */
std::optional<std::chrono::seconds> duration(const YamlValue& value, const QString& field,
                                             Findings& findings) {
    const auto parsed = parseGoDuration(value.scalar());
    if (!parsed || parsed->count() < 0) {
        invalid(findings,
                QStringLiteral("%1 '%2' is not a duration such as 30s, 2m or 1h30m")
                    .arg(field, value.scalar()),
                value);
        return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(*parsed);
}

std::optional<HttpCheckSpec> readHttpCheck(const YamlValue& item, Findings& findings) {
    warnUnknownKeys(item,
                    {QStringLiteral("url"), QStringLiteral("status"), QStringLiteral("json"),
                     QStringLiteral("timeout"), QStringLiteral("within"), QStringLiteral("every"),
                     QStringLiteral("insecure")},
                    findings);
    HttpCheckSpec check;
    check.location = item.location();
    check.url = item.isScalar() ? item.scalar() : item["url"].scalar();
    const QUrl url(check.url, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
        url.host().isEmpty()) {
        invalid(findings,
                QStringLiteral("an HTTP check needs an http:// or https:// url (got '%1')")
                    .arg(check.url),
                item);
        return std::nullopt;
    }
    if (item.isScalar())
        return check;
    if (const YamlValue status = item["status"]; status.isDefined()) {
        bool ok = false;
        check.expectedStatus = status.scalar().toInt(&ok);
        if (!ok || check.expectedStatus < 100 || check.expectedStatus > 599) {
            invalid(findings,
                    QStringLiteral("status '%1' is not an HTTP status code").arg(status.scalar()),
                    status);
            return std::nullopt;
        }
    }
    if (const YamlValue json = item["json"]; json.isDefined()) {
        check.jsonCondition = json.scalar();
        if (auto condition = JsonCondition::parse(check.jsonCondition); !condition) {
            invalid(findings, condition.error().message, json);
            return std::nullopt;
        }
    }
    const std::pair<const char*, std::chrono::seconds*> durations[] = {
        {"timeout", &check.timeout}, {"within", &check.within}, {"every", &check.interval}};
    for (const auto& [field, target] : durations) {
        const QString name = QString::fromLatin1(field);
        if (!item[name].isDefined())
            continue;
        const auto value = duration(item[name], name, findings);
        if (!value)
            return std::nullopt;
        *target = *value;
    }
    if (check.timeout.count() == 0 || check.interval.count() == 0) {
        invalid(findings, QStringLiteral("timeout and every must be longer than 0s"), item);
        return std::nullopt;
    }
    check.insecure = item["insecure"].toBool(false);
    return check;
}

} // namespace

StageVerification readVerification(const YamlValue& block, Findings& findings) {
    StageVerification verification;
    verification.location = block.location();
    warnUnknownKeys(block,
                    {QStringLiteral("http"), QStringLiteral("soak"), QStringLiteral("manual")},
                    findings);
    const YamlValue http = block["http"];
    const QList<YamlValue> checks = http.isSequence() ? http.items() : QList<YamlValue>{http};
    for (const YamlValue& item : checks) {
        if (!item.isDefined())
            continue;
        if (auto check = readHttpCheck(item, findings))
            verification.httpChecks.append(*check);
    }
    if (block["soak"].isDefined()) {
        if (const auto soak = duration(block["soak"], QStringLiteral("soak"), findings))
            verification.soak = *soak;
    }
    verification.manual = block["manual"].toBool(false);
    return verification;
}

} // namespace fd::core
