#include "argocdapierror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fd::core {

QString ArgoCdApiError::serverMessage(const QByteArray& body) {
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    // A stream reports errors as {"error":{"message":...}}.
    const QJsonObject nested = object.value(u"error").toObject();
    for (const QString& text :
         {object.value(u"message").toString(), object.value(u"error").toString(),
          nested.value(u"message").toString()})
        if (!text.trimmed().isEmpty())
            return text.trimmed();
    return {};
}

Error ArgoCdApiError::fromStatus(int status, const QByteArray& body, const QString& server,
                                 const QString& app) {
    const QString message = serverMessage(body);
    const QString reason = message.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : message;
    const QString subject = app.isEmpty()
                                ? QStringLiteral("Argo CD at %1").arg(server)
                                : QStringLiteral("Argo CD at %1, application %2").arg(server, app);
    Error error{Error::Kind::Network, {}, server};
    switch (status) {
    case 401:
        error.kind = Error::Kind::Authentication;
        error.message = QStringLiteral("%1: not logged in or the session expired (%2); log in "
                                       "again with `argocd login %3` or give a token")
                            .arg(subject, reason, server);
        break;
    case 403:
        error.kind = Error::Kind::Authentication;
        error.message = QStringLiteral("%1: permission denied (%2); the account may lack the "
                                       "RBAC permission, or cannot see this application")
                            .arg(subject, reason);
        break;
    case 404:
        error.kind = Error::Kind::NotFound;
        error.message = QStringLiteral("%1: not found (%2)").arg(subject, reason);
        break;
    case 400:
    case 409:
    case 412:
        error.kind = Error::Kind::Refused;
        error.message = QStringLiteral("%1: refused (%2)").arg(subject, reason);
        break;
    default:
        error.message =
            message.isEmpty()
                ? QStringLiteral("%1: HTTP %2").arg(subject).arg(status)
                : QStringLiteral("%1: HTTP %2 (%3)").arg(subject).arg(status).arg(message);
    }
    return error;
}

} // namespace fd::core
