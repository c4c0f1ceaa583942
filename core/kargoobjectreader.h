#pragma once

#include "finding.h"
#include "kargomodel.h"

#include <optional>

namespace fd::core {

struct Manifest;

/**
 * Reads one Kargo manifest into its value type, adding a finding for each field that is missing,
 * malformed or deprecated. Returns nothing for an object that cannot be used at all (no name).
 * Private helper of KargoManifests.
 */
class KargoObjectReader final {
public:
    explicit KargoObjectReader(Findings& findings)
        : m_findings(findings) {}

    std::optional<KargoProject> project(const Manifest& manifest);
    std::optional<KargoProjectConfig> projectConfig(const Manifest& manifest);
    std::optional<KargoWarehouse> warehouse(const Manifest& manifest);
    std::optional<KargoStage> stage(const Manifest& manifest);
    std::optional<KargoPromotionTask> promotionTask(const Manifest& manifest);

private:
    bool readIdentity(const Manifest& manifest, bool namespaced);
    FreightRequest freightRequest(const YamlValue& value, const QString& path);
    WarehouseSubscription subscription(const YamlValue& value, const QString& path);
    PromotionPolicy promotionPolicy(const YamlValue& value, const QString& path);
    QList<PromotionStep> steps(const YamlValue& value, const QString& path, bool inTask);
    PromotionStep step(const YamlValue& value, const QString& path, bool inTask);
    QList<KargoVar> vars(const YamlValue& value, const QString& path);
    QStringList strings(const YamlValue& value, const QString& path);
    std::optional<std::chrono::nanoseconds> duration(const YamlValue& value, const QString& path);
    QString deprecated(const YamlValue& value, const QString& path, const QString& instead);

    void add(Finding::Severity severity, const QString& code, const QString& message,
             const YamlValue& where);
    void missing(const YamlValue& where, const QString& path);
    void invalid(const YamlValue& where, const QString& path, const QString& why);

    Findings& m_findings;
    // "Stage dev" of the manifest being read, to start messages with.
    QString m_subject;
};

} // namespace fd::core
