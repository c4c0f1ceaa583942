#pragma once

#include "githttpserver.h"
#include "gitrepository.h"
#include "testrepos.h"

#include <QMap>
#include <QString>
#include <QTemporaryDir>

// QVERIFY2 evaluates its message even when the check passes, so the error is only read on failure.
// Each evaluates its argument once, so a call with side effects may be passed.
#define FD_VERIFY_OK(result)                                                                       \
    do {                                                                                           \
        const auto& fdChecked = (result);                                                          \
        QVERIFY2(fdChecked.has_value(),                                                            \
                 fdChecked.has_value() ? "" : qPrintable(fdChecked.error().toString()));           \
    } while (false)
#define FD_VERIFY_ERROR(result, expectedKind)                                                      \
    do {                                                                                           \
        const auto& fdChecked = (result);                                                          \
        QVERIFY2(!fdChecked.has_value(), "expected an error");                                     \
        QVERIFY2(fdChecked.error().kind == (expectedKind),                                         \
                 qPrintable(fdChecked.error().toString()));                                        \
    } while (false)

namespace fd::testsupport {

/**
 * What the Git engine's integration tests share: a temporary root with an isolated environment
 * (TestRepos::isolateEnvironment), a running GitHttpServer, and GitOps-like repositories on it.
 * start() belongs in initTestCase(), before anything touches libgit2.
 */
class GitTestBed final {
public:
    static const QString valuesPath; // "env/prod/values.yaml"
    /** Values files for two stages and an executable script (bin/render.sh). */
    static QMap<QString, QByteArray> initialFiles();

    fd::core::Result<void> start();

    QString filePath(const QString& name) const { return m_root.filePath(name); }
    /** A fresh name for a file or folder under the root. */
    QString uniquePath(const QString& prefix);
    GitHttpServer& server() { return m_server; }
    QString user() const { return m_server.accounts().first().user; }
    QString password() const { return m_server.accounts().first().password; }

    /** A new repository on the server holding initialFiles(); returns its name ("repo-N.git"). */
    QString serverRepository(QString* initialCommit = nullptr);
    QString serverPath(const QString& name) const;
    /** Options with a cache folder under the root and a fixed identity (Release Manager). */
    fd::core::GitRepositoryOptions
    options(const QString& cacheName = QStringLiteral("mirrors")) const;
    /**
     * Configures Git's `store` helper in $HOME/.gitconfig with one entry for the server, as a
     * user would; returns the store file. Also replaces any other global configuration.
     */
    QString useCredentialStore(const QString& user, const QString& secret);
    int requestCount() const { return static_cast<int>(m_server.requests().size()); }

private:
    QTemporaryDir m_root;
    GitHttpServer m_server;
    int m_serial = 0;
};

/** The bytes of a file, or "<unreadable>". */
QByteArray readBytes(const QString& path);
/** `git for-each-ref`, one "name id" line per ref; a symbolic ref shows "-> target" instead. */
QString refsOf(const QString& repository);

} // namespace fd::testsupport
