#include "tokenissuer.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QUuid>

namespace fd::testsupport {

using fd::core::Error;
using fd::core::Result;

namespace {

Error issuerError(const QString& message) {
    return Error{Error::Kind::Io, message, QStringLiteral("TokenIssuer")};
}

Result<QByteArray> openssl(const QStringList& arguments, const QByteArray& input = {}) {
    QProcess process;
    process.start(QStringLiteral("openssl"), arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        return issuerError(QStringLiteral("openssl %1 failed: %2 %3")
                               .arg(arguments.constFirst(), process.errorString(),
                                    QString::fromLocal8Bit(process.readAllStandardError())));
    return process.readAllStandardOutput();
}

QByteArray base64Url(const QByteArray& bytes) {
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

TokenIssuer::TokenIssuer() = default;

QString TokenIssuer::certificateFile() const {
    return m_directory.filePath(QStringLiteral("token.crt"));
}

Result<void> TokenIssuer::create() {
    if (!m_directory.isValid())
        return issuerError(QStringLiteral("no temporary folder"));
    const QString key = m_directory.filePath(QStringLiteral("token.key"));
    if (auto made =
            openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                     QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                     QStringLiteral("2"), QStringLiteral("-subj"),
                     QStringLiteral("/CN=freightdesk-test-token"), QStringLiteral("-keyout"), key,
                     QStringLiteral("-out"), certificateFile()});
        !made)
        return made.error();
    const auto der = openssl({QStringLiteral("x509"), QStringLiteral("-in"), certificateFile(),
                              QStringLiteral("-outform"), QStringLiteral("DER")});
    if (!der)
        return der.error();
    m_certificateDer = *der;
    return {};
}

Result<QByteArray> TokenIssuer::issue(const QString& service, const QStringList& scopes,
                                      int lifetimeSeconds) const {
    QJsonArray access;
    for (const QString& scope : scopes) {
        // "repository:team/app:pull,push"
        const QStringList parts = scope.split(QLatin1Char(':'));
        if (parts.size() != 3)
            continue;
        access.append(QJsonObject{
            {QStringLiteral("type"), parts.at(0)},
            {QStringLiteral("name"), parts.at(1)},
            {QStringLiteral("actions"), QJsonArray::fromStringList(parts.at(2).split(u','))}});
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject header{
        {QStringLiteral("typ"), QStringLiteral("JWT")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("x5c"), QJsonArray{QString::fromLatin1(m_certificateDer.toBase64())}}};
    const QJsonObject claims{
        {QStringLiteral("iss"), issuer()},
        {QStringLiteral("sub"), QStringLiteral("freightdesk-test")},
        {QStringLiteral("aud"), service},
        {QStringLiteral("exp"), now + lifetimeSeconds},
        {QStringLiteral("nbf"), now - 10},
        {QStringLiteral("iat"), now},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("access"), access}};
    const QByteArray signingInput =
        base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
        base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const auto signature =
        openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-sign"),
                 m_directory.filePath(QStringLiteral("token.key"))},
                signingInput);
    if (!signature)
        return signature.error();
    return signingInput + '.' + base64Url(*signature);
}

} // namespace fd::testsupport
