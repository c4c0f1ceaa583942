#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace fd::core {

/**
 * One challenge of a `WWW-Authenticate` header (RFC 7235): `Bearer realm="...",service="...",
 * scope="..."` or `Basic realm="..."`. Parameter names are lower case.
 */
struct RegistryChallenge final {
    QString scheme; // lower case: "bearer", "basic"
    QHash<QString, QString> parameters;

    QString parameter(const QString& name) const { return parameters.value(name); }

    /** Every challenge in @p header; several headers may arrive joined by ", " or newlines. */
    static QList<RegistryChallenge> parse(const QByteArray& header);
};

} // namespace fd::core
