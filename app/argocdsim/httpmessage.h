#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace fd::argocdsim {

/** One HTTP/1.1 request as the simulator received it; header names are lower case. */
struct HttpRequest final {
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    /** The first header called @p name (lower case), or empty. */
    QByteArray header(const QByteArray& name) const;
    /** The value of the cookie @p name from the Cookie header, or empty. */
    QByteArray cookie(const QByteArray& name) const;
    /** Every value of query item @p key, decoded ("projects=a&projects=b"). */
    QStringList queryValues(const QString& key) const;
    QString queryValue(const QString& key) const;
};

/** One HTTP response with a known length. */
struct HttpResponse final {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /** An answer to HEAD: the body's length is announced, the body not sent. */
    bool headOnly = false;

    static HttpResponse json(int status, const QJsonDocument& document);
    /** A gRPC-gateway error body, as Argo CD's API server writes one. */
    static HttpResponse grpcError(int status, int code, const QString& message);
    static HttpResponse text(int status, const QByteArray& text);

    QByteArray serialize(bool keepAlive) const;
};

QByteArray reasonPhrase(int status);

} // namespace fd::argocdsim
