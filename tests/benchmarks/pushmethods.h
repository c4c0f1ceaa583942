#pragma once

#include "benchprocess.h"

#include <QList>
#include <QString>

namespace fd::bench {

/** The ways of changing one image tag on a remote branch that the benchmark compares. */
enum class Method {
    ShellClone,   // (a) an existing clone: pull --ff-only, sed, commit -am, push
    KargoClone,   // (b) a fresh full single-branch clone, edit, commit, push (Kargo's git-clone)
    KargoShallow, // (b') the same with --depth 1
    Cli,          // (c) freightdesk-cli push-values with an existing mirror
};
constexpr Method kAllMethods[] = {Method::ShellClone, Method::KargoClone, Method::KargoShallow,
                                  Method::Cli};

QString methodLabel(Method method);

/** One timed promotion. */
struct Sample final {
    double wallMs = 0;   // the whole sequence of processes
    long peakRssKiB = 0; // the largest process tree of the sequence
    QList<std::pair<QString, double>> stepsMs;
};

/** Where the benchmark works: a served bare repository and a scratch folder of its own. */
struct Target final {
    QString url;          // what clients are given: file:///… or http://127.0.0.1:…
    QString gitDirectory; // the served bare repository itself, for verification
    QString scratch;      // clones and the CLI's cache live here
    QString cliPath;
};

/**
 * Runs the methods against one target and checks after every push, untimed, that the branch
 * moved by exactly one commit whose only change is the one-line tag edit. Anything else is a
 * failure with the child's stderr: a benchmark that times failures is worse than none.
 */
class PushMethods final {
public:
    PushMethods(const ProcessRunner& runner, Target target);

    /** Untimed setup: the existing clone of method (a). */
    QString prepare();
    /** The CLI's first call, which creates its mirror; also verified. */
    QString warmCli(const QString& path, const QString& tag, Sample* sample);
    QString promote(Method method, const QString& path, const QString& tag, Sample* sample);

    /** The commits pushed so far, which the final check compares with the branch. */
    int pushes() const { return m_pushes; }
    /** Checks that the branch grew by pushes() commits since prepare() and that every
        (path, tag) given is what the tip holds. */
    QString verifyFinal(const QList<std::pair<QString, QString>>& lastTags) const;

private:
    QString runSequence(const QList<std::pair<QString, QStringList>>& steps,
                        const QString& workingDirectory, Sample* sample) const;
    QString shellPromote(const QString& path, const QString& tag, Sample* sample);
    QString clonePromote(bool shallow, const QString& path, const QString& tag, Sample* sample);
    QString cliPromote(const QString& path, const QString& tag, Sample* sample,
                       QString* printedCommit);
    QString verifyPush(const QString& path, const QString& tag, const QString& claimedCommit);
    QString gitOutput(const QStringList& arguments, QByteArray* output) const;

    const ProcessRunner& m_runner;
    Target m_target;
    QString m_tip;
    int m_startCount = 0;
    int m_pushes = 0;
    int m_cloneSerial = 0;
};

} // namespace fd::bench
