#include "pushgate.h"

#include "testrepos.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace fd::testsupport {

namespace {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

} // namespace

PushGate::PushGate(QString bareRepository, QString stateDirectory)
    : m_repository(std::move(bareRepository))
    , m_state(std::move(stateDirectory)) {}

QString PushGate::marker(const char* name) const {
    return m_state + QLatin1Char('/') + QLatin1String(name);
}

bool PushGate::install() const {
    if (!QDir().mkpath(m_state) || !QDir().mkpath(m_repository + QStringLiteral("/hooks")))
        return false;
    // Polling in the hook keeps it a plain POSIX shell script with no helper process.
    const QByteArray script = QByteArrayLiteral("#!/bin/sh\n"
                                                "cat >/dev/null\n"
                                                "[ -n \"$FREIGHTDESK_GATE_BYPASS\" ] && exit 0\n"
                                                "gate='") +
                              m_state.toUtf8() +
                              QByteArrayLiteral("'\n"
                                                "[ -e \"$gate/armed\" ] || exit 0\n"
                                                "rm -f \"$gate/armed\"\n"
                                                ": > \"$gate/held\"\n"
                                                "i=0\n"
                                                "while [ ! -e \"$gate/release\" ]; do\n"
                                                "  i=$((i + 1)); [ $i -gt 1200 ] && exit 1\n"
                                                "  sleep 0.05\n"
                                                "done\n"
                                                "[ \"$(cat \"$gate/release\")\" = accept ]\n");
    const QString hook = m_repository + QStringLiteral("/hooks/pre-receive");
    if (!writeFile(hook, script))
        return false;
    return QFile::setPermissions(hook, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                           QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                           QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                           QFileDevice::ExeOther);
}

void PushGate::arm() const {
    QFile::remove(marker("held"));
    QFile::remove(marker("release"));
    writeFile(marker("armed"), {});
}

bool PushGate::waitUntilHeld(int timeoutMs) const {
    return QTest::qWaitFor([this] { return QFile::exists(marker("held")); }, timeoutMs);
}

void PushGate::release(bool accept) const {
    writeFile(marker("release"),
              accept ? QByteArrayLiteral("accept") : QByteArrayLiteral("refuse"));
}

fd::core::Result<QString> PushGate::commitPast(const QString& bareRepository,
                                               const QMap<QString, QByteArray>& files,
                                               const QString& message) {
    qputenv("FREIGHTDESK_GATE_BYPASS", "1");
    auto commit = TestRepos::commit(bareRepository, QStringLiteral("main"), files, message);
    qunsetenv("FREIGHTDESK_GATE_BYPASS");
    return commit;
}

} // namespace fd::testsupport
