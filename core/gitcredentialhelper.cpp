#include "gitcredentialhelper.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace fd::core {

namespace {

// Helpers that talk to a desktop keyring can be slow on first use, but a helper that hangs must
// not hang a promotion.
constexpr int helperTimeoutMs = 10000;

// The protocol is line-based: a value with a line break could smuggle in another key
// ("host=..."), which is how CVE-2020-5260 leaked credentials to the wrong host.
bool isSafeValue(const QString& value) {
    return !value.contains(u'\n') && !value.contains(u'\r') && !value.contains(QChar(u'\0'));
}

std::optional<QByteArray> describe(const GitCredentialHelper::Target& target,
                                   const GitCredentialHelper::Credential* credential) {
    QList<std::pair<QString, QString>> fields{{QStringLiteral("protocol"), target.protocol},
                                              {QStringLiteral("host"), target.host}};
    if (!target.path.isEmpty())
        fields.append({QStringLiteral("path"), target.path});
    const QString userName = credential ? credential->userName : target.userName;
    if (!userName.isEmpty())
        fields.append({QStringLiteral("username"), userName});
    if (credential)
        fields.append({QStringLiteral("password"), credential->password});
    QByteArray input;
    for (const auto& [key, value] : fields) {
        if (!isSafeValue(value))
            return std::nullopt;
        input += key.toUtf8() + '=' + value.toUtf8() + '\n';
    }
    return input + '\n';
}

std::optional<QByteArray> runGitCredential(const QString& action, const QByteArray& input) {
    const QString git = QStandardPaths::findExecutable(QStringLiteral("git"));
    if (git.isEmpty())
        return std::nullopt;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    // Empty, not unset: git then skips core.askPass and SSH_ASKPASS as well (prompt.c).
    environment.insert(QStringLiteral("GIT_ASKPASS"), QString());
    process.setProcessEnvironment(environment);
    process.setProgram(git);
    process.setArguments({QStringLiteral("credential"), action});
    process.start();
    if (!process.waitForStarted(helperTimeoutMs))
        return std::nullopt;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(helperTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    return process.readAllStandardOutput();
}

} // namespace

std::optional<GitCredentialHelper::Credential> GitCredentialHelper::fill(const Target& target) {
    const auto input = describe(target, nullptr);
    if (!input)
        return std::nullopt;
    const auto output = runGitCredential(QStringLiteral("fill"), *input);
    if (!output)
        return std::nullopt;
    Credential credential;
    bool havePassword = false;
    for (const QByteArray& line : output->split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals <= 0)
            continue;
        const QByteArray key = line.left(equals);
        const QString value = QString::fromUtf8(line.mid(equals + 1));
        if (key == "username") {
            credential.userName = value;
        } else if (key == "password") {
            credential.password = value;
            havePassword = true;
        }
    }
    if (!havePassword || credential.userName.isEmpty())
        return std::nullopt;
    return credential;
}

void GitCredentialHelper::approve(const Target& target, const Credential& credential) {
    if (const auto input = describe(target, &credential))
        runGitCredential(QStringLiteral("approve"), *input);
}

void GitCredentialHelper::reject(const Target& target, const Credential& credential) {
    if (const auto input = describe(target, &credential))
        runGitCredential(QStringLiteral("reject"), *input);
}

} // namespace fd::core
