#include "gittestbed.h"

#include <QFile>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

const QString GitTestBed::valuesPath = QStringLiteral("env/prod/values.yaml");

QMap<QString, QByteArray> GitTestBed::initialFiles() {
    return {{valuesPath, "image:\n  tag: 1.0.0\n"},
            {QStringLiteral("env/staging/values.yaml"), "image:\n  tag: 1.1.0\n"},
            {QStringLiteral("bin/render.sh"), "#!/bin/sh\necho render\n"}};
}

Result<void> GitTestBed::start() {
    if (!m_root.isValid())
        return Error{Error::Kind::Io, QStringLiteral("no temporary folder"), {}};
    TestRepos::isolateEnvironment(m_root.filePath(QStringLiteral("env")));
    return m_server.start();
}

QString GitTestBed::uniquePath(const QString& prefix) {
    return m_root.filePath(QStringLiteral("%1-%2").arg(prefix).arg(++m_serial));
}

QString GitTestBed::serverRepository(QString* initialCommit) {
    const QString name = QStringLiteral("repo-%1.git").arg(++m_serial);
    const auto commit =
        TestRepos::createBare(serverPath(name), initialFiles(), {QStringLiteral("bin/render.sh")});
    if (!commit)
        qFatal("%s", qPrintable(commit.error().toString()));
    if (initialCommit)
        *initialCommit = *commit;
    return name;
}

QString GitTestBed::serverPath(const QString& name) const {
    return m_server.projectRoot() + u'/' + name;
}

fd::core::GitRepositoryOptions GitTestBed::options(const QString& cacheName) const {
    fd::core::GitRepositoryOptions options;
    options.cacheDirectory = m_root.filePath(cacheName);
    options.identity =
        fd::core::GitIdentity{QStringLiteral("Release Manager"), QStringLiteral("rm@example.com")};
    return options;
}

QString GitTestBed::useCredentialStore(const QString& user, const QString& secret) {
    const QString store = uniquePath(QStringLiteral("credentials"));
    QFile file(store);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(store));
    // "http://user:secret@127.0.0.1:port", the line `git credential-store` itself writes.
    file.write(m_server.urlWithCredentials({}, user, secret).toUtf8().chopped(1) + '\n');
    file.close();
    TestRepos::writeGlobalConfig(
        QStringLiteral("[credential]\n\thelper = store --file=%1\n").arg(store));
    return store;
}

QByteArray readBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QString refsOf(const QString& repository) {
    return TestRepos::git({QStringLiteral("for-each-ref"),
                           QStringLiteral("--format=%(refname) %(if)%(symref)%(then)-> "
                                          "%(symref)%(else)%(objectname)%(end)")},
                          repository)
        .text();
}

} // namespace fd::testsupport
