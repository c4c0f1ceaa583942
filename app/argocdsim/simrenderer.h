#pragma once

#include "argocdapplication.h"

#include <QString>
#include <QStringList>

namespace fd::core {
class GitHistory;
}

namespace fd::argocdsim {

/** What an app's sources render to at one commit, reduced to what the simulator compares. */
struct SimRender final {
    /** "repository:tag" per image found, in source order. */
    QStringList images;
    /** The tags of images, for the broken-version check. */
    QStringList tags;
    /** Changes when any file the app reads changes; equal fingerprints are "Synced". */
    QString fingerprint;
    /** Set when a value file or kustomization does not parse or is missing (ComparisonError). */
    QString error;
};

/**
 * Reads an app's sources in this repository at a commit the way the simulator "renders" them:
 * Helm value files (the chart's values.yaml first, then valueFiles in order, later winning) for
 * the image keys, and kustomization.yaml `images:`.
 */
class SimRenderer final {
public:
    SimRenderer(const fd::core::GitHistory& history, QString repositoryKey, QString tagKey);

    SimRender render(const fd::core::ArgoCDApplication& app, const QString& commit) const;

private:
    void renderSource(const fd::core::ArgoCDSource& source, const QString& commit,
                      SimRender& render, QStringList& fingerprint) const;
    bool readHelmValues(const QString& path, const QString& commit, QString& repository,
                        QString& tag, SimRender& render, QStringList& fingerprint) const;
    void readKustomization(const QString& path, const QString& commit, SimRender& render) const;

    const fd::core::GitHistory& m_history;
    QString m_repositoryKey;
    QString m_tagKey;
};

} // namespace fd::argocdsim
