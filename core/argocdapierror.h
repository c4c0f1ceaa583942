#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>

namespace fd::core {

/**
 * An Argo CD API answer that is not a success, as an Error a person can act on. The server's
 * body (`{"error","code","message"}`, grpc-gateway's shape) gives the reason; the message names
 * the server and, when there is one, the application. 401 is an expired or refused token, 403 a
 * missing permission (Argo CD also answers 403 for an app the account cannot see, so as not to
 * reveal that it exists).
 */
class ArgoCdApiError final {
public:
    static Error fromStatus(int status, const QByteArray& body, const QString& server,
                            const QString& app);
    /** The `message` (else `error`) of an error body; empty when the body is not one. */
    static QString serverMessage(const QByteArray& body);
};

} // namespace fd::core
