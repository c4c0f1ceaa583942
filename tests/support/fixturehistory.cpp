#include "fixturehistory.h"

#include "testrepos.h"
#include "yamldocument.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::testsupport {

using core::Error;
using core::Result;

namespace {

Result<void> writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return Error{Error::Kind::Io, file.errorString(), path};
    return {};
}

/** @p bytes with the `tag:` line under `image:` removed: a values file before any tag was set. */
QByteArray withoutTag(const QByteArray& bytes) {
    QList<QByteArray> lines = bytes.split('\n');
    lines.removeIf([](const QByteArray& line) { return line.trimmed().startsWith("tag:"); });
    return lines.join('\n');
}

QString valuesPath(const TagEvent& event) {
    return QStringLiteral("env/%1/%2/%2-values.yaml").arg(event.environment, event.service);
}

Result<QString> commitAll(const QString& workTree, const QString& author, const QDateTime& date,
                          const QDateTime& committed, const QString& subject) {
    GitRun add = TestRepos::git({QStringLiteral("add"), QStringLiteral("-A")}, workTree);
    if (!add.ok())
        return Error{Error::Kind::Git, QString::fromUtf8(add.errors), workTree};
    qputenv("GIT_COMMITTER_DATE", committed.toString(Qt::ISODate).toUtf8());
    const GitRun commit = TestRepos::git(
        {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
         QStringLiteral("--author=%1 <%2>").arg(author, FixtureHistory::emailOf(author)),
         QStringLiteral("--date=%1").arg(date.toString(Qt::ISODate)), QStringLiteral("-m"),
         subject},
        workTree);
    qunsetenv("GIT_COMMITTER_DATE");
    if (!commit.ok())
        return Error{Error::Kind::Git, QString::fromUtf8(commit.errors), workTree};
    return TestRepos::revParse(workTree, QStringLiteral("HEAD"));
}

} // namespace

QString FixtureHistory::fixtureFolder(const QString& name) {
    return QStringLiteral(FREIGHTDESK_FIXTURES_DIR "/") + name;
}

QString FixtureHistory::emailOf(const QString& author) {
    return author == u"Kargo" ? QStringLiteral("no-reply@kargo.io")
                              : QStringLiteral("maintainer@example.invalid");
}

Result<QList<TagEvent>> FixtureHistory::tagEvents(const QString& name) {
    QFile file(fixtureFolder(name) + QStringLiteral("/tag-history.json"));
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::NotFound, file.errorString(), file.fileName()};
    const QJsonArray events =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("events")).toArray();
    QList<TagEvent> result;
    for (const auto& value : events) {
        const QJsonObject event = value.toObject();
        QString tag = event.value(QStringLiteral("tag")).toString();
        if (tag.size() >= 2 && tag.startsWith(QLatin1Char('"')) && tag.endsWith(QLatin1Char('"')))
            tag = tag.mid(1, tag.size() - 2);
        result.append(
            {event.value(QStringLiteral("commit")).toString(),
             event.value(QStringLiteral("author")).toString(),
             QDateTime::fromString(event.value(QStringLiteral("date")).toString(), Qt::ISODate),
             event.value(QStringLiteral("subject")).toString(),
             event.value(QStringLiteral("stage")).toString(),
             event.value(QStringLiteral("service")).toString(), tag});
    }
    return result;
}

Result<QString> FixtureHistory::replay(const QString& name, const QString& workTree) {
    const QString folder = fixtureFolder(name);
    QDir().mkpath(workTree);
    if (GitRun init = TestRepos::git({QStringLiteral("init"), QStringLiteral("-q"),
                                      QStringLiteral("-b"), QStringLiteral("main")},
                                     workTree);
        !init.ok())
        return Error{Error::Kind::Git, QString::fromUtf8(init.errors), workTree};

    auto events = tagEvents(name);
    QList<TagEvent> history = events ? *events : QList<TagEvent>();
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    const QDir root(folder);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = root.relativeFilePath(path);
        if (relative == u"tag-history.json" || relative == u"SOURCE.txt")
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error{Error::Kind::Io, file.errorString(), path};
        QByteArray bytes = file.readAll();
        const bool replayed = std::any_of(history.begin(), history.end(), [&](const TagEvent& e) {
            return valuesPath(e) == relative;
        });
        if (auto written = writeFile(workTree + QLatin1Char('/') + relative,
                                     replayed ? withoutTag(bytes) : bytes);
            !written)
            return written.error();
    }
    // Committer times only increase, so that history order is the recorded order whatever the
    // authors' clocks and time zones said.
    QDateTime committed =
        history.isEmpty() ? QDateTime::currentDateTimeUtc() : history.first().date.addDays(-1);
    auto tip = commitAll(workTree, QStringLiteral("repository maintainer (hand edit)"), committed,
                         committed, QStringLiteral("Import the repository"));
    for (qsizetype i = 0; tip && i < history.size();) {
        const TagEvent& first = history.at(i);
        for (; i < history.size() && history.at(i).commit == first.commit; ++i) {
            const TagEvent& event = history.at(i);
            const QString path = workTree + QLatin1Char('/') + valuesPath(event);
            QFile original(folder + QLatin1Char('/') + valuesPath(event));
            if (!original.open(QIODevice::ReadOnly))
                return Error{Error::Kind::Io, original.errorString(), original.fileName()};
            const QByteArray fixtureBytes = original.readAll();
            QByteArray bytes = withoutTag(fixtureBytes);
            if (!event.tag.isEmpty()) {
                auto document = core::YamlDocument::parse(fixtureBytes, valuesPath(event));
                if (!document)
                    return document.error();
                if (auto set = document->setScalar(QStringLiteral("image.tag"), event.tag); !set)
                    return set.error();
                bytes = document->bytes();
            }
            if (auto written = writeFile(path, bytes); !written)
                return written.error();
        }
        committed = std::max(committed.addSecs(60), first.date);
        tip = commitAll(workTree, first.author, first.date, committed, first.subject);
    }
    return tip;
}

} // namespace fd::testsupport
