#pragma once

#include "argocdapplication.h"
#include "finding.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace fd::core {

class ManifestScan;
class RepositoryFiles;
class YamlValue;

/** How an Application reads a repository path. */
struct ArgoCDPathUse final {
    enum class Via {
        SourceFolder, // the path is, holds or lies in a source's folder (a chart, an overlay)
        ValueFile,    // the path is, or holds, a Helm value file of the app
    };

    /** Index into ArgoCDApps::applications(). */
    int application = -1;
    /** Index into that application's sources: the source whose folder or value file it is. */
    int source = -1;
    Via via = Via::SourceFolder;
    /** The source folder or value file the use is about. */
    QString path;
    /** The branch or tag it is read at, as written ("" is the repository's HEAD). */
    QString revision;
};

/**
 * The Argo CD side of a GitOps repository, read without configuration from its manifests:
 * `argoproj.io` Applications, ApplicationSets expanded into the Applications they generate
 * (see ApplicationSetExpander), and AppProjects. Tells which app reads which folder or values
 * file of this repository at which revision, and which apps a Kargo stage may manage.
 *
 * A source is this repository when its `repoURL` names one of the caller's URLs (https and
 * ssh spellings alike); with no URL (a local folder) when the paths it reads exist here, which
 * is reported once as a note. Never fails as a whole: problems are findings.
 */
class ArgoCDApps final {
public:
    /**
     * Reads the Argo CD objects of @p scan; @p files are the repository they were scanned from
     * and @p repositoryUrls its remote addresses (empty for a local folder).
     */
    static ArgoCDApps read(const ManifestScan& scan, const RepositoryFiles& files,
                           const QStringList& repositoryUrls);

    /** Applications in file order; generated ones at their ApplicationSet's place. */
    const QList<ArgoCDApplication>& applications() const { return m_applications; }
    const QList<ArgoCDProject>& projects() const { return m_projects; }
    const Findings& findings() const { return m_findings; }

    /**
     * Who reads @p path (a file or folder of this repository, `/` and `./` tolerated): apps
     * whose value file is it or lies under it, and apps whose source folder holds it, is it or
     * lies under it. With @p revision, only uses at that branch or tag ("" is HEAD).
     */
    QList<ArgoCDPathUse> readersOf(const QString& path,
                                   const std::optional<QString>& revision = {}) const;
    /** The distinct applications of readersOf(), in file order. */
    QList<ArgoCDApplication> applicationsReading(const QString& path,
                                                 const std::optional<QString>& revision = {}) const;
    /** Applications called @p name, or the one named by "namespace/name". */
    QList<ArgoCDApplication> named(const QString& name) const;
    /** Applications a Kargo stage may manage; @p projectAndStage is "project:stage". */
    QList<ArgoCDApplication> authorizedFor(const QString& projectAndStage) const;
    /** The AppProject called @p name, or nullptr. */
    const ArgoCDProject* project(const QString& name) const;

private:
    void readProject(const YamlValue& object);
    void addFinding(const Finding& finding);
    void buildIndexes();
    /** Applications that may read @p path (ascending; readersOf() decides). */
    QList<int> candidatesReading(const QString& path) const;

    QList<ArgoCDApplication> m_applications;
    QList<ArgoCDProject> m_projects;
    Findings m_findings;
    // Discovery asks once per stage and target: without these, a repository with a thousand
    // stages and a thousand apps spends a second in linear scans.
    QHash<QString, QList<int>> m_appsByPath;             // every source folder and value file
    std::vector<std::pair<QString, int>> m_pathsInOrder; // the same, sorted: "under" queries
    QHash<QString, QList<int>> m_appsByAuthorizedStage;  // "project:stage" written plainly
    QList<int> m_appsAuthorizedByGlob;                   // any other authorized-stage entry
};

} // namespace fd::core
