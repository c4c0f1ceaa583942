#include "freightid.h"

#include <QByteArrayList>
#include <QCryptographicHash>

#include <algorithm>

namespace fd::core {

QString freightId(const QString& warehouse, const QList<FreightArtifact>& artifacts) {
    QByteArrayList parts;
    parts.reserve(artifacts.size());
    for (const FreightArtifact& artifact : artifacts)
        parts << artifact.identityPart().toUtf8();
    std::sort(parts.begin(), parts.end()); // Go sorts the UTF-8 bytes
    const QByteArray text = "Warehouse/" + warehouse.toUtf8() + ':' + parts.join('|');
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha1).toHex());
}

} // namespace fd::core
