#pragma once

#include "freight.h"
#include "valuespush.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd::core {

/** One stage of a release train: the freight it takes from upstream, or why it takes none. */
struct TrainCar final {
    enum class Action { Promote, Skip, Refuse };

    Action action = Action::Refuse;
    QString service;
    QString stage;
    /** The stages the freight was read from (the upstream ones, or those in --from). */
    QStringList from;
    /** The freight to move; absent when it could not be decided (see reason). */
    std::optional<Freight> freight;
    /** What the stage runs now (its target's version); empty when it has none yet. */
    QString currentVersion;
    QList<ValueEdit> edits;
    /** Who approved the freight for the stage (the promotion's Approved-By trailers). */
    QStringList approvers;
    /** Skip: why nothing moves; Refuse: why it may not; empty for Promote. */
    QString reason;

    /** The versions the edits write, each once ("1.2.0"). */
    QStringList versions() const;
    /** "promote", "skip" or "refuse". */
    QString actionName() const;
};

/**
 * Several services' freight moving into one environment as one commit: the cars in pipeline
 * order. The train goes only when no car is refused; skipped cars (already there) ride along
 * without edits.
 */
struct TrainPlan final {
    QString environment;
    /** The branch the stages write; empty: the repository's branch. */
    QString branch;
    QList<TrainCar> cars;

    bool refused() const;
    /** Cars that move freight. */
    QList<TrainCar> moving() const;
    /** Every moving car's edits, in car order. */
    QList<ValueEdit> edits() const;
    /** "service: reason" per refused car, one a line. */
    QString refusals() const;
    /**
     * The commit: "Promote to prod: api 1.2.0, web 2.0" with a line per car, and per moving car
     * the trailers a single promotion writes (Freight, Freight-Alias, Stage, Approved-By), in
     * that order, after one `Freightdesk-Train: <environment>`.
     */
    PushRequest request(const QString& defaultBranch) const;
};

} // namespace fd::core
