#pragma once

#include "argocdapplication.h"
#include "finding.h"
#include "yamlvalue.h"

#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

namespace fd::core {

class RepositoryFiles;

/**
 * Reads one Application (an `argoproj.io` Application object, or an ApplicationSet's
 * `template`) into an ArgoCDApplication: its sources tied to this repository, value files
 * resolved as Argo CD's repo server resolves them (`/x` from the repository root, `x` and
 * `../x` from the source path, `$ref/x` from the root of the `ref` source), and what is wrong
 * with it as findings. A helper of ArgoCDApps.
 */
class ArgoCDAppReader final {
public:
    /** Every string is read through this, so an ApplicationSet can fill its parameters. */
    using Text = std::function<QString(const YamlValue&)>;

    /** @p repositoryUrls are this repository's addresses; none means "judge by paths". */
    ArgoCDAppReader(const RepositoryFiles& files, const QStringList& repositoryUrls);

    /** The plain reading of a scalar, for Applications that are no template. */
    static QString plainText(const YamlValue& value) { return value.scalar(); }

    /** True when @p repoUrl names this repository; without known URLs, always true. */
    bool isThisRepositoryUrl(const QString& repoUrl) const;
    /** True once a source was counted as this repository because its paths exist here. */
    bool judgedByPaths() const { return m_judgedByPaths; }

    /**
     * The Application of @p object (with `metadata` and `spec`), or nothing when it lacks a
     * name or a spec. @p defaultNamespace applies when metadata names none.
     */
    std::optional<ArgoCDApplication> read(const YamlValue& object, const QString& defaultNamespace,
                                          const Text& text, Findings& findings);

private:
    ArgoCDSource readSource(const YamlValue& source, const Text& text, Findings& findings) const;
    void decideRepository(QList<ArgoCDSource>& sources, const QList<YamlValue>& entries,
                          const Text& text);
    void resolveValueFiles(QList<ArgoCDSource>& sources, const QList<YamlValue>& entries,
                           const Text& text, Findings& findings) const;
    void detectType(ArgoCDSource& source, const YamlValue& entry, Findings& findings) const;
    bool folderExists(const QString& folder) const { return m_folders.contains(folder); }

    QSet<QString> m_files;
    QSet<QString> m_folders;
    QSet<QString> m_repositoryIdentities;
    bool m_judgedByPaths = false;
};

} // namespace fd::core
