#include "httpmessage.h"

#include <QJsonObject>

namespace fd::argocdsim {

QByteArray HttpRequest::header(const QByteArray& name) const {
    for (const auto& [key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

QByteArray HttpRequest::cookie(const QByteArray& name) const {
    const QList<QByteArray> pairs = header("cookie").split(';');
    for (const QByteArray& pair : pairs) {
        const QByteArray trimmed = pair.trimmed();
        const qsizetype equals = trimmed.indexOf('=');
        if (equals > 0 && trimmed.left(equals) == name)
            return trimmed.mid(equals + 1);
    }
    return {};
}

QStringList HttpRequest::queryValues(const QString& key) const {
    return query.allQueryItemValues(key, QUrl::FullyDecoded);
}

QString HttpRequest::queryValue(const QString& key) const {
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

HttpResponse HttpResponse::json(int status, const QJsonDocument& document) {
    return {
        status, {{"Content-Type", "application/json"}}, document.toJson(QJsonDocument::Compact)};
}

HttpResponse HttpResponse::grpcError(int status, int code, const QString& message) {
    // grpc-gateway (v1, Argo CD 2.x) repeats the message as "error".
    const QJsonObject body{{QStringLiteral("error"), message},
                           {QStringLiteral("code"), code},
                           {QStringLiteral("message"), message}};
    return json(status, QJsonDocument(body));
}

HttpResponse HttpResponse::text(int status, const QByteArray& text) {
    return {status,
            {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Content-Type-Options", "nosniff"}},
            text};
}

QByteArray HttpResponse::serialize(bool keepAlive) const {
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly)
        out += body;
    return out;
}

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace fd::argocdsim
