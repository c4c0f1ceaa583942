#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace fd::bench {

class ProcessRunner;

/** Shape of a generated GitOps repository. */
struct FixtureSpec final {
    int commits = 20000;
    int files = 2000; // values files, spread over the stages; a README.md comes on top
    /** Stage folders under env/, each service has one values file per stage. */
    QStringList stages = {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")};
    /** Share of commits (0-100) that change a chart under charts/ instead of values files. */
    int otherFolderPercent = 0;
    /** More files for the first commit (path, content): manifests that make it a pipeline. */
    QList<std::pair<QByteArray, QByteArray>> initialFiles;
};

/** A bare repository with one branch, `main`, made by generateFixture(). */
struct Fixture final {
    QString gitDirectory;
    QStringList valuesFiles; // repository-relative paths, generation order
    double generateMs = 0;   // all of it
    double fastImportMs = 0;
    double repackMs = 0;
    qint64 packBytes = 0;
};

/**
 * Builds a bare repository of Helm values files, env/<stage>/<service>/<service>-values.yaml
 * over @p spec.stages, whose history is @p spec.commits commits each promoting one to three
 * image tags (or, for spec.otherFolderPercent of them, bumping a chart's version under charts/). Fed to `git fast-import` as one stream (seconds, not the minutes thousands of
 * `git commit` would take), then repacked with a bitmap the way a hosting server keeps it.
 * Deterministic: the same spec gives the same commit ids. Returns an empty string or an error.
 */
QString generateFixture(const ProcessRunner& runner, const FixtureSpec& spec,
                        const QString& gitDirectory, const QString& scratchDirectory,
                        Fixture* fixture);

/** `git <arguments>` through @p runner, @p standardInput a file; fail()s when git does. */
void runGit(const ProcessRunner& runner, const QStringList& arguments,
            const QString& standardInput = {});

/**
 * Makes @p gitDirectory look like a local clone as GitRepository opens one: `origin` is
 * @p remoteUrl and refs/remotes/origin/main its tip (the loads read the tracking ref).
 */
void trackAsOrigin(const ProcessRunner& runner, const QString& gitDirectory,
                   const QByteArray& remoteUrl);

/**
 * One promotion on main setting @p file's image tag to 9.9.9 (image repository
 * registry.example.com/platform/@p service), also recorded as origin/main; @p scratch holds the
 * fast-import stream.
 */
void promoteOnMain(const ProcessRunner& runner, const QString& gitDirectory, const QString& scratch,
                   const QString& file, const QString& service);

} // namespace fd::bench
