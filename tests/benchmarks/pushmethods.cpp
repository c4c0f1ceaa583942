#include "pushmethods.h"

#include <QDir>
#include <QRegularExpression>

namespace fd::bench {

namespace {

const QString kGit = QStringLiteral("git");

QStringList sedTag(const QString& path, const QString& tag) {
    return {QStringLiteral("sed"), QStringLiteral("-i"),
            QStringLiteral("s/^  tag: .*/  tag: %1/").arg(tag), path};
}

QString commitMessage(const QString& path, const QString& tag) {
    return QStringLiteral("Promote %1 to %2").arg(path.section(QLatin1Char('/'), 2, 2), tag);
}

} // namespace

QString methodLabel(Method method) {
    switch (method) {
    case Method::ShellClone:
        return QStringLiteral("(a)  existing clone: pull, sed, commit, push");
    case Method::KargoClone:
        return QStringLiteral("(b)  fresh clone --single-branch, edit, push");
    case Method::KargoShallow:
        return QStringLiteral("(b') fresh clone --depth 1, edit, push");
    case Method::Cli:
        return QStringLiteral("(c)  freightdesk-cli push-values");
    }
    return {};
}

PushMethods::PushMethods(const ProcessRunner& runner, Target target)
    : m_runner(runner)
    , m_target(std::move(target)) {}

QString PushMethods::gitOutput(const QStringList& arguments, QByteArray* output) const {
    const ProcessRun run = m_runner.run(QStringList{kGit} + arguments);
    if (!run.ok())
        return run.describeFailure();
    *output = run.standardOutput;
    return {};
}

QString PushMethods::prepare() {
    QByteArray out;
    if (QString error =
            gitOutput({QStringLiteral("-C"), m_target.gitDirectory, QStringLiteral("rev-list"),
                       QStringLiteral("--count"), QStringLiteral("main")},
                      &out);
        !error.isEmpty())
        return error;
    m_startCount = out.trimmed().toInt();
    if (QString error = gitOutput({QStringLiteral("-C"), m_target.gitDirectory,
                                   QStringLiteral("rev-parse"), QStringLiteral("main")},
                                  &out);
        !error.isEmpty())
        return error;
    m_tip = QString::fromLatin1(out.trimmed());

    const ProcessRun clone = m_runner.run({kGit, QStringLiteral("clone"), QStringLiteral("--quiet"),
                                           m_target.url, m_target.scratch + QStringLiteral("/a")});
    return clone.ok() ? QString() : clone.describeFailure();
}

QString PushMethods::runSequence(const QList<std::pair<QString, QStringList>>& steps,
                                 const QString& workingDirectory, Sample* sample) const {
    *sample = {};
    for (const auto& [name, command] : steps) {
        const ProcessRun run = m_runner.run(command, workingDirectory);
        if (!run.ok())
            return run.describeFailure();
        sample->wallMs += run.wallMs;
        sample->peakRssKiB = std::max(sample->peakRssKiB, run.peakRssKiB);
        sample->stepsMs.append({name, run.wallMs});
    }
    return {};
}

QString PushMethods::shellPromote(const QString& path, const QString& tag, Sample* sample) {
    const QString clone = m_target.scratch + QStringLiteral("/a");
    return runSequence(
        {
            {QStringLiteral("pull"),
             {kGit, QStringLiteral("pull"), QStringLiteral("--quiet"),
              QStringLiteral("--ff-only")}},
            {QStringLiteral("sed"), sedTag(path, tag)},
            {QStringLiteral("commit"),
             {kGit, QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("-am"),
              commitMessage(path, tag)}},
            {QStringLiteral("push"),
             {kGit, QStringLiteral("push"), QStringLiteral("--quiet"), QStringLiteral("origin"),
              QStringLiteral("HEAD:main")}},
        },
        clone, sample);
}

QString PushMethods::clonePromote(bool shallow, const QString& path, const QString& tag,
                                  Sample* sample) {
    // A new folder each time, as a promotion step starts from an empty work directory.
    const QString clone = m_target.scratch + QStringLiteral("/b-%1").arg(++m_cloneSerial);
    QStringList cloneCommand = {kGit,
                                QStringLiteral("clone"),
                                QStringLiteral("--quiet"),
                                QStringLiteral("--no-tags"),
                                QStringLiteral("--single-branch"),
                                QStringLiteral("--branch"),
                                QStringLiteral("main")};
    if (shallow)
        cloneCommand << QStringLiteral("--depth") << QStringLiteral("1");
    cloneCommand << m_target.url << clone;

    QString error = runSequence(
        {
            {QStringLiteral("clone"), cloneCommand},
            {QStringLiteral("sed"), sedTag(clone + QLatin1Char('/') + path, tag)},
            {QStringLiteral("commit"),
             {kGit, QStringLiteral("-C"), clone, QStringLiteral("commit"),
              QStringLiteral("--quiet"), QStringLiteral("-am"), commitMessage(path, tag)}},
            {QStringLiteral("push"),
             {kGit, QStringLiteral("-C"), clone, QStringLiteral("push"), QStringLiteral("--quiet"),
              QStringLiteral("origin"), QStringLiteral("HEAD:main")}},
        },
        {}, sample);
    QDir(clone).removeRecursively(); // untimed: a CI runner throws its work directory away
    return error;
}

QString PushMethods::cliPromote(const QString& path, const QString& tag, Sample* sample,
                                QString* printedCommit) {
    const QStringList command = {m_target.cliPath,
                                 QStringLiteral("push-values"),
                                 QStringLiteral("--repo"),
                                 m_target.url,
                                 QStringLiteral("--branch"),
                                 QStringLiteral("main"),
                                 QStringLiteral("--set"),
                                 QStringLiteral("%1:image.tag=%2").arg(path, tag),
                                 QStringLiteral("--message"),
                                 commitMessage(path, tag)};
    *sample = {};
    const ProcessRun run = m_runner.run(command);
    if (!run.ok())
        return run.describeFailure();
    sample->wallMs = run.wallMs;
    sample->peakRssKiB = run.peakRssKiB;
    sample->stepsMs.append({QStringLiteral("push-values"), run.wallMs});

    static const QRegularExpression commitId(QStringLiteral("\\b[0-9a-f]{40}\\b"));
    const QRegularExpressionMatch match = commitId.match(QString::fromUtf8(run.standardOutput));
    if (!match.hasMatch())
        return QStringLiteral("push-values printed no commit id:\n%1")
            .arg(QString::fromUtf8(run.standardOutput));
    *printedCommit = match.captured();
    return {};
}

QString PushMethods::verifyPush(const QString& path, const QString& tag,
                                const QString& claimedCommit) {
    ++m_pushes;
    QByteArray log;
    if (QString error =
            gitOutput({QStringLiteral("-C"), m_target.gitDirectory, QStringLiteral("log"),
                       QStringLiteral("-1"), QStringLiteral("--format=%H %P"),
                       QStringLiteral("--numstat"), QStringLiteral("main")},
                      &log);
        !error.isEmpty())
        return error;
    const QStringList lines = QString::fromUtf8(log).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList ids = lines.value(0).split(QLatin1Char(' '));
    const QString expectedStat = QStringLiteral("1\t1\t") + path;
    if (ids.size() != 2 || ids.at(1) != m_tip || lines.size() != 2 || lines.at(1) != expectedStat)
        return QStringLiteral("the push of %1=%2 did not add exactly one commit on %3 changing "
                              "one line of that file; the branch's tip is now:\n%4")
            .arg(path, tag, m_tip, QString::fromUtf8(log));
    if (!claimedCommit.isEmpty() && claimedCommit != ids.at(0))
        return QStringLiteral("push-values printed %1 but the branch is at %2")
            .arg(claimedCommit, ids.at(0));
    m_tip = ids.at(0);

    QByteArray content;
    if (QString error =
            gitOutput({QStringLiteral("-C"), m_target.gitDirectory, QStringLiteral("cat-file"),
                       QStringLiteral("blob"), QStringLiteral("main:") + path},
                      &content);
        !error.isEmpty())
        return error;
    if (!content.contains("\n  tag: " + tag.toUtf8() + "\n"))
        return QStringLiteral("%1 at the tip does not hold tag %2").arg(path, tag);
    return {};
}

QString PushMethods::warmCli(const QString& path, const QString& tag, Sample* sample) {
    QString printed;
    if (QString error = cliPromote(path, tag, sample, &printed); !error.isEmpty())
        return error;
    return verifyPush(path, tag, printed);
}

QString PushMethods::promote(Method method, const QString& path, const QString& tag,
                             Sample* sample) {
    QString error;
    QString printed;
    switch (method) {
    case Method::ShellClone:
        error = shellPromote(path, tag, sample);
        break;
    case Method::KargoClone:
    case Method::KargoShallow:
        error = clonePromote(method == Method::KargoShallow, path, tag, sample);
        break;
    case Method::Cli:
        error = cliPromote(path, tag, sample, &printed);
        break;
    }
    if (!error.isEmpty())
        return error;
    return verifyPush(path, tag, printed);
}

QString PushMethods::verifyFinal(const QList<std::pair<QString, QString>>& lastTags) const {
    QByteArray out;
    if (QString error =
            gitOutput({QStringLiteral("-C"), m_target.gitDirectory, QStringLiteral("rev-list"),
                       QStringLiteral("--count"), QStringLiteral("main")},
                      &out);
        !error.isEmpty())
        return error;
    const int count = out.trimmed().toInt();
    if (count != m_startCount + m_pushes)
        return QStringLiteral("the branch has %1 commits, expected %2 + %3 pushes")
            .arg(count)
            .arg(m_startCount)
            .arg(m_pushes);
    for (const auto& [path, tag] : lastTags) {
        if (QString error =
                gitOutput({QStringLiteral("-C"), m_target.gitDirectory, QStringLiteral("cat-file"),
                           QStringLiteral("blob"), QStringLiteral("main:") + path},
                          &out);
            !error.isEmpty())
            return error;
        if (!out.contains("\n  tag: " + tag.toUtf8() + "\n"))
            return QStringLiteral("the tip's %1 lost the last tag set on it, %2").arg(path, tag);
    }
    return {};
}

} // namespace fd::bench
