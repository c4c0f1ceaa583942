#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>

namespace fd::core {

/** One artifact version in a freight: an image tag and digest, a chart version, a commit. */
struct FreightArtifact final {
    enum class Kind { Image, Chart, Commit };

    Kind kind = Kind::Image;
    QString repoURL;
    /** Image: the tag. Commit: the tag it was selected by, if any. */
    QString tag;
    /** Image: the manifest digest ("sha256:..."). */
    QString digest;
    /** Chart: the version. */
    QString version;
    /** Chart: the name in a classic chart repository; empty for OCI charts. */
    QString name;
    /** Commit: the full commit ID. */
    QString id;

    static FreightArtifact image(QString repoURL, QString tag, QString digest);
    static FreightArtifact chart(QString repoURL, QString name, QString version);
    static FreightArtifact commit(QString repoURL, QString id, QString tag = {});

    /** "image", "chart" or "commit". */
    QString kindName() const;
    /** The text Kargo hashes for this artifact in a freight ID (its URL normalisation included). */
    QString identityPart() const;

    /** {kind, repoURL, then tag+digest, name?+version, or id+tag?}. */
    QJsonObject toJson() const;
    static Result<FreightArtifact> fromJson(const QJsonObject& json);

    bool operator==(const FreightArtifact&) const = default;
};

} // namespace fd::core
