#include "error.h"

namespace fd::core {

QString Error::toString() const {
    if (location.isEmpty())
        return message;
    return location + QStringLiteral(": ") + message;
}

QString Error::kindName() const {
    switch (kind) {
    case Kind::InvalidInput:
        return QStringLiteral("invalid-input");
    case Kind::Parse:
        return QStringLiteral("parse");
    case Kind::NotFound:
        return QStringLiteral("not-found");
    case Kind::Unsupported:
        return QStringLiteral("unsupported");
    case Kind::TooLarge:
        return QStringLiteral("too-large");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::Authentication:
        return QStringLiteral("authentication");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Rejected:
        return QStringLiteral("rejected");
    case Kind::Refused:
        return QStringLiteral("refused");
    case Kind::Git:
        return QStringLiteral("git");
    case Kind::Io:
        return QStringLiteral("io");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace fd::core
