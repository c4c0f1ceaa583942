#pragma once

#include "freightartifact.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace fd::core {

/** Where a freight stands in one stage (the state itself comes from promotion, later). */
struct FreightStageState final {
    bool current = false;
    bool verified = false;
    bool approved = false;

    bool operator==(const FreightStageState&) const = default;
};

/**
 * One version of each artifact a Warehouse subscribes to: the unit that moves through stages.
 * Its ID is the one Kargo gives the same artifacts (see freightId()), so both agree on identity.
 */
struct Freight final {
    QString id;
    QString alias;
    /** The Freightdesk service it belongs to. */
    QString service;
    /** The Warehouse it comes from (Kargo's origin kind is always Warehouse). */
    QString origin;
    QList<FreightArtifact> artifacts;
    QDateTime discoveredAt;
    /** Stage name → state. */
    QMap<QString, FreightStageState> stages;

    /** A freight with its ID and alias computed from @p origin and @p artifacts. */
    static Freight make(QString service, QString origin, QList<FreightArtifact> artifacts,
                        QDateTime discoveredAt);

    /** The CLI's JSON: id, alias, service, origin {kind, name}, artifacts, discoveredAt, stages. */
    QJsonObject toJson() const;
    static Result<Freight> fromJson(const QJsonObject& json);

    bool operator==(const Freight&) const = default;
};

} // namespace fd::core
